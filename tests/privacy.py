"""Helpers for the log-privacy tests (tests/*/test_privacy.py).

Logs never carry what users wrote (issue 9, item 7): a run whose database fails at
the worst moment (saving the finished notes, whose insert holds every answer) must not
put answer text, note text, e-mail addresses, phone numbers or names in the log."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

# Values that appear in the answers of SINGLE and in the notes composed from them.
CANARIES = (
    "jordan.rivera@example.com",
    "014-2290",
    "Jordan Rivera",
    "Emily Carter",
    "Brightline",
    "mid-market accounts",
    "feedback council",
    "churn-risk",
)


def assert_no_canaries(caplog: pytest.LogCaptureFixture) -> None:
    logged = "\n".join(
        [caplog.text, *(r.getMessage() for r in caplog.records)]
        + [str(r.exc_info[1]) for r in caplog.records if r.exc_info]
    )
    assert "turn" in logged.lower() or "fail" in logged.lower(), "the failure was not logged"
    leaked = [canary for canary in CANARIES if canary.lower() in logged.lower()]
    assert leaked == []
    assert "[parameters:" not in logged


async def break_saved_notes(engine: Any) -> None:
    # CASCADE on PostgreSQL drops only the foreign key scheduled_messages holds on it.
    cascade = " CASCADE" if engine.dialect.name == "postgresql" else ""
    async with engine.begin() as connection:
        await connection.execute(text(f"DROP TABLE saved_notes{cascade}"))
