"""Shared fixtures. Database ones run each test on SQLite and on PostgreSQL.

- `database_url`: a fresh, empty database: a SQLite file in tmp_path, or a PostgreSQL
  database with a random name on the server in TEST_DATABASE_URL, dropped afterwards.
- `engine`: an engine on that database, migrated to head with Alembic.
- `store`: a `bot.store.Store` on that engine.

Without TEST_DATABASE_URL the PostgreSQL runs are skipped, except in CI (CI=true), where
they fail: CI must run them. A server that is set but unreachable is a failure too.

Hypothesis profiles for the `fuzz` tests: "ci" (the default, a few hundred examples in
all) and "long" (`FUZZ_PROFILE=long pytest -m fuzz`, 10,000 examples per test, or
FUZZ_EXAMPLES).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store import Store
from bot.store.db import create_engine, upgrade
from tests.tcp_proxy import TcpProxy

_FUZZ = {
    # One app serves every example of a test, as a server serves every request.
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "deadline": None,  # no timed tests
    "database": None,  # no .hypothesis folder in the tree
}
settings.register_profile("ci", max_examples=150, **_FUZZ)
settings.register_profile(
    "long", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "10000")), **_FUZZ
)
settings.load_profile(os.environ.get("FUZZ_PROFILE", "ci"))


def _postgres_server_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    if os.environ.get("CI") == "true":
        pytest.fail("TEST_DATABASE_URL not set: CI must run the PostgreSQL tests")
    pytest.skip("TEST_DATABASE_URL not set: PostgreSQL tests skipped")


async def _admin_connection(server_url: str) -> asyncpg.Connection:
    dsn = make_url(server_url).set(drivername="postgresql")
    try:
        return await asyncpg.connect(dsn.render_as_string(hide_password=False), timeout=10)
    except (OSError, asyncpg.PostgresError) as error:
        pytest.fail(f"TEST_DATABASE_URL is set but PostgreSQL is unreachable: {error!r}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, empty database of each kind; use it to migrate or open one yourself."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'thankyou.db'}"
        return
    server_url = _postgres_server_url()
    name = f"thankyou_test_{uuid.uuid4().hex[:12]}"
    admin = await _admin_connection(server_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on `database_url`, migrated to head."""
    await upgrade(database_url)
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def store(engine: AsyncEngine) -> Store:
    return Store(engine)


@pytest.fixture
async def proxied_postgres() -> AsyncIterator[tuple[str, TcpProxy]]:
    """A fresh PostgreSQL database, migrated, reached through a `TcpProxy` the test can
    cut off: (its URL through the proxy, the proxy)."""
    server_url = _postgres_server_url()
    name = f"thankyou_test_{uuid.uuid4().hex[:12]}"
    admin = await _admin_connection(server_url)
    target = make_url(server_url)
    proxy = TcpProxy(target.host or "127.0.0.1", target.port or 5432)
    await proxy.start()
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = target.set(database=name, host="127.0.0.1", port=proxy.port)
        rendered = url.render_as_string(hide_password=False)
        await upgrade(rendered)
        yield rendered, proxy
    finally:
        await proxy.close()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
