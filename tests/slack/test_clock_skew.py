"""A whole interview in Slack with the server's clock 60 s ahead of and 60 s behind
Slack's (issue 23), over HTTP and Socket Mode. Nothing compares the two clocks any more:
every message, typed or pressed, is taken in its field and answered. Laptops and WSL2
drift by that much after sleep; with the server ahead, Socket Mode used to drop every
message sent before the interview's last save."""

from __future__ import annotations

import pytest

from dialogs.messages import conversation_key
from tests.dialog_script import AT, SINGLE
from tests.slack.conftest import StartSlack

KEY = conversation_key("slack", "T1", "U1")
LATE = "reached me after a later one"


@pytest.mark.parametrize("transport", ["http", "socket"])
@pytest.mark.parametrize("skew_s", [-60.0, 60.0], ids=["server ahead", "server behind"])
async def test_a_whole_interview_whatever_the_servers_clock(
    slack_app_factory: StartSlack, transport: str, skew_s: float
) -> None:
    slack = await slack_app_factory(transport, skew_s=skew_s)
    posted = await slack.message("hi")
    assert "thank-you note" in posted[0].text
    for line in SINGLE[: AT["stage"]]:
        posted = await slack.message(line)
        assert len(posted) == 1 and LATE not in posted[0].text, [p.text for p in posted]
    await slack.press("Video / hiring manager")  # a button, stamped by Slack's clock too
    posted = await slack.message(SINGLE[AT["role"]])
    assert len(posted) == 1 and LATE not in posted[0].text, [p.text for p in posted]
    await slack.press("Yesterday")
    for line in SINGLE[AT["qualifications"] : AT["tone"]]:
        posted = await slack.message(line)
        assert len(posted) == 1 and LATE not in posted[0].text, [p.text for p in posted]
    posted = await slack.press("Formal")
    assert "Done" in [b["text"]["text"] for b in posted[-1].buttons]  # the review
    posted = await slack.message("done")
    assert "Saved 1 note" in posted[0].text
    (note,) = await slack.store.list_notes(KEY)
    assert note.company == SINGLE[1] and note.role == SINGLE[AT["role"]]
