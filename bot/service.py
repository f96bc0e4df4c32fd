"""The conversation service: one user's turn, from `Incoming` to rendered `Reply`s.

A turn is atomic: lock the user's key, load the state, run the interview, render the
replies, save the new state (with the final notes and the processed event, which keeps
the replies, in one transaction), and only then hand back the replies for the adapter
to send. A redelivered event whose replies were never sent gets them again (`turn`
marks them sent), and so does the user's next message. Adapters receive this object as
their `Coach` (adapters/channel.py) and never import `bot/`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import weakref
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

from bot import writer
from bot.export import mailto_link
from bot.store import (
    DuplicateEventError,
    NoteToSave,
    PendingReplies,
    SavedNoteRecord,
    StaleWriteError,
    Store,
)
from bot.store.db import UNAVAILABLE
from bot.store.replay import replies_from_json, replies_to_json
from bot.templating import render
from dialogs import interview
from dialogs.answers import Answers
from dialogs.messages import (
    Button,
    Choice,
    Command,
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


def _moved_on(saved_at: dt.datetime, redelivered_from: dt.datetime | None) -> bool:
    """The interview was saved after the user sent the message now redelivered."""
    return redelivered_from is not None and saved_at > redelivered_from


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
        # Events whose replies an adapter of this process is sending right now: a
        # redelivery meanwhile (Slack retries after 3 s) must not send them twice.
        self._sending: set[EventId] = set()

    async def handle(
        self,
        key: ConversationKey,
        incoming: Incoming,
        event: EventId | None = None,
        *,
        redelivered_from: dt.datetime | None = None,
    ) -> list[Reply]:
        """Run one turn; return the replies to send. For an event seen before: the replies
        its turn produced if they were never sent, else none. Raises if nothing was saved.

        `redelivered_from`: this is the platform's redelivery of a message the user sent
        at that time. If their interview was saved since, they have moved on (typed it
        again after hearing nothing): the late copy is dropped, not taken as the answer
        to the next question."""
        replies, _ = await self._handle(key, incoming, event, redelivered_from)
        return replies

    async def _handle(
        self,
        key: ConversationKey,
        incoming: Incoming,
        event: EventId | None,
        redelivered_from: dt.datetime | None,
    ) -> tuple[list[Reply], EventId | None]:
        """`handle`, and the event whose replies these are (to mark them sent)."""
        async with self._locks.setdefault(key, asyncio.Lock()):
            if event is not None:
                if event in self._sending:
                    log.info("event %s redelivered while its replies are being sent", event)
                    return [], None
                seen = await self._store.seen_event(event)
                if seen is not None:
                    return self._redelivered(event, seen.replies, seen.answered), event
                if incoming.command is Command.MESSAGE:
                    pending = await self._unseen_replies(key)
                    if pending is not None:
                        # Their last answer is saved but they never got its reply (the
                        # process died): this is not an answer to a question they never
                        # saw, so it is not taken as one. They get the question now.
                        log.info("%s never got the replies of %s: sent now", key, pending.event)
                        await self._store.claim_event(event, key=key)
                        return replies_from_json(pending.replies), pending.event
            for attempt in range(1, MAX_ATTEMPTS + 1):
                try:
                    replies = await self._run_turn(key, incoming, event, redelivered_from)
                    return replies, event
                except DuplicateEventError:
                    log.info("duplicate event %s ignored (saved by another process)", event)
                    return [], None
                except StaleWriteError:
                    if attempt == MAX_ATTEMPTS:
                        raise
                    log.info("stale write for %s, retrying the turn", key)
                    continue
        raise AssertionError("unreachable")

    async def _unseen_replies(self, key: ConversationKey) -> PendingReplies | None:
        """The replies of the user's latest saved turn, if they were never sent (and are
        not being sent now); None once anything was saved after that turn."""
        pending = await self._store.pending_replies(key)
        if pending is None or pending.event in self._sending:
            return None
        record = await self._store.open_conversation(key)
        if record is None or record.updated_at > pending.saved_at:
            return None
        return pending

    @asynccontextmanager
    async def turn(
        self,
        key: ConversationKey,
        incoming: Incoming,
        event: EventId | None = None,
        *,
        redelivered_from: dt.datetime | None = None,
    ) -> AsyncIterator[list[Reply]]:
        """`handle`, for an adapter that sends the replies inside the block: leaving it
        normally marks them sent, so a later redelivery of `event` sends nothing; an
        exception leaves them to be resent by the redelivery."""
        replies, replying_to = await self._handle(key, incoming, event, redelivered_from)
        if replying_to is None or not replies:
            yield replies
            return
        self._sending.add(replying_to)
        try:
            yield replies
            # Marked before leaving `_sending`: the user's next message must never find
            # these replies looking unsent.
            await self._mark_answered(replying_to)
        finally:
            self._sending.discard(replying_to)

    async def _mark_answered(self, event: EventId) -> None:
        try:
            await self._store.mark_answered(event)
        except UNAVAILABLE as error:
            # The replies went out; at worst a redelivery sends them once more.
            log.warning("could not mark event %s answered: %r", event, error)

    def _redelivered(
        self, event: EventId, replies: list[dict[str, Any]] | None, answered: bool
    ) -> list[Reply]:
        if answered or not replies:
            log.info("duplicate event %s ignored", event)
            return []
        log.info("event %s redelivered before its replies were sent: resending them", event)
        return replies_from_json(replies)

    async def _run_turn(
        self,
        key: ConversationKey,
        incoming: Incoming,
        event: EventId | None,
        redelivered_from: dt.datetime | None = None,
    ) -> list[Reply]:
        record = await self._store.open_conversation(key)
        if record is not None and _moved_on(record.updated_at, redelivered_from):
            log.info("late redelivery %s dropped: the interview moved on since", event)
            if event is not None:
                await self._store.claim_event(event)
            return []
        turn = interview.handle(
            record.state if record else None,
            incoming,
            self._clock(),
            self._region,
            check_wording=writer.preview_answer,
        )
        replies = self._render_outputs(turn.outputs)
        if turn.outcome is not Outcome.CONTINUES and replies:
            replies[-1] = dataclasses.replace(replies[-1], ends_interview=True)
        kept = replies_to_json(replies) if event is not None else None
        if turn.state is None:
            if event is not None:
                await self._store.claim_event(event, kept, key)
            return replies
        status = turn.state["status"]
        if record is None:
            await self._store.start_conversation(key, turn.state, event=event, replies=kept)
            return replies
        notes = self._final_notes(turn) if turn.outcome is Outcome.FINISHED else []
        await self._store.save_conversation(
            record, turn.state, status, notes=notes, event=event, replies=kept
        )
        return replies

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
            Button(
                label=self.say(
                    "messages/choice", value=c.value, detail=c.detail, current=c.current
                ),
                value=c.value,
            )
            for c in choices
        )

    def _render_say(self, say: Say) -> Reply:
        return Reply(
            text=self.say(say.template, **say.context),
            buttons=self._buttons(say.choices),
            ref=say.ref,
            stale=say.stale,
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
