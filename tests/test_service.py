"""The conversation service on SQLite and PostgreSQL: atomic, idempotent, resumable turns."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.service import ConversationService
from bot.store import Store
from bot.store.db import create_engine, upgrade
from dialogs.messages import Command, EventId, Incoming, conversation_key
from tests.dialog_script import AT, NOW, SINGLE
from tests.postgres_wire import PostgresWire
from tests.tcp_proxy import TcpProxy

START = Incoming(command=Command.START)

KEY = conversation_key("console", "local", "jordan")


def make_service(engine: AsyncEngine) -> ConversationService:
    return ConversationService(Store(engine), channel="console", clock=lambda: NOW)


@pytest.fixture
def service(engine: AsyncEngine) -> ConversationService:
    return make_service(engine)


@pytest.fixture
async def second_engine(engine: AsyncEngine, database_url: str) -> AsyncIterator[AsyncEngine]:
    """Another engine on the same database: a second process, or the app after a crash."""
    other = create_engine(database_url)
    yield other
    await other.dispose()


async def say(service: ConversationService, text: str, event: str | None = None) -> str:
    event_id = EventId("console", "local", event) if event else None
    replies = await service.handle(KEY, Incoming(text=text), event_id)
    return "\n".join(reply.text for reply in replies)


async def test_a_whole_interview_saves_the_final_notes(service: ConversationService) -> None:
    await service.handle(KEY, Incoming(command=Command.START))
    for line in SINGLE:
        await say(service, line)
    replies = await service.handle(KEY, Incoming(text="done"))
    assert replies[-2].ends_interview
    assert "Have you sent it?" in replies[-1].text  # the follow-through starts
    notes = await service.store.list_notes(KEY)
    assert [(n.number, n.interviewer, n.company) for n in notes] == [
        (1, "Emily Carter", "Brightline Software")
    ]
    assert notes[0].subject.startswith("Thank you")
    assert "Jordan Rivera" in notes[0].body
    assert str(notes[0].interview_date) == "2026-11-24"


async def test_review_shows_each_note_and_the_checklist(service: ConversationService) -> None:
    await service.handle(KEY, Incoming(command=Command.START))
    for line in SINGLE[:-1]:
        await say(service, line)
    replies = await service.handle(KEY, Incoming(text="formal"))
    review = replies[0]
    assert len(review.notes) == 1
    assert review.notes[0].heading == "Your note to Emily Carter"
    assert "Checklist" in review.text and "Recap your qualifications" in review.text
    assert [b.value for b in replies[-1].buttons] == ["edit", "tone", "version", "restart", "done"]
    assert replies[-1].ref is not None


async def test_after_a_crash_the_next_start_offers_to_resume(
    service: ConversationService, second_engine: AsyncEngine
) -> None:
    await service.handle(KEY, Incoming(command=Command.START))
    for line in SINGLE[: AT["highlights"]]:
        await say(service, line)
    # The first process is gone; a new one starts on the same database.
    restarted = make_service(second_engine)
    replies = await restarted.handle(KEY, Incoming(command=Command.START))
    assert "Brightline Software" in replies[0].text
    assert [b.value for b in replies[0].buttons] == ["resume", "start fresh"]
    text = await say(restarted, "resume")
    assert "Principle 2 of 5" in text  # carries on at highlights


async def test_a_redelivered_event_whose_replies_were_never_sent_gets_them_again(
    service: ConversationService, second_engine: AsyncEngine
) -> None:
    """The process died after saving the turn, before sending: the redelivery (to the
    restarted process) resends the next question, and saves nothing new."""
    await service.handle(KEY, Incoming(command=Command.START))
    first = await service.handle(KEY, Incoming(text=SINGLE[0]), EventId("console", "local", "Ev1"))
    assert "Which company" in first[-1].text
    restarted = make_service(second_engine)
    again = await restarted.handle(
        KEY, Incoming(text=SINGLE[0]), EventId("console", "local", "Ev1")
    )
    assert again == first
    text = await say(restarted, "back")
    assert "Emily Carter" in text
    record = await restarted._store.open_conversation(KEY)
    assert record is not None and "company" not in record.state["answers"]


async def test_a_redelivered_event_whose_replies_were_sent_is_handled_once(
    service: ConversationService,
) -> None:
    await service.handle(KEY, Incoming(command=Command.START))
    event = EventId("console", "local", "Ev1")
    async with service.turn(KEY, Incoming(text=SINGLE[0]), event) as replies:
        assert "Which company" in replies[-1].text
    again = await service.handle(KEY, Incoming(text="Someone Else"), event)
    assert again == []
    text = await say(service, "back")
    assert "Emily Carter" in text and "Someone Else" not in text


async def test_replies_that_failed_to_send_are_resent_by_the_redelivery(
    service: ConversationService,
) -> None:
    await service.handle(KEY, Incoming(command=Command.START))
    event = EventId("console", "local", "Ev1")
    with pytest.raises(ConnectionError):
        async with service.turn(KEY, Incoming(text=SINGLE[0]), event) as replies:
            raise ConnectionError("the platform did not take the reply")
    again = await service.handle(KEY, Incoming(text=SINGLE[0]), event)
    assert again == replies


async def test_a_redelivery_while_the_replies_are_being_sent_sends_nothing(
    service: ConversationService,
) -> None:
    """Slack retries after 3 s even when the first delivery is only slow: the retry
    waits for the user's lock, which the first holds until its replies are sent."""
    await service.handle(KEY, Incoming(command=Command.START))
    event = EventId("console", "local", "Ev1")
    async with service.turn(KEY, Incoming(text=SINGLE[0]), event) as replies:
        assert replies
        redelivery = asyncio.create_task(service.handle(KEY, Incoming(text=SINGLE[0]), event))
    assert await redelivery == []


