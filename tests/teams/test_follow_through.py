"""The follow-through in Teams, end to end through the fake Bot Connector: `done` ->
"Remind me" -> a proactive reminder when due -> "Sent" -> "Not yet" -> a follow-up."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp.test_utils import TestClient

from bot.app import ENGINE, STORE
from bot.reminders.serve import SCHEDULER
from bot.store.db import sessionmaker
from bot.store.schedule import Schedule
from dialogs.messages import conversation_key
from dialogs.timing import evening_reminder
from tests.dialog_script import SINGLE
from tests.teams.teams_script import TeamsUser

KEY = conversation_key("msteams", "tenant-a", "aad-user-a")


async def test_remind_me_then_sent_then_not_yet_gives_a_follow_up(
    user: TeamsUser, client: TestClient[Any, Any]
) -> None:
    app = client.app
    schedule = Schedule(sessionmaker(app[ENGINE]))
    await user.send("thankyou")
    for line in [*SINGLE, "done"]:
        await user.send(line)
    assert "Have you sent it?" in user.text
    assert user.last_card.values == ["sent", "remind me"]
    await user.press("remind me")
    (row,) = await schedule.for_user(KEY)

    before = len(user.connector.posted)
    assert (await app[SCHEDULER].run_once(row.due_at)).sent == [row.id]
    (reminder,) = user.connector.posted[before:]
    assert reminder.conversation_id == user.conversation_id
    assert reminder.values == ["show note", "sent"]
    await user.press("sent", reminder)
    assert "When did they say" in user.text
    await user.send("not sure")
    (check,) = await schedule.for_user(KEY)

    before = len(user.connector.posted)
    await app[SCHEDULER].run_once(check.due_at)
    (heard,) = user.connector.posted[before:]
    assert heard.values == ["yes", "not yet", "stop asking"]
    await user.press("not yet", heard)
    assert "Re: Thank you" in str([posted.card for posted in user.replies])
    notes = await app[STORE].list_notes(KEY)
    assert notes[-1].subject.startswith("Re: Thank you") and len(notes) == 2
    # The scheduler's card shows the choice made, as a reply's does (issue 22).
    assert user.connector.updated[-1].id == heard.id
    assert "✓ You chose: Not yet" in user.connector.updated[-1].text
    await user.send("stop asking")
    assert "won't ask" in user.text
    assert await schedule.for_user(KEY) == []


async def test_the_reminder_is_in_the_clients_time_zone(
    user: TeamsUser, client: TestClient[Any, Any]
) -> None:
    """Teams sends localTimezone with each message: the reminder is at 18:00 there."""
    schedule = Schedule(sessionmaker(client.app[ENGINE]))
    await user.send("thankyou", localTimezone="Europe/Berlin")
    for line in [*SINGLE, "done"]:
        await user.send(line, localTimezone="Europe/Berlin")
    await user.post(
        user.activity(
            text="", value=user.last_card.submit("remind me"), localTimezone="Europe/Berlin"
        )
    )
    (row,) = await schedule.for_user(KEY)
    zone = ZoneInfo("Europe/Berlin")
    # 18:00 there, or two hours on when that has passed (within the turn's few ms).
    assert abs(row.due_at - evening_reminder(row.created_at, zone)) < dt.timedelta(seconds=5)
