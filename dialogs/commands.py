"""Every command the bot understands, in every channel: one table.

A command reaches the bot typed (`notes 2` in a Slack or Teams DM, or in `thankyou chat`),
through Slack's slash command (`/thankyou notes 2`), from the terminal's own command line
(`thankyou notes show 2`), or as a pressed button whose ref is `COMMAND_REF` or a delete
confirmation. Each adapter turns its form into the same `Incoming` with the functions
here; the service handles the command once. The help lists the same commands everywhere,
each spelt the way its channel takes it (`spelling`); its lines are in
templates/commands/usage.txt.j2.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dialogs.messages import Command, Incoming

# The ref of a button whose value is a typed command (welcome and help cards).
COMMAND_REF = "command"
# The ref of the buttons confirming "delete my data": the prefix and when it was asked.
DELETE_REF_PREFIX = "delete."
DELETE_CONFIRM_TTL = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class CommandSpec:
    command: Command
    # What people type for it; the first is the one the help shows.
    words: tuple[str, ...]
    # Its form in the terminal: a `thankyou` subcommand, or what to type in `thankyou chat`.
    terminal: str
    takes_number: bool = False  # `notes 2`
    listed: bool = True  # in the help (a confirmation is not)


TABLE: tuple[CommandSpec, ...] = (
    CommandSpec(Command.START, ("thankyou", "thank you", "new", "start"), "thankyou chat"),
    CommandSpec(Command.RESUME, ("resume", "continue"), "thankyou chat"),
    CommandSpec(Command.CANCEL, ("cancel", "stop"), "cancel"),
    CommandSpec(Command.NOTES, ("notes", "note"), "thankyou notes", takes_number=True),
    CommandSpec(Command.COPY, ("copy",), "thankyou notes show {number} --copy", takes_number=True),
    CommandSpec(
        Command.DELETE_MY_DATA, ("delete my data", "delete-my-data"), "thankyou delete-my-data"
    ),
    CommandSpec(Command.REMINDERS, ("reminders", "reminder"), "thankyou reminders"),
    CommandSpec(
        Command.CANCEL_REMINDER,
        ("cancel reminder", "cancel reminders"),
        "thankyou reminders --cancel",
        takes_number=True,
    ),
    CommandSpec(Command.HELP, ("help", "?"), "help"),
    CommandSpec(
        Command.DELETE_CONFIRMED, ("delete my data now",), "delete my data now", listed=False
    ),
    CommandSpec(Command.KEEP_MY_DATA, ("keep my data",), "keep my data", listed=False),
)
SPECS = {spec.command: spec for spec in TABLE}
_BY_WORD = {word: spec for spec in TABLE for word in spec.words}
_NUMBER = re.compile(r"(?:show )?([0-9]{1,6})")


def normalise(text: str) -> str:
    """Lower case, single spaces, no surrounding punctuation: how commands are compared.
    A lone question mark ("?", "??!") is kept: it asks for help."""
    words = re.sub(r"\s+", " ", text).strip().strip("!.?/").strip().lower()
    return words or ("?" if "?" in text else "")


def read_typed(text: str) -> Incoming | None:
    """The command these typed words are, or None when they are not one (an answer)."""
    words = normalise(text)
    spec = _BY_WORD.get(words)
    if spec is not None:
        return Incoming(text=text.strip(), command=spec.command)
    for spec in TABLE:
        if not spec.takes_number:
            continue
        for word in spec.words:
            number = _NUMBER.fullmatch(words.removeprefix(word + " "))
            if words.startswith(word + " ") and number:
                number_of = int(number.group(1))
                return Incoming(text=text.strip(), command=spec.command, number=number_of)
    return None


def read_slash(text: str) -> Incoming:
    """Slack's `/thankyou <text>`: nothing after it starts a note; words that are no
    command get the help, saying so."""
    if not text.strip():
        return Incoming(command=Command.START)
    command = read_typed(text)
    if command is None:
        return Incoming(command=Command.HELP, unknown=text.strip())
    return command


def read_press(value: str, ref: str | None) -> Incoming:
    """A pressed button (or a choice typed by its number): a command button is its
    command; the delete confirmation carries its ref, so the service can tell how old
    it is; any other button answers the interview's question `ref`."""
    if ref == COMMAND_REF:
        return read_typed(value) or Incoming(command=Command.HELP, unknown=value)
    if ref is not None and ref.startswith(DELETE_REF_PREFIX):
        command = read_typed(value)
        if command is not None and command.command in (
            Command.DELETE_CONFIRMED,
            Command.KEEP_MY_DATA,
        ):
            return Incoming(command=command.command, ref=ref)
    return Incoming(text=value, ref=ref)


def is_question_ref(ref: str | None) -> bool:
    """A button's ref that names a question (the interview's, the follow-through's), not
    a command's or the delete confirmation's."""
    return bool(ref) and ref != COMMAND_REF and not str(ref).startswith(DELETE_REF_PREFIX)


def delete_ref(now: dt.datetime) -> str:
    return f"{DELETE_REF_PREFIX}{int(now.timestamp())}"


def confirmation_is_fresh(ref: str | None, now: dt.datetime) -> bool:
    """A typed confirmation (no ref) is explicit; a pressed one holds for 15 minutes."""
    if ref is None:
        return True
    asked = ref.removeprefix(DELETE_REF_PREFIX)
    if not re.fullmatch(r"[0-9]{1,12}", asked):
        return False
    age = now - dt.datetime.fromtimestamp(int(asked), dt.UTC)
    return dt.timedelta(0) <= age <= DELETE_CONFIRM_TTL


def spelling(command: Command, platform: str, number: int | str | None = None) -> str:
    """How `platform` takes `command`: `/thankyou notes 2`, `notes 2`, `thankyou notes
    show 2`."""
    spec = SPECS[command]
    suffix = "" if number is None else f" {number}"
    if platform == "console" and "{number}" in spec.terminal:
        return spec.terminal.format(number="N" if number is None else number)
    if platform == "console":
        if number is not None and command is Command.NOTES:
            return f"{spec.terminal} show {number}"
        return spec.terminal + suffix
    word = spec.words[0]
    if platform == "slack":
        return "/thankyou" if command is Command.START else f"/thankyou {word}{suffix}"
    return word + suffix


def listed() -> tuple[CommandSpec, ...]:
    return tuple(spec for spec in TABLE if spec.listed)