async def test_concurrent_messages_from_two_processes_are_each_applied_once(
    service: ConversationService, second_engine: AsyncEngine
) -> None:
    await service.handle(KEY, Incoming(command=Command.START))
    other = make_service(second_engine)
    # Two processes, two locks: only the version column keeps them from overwriting.
    # Either text reads as a name and as a company, so either order is an interview.
    await asyncio.gather(
        other.handle(KEY, Incoming(text="Brightline Software")),
        service.handle(KEY, Incoming(text="Emily Carter")),
    )
    record = await Store(second_engine).open_conversation(KEY)
    assert record is not None
    answers = record.state["answers"]
    assert record.state["step"] == "stage"  # advanced twice, not once
    assert {answers["interviewers"][0]["name"], answers["company"]} == {
        "Brightline Software",
        "Emily Carter",
    }


async def test_users_of_two_tenants_never_see_each_other(service: ConversationService) -> None:
    other_key = conversation_key("console", "elsewhere", "jordan")
    await service.handle(KEY, Incoming(command=Command.START))
    await say(service, SINGLE[0])
    replies = await service.handle(other_key, Incoming(command=Command.START))
    assert replies[-1].text.startswith("(1) ")  # a fresh interview, not a resume offer
    assert await service.store.list_notes(other_key) == []
    assert await service.store.delete_user_data(other_key) == (1, 0)
    text = await say(service, "back")
    assert "Emily Carter" in text


async def test_delete_user_data_removes_conversations_and_notes(
    service: ConversationService,
) -> None:
    await service.handle(KEY, Incoming(command=Command.START))
    for line in [*SINGLE, "done"]:
        await say(service, line)
    assert await service.store.delete_user_data(KEY) == (1, 1)
    assert await service.store.list_notes(KEY) == []


async def test_review_offers_to_improve_each_answer_a_tip_names(
    service: ConversationService,
) -> None:
    thin = [*SINGLE]
    thin[AT["qualifications"] : AT["candidate_name"]] = [
        "sql",
        "teamwork",
        "great company",
        "ok",  # the writer asks about the wording of an opinion ("the company is great")
        "skip",
        "skip",
        "jordan@example.com",
    ]
    await service.handle(KEY, Incoming(command=Command.START))
    for line in thin[:-1]:
        await say(service, line)
    replies = await service.handle(KEY, Incoming(text="formal"))
    review = replies[0]
    assert [b.value for b in review.buttons][:5] == [
        "edit qualifications",
        "edit highlights",
        "edit interest",
        "edit advantage",
        "edit contact",
    ]
    assert review.buttons[0].label == "Improve: Qualifications"
    values = [b.value for b in review.buttons]
    assert len(values) == len(set(values))
    # The interview was yesterday (tests/dialog_script.py): the timing tip says "today".
    assert "Timing – Send it today" in review.text and "sorry" not in review.text.lower()
    assert '"great company" could be said of any employer' in review.text
    after = await service.handle(KEY, Incoming(text="edit interest"))
    assert "interest" in after[-1].text.lower()


