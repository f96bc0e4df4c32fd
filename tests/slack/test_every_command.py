"""Every command in Slack: typed in the bot's DM, and as `/thankyou <command>`."""

from __future__ import annotations

import pytest

from tests.every_command import Driver, run_every_command
from tests.slack.conftest import Posted, SlackHarness


@pytest.mark.parametrize("via", ["dm", "slash"])
async def test_every_command_works_in_slack(slack: SlackHarness, via: str) -> None:
    last: list[Posted] = []
    commands = {"help", "notes", "thankyou", "cancel", "resume", "delete my data"}

    async def send(text: str) -> str:
        words = text.split(" ")
        if via == "slash" and (
            text in commands
            or words[0] in ("notes", "delete", "keep", "reminders", "cancel", "copy")
        ):
            ack, posted = await slack.command("" if text == "thankyou" else text)
            last[:] = posted
            return "\n".join([ack["text"], *(p.text for p in posted)])
        last[:] = await slack.message(text)
        return "\n".join(p.text for p in last)

    async def opens_drafts() -> bool:
        urls = [b.get("url", "") for p in last for b in p.buttons]
        gmail = any(url.startswith("https://mail.google.com/") for url in urls)
        outlook = any(url.startswith("https://outlook.office.com/") for url in urls)
        mailto = any("<mailto:" in p.text and "Open as e-mail" in p.text for p in last)
        return gmail and outlook and mailto

    await run_every_command("slack", Driver(send, opens_drafts))
