"""Shared checks for hostile-input tests (issue 9, item 5): whatever arrives, the answer
is a 2xx or a 4xx with no traceback, and the log gets at most one line for it besides
the request's own line (the turn line, bot.metrics, which replaced the access log's)."""

from __future__ import annotations

import logging

import pytest

ACCESS_LOG = "aiohttp.access"
TURN_LOG = "thankyou.turns"  # one line per request to a turn endpoint


def log_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What a request added to the log at INFO and above, its own line aside."""
    lines: list[str] = []
    for record in caplog.records:
        if record.name in (ACCESS_LOG, TURN_LOG) or record.levelno < logging.INFO:
            continue
        assert record.exc_info is None, f"a traceback was logged: {record.getMessage()}"
        lines += record.getMessage().splitlines()
    return lines


def assert_refused_quietly(status: int, body: str, caplog: pytest.LogCaptureFixture) -> None:
    assert 200 <= status < 300 or 400 <= status < 500, (status, body[:300])
    assert "Traceback" not in body
    lines = log_lines(caplog)
    assert len(lines) <= 1, lines
