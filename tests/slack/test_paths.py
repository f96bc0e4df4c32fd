"""Every path a person takes (issue 22), in Slack: the real bolt app against the fake Web
API, on SQLite and PostgreSQL.

A name corrected at the review used to answer "I couldn't save that" forever; buttons
stayed live on questions answered by typing; "Show the note" on a reminder told the user
to press a button that was gone; a note over 3,000 characters was cut mid-sentence;
`/thankyou notes` typed in the bot's DM was answered twice.
"""

from __future__ import annotations

import json

from adapters.slack.blocks import SECTION_CHARS, reply_messages, split_text
from adapters.slack.live import LiveMessage, LiveQuestions
from bot.app import ENGINE
from bot.reminders.serve import SCHEDULER
from bot.store.db import sessionmaker
from bot.store.schedule import Schedule
from bot.templating import Renderer
from dialogs.messages import NoteView, Reply, conversation_key
from tests.dialog_script import AT, SINGLE
from tests.slack.conftest import Posted, SlackHarness
from tests.test_paths import panel

KEY = conversation_key("slack", "T1", "U1")


def updates_of(slack: SlackHarness, posted: Posted) -> list[Posted]:
    return [Posted(c) for c in slack.fake.of("chat.update") if c.params["ts"] == posted.ts]


async def test_correcting_a_name_at_the_review_shows_the_review(slack: SlackHarness) -> None:
    await slack.command()
    for line in panel("Dana Lee; Tom Becker"):
        await slack.message(line)
    await slack.message("edit interviewers")
    posted = await slack.message("Dana Lee; Tom Baker")
    text = "\n".join(p.text for p in posted)
    assert "couldn't save" not in text
    assert "Note 2 of 2 – to Tom Baker" in text and "Checklist" in text
    assert slack.last_with_button("Done")


async def test_a_question_answered_by_typing_shows_the_answer_instead_of_buttons(
    slack: SlackHarness,
) -> None:
    await slack.command()
    for line in SINGLE[: AT["stage"]]:
        await slack.message(line)
    kind = slack.last_with_button("Phone screen")
    await slack.message("video")
    (update,) = updates_of(slack, kind)
    assert update.buttons == [] and "✓ You answered: video" in update.text
    await slack.message(SINGLE[AT["role"]])
    date = slack.last_with_button("Today")
    await slack.message("back")  # left with back: its buttons go too
    (update,) = updates_of(slack, date)
    assert update.buttons == [] and "You went back" in update.text


async def test_only_the_last_copy_of_a_question_keeps_its_buttons(slack: SlackHarness) -> None:
    await slack.command()
    for line in SINGLE[: AT["interview_date"]]:
        await slack.message(line)
    first = slack.last_with_button("Today")
    for again in ("help", "someday", "help"):
        await slack.message(again)  # the question, asked again below
    (update,) = updates_of(slack, first)
    assert update.buttons == [] and "You" not in update.text  # no line: asked again below
    live = [p for p in slack.fake.posted() if p.buttons and not updates_of(slack, p)]
    assert len(live) == 1  # not 4 "Skip" buttons on screen
    # A press on an earlier copy (a client that missed the update) is still taken.
    posted = await slack.press("Today", first)
    assert "(6/13)" in posted[-1].text or "qualifications" in posted[-1].text.lower()


async def test_help_at_the_review_gives_the_actions_without_the_notes_again(
    slack: SlackHarness,
) -> None:
    await slack.command()
    for line in SINGLE:
        await slack.message(line)
    review = slack.last_with_button("Done")
    (helped,) = await slack.message("help")
    assert not any(b["type"] == "header" for b in helped.blocks)  # no notes again
    labels = [b["text"]["text"] for b in helped.buttons]
    assert labels == ["Edit an answer", "Change tone", "Another version", "Start over", "Done"]
    (update,) = updates_of(slack, review)
    assert update.buttons == [] and "Note" not in update.text.split("\n")[-1]
    finished = await slack.press("Done", review)  # the review's own button still counts
    assert "Saved 1 note" in finished[0].text


async def test_the_marked_answer_is_kept_without_saying_current(slack: SlackHarness) -> None:
    await slack.command()
    for line in [*SINGLE[: AT["stage"]], "onsite"]:
        await slack.message(line)
    (asked,) = await slack.message("back")
    assert "Your answer so far: On-site or panel" in asked.text
    await slack.press('Keep "On-site or panel"', asked)
    (update,) = updates_of(slack, asked)
    assert '✓ You chose: Keep "On-site or panel"' in update.text
    assert "(current)" not in update.text


async def test_show_the_note_carries_sent_and_remind_me_later(slack: SlackHarness) -> None:
    app = slack.client.app
    schedule = Schedule(sessionmaker(app[ENGINE]))
    await slack.command()
    for line in [*panel("Marcus Webb; Dana Cole", who=None), "done"]:
        await slack.message(line)
    asked = slack.last_with_button("Remind me")
    assert "Have you sent them?" in asked.text  # two notes
    await slack.press("Remind me", asked)
    (row,) = await schedule.for_user(KEY)
    listed = await slack.message("reminders")
    assert "your notes to Marcus Webb and Dana Cole at Brightline Software" in listed[0].text
    before = len(slack.fake.posted())
    await app[SCHEDULER].run_once(row.due_at)
    (reminder,) = slack.fake.posted()[before:]
    shown = await slack.press("Show the note", reminder)
    notes = shown[-1]
    labels = [b["text"]["text"] for b in notes.buttons]
    assert "Open in Gmail" in labels  # the note's own drafts, then what answers the question
    assert labels[-2:] == ["Sent", "Remind me later"] and labels.count("Sent") == 1
    assert "on the reminder" not in notes.text
    asked_when = await slack.press("Sent", notes)
    assert "When did they say" in asked_when[-1].text


