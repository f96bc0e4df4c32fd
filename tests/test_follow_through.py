"""After `done`: the send reminder, "did you hear back?" and the follow-up note, through
the real service and store (SQLite and PostgreSQL) with a clock the test moves."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.service import ConversationService
from bot.store import Store
from bot.store.db import sessionmaker
from bot.store.schedule import Schedule, ScheduledRecord
from bot.writer.compose import body_word_count
from dialogs.commands import read_typed
from dialogs.messages import Command, Incoming, Profile, Reply, conversation_key
from tests.dialog_script import SINGLE

KEY = conversation_key("slack", "T1", "U1")
PANEL_LINES = [
    "Dana Lee, Hiring Manager; Sam Ortiz, Senior Engineer",
    *SINGLE[1:],
]


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


class Candidate:
    """One user of a service whose clock the test moves; their time zone is `zone`."""

    def __init__(self, engine: AsyncEngine, zone: str, now: dt.datetime) -> None:
        self.clock = Clock(now)
        self.store = Store(engine)
        self.schedule = Schedule(sessionmaker(engine))
        self.service = ConversationService(self.store, channel="slack", clock=self.clock)
        self.profile = Profile(name="Jordan Rivera", time_zone=zone)
        self.replies: list[Reply] = []

    async def send(self, text: str, ref: str | None = None) -> str:
        typed = read_typed(text) if ref is None else None
        incoming = replace(typed or Incoming(text=text, ref=ref), profile=self.profile)
        self.replies = await self.service.handle(KEY, incoming)
        return "\n".join(reply.text for reply in self.replies)

    async def interview(self, lines: list[str]) -> None:
        self.replies = await self.service.handle(
            KEY, Incoming(command=Command.START, profile=self.profile)
        )
        for line in lines:
            await self.send(line)
        assert "Have you sent " in await self.send("done")  # it? or them?

    @property
    def ref(self) -> str:
        refs = [reply.ref for reply in self.replies if reply.buttons and reply.ref]
        assert refs, "no question with buttons"
        return refs[-1]

    async def scheduled(self) -> list[ScheduledRecord]:
        return await self.schedule.for_user(KEY)

    async def press_scheduled(self, row: ScheduledRecord, value: str) -> str:
        self.clock.now = row.due_at  # the message arrives when it is due
        return await self.send(value, f"scheduled:{row.id}")


# Wednesday 25 November 2026, 15:00 UTC.
WEDNESDAY = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("zone", "evening_utc"),
    [
        ("America/Los_Angeles", dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)),  # 18:00 PST
        ("Europe/Berlin", dt.datetime(2026, 11, 25, 17, 0, tzinfo=dt.UTC)),  # 18:00 CET
    ],
)
async def test_remind_me_is_at_six_in_the_evening_where_the_user_lives(
    engine: AsyncEngine, zone: str, evening_utc: dt.datetime
) -> None:
    me = Candidate(engine, zone, WEDNESDAY)
    await me.interview(SINGLE)
    said = await me.send("remind me", me.ref)
    assert "18:00" in said
    (row,) = await me.scheduled()
    assert (row.kind, row.due_at) == ("send_reminder", evening_utc)
    assert row.payload["company"] == "Brightline Software"
    assert row.payload["subject"].startswith("Thank you")
    # The reminder's "Show the note", then "Sent", answered from the reminder.
    shown = await me.press_scheduled(row, "show note")
    assert "ready to copy" in shown and me.replies[-1].notes[0].body.startswith("Dear")
    assert "When did they say" in await me.press_scheduled(row, "sent")
    # Never delivered here (no scheduler runs): "Sent" cancelled it.
    statuses = [r.status for r in await me.schedule.for_user(KEY, pending_only=False)]
    assert statuses == ["cancelled"]


async def test_remind_me_after_six_is_two_hours_later(engine: AsyncEngine) -> None:
    late = dt.datetime(2026, 11, 25, 19, 30, tzinfo=dt.UTC)  # 20:30 in Berlin
    me = Candidate(engine, "Europe/Berlin", late)
    await me.interview(SINGLE)
    await me.send("remind me", me.ref)
    (row,) = await me.scheduled()
    assert row.due_at == late + dt.timedelta(hours=2)


async def test_not_sure_asks_five_business_days_later_across_the_weekend(
    engine: AsyncEngine,
) -> None:
    thursday = dt.datetime(2026, 11, 26, 15, 0, tzinfo=dt.UTC)
    me = Candidate(engine, "Europe/Berlin", thursday)
    await me.interview(SINGLE)
    await me.send("sent", me.ref)
    said = await me.send("not sure")
    (row,) = await me.scheduled()
    assert row.kind == "heard_back"
    # Thursday + 5 business days = the next Thursday, at 17:00 in Berlin.
    assert row.due_at == dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC)
    assert "2026-12-03" in said


async def test_they_said_by_friday(engine: AsyncEngine) -> None:
    me = Candidate(engine, "America/Los_Angeles", WEDNESDAY)
    await me.interview(SINGLE)
    await me.send("sent", me.ref)
    assert "couldn't read" in await me.send("whenever")  # a clear message, asked again
    assert await me.scheduled() == []
    await me.send("they said by Friday")
    (row,) = await me.scheduled()
    assert row.due_at.astimezone(ZoneInfo("America/Los_Angeles")).date() == dt.date(2026, 11, 27)


async def test_two_follow_ups_at_most_then_it_stops(engine: AsyncEngine) -> None:
    me = Candidate(engine, "Europe/Berlin", WEDNESDAY)
    await me.interview(SINGLE)
    await me.send("sent", me.ref)
    await me.send("not sure")
    (check,) = await me.scheduled()
    await me.press_scheduled(check, "not yet")
    first = me.replies[-1].notes[0]
    assert first.subject.startswith("Re: Thank you")
    assert 60 <= body_word_count(first.body) <= 120
    assert "Brightline Software" in first.body and "Jordan Rivera" in first.body
    (second_check,) = await me.scheduled()
    assert second_check.payload["follow_ups"] == 1
    assert "last" in await me.press_scheduled(second_check, "not yet")
    assert await me.scheduled() == []  # no third check
    notes = await me.store.list_notes(KEY)
    assert [n.subject.startswith("Re:") for n in notes] == [False, True, True]
    # Pressing an old button again changes nothing.
    assert "no longer following up" in await me.press_scheduled(check, "not yet")
    assert len(await me.store.list_notes(KEY)) == 3


async def test_yes_and_stop_asking_cancel_what_is_scheduled(engine: AsyncEngine) -> None:
    me = Candidate(engine, "Europe/Berlin", WEDNESDAY)
    await me.interview(SINGLE)
    await me.send("remind me", me.ref)
    assert len(await me.scheduled()) == 1
    assert "won't ask" in await me.send("stop asking")  # typed: no interview is open
    assert await me.scheduled() == []
    statuses = [r.status for r in await me.schedule.for_user(KEY, pending_only=False)]
    assert statuses == ["cancelled"]


async def test_a_panel_chooses_whom_the_follow_up_goes_to(engine: AsyncEngine) -> None:
    me = Candidate(engine, "Europe/Berlin", WEDNESDAY)
    await me.interview([*PANEL_LINES[:7], "skip", "skip", *PANEL_LINES[7:]])
    await me.send("sent", me.ref)
    await me.send("next week")
    (check,) = await me.scheduled()
    asked = await me.press_scheduled(check, "not yet")
    assert "one person" in asked
    assert [b.value for b in me.replies[-1].buttons] == ["Dana Lee", "Sam Ortiz"]
    await me.send("Sam Ortiz", me.ref)
    note = me.replies[-1].notes[0]
    assert note.interviewer == "Sam Ortiz" and "Dana" not in note.body
    (again,) = await me.scheduled()
    assert again.payload["interviewer"] == "Sam Ortiz"


async def test_delete_my_data_leaves_nothing_scheduled(engine: AsyncEngine) -> None:
    me = Candidate(engine, "Europe/Berlin", WEDNESDAY)
    await me.interview(SINGLE)
    await me.send("remind me", me.ref)
    assert len(await me.scheduled()) == 1
    await me.service.handle(KEY, Incoming(command=Command.DELETE_CONFIRMED))
    assert await me.schedule.for_user(KEY, pending_only=False) == []


async def test_reminders_lists_what_is_scheduled_and_cancels_one(engine: AsyncEngine) -> None:
    me = Candidate(engine, "Europe/Berlin", WEDNESDAY)
    assert "Nothing is scheduled" in await me.send("reminders")
    await me.interview(SINGLE)
    await me.send("remind me", me.ref)
    listed = await me.send("reminders")
    assert "1. Wed 25 Nov, 18:00 (CET): a reminder to send your note to Emily Carter" in listed
    assert [b.value for b in me.replies[-1].buttons] == ["cancel reminder 1"]
    assert "There is no reminder 2" in await me.send("cancel reminder 2")
    assert "Cancelled: the reminder to send your note" in await me.send("cancel reminder 1")
    assert await me.scheduled() == []
    assert "Nothing is scheduled" in await me.send("reminders")


async def test_today_in_the_interview_is_the_users_today(engine: AsyncEngine) -> None:
    """02:00 UTC on Thursday is still Wednesday evening in Los Angeles."""
    thursday_night_utc = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)
    for zone, day in (("America/Los_Angeles", "2026-11-25"), ("Europe/Berlin", "2026-11-26")):
        me = Candidate(engine, zone, thursday_night_utc)
        await me.service.handle(KEY, Incoming(command=Command.START, profile=me.profile))
        for line in SINGLE[:4]:
            await me.send(line)
        await me.send("today")
        record = await me.store.open_conversation(KEY)
        assert record is not None and record.state["answers"]["interview_date"] == day
        await me.service.handle(KEY, Incoming(command=Command.DELETE_CONFIRMED))
