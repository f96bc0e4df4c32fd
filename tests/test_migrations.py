"""Migrations on SQLite and PostgreSQL, and the start-up path that applies or checks them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import Script, ScriptDirectory
from sqlalchemy import Connection, inspect, text

from bot.service import ConversationService
from bot.store import Store
from bot.store.db import (
    DatabaseConfigError,
    SchemaOutOfDateError,
    alembic_config,
    create_engine,
    current_revision,
    default_database_url,
    downgrade,
    head_revision,
    open_database,
    upgrade,
)
from bot.store.models import Base
from dialogs import interview
from dialogs.messages import Command, EventId, Incoming, conversation_key


def revisions() -> list[Script]:
    """Every revision, oldest first."""
    script = ScriptDirectory.from_config(alembic_config("sqlite+aiosqlite://"))
    return list(reversed(list(script.walk_revisions("base", "heads"))))


def table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


def schema_differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def revision_of(url: str) -> str | None:
    engine = create_engine(url)
    try:
        return await current_revision(engine)
    finally:
        await engine.dispose()


@pytest.mark.parametrize("revision", revisions(), ids=lambda script: script.revision)
async def test_stairway(database_url: str, revision: Script) -> None:
    """Each revision upgrades, downgrades one step cleanly, and upgrades again."""
    down_to = revision.down_revision or "base"
    assert isinstance(down_to, str), "merge revisions are not expected"

    await upgrade(database_url, revision.revision)
    await downgrade(database_url, down_to)
    assert await revision_of(database_url) == (None if down_to == "base" else down_to)
    await upgrade(database_url, revision.revision)
    assert await revision_of(database_url) == revision.revision


async def test_downgrade_to_base_removes_every_table(database_url: str) -> None:
    await upgrade(database_url)
    await downgrade(database_url, "base")
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(table_names) == set()
    finally:
        await engine.dispose()


async def test_migrated_schema_matches_the_models(database_url: str) -> None:
    await upgrade(database_url)
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(table_names) == set(Base.metadata.tables)
            assert await connection.run_sync(schema_differences) == []
    finally:
        await engine.dispose()


def test_revision_ids_are_numbered_and_files_readable() -> None:
    scripts = revisions()
    assert [s.revision for s in scripts] == [f"{n:04d}" for n in range(1, len(scripts) + 1)]
    for script in scripts:
        assert Path(script.path).name.startswith(f"{script.revision}_")
    assert head_revision() == scripts[-1].revision


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_open_database_migrates_a_fresh_sqlite_file(database_url: str) -> None:
    engine = await open_database(database_url)
    try:
        assert await current_revision(engine) == head_revision()
        async with engine.connect() as connection:
            assert await connection.run_sync(table_names) == set(Base.metadata.tables)
            pragma = connection.exec_driver_sql
            assert (await pragma("PRAGMA journal_mode")).scalar() == "wal"
            assert (await pragma("PRAGMA foreign_keys")).scalar() == 1
            assert (await pragma("PRAGMA busy_timeout")).scalar() > 0
        assert engine.sync_engine.pool.size() == 1  # type: ignore[attr-defined]
    finally:
        await engine.dispose()

    engine = await open_database(database_url)  # second start: already at head
    await engine.dispose()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_open_database_refuses_a_sqlite_file_from_newer_code(database_url: str) -> None:
    await upgrade(database_url)
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    await engine.dispose()

    with pytest.raises(SchemaOutOfDateError, match="9999, which this code does not know"):
        await open_database(database_url)


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_open_database_refuses_an_unmigrated_postgres(database_url: str) -> None:
    with pytest.raises(SchemaOutOfDateError) as raised:
        await open_database(database_url)
    message = str(raised.value)
    assert message == (
        f"database schema is at empty, code expects {head_revision()}: run 'thankyou db upgrade'"
    )
    assert "\n" not in message
    assert await revision_of(database_url) is None  # nothing was created

    await upgrade(database_url)
    engine = await open_database(database_url)
    try:
        assert await current_revision(engine) == head_revision()
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    "url",
    ["mysql+aiomysql://u@h/db", "sqlite:///plain.db", "postgresql://u:secret@h/db", "nonsense"],
)
async def test_unsupported_urls_are_refused_naming_the_setting(url: str) -> None:
    with pytest.raises(DatabaseConfigError, match="DATABASE_URL") as raised:
        await open_database(url)
    assert "secret" not in str(raised.value)


def test_default_database_url_is_a_file_in_the_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda app: str(tmp_path / "data" / app))
    url = default_database_url()
    assert url == f"sqlite+aiosqlite:///{tmp_path}/data/thankyou-coach/thankyou.db"
    assert (tmp_path / "data" / "thankyou-coach").is_dir()


async def test_an_interview_saved_before_0009_keeps_loading_and_takes_its_next_message(
    database_url: str,
) -> None:
    """A row saved before the platform time of the last message was kept: after the
    upgrade it has none (NULL), loads, and its next message is taken, which sets it."""
    key = conversation_key("slack", "T1", "U1")
    now = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
    started = interview.handle(None, Incoming(command=Command.START), now)
    assert started.state is not None
    await upgrade(database_url, "0008")
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:  # as code before 0009 saved it
            await connection.execute(
                text(
                    "INSERT INTO conversations (platform, tenant, user_id, status, state,"
                    " version, created_at, updated_at) VALUES ('slack', 'T1', 'U1',"
                    " 'active', :state, 1, :now, :now)"
                ),
                {"state": json.dumps(started.state.to_json()), "now": now},
            )
    finally:
        await engine.dispose()
    await upgrade(database_url)
    engine = create_engine(database_url)
    try:
        store = Store(engine)
        record = await store.open_conversation(key)
        assert record is not None and record.last_message_at is None
        service = ConversationService(store, channel="slack")
        sent = now + dt.timedelta(minutes=1)
        event = EventId("slack", "T1", "Ev1")
        replies = await service.handle(key, Incoming(text="Dana Lee"), event, sent_at=sent)
        assert "company" in replies[-1].text.lower()
        saved = await store.open_conversation(key)
        assert saved is not None and saved.last_message_at == sent
    finally:
        await engine.dispose()
