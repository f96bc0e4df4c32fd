"""What a Teams message asks for, read with the commands every channel shares.

Pure: no botbuilder. Typed text is a command (dialogs/commands.py) or an answer for the
interview; a card submission carries the value and the ref of the pressed button
(render.SUBMIT_VALUE / SUBMIT_REF), read like any pressed button.
"""

from __future__ import annotations

from typing import Any

from adapters.teams.render import SUBMIT_REF, SUBMIT_VALUE
from dialogs.commands import read_press, read_typed
from dialogs.messages import Incoming


def read_text(text: str) -> Incoming | None:
    """None when nothing was typed (an attachment, a sticker)."""
    if not text.strip():
        return None
    return read_typed(text) or Incoming(text=text.strip())


def read_submission(data: Any) -> Incoming | None:
    """A button press (`data` is activity.value); None for a card that is not ours."""
    if not isinstance(data, dict) or not isinstance(data.get(SUBMIT_VALUE), str):
        return None
    ref = data.get(SUBMIT_REF)
    if ref is not None and not isinstance(ref, str):
        return None
    return read_press(data[SUBMIT_VALUE], ref)
