"""`thankyou serve` under load over HTTP, against a minimal Bolt app and botbuilder's
stock echo bot measured in the same rounds.

Each server runs as its own process, pinned to one core where the machine allows (the
load generator, the fakes and PostgreSQL share the others). Simulated users walk whole
interviews (`/thankyou`, thirteen answers, `done`; Teams: `thankyou`, the answers,
`done`) with signed Slack events and Teams activities; each user sends its next message
when the reply to the last one has arrived at the fake Slack Web API or Bot Connector
this benchmark serves on 127.0.0.1, and the request was answered. The reference servers
get the same messages (they answer each with one message).

- closed loop: --users users at once, for --seconds per round;
- open loop: messages at a fixed rate (--rates), each from an idle user; a reply's
  latency counts from the scheduled send time, so queueing is not hidden;
- cold start: process start to the first 200 on /healthz, every start;
- seeded: the same closed loop after 100,000 saved notes and conversations are added,
  and `thankyou notes` / `thankyou delete-my-data` for a user with 500 notes.

Prints turns/s, the server's CPU per turn (/proc/<pid>/stat), reply p50/p99, peak RSS
(VmHWM), cold start, and each figure's ratio to its reference (Slack: the Bolt app;
Teams: the echo bot); medians over rounds. Asserts nothing. Traffic goes only to
127.0.0.1; every loop is bounded in count and time. PostgreSQL runs when
TEST_DATABASE_URL is set (a fresh database, dropped at the end).

    .venv/bin/python bench/bench_serve.py --quick
    .venv/bin/python bench/bench_serve.py --rounds 5 --seconds 10 --rates 100 200 300
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import getpass
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from harness import BOT_TOKEN, SIGNING_SECRET, THANKYOU, databases, free_port, sign, warmed_up

from bot.store.db import create_engine
from bot.store.models import Conversation, SavedNoteRow
from tests.dialog_script import SINGLE

BENCH = Path(__file__).resolve().parent
WITHOUT_LINE = ", without 'In your note'"


def _lines_per_interview() -> tuple[int, int]:
    """(turns that carry an "In your note" line, turns) in the interview every simulated
    user walks: `/thankyou`, SINGLE's answers, `done`."""
    from tests.dialog_script import Script

    script, lines = Script().start(), 0
    for line in [*SINGLE, "done"]:
        script.send(line)
        lines += "messages/in_your_note" in script.templates
    return lines, len(SINGLE) + 2


LINES_PER_INTERVIEW, TURNS_PER_INTERVIEW = _lines_per_interview()
PYTHON = sys.executable
REQUEST_TIMEOUT_S = 10.0
WARM_UP_S = 1.5
MAX_OPEN_USERS = 3000
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SEEDED_ROWS = 100_000
NOTES_USER_ROWS = 500


# -- the fakes: Slack Web API and Bot Connector, telling each user of its replies --------


class Replies:
    """The fake Slack Web API and Bot Connector. A user waits for `expect(key)`: the
    arrival time of the first reply addressed to it after that call."""

    def __init__(self) -> None:
        self._waiting: dict[str, asyncio.Future[float]] = {}
        self._ts = itertools.count(1)
        self.url = ""
        self.calls = 0

    def expect(self, key: str) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiting[key] = future
        return future

    def forget(self, key: str) -> None:
        self._waiting.pop(key, None)

    def _arrived(self, key: str) -> None:
        future = self._waiting.pop(key, None)
        if future is not None and not future.done():
            future.set_result(time.perf_counter())

    async def slack(self, request: web.Request) -> web.Response:
        self.calls += 1
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            params.update(await request.post())
        if method in ("chat.postMessage", "chat.update"):
            channel = str(params.get("channel"))
            self._arrived(channel.removeprefix("D"))
            ts = f"1700000000.{next(self._ts):06d}"
            return web.json_response({"ok": True, "channel": channel, "ts": ts})
        if method == "conversations.open":
            return web.json_response({"ok": True, "channel": {"id": f"D{params['users']}"}})
        if method == "users.info":
            user = {"id": params.get("user"), "real_name": "Jordan Rivera", "profile": {}}
            return web.json_response({"ok": True, "user": user})
        if method == "auth.test":
            return web.json_response(
                {"ok": True, "team_id": "T1", "user_id": "UBOT", "bot_id": "BBOT", "team": "T"}
            )
        return web.json_response({"ok": False, "error": "unknown_method"})

    async def connector(self, request: web.Request) -> web.Response:
        self.calls += 1
        await request.read()
        self._arrived(request.match_info["conversation_id"].removeprefix("a:"))
        return web.json_response({"id": f"reply-{next(self._ts)}"})

    async def start(self) -> web.AppRunner:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self.slack)
        base = "/v3/conversations/{conversation_id}/activities"
        app.router.add_post(base, self.connector)
        app.router.add_post(base + "/{reply_to_id}", self.connector)
        app.router.add_put(base + "/{reply_to_id}", self.connector)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        self.url = f"http://127.0.0.1:{port}/"
        return runner


