"""The Slack Home tab, through the real bolt stack and signed requests, against the fake
Web API (which refuses a view past Block Kit's limits, as Slack does): published when
opened and after each turn that changes it, never after one that changes nothing, at
most once per user per interval; its buttons answered in the DM."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
import urllib.parse
from typing import Any

from adapters.slack.home import HomeTab
from dialogs.messages import conversation_key
from tests.dialog_script import SINGLE
from tests.saved_notes import a_note, save_notes
from tests.slack import block_kit
from tests.slack.conftest import Posted, SlackHarness

EMAILED = SINGLE.copy()
EMAILED[0] = "Emily Carter, Director of Customer Success, emily.carter@brightline.io"


def home_opened_body(user: str = "U1", team: str = "T1", tab: str = "home") -> str:
    stamp = f"{time.time():.6f}"
    return json.dumps(
        {
            "token": "legacy",
            "team_id": team,
            "api_app_id": "A1",
            "event": {
                "type": "app_home_opened",
                "user": user,
                "channel": f"D{user}",
                "tab": tab,
                "event_ts": stamp,
            },
            "type": "event_callback",
            "event_id": f"EvHome{stamp.replace('.', '')}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": team, "user_id": "UBOT", "is_bot": True}],
        }
    )


async def open_home(slack: SlackHarness, user: str = "U1", tab: str = "home") -> list[Posted]:
    before = len(slack.fake.views(user))
    status, _, _ = await slack.send(home_opened_body(user, tab=tab), "application/json")
    assert status == 200
    return slack.fake.views(user)[before:]


def press_body(view: Posted, label: str, user: str = "U1", team: str = "T1") -> str:
    element = view.button(label)
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user, "team_id": team},
        "team": {"id": team, "domain": team.lower()},
        "api_app_id": "A1",
        "container": {"type": "view", "view_id": f"V{user}"},
        "trigger_id": f"trigger.home.{time.time_ns()}",
        "view": {"id": f"V{user}", "type": "home", "blocks": view.blocks},
        "actions": [
            {
                "type": "button",
                "action_id": element["action_id"],
                "block_id": "b1",
                "text": element["text"],
                **({"value": element["value"]} if "value" in element else {}),
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    return urllib.parse.urlencode({"payload": json.dumps(payload)})


async def press_home(slack: SlackHarness, label: str, user: str = "U1") -> list[Posted]:
    """Press `label` on the user's latest Home view; the DM messages it brought."""
    view = slack.fake.views(user)[-1]
    status, _, posted = await slack.send(
        press_body(view, label, user), "application/x-www-form-urlencoded"
    )
    assert status == 200
    return posted


def publishes(slack: SlackHarness, user: str = "U1") -> int:
    return len(slack.fake.views(user))


def labels(view: Posted) -> list[str]:
    return [button["text"]["text"] for button in view.buttons]


async def finish_a_note(slack: SlackHarness, answers: list[str] = EMAILED) -> None:
    await slack.command()
    for line in answers:
        await slack.message(line)
    await slack.press("Done")


async def test_opening_the_home_tab_publishes_it(slack: SlackHarness) -> None:
    (view,) = await open_home(slack)
    assert labels(view) == ["Write a thank-you note", "Delete my data"]
    assert "Your saved notes: none yet." in view.text
    assert "Nothing is scheduled" in view.text
    delete = view.button("Delete my data")
    assert delete["style"] == "danger"
    confirm = delete["confirm"]
    assert confirm["confirm"]["text"] == "Yes, delete everything"
    assert confirm["deny"]["text"] == "Keep my data"
    assert "can't be undone" in confirm["text"]["text"]
    assert block_kit.problems(view.blocks, surface="home") == []
    # Opened again with nothing changed: the view Slack has is current, none is sent.
    assert await open_home(slack) == []
    # The Messages tab is no Home tab.
    assert await open_home(slack, tab="messages") == []


async def test_the_home_tab_follows_each_change_and_no_other(slack: SlackHarness) -> None:
    await open_home(slack)
    await slack.command()  # an interview starts
    (view,) = slack.fake.views()[-1:]
    assert labels(view)[0] == "Resume"
    assert "In progress: your note, at question 1" in view.text
    count = publishes(slack)
    # Turns that change nothing the Home tab shows: help, the notes, a bad answer.
    await slack.message("help")
    await slack.message("notes")
    await slack.message("reminders")
    await slack.message("x" * 1600)  # too long: asked again, nothing saved of it
    assert publishes(slack) == count
    await slack.message(SINGLE[0])  # the interviewers: now at question 2
    assert publishes(slack) == count + 1
    await slack.message(SINGLE[1])  # the company
    assert "your note for Brightline Software, at question 3" in slack.fake.views()[-1].text
    for line in SINGLE[2:]:
        await slack.message(line)
    assert "ready for your review" in slack.fake.views()[-1].text
    count = publishes(slack)
    await slack.press("Copy-ready")  # changes nothing
    assert publishes(slack) == count
    await slack.press("Done")
    view = slack.fake.views()[-1]
    assert labels(view)[:4] == [
        "Write a thank-you note",
        "Show",
        "Open in Gmail",
        "Open in Outlook",
    ]
    assert "1. " in view.text and "to Emily Carter" in view.text
    await slack.press("Remind me")
    view = slack.fake.views()[-1]
    assert "a reminder to send your note to Emily Carter" in view.text
    assert "Cancel 1" in labels(view)


