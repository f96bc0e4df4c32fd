"""After `done`: was the note sent, did they answer, and the follow-up when they did not.

Career advice says: send the thank-you within 24 hours; without a reply by the date
they gave (or after about 5 business days), send one short, polite follow-up; at most
two, a week apart; then stop. This is that advice as a small state machine, kept in the
finished interview's state (`InterviewState.follow_through`). Like the interview it does
no I/O: `answer` returns the new state, what to say, and what the service must schedule,
cancel or write (bot/service.py does it in the turn's transaction; the scheduler sends
the scheduled messages, whose buttons come back here).

Nothing is ever sent to an interviewer: the bot drafts, the candidate sends.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo

from dialogs import parse, timing
from dialogs.messages import Choice, Say
from dialogs.text import clean_text

# The words of the follow-through's buttons (typing them works too).
SENT = "sent"
REMIND_ME = "remind me"
SHOW_NOTE = "show note"
YES = "yes"
NOT_YET = "not yet"
STOP_ASKING = "stop asking"
NOT_SURE = "not sure"

# Its buttons' refs: `follow:<conversation id>` on the questions asked in a turn, and
# `scheduled:<row id>` on the scheduled messages (bot/reminders/messages.py).
FOLLOW_REF_PREFIX = "follow:"
SCHEDULED_REF_PREFIX = "scheduled:"

# What the service schedules (the scheduled_messages kinds).
SEND_REMINDER = "send_reminder"
HEARD_BACK = "heard_back"


class Stage(enum.Enum):
    ASKED_SENT = "asked_sent"  # "Have you sent it?" (at done, and in each reminder)
    ASKED_EXPECTED = "asked_expected"  # "When did they say you'd hear back?" (typed)
    WAITING = "waiting"  # a "did you hear back?" is scheduled
    ASKED_WHO = "asked_who"  # a panel: whom should the follow-up go to?
    FINISHED = "finished"  # they answered, the candidate said stop, or two follow-ups


# The stages whose answer is typed rather than pressed.
TYPED_STAGES = frozenset({Stage.ASKED_EXPECTED, Stage.ASKED_WHO})


@dataclass
class FollowThrough:
    stage: Stage = Stage.ASKED_SENT
    sent_on: dt.date | None = None  # the user's date when they said "Sent"
    follow_ups: int = 0  # follow-up notes written so far
    # The scheduled messages whose buttons were pressed (and taken): pressed again, from
    # a client that kept the buttons, they are stale.
    answered: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        later = {"answered": list(self.answered)} if self.answered else {}
        return {
            "stage": self.stage.value,
            "sent_on": self.sent_on.isoformat() if self.sent_on else None,
            "follow_ups": self.follow_ups,
            **later,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FollowThrough:
        sent_on = data.get("sent_on")
        return cls(
            stage=Stage(data["stage"]),
            sent_on=dt.date.fromisoformat(sent_on) if sent_on else None,
            follow_ups=int(data.get("follow_ups") or 0),
            answered=tuple(int(i) for i in data.get("answered") or ()),
        )


@dataclass(frozen=True)
class Plan:
    """A message to schedule: `kind` at `due` (UTC)."""

    kind: str
    due: dt.datetime


@dataclass(frozen=True)
class FollowTurn:
    follow: FollowThrough
    outputs: tuple[Say, ...] = ()
    schedule: tuple[Plan, ...] = ()
    # Cancel the scheduled messages of this interview of these kinds.
    cancel: frozenset[str] = field(default_factory=frozenset)
    show_notes: bool = False  # show the interview's saved notes in full
    # The buttons shown with those notes ("Sent", "Remind me later" while not yet sent).
    notes_choices: tuple[Choice, ...] = ()
    write_follow_up: int | None = None  # write a follow-up to this interviewer (index)


def ref_of(conversation_id: int) -> str:
    return f"{FOLLOW_REF_PREFIX}{conversation_id}"


def id_in(ref: str | None, prefix: str) -> int | None:
    """The number after `prefix` in `ref` (a conversation's or a scheduled row's id)."""
    if not ref or not ref.startswith(prefix):
        return None
    number = ref.removeprefix(prefix)
    return int(number) if number.isdigit() and len(number) <= 12 else None


# The words each stage waits for, typed as well as pressed (the terminal has no refs).
_AWAITED = {
    Stage.ASKED_SENT: {SENT, REMIND_ME, SHOW_NOTE, STOP_ASKING},
    Stage.WAITING: {YES, NOT_YET, STOP_ASKING, SHOW_NOTE, SENT},
}


def expects(follow: FollowThrough, typed: str) -> bool:
    """Whether `typed`, sent with no interview open, answers this follow-through: any
    text while it asks a typed question, else one of its words."""
    if follow.stage in TYPED_STAGES:
        return True
    return clean_text(typed).lower().strip(" .!") in _AWAITED.get(follow.stage, set())


def ask_sent(ref: str, notes: int = 1) -> Say:
    """The question asked once at `done`, about the `notes` just saved."""
    return Say("follow/ask_sent", {"count": notes}, (Choice(SENT), Choice(REMIND_ME)), ref)


@dataclass(frozen=True)
class Pressed:
    """A button of a scheduled message: its row, and its payload (bot/reminders)."""

    message: int
    payload: dict[str, Any]


def _stale(follow: FollowThrough, pressed: Pressed) -> bool:
    """A scheduled message already answered: its buttons were pressed before, or it asked
    whether they heard back before a follow-up that has been written since."""
    asked_after = pressed.payload.get("follow_ups")
    return pressed.message in follow.answered or (
        isinstance(asked_after, int) and asked_after < follow.follow_ups
    )


def answer(
    follow: FollowThrough,
    typed: str,
    *,
    interviewers: list[str],
    now: dt.datetime,
    zone: ZoneInfo,
    ref: str,
    pressed: Pressed | None = None,
) -> FollowTurn:
    """One answer to the follow-through: a pressed button's word or typed text. A press
    on a scheduled message (`pressed`) that was answered already is refused as stale,
    with where the follow-through is now ("Show the note" answers nothing: the message's
    other buttons still count after it)."""
    word = clean_text(typed).lower().strip(" .!")
    if pressed is not None:
        if _stale(follow, pressed):
            return FollowTurn(follow, _now_asking(follow, interviewers, ref))
        if word != SHOW_NOTE:
            follow = replace(follow, answered=(*follow.answered, pressed.message))
    stage = follow.stage
    today = timing.local_today(now, zone)
    if stage is Stage.FINISHED:
        return FollowTurn(follow, (Say("follow/finished"),))
    if word == SHOW_NOTE:
        # Shown with the buttons that answer "Have you sent it?" while it is asked.
        choices = (Choice(SENT), Choice(REMIND_ME, "later")) if stage is Stage.ASKED_SENT else ()
        return FollowTurn(follow, show_notes=True, notes_choices=choices)
    if word == REMIND_ME and stage is Stage.ASKED_SENT:
        due = timing.evening_reminder(now, zone)
        said = Say("follow/reminding", {"when": due.astimezone(zone), "today": today})
        return FollowTurn(follow, (said,), schedule=(Plan(SEND_REMINDER, due),))
    if word == SENT and stage is Stage.ASKED_SENT:
        asked = replace(follow, stage=Stage.ASKED_EXPECTED, sent_on=today)
        return FollowTurn(asked, (_ask_expected(ref),), cancel=frozenset({SEND_REMINDER}))
    if word == STOP_ASKING:
        done = replace(follow, stage=Stage.FINISHED)
        every = frozenset({SEND_REMINDER, HEARD_BACK})
        return FollowTurn(done, (Say("follow/stopped"),), cancel=every)
    if word == YES and stage in (Stage.WAITING, Stage.ASKED_WHO):
        done = replace(follow, stage=Stage.FINISHED)
        return FollowTurn(done, (Say("follow/heard_back"),), cancel=frozenset({HEARD_BACK}))
    if word == NOT_YET and stage is Stage.WAITING:
        if len(interviewers) > 1:
            asking = replace(follow, stage=Stage.ASKED_WHO)
            return FollowTurn(asking, (_ask_who(interviewers, ref),))
        return _follow_up(follow, 0, now, zone)
    if stage is Stage.ASKED_EXPECTED:
        return _expected(follow, typed, now, zone, ref)
    if stage is Stage.ASKED_WHO:
        index = _who(word, interviewers)
        if index is None:
            return FollowTurn(follow, (Say("follow/who_unknown"), _ask_who(interviewers, ref)))
        return _follow_up(follow, index, now, zone)
    return FollowTurn(follow, (_again(follow, ref),))


def _now_asking(follow: FollowThrough, interviewers: list[str], ref: str) -> tuple[Say, ...]:
    """What a stale press is told: it was answered, and what the bot asks now."""
    stale = Say("follow/stale", {"stage": follow.stage.value}, stale=True)
    if follow.stage is Stage.ASKED_SENT:
        return (stale, _again(follow, ref))
    if follow.stage is Stage.ASKED_EXPECTED:
        return (stale, _ask_expected(ref))
    if follow.stage is Stage.ASKED_WHO:
        return (stale, _ask_who(interviewers, ref))
    return (stale,)


def _expected(
    follow: FollowThrough, typed: str, now: dt.datetime, zone: ZoneInfo, ref: str
) -> FollowTurn:
    """The answer to "When did they say you'd hear back?": a date, or not sure."""
    today = timing.local_today(now, zone)
    try:
        expected = timing.expected_reply(typed, today)
    except parse.Invalid as invalid:
        context = {"problem": invalid.problem, "optional": False, **invalid.details}
        return FollowTurn(follow, (Say("messages/invalid", context), _ask_expected(ref)))
    sent_on = follow.sent_on or today
    due = timing.heard_back_due(expected.date, sent_on, zone, now)
    waiting = replace(follow, stage=Stage.WAITING, sent_on=sent_on)
    said = Say("follow/will_check", {"on": due.astimezone(zone).date(), "sure": expected.sure})
    return FollowTurn(waiting, (said,), schedule=(Plan(HEARD_BACK, due),))


def _follow_up(follow: FollowThrough, index: int, now: dt.datetime, zone: ZoneInfo) -> FollowTurn:
    """A follow-up note to interviewer `index`; another check a week on, after the first."""
    number = follow.follow_ups + 1
    more = timing.may_follow_up(number)
    after = replace(follow, follow_ups=number, stage=Stage.WAITING if more else Stage.FINISHED)
    plans = (Plan(HEARD_BACK, timing.next_check_due(now, zone)),) if more else ()
    said = Say("follow/follow_up_written", {"number": number, "last": not more})
    return FollowTurn(
        after, (said,), schedule=plans, cancel=frozenset({HEARD_BACK}), write_follow_up=index
    )


def _ask_expected(ref: str) -> Say:
    return Say("follow/ask_expected", {}, (Choice(NOT_SURE),), ref)


def _ask_who(interviewers: list[str], ref: str) -> Say:
    return Say("follow/ask_who", {}, tuple(Choice(name) for name in interviewers), ref)


def _who(word: str, interviewers: list[str]) -> int | None:
    """A panelist by number, full name or one of their names."""
    if word.isdigit() and 1 <= int(word) <= len(interviewers):
        return int(word) - 1
    for index, name in enumerate(interviewers):
        if word == name.lower() or word in name.lower().split():
            return index
    return None


def _again(follow: FollowThrough, ref: str) -> Say:
    """A word that answers nothing asked now: what the bot is waiting for."""
    if follow.stage is Stage.ASKED_SENT:
        choices: tuple[Choice, ...] = (Choice(SENT), Choice(REMIND_ME))
    else:
        choices = (Choice(YES, "heard back"), Choice(NOT_YET), Choice(STOP_ASKING))
    return Say("follow/waiting_for", {"stage": follow.stage.value}, choices, ref)
