"""The store: every table the bot keeps, and the only code that reads or writes them.

`db` opens engines and checks the schema, `models` declares the tables (changed only by
Alembic migrations), `conversations` keeps interviews, saved notes and processed events,
`replay` turns replies into JSON and back (a redelivered event gets its replies again),
`retention` deletes what is older than the retention period.
"""

from bot.store.conversations import (
    ConversationRecord,
    DuplicateEventError,
    NewScheduled,
    PendingReplies,
    SavedNote,
    SeenEvent,
    StaleWriteError,
    Store,
    TurnRead,
)

__all__ = [
    "ConversationRecord",
    "DuplicateEventError",
    "NewScheduled",
    "PendingReplies",
    "SavedNote",
    "SeenEvent",
    "StaleWriteError",
    "Store",
    "TurnRead",
]
