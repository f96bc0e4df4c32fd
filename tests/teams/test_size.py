"""A review too big for one Teams message arrives one note per message (issue 9, item 6).

The fake connector refuses any activity over 100 KB with 413, as the Bot Framework does;
a panel of 3 or 6 with long answers made the review card 117 KB and 229 KB.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.teams import TeamsConfig, mount_teams
from bot.drafts import draft_links
from bot.service import ConversationService
from bot.store import Store
from bot.store.db import create_engine, upgrade
from dialogs.messages import Button, DraftLink, NoteView, Reply
from tests.dialog_script import AT, SINGLE
from tests.teams.fake_connector import LIMIT_BYTES, FakeConnector
from tests.teams.teams_script import TeamsUser

LONG = (
    "I managed a book of 60 mid-market accounts and kept net retention above 110% "
    "by building quarterly business reviews with each customer's leadership. "
) * 9 + "Renewals grew every quarter; expansion followed the reviews."


NAMES = ["Emily Carter", "Dana Lee", "Sam Ortiz", "Priya Shah", "Tom Berg", "Ana Ruiz"]


def panel(size: int) -> str:
    names = NAMES
    return "; ".join(f"{name}, Director of Customer Success" for name in names[:size])


@pytest.mark.parametrize("size", [3, 6])
async def test_a_long_review_for_a_panel_arrives_whole(user: TeamsUser, size: int) -> None:
    """Through the real interview: every note arrives, in messages within the limit."""
    assert 1400 < len(LONG) <= 1500  # accepted: the limit of an answer is 1500
    await user.send("thankyou")
    await user.send(panel(size))
    # Company, role, kind, date; qualifications, highlights, what each person discussed,
    # interest, advantage: all as long as accepted; then no better answer, contact, name,
    # tone.
    before, after = SINGLE[1 : AT["qualifications"]], SINGLE[AT["strengthen"] :]
    for line in [*before, LONG, LONG, *[LONG] * size, LONG, LONG, *after]:
        await user.send(line)
        while "how that will read in your note" in user.text:  # the writer asks: keep it
            await user.send("ok")
    posted = user.connector.posted
    assert user.connector.failed == []
    sizes = [len(json.dumps(p.activity).encode()) for p in posted]
    assert max(sizes) <= LIMIT_BYTES
    review = user.replies
    assert "done" in review[-1].values  # the actions come last, after every note
    text = "\n".join(p.text for p in review)
    for number, name in enumerate(NAMES[:size], 1):
        assert f"Note {number} of {size} – to {name}" in text


class _BigReview(ConversationService):
    """The real service, but every turn answers with a review of six long notes: the
    composer keeps notes short today, the renderer must not rely on it."""

    async def _handle(self, *args: Any, **kwargs: Any) -> tuple[list[Reply], None]:
        body = "Thank you for the conversation about the role at Zoë's Café. " * 120
        notes = tuple(
            NoteView(
                heading=f"Note {n} of 6 – to {name}",
                interviewer=name,
                subject="Thank you – Customer Success Manager interview",
                body=body,
                links=tuple(
                    DraftLink(link.provider, link.provider, link.url, link.whole)
                    for link in draft_links(None, "Thank you", body, "teams")
                ),
            )
            for n, name in enumerate(NAMES, 1)
        )
        return [Reply(text="Checklist", notes=notes, buttons=(Button("Done", "done"),))], None


@pytest.fixture
async def big_review_client(
    database_url: str,
) -> AsyncIterator[TestClient[Any, Any]]:
    await upgrade(database_url)
    engine = create_engine(database_url)
    app = web.Application()
    coach = _BigReview(Store(engine), channel="teams")
    mount_teams(app, coach, coach.presenter.say, coach.store.teams_references, TeamsConfig())
    client: TestClient[Any, Any] = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    yield client
    await client.close()
    await engine.dispose()


async def test_a_review_over_the_limit_is_sent_one_note_per_message(
    big_review_client: TestClient[Any, Any], connector: FakeConnector
) -> None:
    user = TeamsUser(big_review_client, connector)
    await user.send("anything")
    assert connector.failed == []  # nothing refused with 413
    assert len(user.replies) == 7  # six notes, then the checklist with its button
    for number, name in enumerate(NAMES, 1):
        assert f"Note {number} of 6 – to {name}" in user.replies[number - 1].text
    assert user.replies[-1].values == ["done"]
