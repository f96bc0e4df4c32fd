"""The cards with buttons this process sent, kept so that a pressed one can be shown with
the choice instead of its buttons (as Slack shows it).

A press arrives with the card's activity id (`replyToId`) but not the card, and the
connector cannot read a sent activity back; so the card is kept from its sending, by
(conversation id, activity id), the most recently sent ones within `max_bytes`. A card
sent before a restart, or by another process, is not known: pressed, it stays as it was.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from cachetools import LRUCache

MAX_BYTES = 16_000_000  # a question's card is 2-5 KB, a review's up to 96 KB


class SentCards:
    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        # (conversation id, activity id) -> (the card as JSON, the activity's summary),
        # the least recently sent out past `max_bytes`.
        self._cards: LRUCache[tuple[str, str], tuple[str, str]] = LRUCache(
            max_bytes, getsizeof=lambda kept: len(kept[0])
        )

    def remember(self, conversation: str, activity_id: str, card: Any, summary: str) -> None:
        """Keep a card that has buttons; the least recently sent go past `max_bytes`."""
        if not has_buttons(card):
            return
        text = json.dumps(card)
        with contextlib.suppress(ValueError):  # a card bigger than all of it is not kept
            self._cards[(conversation, activity_id)] = (text, summary)

    def pop(
        self, conversation: str | None, activity_id: str | None
    ) -> tuple[dict[str, Any], str] | None:
        """The card sent as `activity_id` and its summary, forgotten (a card is pressed
        once); None if this process does not know it."""
        if not conversation or not activity_id:
            return None
        kept = self._cards.pop((conversation, activity_id), None)
        if kept is None:
            return None
        card: dict[str, Any] = json.loads(kept[0])
        return card, kept[1]


def has_buttons(card: Any) -> bool:
    """Whether an Adaptive Card has an Action.Submit (a button that answers)."""
    if not isinstance(card, dict):
        return False
    return any(
        isinstance(block, dict)
        and block.get("type") == "ActionSet"
        and any(action.get("type") == "Action.Submit" for action in block.get("actions") or [])
        for block in card.get("body") or []
    )
