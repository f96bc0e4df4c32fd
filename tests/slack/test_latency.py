"""The latency test in Slack, over HTTP and Socket Mode, on one replica (SQLite and
PostgreSQL) and two (PostgreSQL): tests/latency.py says what it sends and counts."""

from __future__ import annotations

from typing import Any

import pytest

from bot.store import Store
from dialogs.messages import conversation_key
from tests.latency import Held, check, every_run
from tests.slack.conftest import Gate, SlackHarness, StartSlack


class SlackChannel:
    def __init__(self, harnesses: list[SlackHarness]) -> None:
        self._harnesses = harnesses
        self._fake = harnesses[0].fake

    def replicas(self) -> int:
        return len(self._harnesses)

    def store(self, replica: int) -> Store:
        return self._harnesses[replica].store

    async def send(self, replica: int, user: str, text: str, sent_at: float) -> None:
        slack = self._harnesses[replica]
        body = slack.event_body(text, user=user, ts=f"{sent_at:.6f}")
        status, _, _ = await slack.send(body, "application/json")
        assert status == 200

    def hold_replies(self) -> Held:
        return self._fake.gate("chat.postMessage")

    async def held(self, gate: Held, count: int) -> None:
        assert isinstance(gate, Gate)
        await self._fake.held(gate, count)

    def replies(self, user: str) -> list[str]:
        return [p.text for p in self._fake.posted() if p.call.params["channel"] == f"D{user}"]

    async def answers(self, user: str) -> dict[str, Any]:
        record = await self.store(0).open_conversation(conversation_key("slack", "T1", user))
        assert record is not None
        return dict(record.state["answers"])


@pytest.mark.parametrize("transport", ["http", "socket"])
async def test_no_message_is_dropped_or_shifted_whatever_the_latency(
    slack_app_factory: StartSlack, database_url: str, transport: str
) -> None:
    first = await slack_app_factory(transport)
    runs = {1: await every_run(SlackChannel([first]))}
    if not database_url.startswith("sqlite"):  # SQLite is one process by rule
        second = await slack_app_factory(transport)
        runs[2] = await every_run(SlackChannel([first, second]))
    check(runs, f"Slack ({transport}, {database_url.split('+')[0]})")
