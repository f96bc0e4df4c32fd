"""Scheduled messages in Teams, through the fake Bot Connector: a proactive card in the
user's conversation with working buttons, the app id as the audience and its token,
403/404 as gone, retries, and two schedulers sending 200 due rows exactly once."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationReference
from botframework.connector.auth import MicrosoftAppCredentials

from adapters.outbound import Delivered, Gone, Outgoing, RetryLater
from adapters.teams.proactive import TeamsProactive
from adapters.teams.render import SUBMIT_REF, SUBMIT_VALUE
from adapters.teams.server import TEAMS_ENDPOINT
from bot.app import ENGINE, STORE, create_app
from bot.reminders.messages import render_claim, scheduled_replies
from bot.reminders.scheduler import Scheduler, delivery
from bot.reminders.serve import SCHEDULER
from bot.settings import Settings
from bot.store.db import sessionmaker, upgrade
from bot.store.models import HEARD_BACK, SEND_REMINDER
from bot.store.schedule import SENT, Schedule
from bot.templating import Renderer
from dialogs.messages import ConversationKey, conversation_key
from tests.teams.conftest import teams_client
from tests.teams.fake_connector import FakeConnector
from tests.teams.teams_script import BOT_ID, TeamsUser

# Far ahead of the real clock, by which the app's own scheduler polls: the rows are due
# only for the test's schedulers, which take `now` from the test.
T0 = dt.datetime(2036, 12, 2, 17, 0, tzinfo=dt.UTC)
USER = conversation_key("msteams", "tenant-a", "aad-user-a")  # TeamsUser's defaults
APP_ID = "00000000-0000-0000-0000-00000000b0ff"
HEARD = {"interviewer": "Dana Lee", "company": "Acme Outdoor Co."}


say = Renderer("teams").say


def sender_of(client: TestClient[Any, Any], app_id: str | None = None) -> TeamsProactive:
    app = client.server.app
    authentication = app[TEAMS_ENDPOINT].adapter.bot_framework_authentication
    references = app[STORE].teams_references
    return TeamsProactive(authentication, app_id, references, say)


def heard_back(message_id: int = 7, key: ConversationKey = USER) -> Outgoing:
    replies = scheduled_replies(HEARD_BACK, HEARD, message_id)
    return Outgoing(key, tuple(replies), f"heard_back:row-{message_id}", 1)


def reference(connector: FakeConnector, user: str, tenant: str = "tenant-a") -> dict[str, Any]:
    """A saved reference as botbuilder serialises it from a user's message."""
    conversation = ConversationAccount(id=f"a:personal-{user}", conversation_type="personal")
    conversation.additional_properties = {"tenantId": tenant}
    saved: dict[str, Any] = ConversationReference(
        activity_id=f"activity-of-{user}",
        user=ChannelAccount(id=f"29:{user}", aad_object_id=user),
        bot=ChannelAccount(id=BOT_ID, name="Thank-you coach"),
        conversation=conversation,
        channel_id="msteams",
        service_url=connector.url,
    ).serialize()
    return saved


async def test_the_question_arrives_as_a_card_with_working_buttons(
    client: TestClient[Any, Any], user: TeamsUser, connector: FakeConnector
) -> None:
    """The user's last message saved their reference; at the due time the scheduler
    posts a new message (not a reply) to their conversation, whose buttons the app takes
    as a press on that question."""
    await user.send("hi")
    before = len(connector.posted)
    schedule = Schedule(sessionmaker(client.server.app[ENGINE]))
    row = await schedule.schedule(USER, HEARD_BACK, T0, HEARD)
    deliver = delivery(render_claim, {"msteams": sender_of(client), "bf.": sender_of(client)})
    scheduler = Scheduler(schedule, deliver, platforms=["msteams", "bf."], worker="w")
    assert (await scheduler.run_once(T0 - dt.timedelta(seconds=1))).claimed == 0
    assert (await scheduler.run_once(T0)).sent == [row.id]

    [card] = connector.posted[before:]
    assert card.conversation_id == user.conversation_id
    assert card.reply_to_id is None  # a message of its own, not a reply to "hi"
    assert card.text == "Did you hear back from Dana Lee at Acme Outdoor Co.?"
    assert card.values == ["yes", "not yet", "stop asking"]
    assert [a["title"] for a in card.submits] == ["Yes", "Not yet", "Stop asking"]
    assert card.submit("not yet") == {SUBMIT_VALUE: "not yet", SUBMIT_REF: f"scheduled:{row.id}"}
    assert card.activity["recipient"]["id"] == "29:user-a"
    assert card.authorization is None  # no app id: the Emulator's unauthenticated mode

    # Pressing a button is a turn the app answers (what it says comes with the dialog).
    assert await user.press("not yet", card)
    assert (await schedule.get(row.id)).status == SENT  # type: ignore[union-attr]


