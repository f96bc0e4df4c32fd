"""The follow-through in Slack, end to end through the fake Web API: `done` -> "Remind
me" -> the reminder arrives when due -> "Sent" -> "Not yet" -> a follow-up note."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.app import ENGINE
from bot.reminders.serve import SCHEDULER
from bot.store.db import sessionmaker
from bot.store.schedule import Schedule
from bot.writer.compose import body_word_count
from dialogs.messages import conversation_key
from dialogs.timing import evening_reminder
from tests.dialog_script import SINGLE
from tests.slack.conftest import SlackHarness

KEY = conversation_key("slack", "T1", "U1")


async def test_remind_me_then_sent_then_not_yet_gives_a_follow_up(slack: SlackHarness) -> None:
    app = slack.client.app
    schedule = Schedule(sessionmaker(app[ENGINE]))
    await slack.command()
    for line in [*SINGLE, "done"]:
        await slack.message(line)
    asked = slack.last_with_button("Remind me")
    assert "Have you sent it?" in asked.text
    await slack.press("Remind me", asked)
    (row,) = await schedule.for_user(KEY)
    assert row.kind == "send_reminder"

    # The clock reaches the reminder: it arrives in the DM, with working buttons.
    before = len(slack.fake.posted())
    report = await app[SCHEDULER].run_once(row.due_at)
    assert report.sent == [row.id]
    (reminder,) = slack.fake.posted()[before:]
    assert "ready to send" in reminder.text
    shown = await slack.press("Show the note", reminder)
    assert any("Dear" in str(p.blocks) for p in shown)  # the note, ready to copy
    asked_when = await slack.press("Sent", reminder)
    assert "When did they say" in asked_when[-1].text
    await slack.message("not sure")
    (check,) = await schedule.for_user(KEY)
    assert check.kind == "heard_back"

    before = len(slack.fake.posted())
    await app[SCHEDULER].run_once(check.due_at)
    (heard,) = slack.fake.posted()[before:]
    assert "Did you hear back from Emily Carter at Brightline Software?" in heard.text
    written = await slack.press("Not yet", heard)
    note_text = "\n".join(p.text for p in written)
    assert "Re: Thank you" in note_text
    notes = await slack.store.list_notes(KEY)
    follow_up = notes[-1]
    assert follow_up.subject.startswith("Re: ")
    assert 60 <= body_word_count(follow_up.body) <= 120
    assert "mailto:" in str([p.blocks for p in written])  # "Open as e-mail"
    (again,) = await schedule.for_user(KEY)
    # The second check (the app's clock is the real one: due a week from now).
    assert again.kind == "heard_back" and again.id != check.id
    assert again.payload["follow_ups"] == 1


async def test_the_reminder_is_in_the_users_time_zone(slack: SlackHarness) -> None:
    """users.info says America/Los_Angeles: the reminder is at 18:00 there."""
    schedule = Schedule(sessionmaker(slack.client.app[ENGINE]))
    await slack.command()
    for line in [*SINGLE, "done"]:
        await slack.message(line)
    await slack.press("Remind me")
    (row,) = await schedule.for_user(KEY)
    zone = ZoneInfo("America/Los_Angeles")
    # 18:00 there, or two hours on when that has passed (within the turn's few ms).
    assert abs(row.due_at - evening_reminder(row.created_at, zone)) < dt.timedelta(seconds=5)
    record = await slack.store.latest_finished(KEY)
    assert record is not None and record.state["time_zone"] == "America/Los_Angeles"
