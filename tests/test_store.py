"""The store on SQLite and PostgreSQL: scoping, atomic turns, optimistic locking, events."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import metrics
from bot.store import (
    DuplicateEventError,
    SavedNote,
    StaleWriteError,
    Store,
)
from bot.store.db import create_engine, upgrade
from bot.store.models import ABANDONED, ACTIVE, CANCELLED, DONE, Conversation
from dialogs.messages import ConversationKey, EventId, conversation_key
from tests.tcp_proxy import TcpProxy

ALICE_T1 = conversation_key("slack", "T1", "U1")
ALICE_T2 = conversation_key("slack", "T2", "U1")  # same user id, another workspace
ALICE_TEAMS = conversation_key("teams", "T1", "U1")  # same ids, another platform


def note(interviewer: str, company: str = "Acme Outdoor Co.") -> SavedNote:
    return SavedNote(
        interviewer=interviewer,
        company=company,
        role="Social Media Manager",
        tone="formal",
        subject="Thank you – Social Media Manager interview",
        body=f"Dear {interviewer}, thank you.",
        interview_date=dt.date(2026, 11, 24),
    )


async def statuses(engine: AsyncEngine, key: ConversationKey) -> list[str]:
    async with engine.connect() as connection:
        rows = await connection.scalars(
            select(Conversation.status)
            .where(
                Conversation.platform == key.platform,
                Conversation.tenant == key.tenant,
                Conversation.user_id == key.user,
            )
            .order_by(Conversation.id)
        )
        return list(rows)


def test_conversation_key_refuses_missing_parts() -> None:
    with pytest.raises(ValueError, match="tenant"):
        conversation_key("slack", None, "U1")
    with pytest.raises(ValueError, match="user"):
        conversation_key("slack", "T1", " ")


async def test_start_open_and_save_a_conversation(store: Store) -> None:
    assert await store.open_conversation(ALICE_T1) is None

    started = await store.start_conversation(ALICE_T1, {"step": "interviewers"})
    assert (started.key, started.status, started.version) == (ALICE_T1, ACTIVE, 1)
    assert started.created_at.tzinfo is not None

    opened = await store.open_conversation(ALICE_T1)
    assert opened == started

    saved = await store.save_conversation(
        opened, {"step": "company", "n": [1, "é"], "status": ACTIVE}
    )
    assert saved.version == 2
    reopened = await store.open_conversation(ALICE_T1)
    assert reopened is not None
    assert (reopened.state, reopened.version) == (
        {"step": "company", "n": [1, "é"], "status": ACTIVE},
        2,
    )
    assert reopened.updated_at >= reopened.created_at


async def test_cancelled_conversation_is_still_open_and_done_is_not(store: Store) -> None:
    record = await store.start_conversation(ALICE_T1, {"step": "role"})
    record = await store.save_conversation(record, {"step": "role", "status": CANCELLED})
    opened = await store.open_conversation(ALICE_T1)
    assert opened is not None and opened.status == CANCELLED

    await store.save_conversation(opened, {"step": "review", "status": DONE})
    assert await store.open_conversation(ALICE_T1) is None


async def test_data_is_scoped_by_key(store: Store) -> None:
    await store.start_conversation(ALICE_T1, {"tenant": "T1"})
    t2 = await store.start_conversation(ALICE_T2, {"tenant": "T2"})
    await store.start_conversation(ALICE_TEAMS, {"tenant": "teams T1"})
    await store.save_conversation(t2, {"tenant": "T2", "status": DONE}, notes=[note("Dana Lee")])

    for key, tenant in [(ALICE_T1, "T1"), (ALICE_T2, None), (ALICE_TEAMS, "teams T1")]:
        opened = await store.open_conversation(key)
        assert (opened.state["tenant"] if opened else None) == tenant
    assert await store.list_notes(ALICE_T1) == []
    assert [n.interviewer for n in await store.list_notes(ALICE_T2)] == ["Dana Lee"]

    assert await store.delete_user_data(ALICE_T1) == (1, 0)
    assert await store.open_conversation(ALICE_T1) is None
    assert await store.open_conversation(ALICE_TEAMS) is not None
    assert len(await store.list_notes(ALICE_T2)) == 1


async def test_saving_a_turn_with_notes(store: Store) -> None:
    record = await store.start_conversation(ALICE_T1, {"step": "review"})
    await store.save_conversation(
        record, {"step": "done", "status": DONE}, notes=[note("Dana Lee"), note("Sam Ortiz")]
    )
    later = await store.start_conversation(ALICE_T1, {"step": "review"})
    await store.save_conversation(
        later, {"status": DONE}, notes=[note("Kim Park", company="Globex")]
    )

    notes = await store.list_notes(ALICE_T1)
    assert [(n.number, n.interviewer, n.company) for n in notes] == [
        (1, "Dana Lee", "Acme Outdoor Co."),
        (2, "Sam Ortiz", "Acme Outdoor Co."),
        (3, "Kim Park", "Globex"),
    ]
    first = notes[0]
    assert first.subject == "Thank you – Social Media Manager interview"
    assert first.body == "Dear Dana Lee, thank you."
    assert (first.tone, first.role) == ("formal", "Social Media Manager")
    assert first.interview_date == dt.date(2026, 11, 24)
    assert first.created_at.tzinfo is not None


# A turn's write with notes runs as a transaction on SQLAlchemy's connection; one with
# only an event runs on the driver's (bot/store/direct.py): on PostgreSQL as a single
# statement (SAVE_TURN), on SQLite as two in a transaction. All must refuse the same.
WRITES = {
    "with notes": lambda event: {"notes": [note("X")], "event": event},
    "with only an event": lambda event: {"event": event},
}


@pytest.mark.parametrize("write", list(WRITES))
async def test_saving_an_old_version_is_refused(store: Store, write: str) -> None:
    record = await store.start_conversation(ALICE_T1, {"step": "company"})
    await store.save_conversation(record, {"step": "role", "status": ACTIVE})
    late = EventId("slack", "T1", "Ev-late")

    with pytest.raises(StaleWriteError):
        await store.save_conversation(
            record, {"step": "overwritten", "status": ACTIVE}, **WRITES[write](late)
        )

    current = await store.open_conversation(ALICE_T1)
    assert current is not None and current.state == {"step": "role", "status": ACTIVE}
    assert await store.list_notes(ALICE_T1) == []
    assert await store.seen_event(late) is None  # nothing of the refused turn is kept


@pytest.mark.parametrize("write", list(WRITES))
@pytest.mark.parametrize("attempt", range(3))
async def test_two_concurrent_writes_cannot_both_win(
    store: Store, attempt: int, write: str
) -> None:
    record = await store.start_conversation(ALICE_T1, {"step": "company"})
    states = [{"writer": "a"}, {"writer": "b"}]

    results = await asyncio.gather(
        *(
            store.save_conversation(
                record,
                {**state, "status": ACTIVE},
                **WRITES[write](EventId("slack", "T1", f"Ev-{state['writer']}")),
            )
            for state in states
        ),
        return_exceptions=True,
    )

    winners = [r for r in results if not isinstance(r, BaseException)]
    losers = [r for r in results if isinstance(r, BaseException)]
    assert len(winners) == 1, results
    assert len(losers) == 1 and isinstance(losers[0], StaleWriteError), results
    stored = await store.open_conversation(ALICE_T1)
    assert stored is not None
    assert (stored.state, stored.version) == (winners[0].state, 2)
    loser = "b" if stored.state["writer"] == "a" else "a"
    assert await store.seen_event(EventId("slack", "T1", f"Ev-{loser}")) is None


@pytest.mark.parametrize("write", list(WRITES))
async def test_a_duplicate_event_is_not_saved_twice(store: Store, write: str) -> None:
    event = EventId("slack", "T1", "Ev123")
    record = await store.start_conversation(ALICE_T1, {"step": "company"})
    saved = await store.save_conversation(record, {"step": "role", "status": ACTIVE}, event=event)
    assert await store.seen_event(event) is not None

    with pytest.raises(DuplicateEventError):
        await store.save_conversation(
            saved, {"step": "date", "status": ACTIVE}, **WRITES[write](event)
        )

    current = await store.open_conversation(ALICE_T1)
    assert current is not None
    assert (current.state, current.version) == ({"step": "role", "status": ACTIVE}, 2)
    assert await store.list_notes(ALICE_T1) == []


async def test_a_duplicate_event_does_not_start_a_second_conversation(store: Store) -> None:
    event = EventId("slack", "T1", "Ev-start")
    first = await store.start_conversation(ALICE_T1, {"n": 1}, event=event)

    with pytest.raises(DuplicateEventError):
        await store.start_conversation(ALICE_T1, {"n": 2}, event=event)

    assert await store.open_conversation(ALICE_T1) == first


async def test_claim_event_once(store: Store) -> None:
    event = EventId("teams", "tenant-1", "activity-1")
    assert await store.seen_event(event) is None
    assert await store.claim_event(event) is True
    assert await store.claim_event(event) is False
    # The same event id in another tenant is another event.
    assert await store.claim_event(EventId("teams", "tenant-2", "activity-1")) is True


async def test_starting_a_new_conversation_abandons_the_open_one(
    store: Store, engine: AsyncEngine
) -> None:
    old = await store.start_conversation(ALICE_T1, {"n": 1})
    new = await store.start_conversation(ALICE_T1, {"n": 2})

    assert await store.open_conversation(ALICE_T1) == new
    assert await statuses(engine, ALICE_T1) == [ABANDONED, ACTIVE]
    with pytest.raises(StaleWriteError):
        await store.save_conversation(old, {"n": 1, "status": ACTIVE})


async def test_one_open_conversation_per_key_is_enforced_by_the_database(
    engine: AsyncEngine,
) -> None:
    def row(status: str, tenant: str = "T1") -> dict[str, object]:
        now = dt.datetime.now(dt.UTC)
        return dict(
            platform="slack", tenant=tenant, user_id="U1", status=status, state={},
            version=1, created_at=now, updated_at=now,
        )  # fmt: skip

    async with engine.begin() as connection:
        # Closed ones may pile up; another tenant has its own open one.
        await connection.execute(
            insert(Conversation), [row(DONE), row(ABANDONED), row(ACTIVE), row(ACTIVE, "T2")]
        )
    with pytest.raises(IntegrityError):
        async with engine.begin() as connection:
            await connection.execute(insert(Conversation), [row(CANCELLED)])


async def test_delete_user_data_counts(store: Store) -> None:
    first = await store.start_conversation(ALICE_T1, {"n": 1})
    await store.save_conversation(first, {"status": DONE}, notes=[note("A"), note("B")])
    second = await store.start_conversation(ALICE_T1, {"n": 2})
    await store.save_conversation(second, {"status": DONE}, notes=[note("C")])
    await store.start_conversation(ALICE_T1, {"n": 3})
    await store.start_conversation(ALICE_T2, {"n": 1})

    assert await store.delete_user_data(ALICE_T1) == (3, 3)
    assert await store.open_conversation(ALICE_T1) is None
    assert await store.list_notes(ALICE_T1) == []
    assert await store.delete_user_data(ALICE_T1) == (0, 0)
    assert await store.open_conversation(ALICE_T2) is not None


@pytest.mark.postgres
async def test_a_turns_read_finds_the_event_by_its_key_even_with_stale_statistics(
    proxied_postgres: tuple[str, TcpProxy],
) -> None:
    """PostgreSQL, 20,000 events of one Slack team that autovacuum has not analysed yet
    (a new or fast-growing database): the turn's read must look the event up through the
    primary key, not read the team's events through the index of users' events (which
    took 7 ms a turn before migration 0007)."""
    from sqlalchemy import text
    from sqlalchemy.dialects import postgresql

    from bot.store.statements import READ_TURN_AND_UNSENT

    engine = create_engine(proxied_postgres[0])
    async with engine.begin() as connection:
        await connection.execute(
            text("ALTER TABLE processed_events SET (autovacuum_enabled = false)")
        )
        await connection.execute(
            text(
                "INSERT INTO processed_events (platform, tenant, event_id, processed_at, "
                "user_id, answered_at) SELECT 'slack', 'T1', 'Ev' || n, now(), 'U' || (n % 16), "
                "now() FROM generate_series(1, 20000) AS n"
            )
        )
    compiled = READ_TURN_AND_UNSENT.compile(dialect=postgresql.asyncpg.dialect())
    values = {
        **compiled.params,
        "key_platform": "slack",
        "key_tenant": "T1",
        "key_user": "U1",
        "event_platform": "slack",
        "event_tenant": "T1",
        "event": "Ev-new",
    }
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        plan = await driver.fetch(
            f"EXPLAIN {compiled}", *(values[name] for name in compiled.positiontup or ())
        )
    await engine.dispose()
    lines = [row[0] for row in plan]
    seen = next(line for line in lines if " seen " in line)
    assert "pk_processed_events" in seen, "\n".join(lines)


async def test_turns_and_the_rest_of_the_app_write_at_once_and_lose_nothing(
    engine: AsyncEngine, store: Store
) -> None:
    """On a SQLite file the store has a connection of its own (bot/store/runner.py) beside
    the AsyncEngine's, which the scheduler, the Teams references and the purge use: the
    two write the same file at once. Every write of both must land, none refused with
    "database is locked", and every turn's state and event must be there after."""
    from bot.store.db import sessionmaker
    from bot.store.schedule import Schedule

    schedule = Schedule(sessionmaker(engine))
    users = [conversation_key("slack", "T1", f"U{n}") for n in range(6)]
    turns = 15

    async def interview(key: ConversationKey) -> None:
        record = await store.start_conversation(key, {"step": 0})
        for step in range(1, turns + 1):
            event = EventId("slack", "T1", f"{key.user}-{step}")
            read = await store.read_turn(key, event, pending=True)
            assert read.seen is None and read.record is not None
            record = await store.save_conversation(
                read.record, {"step": step}, event=event, replies=[{"text": str(step)}]
            )
            await store.mark_answered(event)
        assert record.version == turns + 1

    async def scheduling(key: ConversationKey) -> None:
        # The AsyncEngine's side: a transaction that writes, then one that reads and
        # writes (the scheduler's claim).
        for n in range(turns):
            due = dt.datetime(2026, 11, 24, tzinfo=dt.UTC) + dt.timedelta(minutes=n)
            await schedule.schedule(key, "send_reminder", due, {"n": n})
            await schedule.claim_due(due, worker=f"w-{key.user}", limit=1)

    await asyncio.gather(*(interview(key) for key in users), *(scheduling(key) for key in users))

    for key in users:
        record = await store.open_conversation(key)
        assert record is not None and record.state == {"step": turns}
        assert await store.pending_replies(key) is None  # every turn marked answered
        assert len(await schedule.for_user(key, pending_only=False)) == turns
    last = await store.seen_event(EventId("slack", "T1", f"{users[0].user}-{turns}"))
    assert last is not None and last.answered


