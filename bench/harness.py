"""Shared by bench/kill_trials.py and bench/outage.py: real `thankyou serve` processes,
the fake Slack Web API and Bot Connector of the tests (on 127.0.0.1), signed requests,
and fresh databases (a SQLite file; PostgreSQL when TEST_DATABASE_URL is set).

Nothing here touches the internet.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import shlex
import socket
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy import make_url, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the tests' fakes

from bot.store.db import create_engine  # noqa: E402
from bot.store.models import OPEN_STATUSES, Base, Conversation  # noqa: E402
from tests.slack.conftest import BOT_TOKEN, SIGNING_SECRET, FakeSlack, sign  # noqa: E402
from tests.teams.fake_connector import FakeConnector  # noqa: E402

# The command that runs the app; THANKYOU_COMMAND overrides it, e.g. to measure older
# code: THANKYOU_COMMAND=".venv/bin/python -m bot" with PYTHONPATH=/tmp/old-checkout.
CONVERSATIONS = Base.metadata.tables[Conversation.__tablename__]

THANKYOU = shlex.split(os.environ.get("THANKYOU_COMMAND", "")) or [
    str(Path(sys.executable).parent / "thankyou")
]


async def migrate(url: str) -> None:
    """`thankyou db upgrade`, run by the code under test (its own migrations)."""
    process = await asyncio.create_subprocess_exec(
        *THANKYOU, "db", "upgrade", env={**os.environ, "DATABASE_URL": url}
    )
    if await process.wait() != 0:
        raise RuntimeError("thankyou db upgrade failed")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def fake_platforms() -> AsyncIterator[tuple[FakeSlack, FakeConnector]]:
    slack = FakeSlack()
    api = web.Application()
    api.router.add_get("/api/socket", slack.handle_socket)  # Socket Mode
    api.router.add_route("*", "/api/{method}", slack.handle)
    server = TestServer(api, host="127.0.0.1")
    await server.start_server()
    slack.url = str(server.make_url("/api/"))
    connector = FakeConnector()
    await connector.start()
    try:
        yield slack, connector
    finally:
        await connector.close()
        await server.close()


@asynccontextmanager
async def databases() -> AsyncIterator[list[tuple[str, str]]]:
    """[(name, url)]: a fresh SQLite file, and a fresh PostgreSQL database if
    TEST_DATABASE_URL is set; each migrated to the head of the code under test."""
    folder = tempfile.TemporaryDirectory()
    found = [("sqlite", f"sqlite+aiosqlite:///{folder.name}/bench.db")]
    server = os.environ.get("TEST_DATABASE_URL")
    admin = None
    name = f"thankyou_bench_{uuid.uuid4().hex[:10]}"
    if server:
        dsn = make_url(server).set(drivername="postgresql")
        admin = await asyncpg.connect(dsn.render_as_string(hide_password=False))
        await admin.execute(f'CREATE DATABASE "{name}"')
        pg = make_url(server).set(database=name).render_as_string(hide_password=False)
        found.append(("postgresql", pg))
    else:
        print("PostgreSQL: skipped (TEST_DATABASE_URL not set)")
    try:
        for _, url in found:
            await migrate(url)
        yield found
    finally:
        if admin is not None:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.close()
        folder.cleanup()


class Server:
    """One `thankyou serve` process with Slack and Teams mounted (Teams unauthenticated,
    answering the fake connector on 127.0.0.1); Slack over HTTP, or with `socket_mode`
    connected to the fake's Socket Mode endpoint."""

    def __init__(self, database_url: str, slack: FakeSlack, *, socket_mode: bool = False) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        slack_mode = (
            {"SLACK_APP_TOKEN": "xapp-1-bench"}
            if socket_mode
            else {"SLACK_SIGNING_SECRET": SIGNING_SECRET}
        )
        self._env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "PORT": str(self.port),
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_API_URL": slack.url,
            "NO_PROXY": "127.0.0.1,localhost",
            **slack_mode,
        }
        self._env.pop("SLACK_SIGNING_SECRET" if socket_mode else "SLACK_APP_TOKEN", None)
        self._env.pop("MicrosoftAppId", None)
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, session: aiohttp.ClientSession) -> None:
        self.process = await asyncio.create_subprocess_exec(
            *THANKYOU,
            "serve",
            env=self._env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        for _ in range(600):  # polling a process's start-up
            try:
                async with session.get(f"{self.url}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.02)
        raise RuntimeError("thankyou serve did not start")

    async def warmed_up(self, session: aiohttp.ClientSession) -> None:
        await warmed_up(session, self.url)

    async def kill(self) -> None:
        """kill -9: no shutdown, no cleanup."""
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()

    async def terminate(self) -> None:
        """SIGTERM (the graceful stop), without waiting for the exit."""
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()

    async def stop(self) -> None:
        """SIGTERM, and SIGKILL if it has not exited 20 s later."""
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), 20)
            except TimeoutError:
                print("thankyou serve still running 20 s after SIGTERM: killed")
                await self.kill()


