"""The typed interview state: rows saved by earlier code load unchanged, and a name reads
the same in the chat and in the note (one normaliser)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.service import ConversationService
from bot.store import Store
from bot.writer import compose_notes
from dialogs import parse
from dialogs.messages import Incoming, conversation_key
from dialogs.questions import answers_of
from dialogs.states import InterviewState, Pending, Status
from dialogs.steps import Step
from tests.dialog_script import NOW, SINGLE, Script

KEY = conversation_key("console", "local", "jordan")

# A row's state exactly as the code before the typed state saved it (a dict of 14 keys),
# in the middle of an interview, waiting for the answer to the wording question.
SAVED_BY_EARLIER_CODE: dict[str, Any] = {
    "v": 1,
    "interview_id": "a1b2c3d4e5f6",
    "seq": 9,
    "status": "active",
    "step": "company",
    "detail_index": 0,
    "pending": None,
    "return_to_review": False,
    "version": 0,
    "answers": {
        "interviewers": [
            {"name": "Emily Carter", "title": "Director of Customer Success", "detail": None}
        ]
    },
    "defaults": {"candidate_name": "Jordan Rivera"},
    "region": "US",
    "started": "2026-11-25T14:00:00+00:00",
    "touched": "2026-11-25T14:55:00+00:00",
}


def test_a_state_saved_by_earlier_code_loads_and_saves_back_the_same() -> None:
    for pending in (None, "resume", "restart", "edit", "wording"):
        for status in ("active", "cancelled", "done"):
            saved = {**copy.deepcopy(SAVED_BY_EARLIER_CODE), "pending": pending, "status": status}
            state = InterviewState.from_json(saved)
            assert state.status is Status(status)
            assert state.pending is (Pending(pending) if pending else None)
            assert state.step is Step.COMPANY
            assert state.touched == dt.datetime(2026, 11, 25, 14, 55, tzinfo=dt.UTC)
            assert state.to_json() == saved


def test_a_state_is_copied_not_shared() -> None:
    state = InterviewState.from_json(SAVED_BY_EARLIER_CODE)
    other = state.copy()
    other.answers["interviewers"][0]["detail"] = "changed"
    assert state.answers["interviewers"][0]["detail"] is None


async def test_an_interview_saved_by_earlier_code_carries_on(engine: AsyncEngine) -> None:
    store = Store(engine)
    await store.start_conversation(KEY, copy.deepcopy(SAVED_BY_EARLIER_CODE))
    service = ConversationService(store, channel="console", clock=lambda: NOW)
    replies = await service.handle(KEY, Incoming(text=SINGLE[1]))
    record = await store.open_conversation(KEY)
    assert record is not None
    assert record.state["answers"]["company"] == SINGLE[1]
    assert record.state["step"] == "stage"
    assert record.status == "active" == record.state["status"]
    assert "kind of interview" in replies[-1].text.lower()


def test_a_name_reads_the_same_in_the_chat_and_in_the_note() -> None:
    for typed, written in [
        ("o'brien", "O'Brien"),
        ("dana o'neil-smith", "Dana O'Neil-Smith"),
        ("DANA LEE", "Dana Lee"),
        ("maria de la cruz", "Maria de la Cruz"),
        ("McDonald", "McDonald"),
    ]:
        (person,) = parse.interviewers(typed)
        assert person.name == written, typed
        assert parse.person_name(typed) == written
        script = Script().start()
        script.send(f"{typed}, Hiring Manager")
        for line in SINGLE[1:]:
            script.send(line)
        assert script.state is not None
        (note,) = compose_notes(answers_of(script.state))
        assert note.interviewer == written
        assert f"Dear {written}" in note.body or written.split()[-1] in note.body
