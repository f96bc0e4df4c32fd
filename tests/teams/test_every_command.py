"""Every command in Teams, typed in the personal chat."""

from __future__ import annotations

from tests.every_command import Driver, run_every_command
from tests.teams.teams_script import TeamsUser


async def test_every_command_works_in_teams(user: TeamsUser) -> None:
    async def send(text: str) -> str:
        await user.send(text)
        return user.text

    async def opens_drafts() -> bool:
        cards = str([posted.card for posted in user.replies])
        return all(
            url in cards for url in ("mailto:", "https://mail.google.com/", "https://outlook.")
        )

    await run_every_command("teams", Driver(send, opens_drafts))
