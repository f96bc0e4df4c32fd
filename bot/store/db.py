"""Database plumbing: engines, sessions, and Alembic driven from code.

The app calls `open_database` at start-up; the `Store` runs its operations on the
engine (bot/store/runner.py) and `sessionmaker` serves the rest (scheduler, purge); the
`thankyou db` commands call `upgrade`, `downgrade` and `current_revision`. The schema
changes only through the migrations in `migrations/`: an embedded SQLite file is
migrated on start, any other database must be upgraded on purpose first.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from sqlalchemy import URL, Connection, event, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

import migrations
from bot.store import schema

if TYPE_CHECKING:
    # Alembic is imported where it is used: about 0.2 s of a server's start otherwise,
    # and a server whose schema is at head (the start-up check, schema.py) needs none.
    from alembic.config import Config
    from alembic.script import ScriptDirectory

SQLITE_DRIVER = "sqlite+aiosqlite"
POSTGRES_DRIVER = "postgresql+asyncpg"
MIGRATIONS_DIR = Path(migrations.__file__).resolve().parent

# Bounds on every wait for the database, so that a turn fails (and says so) instead of
# hanging through an outage: Slack wants its answer within 3 s, Bot Framework within 15 s,
# and a retyped answer queued behind a hung one would land in the next field.
CONNECT_TIMEOUT_S = 1.0  # opening a connection (asyncpg `timeout`)
STATEMENT_TIMEOUT_S = 1.5  # each statement, commit included (asyncpg `command_timeout`)
POOL_TIMEOUT_S = 1.0  # waiting for a free pooled connection
# PostgreSQL connections kept open and reused. With overflow connections, every burst
# opened and closed new ones (17 a second under load, each with its handshake); the
# turns beyond this wait for a connection, within POOL_TIMEOUT_S.
POSTGRES_POOL_SIZE = 20
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
# How long a SQLite connection waits for another process's write lock (the CLI while the
# server runs) before failing with "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 2000


# What a database that is down, unreachable or too slow raises through SQLAlchemy's
# asyncpg and aiosqlite drivers (timeouts and refused connections are OSErrors).
UNAVAILABLE = (OSError, SQLAlchemyError)


class DatabaseConfigError(Exception):
    """DATABASE_URL names a database this app cannot use."""


class SchemaOutOfDateError(Exception):
    """The database's schema is not the one this code expects; nothing was changed."""