async def test_a_retype_from_a_user_who_never_got_the_reply_brings_the_reply(
    service: ConversationService,
) -> None:
    """Saved, reply lost, and the user types the answer again before the platform's
    redelivery: they get the question they missed; the retype is not its answer."""
    await service.handle(KEY, Incoming(command=Command.START))
    first = EventId("console", "local", "Ev1")
    with pytest.raises(ConnectionError):
        async with service.turn(KEY, Incoming(text=SINGLE[0]), first) as lost:
            raise ConnectionError("the process died before the reply")
    retype = EventId("console", "local", "Ev2")
    async with service.turn(KEY, Incoming(text=SINGLE[0]), retype) as replies:
        assert replies == lost
    assert await service.handle(KEY, Incoming(text=SINGLE[0]), first) == []  # redelivery
    record = await service._store.open_conversation(KEY)
    assert record is not None and "company" not in record.state["answers"]
    assert "kind of interview" in (await say(service, SINGLE[1], event="Ev3")).lower()


async def test_replies_never_sent_are_not_resent_once_the_interview_moved_on(
    service: ConversationService,
) -> None:
    await service.handle(KEY, Incoming(command=Command.START))
    first = EventId("console", "local", "Ev1")
    with pytest.raises(ConnectionError):
        async with service.turn(KEY, Incoming(text=SINGLE[0]), first):
            raise ConnectionError("the reply was lost")
    cancel = EventId("console", "local", "Ev2")
    async with service.turn(KEY, Incoming(command=Command.CANCEL), cancel):
        pass
    async with service.turn(KEY, Incoming(command=Command.RESUME), EventId("c", "l", "Ev3")):
        pass
    text = await say(service, SINGLE[1], event="Ev4")
    assert "Which company" not in text  # the answer was taken, not the old question resent
    record = await service._store.open_conversation(KEY)
    assert record is not None and record.state["answers"]["company"] == SINGLE[1]


async def test_deleting_a_users_data_deletes_the_replies_kept_for_them(
    service: ConversationService,
) -> None:
    await service.handle(KEY, Incoming(command=Command.START))
    first = EventId("console", "local", "Ev1")
    with pytest.raises(ConnectionError):
        async with service.turn(KEY, Incoming(text=SINGLE[0]), first):
            raise ConnectionError("the reply was lost")
    await service.store.delete_user_data(KEY)
    store = service._store
    assert await store.pending_replies(KEY) is None
    seen = await store.seen_event(first)
    assert seen is not None and seen.replies is None


