"""The terminal channel: `thankyou chat` reads answers from standard input.

In a terminal it prompts; with piped input it reads one answer per line and stops at
the end of input. Either way each answer is saved before the next line is read, so
Ctrl-C, a closed terminal or a crash lose nothing.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from typing import TextIO

from adapters.channel import Coach, Say
from dialogs.commands import read_typed
from dialogs.follow_through import FOLLOW_REF_PREFIX, SCHEDULED_REF_PREFIX
from dialogs.messages import Button, Command, ConversationKey, Incoming, Reply


def buttons_asked(replies: Sequence[Reply]) -> bool:
    """The last reply asks a question with choices, or one typed after a choice."""
    return bool(replies) and bool(replies[-1].buttons)


FOLLOW_THROUGH_REFS = (FOLLOW_REF_PREFIX, SCHEDULED_REF_PREFIX)


def _follow_ref(replies: Sequence[Reply]) -> str | None:
    """The ref of a follow-through question just asked (after `done`, or a reminder):
    the answer goes to it. The interview's own questions need none here."""
    asked = [reply.ref for reply in replies if reply.buttons and reply.ref]
    ref = asked[-1] if asked else None
    return ref if ref is not None and ref.startswith(FOLLOW_THROUGH_REFS) else None


def choice_for(line: str, buttons: Sequence[Button]) -> str:
    """A number typed while buttons are shown picks that button; anything else is text."""
    stripped = line.strip()
    if stripped.isdigit() and 1 <= int(stripped) <= len(buttons):
        return buttons[int(stripped) - 1].value
    return line


async def _read_line_in_daemon_thread(stream: TextIO) -> str:
    """readline() off the event loop, in a daemon thread: on Ctrl-C the process exits at
    once instead of waiting, as the default executor would, for a line never typed."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()

    def deliver(line: str | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(line or "")

    def read() -> None:
        try:
            line = stream.readline()
        except (OSError, ValueError) as error:  # closed terminal or stream
            loop.call_soon_threadsafe(deliver, None, error)
        else:
            loop.call_soon_threadsafe(deliver, line, None)

    threading.Thread(target=read, name="console-stdin", daemon=True).start()
    return await future


class Console:
    def __init__(
        self, coach: Coach, say: Say, key: ConversationKey, stdin: TextIO, stdout: TextIO
    ) -> None:
        self._coach = coach
        self._say = say
        self._key = key
        self._stdin = stdin
        self._stdout = stdout
        self._interactive = stdin.isatty()

    async def run(self, opening: Sequence[Reply] = ()) -> int:
        """Hold the conversation until it ends or input runs out; return the exit code.

        `opening`: scheduled messages due since the last chat ("Did you hear back?"),
        answered first; then the interview starts."""
        if opening and not await self._converse(list(opening), ended=True):
            return 0  # the input ran out
        replies = await self._coach.handle(self._key, Incoming(command=Command.START))
        # Until the interview ends and nothing more is asked (after `done`: "Have you
        # sent it?", answered here too).
        ended = any(reply.ends_interview for reply in replies)
        await self._converse(replies, ended=ended)
        return 0

    async def _converse(self, replies: list[Reply], *, ended: bool) -> bool:
        """Show `replies`, then read answers until the interview has `ended` and nothing
        more is asked; False when the input ran out first."""
        buttons = self._show(replies)
        while not (ended and not buttons_asked(replies)):
            line = await self._read_line()
            if line is None:
                if self._interactive:
                    self._stdout.write("\n")  # Ctrl-D leaves the cursor after the prompt
                self._write(self._say("console/end_of_input"))
                return False
            text = choice_for(line, buttons)
            # The commands of every channel work here too (`notes 2`, `delete my data`).
            incoming = read_typed(text) or Incoming(text=text, ref=_follow_ref(replies))
            replies = await self._coach.handle(self._key, incoming)
            buttons = self._show(replies)
            ended = ended or any(reply.ends_interview for reply in replies)
        return True

    async def _read_line(self) -> str | None:
        if self._interactive:
            self._stdout.write("> ")
            self._stdout.flush()
        line = await _read_line_in_daemon_thread(self._stdin)
        if line == "":
            return None
        return line.rstrip("\n")

    def _show(self, replies: Sequence[Reply]) -> tuple[Button, ...]:
        buttons: tuple[Button, ...] = ()
        for reply in replies:
            # A list's notes are in its text already; their drafts are printed by
            # `thankyou notes show N --links`.
            for note in (note for note in reply.notes if not note.listed):
                self._write(self._say("console/note", note=note))
            if reply.preface:  # "In your note: ...": set apart, dimmed on a terminal
                dim, plain = ("\033[2m", "\033[0m") if self._interactive else ("", "")
                self._stdout.write(f"{dim}{reply.preface}{plain}\n")
            self._write(reply.text)
            if reply.buttons:
                buttons = reply.buttons
                self._write(self._say("console/buttons", buttons=reply.buttons))
        return buttons

    def _write(self, text: str) -> None:
        self._stdout.write(text + "\n\n")
        self._stdout.flush()
