"""The "In your note" line in Teams (issue 21), as in Slack: its Reword button outlives
the question it came with, so a card whose only button is Reword is never updated, a
card losing a question's buttons keeps its Reword, and Reword pressed on an older card
rewords that answer and the interview goes on where it was. A stale press of a
question's own button is still refused.
"""

from __future__ import annotations

from adapters.teams.sent import SentCards
from tests.dialog_script import AT, SINGLE
from tests.teams.fake_connector import Posted
from tests.teams.teams_script import TeamsUser


def updates_of(user: TeamsUser, posted: Posted) -> list[Posted]:
    return [u for u in user.connector.updated if u.id == posted.id]


async def to_advantage(user: TeamsUser) -> tuple[Posted, Posted]:
    """Up to the advantage question: (the card asking highlights under the line of
    qualifications, the one asking advantage under interest's)."""
    await user.send("thankyou")
    for line in SINGLE[: AT["qualifications"]]:
        await user.send(line)
    cards = []
    for line in SINGLE[AT["qualifications"] : AT["advantage"]]:
        await user.send(line)
        cards.append(user.last_card)
    return cards[0], cards[-1]


async def test_a_card_whose_only_button_is_reword_is_never_updated(user: TeamsUser) -> None:
    highlights, advantage = await to_advantage(user)
    assert highlights.values == ["reword qualifications"]
    assert "In your note" in highlights.text
    assert updates_of(user, highlights) == []  # two answers later: as it was sent
    assert advantage.values == ["skip", "reword interest"]
    await user.send(SINGLE[AT["advantage"]])
    (update,) = updates_of(user, advantage)
    assert update.values == ["reword interest"]  # Skip is gone, Reword still counts
    assert "✓ You answered: I built a churn-risk dashboard" in update.text


async def test_reword_pressed_on_an_older_card_rewords_that_answer_and_goes_on(
    user: TeamsUser,
) -> None:
    highlights, _ = await to_advantage(user)
    await user.press("reword qualifications", highlights)
    assert "Type the sentence the way you want it to read" in user.text
    assert "earlier question" not in user.text
    await user.send("I kept net retention above 110% across sixty accounts.")
    assert "I'll use your wording" in user.text
    assert "I also …" in user.last.text and user.last_card.values == ["skip"]
    for line in SINGLE[AT["advantage"] :]:
        await user.send(line)
    assert "I kept net retention above 110% across sixty accounts." in user.text
    assert updates_of(user, highlights) == []  # not kept, so left as it was


async def test_a_stale_press_of_a_questions_own_button_is_still_refused(user: TeamsUser) -> None:
    _, advantage = await to_advantage(user)
    await user.send(SINGLE[AT["advantage"]])
    updates = len(user.connector.updated)
    await user.press("skip", advantage)  # a client that missed the update
    assert "earlier question" in user.text
    assert len(user.connector.updated) == updates
    await user.press("reword interest", advantage)  # the Reword beside it still counts
    assert "Type the sentence the way you want it to read" in user.text


def test_cards_with_only_reword_are_not_kept() -> None:
    def card(*values: str) -> dict[str, object]:
        actions = [{"type": "Action.Submit", "data": {"value": v, "ref": "i.5"}} for v in values]
        return {"body": [{"type": "ActionSet", "actions": actions}]}

    cards = SentCards()
    cards.remember("c", "1", card("reword interest"), "")
    cards.remember("c", "2", card("skip", "reword interest"), "")
    assert [activity for activity, _, _ in cards.take_questions("c")] == ["2"]
    assert cards.pop("c", "1") is None
