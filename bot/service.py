"""The conversation service: one user's turn, from `Incoming` to rendered `Reply`s.

A turn is atomic: lock the user's key, load the state, run the interview, save the new
state (with the final notes and the processed event, in one transaction), and only
then hand back the replies for the adapter to send. Adapters receive this object as
their `Coach` (adapters/channel.py) and never import `bot/`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from bot import writer
from bot.export import mailto_link
from bot.store import (
    DuplicateEventError,
    NoteToSave,
    SavedNoteRecord,
    StaleWriteError,
    Store,
)
from bot.templating import render
from dialogs import interview
from dialogs.answers import Answers
from dialogs.messages import (
    Button,
    Choice,
    ConversationKey,
    EventId,
    Incoming,
    NoteView,
    Outcome,
    Output,
    Reply,
    Say,
    ShowNotes,
    Turn,
)
from dialogs.questions import answers_of

log = logging.getLogger(__name__)

# A stale write means another process saved this user's state between our read and our
# write; re-running the turn on the fresh state is safe because nothing was sent yet.
MAX_ATTEMPTS = 3


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class ConversationService:
    def __init__(
        self,
        store: Store,
        *,
        words: Mapping[str, str],
        phone_region: str = "US",
        clock: Callable[[], dt.datetime] = local_now,
    ) -> None:
        """`words` tells templates how this channel spells its commands
        (keys: resume, notes), e.g. {"notes": "`thankyou notes`"}."""
        self._store = store
        self._words = dict(words)
        self._region = phone_region
        self._clock = clock
        self._locks: weakref.WeakValueDictionary[ConversationKey, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    async def handle(
        self, key: ConversationKey, incoming: Incoming, event: EventId | None = None
    ) -> list[Reply]:
        """Run one turn; return the replies to send (empty for a duplicate event)."""
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            if event is not None and await self._store.event_seen(event):
                log.info("duplicate event %s ignored", event)
                return []
            for attempt in range(1, MAX_ATTEMPTS + 1):
                try:
                    turn = await self._run_turn(key, incoming, event)
                except DuplicateEventError:
                    log.info("duplicate event %s ignored", event)
                    return []
                except StaleWriteError:
                    if attempt == MAX_ATTEMPTS:
                        raise
                    log.info("stale write for %s, retrying the turn", key)
                    continue
                replies = self._render_outputs(turn.outputs)
                if turn.outcome is not Outcome.CONTINUES and replies:
                    replies[-1] = dataclasses.replace(replies[-1], ends_interview=True)
                return replies
        raise AssertionError("unreachable")

    async def _run_turn(
        self, key: ConversationKey, incoming: Incoming, event: EventId | None
    ) -> Turn:
        record = await self._store.open_conversation(key)
        turn = interview.handle(
            record.state if record else None,
            incoming,
            self._clock(),
            self._region,
            check_wording=writer.preview_answer,
        )
        if turn.state is None:
            if event is not None:
                await self._store.claim_event(event)
            return turn
        status = turn.state["status"]
        if record is None:
            await self._store.start_conversation(key, turn.state, event=event)
            return turn
        notes = self._final_notes(turn) if turn.outcome is Outcome.FINISHED else []
        await self._store.save_conversation(record, turn.state, status, notes=notes, event=event)
        return turn

    def _final_notes(self, turn: Turn) -> list[NoteToSave]:
        assert turn.state is not None
        answers = answers_of(turn.state)
        notes = writer.compose_notes(answers, answers.tone, turn.state["version"])
        return [
            NoteToSave(
                interviewer=note.interviewer,
                company=answers.company,
                role=answers.role,
                tone=answers.tone,
                subject=note.subject,
                body=note.body,
                interview_date=answers.interview_date,
            )
            for note in notes
        ]

    # -- rendering ---------------------------------------------------------------------

    def say(self, template: str, **context: Any) -> str:
        """Render templates/`template`.txt.j2 with this channel's words."""
        return render(f"{template}.txt.j2", words=self._words, **context)

    def _render_outputs(self, outputs: Sequence[Output]) -> list[Reply]:
        replies = []
        for output in outputs:
            if isinstance(output, Say):
                replies.append(self._render_say(output))
            else:
                replies.append(self._render_review(output))
        return replies

    def _buttons(self, choices: Sequence[Choice]) -> tuple[Button, ...]:
        return tuple(
            Button(label=self.say("messages/choice", value=c.value, detail=c.detail), value=c.value)
            for c in choices
        )

    def _render_say(self, say: Say) -> Reply:
        return Reply(
            text=self.say(say.template, **say.context),
            buttons=self._buttons(say.choices),
            ref=say.ref,
        )

    def _render_review(self, show: ShowNotes) -> Reply:
        """Notes, the coach's checklist and actions in one reply; each answer a tip names
        gets one "Improve" button (`edit <answer>`, which the interview accepts at review)."""
        answers = show.answers
        notes = writer.compose_notes(answers, answers.tone, show.version)
        checks = writer.check_notes(answers, notes, today=self._clock().date())
        views = tuple(self._note_view(n, i, len(notes)) for i, n in enumerate(notes, 1))
        text = self.say("messages/review", answers=answers, checks=checks)
        to_edit = dict.fromkeys(c.answer for c in checks if c.tip and c.answer)
        fixes = [Choice(f"edit {answer}") for answer in to_edit]
        buttons = self._buttons([*fixes, *show.choices])
        return Reply(text=text, notes=views, buttons=buttons, ref=show.ref)

    def _note_view(self, note: writer.Note, number: int, total: int) -> NoteView:
        heading = self.say(
            "messages/note_heading", number=number, total=total, interviewer=note.interviewer
        )
        return NoteView(
            heading=heading,
            interviewer=note.interviewer,
            subject=note.subject,
            body=note.body,
            mailto=mailto_link(note.subject, note.body),
        )

    # -- saved notes and data -------------------------------------------------------------

    async def saved_notes(self, key: ConversationKey) -> list[SavedNoteRecord]:
        return await self._store.list_notes(key)

    async def delete_user_data(self, key: ConversationKey) -> tuple[int, int]:
        """Delete every conversation and note of this user; (conversations, notes)."""
        async with self._locks.setdefault(key, asyncio.Lock()):
            return await self._store.delete_user_data(key)

    def compose(self, answers: Answers, version: int = 0) -> list[writer.Note]:
        return writer.compose_notes(answers, answers.tone, version)
