"""The start-up schema check without Alembic (bot/store/schema.py): it agrees with
Alembic, and says False whenever it is not sure, so that Alembic decides."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.store import schema
from bot.store.db import MIGRATIONS_DIR, create_engine, downgrade, head_revision, upgrade


def test_the_head_is_alembics_head() -> None:
    assert schema.script_head(MIGRATIONS_DIR / "versions") == head_revision()


def write(folder: Path, name: str, revision: str, down: str | None) -> None:
    down_text = f'"{down}"' if down else "None"
    (folder / name).write_text(
        f'revision: str = "{revision}"\ndown_revision: str | None = {down_text}\n'
    )


def test_two_heads_or_an_unreadable_file_mean_not_sure(tmp_path: Path) -> None:
    write(tmp_path, "0001_a.py", "0001", None)
    write(tmp_path, "0002_b.py", "0002", "0001")
    assert schema.script_head(tmp_path) == "0002"
    branched = tmp_path / "branched"
    branched.mkdir()
    write(branched, "0001_a.py", "0001", None)
    write(branched, "0002_b.py", "0002", "0001")
    write(branched, "0003_c.py", "0003", "0001")
    assert schema.script_head(branched) is None
    odd = tmp_path / "odd"
    odd.mkdir()
    write(odd, "0001_a.py", "0001", None)
    (odd / "0002_b.py").write_text('revision = compute()\ndown_revision = "0001"\n')
    assert schema.script_head(odd) is None


async def test_at_head_only_when_the_database_is(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        assert not await schema.at_head(engine, MIGRATIONS_DIR)  # a new database
        await upgrade(database_url)
        assert await schema.at_head(engine, MIGRATIONS_DIR)
        await downgrade(database_url, "0003")
        assert not await schema.at_head(engine, MIGRATIONS_DIR)
    finally:
        await engine.dispose()


def test_the_server_modules_do_not_import_alembic() -> None:
    code = "import sys, bot.cli, bot.app; print('alembic' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"
