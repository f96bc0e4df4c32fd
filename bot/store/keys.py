"""A user's key in the store's statements: the condition on a table's (platform, tenant,
user_id) as bound parameters, and the parameters of a `ConversationKey`. Every statement
that reads or writes a user's rows takes them from here, so none can forget the tenant."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, bindparam

from dialogs.messages import ConversationKey


def of_key(table: Any) -> Any:
    """The rows of `key_params`' user in `table` (or an alias of it)."""
    return and_(
        table.c.platform == bindparam("key_platform"),
        table.c.tenant == bindparam("key_tenant"),
        table.c.user_id == bindparam("key_user"),
    )


def key_params(key: ConversationKey) -> dict[str, Any]:
    return {"key_platform": key.platform, "key_tenant": key.tenant, "key_user": key.user}
