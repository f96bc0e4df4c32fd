"""Every path a person takes (issue 22), in Teams: the real botbuilder stack against the
fake Bot Connector, on SQLite and PostgreSQL.

A name corrected at the review answered "Sorry, something went wrong" forever; the
scheduler's cards kept live buttons once pressed, and a "Yes" pressed on a "did you hear
back?" after "Not yet" cancelled the second check; `help` at the review posted the
whole review again; cards lost the code style of command words ("or type delete my data
now.").
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient

from bot.app import ENGINE
from bot.reminders.serve import SCHEDULER
from bot.store.db import sessionmaker
from bot.store.schedule import Schedule
from dialogs.messages import conversation_key
from tests.dialog_script import AT, SINGLE
from tests.teams.fake_connector import Posted
from tests.teams.teams_script import TeamsUser
from tests.test_paths import panel

KEY = conversation_key("msteams", "tenant-a", "aad-user-a")


def updates_of(user: TeamsUser, posted: Posted) -> list[Posted]:
    return [update for update in user.connector.updated if update.id == posted.id]


async def test_correcting_a_name_at_the_review_shows_the_review(user: TeamsUser) -> None:
    await user.send("thankyou")
    for line in panel("Dana Lee; Tom Becker"):
        await user.send(line)
    await user.send("edit interviewers")
    await user.send("Dana Lee; Tom Baker")
    assert "something went wrong" not in user.text
    assert "Note 2 of 2 – to Tom Baker" in user.text and "done" in user.last_card.values


async def test_a_question_answered_by_typing_shows_the_answer_on_its_card(
    user: TeamsUser,
) -> None:
    await user.send("thankyou")
    for line in SINGLE[: AT["stage"]]:
        await user.send(line)
    kind = user.last_card
    await user.send("final round")
    (update,) = updates_of(user, kind)
    assert update.submits == [] and "✓ You answered: final round" in update.text


async def test_help_at_the_review_is_the_tips_and_the_actions(user: TeamsUser) -> None:
    await user.send("thankyou")
    for line in SINGLE:
        await user.send(line)
    review = user.last_card
    (helped,) = await user.send("help")
    assert "Subject" not in helped.text and "Dear" not in helped.text  # no notes again
    assert helped.values == ["edit", "tone", "version", "restart", "done"]
    assert len(str(helped.activity)) < len(str(review.activity)) // 2
    (update,) = updates_of(user, review)
    assert update.submits == []  # the review's buttons gave way to the help's


async def finished(
    user: TeamsUser, client: TestClient[Any, Any], *then: str
) -> tuple[web.Application, Schedule]:
    """A note written and saved, then `then` typed; the app and its schedule."""
    await user.send("thankyou")
    for line in [*SINGLE, "done", *then]:
        await user.send(line)
    return client.app, Schedule(sessionmaker(client.app[ENGINE]))


async def test_scheduled_cards_show_the_choice_and_refuse_a_second_press(
    user: TeamsUser, client: TestClient[Any, Any]
) -> None:
    app, schedule = await finished(user, client)
    await user.press("remind me")
    (row,) = await schedule.for_user(KEY)
    before = len(user.connector.posted)
    await app[SCHEDULER].run_once(row.due_at)
    (reminder,) = user.connector.posted[before:]
    shown = await user.press("show note", reminder)
    # The note (Copy-ready, drafts), then what answers the question.
    assert shown[-1].values[0] == "copy 1" and shown[-1].values[-2:] == ["sent", "remind me"]
    assert [a["title"] for a in shown[-1].submits][-2:] == ["Sent", "Remind me later"]
    (update,) = updates_of(user, reminder)
    assert update.submits == [] and "✓ You chose: Show the note" in update.text
    await user.press("sent", shown[-1])
    await user.send("not sure")
    (check,) = await schedule.for_user(KEY)

    before = len(user.connector.posted)
    await app[SCHEDULER].run_once(check.due_at)
    (heard,) = user.connector.posted[before:]
    await user.press("not yet", heard)
    (update,) = updates_of(user, heard)
    assert update.submits == [] and "✓ You chose: Not yet" in update.text
    (second,) = await schedule.for_user(KEY)  # a second check, a week on
    # A client that kept the buttons presses "Yes": refused, the second check stays.
    await user.press("yes", heard)
    assert "answered already" in user.text
    assert [r.id for r in await schedule.for_user(KEY)] == [second.id]
    assert len(updates_of(user, heard)) == 1


async def test_a_reminder_answered_by_typing_refuses_its_buttons(
    user: TeamsUser, client: TestClient[Any, Any]
) -> None:
    app, schedule = await finished(user, client, "sent", "not sure")
    (check,) = await schedule.for_user(KEY)
    before = len(user.connector.posted)
    await app[SCHEDULER].run_once(check.due_at)
    (heard,) = user.connector.posted[before:]
    await user.send("not yet")  # typed: a follow-up, and a second check
    (second,) = await schedule.for_user(KEY)
    assert updates_of(user, heard) and updates_of(user, heard)[-1].submits == []
    await user.press("yes", heard)  # the first check's button, from a stale client
    assert "answered already" in user.text
    assert [r.id for r in await schedule.for_user(KEY)] == [second.id]


async def test_command_words_read_as_commands_on_a_card(user: TeamsUser) -> None:
    await user.send("delete my data")
    card = user.last_card
    assert "or type **delete my data now**." in card.text
    assert "`" not in card.text
    assert "`delete my data now`" in card.activity["attachments"][0]["content"]["fallbackText"]