async def test_the_app_id_is_the_audience_and_its_token_is_sent(
    database_url: str, connector: FakeConnector, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens: list[str] = []

    def token(credentials: MicrosoftAppCredentials, force_refresh: bool = False) -> str:
        tokens.append(credentials.microsoft_app_id)
        return "bot-token"

    monkeypatch.setattr(MicrosoftAppCredentials, "get_access_token", token)
    client = await teams_client(
        database_url, microsoft_app_id=APP_ID, microsoft_app_password="secret"
    )
    try:
        app = client.server.app
        await app[STORE].teams_references.remember(USER, reference(connector, "aad-user-a"))
        authentication = app[TEAMS_ENDPOINT].adapter.bot_framework_authentication
        claims: list[dict[str, Any]] = []
        real = authentication.create_connector_factory

        def recording(identity: Any) -> Any:
            claims.append(dict(identity.claims))
            return real(identity)

        monkeypatch.setattr(authentication, "create_connector_factory", recording)
        assert await sender_of(client, APP_ID).send(heard_back()) == Delivered()
    finally:
        await client.close()
    assert claims and claims[0]["aud"] == APP_ID and claims[0]["appid"] == APP_ID
    assert tokens == [APP_ID]
    assert connector.posted[-1].authorization == "Bearer bot-token"


async def test_an_unreachable_token_endpoint_is_retried_later(
    database_url: str, connector: FakeConnector
) -> None:
    """Tests are offline: fetching the bot's token from Azure AD fails, as in an outage."""
    client = await teams_client(
        database_url, microsoft_app_id=APP_ID, microsoft_app_password="secret"
    )
    try:
        await client.server.app[STORE].teams_references.remember(
            USER, reference(connector, "aad-user-a")
        )
        outcome = await sender_of(client, APP_ID).send(heard_back())
    finally:
        await client.close()
    assert isinstance(outcome, RetryLater), outcome
    assert connector.posted == []


@pytest.mark.parametrize(
    ("status", "options", "expected"),
    [
        (403, {}, Gone("HTTP 403")),
        (404, {}, Gone("HTTP 404")),
        (400, {}, Gone("HTTP 400")),
        (429, {"retry_after": "7"}, RetryLater("HTTP 429", after=dt.timedelta(seconds=7))),
        (500, {}, RetryLater("HTTP 500")),
        (401, {}, RetryLater("HTTP 401")),
        (502, {"html": True}, RetryLater("HTTP 502")),  # an error page, not JSON
    ],
)
async def test_connector_failures(
    client: TestClient[Any, Any],
    user: TeamsUser,
    connector: FakeConnector,
    status: int,
    options: dict[str, Any],
    expected: object,
) -> None:
    await user.send("hi")
    before = len(connector.posted)
    connector.fail_next(status, **options)
    assert await sender_of(client).send(heard_back()) == expected
    assert connector.failed[-1] == status
    assert connector.posted[before:] == []


async def test_without_a_saved_reference_the_user_is_gone(
    client: TestClient[Any, Any], connector: FakeConnector
) -> None:
    stranger = conversation_key("msteams", "tenant-a", "never-wrote")
    assert await sender_of(client).send(heard_back(key=stranger)) == Gone(
        "no conversation reference"
    )
    assert connector.posted == []


@pytest.fixture
async def replicas(
    database_url: str,
) -> AsyncIterator[tuple[TestClient[Any, Any], TestClient[Any, Any]]]:
    """Two apps on one database: two replicas of `thankyou serve`."""
    first = await teams_client(database_url)
    second = await teams_client(database_url)
    yield first, second
    await first.close()
    await second.close()


async def test_two_schedulers_send_200_due_rows_exactly_once(
    capsys: pytest.CaptureFixture[str],
    replicas: tuple[TestClient[Any, Any], TestClient[Any, Any]],
    connector: FakeConnector,
) -> None:
    first_app = replicas[0].server.app
    # Due tomorrow by this machine's clock: each replica's own scheduler (the apps' own,
    # polling every 5 s at the real time) neither finds these rows due nor the test's
    # claims expired (with T0, days ago, a slow run saw its claims taken over).
    due = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=1)
    references = first_app[STORE].teams_references
    schedule = Schedule(sessionmaker(first_app[ENGINE]))
    rows = []
    for n in range(200):
        key = conversation_key("msteams", "tenant-a", f"aad-{n:03d}")
        await references.remember(key, reference(connector, key.user))
        kind, payload = (
            (SEND_REMINDER, {"subject": "Thank you", "interviewers": ["Dana"], "company": "Acme"})
            if n % 2
            else (HEARD_BACK, HEARD)
        )
        rows.append(await schedule.schedule(key, kind, due, payload))

    schedulers = [
        Scheduler(
            Schedule(sessionmaker(client.server.app[ENGINE])),
            delivery(render_claim, {"msteams": sender_of(client)}),
            platforms=["msteams"],
            worker=f"replica-{number}",
        )
        for number, client in enumerate(replicas)
    ]
    sent: Counter[str] = Counter()
    while True:
        reports = await asyncio.gather(*(s.run_once(due) for s in schedulers))
        if not any(report.claimed for report in reports):
            break
        for scheduler, report in zip(schedulers, reports, strict=True):
            assert report.retried == report.failed == report.lost == []
            sent[scheduler.worker] += len(report.sent)

    conversations = Counter(posted.conversation_id for posted in connector.posted)
    assert len(conversations) == 200 and set(conversations.values()) == {1}
    assert sum(sent.values()) == 200 and sent["replica-0"] > 0 and sent["replica-1"] > 0
    assert {(await schedule.get(r.id)).status for r in rows} == {SENT}  # type: ignore[union-attr]
    with capsys.disabled():
        print(
            f"\n[scheduler] Teams, {first_app[ENGINE].dialect.name}: 200 due rows, 2 replicas: "
            f"{len(connector.posted)} posted ({dict(sent)}), {len(conversations)} distinct, 0 twice"
        )


async def test_thankyou_serve_sends_to_teams_users(
    database_url: str, connector: FakeConnector
) -> None:
    await upgrade(database_url)
    app = await create_app(Settings(database_url=database_url))
    scheduler = app[SCHEDULER]  # create_app mounts it
    assert scheduler.platforms == ["msteams", "bf."]
    client: TestClient[Any, Any] = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        user = TeamsUser(client, connector)
        await user.send("hi")
        await asyncio.wait_for(scheduler.wait_runs(1), 10)
        before = len(connector.posted)
        due = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        row = await Schedule(sessionmaker(app[ENGINE])).schedule(USER, HEARD_BACK, due, HEARD)
        scheduler.wake()
        await asyncio.wait_for(scheduler.wait_runs(2), 10)
        assert scheduler.last.sent == [row.id]
    finally:
        await client.close()
    [card] = connector.posted[before:]
    assert card.conversation_id == user.conversation_id
    assert card.values == ["yes", "not yet", "stop asking"]