def default_database_url() -> str:
    """The embedded default: a SQLite file in the user's data directory (created here)."""
    folder = Path(platformdirs.user_data_dir("thankyou-coach"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"{SQLITE_DRIVER}:///{folder / 'thankyou.db'}"


def _parse(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise DatabaseConfigError("DATABASE_URL is not a database URL") from error
    if parsed.drivername not in (SQLITE_DRIVER, POSTGRES_DRIVER):
        # Name only the scheme: the URL may hold a password.
        raise DatabaseConfigError(
            f"DATABASE_URL must start with {SQLITE_DRIVER}:// or {POSTGRES_DRIVER}://, "
            f"not {parsed.drivername}://"
        )
    return parsed


def is_sqlite_file(url: URL) -> bool:
    return url.database not in (None, "", ":memory:") and url.query.get("mode") != "memory"


def set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the writer; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def create_engine(
    url: str, *, statement_timeout: float | None = STATEMENT_TIMEOUT_S
) -> AsyncEngine:
    """An engine tuned for its database; raises `DatabaseConfigError` for other URLs.

    `statement_timeout` None is for migrations, whose statements may take long."""
    parsed = _parse(url)
    # A database error's message would otherwise carry its statement's parameters: the
    # user's answers, notes, e-mail and name, straight into the log.
    private = {"hide_parameters": True}
    if parsed.drivername == POSTGRES_DRIVER:
        connect_args = postgres_connect_args(parsed, statement_timeout)
        # No `pool_pre_ping`: a liveness query before every use was a round trip on every
        # turn. A connection found dead (the server restarted) invalidates the pool's
        # older connections, and the turn's read retries once (Store.read_turn).
        return create_async_engine(
            parsed,
            pool_size=POSTGRES_POOL_SIZE,
            max_overflow=0,
            pool_timeout=POOL_TIMEOUT_S,
            connect_args=connect_args,
            **private,
        )
    # SQLite: one connection in WAL mode (p99 45 ms instead of 441 ms at 16 concurrent
    # turns, as measured here). An in-memory database already gets a single StaticPool.
    pool: dict[str, Any] = (
        {"pool_size": 1, "max_overflow": 0, "pool_timeout": POOL_TIMEOUT_S}
        if is_sqlite_file(parsed)
        else {}
    )
    engine = create_async_engine(parsed, **pool, **private)
    event.listen(engine.sync_engine, "connect", set_sqlite_pragmas)
    return engine


def postgres_connect_args(url: URL, statement_timeout: float | None) -> dict[str, Any]:
    """What asyncpg's connect is given besides the URL's own parameters: the bounds on
    connecting and on each statement, and no TLS to a server on this machine."""
    connect_args: dict[str, Any] = {
        "timeout": CONNECT_TIMEOUT_S,
        "command_timeout": statement_timeout,
    }
    if url.host in LOCAL_HOSTS and not {"ssl", "sslmode"} & set(url.query):
        # asyncpg tries TLS first by default; on this machine it is a wasted round trip.
        # `?ssl=require` (or any ssl setting in DATABASE_URL) is used as given.
        connect_args["ssl"] = False
    return connect_args


def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for the `Store`; records stay readable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config(url: str) -> Config:
    """Alembic's configuration for `url`, independent of the current directory."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolates "%": a URL-encoded password must survive it.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS_DIR))


def head_revision() -> str:
    """The revision this code expects the database to be at."""
    head = _script_directory().get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations in {MIGRATIONS_DIR}")
    return head


@asynccontextmanager
async def migration_connection(url: str) -> AsyncIterator[AsyncConnection]:
    """A connection to run migrations on, committed at the end; also used by env.py.

    On SQLite, foreign keys are off while migrating: batch mode copies and drops tables,
    and dropping a referenced table with them on would cascade into its children. The
    result is checked with `PRAGMA foreign_key_check` before commit instead.
    """
    engine = create_engine(url, statement_timeout=None)
    try:
        async with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            yield connection
            if sqlite:
                broken = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
                if broken:
                    raise RuntimeError(f"migration left broken foreign keys: {broken[:5]}")
            await connection.commit()
    finally:
        await engine.dispose()


def _run_command(connection: Connection, config: Config, action: Callable[[Config], None]) -> None:
    # migrations/env.py runs on this connection instead of opening its own.
    config.attributes["connection"] = connection
    action(config)


async def _run_alembic(url: str, action: Callable[[Config], None]) -> None:
    config = alembic_config(url)
    async with migration_connection(url) as connection:
        await connection.run_sync(_run_command, config, action)


async def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at `url` up to `revision` (`thankyou db upgrade`)."""
    from alembic import command

    await _run_alembic(url, lambda config: command.upgrade(config, revision))


async def downgrade(url: str, revision: str) -> None:
    """Migrate the database at `url` down to `revision` ("base" empties it)."""
    from alembic import command

    await _run_alembic(url, lambda config: command.downgrade(config, revision))


def _read_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(engine: AsyncEngine) -> str | None:
    """The database's revision, or None for a database never migrated."""
    async with engine.connect() as connection:
        return await connection.run_sync(_read_revision)


async def open_database(url: str) -> AsyncEngine:
    """The start-up path: an engine whose schema is at head.

    SQLite (the embedded default) is migrated here so a first start just works; any
    other database is left alone and refused with one line if it is not at head.
    """
    sqlite = _parse(url).drivername == SQLITE_DRIVER
    engine = create_engine(url)
    try:
        if await schema.at_head(engine, MIGRATIONS_DIR):
            return engine  # the usual start: no Alembic needed
        current = await current_revision(engine)
        head = head_revision()
        if current != head:
            known = _is_known_revision(current)
            if not (sqlite and known):
                raise SchemaOutOfDateError(_schema_mismatch(current, head, known=known))
            await upgrade(url)
    except BaseException:
        await engine.dispose()
        raise
    return engine


def _is_known_revision(revision: str | None) -> bool:
    if revision is None:
        return True
    from alembic.util import CommandError

    try:
        _script_directory().get_revision(revision)
    except CommandError:
        return False
    return True


def _schema_mismatch(current: str | None, head: str, *, known: bool) -> str:
    if not known:
        # Migrated by newer code: upgrading with this code cannot help.
        return f"database schema is at {current}, which this code does not know: it expects {head}"
    return (
        f"database schema is at {current or 'empty'}, code expects {head}: "
        "run 'thankyou db upgrade'"
    )
