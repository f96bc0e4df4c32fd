"""Saved notes put straight into the store, for tests that need many or unusual ones
(200 for the Home tab, one too long for a link) without interviewing for each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.store import SavedNote, Store
from dialogs.messages import ConversationKey


def a_note(**fields: Any) -> SavedNote:
    """A saved note to Dana Lee at Acme, with `fields` changed."""
    values: dict[str, Any] = {
        "interviewer": "Dana Lee",
        "company": "Acme",
        "role": "Analyst",
        "tone": "formal",
        "subject": "Thank you – Analyst interview",
        "body": "Dear Dana,\n\nThank you.\n\nBest regards,\nMaria",
        "interview_date": None,
        "recipient": "dana@acme.com",
    }
    return SavedNote(**{**values, **fields})


async def save_notes(store: Store, key: ConversationKey, notes: Sequence[SavedNote]) -> None:
    """Save `notes` for `key`, as a finished interview's."""
    record = await store.start_conversation(key, {"status": "done"})
    await store.save_conversation(record, {"status": "done"}, notes=notes)
