"""Pressed buttons in Slack (issue 10, defects 5 and 7).

A press that counts replaces the message's buttons with "✓ You chose: …". A stale press
(a button of an earlier question, of an interview finished, cancelled, restarted or
deleted, or one this app did not make) changes nothing on the old message: it used to
say "✓ You chose: Skip" and then that the interview was over.

"Change tone" offered `Keep "formal"` next to `Formal`: one button per tone now, the
current one marked.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

import pytest

from bot.store.replay import replies_from_json, replies_to_json
from dialogs.messages import Reply
from tests.dialog_script import AT, SINGLE
from tests.slack.conftest import Call, Posted, SlackHarness


async def to_review(slack: SlackHarness) -> Posted:
    await slack.command()
    for line in SINGLE:
        await slack.message(line)
    return slack.last_with_button("Done")


async def finished(slack: SlackHarness) -> None:
    for line in SINGLE[AT["interview_date"] :]:  # on from the date question
        await slack.message(line)
    await slack.press("Done")


async def cancelled(slack: SlackHarness) -> None:
    await slack.command("cancel")


async def restarted(slack: SlackHarness) -> None:
    await slack.message("restart")
    await slack.press("Yes, start over")


async def deleted(slack: SlackHarness) -> None:
    _, posted = await slack.command("delete-my-data")
    await slack.press("Yes, delete everything", posted[0])


async def moved_on(slack: SlackHarness) -> None:
    await slack.message("yesterday")  # the date typed: its buttons are an earlier question's


AFTER: dict[str, tuple[Callable[[SlackHarness], Awaitable[None]], str]] = {
    "an earlier question": (moved_on, "earlier question"),
    "done": (finished, "interview that is over"),
    "cancel": (cancelled, "earlier question"),
    "a new interview": (restarted, "interview that is over"),
    "delete my data": (deleted, "interview that is over"),
}


@pytest.mark.parametrize("after", list(AFTER))
async def test_a_stale_press_changes_nothing_on_the_old_message(
    slack: SlackHarness, after: str
) -> None:
    await slack.command()
    for line in SINGLE[: AT["interview_date"]]:
        await slack.message(line)
    old = slack.last_with_button("Skip")  # the optional interview date
    then, says = AFTER[after]
    await then(slack)
    updates = len(slack.fake.of("chat.update"))
    posted = await slack.press("Skip", old)
    assert says in posted[0].text
    assert len(slack.fake.of("chat.update")) == updates  # the old message is as it was
    assert not any("You chose" in p.text for p in posted)


def test_replies_kept_for_a_redelivery_still_say_the_press_was_stale() -> None:
    kept = replies_to_json([Reply("That button belongs to an earlier question.", stale=True)])
    assert [reply.stale for reply in replies_from_json(json.loads(json.dumps(kept)))] == [True]


async def test_a_button_this_app_did_not_make_changes_nothing(slack: SlackHarness) -> None:
    await slack.command()
    question = slack.fake.posted()[-1]
    blocks = [
        *question.blocks,
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": "thankyou.choice.0",
                    "text": {"type": "plain_text", "text": "Old"},
                    "value": "not json",
                }
            ],
        },
    ]
    call = question.call
    old = Posted(
        Call(call.method, {**call.params, "blocks": json.dumps(blocks)}, {}, 200, call.answer)
    )
    posted = await slack.press("Old", old)
    assert "no longer does anything" in posted[0].text
    assert slack.fake.of("chat.update") == []


async def test_a_press_that_counts_shows_the_choice_once(slack: SlackHarness) -> None:
    await slack.command()
    for line in SINGLE[: AT["interview_date"]]:
        await slack.message(line)
    question = slack.last_with_button("Skip")
    await slack.press("Skip", question)

    def updates() -> list[Call]:
        return [c for c in slack.fake.of("chat.update") if c.params["ts"] == question.ts]

    (update,) = updates()
    assert "You chose: Skip" in Posted(update).text and Posted(update).buttons == []
    await slack.press("Skip", question)  # pressed again by a client that missed the update
    assert len(updates()) == 1


async def test_change_tone_offers_each_tone_once_with_the_current_one_marked(
    slack: SlackHarness,
) -> None:
    review = await to_review(slack)  # in the formal tone
    (question,) = await slack.press("Change tone", review)
    labels = [b["text"]["text"] for b in question.buttons]
    assert labels == ['Keep "Formal"', "Warm", "Brief"]
    (review,) = await slack.press("Warm", question)
    (question,) = await slack.press("Change tone", review)
    assert [b["text"]["text"] for b in question.buttons] == ["Formal", 'Keep "Warm"', "Brief"]
