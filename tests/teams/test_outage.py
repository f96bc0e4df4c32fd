"""The database out of reach: turns and /healthz fail cleanly and in bounded time, and a
retyped answer goes into its own field, not the next one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.app import STORE
from dialogs.messages import conversation_key
from tests.dialog_script import SINGLE
from tests.tcp_proxy import TcpProxy
from tests.teams.conftest import teams_client
from tests.teams.fake_connector import FakeConnector
from tests.teams.teams_script import TeamsUser

# Far above the app's database timeouts (bot/db.py): reaching it means something hung.
HUNG_S = 12

pytestmark = pytest.mark.postgres


@pytest.fixture
async def cut_off(
    proxied_postgres: tuple[str, TcpProxy],
) -> AsyncIterator[tuple[TestClient[Any, Any], TcpProxy]]:
    url, proxy = proxied_postgres
    client = await teams_client(url)
    yield client, proxy
    proxy.heal()
    await client.close()


async def test_healthz_is_503_when_the_database_refuses_connections(
    cut_off: tuple[TestClient[Any, Any], TcpProxy],
) -> None:
    client, proxy = cut_off
    assert (await client.get("/healthz")).status == 200
    proxy.refuse()
    response = await asyncio.wait_for(client.get("/healthz"), HUNG_S)
    assert response.status == 503
    assert (await response.json())["database"] == "unreachable"
    proxy.heal()
    assert (await client.get("/healthz")).status == 200


async def test_healthz_is_503_not_a_hang_during_a_partition(
    cut_off: tuple[TestClient[Any, Any], TcpProxy],
) -> None:
    client, proxy = cut_off
    proxy.partition()
    response = await asyncio.wait_for(client.get("/healthz"), HUNG_S)
    assert response.status == 503
    assert (await response.json())["database"] == "unreachable"


async def test_an_answer_during_a_partition_is_refused_and_the_retype_fills_its_own_field(
    cut_off: tuple[TestClient[Any, Any], TcpProxy], connector: FakeConnector
) -> None:
    client, proxy = cut_off
    user = TeamsUser(client, connector)
    await user.send("thankyou")
    await user.send(SINGLE[0])
    proxy.partition()
    status = await asyncio.wait_for(user.post(user.activity(text=SINGLE[1])), HUNG_S)
    assert status == 200
    assert "please send that again" in user.text
    proxy.heal()
    await user.send(SINGLE[1])  # the user types it again, as told
    await user.send(SINGLE[2])
    key = conversation_key("msteams", user.tenant, user.aad_object_id)
    record = await client.app[STORE].open_conversation(key)
    assert record is not None
    answers = record.state["answers"]
    assert answers["company"] == SINGLE[1]
    assert answers["stage"] == SINGLE[2]  # the kind of interview, asked after the company
