"""The scheduled-messages store on SQLite and PostgreSQL: scheduling inside a turn's
transaction, one row per idempotency key, listing and cancelling per user, claims under a
lease, fenced outcomes, and deletion with the user's data or their note."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store import SavedNote, Store
from bot.store.db import sessionmaker
from bot.store.models import (
    DONE,
    FOLLOW_UP,
    HEARD_BACK,
    SEND_REMINDER,
    Conversation,
    SavedNoteRow,
    ScheduledMessage,
)
from bot.store.retention import purge
from bot.store.schedule import (
    CANCELLED,
    CLAIMED,
    FAILED,
    SCHEDULED,
    SENT,
    Schedule,
    add_scheduled,
)
from dialogs.messages import ConversationKey, conversation_key

ALICE = conversation_key("slack", "T1", "U1")
ALICE_T2 = conversation_key("slack", "T2", "U1")
BOB = conversation_key("msteams", "tenant-a", "aad-bob")
EMULATOR = conversation_key("bf.emulator", "channel:emulator", "user-1")
CONSOLE = conversation_key("console", "local", "jordan")
T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def schedule(engine: AsyncEngine) -> Schedule:
    return Schedule(sessionmaker(engine))


async def rows_of(engine: AsyncEngine, key: ConversationKey | None = None) -> int:
    query = select(func.count()).select_from(ScheduledMessage)
    if key is not None:
        query = query.where(
            ScheduledMessage.platform == key.platform,
            ScheduledMessage.tenant == key.tenant,
            ScheduledMessage.user_id == key.user,
        )
    async with engine.connect() as connection:
        return int(await connection.scalar(query) or 0)


async def saved_note_ids(store: Store, engine: AsyncEngine, key: ConversationKey) -> list[int]:
    """Save a finished interview with two notes for `key`; their ids."""
    record = await store.start_conversation(key, {"step": "review"})
    notes = [
        SavedNote(
            interviewer=name,
            company="Acme Outdoor Co.",
            role="Social Media Manager",
            tone="formal",
            subject="Thank you – Social Media Manager interview",
            body=f"Dear {name}",
            interview_date=dt.date(2026, 11, 24),
        )
        for name in ("Dana Lee", "Sam Ortiz")
    ]
    await store.save_conversation(record, {"status": DONE}, notes=notes)
    async with engine.connect() as connection:
        ids = await connection.scalars(
            select(SavedNoteRow.id)
            .where(SavedNoteRow.user_id == key.user)
            .order_by(SavedNoteRow.id)
        )
        return list(ids)


async def test_schedule_list_and_scope(schedule: Schedule) -> None:
    later = await schedule.schedule(
        ALICE, HEARD_BACK, T0 + dt.timedelta(days=5), {"interviewer": "Dana Lee", "n": [1, "é"]}
    )
    sooner = await schedule.schedule(ALICE, SEND_REMINDER, T0, {"subject": "Thank you"}, now=T0)
    await schedule.schedule(ALICE_T2, SEND_REMINDER, T0, {})
    await schedule.schedule(BOB, SEND_REMINDER, T0, {})

    mine = await schedule.for_user(ALICE)
    assert [r.id for r in mine] == [sooner.id, later.id]
    assert mine[1].payload == {"interviewer": "Dana Lee", "n": [1, "é"]}
    assert (mine[0].kind, mine[0].status, mine[0].attempts) == (SEND_REMINDER, SCHEDULED, 0)
    assert mine[0].due_at == T0 and mine[0].due_at.tzinfo is not None
    assert mine[0].created_at == T0
    assert mine[0].key == ALICE
    assert mine[0].idempotency_key.startswith("send_reminder:")
    assert [r.key for r in await schedule.for_user(ALICE_T2)] == [ALICE_T2]


async def test_a_naive_time_or_an_unknown_kind_is_refused(schedule: Schedule) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        await schedule.schedule(ALICE, SEND_REMINDER, dt.datetime(2026, 12, 1, 18), {})
    with pytest.raises(ValueError, match="kind"):
        await schedule.schedule(ALICE, "nag", T0, {})


async def test_scheduling_inside_a_turns_transaction_once_per_key(
    engine: AsyncEngine, schedule: Schedule
) -> None:
    """A turn adds its row in its own transaction; the same idempotency key again (a
    redelivered turn) adds nothing and leaves the transaction usable."""
    for attempt in range(2):
        async with engine.begin() as connection:
            first = await connection.run_sync(
                add_scheduled, ALICE, SEND_REMINDER, T0, {"try": attempt}, idempotency_key="turn-1"
            )
            again = await connection.run_sync(
                add_scheduled, ALICE, SEND_REMINDER, T0, {"try": 9}, idempotency_key="turn-1"
            )
            assert first == again
            # The turn goes on writing after the duplicate: the transaction is intact.
            await connection.execute(
                insert(Conversation).values(
                    platform="slack",
                    tenant="T1",
                    user_id=f"other-{attempt}",
                    status="done",
                    state={},
                    version=1,
                    created_at=T0,
                    updated_at=T0,
                )
            )
    rows = await schedule.for_user(ALICE)
    assert [(r.idempotency_key, r.payload) for r in rows] == [("turn-1", {"try": 0})]


async def test_a_turn_that_fails_schedules_nothing(engine: AsyncEngine) -> None:
    with pytest.raises(RuntimeError):
        async with engine.begin() as connection:
            await connection.run_sync(add_scheduled, ALICE, SEND_REMINDER, T0, {})
            raise RuntimeError("the turn failed")
    assert await rows_of(engine) == 0


async def test_cancel_one_and_all(schedule: Schedule, store: Store, engine: AsyncEngine) -> None:
    note_a, note_b = await saved_note_ids(store, engine, ALICE)
    one = await schedule.schedule(ALICE, SEND_REMINDER, T0, {}, note_id=note_a)
    two = await schedule.schedule(ALICE, HEARD_BACK, T0, {}, note_id=note_a)
    three = await schedule.schedule(ALICE, FOLLOW_UP, T0, {}, note_id=note_b)
    bobs = await schedule.schedule(BOB, SEND_REMINDER, T0, {})

    assert not await schedule.cancel(ALICE, bobs.id)  # not hers
    assert await schedule.cancel(ALICE, one.id, now=T0)
    assert not await schedule.cancel(ALICE, one.id)  # already cancelled
    assert [r.id for r in await schedule.for_user(ALICE)] == [two.id, three.id]

    assert await schedule.cancel_all(ALICE, note_id=note_a) == 1  # Stop asking, one note
    assert [r.id for r in await schedule.for_user(ALICE)] == [three.id]
    assert await schedule.cancel_all(ALICE, kinds=[HEARD_BACK]) == 0
    assert await schedule.cancel_all(ALICE) == 1
    assert await schedule.for_user(ALICE) == []
    kept = await schedule.for_user(ALICE, pending_only=False)
    assert {r.status for r in kept} == {CANCELLED}
    assert kept[0].finished_at == T0
    assert [r.id for r in await schedule.for_user(BOB)] == [bobs.id]


async def test_due_for_user_is_what_the_terminal_shows(schedule: Schedule) -> None:
    due = await schedule.schedule(CONSOLE, SEND_REMINDER, T0, {})
    await schedule.schedule(CONSOLE, HEARD_BACK, T0 + dt.timedelta(days=1), {})
    assert [r.id for r in await schedule.due_for_user(CONSOLE, T0)] == [due.id]
    assert await schedule.due_for_user(CONSOLE, T0 - MINUTE) == []
    # Shown once, it counts as sent (only the user's own, only those still to be sent).
    assert await schedule.mark_shown(ALICE, [due.id], T0) == 0
    assert await schedule.mark_shown(CONSOLE, [due.id], T0) == 1
    assert await schedule.mark_shown(CONSOLE, [due.id], T0) == 0
    assert await schedule.due_for_user(CONSOLE, T0) == []
    shown = await schedule.get(due.id)
    assert shown is not None and (shown.status, shown.finished_at) == (SENT, T0)


async def test_claims_take_due_rows_once_until_the_lease_runs_out(schedule: Schedule) -> None:
    early = await schedule.schedule(ALICE, SEND_REMINDER, T0 - MINUTE, {})
    due = await schedule.schedule(BOB, HEARD_BACK, T0, {})
    later = await schedule.schedule(ALICE, FOLLOW_UP, T0 + dt.timedelta(days=1), {})

    claimed = await schedule.claim_due(T0, worker="a", lease=dt.timedelta(minutes=5))
    assert [c.id for c in claimed.claims] == [early.id, due.id]
    first = claimed.claims[0]
    assert (first.worker, first.attempt, first.lease_until) == ("a", 1, T0 + 5 * MINUTE)
    assert first.key == ALICE and first.kind == SEND_REMINDER
    stored = await schedule.get(early.id)
    assert stored is not None and (stored.status, stored.attempts) == (CLAIMED, 1)
    assert await schedule.mark_sent(claimed.claims[1], T0)

    # Claimed rows are not claimed again while the lease holds...
    assert (await schedule.claim_due(T0 + 4 * MINUTE, worker="b")).claims == []
    # ...and are once it has run out: the worker that held them died.
    again = await schedule.claim_due(T0 + 5 * MINUTE, worker="b", limit=1)
    assert [(c.id, c.worker, c.attempt) for c in again.claims] == [(early.id, "b", 2)]

    # The first worker's outcome no longer counts: its claim was taken over.
    assert not await schedule.mark_sent(first, T0 + 6 * MINUTE)
    assert await schedule.mark_sent(again.claims[0], T0 + 6 * MINUTE)
    sent = await schedule.get(early.id)
    assert sent is not None and (sent.status, sent.finished_at) == (SENT, T0 + 6 * MINUTE)
    # Sent is sent: a day later only the row then due is claimed.
    tomorrow = await schedule.claim_due(T0 + dt.timedelta(days=1), worker="c")
    assert [c.id for c in tomorrow.claims] == [later.id]


async def test_retry_and_failure_are_recorded_with_the_error(schedule: Schedule) -> None:
    row = await schedule.schedule(ALICE, SEND_REMINDER, T0, {})
    claim = (await schedule.claim_due(T0, worker="a")).claims[0]
    assert await schedule.mark_retry(claim, "ratelimited", T0 + 2 * MINUTE)
    stored = await schedule.get(row.id)
    assert stored is not None
    assert (stored.status, stored.due_at, stored.last_error) == (
        SCHEDULED,
        T0 + 2 * MINUTE,
        "ratelimited",
    )
    assert (await schedule.claim_due(T0 + MINUTE, worker="a")).claims == []
    claim = (await schedule.claim_due(T0 + 2 * MINUTE, worker="a")).claims[0]
    assert claim.attempt == 2
    assert await schedule.mark_failed(claim, "x" * 900, T0 + 3 * MINUTE)
    failed = await schedule.get(row.id)
    assert failed is not None and failed.status == FAILED
    assert failed.last_error is not None and len(failed.last_error) == 500
    assert not await schedule.mark_sent(claim, T0)  # finished: nothing more to record


async def test_a_row_whose_last_lease_ran_out_fails_instead(schedule: Schedule) -> None:
    row = await schedule.schedule(ALICE, SEND_REMINDER, T0, {})
    now = T0
    for attempt in range(1, 4):
        claims = (await schedule.claim_due(now, worker="w", max_attempts=3)).claims
        assert [c.attempt for c in claims] == [attempt]
        now += dt.timedelta(minutes=10)  # the worker dies each time; the lease runs out
    claimed = await schedule.claim_due(now, worker="w", max_attempts=3)
    assert claimed.claims == []
    assert [r.id for r in claimed.exhausted] == [row.id]
    stored = await schedule.get(row.id)
    assert stored is not None and stored.status == FAILED
    assert "3 attempts" in (stored.last_error or "")


async def test_a_cancel_while_sending_wins_over_the_outcome(schedule: Schedule) -> None:
    row = await schedule.schedule(ALICE, SEND_REMINDER, T0, {})
    claim = (await schedule.claim_due(T0, worker="a")).claims[0]
    assert await schedule.cancel(ALICE, row.id)
    assert not await schedule.mark_sent(claim, T0)
    stored = await schedule.get(row.id)
    assert stored is not None and stored.status == CANCELLED


async def test_claims_only_the_platforms_asked_for(schedule: Schedule) -> None:
    slack = await schedule.schedule(ALICE, SEND_REMINDER, T0, {})
    teams = await schedule.schedule(BOB, SEND_REMINDER, T0, {})
    emulator = await schedule.schedule(EMULATOR, SEND_REMINDER, T0, {})
    await schedule.schedule(CONSOLE, SEND_REMINDER, T0, {})  # the terminal shows its own

    claimed = await schedule.claim_due(T0, worker="w", platforms=["msteams", "bf."])
    assert sorted(c.id for c in claimed.claims) == sorted([teams.id, emulator.id])
    claimed = await schedule.claim_due(T0, worker="w", platforms=["slack"])
    assert [c.id for c in claimed.claims] == [slack.id]
    assert (await schedule.claim_due(T0, worker="w", platforms=[])).claims == []


async def test_delete_my_data_leaves_no_scheduled_row(
    store: Store, schedule: Schedule, engine: AsyncEngine
) -> None:
    note_a, _ = await saved_note_ids(store, engine, ALICE)
    await schedule.schedule(ALICE, SEND_REMINDER, T0, {}, note_id=note_a)
    await schedule.schedule(ALICE, HEARD_BACK, T0, {"interviewer": "Dana Lee"})
    claimed = await schedule.schedule(ALICE, FOLLOW_UP, T0 - MINUTE, {})
    await schedule.claim_due(T0 - MINUTE, worker="w", limit=1)  # one is being sent
    assert (await schedule.get(claimed.id)).status == CLAIMED  # type: ignore[union-attr]
    await schedule.schedule(ALICE_T2, SEND_REMINDER, T0, {})
    await schedule.schedule(BOB, SEND_REMINDER, T0, {})

    await store.delete_user_data(ALICE)

    assert await rows_of(engine, ALICE) == 0
    assert await rows_of(engine) == 2  # the same user in another workspace, and Bob


async def test_a_deleted_note_takes_its_messages_with_it(
    store: Store, schedule: Schedule, engine: AsyncEngine
) -> None:
    note_a, note_b = await saved_note_ids(store, engine, ALICE)
    await schedule.schedule(ALICE, HEARD_BACK, T0, {}, note_id=note_a)
    kept = await schedule.schedule(ALICE, HEARD_BACK, T0, {}, note_id=note_b)
    async with sessionmaker(engine)() as session, session.begin():
        await session.delete(await session.get_one(SavedNoteRow, note_a))
    assert [r.id for r in await schedule.for_user(ALICE)] == [kept.id]


async def test_retention_purges_finished_messages_and_keeps_pending_ones(
    schedule: Schedule, engine: AsyncEngine
) -> None:
    old = T0 - dt.timedelta(days=40)
    sent = await schedule.schedule(ALICE, SEND_REMINDER, old, {})
    claim = (await schedule.claim_due(old, worker="w")).claims[0]
    await schedule.mark_sent(claim, old)
    cancelled = await schedule.schedule(ALICE, HEARD_BACK, old, {})
    await schedule.cancel(ALICE, cancelled.id, now=old)
    recent = await schedule.schedule(ALICE, FOLLOW_UP, T0, {})
    await schedule.cancel(ALICE, recent.id, now=T0 - dt.timedelta(days=1))
    pending = await schedule.schedule(ALICE, HEARD_BACK, old, {})  # still to be sent

    purged = await purge(sessionmaker(engine), 30, T0)

    assert purged.scheduled == 2
    left = {r.id for r in await schedule.for_user(ALICE, pending_only=False)}
    assert left == {recent.id, pending.id}
    assert sent.id not in left
