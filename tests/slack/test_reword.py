"""The "In your note" line in Slack (issue 21): its Reword button outlives the question
it came with, so the message it is on needs no chat.update when that question is
answered (the line cost a chat.update on every question that has no buttons of its own);
pressed later on an older line, it rewords that answer and the interview goes on where
it was. A question's own buttons are still taken off, and a stale press of one is still
refused. The real bolt app against the fake Web API, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json

from adapters.slack.live import question_ref
from tests.dialog_script import AT, SINGLE
from tests.slack.conftest import Posted, SlackHarness


def updates_of(slack: SlackHarness, posted: Posted) -> list[Posted]:
    return [Posted(c) for c in slack.fake.of("chat.update") if c.params["ts"] == posted.ts]


def values(posted: Posted) -> list[str]:
    return [json.loads(b["value"])["value"] for b in posted.buttons]


async def to_advantage(slack: SlackHarness) -> tuple[Posted, Posted, Posted]:
    """Up to the advantage question: (the message asking highlights under the line of
    qualifications, the one asking interest under highlights', the one asking advantage
    under interest's), each with no chat.update so far."""
    await slack.command()
    for line in SINGLE[: AT["qualifications"]]:
        await slack.message(line)
    shown = []
    for line in SINGLE[AT["qualifications"] : AT["advantage"]]:
        (posted,) = await slack.message(line)
        shown.append(posted)
    return shown[0], shown[1], shown[2]


async def test_a_message_whose_only_button_is_reword_is_not_updated(slack: SlackHarness) -> None:
    await slack.command()
    for line in SINGLE[: AT["qualifications"]]:
        await slack.message(line)
    (highlights,) = await slack.message(SINGLE[AT["qualifications"]])
    assert highlights.text.startswith('In your note: "I managed a book of 60')
    assert values(highlights) == ["reword qualifications"]
    assert question_ref(highlights.blocks) is None  # not kept as a live question
    updates = len(slack.fake.of("chat.update"))
    (interest,) = await slack.message(SINGLE[AT["highlights"]])
    assert values(interest) == ["reword highlights"]
    assert len(slack.fake.of("chat.update")) == updates  # the answer cost no chat.update
    await slack.message(SINGLE[AT["interest"]])
    assert updates_of(slack, highlights) == updates_of(slack, interest) == []


async def test_a_question_with_its_own_buttons_loses_them_and_keeps_reword(
    slack: SlackHarness,
) -> None:
    *_, advantage = await to_advantage(slack)
    assert values(advantage) == ["skip", "reword interest"]
    await slack.message(SINGLE[AT["advantage"]])
    (update,) = updates_of(slack, advantage)  # updated, as before the line
    assert values(update) == ["reword interest"]  # Skip is gone, Reword still counts
    assert "✓ You answered: I built a churn-risk dashboard" in update.text


async def test_reword_pressed_on_an_older_line_rewords_that_answer_and_goes_on(
    slack: SlackHarness,
) -> None:
    highlights, _, advantage = await to_advantage(slack)
    (asked,) = await slack.press("Reword", highlights)  # qualifications', two questions ago
    assert "Type the sentence the way you want it to read" in asked.text
    assert "earlier question" not in asked.text
    posted = await slack.message("I kept net retention above 110% across sixty accounts.")
    assert "I'll use your wording" in posted[0].text
    assert "I also …" in posted[-1].text  # the advantage question, where it was
    assert values(posted[-1]) == ["skip"]
    for line in SINGLE[AT["advantage"] :]:
        await slack.message(line)
    review = slack.last_with_button("Done")
    assert "I kept net retention above 110% across sixty accounts." in review.text
    # The older message says what was chosen; the advantage question it interrupted lost
    # its Skip (asked again below) and keeps its Reword.
    (pressed,) = updates_of(slack, highlights)
    assert "✓ You chose: Reword" in pressed.text
    assert values(updates_of(slack, advantage)[0]) == ["reword interest"]


async def test_a_stale_press_of_a_questions_own_button_is_still_refused(
    slack: SlackHarness,
) -> None:
    *_, advantage = await to_advantage(slack)
    await slack.message(SINGLE[AT["advantage"]])  # the advantage question is answered
    updates = len(slack.fake.of("chat.update"))
    posted = await slack.press("Skip", advantage)  # as a client that missed the update
    assert "earlier question" in posted[0].text
    assert len(slack.fake.of("chat.update")) == updates  # the old message is as it was
    assert not any("You chose" in p.text for p in posted)
    assert "better" in posted[-1].text.lower()  # still at the strengthen question
    # The Reword beside it still counts.
    (asked,) = await slack.press("Reword", advantage)
    assert "Type the sentence the way you want it to read" in asked.text
