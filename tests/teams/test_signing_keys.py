"""A forged token while the signing-key endpoint does not answer stalls only itself.

botbuilder fetched the keys with a blocking `requests.get` on the event loop, so one
forged token froze every request (health checks included) until the fetch gave up.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.teams import TeamsConfig, mount_teams
from bot.service import ConversationService
from bot.store import Store
from tests.teams.fake_connector import FakeConnector
from tests.teams.teams_script import TeamsUser
from tests.teams.test_http import APP_ID, token

# The black hole lets go by itself after this long, so that a regression fails the
# test (the loop frozen until then) instead of hanging it.
HOLD_S = 4.0


class BlackHole:
    """A TCP endpoint on 127.0.0.1 that accepts connections and never answers."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}/openid"
        self._release = threading.Event()
        self._accepted: list[socket.socket] = []
        self.on_accept: list[Any] = []

    def serve(self) -> None:
        self._listener.settimeout(HOLD_S)
        try:
            connection, _ = self._listener.accept()
        except OSError:
            return
        self._accepted.append(connection)
        for callback in self.on_accept:
            callback()
        self._release.wait(HOLD_S)
        connection.close()

    def release(self) -> None:
        self._release.set()
        self._listener.close()


@pytest.fixture
def black_hole() -> Iterator[BlackHole]:
    hole = BlackHole()
    thread = threading.Thread(target=hole.serve, daemon=True)
    thread.start()
    yield hole
    hole.release()
    thread.join()


@pytest.fixture
async def guarded(
    engine: AsyncEngine, black_hole: BlackHole
) -> AsyncIterator[TestClient[Any, Any]]:
    """Teams with an app id, its keys published at the black hole; and GET /ping."""
    app = web.Application()
    coach = ConversationService(Store(engine), channel="teams")
    config = TeamsConfig(app_id=APP_ID, app_password="secret", openid_metadata_url=black_hole.url)
    mount_teams(app, coach, coach.presenter.say, coach.store.teams_references, config)

    async def ping(_: web.Request) -> web.Response:
        return web.Response(text="pong")

    app.router.add_get("/ping", ping)
    client: TestClient[Any, Any] = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    yield client
    await client.close()


async def test_other_requests_go_on_while_the_key_endpoint_hangs(
    guarded: TestClient[Any, Any], connector: FakeConnector, black_hole: BlackHole
) -> None:
    loop = asyncio.get_running_loop()
    fetching = asyncio.Event()
    black_hole.on_accept.append(lambda: loop.call_soon_threadsafe(fetching.set))
    user = TeamsUser(guarded, connector)
    forged = token(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    activity = user.activity(text="thankyou")
    request = asyncio.create_task(user.post(activity, {"Authorization": f"Bearer {forged}"}))
    await asyncio.wait_for(fetching.wait(), HOLD_S * 2)
    response = await guarded.get("/ping")
    assert response.status == 200
    assert not request.done(), "the server waited for the key endpoint before answering"
    black_hole.release()
    assert await request == 503  # the keys could not be fetched: worth a retry
    assert connector.posted == []
