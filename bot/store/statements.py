"""The statements of the conversation store, built once at import.

A turn runs a handful of statements (tests/test_service.py counts them). Each is built
here once, with bound parameters, so a turn neither constructs nor compiles SQL: the
per-turn cost is executing it. Building a statement took a few hundred microseconds of
a turn's CPU, the ORM session around it about a millisecond more (bench/bench_serve.py).
Parameters are named after the key's fields (`bot.store.keys.key_params` fills them)
and the event's (`event_params`). Run by bot/store/conversations.py.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, bindparam, func, insert, literal_column, select, true, update

from bot.store.keys import of_key
from bot.store.models import (
    ABANDONED,
    DONE,
    OPEN_STATUSES,
    Base,
    Conversation,
    ProcessedEvent,
    SavedNoteRow,
    ScheduledMessage,
    TeamsReference,
)
from dialogs.messages import EventId

CONVERSATIONS = Base.metadata.tables[Conversation.__tablename__]
EVENTS = Base.metadata.tables[ProcessedEvent.__tablename__]
NOTES = Base.metadata.tables[SavedNoteRow.__tablename__]
SCHEDULED = Base.metadata.tables[ScheduledMessage.__tablename__]
REFERENCES = Base.metadata.tables[TeamsReference.__tablename__]


def event_params(event: EventId) -> dict[str, Any]:
    return {"event_platform": event.platform, "event_tenant": event.tenant, "event": event.event_id}


def _is_event(table: Any) -> Any:
    """The processed event of `event_params`, in EVENTS or an alias of it."""
    return and_(
        table.c.platform == bindparam("event_platform"),
        table.c.tenant == bindparam("event_tenant"),
        table.c.event_id == bindparam("event"),
    )


_THE_EVENT = _is_event(EVENTS)
# The statuses written into the SQL, as in the partial index on open interviews: bound
# parameters in an IN list are expanded anew at every execution.
_OPEN = CONVERSATIONS.c.status.in_([literal_column(f"'{status}'") for status in OPEN_STATUSES])

SELECT_EVENT = select(EVENTS.c.replies, EVENTS.c.answered_at).where(_THE_EVENT)
SELECT_OPEN = select(CONVERSATIONS).where(of_key(CONVERSATIONS), _OPEN)
SELECT_ONE = select(CONVERSATIONS).where(
    of_key(CONVERSATIONS), CONVERSATIONS.c.id == bindparam("conversation")
)
SELECT_LATEST_DONE = (
    select(CONVERSATIONS)
    .where(of_key(CONVERSATIONS), CONVERSATIONS.c.status == DONE)
    .order_by(CONVERSATIONS.c.id.desc())
    .limit(1)
)
SELECT_UNSENT = (
    select(
        EVENTS.c.platform,
        EVENTS.c.tenant,
        EVENTS.c.event_id,
        EVENTS.c.replies,
        EVENTS.c.processed_at,
    )
    .where(of_key(EVENTS), EVENTS.c.answered_at.is_(None), EVENTS.c.replies.is_not(None))
    .order_by(EVENTS.c.processed_at.desc())
    .limit(1)
)


def _read_turn_statement(*, unsent: bool) -> Any:
    """What a turn reads, as one statement: the open interview, the event if it was seen
    before, when the user sent the last message taken into any of their interviews,
    whether a Teams conversation reference is kept for them, and (with `unsent`) the
    user's latest replies never sent. Each is LEFT JOINed onto one row, so any of them
    may be missing (NULL): one round trip instead of five."""
    anchor = select(literal_column("1").label("anchor")).subquery("anchor")
    seen = EVENTS.alias("seen")
    every = CONVERSATIONS.alias("every_interview")
    last_taken = select(func.max(every.c.last_message_at)).where(of_key(every))
    columns: list[Any] = [
        *CONVERSATIONS.c,
        seen.c.event_id.label("seen_event"),
        seen.c.replies.label("seen_replies"),
        seen.c.answered_at.label("seen_answered_at"),
        last_taken.scalar_subquery().label("last_taken_at"),
        REFERENCES.c.updated_at.label("reference_at"),
    ]
    joined = (
        anchor.outerjoin(CONVERSATIONS, and_(of_key(CONVERSATIONS), _OPEN))
        .outerjoin(seen, _is_event(seen))
        .outerjoin(REFERENCES, of_key(REFERENCES))
    )
    if unsent:
        latest = SELECT_UNSENT.subquery("unsent")
        columns += [column.label(f"unsent_{column.name}") for column in latest.c]
        joined = joined.outerjoin(latest, true())
    return select(*columns).select_from(joined)


READ_TURN = _read_turn_statement(unsent=False)
READ_TURN_AND_UNSENT = _read_turn_statement(unsent=True)

# The SET clause comes from the parameters given (state, status, version, updated_at,
# and last_message_at when the turn's message has a platform time).
UPDATE_STATE = update(CONVERSATIONS).where(
    CONVERSATIONS.c.id == bindparam("conversation"),
    CONVERSATIONS.c.version == bindparam("read_version"),
)
ABANDON_OPEN = (
    update(CONVERSATIONS)
    .where(of_key(CONVERSATIONS), _OPEN)
    .values(status=ABANDONED, version=CONVERSATIONS.c.version + 1)
)
INSERT_CONVERSATION = insert(CONVERSATIONS).returning(CONVERSATIONS.c.id)
INSERT_EVENT = insert(EVENTS)


def _save_turn_in_one_statement() -> Any:
    """PostgreSQL only: a turn's usual write (the new state, and the processed event with
    its replies) as one statement, so one round trip instead of BEGIN, UPDATE, INSERT
    and COMMIT. The event is inserted only if the UPDATE found the version read (else
    no row: a stale write); a duplicate event fails the whole statement. SQLite has no
    UPDATE inside WITH: there the two statements run in a transaction."""
    updated = (
        update(CONVERSATIONS)
        .where(
            CONVERSATIONS.c.id == bindparam("conversation"),
            CONVERSATIONS.c.version == bindparam("read_version"),
        )
        .values(
            state=bindparam("new_state", type_=CONVERSATIONS.c.state.type),
            status=bindparam("new_status", type_=CONVERSATIONS.c.status.type),
            version=bindparam("new_version", type_=CONVERSATIONS.c.version.type),
            updated_at=bindparam("new_updated_at", type_=CONVERSATIONS.c.updated_at.type),
            last_message_at=func.coalesce(
                bindparam("new_last_message_at", type_=CONVERSATIONS.c.last_message_at.type),
                CONVERSATIONS.c.last_message_at,
            ),
        )
        .returning(CONVERSATIONS.c.id)
        .cte("updated")
    )
    columns = ["platform", "tenant", "event_id", "processed_at", "replies", "user_id"]
    event_row = select(
        *(bindparam(f"event_{name}", type_=EVENTS.c[name].type) for name in columns)
    ).select_from(updated)
    return insert(EVENTS).from_select(columns, event_row)


SAVE_TURN = _save_turn_in_one_statement()
INSERT_NOTE = insert(NOTES)
MARK_ANSWERED = update(EVENTS).where(_THE_EVENT)
SELECT_NOTES = select(NOTES).where(of_key(NOTES)).order_by(NOTES.c.id)
# The latest notes, newest first, each with the count of all the user's notes (its
# number is counted from that): the Home tab shows ten of any number.
SELECT_LATEST_NOTES = (
    select(NOTES, func.count().over().label("total"))
    .where(of_key(NOTES))
    .order_by(NOTES.c.id.desc())
    .limit(bindparam("limit"))
)
SELECT_SCHEDULED_PAYLOAD = select(SCHEDULED.c.payload).where(
    of_key(SCHEDULED),
    SCHEDULED.c.id == bindparam("message"),
)