async def test_200_saved_notes_show_the_10_latest_and_how_to_list_the_rest(
    slack: SlackHarness,
) -> None:
    notes = [
        a_note(
            interviewer=f"Interviewer {n}",
            company=f"Company {n}",
            interview_date=dt.date(2026, 11, 1),
            recipient=f"person{n}@example.com",
        )
        for n in range(1, 201)
    ]
    await save_notes(slack.store, conversation_key("slack", "T1", "U1"), notes)
    (view,) = await open_home(slack)
    assert block_kit.problems(view.blocks, surface="home") == []
    assert "the 10 latest of 200" in view.text
    assert "`/thankyou notes` to list them all" in view.text
    listed = [line for line in view.text.splitlines() if ": to Interviewer " in line]
    assert [line.split(".")[0] for line in listed] == [str(n) for n in range(200, 190, -1)]
    assert labels(view).count("Show") == 10
    gmail = [b["url"] for b in view.buttons if b["text"]["text"] == "Open in Gmail"]
    assert len(gmail) == 10 and "to=person200@example.com" in gmail[0]


async def test_the_home_tab_buttons_are_answered_in_the_dm(slack: SlackHarness) -> None:
    await finish_a_note(slack)
    await slack.press("Remind me")
    await open_home(slack)
    # "Show": the note in full, in the DM, with its drafts to the interviewer.
    (shown,) = await press_home(slack, "Show")
    assert "Dear Emily" in shown.text and "To: emily.carter@brightline.io" in shown.text
    assert "&to=emily.carter@brightline.io&" in shown.button("Open in Gmail")["url"]
    # "Cancel 1": cancelled, said in the DM, and the Home tab shows it gone.
    (cancelled,) = await press_home(slack, "Cancel 1")
    assert "Cancelled" in cancelled.text
    assert "Nothing is scheduled" in slack.fake.views()[-1].text
    # "Delete my data", confirmed in Slack's dialog: deleted, and the Home tab is empty.
    (deleted,) = await press_home(slack, "Delete my data")
    assert "deleted 1 interview and 1 saved note" in deleted.text.lower()
    assert "Your saved notes: none yet." in slack.fake.views()[-1].text
    # "Write a thank-you note": the first question, in the DM.
    asked = await press_home(slack, "Write a thank-you note")
    assert "Who interviewed you?" in "\n".join(p.text for p in asked)
    assert labels(slack.fake.views()[-1])[0] == "Resume"


async def test_a_link_button_is_acknowledged_and_does_nothing(slack: SlackHarness) -> None:
    await finish_a_note(slack)
    await open_home(slack)
    before = (len(slack.fake.posted()), publishes(slack))
    view = slack.fake.views()[-1]
    body = press_body(view, "Open in Gmail")
    status, _, posted = await slack.send(body, "application/x-www-form-urlencoded")
    assert status == 200 and posted == []
    assert (len(slack.fake.posted()), publishes(slack)) == before


async def test_each_user_is_rate_limited_alone(slack: SlackHarness) -> None:
    """Within the interval a change waits for its end, gathered with the others into one
    publish, which shows the state then; another user is not held up."""
    home: HomeTab = slack.home
    release = asyncio.Event()
    waited: list[float] = []

    async def sleep(seconds: float) -> None:
        waited.append(seconds)
        await release.wait()

    home.interval = 60.0
    home.sleep = sleep  # the interval passes when the test says so
    await slack.command()  # published at once: the first in its interval
    assert publishes(slack) == 1
    slack.settle_held_publishes = False
    await slack.message(SINGLE[0])
    await slack.message(SINGLE[1])
    await slack.message(SINGLE[2])
    assert publishes(slack) == 1 and home.waiting == 1
    assert len(waited) == 1 and 59.0 < waited[0] <= 60.0
    await slack.command(user="U2")  # another user: published at once
    assert len(slack.fake.views("U2")) == 1
    release.set()
    await home.settled()
    assert publishes(slack) == 2
    assert "Brightline Software, at question 4" in slack.fake.views()[-1].text


def test_the_view_stays_within_block_kit_whatever_it_holds() -> None:
    """Ten listed notes with long headings and every draft, and a reminders list of 500
    lines (split into sections of 3,000 characters): still at most 100 blocks, each
    within its limits, the notes list shortened first."""
    from adapters.slack.home import home_view
    from bot.templating import Renderer
    from dialogs.messages import Button, DraftLink, Home, NoteView, Reply

    link = DraftLink("gmail", "Open in Gmail", "https://mail.google.com/mail/?view=cm&fs=1")
    note = NoteView(
        heading="200. 2026-11-24: to " + "Dana Lee " * 40,
        interviewer="Dana Lee",
        subject="s",
        body="b",
        links=(link,),
        too_long="Open in Outlook: the note is too long for a link: paste it",
        actions=(Button("Show", "notes 200"),),
        listed=True,
    )
    question = Reply(
        "Delete?",
        (
            Button("Yes, delete everything", "delete my data now"),
            Button("Keep my data", "keep my data"),
        ),
    )
    for lines in (10, 500, 3000):
        home = Home(
            start=Reply(
                "Thank-you notes.", (Button("Write a thank-you note", "thankyou"),), "command"
            ),
            notes=Reply("Your saved notes:", notes=(note,) * 10),
            reminders=Reply(
                "\n".join(f"{n}. a reminder" for n in range(lines)),
                tuple(Button(f"Cancel {n}", f"cancel reminder {n}") for n in range(1, 11)),
                "command",
            ),
            delete=Reply("Your data.", (Button("Delete my data", "delete my data"),), "command"),
            delete_question=question,
        )
        view = home_view(home, Renderer("slack").say)
        assert block_kit.problems(view["blocks"], surface="home") == [], lines
