"""Every command in the terminal: typed in `thankyou chat` (the same reading as the
Console adapter), through the real service and templates."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.service import ConversationService
from bot.store import Store
from dialogs.commands import read_typed
from dialogs.messages import Incoming, Reply, conversation_key
from tests.dialog_script import NOW
from tests.every_command import Driver, run_every_command

KEY = conversation_key("console", "local", "jordan")


async def test_every_command_works_in_the_terminal(engine: AsyncEngine) -> None:
    service = ConversationService(Store(engine), channel="console", clock=lambda: NOW)
    last: list[Reply] = []

    async def send(text: str) -> str:
        last[:] = await service.handle(KEY, read_typed(text) or Incoming(text=text))
        return "\n".join(
            [*(f"{n.heading}\n{n.body}" for r in last for n in r.notes), *(r.text for r in last)]
        )

    async def opens_drafts() -> bool:
        links = {link.provider for r in last for n in r.notes for link in n.links}
        return {"gmail", "outlook", "outlook_personal", "mailto"} <= links

    await run_every_command("console", Driver(send, opens_drafts))
