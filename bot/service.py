"""The conversation service: one user's turn, from `Incoming` to rendered `Reply`s.

A turn is atomic: lock the user's key (in every process: bot/store/locks.py), load the
state, run the interview (or a command that leaves it alone: help, notes,
delete-my-data), word the replies (bot/presenter.py), save the new state (with the final
notes and the processed event, which keeps the replies, in one transaction), and only
then hand back the replies for the adapter to send; `turn` keeps the lock until they
are sent and marked so. A redelivered event whose replies were never sent gets them
again, and so does the user's next message.

Which messages are taken: a message is compared with the last one taken for the user,
by the platform's timestamps (`sent_at`), never by this server's clock. One sent before
it arrived late (a redelivery of a message they have since typed again, or overtaken in
delivery by a later one): it is not taken, since it would fill the wrong field, and the
user is told so and asked the current question again. Nothing is dropped in silence.

Adapters receive this object as their `Coach` (adapters/channel.py) and never import
`bot/`. One service serves one channel, whose templates its presenter speaks with.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any
from zoneinfo import ZoneInfo

from adapters.channel import ProfileSource
from bot import writer
from bot.presenter import LISTED_NOTES, Presenter
from bot.store import (
    ConversationRecord,
    DuplicateEventError,
    NewScheduled,
    PendingReplies,
    SavedNote,
    StaleWriteError,
    Store,
    TurnRead,
)
from bot.store.db import UNAVAILABLE
from bot.store.models import DONE
from bot.store.replay import replies_from_json, replies_to_json
from bot.templating import Renderer
from dialogs import commands, follow_through, interview, timing
from dialogs.messages import (
    INTERVIEW_COMMANDS,
    Command,
    ConversationKey,
    EventId,
    Home,
    Incoming,
    Left,
    Outcome,
    Profile,
    Reply,
    Turn,
)
from dialogs.questions import answers_of
from dialogs.states import InterviewState, Status

log = logging.getLogger(__name__)

# A stale write means something saved this user's state between our read and our write
# without their lock (the terminal's CLI beside a server, say); re-running the turn on
# the fresh state is safe because nothing was sent yet.
MAX_ATTEMPTS = 3


def _late(sent_at: dt.datetime | None, last_taken_at: dt.datetime | None) -> bool:
    """The user sent this message before the last one taken for them, both by the
    platform's clock: it would land in the wrong field."""
    return sent_at is not None and last_taken_at is not None and sent_at < last_taken_at


def _interviewing(record: ConversationRecord | None) -> bool:
    return record is not None and record.status == Status.ACTIVE.value


def _into_interview(incoming: Incoming, record: ConversationRecord | None) -> bool:
    """Whether the message goes into an interview (or its follow-through), which saves
    when it was sent; the other commands leave them alone."""
    return incoming.command in INTERVIEW_COMMANDS or (
        incoming.command is Command.HELP and _interviewing(record)
    )


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


# Told the key of a user whose summary (`home`) a saved turn changed.
Changed = Callable[[ConversationKey], None]


def _summary(state: InterviewState | None) -> tuple[object, ...]:
    """What the summary shows of an interview: open or not, its step, its company."""
    if state is None or state.status is Status.DONE:
        return ()
    return (state.status, state.step, state.answers.get("company"))


