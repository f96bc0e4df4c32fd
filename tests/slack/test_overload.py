"""Under load: the in-flight cap holds when requests arrive together, refusals happen
before bolt, and they are logged as a rate, not a line each (issue 11).

The cap once overshot (292 in flight against 272): the middleware checked `full`, and
the listener counted the turn only after bolt's awaits in between.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.limiter import TurnLimiter
from adapters.slack import SlackConfig, mount_slack
from adapters.slack.server import SLACK_APP, SLACK_LIMITER
from bot import metrics
from bot.service import ConversationService
from bot.store import Store
from bot.store.db import create_engine, upgrade
from tests.slack.conftest import BOT_TOKEN, BOT_USER, SIGNING_SECRET, sign

RUNNING, WAITING = 2, 3
CAP = RUNNING + WAITING
ARRIVALS = 40
WAIT_S = 15


class BlockedSlack:
    """A Slack Web API whose users.info waits until `gate` is set: every admitted turn
    stays in flight until then."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = dict(await request.post()) if request.can_read_body else {}
        if method == "users.info":
            await self.gate.wait()
            return web.json_response({"ok": True, "user": {"id": params.get("user")}})
        if method == "chat.postMessage":
            return web.json_response({"ok": True, "channel": params.get("channel"), "ts": "1.1"})
        return web.json_response({"ok": True, "team_id": "T1", "user_id": BOT_USER})


@pytest.fixture
async def blocked() -> AsyncIterator[BlockedSlack]:
    fake = BlockedSlack()
    api = web.Application()
    api.router.add_route("*", "/api/{method}", fake.handle)
    server = TestServer(api, host="127.0.0.1")
    await server.start_server()
    fake.url = str(server.make_url("/api/"))
    yield fake
    fake.gate.set()
    await server.close()


@pytest.fixture
async def client(database_url: str, blocked: BlockedSlack) -> AsyncIterator[TestClient[Any, Any]]:
    await upgrade(database_url)
    engine = create_engine(database_url)
    coach = ConversationService(Store(engine), channel="slack")
    config = SlackConfig(
        signing_secret=SIGNING_SECRET,
        bot_token=BOT_TOKEN,
        api_url=blocked.url,
        running_turns=RUNNING,
        waiting_turns=WAITING,
    )
    app = web.Application()
    mount_slack(app, coach, coach.presenter.say, config, engine)
    client: TestClient[Any, Any] = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    yield client
    await client.close()
    await engine.dispose()


def dm(n: int) -> str:
    user = f"U{n:04d}"
    event = {
        "type": "message",
        "channel": f"D{user}",
        "channel_type": "im",
        "user": user,
        "text": "hello",
        "ts": f"1700000100.{n:06d}",
        "team": "T1",
    }
    return json.dumps(
        {
            "team_id": "T1",
            "api_app_id": "A1",
            "event": event,
            "type": "event_callback",
            "event_id": f"EvLOAD{n:06d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T1", "user_id": BOT_USER, "is_bot": True}],
        }
    )


async def post(client: TestClient[Any, Any], body: str) -> int:
    headers = {"Content-Type": "application/json", **sign(body)}
    response = await client.post("/slack/events", data=body, headers=headers)
    await response.read()
    return response.status


async def test_the_cap_holds_when_requests_arrive_together(
    client: TestClient[Any, Any],
    blocked: BlockedSlack,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    limiter: TurnLimiter = client.app[SLACK_LIMITER]
    bolt = client.app[SLACK_APP]
    dispatched = 0
    dispatch = bolt.async_dispatch

    async def counted(request: Any) -> Any:
        nonlocal dispatched
        dispatched += 1
        return await dispatch(request)

    monkeypatch.setattr(bolt, "async_dispatch", counted)
    metrics.refusals.flush()  # what earlier tests left counted...
    caplog.clear()  # ...is not this test's line
    refused_before = metrics.REFUSED.labels("slack")._value.get()

    with caplog.at_level(logging.INFO):
        sending = [asyncio.create_task(post(client, dm(n))) for n in range(ARRIVALS)]
        # The admitted ones wait at users.info; every other one is refused at once.
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
        assert dispatched == CAP  # refused before bolt
        blocked.gate.set()
        answered = await asyncio.wait_for(asyncio.gather(*pending), WAIT_S)

    assert answered == [200] * CAP
    assert limiter.in_flight == 0 and limiter.peak == CAP
    assert metrics.REFUSED.labels("slack")._value.get() - refused_before == ARRIVALS - CAP
    # No line per refusal: one line for the interval, with the count.
    assert not [r for r in caplog.records if "refused" in r.getMessage()]
    with caplog.at_level(logging.WARNING, logger="bot.metrics"):
        metrics.refusals.flush()
    lines = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert len(lines) == 1 and lines[0].startswith(f"{ARRIVALS - CAP} slack requests refused")


async def test_admission_is_counted_once_inside_an_admitted_request() -> None:
    limiter = TurnLimiter(running=1, waiting=1)
    with limiter.admitted() as first:
        assert first and limiter.in_flight == 1
        with limiter.admitted() as again:  # the middleware behind the edge
            assert again and limiter.in_flight == 1
        async with limiter.turn():
            assert limiter.in_flight == 1
        with limiter.admitted() as other:
            # Another request would come from another task; here the context is this
            # one's, so it is the same request.
            assert other
    assert limiter.in_flight == 0

    async def arrive() -> bool:
        with limiter.admitted() as admitted:
            if admitted:
                await asyncio.sleep(0)  # hold the place across a switch
            return admitted

    results = await asyncio.gather(*(arrive() for _ in range(10)))
    assert results.count(True) == 2 and limiter.peak == 2