# -- the servers ----------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One server to measure and the platform it is driven through."""

    name: str
    platform: str  # slack or teams
    command: list[str]
    database: str | None = None  # for thankyou serve
    reference: str | None = None  # the name of the Kind this one is compared with
    interview: bool = True  # whole interviews (ours) or plain messages (references)


class ServerProcess:
    def __init__(self, kind: Kind, env: dict[str, str], cpu: int | None) -> None:
        self.kind, self._env, self._cpu = kind, env, cpu
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: asyncio.subprocess.Process | None = None
        self.cold_start_s = 0.0
        self.started = 0.0

    async def start(self, session: aiohttp.ClientSession) -> None:
        env = {**self._env, "PORT": str(self.port)}
        cpu = self._cpu

        def pin() -> None:
            if cpu is not None:
                os.sched_setaffinity(0, {cpu})

        started = self.started = time.perf_counter()
        self.process = await asyncio.create_subprocess_exec(
            *self.kind.command,
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
            preexec_fn=pin,
        )
        deadline = started + 60
        while time.perf_counter() < deadline:  # polling a start-up, every 2 ms
            try:
                async with session.get(f"{self.url}/healthz") as response:
                    if response.status == 200:
                        self.cold_start_s = time.perf_counter() - started
                        return
            except aiohttp.ClientError:
                pass
            if self.process.returncode is not None:
                raise RuntimeError(f"{self.kind.name} exited with {self.process.returncode}")
            await asyncio.sleep(0.002)
        raise RuntimeError(f"{self.kind.name} did not start within 60 s")

    async def warmed_up(self, session: aiohttp.ClientSession) -> None:
        await warmed_up(session, self.url)

    def cpu_seconds(self) -> float:
        assert self.process is not None
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime

    def rss_mib(self) -> float:
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def peak_rss_mib(self) -> float:
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), 20)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


# -- users ----------------------------------------------------------------------------

_event_ids = itertools.count(1)


@dataclass
class User:
    kind: Kind
    name: str
    step: int = 0

    def next_message(self) -> str | None:
        """The text of the next message (None: the Slack /thankyou command)."""
        if not self.kind.interview:
            return f"message {self.step}"
        script: list[str | None] = [None, *SINGLE, "done"]
        text = script[self.step % len(script)]
        if text is None and self.kind.platform == "teams":
            return "thankyou"
        return text


