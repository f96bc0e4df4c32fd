"""The questions whose buttons are still live in each user's DM, so that a turn that
answers or leaves one can take its buttons off (a typed answer, `back`, a question asked
again below): only the question being asked keeps live buttons.

A press arrives with the pressed message, but a typed answer does not say which message
it answers; so the messages with a question's buttons are kept from their posting: each
user's last few (the scheduler's reminders included), for the users posted to most
recently, within a bound in bytes. A message not kept (posted before
a restart, by another process) keeps its buttons; pressed, it is still read by its ref
(a copy of the current question counts, an earlier one is stale).

A Reword button outlives its question (`dialogs.interview.lasts`): a message whose only
buttons are Reword buttons is not kept, and taking a question's buttons off leaves them.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from typing import Any

from cachetools import LRUCache

from adapters.slack.blocks import decode_choice
from dialogs.commands import is_question_ref
from dialogs.interview import lasts
from dialogs.messages import ConversationKey

MAX_BYTES = 16_000_000  # a question's blocks are 1-3 KB, a review's up to ~50 KB
PER_USER = 3


@dataclass(frozen=True)
class LiveMessage:
    """A posted message with a question's buttons: where it is and what it shows."""

    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]

    def as_message(self) -> dict[str, Any]:
        """In the shape of a pressed message's payload (for `chosen_blocks`)."""
        return {"ts": self.ts, "text": self.text, "blocks": self.blocks}


def question_ref(blocks: list[dict[str, Any]]) -> str | None:
    """The ref of the question whose buttons `blocks` carry; None if they carry none (or
    only commands' buttons, which stay live: a list of reminders to cancel; or only
    Reword buttons, which stay valid: the "In your note" line above a question that has
    no buttons of its own needs no chat.update when it is answered)."""
    for block in blocks:
        for element in block.get("elements") or [] if block.get("type") == "actions" else []:
            pressed = decode_choice(element.get("value") or "")
            if pressed is not None and is_question_ref(pressed.ref) and not lasts(pressed.value):
                return pressed.ref
    return None


Kept = list[tuple[LiveMessage, int]]  # each with its size in bytes


def _size(kept: Kept) -> int:
    return sum(size for _, size in kept) or 1


class LiveQuestions:
    def __init__(self, max_bytes: int = MAX_BYTES, per_user: int = PER_USER) -> None:
        # The users least recently posted to go first past `max_bytes`.
        self._kept: LRUCache[ConversationKey, Kept] = LRUCache(max_bytes, getsizeof=_size)
        self._per_user = per_user

    def remember(self, user: ConversationKey, message: LiveMessage) -> None:
        if question_ref(message.blocks) is None:
            return
        size = len(json.dumps(message.blocks)) + len(message.text)
        kept = [*self._kept.get(user, []), (message, size)][-self._per_user :]
        with contextlib.suppress(ValueError):  # bigger than all of max_bytes: not kept
            self._kept[user] = kept

    def take(self, user: ConversationKey) -> list[LiveMessage]:
        """The user's live questions, oldest first, forgotten (their buttons go now)."""
        return [message for message, _ in self._kept.pop(user, [])]
