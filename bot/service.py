"""The conversation service: one user's turn, from `Incoming` to rendered `Reply`s.

A turn is atomic: lock the user's key, load the state, run the interview (or a command
that leaves it alone: help, notes, delete-my-data), word the replies (bot/presenter.py),
save the new state (with the final notes and the processed event, which keeps
the replies, in one transaction), and only then hand back the replies for the adapter
to send. A redelivered event whose replies were never sent gets them again (`turn`
marks them sent), and so does the user's next message. Adapters receive this object as
their `Coach` (adapters/channel.py) and never import `bot/`. One service serves one
channel, whose templates its presenter speaks with.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import weakref
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from bot import writer
from bot.presenter import Presenter
from bot.store import (
    ConversationRecord,
    DuplicateEventError,
    PendingReplies,
    SavedNote,
    StaleWriteError,
    Store,
    TurnRead,
)
from bot.store.db import UNAVAILABLE
from bot.store.replay import replies_from_json, replies_to_json
from bot.templating import Renderer
from dialogs import commands, interview
from dialogs.messages import (
    INTERVIEW_COMMANDS,
    Command,
    ConversationKey,
    EventId,
    Incoming,
    Outcome,
    Reply,
    Turn,
)
from dialogs.questions import answers_of
from dialogs.states import InterviewState, Status

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
        channel: str,
        phone_region: str = "US",
        clock: Callable[[], dt.datetime] = local_now,
    ) -> None:
        """`channel`: console, slack or teams, whose templates and command words the
        replies use."""
        self._store = store
        self.presenter = Presenter(Renderer(channel))
        self._region = phone_region
        self._clock = clock
        self._locks: weakref.WeakValueDictionary[ConversationKey, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        # Events whose replies an adapter of this process is sending right now: a
        # redelivery meanwhile (Slack retries after 3 s) must not send them twice.
        self._sending: set[EventId] = set()

    @property
    def store(self) -> Store:
        return self._store

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
            if event is not None and event in self._sending:
                log.info("event %s redelivered while its replies are being sent", event)
                return [], None
            # A new message after a turn whose replies never went out (see below).
            check_unsent = event is not None and incoming.command is Command.MESSAGE
            for attempt in range(1, MAX_ATTEMPTS + 1):
                read = await self._store.read_turn(key, event, pending=check_unsent)
                if read.seen is not None:
                    assert event is not None
                    return self._redelivered(event, read.seen.replies, read.seen.answered), event
                unsent = self._unsent(read)
                if unsent is not None:
                    assert event is not None
                    # Their last answer is saved but they never got its reply (the
                    # process died): this is not an answer to a question they never
                    # saw, so it is not taken as one. They get the question now.
                    log.info("%s never got the replies of %s: sent now", key, unsent.event)
                    await self._store.claim_event(event, key=key)
                    return replies_from_json(unsent.replies), unsent.event
                try:
                    replies = await self._run_turn(
                        key, incoming, event, redelivered_from, read.record
                    )
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

    def _unsent(self, read: TurnRead) -> PendingReplies | None:
        """The replies of the user's latest saved turn, if they were never sent (and are
        not being sent now); None once anything was saved after that turn."""
        pending = read.pending
        if pending is None or pending.event in self._sending:
            return None
        if read.record is None or read.record.updated_at > pending.saved_at:
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
        redelivered_from: dt.datetime | None,
        record: ConversationRecord | None,
    ) -> list[Reply]:
        if record is not None and _moved_on(record.updated_at, redelivered_from):
            log.info("late redelivery %s dropped: the interview moved on since", event)
            if event is not None:
                await self._store.claim_event(event)
            return []
        interviewing = record is not None and record.status == Status.ACTIVE.value
        if incoming.command is Command.HELP and interviewing:
            incoming = Incoming(text="help", profile=incoming.profile)  # with the question
        if incoming.command not in INTERVIEW_COMMANDS:
            replies = await self._command(key, incoming)
            if event is not None:
                # Kept with the event so a redelivery resends them; after a deletion not
                # attributed to the user, whose data is gone.
                deleted = incoming.command is Command.DELETE_CONFIRMED
                await self._store.claim_event(
                    event, replies_to_json(replies), None if deleted else key
                )
            return replies
        turn = interview.handle(
            InterviewState.from_json(record.state) if record else None,
            incoming,
            self._clock(),
            self._region,
            check_wording=writer.preview_answer,
        )
        replies = self.presenter.outputs(turn.outputs, self._clock().date())
        if turn.outcome is not Outcome.CONTINUES and replies:
            replies[-1] = dataclasses.replace(replies[-1], ends_interview=True)
        kept = replies_to_json(replies) if event is not None else None
        if turn.state is None:
            if event is not None:
                await self._store.claim_event(event, kept, key)
            return replies
        state = turn.state.to_json()
        if record is None:
            await self._store.start_conversation(key, state, event=event, replies=kept)
            return replies
        notes = self._final_notes(turn) if turn.outcome is Outcome.FINISHED else []
        await self._store.save_conversation(record, state, notes=notes, event=event, replies=kept)
        return replies

    def _final_notes(self, turn: Turn) -> list[SavedNote]:
        assert turn.state is not None
        answers = answers_of(turn.state)
        notes = self.presenter.notes(answers, turn.state.version)
        return [
            SavedNote(
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

    # -- the commands that do not run the interview --------------------------------------

    async def _command(self, key: ConversationKey, incoming: Incoming) -> list[Reply]:
        """Help, the saved notes and delete-my-data: answered, nothing of the interview
        changed. The caller holds the user's lock."""
        command, show = incoming.command, self.presenter
        if command is Command.HELP:
            return [show.usage(incoming.unknown)]
        if command is Command.NOTES:
            notes = await self._store.list_notes(key)
            if incoming.number is None:
                return [show.notes_list(notes)]
            return [show.saved_note(notes, incoming.number)]
        if command is Command.DELETE_MY_DATA:
            return [show.delete_confirmation(self._clock())]
        if command is Command.KEEP_MY_DATA:
            return [show.data_kept()]
        assert command is Command.DELETE_CONFIRMED, command
        if not commands.confirmation_is_fresh(incoming.ref, self._clock()):
            return [show.delete_stale()]
        conversations, deleted = await self._store.delete_user_data(key)
        log.info("deleted the data of a %s user", key.platform)
        return [show.deleted(conversations, deleted)]