class Driver:
    """Sends one user's next message to a server and waits for the reply."""

    def __init__(self, session: aiohttp.ClientSession, replies: Replies) -> None:
        self.session, self.replies = session, replies

    async def turn(self, server: ServerProcess, user: User) -> tuple[int, float | None]:
        """(HTTP status, reply arrival time or None); advances the user on success."""
        text = user.next_message()
        waiting = self.replies.expect(user.name)
        try:
            if server.kind.platform == "slack":
                status = await self._slack(server, user, text)
            else:
                status = await self._teams(server, user, text or "")
        except (aiohttp.ClientError, TimeoutError):
            status = 0
        self.replies.forget(user.name)
        arrived = waiting.result() if waiting.done() else None
        if 200 <= status < 300:
            user.step += 1
        return status, arrived

    async def _slack(self, server: ServerProcess, user: User, text: str | None) -> int:
        if text is None:
            body = urllib.parse.urlencode(
                {
                    "team_id": "T1",
                    "channel_id": "C1",
                    "user_id": user.name,
                    "command": "/thankyou",
                    "text": "",
                    "api_app_id": "A1",
                    "trigger_id": f"trigger.{next(_event_ids)}",
                }
            )
            content_type = "application/x-www-form-urlencoded"
        else:
            number = next(_event_ids)
            event = {
                "type": "message",
                "channel": f"D{user.name}",
                "channel_type": "im",
                "user": user.name,
                "text": text,
                "ts": f"{time.time():.6f}",
                "team": "T1",
            }
            body = json.dumps(
                {
                    "team_id": "T1",
                    "api_app_id": "A1",
                    "event": event,
                    "type": "event_callback",
                    "event_id": f"EvB{number:010d}",
                    "event_time": int(time.time()),
                    "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
                }
            )
            content_type = "application/json"
        headers = {"Content-Type": content_type, **sign(body)}
        async with self.session.post(
            f"{server.url}/slack/events", data=body, headers=headers
        ) as response:
            await response.read()
            return response.status

    async def _teams(self, server: ServerProcess, user: User, text: str) -> int:
        activity = {
            "type": "message",
            "id": f"act-{next(_event_ids)}",
            "channelId": "msteams",
            "serviceUrl": self.replies.url,
            "from": {"id": f"29:{user.name}", "name": "Jordan Rivera", "aadObjectId": user.name},
            "recipient": {"id": "28:bot", "name": "Thank-you coach"},
            "conversation": {
                "id": f"a:{user.name}",
                "conversationType": "personal",
                "tenantId": "t1",
            },
            "channelData": {"tenant": {"id": "t1"}},
            "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
            "text": text,
        }
        async with self.session.post(f"{server.url}/api/messages", json=activity) as response:
            await response.read()
            return response.status


@dataclass
class Sample:
    """One measured phase of one server."""

    turns: int = 0
    errors: int = 0
    offered: int = 0
    no_reply: int = 0
    seconds: float = 0.0
    cpu_s: float = 0.0
    latencies: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.turns / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_turn(self) -> float:
        return self.cpu_s / self.turns * 1000 if self.turns else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000


async def _one(
    driver: Driver, server: ServerProcess, user: User, since: float, out: Sample
) -> None:
    status, arrived = await driver.turn(server, user)
    done = time.perf_counter()
    if not 200 <= status < 300:
        out.errors += 1
        return
    out.turns += 1
    if arrived is None:
        out.no_reply += 1
    out.latencies.append((arrived or done) - since)


async def closed_loop(
    driver: Driver, server: ServerProcess, users: list[User], seconds: float
) -> Sample:
    out = Sample()
    cpu = server.cpu_seconds()
    started = time.perf_counter()
    deadline = started + seconds

    async def walk(user: User) -> None:
        while time.perf_counter() < deadline:
            await _one(driver, server, user, time.perf_counter(), out)

    await asyncio.gather(*(walk(u) for u in users))
    out.seconds = time.perf_counter() - started
    out.cpu_s = server.cpu_seconds() - cpu
    return out


async def open_loop(
    driver: Driver,
    server: ServerProcess,
    make_user: Callable[[], User],
    rate: float,
    seconds: float,
) -> Sample:
    """`rate` messages a second for `seconds`, each from an idle user (a new one if all
    are busy, up to MAX_OPEN_USERS); latency from the scheduled send time."""
    out = Sample()
    idle: list[User] = []
    made = 0
    running: set[asyncio.Task[None]] = set()
    cpu = server.cpu_seconds()
    started = time.perf_counter()

    async def send(user: User, scheduled: float) -> None:
        await _one(driver, server, user, scheduled, out)
        idle.append(user)

    for n in range(int(rate * seconds)):
        scheduled = started + n / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)  # the arrival process, not synchronisation
        if idle:
            user = idle.pop()
        elif made < MAX_OPEN_USERS:
            user, made = make_user(), made + 1
        else:
            out.errors += 1  # nobody left to send it: counted as lost
            continue
        task = asyncio.create_task(send(user, scheduled))
        running.add(task)
        task.add_done_callback(running.discard)
    if running:
        await asyncio.wait(running, timeout=REQUEST_TIMEOUT_S * 2)
    out.seconds = time.perf_counter() - started  # until the last answer: real goodput
    out.offered = int(rate * seconds)
    out.cpu_s = server.cpu_seconds() - cpu
    return out


