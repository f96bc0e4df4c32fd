"""The scheduler on SQLite and PostgreSQL, driven poll by poll with the test's clock:
backoff, at most 5 attempts, gone users, cancels while sending, a crash between the
claim and the send, the polling task started and stopped like the app does, and what
a stop (SIGTERM) gives back and lets finish."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import defaultdict
from typing import Any

import pytest
from aiohttp import web
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.outbound import Delivered, Gone, Outcome, Outgoing, RetryLater
from bot.app import DEFERRED, STORE, create_app
from bot.reminders.messages import render_claim
from bot.reminders.scheduler import RetryPolicy, Scheduler, delivery
from bot.reminders.serve import SCHEDULER
from bot.settings import Settings
from bot.store.db import create_engine, sessionmaker, upgrade
from bot.store.models import HEARD_BACK, SEND_REMINDER, ScheduledMessage
from bot.store.schedule import CANCELLED, CLAIMED, FAILED, SCHEDULED, SENT, Claim, Schedule
from dialogs.messages import conversation_key

ALICE = conversation_key("slack", "T1", "U1")
BOB = conversation_key("msteams", "tenant-a", "aad-bob")
T0 = dt.datetime(2026, 12, 2, 17, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
PAYLOAD = {"subject": "Thank you – Analyst interview", "interviewers": ["Dana"], "company": "Acme"}


class Script:
    """A deliver function: answers each row with the outcomes queued for it (then
    Delivered), and counts every call per row."""

    def __init__(self) -> None:
        self.calls: dict[int, list[int]] = defaultdict(list)  # row id -> attempts seen
        self.queued: dict[int, list[Outcome | BaseException]] = defaultdict(list)

    async def __call__(self, claim: Claim) -> Outcome:
        self.calls[claim.id].append(claim.attempt)
        queued = self.queued[claim.id]
        step = queued.pop(0) if queued else Delivered()
        if isinstance(step, BaseException):
            raise step
        return step


@pytest.fixture
def schedule(engine: AsyncEngine) -> Schedule:
    return Schedule(sessionmaker(engine))


@pytest.fixture
def script() -> Script:
    return Script()


def scheduler(schedule: Schedule, deliver: Script, **options: object) -> Scheduler:
    return Scheduler(schedule, deliver, worker="test", **options)  # type: ignore[arg-type]


async def status(schedule: Schedule, row: int) -> tuple[str, int, str | None, dt.datetime]:
    record = await schedule.get(row)
    assert record is not None
    return record.status, record.attempts, record.last_error, record.due_at


async def test_a_due_row_is_sent_once(schedule: Schedule, script: Script) -> None:
    row = await schedule.schedule(ALICE, SEND_REMINDER, T0, PAYLOAD)
    later = await schedule.schedule(ALICE, HEARD_BACK, T0 + MINUTE, {})
    runner = scheduler(schedule, script)

    assert (await runner.run_once(T0 - MINUTE)).claimed == 0
    report = await runner.run_once(T0)
    assert report.sent == [row.id]
    assert (await runner.run_once(T0)).claimed == 0  # sent is sent
    assert script.calls == {row.id: [1]}
    assert (await status(schedule, row.id))[:3] == (SENT, 1, None)
    assert (await status(schedule, later.id))[0] == SCHEDULED


async def test_retries_back_off_then_succeed(schedule: Schedule, script: Script) -> None:
    row = await schedule.schedule(ALICE, SEND_REMINDER, T0, PAYLOAD)
    script.queued[row.id] = [RetryLater("ratelimited")] * 3 + [RetryLater("fatal_error")]
    runner = scheduler(schedule, script)

    now = T0
    waits = []
    for attempt in range(1, 5):
        report = await runner.run_once(now)
        assert report.retried == [row.id], attempt
        state, attempts, error, due = await status(schedule, row.id)
        assert (state, attempts) == (SCHEDULED, attempt)
        waits.append(due - now)
        # Nothing happens before the next due time.
        assert (await runner.run_once(due - dt.timedelta(seconds=1))).claimed == 0
        now = due
    assert waits == [MINUTE, 4 * MINUTE, 16 * MINUTE, 64 * MINUTE]
    assert error == "fatal_error"
    assert (await runner.run_once(now)).sent == [row.id]
    assert script.calls[row.id] == [1, 2, 3, 4, 5]
    assert (await status(schedule, row.id))[:3] == (SENT, 5, None)


async def test_at_most_five_attempts_then_failed(
    schedule: Schedule, script: Script, caplog: pytest.LogCaptureFixture
) -> None:
    row = await schedule.schedule(ALICE, SEND_REMINDER, T0, PAYLOAD)
    script.queued[row.id] = [RetryLater("service_unavailable")] * 10
    runner = scheduler(schedule, script)

    now = T0
    for _ in range(5):
        await runner.run_once(now)
        now += dt.timedelta(hours=3)
    assert runner.last.failed == [row.id]
    state, attempts, error, _ = await status(schedule, row.id)
    assert (state, attempts) == (FAILED, 5)
    assert error == "service_unavailable (attempt 5 of 5)"
    assert (await runner.run_once(now + dt.timedelta(days=30))).claimed == 0
    assert len(script.calls[row.id]) == 5
    assert f"scheduled message {row.id} (send_reminder, slack) failed" in caplog.text


async def test_a_longer_retry_after_is_honoured(schedule: Schedule, script: Script) -> None:
    row = await schedule.schedule(ALICE, SEND_REMINDER, T0, PAYLOAD)
    script.queued[row.id] = [RetryLater("ratelimited", after=dt.timedelta(minutes=30))]
    await scheduler(schedule, script).run_once(T0)
    assert (await status(schedule, row.id))[3] == T0 + dt.timedelta(minutes=30)
    assert RetryPolicy().delay(9) == dt.timedelta(hours=2)  # the cap


async def test_a_gone_user_fails_at_once(schedule: Schedule, script: Script) -> None:
    row = await schedule.schedule(ALICE, SEND_REMINDER, T0, PAYLOAD)
    script.queued[row.id] = [Gone("account_inactive")]
    report = await scheduler(schedule, script).run_once(T0)
    assert report.failed == [row.id]
    assert (await status(schedule, row.id))[:3] == (FAILED, 1, "gone: account_inactive")
    assert script.calls[row.id] == [1]


async def test_a_sender_that_raises_is_retried(schedule: Schedule, script: Script) -> None:
    row = await schedule.schedule(ALICE, SEND_REMINDER, T0, PAYLOAD)
    script.queued[row.id] = [RuntimeError("a bug")]
    report = await scheduler(schedule, script).run_once(T0)
    assert report.retried == [row.id]
    assert (await status(schedule, row.id))[2] == "RuntimeError"


async def test_a_send_that_never_answers_is_retried(schedule: Schedule) -> None:
    row = await schedule.schedule(ALICE, SEND_REMINDER, T0, PAYLOAD)
    never = asyncio.Event()

    async def hangs(claim: Claim) -> Outcome:
        await never.wait()
        return Delivered()

    runner = Scheduler(schedule, hangs, worker="test", delivery_timeout_s=0.01)
    assert (await runner.run_once(T0)).retried == [row.id]
    assert (await status(schedule, row.id))[2] == "no answer within 0.01 s"


async def test_a_row_it_cannot_say_fails_at_once(schedule: Schedule) -> None:
    sent: list[Outgoing] = []

    class Sink:
        async def send(self, outgoing: Outgoing) -> Outcome:
            sent.append(outgoing)
            return Delivered()

    good = await schedule.schedule(ALICE, SEND_REMINDER, T0, PAYLOAD)
    bad = await schedule.schedule(ALICE, HEARD_BACK, T0, {"company": "Acme"})  # no interviewer
    elsewhere = await schedule.schedule(BOB, SEND_REMINDER, T0, PAYLOAD)
    deliver = delivery(render_claim, {"slack": Sink()})
    report = await Scheduler(schedule, deliver, worker="w").run_once(T0)

    assert report.sent == [good.id]
    assert sorted(report.failed) == sorted([bad.id, elsewhere.id])
    assert "undeliverable: ValueError: heard_back payload lacks interviewer" in (
        (await status(schedule, bad.id))[2] or ""
    )
    assert (await status(schedule, elsewhere.id))[2] == "gone: no sender for platform msteams"
    assert [(o.key, o.idempotency_key, o.attempt) for o in sent] == [
        (ALICE, good.idempotency_key, 1)
    ]
    assert sent[0].replies[0].ref == f"scheduled:{good.id}"
    assert [b.label for b in sent[0].replies[0].buttons] == ["Show the note", "Sent"]


async def test_a_cancel_while_sending_is_not_overwritten(schedule: Schedule) -> None:
    row = await schedule.schedule(ALICE, SEND_REMINDER, T0, PAYLOAD)

    async def cancelled_meanwhile(claim: Claim) -> Outcome:
        assert await schedule.cancel(ALICE, claim.id)
        return Delivered()

    report = await Scheduler(schedule, cancelled_meanwhile, worker="w").run_once(T0)
    assert report.lost == [row.id]
    assert (await status(schedule, row.id))[0] == CANCELLED


async def test_a_crash_between_claim_and_send_delivers_after_restart_once(
    engine: AsyncEngine, database_url: str
) -> None:
    """The process dies while a claimed row waits to be sent (its poll's task cancelled,
    with no stop: a crash, as far as the database can tell). A new process claims it
    once its lease has run out and sends it; it is sent exactly once."""
    schedule = Schedule(sessionmaker(engine))
    row = await schedule.schedule(ALICE, SEND_REMINDER, T0, PAYLOAD)
    claimed, never = asyncio.Event(), asyncio.Event()
    delivered: list[int] = []

    async def stuck(claim: Claim) -> Outcome:
        claimed.set()
        await never.wait()  # the process dies before the send
        delivered.append(claim.id)
        return Delivered()

    first = Scheduler(schedule, stuck, worker="first", clock=lambda: T0)
    poll = asyncio.create_task(first.run_once())
    await asyncio.wait_for(claimed.wait(), 10)
    poll.cancel()  # the crash
    with pytest.raises(asyncio.CancelledError):
        await poll
    assert delivered == []
    assert (await status(schedule, row.id))[:2] == (CLAIMED, 1)

    restarted_engine = create_engine(database_url)  # the restarted process
    try:
        restarted = Schedule(sessionmaker(restarted_engine))
        script = Script()
        second = scheduler(restarted, script)
        lease = dt.timedelta(minutes=5)
        assert (await second.run_once(T0 + lease - dt.timedelta(seconds=1))).claimed == 0
        assert (await second.run_once(T0 + lease)).sent == [row.id]
        assert (await second.run_once(T0 + 2 * lease)).claimed == 0
        assert script.calls == {row.id: [2]}  # one send, on the second attempt
        assert (await status(restarted, row.id))[:2] == (SENT, 2)
    finally:
        await restarted_engine.dispose()


async def test_the_polling_task_starts_and_stops_with_the_app(
    schedule: Schedule, script: Script
) -> None:
    clock = [T0 - MINUTE]
    runner = Scheduler(schedule, script, worker="w", interval_s=3600, clock=lambda: clock[0])
    row = await schedule.schedule(ALICE, SEND_REMINDER, T0, PAYLOAD)
    async with runner.running():
        await runner.wait_runs(1)  # a poll at start-up: nothing due yet
        assert script.calls == {}
        clock[0] = T0  # the clock moves; the app wakes the scheduler (or the hour passes)
        runner.wake()
        await runner.wait_runs(2)
    assert script.calls == {row.id: [1]}
    assert (await status(schedule, row.id))[0] == SENT


async def test_the_database_down_does_not_stop_the_polling(
    script: Script, caplog: pytest.LogCaptureFixture
) -> None:
    unreachable = create_engine("postgresql+asyncpg://nobody@127.0.0.1:9/none")
    try:
        runner = Scheduler(Schedule(sessionmaker(unreachable)), script, worker="w")
        assert (await runner.run_once(T0)).claimed == 0  # logged, not raised
        assert runner.runs == 1
    finally:
        await unreachable.dispose()
    assert "scheduler: claiming due messages failed" in caplog.text


def test_a_delivery_must_time_out_within_its_lease() -> None:
    with pytest.raises(ValueError, match="lease"):
        Scheduler(
            Schedule(None),  # type: ignore[arg-type]
            Script(),
            lease=dt.timedelta(seconds=60),
            delivery_timeout_s=60,
        )


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_rows_another_claim_holds_are_skipped_not_waited_for(
    schedule: Schedule, engine: AsyncEngine
) -> None:
    """PostgreSQL: while one replica's claim transaction holds rows, another's claim
    takes the others at once (SKIP LOCKED) instead of waiting for the lock."""
    rows = [await schedule.schedule(ALICE, SEND_REMINDER, T0, PAYLOAD) for _ in range(4)]
    async with engine.connect() as holder, holder.begin():
        held = await holder.scalars(
            select(ScheduledMessage.id).order_by(ScheduledMessage.id).limit(2).with_for_update()
        )
        held_ids = list(held)
        await holder.execute(text("SELECT 1"))
        other_engine = create_engine(engine.url.render_as_string(hide_password=False))
        try:
            claimed = await asyncio.wait_for(
                Schedule(sessionmaker(other_engine)).claim_due(T0, worker="b"), 5
            )
        finally:
            await other_engine.dispose()
    assert sorted(c.id for c in claimed.claims) == [r.id for r in rows[2:]]
    assert held_ids == [r.id for r in rows[:2]]


# -- stopping (SIGTERM) -------------------------------------------------------------------


class Held:
    """A deliver function whose sends wait until `open()`: `in_flight` counts those
    handed over and not answered, `calls` every send per row."""

    def __init__(self) -> None:
        self.calls: dict[int, int] = defaultdict(int)
        self.in_flight = 0
        self._open = asyncio.Event()
        self._changed = asyncio.Condition()

    async def __call__(self, claim: Claim) -> Outcome:
        self.calls[claim.id] += 1
        async with self._changed:
            self.in_flight += 1
            self._changed.notify_all()
        await self._open.wait()
        self.in_flight -= 1
        return Delivered()

    async def until_in_flight(self, count: int) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: self.in_flight >= count), 10)

    def open(self) -> None:
        self._open.set()


def on_release(schedule: Schedule, monkeypatch: pytest.MonkeyPatch) -> asyncio.Event:
    """Set when a stopping scheduler has given claims back."""
    done = asyncio.Event()
    release = getattr(schedule, "release", None)

    async def releasing(claims: list[Claim], *, tried: bool) -> set[int]:
        assert release is not None
        released: set[int] = await release(claims, tried=tried)
        done.set()
        return released

    monkeypatch.setattr(schedule, "release", releasing, raising=False)
    return done


async def test_stopping_releases_queued_claims_at_once_and_lets_sends_in_flight_finish(
    schedule: Schedule, monkeypatch: pytest.MonkeyPatch
) -> None:
    """20 rows claimed, 8 being sent when the app stops (a slow connector): the 12 not
    begun are given back at once, attempt uncounted, and the 8 finish and are recorded.
    A restarted scheduler sends the 12 at once, not after the 5-minute lease, and no
    row is sent twice (Teams got 2 of 20 twice with 2 s replies, 4 with 8 s: the stop
    gave a poll 5 s, then cancelled its sends and left every claim to its lease)."""
    rows = [await schedule.schedule(ALICE, SEND_REMINDER, T0, PAYLOAD) for _ in range(20)]
    held = Held()
    first = Scheduler(
        schedule, held, worker="first", batch=20, concurrency=8, interval_s=3600, clock=lambda: T0
    )
    released = on_release(schedule, monkeypatch)

    async def answer_once_the_rest_is_given_back() -> None:
        await released.wait()
        held.open()  # the connector answers the 8, within the grace period

    answering = asyncio.create_task(answer_once_the_rest_is_given_back())
    async with first.running():
        await held.until_in_flight(8)
    answering.cancel()
    states = {row.id: await status(schedule, row.id) for row in rows}
    sent = [row for row, state in states.items() if state[:2] == (SENT, 1)]
    waiting = [row for row, state in states.items() if state[:2] == (SCHEDULED, 0)]
    assert (len(sent), len(waiting)) == (8, 12), states
    assert sorted(held.calls) == sorted(sent)

    script = Script()
    restarted = scheduler(schedule, script, batch=20)
    assert sorted((await restarted.run_once(T0)).sent) == sorted(waiting)  # at once
    assert all(count == 1 for count in held.calls.values())
    assert not set(held.calls) & set(script.calls)
    assert {(await status(schedule, row.id))[0] for row in rows} == {SENT}


async def test_a_send_that_cannot_finish_within_the_grace_is_released_not_left(
    schedule: Schedule,
) -> None:
    """Cancelled at the end of the grace period and given back with its attempt
    counted: the restarted scheduler sends it at once (attempt 2: Slack's sender then
    looks for the first copy in the DM), not after the lease."""
    row = await schedule.schedule(ALICE, SEND_REMINDER, T0, PAYLOAD)
    held = Held()  # never opened: the platform does not answer
    first = Scheduler(schedule, held, worker="first", stop_grace_s=0.05)
    poll = asyncio.create_task(first.run_once(T0))
    await held.until_in_flight(1)
    first.begin_stop()
    report = await poll
    await first.wait_stopped()
    assert report.released == [row.id] and report.sent == []
    assert (await status(schedule, row.id))[:2] == (SCHEDULED, 1)
    script = Script()
    assert (await scheduler(schedule, script).run_once(T0)).sent == [row.id]
    assert script.calls == {row.id: [2]}


async def test_stopping_while_claiming_gives_the_claims_back(
    schedule: Schedule, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [await schedule.schedule(ALICE, SEND_REMINDER, T0, PAYLOAD) for _ in range(3)]
    script = Script()
    runner = scheduler(schedule, script)
    claim_due = schedule.claim_due

    async def sigterm_meanwhile(*args: Any, **kwargs: Any) -> Any:
        claimed = await claim_due(*args, **kwargs)
        runner.begin_stop()
        return claimed

    monkeypatch.setattr(schedule, "claim_due", sigterm_meanwhile)
    report = await runner.run_once(T0)
    assert sorted(report.released) == [row.id for row in rows] and script.calls == {}
    assert {(await status(schedule, row.id))[:2] for row in rows} == {(SCHEDULED, 0)}
    assert (await runner.run_once(T0)).claimed == 0  # stopped: claims nothing more
    await runner.wait_stopped()


async def test_sigterm_stops_the_apps_scheduler_claiming_before_requests_finish(
    database_url: str,
) -> None:
    """aiohttp runs on_shutdown at SIGTERM, then gives requests in flight their time,
    then cleans up: the scheduler stops claiming at the first, not the last. Also when
    the platforms are mounted after start-up (`thankyou serve`)."""
    await upgrade(database_url)
    for deferred in (False, True):
        app = await create_app(Settings(database_url=database_url), defer_platforms=deferred)
        runner = web.AppRunner(app)
        await runner.setup()
        try:
            inner = app[DEFERRED].inner if deferred else app
            if deferred:
                assert await app[DEFERRED].ready()
            scheduler = inner[SCHEDULER]
            ahead = T0.replace(year=2036)  # never due by the real clock the app polls by
            row = await app[STORE].schedule.schedule(BOB, HEARD_BACK, ahead, {})
            await app.shutdown()  # SIGTERM
            assert (await scheduler.run_once(ahead)).claimed == 0
            assert (await status(app[STORE].schedule, row.id))[0] == SCHEDULED
        finally:
            await runner.cleanup()
