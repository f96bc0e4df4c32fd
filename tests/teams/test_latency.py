"""The latency test in Teams, on one replica (SQLite and PostgreSQL) and two
(PostgreSQL): tests/latency.py says what it sends and counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiohttp.test_utils import TestClient

from bot.app import STORE
from bot.store import Store
from dialogs.messages import conversation_key
from tests.latency import Held, check, every_run
from tests.teams.conftest import teams_client
from tests.teams.fake_connector import FakeConnector, Gate
from tests.teams.teams_script import TeamsUser


class TeamsChannel:
    def __init__(self, clients: list[TestClient[Any, Any]], connector: FakeConnector) -> None:
        self._clients = clients
        self._connector = connector

    def replicas(self) -> int:
        return len(self._clients)

    def store(self, replica: int) -> Store:
        store: Store = self._clients[replica].app[STORE]
        return store

    def _user(self, replica: int, user: str) -> TeamsUser:
        return TeamsUser(
            self._clients[replica], self._connector, user_id=f"29:{user}", aad_object_id=user
        )

    async def send(self, replica: int, user: str, text: str, sent_at: float) -> None:
        sender = self._user(replica, user)
        stamp = dt.datetime.fromtimestamp(sent_at, dt.UTC).isoformat(timespec="milliseconds")
        assert await sender.post(sender.activity(text=text, timestamp=stamp)) == 200

    def hold_replies(self) -> Held:
        return self._connector.gate(lambda activity, replying: True)

    async def held(self, gate: Held, count: int) -> None:
        assert isinstance(gate, Gate)
        await self._connector.held(gate, count)

    def replies(self, user: str) -> list[str]:
        conversation = self._user(0, user).conversation_id
        return [p.text for p in self._connector.posted if p.conversation_id == conversation]

    async def answers(self, user: str) -> dict[str, Any]:
        key = conversation_key("msteams", "tenant-a", user)
        record = await self.store(0).open_conversation(key)
        assert record is not None
        return dict(record.state["answers"])


async def test_no_message_is_dropped_or_shifted_whatever_the_latency(
    client: TestClient[Any, Any], connector: FakeConnector, database_url: str
) -> None:
    runs = {1: await every_run(TeamsChannel([client], connector))}
    if not database_url.startswith("sqlite"):  # SQLite is one process by rule
        second = await teams_client(database_url)
        try:
            runs[2] = await every_run(TeamsChannel([client, second], connector))
        finally:
            await second.close()
    check(runs, f"Teams ({database_url.split('+')[0]})")
