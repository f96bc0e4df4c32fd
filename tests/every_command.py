"""Every command of the table, run through a channel as its users send it.

`run_every_command(channel, driver)` is the same scenario for the terminal, Slack (typed
in the DM and as `/thankyou`) and Teams; each channel's test file gives a `Driver` that
sends a command the way that channel's users do and returns the text of the replies.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from dialogs import commands
from dialogs.commands import spelling
from tests.dialog_script import SINGLE


@dataclass
class Driver:
    # Sends typed words (a command or an answer) the channel's way; returns what it said.
    send: Callable[[str], Awaitable[str]]
    # Whether the note shown by `notes 1` offers its drafts: Gmail, Outlook and
    # "Open as e-mail" (links or buttons).
    opens_drafts: Callable[[], Awaitable[bool]]


async def run_every_command(channel: str, driver: Driver) -> None:
    send = driver.send
    # HELP without an interview: every command, spelt for this channel.
    usage = await send("help")
    for spec in commands.listed():
        # Teams shows the help on a card, whose command words are bold (no code spans).
        spelt = spelling(spec.command, channel)
        marked = f"**{spelt}**" if channel == "teams" else f"`{spelt}`"
        assert marked in usage, (channel, spec.command)
    # NOTES with none saved, with and without a number.
    assert "no saved notes yet" in (await send("notes")).lower()
    assert "no saved notes yet" in (await send("notes 4")).lower()
    # START, HELP during an interview, CANCEL, RESUME.
    assert "Who interviewed you?" in await send("thankyou")
    await send(SINGLE[0])
    assert "company" in (await send("help")).lower()
    assert "Stopped" in await send("cancel")
    assert "company" in (await send("resume")).lower()
    for line in SINGLE[1:]:
        await send(line)
    assert "Saved 1 note" in await send("done")
    # REMINDERS and CANCEL_REMINDER, after "Remind me" (typed: no interview is open).
    assert "Nothing is scheduled" in await send("reminders")
    assert "remind you" in await send("remind me")
    assert "a reminder to send your note to Emily Carter" in await send("reminders")
    assert "Cancelled" in await send("cancel reminder 1")
    assert "Nothing is scheduled" in await send("reminders")
    # NOTES, then one note in full with its drafts, then COPY: its text alone.
    listed = await send("notes")
    assert "Brightline Software" in listed and "Emily Carter" in listed
    shown = await send("notes 1")
    assert "Dear" in shown and "Jordan Rivera" in shown
    assert await driver.opens_drafts()
    copied = await send("copy 1")
    assert "Dear" in copied and "Subject" not in copied
    assert "There is no note 7" in await send("notes 7")
    assert "There is no note 7" in await send("copy 7")
    # DELETE_MY_DATA asks first; KEEP_MY_DATA keeps; DELETE_CONFIRMED deletes.
    assert "can't be undone" in await send("delete my data")
    assert "nothing was deleted" in await send("keep my data")
    assert "Brightline Software" in await send("notes")
    await send("delete my data")
    deleted = await send("delete my data now")
    assert "deleted 1 interview and 1 saved note" in deleted.lower()
    assert "no saved notes yet" in (await send("notes")).lower()
