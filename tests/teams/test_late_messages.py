"""Which Teams messages are taken, by the channel's clock alone (issue 23).

Teams does not mark a redelivery (one is an activity id already seen). Every activity
carries the channel's `timestamp`; one sent before the last message taken for the user
arrived late and is not taken, and the user is told and asked the current question
again. The bot's own clock is never compared with it: a second message sent before the
first one was saved (a second of delivery latency) used to be answered 200 with nothing
saved and no reply.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.app import STORE
from dialogs.messages import conversation_key
from tests.dialog_script import SINGLE
from tests.teams.teams_script import TeamsUser

LATE = "A message of yours reached me after a later one"


def stamp(at: dt.datetime) -> str:
    return at.isoformat(timespec="milliseconds")


async def answers(user: TeamsUser, client: TestClient[Any, Any]) -> dict[str, Any]:
    key = conversation_key("msteams", user.tenant, user.aad_object_id or "")
    record = await client.app[STORE].open_conversation(key)
    assert record is not None
    return dict(record.state["answers"])


@pytest.mark.parametrize("gap_ms", [50, 150, 400, 800])
async def test_a_quick_second_message_delivered_late_is_taken(
    user: TeamsUser, client: TestClient[Any, Any], gap_ms: int
) -> None:
    """Two answers sent `gap_ms` apart, each delivered a second after it was sent: both
    sent before the first one's save, by the bot's clock. Each is taken in its field and
    answered with the next question (24 of 24 such second messages were dropped)."""
    sent = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    await user.send("thankyou", timestamp=stamp(sent - dt.timedelta(seconds=10)))
    await user.send(SINGLE[0], timestamp=stamp(sent))
    assert "Which company" in user.text
    await user.send(SINGLE[1], timestamp=stamp(sent + dt.timedelta(milliseconds=gap_ms)))
    assert "kind of interview" in user.text.lower(), user.text
    saved = await answers(user, client)
    assert saved["interviewers"][0]["name"] == "Emily Carter"
    assert saved["company"] == SINGLE[1]


async def test_a_message_overtaken_by_a_later_one_is_not_taken_and_says_so(
    user: TeamsUser, client: TestClient[Any, Any]
) -> None:
    await user.send("thankyou")
    await user.send(SINGLE[0])
    now = dt.datetime.now(dt.UTC)
    await user.send(SINGLE[1], timestamp=stamp(now))
    assert "kind of interview" in user.text.lower()
    await user.send("Some Other Company", timestamp=stamp(now - dt.timedelta(milliseconds=300)))
    assert user.text.startswith(LATE), user.text
    assert "kind of interview" in user.text.lower()  # the question they are at, again
    saved = await answers(user, client)
    assert saved["company"] == SINGLE[1] and "stage" not in saved
    await user.send(SINGLE[2])
    assert LATE not in user.text
    assert (await answers(user, client))["stage"] == SINGLE[2]


async def test_a_late_card_press_is_not_taken(
    user: TeamsUser, client: TestClient[Any, Any]
) -> None:
    """A press is an activity with the channel's timestamp like any other."""
    await user.send("thankyou")
    for line in SINGLE[:2]:
        await user.send(line)
    kinds = user.last_card
    press = user.activity(text="", value=kinds.submit("final_round"), replyToId=kinds.id)
    await user.send("video")  # typed after the press, delivered before it
    assert await user.post(press) == 200
    assert user.text.startswith(LATE), user.text
    assert (await answers(user, client))["stage"] == "video"


async def test_two_messages_stamped_the_same_millisecond_are_both_taken(
    user: TeamsUser, client: TestClient[Any, Any]
) -> None:
    """Sent at the same instant they have no order to keep: neither came late."""
    await user.send("thankyou")
    same = user.timestamp()
    await user.send(SINGLE[0], timestamp=same)
    await user.send(SINGLE[1], timestamp=same)
    assert "kind of interview" in user.text.lower()
    assert (await answers(user, client))["company"] == SINGLE[1]


async def test_an_activity_without_a_timestamp_is_taken(
    user: TeamsUser, client: TestClient[Any, Any]
) -> None:
    """Some Direct Line clients send none: there is nothing to compare, so it is taken."""
    await user.send("thankyou")
    await user.send(SINGLE[0])
    activity = user.activity(text=SINGLE[1])
    del activity["timestamp"]
    assert await user.post(activity) == 200
    assert "kind of interview" in user.text.lower()
