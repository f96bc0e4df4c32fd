"""A turn's rendered replies as JSON, kept with its processed event.

When the process dies after the turn is saved but before its replies are sent, the
platform redelivers the event; the service then resends these instead of dropping the
redelivery (which left the user without their next question).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from dialogs.messages import Button, DraftLink, NoteView, Reply

# What a note was kept with before its drafts (Gmail, Outlook) were added: its one
# mailto: link, now one of `links`, is left out of a reply kept before the upgrade.
_RETIRED_NOTE_FIELDS = frozenset({"mailto"})


def replies_to_json(replies: Sequence[Reply]) -> list[dict[str, Any]]:
    return [dataclasses.asdict(reply) for reply in replies]


def replies_from_json(data: Sequence[dict[str, Any]]) -> list[Reply]:
    return [
        Reply(
            text=str(item["text"]),
            buttons=_buttons(item.get("buttons")),
            ref=item.get("ref"),
            notes=tuple(_note(note) for note in item.get("notes") or ()),
            ends_interview=bool(item.get("ends_interview")),
            stale=bool(item.get("stale")),
            settles=item.get("settles"),
            preface=str(item.get("preface") or ""),
            copy_ready=bool(item.get("copy_ready")),
        )
        for item in data
    ]


def _buttons(data: Sequence[dict[str, Any]] | None) -> tuple[Button, ...]:
    return tuple(Button(**button) for button in data or ())


def _note(data: dict[str, Any]) -> NoteView:
    fields = {k: v for k, v in data.items() if k not in _RETIRED_NOTE_FIELDS}
    fields["links"] = tuple(DraftLink(**link) for link in fields.get("links") or ())
    fields["actions"] = _buttons(fields.get("actions"))
    return NoteView(**fields)
