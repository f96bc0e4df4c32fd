"""The start-up schema check, without Alembic.

Importing Alembic costs a server about 0.2 s of its start. At start-up the question is
only whether the database is at the head revision; for a chain of migrations (each
file's `revision` and `down_revision`, as every file in migrations/versions has) the
head is the one revision no other names as its `down_revision`, and the database's
revision is the row of `alembic_version`. When either cannot be read this way, or they
differ, `at_head` says False and bot.store.db asks Alembic, which has the last word.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

_REVISION = re.compile(r"""^revision\s*(?::[^=]*)?=\s*["']([\w-]+)["']\s*$""", re.MULTILINE)
_DOWN = re.compile(
    r"""^down_revision\s*(?::[^=]*)?=\s*(?:["']([\w-]+)["']|None)\s*$""", re.MULTILINE
)


@cache
def script_head(versions: Path) -> str | None:
    """The head of the migrations in `versions` if they form one chain, else None."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in versions.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.findall(source), _DOWN.findall(source)
        if not revision and not down:
            continue  # not a migration (__init__.py)
        if len(revision) != 1 or len(down) != 1:
            return None  # something this reader does not understand: ask Alembic
        revisions.add(revision[0])
        if down[0]:
            parents.add(down[0])
    heads = revisions - parents
    if len(heads) != 1 or not parents <= revisions:
        return None
    return heads.pop()


async def at_head(engine: AsyncEngine, migrations_dir: Path) -> bool:
    """True only when the database is surely at the code's head revision."""
    head = script_head(migrations_dir / "versions")
    if head is None:
        return False
    try:
        async with engine.connect() as connection:
            rows = (await connection.execute(text("SELECT version_num FROM alembic_version"))).all()
    except SQLAlchemyError:
        return False  # no table yet (a new database), or another problem: Alembic decides
    return [row[0] for row in rows] == [head]