async def test_while_another_process_holds_the_sqlite_file_turns_fail_in_bounded_time(
    tmp_path: Path,
) -> None:
    """Another process (the CLI) holding the write lock: each write waits at most the
    busy timeout, and the writes queued behind it for the store's one thread fail after
    the pool timeout instead of waiting their turn one after another (20 writes x 2 s).
    Nothing saved before is lost, and the store works again once the lock is gone."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'thankyou.db'}"
    await upgrade(url)
    engine = create_engine(url)
    store = Store(engine)
    try:
        records = [
            await store.start_conversation(conversation_key("slack", "T1", f"U{n}"), {"n": 0})
            for n in range(20)
        ]
        other_process = sqlite3.connect(tmp_path / "thankyou.db", isolation_level=None)
        other_process.execute("BEGIN IMMEDIATE")  # the write lock, held
        try:
            started = time.monotonic()
            results = await asyncio.gather(
                *(store.save_conversation(r, {"n": 1}) for r in records),
                # A single statement too (bot/store/direct.py), on the same thread.
                *(store.mark_answered(EventId("slack", "T1", f"Ev{n}")) for n in range(5)),
                return_exceptions=True,
            )
            waited = time.monotonic() - started
        finally:
            other_process.execute("ROLLBACK")
            other_process.close()
        assert all(isinstance(r, SQLAlchemyError) for r in results), results
        # One write's busy timeout (2 s) plus the queue's 1 s, not 20 busy timeouts.
        assert waited < 10, waited
        for record in records:
            kept = await store.conversation_of(record.key, record.id)
            assert kept is not None and kept.state == {"n": 0}
        saved = await store.save_conversation(records[0], {"n": 1})
        assert saved.version == 2
    finally:
        await engine.dispose()


async def test_a_failed_statement_fails_as_through_sqlalchemy_and_keeps_its_values_private(
    engine: AsyncEngine, store: Store
) -> None:
    """A turn's own statements run on the database driver directly (bot/store/direct.py).
    Their failures must still be SQLAlchemy's exceptions with the parameters hidden (a
    user's answers, names and ids stay out of logs), and the engine's error listeners
    must hear of each: the metrics count it and fail the turn it happened in."""
    metrics.watch_engine(store.sync_engine)
    key = conversation_key("slack", "T1", "U-private-7781")
    await store.start_conversation(key, {"answers": {"role": "Secret Role 5521"}})
    async with engine.begin() as connection:
        await connection.execute(text("DROP TABLE processed_events"))
    failures = [
        lambda: store.read_turn(key, EventId("slack", "T1", "Ev-private-4242"), pending=True),
        lambda: store.claim_event(EventId("slack", "T1", "Ev-private-4242")),
        lambda: store.mark_answered(EventId("slack", "T1", "Ev-private-4242")),
        lambda: store.seen_event(EventId("slack", "T1", "Ev-private-4242")),
    ]
    for fail in failures:
        before = metrics.DB_ERRORS._value.get()
        with metrics.turn("bench") as record:
            with pytest.raises(SQLAlchemyError) as raised:
                await fail()
            assert record.outcome == metrics.FAILED
        assert metrics.DB_ERRORS._value.get() == before + 1
        assert "private" not in str(raised.value), raised.value
    # Nothing already saved was touched, and the store still reads.
    record = await store.open_conversation(key)
    assert record is not None and record.state["answers"]["role"] == "Secret Role 5521"


@pytest.mark.postgres
async def test_a_statement_cancelled_halfway_leaves_no_connection_in_use(
    proxied_postgres: tuple[str, TcpProxy],
) -> None:
    """A turn cancelled while its read is on the wire (its request timed out): the
    connection it was using was in the middle of a statement. Nothing is left checked
    out, and every later read gets its own answer, never the cancelled one's."""
    url, proxy = proxied_postgres
    engine = create_engine(url)
    store = Store(engine)
    try:
        keys = [conversation_key("slack", "T1", f"U{n}") for n in range(4)]
        for key in keys:
            await store.start_conversation(key, {"user": key.user})
        sent = asyncio.Event()
        proxy.tap = lambda _connection, _data: sent.set()
        proxy.partition()  # the read reaches the proxy, and no further
        reading = asyncio.create_task(
            store.read_turn(keys[0], EventId("slack", "T1", "Ev-cancelled"), pending=True)
        )
        await sent.wait()
        reading.cancel()
        proxy.tap = None
        proxy.heal()  # the held read reaches the server now, and is answered
        with pytest.raises(asyncio.CancelledError):
            await reading
        for n, key in enumerate(keys * 3):
            read = await store.read_turn(key, EventId("slack", "T1", f"Ev-{n}"), pending=True)
            assert read.record is not None and read.record.state == {"user": key.user}
        assert engine.sync_engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    finally:
        await engine.dispose()