async def test_notes_are_composed_once_per_change_not_again_at_done(
    service: ConversationService, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot import writer

    composed: list[int] = []
    real = writer.compose_notes

    def counting(*args: Any, **kwargs: Any) -> list[writer.Note]:
        composed.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(writer, "compose_notes", counting)
    await service.handle(KEY, Incoming(command=Command.START))
    for line in SINGLE:
        await say(service, line)
    assert len(composed) == 1  # the review
    await say(service, "tone")
    await say(service, "warm")  # a change: composed again
    assert len(composed) == 2
    await say(service, "done")
    assert len(composed) == 2  # the notes saved are the ones shown
    (note,) = await service.store.list_notes(KEY)
    assert note.tone == "warm"


async def _one_turn_then_another(service: ConversationService) -> None:
    """Start, and answer once: whatever a connection prepares once has been prepared."""
    await service.handle(KEY, Incoming(command=Command.START))
    async with service.turn(KEY, Incoming(text=SINGLE[0]), EventId("console", "local", "e0")):
        pass


async def _typed_answer(service: ConversationService) -> None:
    async with service.turn(KEY, Incoming(text=SINGLE[1]), EventId("console", "local", "e1")):
        pass


async def test_a_sqlite_turn_reads_once_and_writes_once(tmp_path: Path) -> None:
    """A typed answer, as SQLite itself runs it (its trace of every statement): one read
    of the open interview (with the event and unsent replies in the same statement), one
    transaction for the new state and the event, one mark that the replies went out."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'thankyou.db'}"
    await upgrade(url)
    engine = create_engine(url)
    try:
        service = make_service(engine)
        await _one_turn_then_another(service)
        statements: list[str] = []
        # The store's one connection to the file (bot/store/runner.py), idle between turns.
        pooled = service.store.sync_engine.raw_connection()
        pooled.driver_connection.set_trace_callback(  # type: ignore[union-attr]
            lambda sql: statements.append(" ".join(sql.split()).upper())
        )
        pooled.close()
        await _typed_answer(service)
    finally:
        await engine.dispose()
    kinds = [statement.split()[0] for statement in statements]
    assert kinds == ["SELECT", "BEGIN", "UPDATE", "INSERT", "COMMIT", "BEGIN", "UPDATE", "COMMIT"]
    assert "CONVERSATIONS" in statements[0] and "PROCESSED_EVENTS" in statements[0]
    assert "UPDATE CONVERSATIONS" in statements[2] and "INTO PROCESSED_EVENTS" in statements[3]
    assert "UPDATE PROCESSED_EVENTS" in statements[6]


@pytest.mark.postgres
async def test_a_postgres_turn_is_five_round_trips(
    proxied_postgres: tuple[str, TcpProxy],
) -> None:
    """A typed answer, as PostgreSQL receives it (read off the wire): the user's lock in
    one round trip (an advisory lock tried, bot/store/locks.py), three statements in
    three round trips with no BEGIN, COMMIT or liveness check, and the reset of the
    lock's connection that releases it. The read takes the event, the interview and
    unsent replies; one statement saves the new state with the event; the last marks
    the replies sent."""
    url, proxy = proxied_postgres
    wire = PostgresWire()
    proxy.tap = wire  # from the first connection on: each is read from its first byte
    engine = create_engine(url)
    try:
        service = make_service(engine)
        await _one_turn_then_another(service)
        executed_before, round_trips_before = len(wire.executed), wire.round_trips
        await _typed_answer(service)
    finally:
        await engine.dispose()
    executed = wire.executed[executed_before:]
    assert [statement.split()[0] for statement in executed] == [
        "SELECT",
        "SELECT",
        "WITH",
        "UPDATE",
        "SELECT",
    ]
    assert executed[0] == "SELECT PG_TRY_ADVISORY_LOCK($1)"
    assert "CONVERSATIONS" in executed[1] and "PROCESSED_EVENTS" in executed[1]
    assert "UPDATE CONVERSATIONS" in executed[2] and "INSERT INTO PROCESSED_EVENTS" in executed[2]
    assert executed[3].startswith("UPDATE PROCESSED_EVENTS")
    assert executed[4].startswith("SELECT PG_ADVISORY_UNLOCK_ALL()")
    assert wire.round_trips - round_trips_before == 5


@pytest.mark.postgres
async def test_a_database_restart_costs_no_turn(
    proxied_postgres: tuple[str, TcpProxy],
) -> None:
    """Pooled connections are not checked before use: the first turn after the server
    dropped them all (a restart) finds one dead, retries its read on a new connection,
    and is answered and saved like any other."""
    url, proxy = proxied_postgres
    engine = create_engine(url)
    try:
        service = make_service(engine)
        # Several connections in the pool, all of them about to die.
        await asyncio.gather(
            *(
                service.handle(conversation_key("console", "local", f"u{n}"), START)
                for n in range(4)
            )
        )
        await service.handle(KEY, START)
        proxy.refuse()  # every open connection reset, as a restarting server does
        proxy.heal()
        for n, answer in enumerate(SINGLE[:3]):
            event = EventId("console", "local", f"restart-{n}")
            async with service.turn(KEY, Incoming(text=answer), event) as replies:
                assert replies and not replies[0].stale
        record = await service.store.open_conversation(KEY)
        assert record is not None
        answers = record.state["answers"]
        assert (answers["company"], answers["stage"]) == ("Brightline Software", SINGLE[2])
    finally:
        await engine.dispose()
