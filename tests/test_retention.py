"""Retention (issue 9, item 7): `thankyou purge --older-than DAYS`, the server's daily
purge with RETENTION_DAYS, and `thankyou delete-my-data`; rows counted in every table,
on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import PURGE, create_app
from bot.settings import Settings, SettingsError
from bot.store.db import sessionmaker
from bot.store.models import (
    ABANDONED,
    ACTIVE,
    CANCELLED,
    DONE,
    Base,
    Conversation,
    ProcessedEvent,
    SavedNoteRow,
    TeamsReference,
)
from bot.store.retention import purge
from tests.dialog_script import SINGLE
from tests.test_cli import thankyou

NOW = dt.datetime.now(dt.UTC)
OLD = NOW - dt.timedelta(days=40)
RECENT = NOW - dt.timedelta(days=5)


async def counts(engine: AsyncEngine) -> dict[str, int]:
    """Rows in every table the app has."""
    async with engine.connect() as connection:
        return {
            table.name: int(await connection.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


async def seed(engine: AsyncEngine) -> None:
    """Old and recent rows of each kind, for three users."""
    rows: list[Any] = []
    for user, status, when in [
        ("u1", DONE, OLD),
        ("u2", ABANDONED, OLD),
        ("u3", DONE, RECENT),
        ("u4", ACTIVE, OLD),  # an open interview: kept whatever its age
        ("u5", CANCELLED, OLD),
    ]:
        rows.append(
            Conversation(
                platform="slack",
                tenant="T1",
                user_id=user,
                status=status,
                state={},
                version=1,
                created_at=when,
                updated_at=when,
            )
        )
    for user, when in [("u1", OLD), ("u1", OLD), ("u3", RECENT)]:
        rows.append(
            SavedNoteRow(
                platform="slack",
                tenant="T1",
                user_id=user,
                interviewer="Emily Carter",
                company="Brightline",
                role="CSM",
                tone="formal",
                subject="Thank you",
                body="Dear Emily",
                interview_date=None,
                created_at=when,
            )
        )
    for number, when in enumerate([NOW - dt.timedelta(hours=30), NOW - dt.timedelta(hours=2)]):
        rows.append(
            ProcessedEvent(platform="slack", tenant="T1", event_id=f"E{number}", processed_at=when)
        )
    for user, when in [("aad-1", OLD), ("aad-2", RECENT)]:
        rows.append(
            TeamsReference(
                platform="msteams", tenant="t", user_id=user, reference={}, updated_at=when
            )
        )
    async with sessionmaker(engine)() as session, session.begin():
        session.add_all(rows)


async def test_purge_deletes_by_age_and_keeps_the_rest(engine: AsyncEngine) -> None:
    await seed(engine)
    before = await counts(engine)
    purged = await purge(sessionmaker(engine), 30, NOW)
    after = await counts(engine)
    assert (purged.conversations, purged.notes, purged.references, purged.events) == (2, 2, 1, 1)
    expected = {
        **before,
        "conversations": before["conversations"] - 2,  # old done and abandoned
        "saved_notes": before["saved_notes"] - 2,
        "teams_references": before["teams_references"] - 1,
        "processed_events": before["processed_events"] - 1,  # the one over a day old
    }
    assert after == expected
    assert before["conversations"] == 5 and before["saved_notes"] == 3


async def test_without_a_retention_period_only_old_events_go(engine: AsyncEngine) -> None:
    await seed(engine)
    before = await counts(engine)
    await purge(sessionmaker(engine), None, NOW)
    assert await counts(engine) == {**before, "processed_events": before["processed_events"] - 1}


async def test_the_server_purges_when_it_starts_with_retention_days(
    engine: AsyncEngine, database_url: str
) -> None:
    await seed(engine)
    before = await counts(engine)
    app = await create_app(Settings(database_url=database_url, retention_days=30))
    client: TestClient[Any, Any] = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        await app[PURGE].wait_runs(1)
    finally:
        await client.close()
    after = await counts(engine)
    assert after["conversations"] == before["conversations"] - 2
    assert after["saved_notes"] == before["saved_notes"] - 2
    assert after["processed_events"] == before["processed_events"] - 1


def test_retention_days_is_read_and_checked() -> None:
    assert Settings.from_env({"RETENTION_DAYS": "90"}).retention_days == 90
    assert Settings.from_env({}).retention_days is None
    for bad in ("0", "-3", "ninety", "²", "99999999"):
        with pytest.raises(SettingsError, match="RETENTION_DAYS"):
            Settings.from_env({"RETENTION_DAYS": bad})


def _env(tmp_path: Path, database_url: str) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "Microsoft"))}
    environ["DATABASE_URL"] = database_url
    environ["HOME"] = str(tmp_path)
    return environ


async def test_thankyou_purge_on_the_command_line(
    engine: AsyncEngine, database_url: str, tmp_path: Path
) -> None:
    await seed(engine)
    before = await counts(engine)
    result = thankyou("purge", "--older-than", "30", env=_env(tmp_path, database_url))
    assert result.returncode == 0, result.stderr
    assert "2 finished or abandoned interviews and 2 saved notes" in result.stdout
    assert (await counts(engine))["saved_notes"] == before["saved_notes"] - 2
    refused = thankyou("purge", "--older-than", "soon", env=_env(tmp_path, database_url))
    assert refused.returncode == 2 and "--older-than" in refused.stderr


async def test_delete_my_data_in_the_terminal(
    engine: AsyncEngine, database_url: str, tmp_path: Path
) -> None:
    env = _env(tmp_path, database_url)
    await seed(engine)  # other users' rows, which stay
    chat = thankyou("chat", stdin="\n".join([*SINGLE, "done"]) + "\n", env=env)
    assert chat.returncode == 0, chat.stderr
    before = await counts(engine)

    kept = thankyou("delete-my-data", stdin="no\n", env=env)
    assert kept.returncode == 1 and "Nothing was deleted" in kept.stdout
    assert await counts(engine) == before

    deleted = thankyou("delete-my-data", stdin="yes\n", env=env)
    assert deleted.returncode == 0, deleted.stderr
    assert "Deleted 1 interview and 1 saved note" in deleted.stdout
    after = await counts(engine)
    assert after == {
        **before,
        "conversations": before["conversations"] - 1,
        "saved_notes": before["saved_notes"] - 1,
    }
    again = thankyou("delete-my-data", "--yes", env=env)
    assert "nothing of yours to delete" in again.stdout
