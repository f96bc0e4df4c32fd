"""The one table of commands: read the same from every channel's form, spelt for each."""

from __future__ import annotations

import datetime as dt

import pytest

from adapters.teams.commands import read_submission, read_text
from bot.templating import Renderer
from dialogs import commands
from dialogs.commands import (
    COMMAND_REF,
    TABLE,
    confirmation_is_fresh,
    delete_ref,
    read_press,
    read_slash,
    read_typed,
    spelling,
)
from dialogs.messages import Command, Incoming

NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)
CHANNELS = ("console", "slack", "teams")


@pytest.mark.parametrize("spec", TABLE, ids=lambda spec: spec.command.value)
def test_every_word_of_every_command_is_read_as_that_command(spec: commands.CommandSpec) -> None:
    for word in spec.words:
        for typed in (word, word.upper(), f"  {word}! ", f"{word}."):
            assert (read_typed(typed) or Incoming()).command is spec.command, typed
            assert read_slash(typed).command is spec.command, typed
            assert read_press(typed, COMMAND_REF).command is spec.command, typed
            assert (read_text(typed) or Incoming()).command is spec.command, typed


@pytest.mark.parametrize(
    ("typed", "number"),
    [("notes 2", 2), ("note 14", 14), ("notes show 3", 3), ("NOTES 7", 7)],
)
def test_notes_take_a_number(typed: str, number: int) -> None:
    read = read_typed(typed)
    assert read is not None and (read.command, read.number) == (Command.NOTES, number)


@pytest.mark.parametrize(
    "typed",
    ["notes two", "notes ²", "notes 1 2", "resume now", "help me", "Acme Outdoor Co.", "cancelled"],
)
def test_anything_else_is_an_answer_and_an_unknown_slash_command_gets_the_help(typed: str) -> None:
    assert read_typed(typed) is None
    assert read_text(typed) == Incoming(text=typed.strip())
    slash = read_slash(typed)
    assert (slash.command, slash.unknown) == (Command.HELP, typed)


def test_an_empty_slash_command_starts_and_an_empty_message_is_nothing() -> None:
    assert read_slash("  ").command is Command.START
    assert read_text("   ") is None


def test_a_pressed_interview_button_answers_its_question() -> None:
    assert read_press("keep", "abc.4") == Incoming(text="keep", ref="abc.4")
    assert read_submission({"value": "keep", "ref": "abc.4"}) == Incoming(text="keep", ref="abc.4")
    for malformed in (None, "keep", {"value": 3}, {"value": "keep", "ref": 5}, []):
        assert read_submission(malformed) is None


def test_a_delete_confirmation_holds_for_fifteen_minutes() -> None:
    ref = delete_ref(NOW)
    pressed = read_press("delete my data now", ref)
    assert (pressed.command, pressed.ref) == (Command.DELETE_CONFIRMED, ref)
    assert read_press("keep my data", ref).command is Command.KEEP_MY_DATA
    assert confirmation_is_fresh(ref, NOW + dt.timedelta(minutes=14))
    assert not confirmation_is_fresh(ref, NOW + dt.timedelta(minutes=16))
    assert not confirmation_is_fresh(ref, NOW - dt.timedelta(minutes=1))
    assert not confirmation_is_fresh("delete.soon", NOW)
    assert confirmation_is_fresh(None, NOW)  # typed: explicit
    # Any other value under a delete ref is no confirmation.
    assert read_press("delete", ref).command is Command.MESSAGE


def test_each_channel_spells_each_command_its_own_way() -> None:
    assert spelling(Command.NOTES, "slack", 2) == "/thankyou notes 2"
    assert spelling(Command.START, "slack") == "/thankyou"
    assert spelling(Command.NOTES, "teams", 2) == "notes 2"
    assert spelling(Command.NOTES, "console", 2) == "thankyou notes show 2"
    assert spelling(Command.DELETE_MY_DATA, "console") == "thankyou delete-my-data"
    for spec in TABLE:
        for channel in CHANNELS:
            spelt = spelling(spec.command, channel)
            if channel != "console":  # the terminal's own commands are `thankyou ...`
                assert (read_slash(spelt.removeprefix("/thankyou")).command) is spec.command


@pytest.mark.parametrize("channel", CHANNELS)
def test_the_help_lists_every_command_spelt_for_the_channel(channel: str) -> None:
    usage = Renderer(channel).say("commands/usage", commands=commands.listed(), unknown=None)
    for spec in commands.listed():
        assert f"`{spelling(spec.command, channel)}`" in usage
    other = {"console": "/thankyou", "slack": "thankyou notes show", "teams": "/thankyou"}
    assert other[channel] not in usage


@pytest.mark.parametrize("channel", CHANNELS)
def test_no_template_names_another_channels_commands(channel: str) -> None:
    """Defect 3 of the client review: Teams said 'type `notes`' the Slack way, and the
    welcome said 'press Start' beside a 'Start a note' button."""
    say = Renderer(channel).say
    finished = say("messages/finished", count=2)
    cancelled = say("messages/cancelled")
    assert f"`{spelling(Command.NOTES, channel)}`" in finished
    assert "with type" not in finished
    if channel != "console":
        assert f"`{spelling(Command.RESUME, channel)}`" in cancelled
    welcome = say("commands/welcome", user_name="Ana")
    label = say("commands/button", name="start")
    assert f'"{label}"' in welcome
