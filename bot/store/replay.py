"""A turn's rendered replies as JSON, kept with its processed event.

When the process dies after the turn is saved but before its replies are sent, the
platform redelivers the event; the service then resends these instead of dropping the
redelivery (which left the user without their next question).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from dialogs.messages import Button, NoteView, Reply


def replies_to_json(replies: Sequence[Reply]) -> list[dict[str, Any]]:
    return [dataclasses.asdict(reply) for reply in replies]


def replies_from_json(data: Sequence[dict[str, Any]]) -> list[Reply]:
    return [
        Reply(
            text=str(item["text"]),
            buttons=tuple(Button(**button) for button in item.get("buttons") or ()),
            ref=item.get("ref"),
            notes=tuple(NoteView(**note) for note in item.get("notes") or ()),
            ends_interview=bool(item.get("ends_interview")),
            stale=bool(item.get("stale")),
            settles=item.get("settles"),
        )
        for item in data
    ]