async def soak(
    driver: Driver, server: ServerProcess, users: list[User], turns: int, marks: int = 10
) -> tuple[Sample, list[tuple[int, float]]]:
    """A closed loop of `turns` turns, and the server's RSS after each tenth of them: a
    leak keeps growing where a warm cache levels off."""
    out = Sample()
    series: list[tuple[int, float]] = [(0, server.rss_mib())]
    every = max(1, turns // marks)
    cpu = server.cpu_seconds()
    started = time.perf_counter()

    async def walk(user: User) -> None:
        while out.turns + out.errors < turns:
            await _one(driver, server, user, time.perf_counter(), out)
            if out.turns >= series[-1][0] + every:
                series.append((out.turns, server.rss_mib()))

    await asyncio.gather(*(walk(u) for u in users))
    out.seconds = time.perf_counter() - started
    out.cpu_s = server.cpu_seconds() - cpu
    return out, series


async def run_soak(
    kind: Kind, env: dict[str, str], cpu: int | None, driver: Driver, args: argparse.Namespace
) -> None:
    server = ServerProcess(kind, env, cpu)
    await server.start(driver.session)
    try:
        await server.warmed_up(driver.session)
        users = [new_user(kind) for _ in range(args.users)]
        sample, series = await soak(driver, server, users, args.soak)
    finally:
        await server.stop()
    growth = ", ".join(f"{turns:,}: {rss:.0f}" for turns, rss in series)
    print(
        f"soak, {kind.name}: {sample.turns:,} turns at {sample.rate:.0f}/s, "
        f"{sample.errors} errors; RSS (MiB) after turns: {growth}",
        flush=True,
    )


# -- one run --------------------------------------------------------------------------


@dataclass
class Figures:
    closed: list[Sample] = field(default_factory=list)
    open: dict[float, list[Sample]] = field(default_factory=dict)
    cold_start_s: list[float] = field(default_factory=list)
    first_turn_s: list[float] = field(default_factory=list)
    peak_rss_mib: list[float] = field(default_factory=list)
    seeded: list[Sample] = field(default_factory=list)


_user_names = itertools.count(1)


def new_user(kind: Kind) -> User:
    prefix = "U" if kind.platform == "slack" else "u-"
    return User(kind, f"{prefix}B{next(_user_names):07d}")


def quiet_collector() -> None:
    """Before a measured phase: what the load generator holds so far is put out of its
    garbage collector's reach. Its full collections walked all of it, pausing the load
    generator (and the fake APIs that time the replies) 70-120 ms: every message sent
    or answered meanwhile looked that slow, and the servers' p99 with it."""
    gc.collect()
    gc.freeze()


async def measure(
    kind: Kind,
    env: dict[str, str],
    cpu: int | None,
    driver: Driver,
    args: argparse.Namespace,
    figures: Figures,
    *,
    seeded: bool = False,
) -> None:
    server = ServerProcess(kind, env, cpu)
    await server.start(driver.session)
    try:
        # Process start to the first turn answered (its reply arrived).
        first = new_user(kind)
        status, arrived = await driver.turn(server, first)
        first_turn = (arrived or time.perf_counter()) - server.started
        await server.warmed_up(driver.session)  # its background warm-up is not measured
        users = [new_user(kind) for _ in range(args.users)]
        await closed_loop(driver, server, users, WARM_UP_S)  # warm-up, not counted
        quiet_collector()
        sample = await closed_loop(driver, server, users, args.seconds)
        if seeded:
            figures.seeded.append(sample)
            return
        figures.closed.append(sample)
        figures.cold_start_s.append(server.cold_start_s)
        if 200 <= status < 300:
            figures.first_turn_s.append(first_turn)
        for rate in args.rates:
            quiet_collector()
            figures.open.setdefault(rate, []).append(
                await open_loop(driver, server, lambda: new_user(kind), rate, args.open_seconds)
            )
        figures.peak_rss_mib.append(server.peak_rss_mib())
    finally:
        await server.stop()


# -- seeding --------------------------------------------------------------------------


async def seed(url: str, rows: int) -> None:
    """`rows` finished conversations and as many saved notes (1,000 users), and 500
    notes for this machine's terminal user (the `thankyou notes` figure)."""
    engine = create_engine(url, statement_timeout=None)
    now = dt.datetime.now(dt.UTC)
    console = ("console", "local", getpass.getuser())
    try:
        async with engine.begin() as connection:
            for start in range(0, rows, 5000):
                batch = range(start, min(rows, start + 5000))
                conversations = [
                    {
                        "platform": "seed",
                        "tenant": "T",
                        "user_id": f"seed{n % 1000}",
                        "status": "done",
                        "state": {},
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for n in batch
                ]
                await connection.execute(Conversation.__table__.insert(), conversations)
            mine = [
                {
                    **conversations[0],
                    "platform": console[0],
                    "tenant": console[1],
                    "user_id": console[2],
                }
                for _ in range(NOTES_USER_ROWS // 10)
            ]
            await connection.execute(Conversation.__table__.insert(), mine)
            ids = await _ids(connection, "seed")
            own = await _ids(connection, console[0])
            notes = [
                _note("seed", "T", f"seed{n % 1000}", ids[n % len(ids)], now) for n in range(rows)
            ]
            notes += [_note(*console, own[n % len(own)], now) for n in range(NOTES_USER_ROWS)]
            for start in range(0, len(notes), 5000):
                batch = notes[start : start + 5000]
                await connection.execute(SavedNoteRow.__table__.insert(), batch)
    finally:
        await engine.dispose()


async def _ids(connection: Any, platform: str) -> list[int]:
    query = (
        Conversation.__table__.select()
        .with_only_columns(Conversation.id)
        .where(Conversation.platform == platform)
    )
    return [row[0] for row in await connection.execute(query)]


def _note(platform: str, tenant: str, user: str, conversation: int | None, now: Any) -> Any:
    return {
        "platform": platform,
        "tenant": tenant,
        "user_id": user,
        "conversation_id": conversation,
        "interviewer": "Emily Carter",
        "company": "Brightline Software",
        "role": "Customer Success Manager",
        "tone": "formal",
        "subject": "Thank you",
        "body": "Dear Ms. Carter, thank you for your time yesterday. " * 8,
        "interview_date": None,
        "created_at": now,
    }


def timed_command(url: str, *argv: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [*THANKYOU, *argv],
        env={**os.environ, "DATABASE_URL": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        input=b"",
    )
    return time.perf_counter() - started


async def in_process_notes(url: str) -> float:
    """`thankyou notes` without the interpreter's start: the query and the rendering."""
    import contextlib
    import io

    from bot.cli import list_notes
    from bot.settings import Settings

    settings = Settings(database_url=url)
    with contextlib.redirect_stdout(io.StringIO()):
        await list_notes(settings, None)  # opens the database once (migration check)
        started = time.perf_counter()
        await list_notes(settings, None)
    return time.perf_counter() - started


async def in_process_delete(url: str, user: str) -> float:
    """Deleting one seeded user's data (100 conversations and their notes, among
    100,000 of each) through the service, without the interpreter's start."""
    from bot.store import Store
    from dialogs.messages import conversation_key

    engine = create_engine(url)
    try:
        store = Store(engine)
        started = time.perf_counter()
        await store.delete_user_data(conversation_key("seed", "T", user))
        return time.perf_counter() - started
    finally:
        await engine.dispose()


# -- report ---------------------------------------------------------------------------


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summary(samples: list[Sample]) -> dict[str, float]:
    return {
        "rate": med([s.rate for s in samples]),
        "cpu": med([s.cpu_ms_per_turn for s in samples]),
        "p50": med([s.percentile(0.5) for s in samples]),
        "p99": med([s.percentile(0.99) for s in samples]),
        "errors": sum(s.errors for s in samples),
        "offered": sum(s.offered for s in samples),
        "no_reply": sum(s.no_reply for s in samples),
    }


def report(kinds: list[Kind], results: dict[str, Figures], args: argparse.Namespace) -> None:
    cores = os.cpu_count()
    load = os.getloadavg()
    print(
        f"\n{cores} cores, load average {load[0]:.1f} at the end; {args.users} users, "
        f"{args.seconds:.0f} s closed loop x {args.rounds} round(s); medians\n"
    )
    header = (
        "| server | turns/s | vs ref | CPU/turn | vs ref | reply p50 / p99 | peak RSS "
        "| cold start: /healthz, first turn | errors |"
    )
    print(header)
    print("|---|---|---|---|---|---|---|---|---|")
    for kind in kinds:
        figures = results.get(kind.name)
        if figures is None or not figures.closed:
            continue
        mine = summary(figures.closed)
        ref = results.get(kind.reference or "")
        rate_ratio = cpu_ratio = ""
        if ref is not None and ref.closed and summary(ref.closed)["rate"] > 0:
            theirs = summary(ref.closed)
            rate_ratio = f"{mine['rate'] / theirs['rate']:.2f}x"
            cpu_ratio = f"{mine['cpu'] / theirs['cpu']:.1f}x"
        print(
            f"| {kind.name} | {mine['rate']:.0f} | {rate_ratio} | {mine['cpu']:.2f} ms "
            f"| {cpu_ratio} | {mine['p50']:.1f} / {mine['p99']:.1f} ms "
            f"| {med(figures.peak_rss_mib):.0f} MiB | {med(figures.cold_start_s):.2f} s, "
            f"{med(figures.first_turn_s):.2f} s "
            f"| {mine['errors']:.0f} |"
        )
    if args.rates:
        print("\nOpen loop (latency from the scheduled send time):\n")
        print(
            "| server | offered/s | answered/s | CPU/turn | reply p50 / p99 | refused or failed |"
        )
        print("|---|---|---|---|---|---|")
        for kind in kinds:
            figures = results.get(kind.name)
            if figures is None:
                continue
            for rate, samples in sorted(figures.open.items()):
                s = summary(samples)
                print(
                    f"| {kind.name} | {rate:.0f} | {s['rate']:.0f} | {s['cpu']:.2f} ms "
                    f"| {s['p50']:.1f} / {s['p99']:.1f} ms "
                    f"| {100 * s['errors'] / max(1, s['offered']):.0f}% |"
                )
    compared = [k for k in kinds if k.name + WITHOUT_LINE in results]
    if compared:
        lines = LINES_PER_INTERVIEW
        print(
            f"\nThe 'In your note' line ({lines} of the {TURNS_PER_INTERVIEW} turns of each "
            "interview carry it), server CPU:\n"
        )
        print("| server | CPU/turn with | without | the line, per turn that carries it |")
        print("|---|---|---|---|")
        for kind in compared:
            bare = results[kind.name + WITHOUT_LINE]
            if not results[kind.name].closed or not bare.closed:
                continue
            with_line, without = summary(results[kind.name].closed), summary(bare.closed)
            per_line = (with_line["cpu"] - without["cpu"]) * TURNS_PER_INTERVIEW / lines
            print(
                f"| {kind.name} | {with_line['cpu']:.3f} ms | {without['cpu']:.3f} ms "
                f"| {per_line:+.3f} ms |"
            )
    seeded = [k for k in kinds if results.get(k.name) and results[k.name].seeded]
    if seeded:
        print(f"\nSeeded with {SEEDED_ROWS:,} saved notes and conversations:\n")
        print("| server | turns/s | vs before seeding | CPU/turn | reply p50 / p99 |")
        print("|---|---|---|---|---|")
        for kind in seeded:
            before = summary(results[kind.name].closed)
            after = summary(results[kind.name].seeded)
            print(
                f"| {kind.name} | {after['rate']:.0f} | {after['rate'] / before['rate']:.2f}x "
                f"| {after['cpu']:.2f} ms | {after['p50']:.1f} / {after['p99']:.1f} ms |"
            )


# -- main -----------------------------------------------------------------------------


def cores() -> tuple[int | None, set[int] | None]:
    """(the server's core, the load generator's cores), or (None, None) if the machine
    has one core or pinning is not allowed."""
    try:
        available = sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return None, None
    if len(available) < 2:
        return None, None
    return available[0], set(available[1:])


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds of 5 s (the default)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5.0, help="closed loop, per round")
    parser.add_argument("--rates", type=float, nargs="*", default=[100.0, 300.0])
    parser.add_argument("--open-seconds", type=float, default=4.0)
    parser.add_argument("--no-seed", action="store_true", help="skip the seeded database")
    parser.add_argument("--only", nargs="*", help="measure only these servers (by name)")
    parser.add_argument(
        "--without-line",
        action="store_true",
        help="also each thankyou server without the interview's 'In your note' line",
    )
    parser.add_argument(
        "--soak", type=int, default=0, help="then this many turns per server, RSS along the way"
    )
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.seconds = min(args.rounds, 3), min(args.seconds, 5.0)

    server_cpu, load_cpus = cores()
    if load_cpus is not None:
        os.sched_setaffinity(0, load_cpus)
        print(f"server pinned to core {server_cpu}; load generator on {sorted(load_cpus)}")
    else:
        print("not pinned: one core, or affinity not allowed")

    replies = Replies()
    runner = await replies.start()
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    connector = aiohttp.TCPConnector(limit=0)
    async with (
        databases() as found,
        aiohttp.ClientSession(timeout=timeout, connector=connector) as session,
    ):
        base_env = {
            **os.environ,
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": replies.url + "api/",
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        }
        base_env.pop("MicrosoftAppId", None)
        kinds = [
            Kind(
                "bolt (reference)",
                "slack",
                [PYTHON, str(BENCH / "reference_bolt.py")],
                interview=False,
            ),
            Kind(
                "botbuilder echo (reference)",
                "teams",
                [PYTHON, str(BENCH / "reference_echo.py")],
                interview=False,
            ),
        ]
        envs: dict[str, dict[str, str]] = {k.name: base_env for k in kinds}
        for name, url in reversed(found):  # PostgreSQL first when there is one
            for platform, reference in (("slack", kinds[0].name), ("teams", kinds[1].name)):
                kind = Kind(f"{platform}, {name}", platform, [*THANKYOU, "serve"], url, reference)
                kinds.append(kind)
                envs[kind.name] = {**base_env, "DATABASE_URL": url}
                if args.without_line:  # the same server, in the same rounds, without it
                    command = [PYTHON, str(BENCH / "serve_without_line.py"), "serve"]
                    bare = Kind(f"{kind.name}{WITHOUT_LINE}", platform, command, url, reference)
                    kinds.append(bare)
                    envs[bare.name] = envs[kind.name]
        if args.only:
            kinds = [k for k in kinds if k.name in args.only or k.reference is None]
        driver = Driver(session, replies)
        results: dict[str, Figures] = {k.name: Figures() for k in kinds}
        for round_number in range(1, args.rounds + 1):
            for kind in kinds:
                print(f"round {round_number}/{args.rounds}: {kind.name}", flush=True)
                await measure(kind, envs[kind.name], server_cpu, driver, args, results[kind.name])
        if not args.no_seed:
            for name, url in found:
                print(f"seeding {name} with {SEEDED_ROWS:,} notes and conversations", flush=True)
                await seed(url, SEEDED_ROWS)
                notes_cli = timed_command(url, "notes")
                notes_in_process = await in_process_notes(url)
                delete_cli = timed_command(url, "delete-my-data", "--yes")
                delete_in_process = await in_process_delete(url, "seed1")
                print(
                    f"  {name}: `thankyou notes`, {NOTES_USER_ROWS} notes: "
                    f"{notes_cli * 1000:.0f} ms whole command, "
                    f"{notes_in_process * 1000:.1f} ms query and rendering; "
                    f"`thankyou delete-my-data --yes`: {delete_cli * 1000:.0f} ms; deleting a user "
                    f"with 100 conversations and notes: {delete_in_process * 1000:.1f} ms"
                )
                for kind in kinds:
                    if kind.database == url and kind.platform == "slack":
                        for _ in range(args.rounds):
                            await measure(
                                kind,
                                envs[kind.name],
                                server_cpu,
                                driver,
                                args,
                                results[kind.name],
                                seeded=True,
                            )
        report(kinds, results, args)
        if args.soak:
            for kind in kinds:
                if kind.reference is not None:  # ours, not the references
                    await run_soak(kind, envs[kind.name], server_cpu, driver, args)
    await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
