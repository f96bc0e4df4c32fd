"""Pressed cards in Teams (issue 10, defects 8, 5 and 7).

Pressed cards never changed: after `done` the review's buttons still looked active. A
press that counts now updates the card (PUT .../activities/{replyToId}, as botbuilder's
update_activity sends it) to show the choice without buttons, as Slack does; a stale
press leaves the card as it was; so does a press of a card this process never sent.
"Change tone" offers each tone once, the current one marked.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from adapters.teams.sent import CARDS_PER_CONVERSATION, SentCards
from tests.dialog_script import AT, SINGLE
from tests.teams.fake_connector import Posted
from tests.teams.teams_script import TeamsUser


def card_of(update: Posted) -> dict[str, Any]:
    card = update.card
    assert card is not None
    return card


def texts(card: dict[str, Any]) -> list[str]:
    return [block["text"] for block in card["body"] if block["type"] == "TextBlock"]


def actions(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for block in card["body"] if block["type"] == "ActionSet" for a in block["actions"]]


async def at_the_date_question(user: TeamsUser) -> Posted:
    await user.send("thankyou")
    for line in SINGLE[: AT["interview_date"]]:
        await user.send(line)
    return user.last_card


async def test_a_pressed_question_shows_the_choice_without_buttons(user: TeamsUser) -> None:
    question = await at_the_date_question(user)
    replies = await user.press("yesterday", question)
    assert "(6/13)" in replies[-1].text  # the turn went on: the next question
    (update,) = [u for u in user.connector.updated if u.id == question.id]
    assert update.id == question.id and update.conversation_id == user.conversation_id
    card = card_of(update)
    assert actions(card) == []
    assert texts(card) == [*texts(card_of(question)), "✓ You chose: Yesterday"]
    assert "You can also type" not in card["fallbackText"]
    assert "✓ You chose: Yesterday" in card["fallbackText"]


async def test_after_done_the_review_keeps_its_notes_and_loses_its_buttons(
    user: TeamsUser,
) -> None:
    await user.send("thankyou")
    for line in SINGLE:
        await user.send(line)
    review = user.last_card
    await user.press("done", review)
    assert "Saved 1 note" in user.text
    card = card_of(user.connector.updated[-1])
    assert user.connector.updated[-1].id == review.id
    # The note's drafts stay (Gmail, Outlook, Outlook.com, "Open as e-mail"); its
    # "Copy-ready", a button, goes with the others.
    kept = actions(card)
    assert {a["type"] for a in kept} == {"Action.OpenUrl"}
    assert [a["url"].split(":")[0] for a in kept] == ["https", "https", "https", "mailto"]
    assert texts(card)[:-1] == texts(card_of(review))
    assert texts(card)[-1] == "✓ You chose: Done"


async def finished(user: TeamsUser) -> None:
    for line in SINGLE[AT["interview_date"] :]:
        await user.send(line)
    await user.press("done")


async def cancelled(user: TeamsUser) -> None:
    await user.send("cancel")


async def restarted(user: TeamsUser) -> None:
    await user.send("restart")
    await user.press("yes")


async def deleted(user: TeamsUser) -> None:
    await user.send("delete my data")
    await user.press("delete my data now")


async def moved_on(user: TeamsUser) -> None:
    await user.send("yesterday")


AFTER: dict[str, tuple[Callable[[TeamsUser], Awaitable[None]], str]] = {
    "an earlier question": (moved_on, "earlier question"),
    "done": (finished, "interview that is over"),
    "cancel": (cancelled, "earlier question"),
    "a new interview": (restarted, "interview that is over"),
    "delete my data": (deleted, "interview that is over"),
}


@pytest.mark.parametrize("after", list(AFTER))
async def test_a_stale_press_leaves_the_card_as_it_was(user: TeamsUser, after: str) -> None:
    old = await at_the_date_question(user)
    then, says = AFTER[after]
    await then(user)
    updates = len(user.connector.updated)
    await user.press("skip", old)
    assert says in user.text
    assert len(user.connector.updated) == updates


async def test_the_delete_confirmation_shows_the_choice_once_pressed(user: TeamsUser) -> None:
    await user.send("delete my data")
    confirm = user.last_card
    await user.press("delete my data now", confirm)
    assert "nothing of yours to delete" in user.text
    (update,) = user.connector.updated
    assert update.id == confirm.id and actions(card_of(update)) == []
    assert texts(card_of(update))[-1] == "✓ You chose: Yes, delete everything"
    old = {"value": "delete my data now", "ref": "delete.1000"}  # asked in 1970: stale
    await user.post(user.activity(text="", value=old, replyToId=confirm.id))
    assert "more than 15 minutes old" in user.text and len(user.connector.updated) == 1


async def test_a_card_this_process_never_sent_stays_as_it_was(user: TeamsUser) -> None:
    question = await at_the_date_question(user)  # as if sent before a restart:
    pressed = user.activity(text="", value=question.submit("today"), replyToId="sent-before")
    assert await user.post(pressed) == 200
    assert "(6/13)" in user.text  # answered as usual
    assert [u for u in user.connector.updated if u.id == "sent-before"] == []


async def test_a_failed_update_is_logged_and_the_turn_goes_on(
    user: TeamsUser, caplog: pytest.LogCaptureFixture
) -> None:
    question = await at_the_date_question(user)
    updated = len(user.connector.updated)  # the questions answered by typing
    user.connector.fail_next(404)
    await user.press("today", question)
    assert user.connector.failed == [404] and len(user.connector.updated) == updated
    assert "(6/13)" in user.text
    assert any("updating a pressed card" in r.getMessage() for r in caplog.records)


async def test_change_tone_offers_each_tone_once_with_the_current_one_marked(
    user: TeamsUser,
) -> None:
    await user.send("thankyou")
    for line in SINGLE:  # in the formal tone
        await user.send(line)
    (question,) = await user.press("tone")
    assert question.values == ["formal", "warm", "brief"]
    assert [a["title"] for a in question.submits] == ['Keep "Formal"', "Warm", "Brief"]


def test_sent_cards_are_kept_within_their_bytes_and_pressed_once() -> None:
    def card(text: str) -> dict[str, Any]:
        submit = {"type": "Action.Submit", "title": "Skip", "data": {"value": "skip"}}
        body = [{"type": "TextBlock", "text": text}, {"type": "ActionSet", "actions": [submit]}]
        return {"type": "AdaptiveCard", "body": body}

    one = len(json.dumps(card("x" * 100)))
    cards = SentCards(max_bytes=4 * one)
    cards.remember("c", "no-buttons", {"type": "AdaptiveCard", "body": []}, "")
    for name in ("a", "b", "c", "d"):
        cards.remember("c", name, card("x" * 100), name)
    assert cards.pop("c", "no-buttons") is None  # nothing to press: not kept
    assert cards.pop("c", "a") is None  # only the conversation's last three are kept
    assert cards.pop("c", "b") == (card("x" * 100), "b")
    assert cards.pop("c", "b") is None  # a card is pressed once
    assert cards.pop("other conversation", "c") is None
    assert cards.pop("c", "c") is not None and cards.pop("c", "d") is not None
    # Past the bytes, the conversation sent to least recently goes first.
    for conversation in ("old", "new1", "new2", "new3", "new4"):
        cards.remember(conversation, "n", card("x" * 100), "n")
    assert cards.pop("old", "n") is None
    assert cards.pop("new4", "n") is not None


def test_the_cards_kept_stay_few_however_long_a_conversation_runs() -> None:
    """Memory grows with the conversations, not with their turns."""
    cards = SentCards()
    submit = {"type": "Action.Submit", "title": "Skip", "data": {"value": "skip"}}
    for turn in range(2_000):
        body = [
            {"type": "TextBlock", "text": f"question {turn}"},
            {"type": "ActionSet", "actions": [submit]},
        ]
        cards.remember(f"conversation {turn % 16}", f"activity {turn}", {"body": body}, "q")
    assert sum(len(kept) for kept in cards._cards.values()) == 16 * CARDS_PER_CONVERSATION
    assert cards.pop("conversation 15", "activity 1999") is not None
    assert cards.pop("conversation 15", "activity 15") is None  # long ago
