"""Teams fixtures: the real app (create_app) with the real CloudAdapter, on 127.0.0.1,
replying to a fake Bot Connector; and a guard that fails any non-loopback connection."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_app
from bot.settings import Settings
from bot.store.db import upgrade
from tests.teams.fake_connector import FakeConnector
from tests.teams.teams_script import TeamsUser

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests never touch the internet: resolving any other host fails the call."""
    real_getaddrinfo = socket.getaddrinfo

    def loopback_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in LOOPBACK:
            raise OSError(f"tests are offline: refused to resolve {name}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)
    # requests (msrest's transport) would send loopback calls to a configured proxy.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    yield


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = FakeConnector()
    await fake.start()
    yield fake
    await fake.close()


async def teams_client(database_url: str, **settings: Any) -> TestClient[Any, Any]:
    await upgrade(database_url)
    app = await create_app(Settings(database_url=database_url, **settings))
    client: TestClient[Any, Any] = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    return client


@pytest.fixture
async def client(database_url: str) -> AsyncIterator[TestClient[Any, Any]]:
    """The app without an app id: Teams unauthenticated, as with the Emulator."""
    client = await teams_client(database_url)
    yield client
    await client.close()


@pytest.fixture
def user(client: TestClient[Any, Any], connector: FakeConnector) -> TeamsUser:
    return TeamsUser(client, connector)
