"""Messages the bot starts (reminders, "did you hear back?"): what an adapter is given to
send, and how it says it went.

The scheduler (bot/reminders/scheduler.py) renders a due message as `Reply`s and hands
an `Outgoing` to the platform's sender (adapters/slack/proactive.py,
adapters/teams/proactive.py). The sender answers with one of three outcomes:

- `Delivered`: the platform accepted every message;
- `RetryLater(error, after)`: worth another try (rate limited, the platform or the
  network failing); `after` is the platform's Retry-After when it gave one;
- `Gone(error)`: no try will ever work (the app was uninstalled or removed, the token
  revoked, the user deactivated or unknown): the row is failed without retries.

Adapters do not import bot/, so these types live here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from dialogs.messages import ConversationKey, Reply


@dataclass(frozen=True)
class Outgoing:
    """One scheduled message, rendered, for one user.

    `idempotency_key` is the same on every attempt for this message; `attempt` counts
    from 1, and more than 1 means an earlier attempt may have reached the platform."""

    key: ConversationKey
    replies: tuple[Reply, ...]
    idempotency_key: str
    attempt: int = 1


@dataclass(frozen=True)
class Delivered:
    pass


@dataclass(frozen=True)
class RetryLater:
    error: str
    after: dt.timedelta | None = None


@dataclass(frozen=True)
class Gone:
    error: str


Outcome = Delivered | RetryLater | Gone


class Sender(Protocol):
    async def send(self, outgoing: Outgoing) -> Outcome:
        """Send every reply of `outgoing` to its user; never raises for the platform's
        or the network's failures (those are outcomes)."""
        ...