async def warmed_up(session: aiohttp.ClientSession, url: str) -> None:
    """Wait until a server's background warm-up is over (thankyou_warmed_up in its
    /metrics; a server without /metrics is taken as warm): it holds the GIL for about
    a second, stalling the server's turns meanwhile."""
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:  # polling a start-up, every 20 ms
        async with session.get(f"{url}/metrics") as response:
            if response.status != 200 or "thankyou_warmed_up 1.0" in await response.text():
                return
        await asyncio.sleep(0.02)


def slack_message_body(user: str, text: str, event_id: str, sent: float | None = None) -> str:
    """A DM event as Slack posts it, stamped as sent at `sent` (default: now)."""
    return json.dumps(slack_message_event(user, text, event_id, sent))


def slack_message_event(
    user: str, text: str, event_id: str, sent: float | None = None
) -> dict[str, Any]:
    sent = time.time() if sent is None else sent
    event = {
        "type": "message",
        "channel": f"D{user}",
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": f"{sent:.6f}",
        "team": "T1",
    }
    return {
        "team_id": "T1",
        "api_app_id": "A1",
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(sent),
        "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
    }


def slack_command_body(user: str) -> str:
    return urllib.parse.urlencode(
        {
            "team_id": "T1",
            "channel_id": "C1",
            "user_id": user,
            "command": "/thankyou",
            "text": "",
            "api_app_id": "A1",
            "trigger_id": f"trigger.{uuid.uuid4().hex}",
        }
    )


async def post_slack(
    session: aiohttp.ClientSession,
    server: Server,
    body: str,
    content_type: str,
    retry: int = 0,
) -> int:
    """POST /slack/events signed as Slack would; the HTTP status (0: no answer)."""
    headers = {"Content-Type": content_type, **sign(body)}
    if retry:
        headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_error"}
    try:
        async with session.post(f"{server.url}/slack/events", data=body, headers=headers) as r:
            await r.read()
            return r.status
    except (aiohttp.ClientError, TimeoutError):
        return 0


def teams_activity(connector: FakeConnector, user: str, text: str, activity_id: str) -> Any:
    return {
        "type": "message",
        "id": activity_id,
        "channelId": "msteams",
        "serviceUrl": connector.url,
        "from": {"id": f"29:{user}", "name": "Jordan Rivera", "aadObjectId": user},
        "recipient": {"id": "28:bot", "name": "Thank-you coach"},
        "conversation": {"id": f"a:{user}", "conversationType": "personal", "tenantId": "t1"},
        "channelData": {"tenant": {"id": "t1"}},
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
        "text": text,
    }


async def post_teams(session: aiohttp.ClientSession, server: Server, activity: Any) -> int:
    try:
        async with session.post(f"{server.url}/api/messages", json=activity) as response:
            await response.read()
            return response.status
    except (aiohttp.ClientError, TimeoutError):
        return 0


@dataclass(frozen=True)
class Saved:
    """An open interview as saved."""

    state: dict[str, Any]


@dataclass
class Reader:
    """Reads what the server saved: the open interview's state, by plain SQL on the
    columns every schema has, so that older code under test (THANKYOU_COMMAND) can be
    read as well."""

    url: str

    async def conversation(self, platform: str, tenant: str, user: str) -> Saved | None:
        engine = create_engine(self.url)
        try:
            async with engine.connect() as connection:
                state = await connection.scalar(
                    select(CONVERSATIONS.c.state).where(
                        CONVERSATIONS.c.platform == platform,
                        CONVERSATIONS.c.tenant == tenant,
                        CONVERSATIONS.c.user_id == user,
                        CONVERSATIONS.c.status.in_(OPEN_STATUSES),
                    )
                )
            return Saved(dict(state)) if state is not None else None
        finally:
            await engine.dispose()
