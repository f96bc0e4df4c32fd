"""Database errors are counted, and fail the turn they happen in (bot.metrics)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot import metrics
from bot.store.db import create_engine


async def test_a_database_error_is_counted_and_fails_the_turn() -> None:
    engine = create_engine("sqlite+aiosqlite://")
    metrics.watch_engine(engine)
    before = metrics.DB_ERRORS._value.get()
    try:
        with metrics.turn("bench") as record:
            with pytest.raises(SQLAlchemyError):
                async with engine.connect() as connection:
                    await connection.execute(text("SELECT * FROM nowhere"))
            assert record.outcome == metrics.FAILED
    finally:
        await engine.dispose()
    assert metrics.DB_ERRORS._value.get() == before + 1
