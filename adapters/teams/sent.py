"""The cards with buttons this process sent, kept so that a pressed one can be shown with
the choice instead of its buttons (as Slack shows it), and so that the questions a turn
answered by typing, or asked again below, lose their buttons too. The scheduler's cards
(reminders, "did you hear back?") are kept here as well, when it runs in this process.

A press arrives with the card's activity id (`replyToId`) but not the card, and the
connector cannot read a sent activity back; so the card is kept from its sending, by
conversation: its last CARDS_PER_CONVERSATION cards with buttons (an older question's
buttons are stale anyway: pressed, they change nothing), for the most recently active
conversations within `max_bytes`. A card not kept (sent before a restart, by another
process, or long ago) stays as it was when pressed.

A Reword button outlives its question: a card whose only buttons are Reword is not kept
(pressed, it stays as it was), and a card losing its buttons keeps its Reword.

Keeping every card until the byte bound made a server's memory grow by 13 MiB over 10,000
turns of 16 users (bench_serve.py --soak) before the bound was reached.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

from cachetools import LRUCache

from adapters.teams.render import CARD_CONTENT_TYPE, SUBMIT_VALUE
from dialogs.commands import is_question_ref
from dialogs.interview import lasts

MAX_BYTES = 16_000_000  # a question's card is 2-5 KB, a review's up to 96 KB
CARDS_PER_CONVERSATION = 3

Kept = dict[str, tuple[str, str]]  # activity id -> (the card as JSON, its summary)


def _size(kept: Kept) -> int:
    return sum(len(text) for text, _ in kept.values()) or 1


class SentCards:
    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        # conversation id -> its last cards, oldest first; the conversations least
        # recently sent to go first past `max_bytes`.
        self._cards: LRUCache[str, Kept] = LRUCache(max_bytes, getsizeof=_size)

    def remember(self, conversation: str, activity_id: str, card: Any, summary: str) -> None:
        """Keep a card that has buttons, with the conversation's last few."""
        if not has_buttons(card):
            return
        kept = dict(self._cards.get(conversation) or {})
        kept[activity_id] = (json.dumps(card), summary)
        while len(kept) > CARDS_PER_CONVERSATION:
            del kept[next(iter(kept))]
        with contextlib.suppress(ValueError):  # bigger than all of max_bytes: not kept
            self._cards[conversation] = kept  # re-set: its size is counted again

    def remember_sent(self, conversation: str, payload: dict[str, Any], sent_id: str) -> None:
        """Keep the card of an activity just sent (if it has one, with buttons), by the
        id the connector gave it."""
        for attachment in payload.get("attachments") or []:
            if sent_id and attachment.get("contentType") == CARD_CONTENT_TYPE:
                self.remember(
                    conversation, sent_id, attachment.get("content"), payload.get("summary") or ""
                )

    def take_questions(self, conversation: str | None) -> list[tuple[str, dict[str, Any], str]]:
        """The conversation's cards whose buttons answer a question (not a command's),
        oldest first, forgotten: (activity id, card, summary)."""
        if not conversation:
            return []
        kept = dict(self._cards.get(conversation) or {})
        taken = []
        for activity_id, (text, summary) in list(kept.items()):
            card: dict[str, Any] = json.loads(text)
            if is_question_ref(submit_ref(card)):
                taken.append((activity_id, card, summary))
                del kept[activity_id]
        if kept:
            self._cards[conversation] = kept
        else:
            self._cards.pop(conversation, None)
        return taken

    def pop(
        self, conversation: str | None, activity_id: str | None
    ) -> tuple[dict[str, Any], str] | None:
        """The card sent as `activity_id` and its summary, forgotten (a card is pressed
        once); None if this process does not know it."""
        if not conversation or not activity_id:
            return None
        kept = dict(self._cards.get(conversation) or {})
        found = kept.pop(activity_id, None)
        if found is None:
            return None
        if kept:
            self._cards[conversation] = kept
        else:
            del self._cards[conversation]
        card: dict[str, Any] = json.loads(found[0])
        return card, found[1]


def _answering(card: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The data of the card's buttons that answer (its Action.Submit), but those that
    outlive their question (Reword, `dialogs.interview.lasts`)."""
    for block in card.get("body") or []:
        if not isinstance(block, dict) or block.get("type") != "ActionSet":
            continue
        for action in block.get("actions") or []:
            data = action.get("data")
            submit = action.get("type") == "Action.Submit" and isinstance(data, dict)
            if submit and not lasts(str(data.get(SUBMIT_VALUE) or "")):
                yield data


def submit_ref(card: dict[str, Any]) -> str | None:
    """The ref its buttons send (a card's buttons answer one question)."""
    for data in _answering(card):
        ref = data.get("ref")
        return ref if isinstance(ref, str) else None
    return None


def has_buttons(card: Any) -> bool:
    """Whether an Adaptive Card has an Action.Submit (a button that answers) other than
    Reword buttons, which stay valid: a card with only those is never updated."""
    return isinstance(card, dict) and next(_answering(card), None) is not None
