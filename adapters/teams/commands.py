"""What a Teams message asks for: typed words and card submissions, as a `Routed`.

Pure: no botbuilder. Typed command words are those of the Slack commands; anything
else is an answer for the interview. A card submission carries the value and the ref
of the button (render.SUBMIT_VALUE / SUBMIT_REF).
"""

from __future__ import annotations

import enum
import re
import time
from dataclasses import dataclass
from typing import Any

from adapters.teams.render import SUBMIT_REF, SUBMIT_VALUE
from dialogs.messages import Command

# Refs of the adapter's own cards (interview refs are "<interview id>.<seq>").
COMMAND_REF = "teams.command"  # welcome and usage buttons: the value is a typed command
DELETE_REF_PREFIX = "teams.delete."  # + the unix time the confirmation was asked
DELETE_CONFIRM_TTL_S = 15 * 60
DELETE_CONFIRM_VALUE = "delete"
# Typed confirmation, for clients that cannot show the confirmation card.
DELETE_TYPED_CONFIRMATION = "delete my data now"

_INTERVIEW_COMMANDS = {
    "thankyou": Command.START,
    "thank you": Command.START,
    "new": Command.START,
    "resume": Command.RESUME,
    "cancel": Command.CANCEL,
}


class Action(enum.Enum):
    INTERVIEW = "interview"  # hand `text`/`command`/`ref` to the coach
    HELP = "help"
    NOTES = "notes"  # `number` None: the list; else that note in full
    DELETE_ASK = "delete_ask"
    DELETE_DO = "delete_do"
    STALE = "stale"  # a card of ours that no longer means anything
    EMPTY = "empty"  # nothing typed (an attachment, a sticker)


@dataclass(frozen=True)
class Routed:
    action: Action
    text: str = ""
    command: Command = Command.MESSAGE
    ref: str | None = None
    number: int | None = None


def normalise(text: str) -> str:
    """Lower case, single spaces, no surrounding punctuation: how commands are compared."""
    return re.sub(r"\s+", " ", text).strip().strip("!.?/").strip().lower()


def route_text(text: str) -> Routed:
    word = normalise(text)
    if not word:
        return Routed(Action.EMPTY)
    if word in _INTERVIEW_COMMANDS:
        return Routed(Action.INTERVIEW, command=_INTERVIEW_COMMANDS[word])
    if word == "help":
        return Routed(Action.HELP)
    notes = re.fullmatch(r"notes?(?: (?:show )?([0-9]{1,4}))?", word)
    if notes:
        number = notes.group(1)
        return Routed(Action.NOTES, number=int(number) if number else None)
    if word == "delete my data":
        return Routed(Action.DELETE_ASK)
    if word == DELETE_TYPED_CONFIRMATION:
        return Routed(Action.DELETE_DO)
    return Routed(Action.INTERVIEW, text=text.strip())


def delete_ref(now: float | None = None) -> str:
    return f"{DELETE_REF_PREFIX}{int(time.time() if now is None else now)}"


def route_submission(data: Any, now: float | None = None) -> Routed:
    """A button press: `data` is activity.value."""
    if not isinstance(data, dict) or not isinstance(data.get(SUBMIT_VALUE), str):
        return Routed(Action.STALE)
    value, ref = data[SUBMIT_VALUE], data.get(SUBMIT_REF)
    if ref is not None and not isinstance(ref, str):
        return Routed(Action.STALE)
    if ref == COMMAND_REF:
        return route_text(value)
    if ref is not None and ref.startswith(DELETE_REF_PREFIX):
        asked = ref.removeprefix(DELETE_REF_PREFIX)
        current = time.time() if now is None else now
        fresh = bool(re.fullmatch(r"[0-9]{1,12}", asked)) and (
            0 <= current - int(asked) <= DELETE_CONFIRM_TTL_S
        )
        if value == DELETE_CONFIRM_VALUE and fresh:
            return Routed(Action.DELETE_DO)
        return Routed(Action.STALE)
    return Routed(Action.INTERVIEW, text=value, ref=ref)
