"""Two server processes on one database behave as one in Teams (issue 23): a second
message reaching the other replica while the first one's reply is on its way is taken;
a reminder is sent to a user who deleted their data on one replica and started over on
another; and "Nothing of yours is left here" comes after a reminder already on its way.

Replicas are apps made with `teams_client` on one database (PostgreSQL: SQLite is one
process by rule, so one process plays both there).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from adapters.outbound import Delivered, Outgoing
from adapters.teams.proactive import TeamsProactive
from adapters.teams.server import TEAMS_ENDPOINT
from bot.app import STORE
from bot.reminders.messages import render_claim, scheduled_replies
from bot.reminders.scheduler import Scheduler, delivery
from bot.store.models import HEARD_BACK
from bot.templating import Renderer
from dialogs.messages import conversation_key
from tests.dialog_script import SINGLE
from tests.replicas import ONE_OR_TWO, first_of, lock_asked
from tests.teams.conftest import teams_client
from tests.teams.fake_connector import FakeConnector
from tests.teams.teams_script import TeamsUser

KEY = conversation_key("msteams", "tenant-a", "aad-user-a")  # TeamsUser's defaults
T0 = dt.datetime(2036, 12, 2, 17, 0, tzinfo=dt.UTC)  # the test's clock, not the apps'
HEARD = {"interviewer": "Dana Lee", "company": "Acme Outdoor Co."}
DELETED = "Nothing of yours is left here"
QUESTION = "Did you hear back from Dana Lee"


Replicas = tuple[TestClient[Any, Any], TestClient[Any, Any]]


@pytest.fixture
async def replicas(
    request: pytest.FixtureRequest, database_url: str, client: TestClient[Any, Any]
) -> AsyncIterator[Replicas]:
    """Where the user's first and second messages go: one app twice, or (parametrized
    with 2) two apps on one database."""
    if request.param == 1:
        yield client, client
        return
    second = await teams_client(database_url)
    yield client, second
    await second.close()


one_or_two = pytest.mark.parametrize(
    ("database_url", "replicas"), ONE_OR_TWO, indirect=["database_url", "replicas"]
)


def sender_of(client: TestClient[Any, Any]) -> TeamsProactive:
    app = client.server.app
    authentication = app[TEAMS_ENDPOINT].adapter.bot_framework_authentication
    return TeamsProactive(authentication, None, app[STORE].teams_references, Renderer("teams").say)


@one_or_two
async def test_a_second_message_while_the_first_reply_is_posted_is_taken(
    replicas: Replicas, connector: FakeConnector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It used to get the first message's reply (12 of 12 within ~150 ms) and not be
    taken; it waits for the user's lock instead, and each question is asked once."""
    client, second_replica = replicas
    one, two = TeamsUser(client, connector), TeamsUser(second_replica, connector)
    await one.send("thankyou")
    await one.send(SINGLE[0])
    gate = connector.gate(lambda activity, replying: True)
    first = asyncio.create_task(one.send(SINGLE[1]))
    await connector.held(gate)  # saved; its reply is on its way
    waiting = lock_asked(second_replica.app[STORE], "turn", 1, monkeypatch)
    second = asyncio.create_task(two.send(SINGLE[2]))
    await first_of(second, waiting.wait(), connector.held(gate, 2))
    gate.open()
    await asyncio.gather(first, second)

    record = await client.app[STORE].open_conversation(KEY)
    assert record is not None
    answers = record.state["answers"]
    assert (answers["company"], answers["stage"]) == (SINGLE[1], SINGLE[2])
    texts = [posted.text for posted in connector.posted]
    assert sum("What kind of interview was it" in text for text in texts) == 1, texts


@pytest.mark.parametrize(
    ("database_url", "replicas"), [ONE_OR_TWO[2]], indirect=["database_url", "replicas"]
)
async def test_a_reminder_reaches_a_user_who_deleted_on_one_replica_and_began_on_another(
    replicas: Replicas, connector: FakeConnector
) -> None:
    """Replica one had written (and remembered writing) the user's conversation
    reference; they deleted their data on replica two and started over on replica one.
    "Remind me" then failed with "gone: no conversation reference" for up to an hour."""
    client, other = replicas
    one, two = TeamsUser(client, connector), TeamsUser(other, connector)
    await one.send("thankyou")
    references = client.app[STORE].teams_references
    assert await references.reference(KEY) is not None
    await two.send("delete my data")
    await two.press("delete my data now")
    assert DELETED in two.text
    assert await references.reference(KEY) is None

    await one.send("thankyou")  # starting over, on the first replica
    assert await references.reference(KEY) is not None
    replies = scheduled_replies(HEARD_BACK, HEARD, 7)
    outcome = await sender_of(client).send(Outgoing(KEY, tuple(replies), "heard_back:7", 1))
    assert outcome == Delivered()
    assert connector.posted[-1].text.startswith(QUESTION)


@one_or_two
async def test_deleting_while_a_reminder_is_on_its_way_says_so_after_it(
    replicas: Replicas, connector: FakeConnector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deletion confirmed on the replica sending the reminder, or on another."""
    client, second_replica = replicas
    one, two = TeamsUser(client, connector), TeamsUser(second_replica, connector)
    await one.send("thankyou")
    store = client.app[STORE]
    row = await store.schedule.schedule(KEY, HEARD_BACK, T0, HEARD)
    scheduler = Scheduler(
        store.schedule,
        delivery(render_claim, {"msteams": sender_of(client)}),
        platforms=["msteams"],
        worker="w",
        locks=store.locks,
    )
    await two.send("delete my data")
    confirmation = two.last
    gate = connector.gate(lambda activity, replying: not replying)  # a proactive message
    sending = asyncio.create_task(scheduler.run_once(T0))
    await connector.held(gate)
    waiting = lock_asked(second_replica.app[STORE], "deleting", 1, monkeypatch)
    deleting = asyncio.create_task(two.press("delete my data now", confirmation))
    await first_of(deleting, waiting.wait())
    gate.open()
    report, _ = await asyncio.gather(sending, deleting)

    texts = [posted.text for posted in connector.posted]
    said = [i for i, text in enumerate(texts) if DELETED in text]
    reminded = [i for i, text in enumerate(texts) if text.startswith(QUESTION)]
    assert len(said) == 1 and len(reminded) == 1 and reminded[0] < said[0], texts
    assert report.sent == [row.id]
