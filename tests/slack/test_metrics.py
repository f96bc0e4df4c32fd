"""GET /metrics and the turn's log line (issue 11): counted by platform and outcome, timed,
one line per turn with hashed ids and no text the user typed."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import pytest

from bot import metrics
from bot.settings import Settings, SettingsError
from tests.dialog_script import SINGLE
from tests.slack.conftest import SlackHarness


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus' text format (0 if absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        match = re.fullmatch(r"(\w+)(?:\{(.*)\})? (\S+)", line)
        if match and match[1] == name:
            found = ",".join(sorted((match[2] or "").split(","))) if match[2] else ""
            if found == wanted:
                return float(match[3])
    return 0.0


async def scrape(client: Any) -> str:  # also used by tests/teams
    response = await client.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    return str(await response.text())


async def test_slack_turns_are_counted_timed_and_logged_once(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    before = await scrape(slack.client)
    await slack.command()
    with caplog.at_level(logging.INFO, logger="thankyou.turns"):
        await slack.message(SINGLE[0])
    after = await scrape(slack.client)
    ok = sample(after, "thankyou_turns_total", platform="slack", outcome="ok")
    assert ok - sample(before, "thankyou_turns_total", platform="slack", outcome="ok") == 2
    count = "thankyou_turn_seconds_count"
    assert sample(after, count, platform="slack") - sample(before, count, platform="slack") == 2
    assert "thankyou_turns_in_flight" in after
    assert "thankyou_database_errors_total" in after

    (line,) = [r for r in caplog.records if r.name == "thankyou.turns"]
    message = line.getMessage()
    assert "kind=message" in message and "outcome=ok" in message and "ms=" in message
    assert f"user={metrics.hash_id('U1')}" in message and "U1 " not in message + " "
    assert SINGLE[0] not in message and "Emily" not in message


async def test_a_rejected_request_is_counted_as_rejected(slack: SlackHarness) -> None:
    before = await scrape(slack.client)
    body = slack.event_body("hi")
    status, _, _ = await slack.send(body, "application/json", signed=False)
    assert status == 401
    after = await scrape(slack.client)
    labels = {"platform": "slack", "outcome": "rejected"}
    name = "thankyou_turns_total"
    assert sample(after, name, **labels) - sample(before, name, **labels) == 1


def test_ids_are_hashed_stably_and_shortly() -> None:
    assert metrics.hash_id("U1") == metrics.hash_id("U1") != metrics.hash_id("U2")
    assert metrics.hash_id(None) is None
    hashed = metrics.hash_id("aad-user-a")
    assert hashed is not None and len(hashed) == 12 and "aad" not in hashed


def test_json_lines_carry_the_turn_fields() -> None:
    record = logging.LogRecord("thankyou.turns", logging.INFO, __file__, 1, "turn %s", ("x",), None)
    record.fields = {"platform": "slack", "user": "abc", "ms": 1.5, "kind": None}
    entry = json.loads(metrics.JsonFormatter().format(record))
    assert entry["platform"] == "slack" and entry["ms"] == 1.5 and "kind" not in entry
    assert entry["level"] == "INFO" and entry["message"] == "turn x"


def test_log_format_is_text_or_json() -> None:
    assert Settings.from_env({}).log_format == "text"
    assert Settings.from_env({"LOG_FORMAT": "JSON"}).log_format == "json"
    with pytest.raises(SettingsError, match="LOG_FORMAT"):
        Settings.from_env({"LOG_FORMAT": "xml"})
