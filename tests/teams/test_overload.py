"""Teams under load: the in-flight cap holds when activities arrive together, and a
refusal costs no parsing (issue 11).

An activity past the cap used to be read as JSON and deserialized by msrest (~1 ms)
before the limiter refused it, so under overload the refusals ate the CPU the admitted
turns needed (at 3x capacity, CPU per answered turn went from 5.8 to 10.5 ms).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

import adapters.teams.server as teams_server
from adapters.teams import TeamsConfig, mount_teams
from bot import metrics
from bot.service import ConversationService
from bot.store import Store
from bot.store.db import create_engine, upgrade
from tests.teams.teams_script import TeamsUser

RUNNING, WAITING = 2, 3
CAP = RUNNING + WAITING
ARRIVALS = 40
WAIT_S = 15


class BlockedConnector:
    """A Bot Connector that holds every reply until `gate` is set: each admitted turn
    stays in flight until then."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.url = ""
        self.replies = 0

    async def handle(self, _: web.Request) -> web.Response:
        await self.gate.wait()
        self.replies += 1
        return web.json_response({"id": f"reply-{self.replies}"})


@pytest.fixture
async def blocked() -> AsyncIterator[BlockedConnector]:
    fake = BlockedConnector()
    api = web.Application()
    api.router.add_route("*", "/{tail:.*}", fake.handle)
    server = TestServer(api, host="127.0.0.1")
    await server.start_server()
    fake.url = str(server.make_url("/"))
    yield fake
    fake.gate.set()
    await server.close()


@pytest.fixture
async def client(database_url: str) -> AsyncIterator[TestClient[Any, Any]]:
    await upgrade(database_url)
    engine = create_engine(database_url)
    coach = ConversationService(Store(engine), channel="teams")
    config = TeamsConfig(running_turns=RUNNING, waiting_turns=WAITING)
    app = web.Application()
    memory = coach.store.teams_references
    mount_teams(app, coach, coach.presenter.say, memory, config)
    client: TestClient[Any, Any] = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    yield client
    await client.close()
    await engine.dispose()


async def test_past_the_cap_activities_are_refused_before_they_are_read(
    client: TestClient[Any, Any],
    blocked: BlockedConnector,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    endpoint = client.app[teams_server.TEAMS_ENDPOINT]
    limiter = endpoint.limiter
    parsed = 0
    read_activity = teams_server._activity

    def counted(body: Any) -> Any:
        nonlocal parsed
        parsed += 1
        return read_activity(body)

    monkeypatch.setattr(teams_server, "_activity", counted)
    metrics.refusals.flush()  # what earlier tests left counted...
    caplog.clear()  # ...is not this test's line
    refused_before = metrics.REFUSED.labels("teams")._value.get()

    async def post(body: Any) -> int:
        response = await client.post("/api/messages", json=body)
        await response.read()
        return response.status

    users = [
        TeamsUser(client, blocked, user_id=f"29:user-{n}", aad_object_id=f"aad-{n}")  # type: ignore[arg-type]
        for n in range(ARRIVALS)
    ]
    with caplog.at_level(logging.INFO):
        sending = [asyncio.create_task(post(u.activity(text="thankyou"))) for u in users]
        # The admitted ones wait for the connector; every other one is refused at once.
        refused: list[int] = []
        pending = set(sending)
        while len(refused) < ARRIVALS - CAP:
            done, pending = await asyncio.wait(
                pending, timeout=WAIT_S, return_when=asyncio.FIRST_COMPLETED
            )
            assert done, "refusals did not come back"
            refused += [task.result() for task in done]
        assert set(refused) == {503}
        assert limiter.in_flight == CAP and limiter.peak == CAP
        assert parsed == CAP  # the refused were never read
        # Past the cap, not even a malformed body is read: refused, not rejected.
        assert await post("not an activity") == 503
        assert parsed == CAP
        blocked.gate.set()
        answered = await asyncio.wait_for(asyncio.gather(*pending), WAIT_S)

    assert answered == [200] * CAP
    assert blocked.replies == CAP
    assert limiter.in_flight == 0 and limiter.peak == CAP
    refused_count = ARRIVALS - CAP + 1
    assert metrics.REFUSED.labels("teams")._value.get() - refused_before == refused_count
    # No line per refusal: one line for the interval, with the count.
    assert not [r for r in caplog.records if "refused" in r.getMessage()]
    with caplog.at_level(logging.WARNING, logger="bot.metrics"):
        metrics.refusals.flush()
    lines = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert len(lines) == 1 and lines[0].startswith(f"{refused_count} teams requests refused")
    # Below the cap again, a malformed body is rejected as before.
    assert await post("not an activity") == 400