async def test_a_slash_command_typed_in_our_dm_is_answered_once(slack: SlackHarness) -> None:
    await slack.command()
    for text, expected in (("notes", "no saved notes"), ("resume", "")):
        body = slack.command_body(text).replace("channel_id=C1", "channel_id=DU1")
        status, ack, posted = await slack.send(body, "application/x-www-form-urlencoded")
        assert status == 200
        assert ack == "", ack  # nothing ephemeral beside the answer in the DM
        assert len(posted) >= 1 and expected in posted[0].text
    # Typed in a channel, the ephemeral answer still says where to look.
    answer, _ = await slack.command("notes")
    assert "direct messages" in answer["text"] or "no saved notes" in answer["text"]


def test_a_long_note_is_cut_between_paragraphs_never_mid_sentence() -> None:
    opening = "Thank you for meeting with me about the analyst role. " * 30
    middle = "I led project 7 at Northwind and cut costs by 12% in six weeks. " * 24
    contact = "You can reach me anytime at jordan.ellis@example.com or (555) 014-2290."
    body = f"Dear Dana,\n\n{opening.strip()}\n\n{middle.strip()}\n\n{contact}\n\nThank you,\nJordan"
    assert len(body) > SECTION_CHARS
    note = NoteView("Your note to Dana Lee", "Dana Lee", "Thank you", body, "")
    say = Renderer("slack").say
    (message,) = reply_messages(Reply(text="", notes=(note,)), say)
    texts = [
        b["text"]["text"]
        for b in message.blocks
        if b.get("type") == "section" and b["text"]["type"] == "plain_text"
    ][1:]  # after the subject
    assert "".join(texts).replace("\n", "") == body.replace("\n", "")
    assert len(texts) > 1 and all(len(text) <= SECTION_CHARS for text in texts)
    paragraphs = body.split("\n\n")
    assert all(any(text.endswith(p) for p in paragraphs) for text in texts), texts
    assert any(contact in text for text in texts)  # "reach me anytime at" stays whole


def test_splitting_prefers_paragraphs_then_lines_then_sentence_ends() -> None:
    sentence = "One point I made. "
    assert split_text("a" * 50 + "\n\n" + "b " * 40 + "\nc", 100)[0] == "a" * 50
    lines = ("x" * 40 + "\n") * 3
    assert split_text(lines, 100) == ["x" * 40 + "\n" + "x" * 40, "x" * 40 + "\n"]
    pieces = split_text(sentence * 10, 100)
    assert all(piece.endswith(".") for piece in pieces[:-1]), pieces
    assert json.dumps(split_text("word " * 50, 100))  # spaces when there is nothing else


async def test_the_company_is_written_as_the_notes_write_it(slack: SlackHarness) -> None:
    await slack.command()
    lines = [*SINGLE]
    lines[AT["company"]] = "brightpath health"
    for line in lines:
        await slack.message(line)
    said = "\n".join(p.text for p in slack.fake.posted())
    assert "suits Brightpath Health?" in said  # the tone question
    assert "brightpath health" not in said


async def test_a_reminder_answered_by_typing_loses_its_buttons(slack: SlackHarness) -> None:
    app = slack.client.app
    schedule = Schedule(sessionmaker(app[ENGINE]))
    await slack.command()
    for line in [*SINGLE, "done"]:
        await slack.message(line)
    await slack.press("Remind me", slack.last_with_button("Remind me"))
    (row,) = await schedule.for_user(KEY)
    before = len(slack.fake.posted())
    await app[SCHEDULER].run_once(row.due_at)
    (reminder,) = slack.fake.posted()[before:]
    asked = await slack.message("sent")
    assert "When did they say" in asked[-1].text
    (update,) = updates_of(slack, reminder)
    assert update.buttons == [] and "✓ You answered: sent" in update.text


def test_the_live_questions_kept_stay_few_and_within_their_bytes() -> None:
    def question(n: int) -> LiveMessage:
        value = json.dumps({"ref": f"abc.{n}", "value": "skip"})
        button = {"type": "button", "action_id": "thankyou.choice.0", "value": value}
        blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 100}}]
        return LiveMessage(
            "D1", f"{n}.0", "q", [*blocks, {"type": "actions", "elements": [button]}]
        )

    one = len(json.dumps(question(1).blocks)) + 1
    live = LiveQuestions(max_bytes=8 * one)
    users = [conversation_key("slack", "T1", f"U{n}") for n in range(5)]
    for n in range(5):
        live.remember(users[0], question(n))  # one user: their last three only
    assert [m.ts for m in live.take(users[0])] == ["2.0", "3.0", "4.0"]
    assert live.take(users[0]) == []  # taken once
    command = LiveMessage("D1", "9.0", "q", [{"type": "actions", "elements": []}])
    live.remember(users[1], command)  # no question's buttons: nothing to take off later
    assert live.take(users[1]) == []
    for user in users:  # past the bytes, the user posted to least recently goes first
        live.remember(user, question(1))
        live.remember(user, question(2))
    assert live.take(users[0]) == [] and len(live.take(users[4])) == 2


async def test_slash_help_during_an_interview_leaves_one_live_copy(slack: SlackHarness) -> None:
    await slack.command()
    for line in SINGLE[: AT["interview_date"]]:
        await slack.message(line)
    first = slack.last_with_button("Today")
    _, posted = await slack.command("help")  # the tips, and the question again, in the DM
    assert posted and posted[-1].buttons
    (update,) = updates_of(slack, first)
    assert update.buttons == []
