"""The scheduler: sends scheduled messages when they are due, on every replica at once.

`Scheduler.running()` is an async context manager for the app's cleanup context: a task
that polls every `interval_s` seconds. Each poll (`run_once(now)`, which tests call
directly with their own clock):

1. claims the due rows of the platforms this server can send to (bot/store/schedule.py:
   `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, so replicas take disjoint rows),
   each under a lease;
2. renders each row (`Render`: the row -> `Reply`s) and hands it to the platform's
   `Sender` (adapters/slack/proactive.py, adapters/teams/proactive.py), a few at a time,
   each bounded by `delivery_timeout_s`;
3. records the outcome in one statement with the row's new status: sent; back to
   scheduled with backoff (`RetryPolicy`: 1, 4, 16 and 64 minutes, or the platform's
   Retry-After if longer) and the error kept; or failed, when the user is gone or the
   5th attempt failed (logged).

Each send holds the user's sends lock, shared with their other sends (bot/store/locks.py,
in every process), and first checks that its claim still stands: deleting a user's
data waits for their sends in flight and then deletes the rows, so nothing reaches them
after "Nothing of yours is left here".

Stopping (SIGTERM: `begin_stop`, from the app's on_shutdown; then `running()` waits
for it): nothing new is claimed; claims still waiting for a free sender are released at
once (due again, their attempt not counted), for the next poll of any scheduler, the
restarted process's included; sends in flight get until `stop_grace_s` after SIGTERM to
finish and be recorded; one that cannot is cancelled and released too (its attempt
counted, so Slack's sender looks for it in the DM first), never left claimed until its
lease runs out. The server itself gives requests 10 s (bot/cli.py).

Delivery is at least once. A row is marked sent only after the platform accepted it. If
the process dies after the claim (a crash, kill -9), the row stays claimed until its
lease (5 minutes) runs out and is then claimed and sent again, once. If it dies, or a
send is cancelled at the end of the grace period, after the platform accepted the
message and before the mark, the message goes out again: Slack's sender finds the first
copy by the row's idempotency key in the DM's history and does not repost it; Teams
offers no such check, so there the user may get it twice. A lease that runs out while a
send is still going (a send takes at most `delivery_timeout_s`, well under the lease)
would do the same.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import enum
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field

from adapters.outbound import Delivered, Gone, Outcome, Outgoing, RetryLater, Sender
from bot.store.db import UNAVAILABLE
from bot.store.locks import UserLocks
from bot.store.schedule import DEFAULT_BATCH, DEFAULT_LEASE, Claim, Schedule
from dialogs.messages import Reply

log = logging.getLogger(__name__)

POLL_INTERVAL_S = 5.0
DELIVERY_TIMEOUT_S = 120.0
# From SIGTERM, how long sends in flight get to finish: inside the server's 10 s for
# requests (bot/cli.py SHUTDOWN_SECONDS), with room to record and release before the
# watchdog's 12.
STOP_GRACE_S = 8.0
CONCURRENCY = 8

Deliver = Callable[[Claim], Awaitable[Outcome]]
Render = Callable[[Claim], Awaitable[Sequence[Reply]]]


class Undeliverable(Exception):
    """The row cannot be turned into a message (a bug, or a payload from newer code):
    failed at once, since every retry would fail the same way."""


@dataclass(frozen=True)
class RetryPolicy:
    """At most `max_attempts` tries; after try n, wait `first_delay * factor**(n-1)`
    (at most `max_delay`), or the platform's Retry-After if that is longer."""

    max_attempts: int = 5
    first_delay: dt.timedelta = dt.timedelta(minutes=1)
    factor: float = 4.0
    max_delay: dt.timedelta = dt.timedelta(hours=2)

    def delay(self, attempt: int, asked: dt.timedelta | None = None) -> dt.timedelta:
        backoff = min(self.first_delay * self.factor ** (attempt - 1), self.max_delay)
        return max(backoff, asked) if asked is not None else backoff


