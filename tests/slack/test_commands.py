"""Every `/thankyou` subcommand; the ephemeral answer says what happened."""

from __future__ import annotations

from dialogs.messages import conversation_key
from tests.dialog_script import SINGLE
from tests.slack.conftest import Posted, SlackHarness

KEY = conversation_key("slack", "T1", "U1")


async def test_help_and_unknown_words_get_the_usage(slack: SlackHarness) -> None:
    ack, posted = await slack.command("help")
    assert "`/thankyou delete my data`" in ack["text"]
    assert posted == []
    ack, posted = await slack.command("frobnicate <@U999>")
    assert 'I don\'t know "frobnicate &lt;@U999&gt;"' in ack["text"]
    assert "`/thankyou notes`" in ack["text"]
    assert posted == []


async def test_second_command_offers_resume_or_start_over(slack: SlackHarness) -> None:
    await slack.command("new")
    await slack.message(SINGLE[0])
    _, posted = await slack.command()
    labels = [b["text"]["text"] for b in posted[-1].buttons]
    assert labels == ["Resume", "Start fresh"]
    posted = await slack.press("Resume")
    assert "Picking up where you left off" in posted[0].text
    assert "company" in posted[-1].text.lower()


async def test_cancel_then_resume(slack: SlackHarness) -> None:
    await slack.command()
    await slack.message(SINGLE[0])
    ack, posted = await slack.command("cancel")
    assert "type `/thankyou resume` to pick up" in posted[0].text
    assert ack["text"] == posted[0].text  # not "let's continue in our direct messages"
    assert "direct messages" not in ack["text"]
    _, posted = await slack.command("resume")
    assert "Welcome back" in posted[0].text


async def test_cancel_without_an_interview(slack: SlackHarness) -> None:
    ack, posted = await slack.command("cancel")
    assert "nothing to cancel" in posted[0].text
    assert "nothing to cancel" in ack["text"]


async def test_notes_when_there_are_none(slack: SlackHarness) -> None:
    for typed in ("notes", "notes 3", "notes 9"):
        ack, posted = await slack.command(typed)
        assert "no saved notes yet" in posted[0].text
        assert "no saved notes yet" in ack["text"], typed
        assert "I've sent" not in ack["text"]


async def test_notes_say_what_was_sent(slack: SlackHarness) -> None:
    await slack.command()
    for line in [*SINGLE, "done"]:
        await slack.message(line)
    ack, posted = await slack.command("notes")
    assert "list of your saved notes" in ack["text"]
    assert "1." in posted[0].text and "Brightline Software" in posted[0].text
    ack, posted = await slack.command("notes 1")
    assert "note 1" in ack["text"]
    ack, posted = await slack.command("notes 9")
    assert "There is no note 9: you have 1 saved note" in ack["text"]


async def test_delete_my_data_asks_first_then_deletes_and_counts(slack: SlackHarness) -> None:
    await slack.command()
    for line in [*SINGLE, "done"]:
        await slack.message(line)
    ack, posted = await slack.command("delete-my-data")
    assert "confirm" in ack["text"]
    confirmation = posted[0]
    assert "can't be undone" in confirmation.text
    assert len(await slack.store.list_notes(KEY)) == 1

    posted = await slack.press("Keep my data", confirmation)
    assert "nothing was deleted" in posted[0].text
    assert "Keep my data" in _last_update_text(slack)
    assert len(await slack.store.list_notes(KEY)) == 1

    _, posted = await slack.command("delete my data")
    posted = await slack.press("Yes, delete everything", posted[0])
    assert "deleted 1 interview and 1 saved note" in posted[0].text
    assert await slack.store.list_notes(KEY) == []
    assert await slack.store.open_conversation(KEY) is None
    _, posted = await slack.command("notes")
    assert "no saved notes yet" in posted[0].text


def _last_update_text(slack: SlackHarness) -> str:
    update = Posted(slack.fake.of("chat.update")[-1])
    assert update.buttons == []
    return update.text
