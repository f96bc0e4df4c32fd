"""Platform ids checked at the edge, before anything is stored or looked up.

The columns that hold ids are bounded (bot/models.py: platform 16, tenant 64, user 128,
event 200 characters) and PostgreSQL refuses NUL and lone surrogates, so an id that
does not fit would fail every turn of that user with a database error. Adapters call
`valid_id` on every id they key data by and answer 400 when it says no.
"""

from __future__ import annotations

from typing import Any

MAX_PLATFORM = 16
MAX_TENANT = 64
MAX_USER = 128
MAX_EVENT = 200


def valid_id(value: Any, limit: int, *, ascii_only: bool = False) -> bool:
    """A non-empty string of at most `limit` printable characters, none of them space
    at either end (printable excludes NUL, other controls and lone surrogates);
    `ascii_only` for ids that end up in a URL or a header."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= limit
        and value.isprintable()
        and value == value.strip()
        and (value.isascii() or not ascii_only)
    )