@dataclass
class RunReport:
    """What one poll did, by row id."""

    sent: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    # Outcomes not recorded: the user cancelled or deleted it meanwhile, or the lease ran
    # out and another worker took the row over.
    lost: list[int] = field(default_factory=list)
    # Given back unsent because the scheduler stopped (due again at once).
    released: list[int] = field(default_factory=list)

    @property
    def claimed(self) -> int:
        done = self.sent + self.retried + self.failed + self.lost + self.released
        return len(done)


class _Phase(enum.Enum):
    QUEUED = "queued"  # claimed, waiting for a free sender (or the user's sends lock)
    DELIVERING = "delivering"  # handed to the platform's sender
    RECORDING = "recording"  # the outcome is being written


@dataclass
class _Sending:
    """One claimed row on its way, as the stopping scheduler sees it."""

    claim: Claim
    report: RunReport
    phase: _Phase = _Phase.QUEUED
    task: asyncio.Task[None] | None = None


def default_worker() -> str:
    """A name for this scheduler in the claims it makes: host, process, instance."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def delivery(render: Render, senders: Mapping[str, Sender]) -> Deliver:
    """Render a claimed row and send it with its platform's sender. `senders` is keyed by
    platform ("slack", "msteams"); a key ending in "." is a prefix ("bf." for the other
    Bot Framework channels). Pass the same keys as the scheduler's `platforms`."""

    def sender_of(platform: str) -> Sender | None:
        if platform in senders:
            return senders[platform]
        for name, sender in senders.items():
            if name.endswith(".") and platform.startswith(name):
                return sender
        return None

    async def deliver(claim: Claim) -> Outcome:
        sender = sender_of(claim.key.platform)
        if sender is None:
            return Gone(f"no sender for platform {claim.key.platform}")
        try:
            replies = await render(claim)
        except Exception as error:
            raise Undeliverable(f"{type(error).__name__}: {error}") from error
        return await sender.send(
            Outgoing(claim.key, tuple(replies), claim.idempotency_key, claim.attempt)
        )

    return deliver


