"""`help` at every step of the interview in Slack, the review included."""

from __future__ import annotations

import pytest

from dialogs.messages import conversation_key
from tests.slack.conftest import SlackHarness
from tests.test_help_everywhere import ROUTES, help_fragments, plain


@pytest.mark.parametrize("route", ROUTES, ids=["onsite", "phone_screen"])
async def test_slack_answers_help_at_every_step(slack: SlackHarness, route: list[str]) -> None:
    fragments = help_fragments()
    await slack.command()
    for answer in [*route, None]:
        record = await slack.store.open_conversation(conversation_key("slack", "T1", "U1"))
        assert record is not None
        step = record.state["step"]
        posted = await slack.message("help")
        assert fragments[step] in plain("\n".join(p.text for p in posted)), step
        if answer is not None:
            await slack.message(answer)
    assert fragments["review"]
