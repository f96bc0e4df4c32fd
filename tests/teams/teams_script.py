"""A Teams user in a test: posts Activities to /api/messages, reads what the bot sent.

The bot answers within the request (the turn is saved, then the replies are posted to
the fake connector), so when the POST returns, its replies have been recorded.

Each activity's `timestamp` is read from the channel's clock: this machine's, moved by
`skew_s` to play a bot whose clock is ahead of or behind the channel's; a millisecond
apart at least, as the channel stamps them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from aiohttp.test_utils import TestClient

from tests.teams.fake_connector import FakeConnector, Posted

BOT_ID = "28:thankyou-bot"
_ids = itertools.count(1)


class TeamsUser:
    def __init__(
        self,
        client: TestClient[Any, Any],
        connector: FakeConnector,
        *,
        tenant: str = "tenant-a",
        user_id: str = "29:user-a",
        aad_object_id: str | None = "aad-user-a",
        name: str = "Jordan Rivera",
        skew_s: float = 0.0,
    ) -> None:
        self.client = client
        self.connector = connector
        self.tenant = tenant
        self.user_id = user_id
        self.aad_object_id = aad_object_id
        self.name = name
        self.conversation_id = f"a:personal-{tenant}-{user_id}"
        self.replies: list[Posted] = []
        self.skew = dt.timedelta(seconds=skew_s)  # the channel's clock minus ours
        self._stamped = dt.datetime.min.replace(tzinfo=dt.UTC)

    def timestamp(self) -> str:
        """Now by the channel's clock, as it stamps an activity (milliseconds)."""
        now = dt.datetime.now(dt.UTC) + self.skew
        now -= dt.timedelta(microseconds=now.microsecond % 1000)
        self._stamped = max(now, self._stamped + dt.timedelta(milliseconds=1))
        return self._stamped.isoformat(timespec="milliseconds")

    def activity(self, **fields: Any) -> dict[str, Any]:
        sender: dict[str, Any] = {"id": self.user_id, "name": self.name}
        if self.aad_object_id:
            sender["aadObjectId"] = self.aad_object_id
        return {
            "type": "message",
            "id": f"activity-{next(_ids)}",
            "channelId": "msteams",
            "serviceUrl": self.connector.url,
            "timestamp": self.timestamp(),
            "from": sender,
            "recipient": {"id": BOT_ID, "name": "Thank-you coach"},
            "conversation": {
                "id": self.conversation_id,
                "conversationType": "personal",
                "tenantId": self.tenant,
            },
            "channelData": {"tenant": {"id": self.tenant}},
            **fields,
        }

    async def post(self, activity: dict[str, Any], headers: dict[str, str] | None = None) -> int:
        """Post one activity; return the HTTP status, keep the replies it caused."""
        before = len(self.connector.posted)
        response = await self.client.post("/api/messages", json=activity, headers=headers)
        self.replies = self.connector.posted[before:]
        return response.status

    async def send(self, text: str, **fields: Any) -> list[Posted]:
        status = await self.post(self.activity(text=text, **fields))
        assert status == 200, status
        return self.replies

    async def press(self, value: str, posted: Posted | None = None) -> list[Posted]:
        """Press the button with `value` on `posted` (default: the last card received),
        as Teams sends it: the button's data, and the card's activity id as replyToId."""
        card = posted or self.last_card
        pressed = self.activity(text="", value=card.submit(value), replyToId=card.id)
        status = await self.post(pressed)
        assert status == 200, status
        return self.replies

    async def install(self) -> list[Posted]:
        status = await self.post(
            self.activity(
                type="conversationUpdate",
                text=None,
                membersAdded=[{"id": BOT_ID}, {"id": self.user_id}],
            )
        )
        assert status == 200, status
        return self.replies

    @property
    def last(self) -> Posted:
        assert self.replies, "the bot sent nothing"
        return self.replies[-1]

    @property
    def last_card(self) -> Posted:
        cards = [posted for posted in self.connector.posted if posted.card is not None]
        assert cards, "the bot sent no card"
        return cards[-1]

    @property
    def text(self) -> str:
        return "\n".join(posted.text for posted in self.replies)