class Scheduler:
    """Polls for due rows and sends them (see the module docstring). `runs` and
    `wait_runs` let tests wait for a poll instead of guessing when it happened."""

    def __init__(
        self,
        schedule: Schedule,
        deliver: Deliver,
        *,
        platforms: Sequence[str] | None = None,
        worker: str | None = None,
        interval_s: float = POLL_INTERVAL_S,
        lease: dt.timedelta = DEFAULT_LEASE,
        batch: int = DEFAULT_BATCH,
        concurrency: int = CONCURRENCY,
        delivery_timeout_s: float = DELIVERY_TIMEOUT_S,
        retry: RetryPolicy | None = None,
        clock: Callable[[], dt.datetime] = _now,
        locks: UserLocks | None = None,
        stop_grace_s: float = STOP_GRACE_S,
    ) -> None:
        """`locks`: the store's (Store.locks), shared with the turns of this process so
        that a deletion waits for a send of the same user."""
        if dt.timedelta(seconds=delivery_timeout_s) >= lease:
            raise ValueError("a delivery must time out well before its lease runs out")
        self._schedule = schedule
        self._deliver = deliver
        self.platforms = list(platforms) if platforms is not None else None
        self.worker = worker or default_worker()
        self.interval_s = interval_s
        self._lease = lease
        self._batch = batch
        self._limit = asyncio.Semaphore(concurrency)
        self._timeout_s = delivery_timeout_s
        self.retry = retry or RetryPolicy()
        self._clock = clock
        self._changed = asyncio.Condition()
        self._wake = asyncio.Event()
        self._locks = locks or UserLocks()
        self._stop_grace_s = stop_grace_s
        self._stopping = False
        self._stopped: asyncio.Task[None] | None = None
        self._sending: dict[int, _Sending] = {}  # by row id
        self.runs = 0
        self.last = RunReport()

    async def run_once(self, now: dt.datetime | None = None) -> RunReport:
        """One poll at `now` (default: the clock): claim, send, record. Never raises
        for the database or a platform failing: the next poll tries again."""
        now = now or self._clock()
        report = RunReport()
        if self._stopping:
            return await self._finished(report)  # claims nothing new
        try:
            claimed = await self._schedule.claim_due(
                now,
                worker=self.worker,
                lease=self._lease,
                limit=self._batch,
                max_attempts=self.retry.max_attempts,
                platforms=self.platforms,
            )
        except UNAVAILABLE as error:
            log.error("scheduler: claiming due messages failed: %s", type(error).__name__)
        else:
            for record in claimed.exhausted:
                log.error(
                    "scheduled message %d (%s, %s) failed: %s",
                    record.id,
                    record.kind,
                    record.key.platform,
                    record.last_error,
                )
                report.failed.append(record.id)
            if self._stopping:  # stopped while claiming: given back unsent
                await self._release([_Sending(c, report) for c in claimed.claims], tried=False)
            else:
                await self._send_all(claimed.claims, now, report)
        return await self._finished(report)

    async def _finished(self, report: RunReport) -> RunReport:
        self.last = report
        async with self._changed:
            self.runs += 1
            self._changed.notify_all()
        return report

    async def _send_all(self, claims: Sequence[Claim], now: dt.datetime, report: RunReport) -> None:
        """Send every claim, a few at a time, each in a task the stop can find."""
        tasks = []
        for claim in claims:
            sending = self._sending[claim.id] = _Sending(claim, report)
            sending.task = asyncio.create_task(self._send(sending, now))
            tasks.append(sending.task)
        if not tasks:
            return
        try:
            await asyncio.wait(tasks)
        except asyncio.CancelledError:  # the poll cancelled (not stopped): its sends too
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        finally:
            for claim in claims:
                self._sending.pop(claim.id, None)
        for task in tasks:
            if not task.cancelled() and task.exception() is not None:
                log.error("scheduler: a send failed", exc_info=task.exception())

    async def _send(self, sending: _Sending, now: dt.datetime) -> None:
        claim, report = sending.claim, sending.report
        async with self._limit:
            try:
                async with self._locks.sending(claim.key):
                    if not await self._schedule.still_claimed(claim):
                        report.lost.append(claim.id)  # deleted or cancelled meanwhile
                        return
                    sending.phase = _Phase.DELIVERING
                    outcome = await self._outcome(claim)
                    sending.phase = _Phase.RECORDING
                    recorded = await self._record(claim, outcome, now, report)
            except UNAVAILABLE as error:
                log.error(
                    "scheduled message %d: %s: %s",
                    claim.id,
                    "not sent" if sending.phase is _Phase.QUEUED else "outcome not recorded",
                    type(error).__name__,
                )
                # Not begun: given back, to be sent at the next poll. Begun: it stays
                # claimed and is sent again after its lease (at least once).
                released = sending.phase is _Phase.QUEUED and await self._release([sending])
                recorded = bool(released)
        if not recorded:
            report.lost.append(claim.id)

    async def _outcome(self, claim: Claim) -> Outcome:
        try:
            return await asyncio.wait_for(self._deliver(claim), self._timeout_s)
        except Undeliverable as error:
            return Gone(f"undeliverable: {error}")
        except TimeoutError:
            return RetryLater(f"no answer within {self._timeout_s:g} s")
        except Exception as error:  # a sender's bug must not stop the others
            log.exception("scheduled message %d: sending raised", claim.id)
            return RetryLater(f"{type(error).__name__}")

    async def _record(
        self, claim: Claim, outcome: Outcome, now: dt.datetime, report: RunReport
    ) -> bool:
        what = f"scheduled message {claim.id} ({claim.kind}, {claim.key.platform})"
        if isinstance(outcome, Delivered):
            if await self._schedule.mark_sent(claim, now):
                report.sent.append(claim.id)
                return True
            log.warning("%s was sent, but its claim was lost meanwhile", what)
            return False
        if isinstance(outcome, RetryLater) and claim.attempt < self.retry.max_attempts:
            retry_at = now + self.retry.delay(claim.attempt, outcome.after)
            if await self._schedule.mark_retry(claim, outcome.error, retry_at):
                log.warning(
                    "%s: attempt %d failed (%s); retrying at %s",
                    what,
                    claim.attempt,
                    outcome.error,
                    retry_at.isoformat(timespec="seconds"),
                )
                report.retried.append(claim.id)
                return True
            return False
        error = (
            f"{outcome.error} (attempt {claim.attempt} of {self.retry.max_attempts})"
            if isinstance(outcome, RetryLater)
            else f"gone: {outcome.error}"
        )
        if await self._schedule.mark_failed(claim, error, now):
            log.error("%s failed: %s", what, error)
            report.failed.append(claim.id)
            return True
        return False

    async def wait_runs(self, count: int) -> None:
        async with self._changed:
            await self._changed.wait_for(lambda: self.runs >= count)

    def wake(self) -> None:
        """Poll now rather than at the end of the interval (a message due at once)."""
        self._wake.set()

    def begin_stop(self) -> None:
        """Stop claiming, and release or finish what was claimed (the module docstring);
        `running()` waits for it. Called at SIGTERM by the app's on_shutdown."""
        if self._stopped is None:
            self._stopping = True
            self._wake.set()
            deadline = asyncio.get_running_loop().time() + self._stop_grace_s
            self._stopped = asyncio.create_task(self._stop(deadline))

    async def wait_stopped(self) -> None:
        """Wait until a stop begun has finished or given back everything it had."""
        if self._stopped is not None:
            await self._stopped

    async def _stop(self, deadline: float) -> None:
        queued = [s for s in self._sending.values() if s.phase is _Phase.QUEUED]
        await self._cancel(queued)
        await self._release(queued, tried=False)
        in_flight = [s for s in self._sending.values() if s.phase is not _Phase.QUEUED]
        tasks = {s.task for s in in_flight if s.task is not None}
        if tasks:
            await asyncio.wait(
                tasks, timeout=max(0.0, deadline - asyncio.get_running_loop().time())
            )
        unfinished = [s for s in in_flight if s.phase is _Phase.DELIVERING]
        await self._cancel(unfinished)
        await self._release(unfinished, tried=True)
        recording = {s.task for s in in_flight if s.task is not None and not s.task.done()}
        if recording:  # outcomes being written: bounded by the database's timeouts
            await asyncio.wait(recording)

    async def _cancel(self, sendings: Sequence[_Sending]) -> None:
        tasks = [s.task for s in sendings if s.task is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _release(self, sendings: Sequence[_Sending], *, tried: bool = False) -> set[int]:
        """Give these claims back at once (`tried`: the attempt began, so it counts);
        the ids given back."""
        if not sendings:
            return set()
        try:
            released = await self._schedule.release([s.claim for s in sendings], tried=tried)
        except UNAVAILABLE as error:
            # They stay claimed; each is sent after its lease instead.
            log.error("scheduler: %d claims not released: %s", len(sendings), type(error).__name__)
            return set()
        for sending in sendings:
            if sending.claim.id in released:
                sending.report.released.append(sending.claim.id)
        log.info("scheduler: %d scheduled messages given back unsent", len(released))
        return released

    async def _loop(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                await self.run_once()
            except Exception:  # a bug in one poll must not end the polling
                log.exception("scheduler: a poll failed")
            # A schedule, not a synchronisation: wait out the interval unless woken.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval_s)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Run the polling task for the duration of the block. On the way out, stop (if
        SIGTERM did not already begin it) and wait for the stop: see the module
        docstring."""
        self._stopping, self._stopped = False, None
        task = asyncio.create_task(self._loop(), name=f"scheduler {self.worker}")
        try:
            yield
        finally:
            self.begin_stop()
            await self.wait_stopped()
            with contextlib.suppress(asyncio.CancelledError):
                await task