class ConversationService:
    def __init__(
        self,
        store: Store,
        *,
        channel: str,
        phone_region: str = "US",
        clock: Callable[[], dt.datetime] = local_now,
        zone: ZoneInfo | None = None,
    ) -> None:
        """`channel`: console, slack or teams, whose templates and command words the
        replies use."""
        self._store = store
        self.presenter = Presenter(Renderer(channel))
        self._region = phone_region
        self._clock = clock
        # Whose time a user without a known zone lives in: this machine's.
        self._zone = zone or timing.machine_zone()
        self._watchers: list[Changed] = []

    @property
    def store(self) -> Store:
        return self._store

    def watch(self, changed: Changed) -> None:
        """Have `changed(key)` called after each saved turn that changed what `home`
        shows of that user (their open interview's step, notes, schedule, or all of it
        deleted); a turn that changed none of it calls nothing."""
        self._watchers.append(changed)

    def _changed(self, key: ConversationKey) -> None:
        for changed in self._watchers:
            changed(key)

    async def home(self, key: ConversationKey, profile: Profile) -> Home:
        """The user's summary (Slack's Home tab): their open interview, latest notes,
        what is scheduled (in their zone), and deleting their data."""
        read = await self._store.read_turn(key, None, pending=False)
        state = InterviewState.from_json(read.record.state) if read.record else None
        notes = await self._store.latest_notes(key, LISTED_NOTES)
        scheduled = await self._store.schedule.for_user(key)
        name = profile.time_zone or (state.time_zone if state else None)
        zone = timing.zone_of(name, self._zone)
        return self.presenter.home(state, notes, scheduled, zone, self._clock())

    async def handle(
        self,
        key: ConversationKey,
        incoming: Incoming,
        event: EventId | None = None,
        *,
        sent_at: dt.datetime | None = None,
        redelivered: bool = False,
        profile: ProfileSource | None = None,
    ) -> list[Reply]:
        """Run one turn; return the replies to send. For an event seen before: the replies
        its turn produced if they were never sent, else none. Raises if nothing was saved.

        `sent_at`: when the user sent the message, by the platform's clock. One sent
        before the last message taken for them is not taken (see the module docstring).
        `redelivered`: the platform says it is delivering the message again (logged).
        `profile`: fetches the user's profile once their lock is held, so that two
        messages are taken in the order they arrived."""
        async with self._store.locks.turn(key):
            incoming = await _with_profile(incoming, profile)
            replies, _ = await self._handle(key, incoming, event, sent_at, redelivered)
            return replies

    @asynccontextmanager
    async def turn(
        self,
        key: ConversationKey,
        incoming: Incoming,
        event: EventId | None = None,
        *,
        sent_at: dt.datetime | None = None,
        redelivered: bool = False,
        profile: ProfileSource | None = None,
    ) -> AsyncIterator[list[Reply]]:
        """`handle`, for an adapter that sends the replies inside the block: leaving it
        normally marks them sent, so a later redelivery of `event` sends nothing; an
        exception leaves them to be resent by the redelivery. The user's lock is held
        until then: their next message, in this process or another, waits for the
        replies to go out (or the process to die) before it is read."""
        async with self._store.locks.turn(key):
            incoming = await _with_profile(incoming, profile)
            replies, replying_to = await self._handle(key, incoming, event, sent_at, redelivered)
            yield replies
            if replying_to is not None and replies:
                await self._mark_answered(replying_to)

    async def _handle(
        self,
        key: ConversationKey,
        incoming: Incoming,
        event: EventId | None,
        sent_at: dt.datetime | None,
        redelivered: bool,
    ) -> tuple[list[Reply], EventId | None]:
        """`handle` under the user's lock, and the event whose replies these are (to
        mark them sent)."""
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
                # Their last answer is saved but they never got its reply (the process
                # died): this is not an answer to a question they never saw, so it is
                # not taken as one. They get the question now.
                log.info("%s never got the replies of %s: sent now", key, unsent.event)
                await self._store.claim_event(event, key=key)
                return replies_from_json(unsent.replies), unsent.event
            if _into_interview(incoming, read.record) and _late(sent_at, read.last_taken_at):
                why = "a redelivery" if redelivered else "overtaken by a later message"
                log.info(
                    "message %s of %s not taken: sent before the last one (%s)", event, key, why
                )
                return await self._not_taken(key, event, read.record), event
            try:
                replies = await self._run_turn(key, incoming, event, sent_at, read.record)
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
        """The replies of the user's latest saved turn, if they were never sent; None
        once anything was saved after that turn. (Under the user's lock no other turn
        of theirs is sending now: replies unsent here were never sent.)"""
        pending = read.pending
        if pending is None:
            return None
        if read.record is None or read.record.updated_at > pending.saved_at:
            return None
        return pending

    async def _not_taken(
        self, key: ConversationKey, event: EventId | None, record: ConversationRecord | None
    ) -> list[Reply]:
        """A message that came too late to be taken: the user is told, and asked the
        current question again; nothing of the interview changes."""
        state = InterviewState.from_json(record.state) if record is not None else None
        turn = interview.late(state, check_wording=writer.preview_answer)
        today = self._user_now(Incoming(), state).date()
        replies = self.presenter.outputs(turn.outputs, today)
        if event is not None:
            await self._store.claim_event(event, replies_to_json(replies), key)
        return replies

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
        sent_at: dt.datetime | None,
        record: ConversationRecord | None,
    ) -> list[Reply]:
        if incoming.command is Command.HELP and _interviewing(record):
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
        finished, pressed = await self._follow_through_of(key, incoming, record)
        if finished is not None:
            return await self._follow_through(finished, incoming, event, pressed, sent_at)
        state = InterviewState.from_json(record.state) if record else None
        now = self._user_now(incoming, state)
        turn = interview.handle(
            state, incoming, now, self._region, check_wording=writer.preview_answer
        )
        outputs = turn.outputs
        if turn.outcome is Outcome.FINISHED and turn.state is not None and record is not None:
            # "Have you sent it?": the follow-through starts (dialogs/follow_through.py).
            turn.state.follow_through = follow_through.FollowThrough()
            count = len(turn.state.answers.get("interviewers") or [])
            ref = follow_through.ref_of(record.id)
            outputs = (*outputs, follow_through.ask_sent(ref, count))
        replies = self._settling(
            self.presenter.outputs(outputs, now.date()),
            self.presenter.settled(turn.left, incoming.text),
        )
        if turn.outcome is not Outcome.CONTINUES and replies:
            # The reply that ends the interview (the terminal stops after the questions
            # that follow it are answered).
            last = len(turn.outputs) - 1
            replies[last] = dataclasses.replace(replies[last], ends_interview=True)
        kept = replies_to_json(replies) if event is not None else None
        if turn.state is None:
            if event is not None:
                await self._store.claim_event(event, kept, key)
            return replies
        saved = turn.state.to_json()
        if record is None:
            await self._store.start_conversation(
                key, saved, event=event, replies=kept, sent_at=sent_at
            )
            self._changed(key)
            return replies
        notes = self._final_notes(turn) if turn.outcome is Outcome.FINISHED else []
        await self._store.save_conversation(
            record, saved, notes=notes, event=event, replies=kept, sent_at=sent_at
        )
        if notes or _summary(state) != _summary(turn.state):
            self._changed(key)
        return replies

    @staticmethod
    def _settling(replies: list[Reply], line: str | None) -> list[Reply]:
        """The replies, the first saying how the question shown before was left."""
        if line is None or not replies:
            return replies
        return [dataclasses.replace(replies[0], settles=line), *replies[1:]]

    def _user_now(self, incoming: Incoming, state: InterviewState | None) -> dt.datetime:
        """Now in the user's time zone: their "today" and "yesterday", their evening."""
        name = incoming.profile.time_zone or (state.time_zone if state else None)
        return self._clock().astimezone(timing.zone_of(name, self._zone))

    async def _reminders(self, key: ConversationKey, incoming: Incoming) -> Reply:
        """What is scheduled, soonest first; `cancel reminder N` cancels the Nth."""
        scheduled = await self._store.schedule.for_user(key)
        zone = timing.zone_of(incoming.profile.time_zone, self._zone)
        if incoming.command is Command.CANCEL_REMINDER and incoming.number is not None:
            number = incoming.number
            if not 1 <= number <= len(scheduled):
                return self.presenter.no_such_reminder(number, len(scheduled))
            cancelled = scheduled[number - 1]
            await self._store.schedule.cancel(key, cancelled.id)
            self._changed(key)
            return self.presenter.reminder_cancelled(cancelled, zone)
        return self.presenter.reminders(scheduled, zone)

    # -- after done: the follow-through ----------------------------------------------------

    async def _follow_through_of(
        self, key: ConversationKey, incoming: Incoming, record: ConversationRecord | None
    ) -> tuple[ConversationRecord | None, follow_through.Pressed | None]:
        """The finished interview this message answers the follow-through of, if any: a
        button of it (its ref), or, with no interview open, words it is waiting for; and
        the scheduled message whose button it is."""
        if incoming.command is not Command.MESSAGE:
            return None, None
        conversation = follow_through.id_in(incoming.ref, follow_through.FOLLOW_REF_PREFIX)
        message = follow_through.id_in(incoming.ref, follow_through.SCHEDULED_REF_PREFIX)
        pressed = None
        if message is not None:
            payload = await self._store.scheduled_payload(key, message)
            found_id = (payload or {}).get("conversation_id")
            if payload is None or not isinstance(found_id, int):
                return None, None  # a message since deleted: the interview calls it stale
            conversation, pressed = found_id, follow_through.Pressed(message, payload)
        if conversation is not None:
            found = await self._store.conversation_of(key, conversation)
            return (found, pressed) if found is not None and found.status == DONE else (None, None)
        if record is not None or incoming.ref is not None:
            return None, None
        latest = await self._store.latest_finished(key)
        if latest is None:
            return None, None
        follow = InterviewState.from_json(latest.state).follow_through
        if follow is None or not follow_through.expects(follow, incoming.text):
            return None, None
        return latest, None

    async def _follow_through(
        self,
        record: ConversationRecord,
        incoming: Incoming,
        event: EventId | None,
        pressed: follow_through.Pressed | None,
        sent_at: dt.datetime | None,
    ) -> list[Reply]:
        state = InterviewState.from_json(record.state)
        follow = state.follow_through or follow_through.FollowThrough(follow_through.Stage.FINISHED)
        now = self._user_now(incoming, state)
        names = [str(person["name"]) for person in state.answers.get("interviewers") or []]
        turn = follow_through.answer(
            follow,
            incoming.text,
            interviewers=names,
            now=now,
            zone=now.tzinfo,  # type: ignore[arg-type]
            ref=follow_through.ref_of(record.id),
            pressed=pressed,
        )
        stale = any(output.stale for output in turn.outputs)
        # A typed answer that moved the follow-through on settles the question it answered.
        moved = turn.follow.stage is not follow.stage or incoming.ref is not None
        left = None if stale else Left.ANSWERED if moved else Left.CLOSED
        state.follow_through = turn.follow
        replies = self.presenter.outputs(turn.outputs, now.date())
        ours: list[SavedNote] = []
        if turn.write_follow_up is not None or turn.show_notes or turn.schedule:
            # This interview's notes: to reply to, to show, or for a reminder's subject.
            saved = await self._store.list_notes(record.key)
            ours = [note for note in saved if note.conversation_id == record.id]
        new_notes: list[SavedNote] = []
        if turn.write_follow_up is not None:
            note = self._follow_up_note(state, ours, turn.write_follow_up, turn.follow.follow_ups)
            new_notes.append(note)
            replies.append(self.presenter.follow_up(note))
        if turn.show_notes:
            ref = follow_through.ref_of(record.id)
            replies.append(self.presenter.interview_notes(ours, turn.notes_choices, ref))
        replies = self._settling(replies, self.presenter.settled(left, incoming.text))
        reader = names[turn.write_follow_up] if turn.write_follow_up is not None else None
        scheduled = [
            self._scheduled(plan, state, record.id, turn.follow.follow_ups, reader, ours)
            for plan in turn.schedule
        ]
        kept = replies_to_json(replies) if event is not None else None
        await self._store.save_conversation(
            record,
            state.to_json(),
            notes=new_notes,
            event=event,
            replies=kept,
            scheduled=scheduled,
            cancel=turn.cancel,
            sent_at=sent_at,
        )
        if new_notes or scheduled or turn.cancel:
            self._changed(record.key)
        return replies

    def _follow_up_note(
        self, state: InterviewState, saved: list[SavedNote], index: int, number: int
    ) -> SavedNote:
        """The follow-up to interviewer `index`, replying to the thank-you note's subject."""
        answers = answers_of(state)
        person = answers.interviewers[index]
        original = next((n.subject for n in saved if n.interviewer == person.name), None)
        note = writer.compose_follow_up(
            answers, index, subject=original, number=min(number, 2), version=state.version
        )
        return SavedNote(
            interviewer=note.interviewer,
            company=answers.company,
            role=answers.role,
            tone=answers.tone,
            subject=note.subject,
            body=note.body,
            interview_date=answers.interview_date,
            recipient=person.email,
        )

    def _scheduled(
        self,
        plan: follow_through.Plan,
        state: InterviewState,
        conversation_id: int,
        follow_ups: int,
        reader: str | None,
        saved: list[SavedNote],
    ) -> NewScheduled:
        """A message the follow-through asked for, with what its template says."""
        names = [str(person["name"]) for person in state.answers.get("interviewers") or []]
        company = str(state.answers.get("company") or "")
        payload: dict[str, Any]
        if plan.kind == follow_through.SEND_REMINDER:
            subject = saved[0].subject if saved else ""
            payload = {"subject": subject, "interviewers": names, "company": company}
        else:
            payload = {"interviewer": reader or names[0], "company": company}
            payload["follow_ups"] = follow_ups
        key = f"{plan.kind}:{conversation_id}:{follow_ups}:{plan.due.isoformat()}"
        return NewScheduled(plan.kind, plan.due, payload, key)

    def _final_notes(self, turn: Turn) -> list[SavedNote]:
        assert turn.state is not None
        answers = answers_of(turn.state)
        notes = self.presenter.notes(answers, turn.state.version)
        # One note per interviewer, in their order (bot/writer).
        return [
            SavedNote(
                interviewer=note.interviewer,
                company=answers.company,
                role=answers.role,
                tone=answers.tone,
                subject=note.subject,
                body=note.body,
                interview_date=answers.interview_date,
                recipient=person.email,
            )
            for note, person in zip(notes, answers.interviewers, strict=False)
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
        if command is Command.COPY:
            return [show.saved_copy(await self._store.list_notes(key), incoming.number)]
        if command is Command.DELETE_MY_DATA:
            return [show.delete_confirmation(self._clock())]
        if command is Command.KEEP_MY_DATA:
            return [show.data_kept()]
        if command in (Command.REMINDERS, Command.CANCEL_REMINDER):
            return [await self._reminders(key, incoming)]
        assert command is Command.DELETE_CONFIRMED, command
        if not commands.confirmation_is_fresh(incoming.ref, self._clock()):
            return [show.delete_stale()]
        conversations, deleted = await self._store.delete_user_data(key)
        log.info("deleted the data of a %s user", key.platform)
        self._changed(key)
        return [show.deleted(conversations, deleted)]


async def _with_profile(incoming: Incoming, profile: ProfileSource | None) -> Incoming:
    """`incoming` with the profile `profile` fetches (users.info), if given."""
    if profile is None:
        return incoming
    return dataclasses.replace(incoming, profile=await profile())
