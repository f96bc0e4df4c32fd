"""`/thankyou` and its subcommands, read from the command's text."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class Subcommand(enum.Enum):
    START = "start"  # `/thankyou`, `/thankyou new`
    RESUME = "resume"
    CANCEL = "cancel"
    NOTES = "notes"  # `/thankyou notes`, `/thankyou notes 2`
    DELETE = "delete-my-data"
    HELP = "help"
    UNKNOWN = "unknown"


_WORDS = {
    "": Subcommand.START,
    "new": Subcommand.START,
    "start": Subcommand.START,
    "resume": Subcommand.RESUME,
    "continue": Subcommand.RESUME,
    "cancel": Subcommand.CANCEL,
    "stop": Subcommand.CANCEL,
    "notes": Subcommand.NOTES,
    "delete-my-data": Subcommand.DELETE,
    "help": Subcommand.HELP,
}


@dataclass(frozen=True)
class ParsedCommand:
    subcommand: Subcommand
    number: int | None = None  # `/thankyou notes N`
    text: str = ""  # what was typed, for the usage message


def parse_command(text: str) -> ParsedCommand:
    words = text.strip().lower().split()
    head = words[0] if words else ""
    subcommand = _WORDS.get(head, Subcommand.UNKNOWN)
    rest = words[1:]
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    if subcommand is Subcommand.NOTES and len(rest) == 1 and re.fullmatch(r"[0-9]{1,6}", rest[0]):
        return ParsedCommand(subcommand, number=int(rest[0]), text=text.strip())
    if rest:
        subcommand = Subcommand.UNKNOWN
    return ParsedCommand(subcommand, text=text.strip())
