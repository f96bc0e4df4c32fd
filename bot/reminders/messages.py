"""What a scheduled message says: its row (kind and payload) as `Reply`s, from
templates/reminders/ in the channel's words (bot.templating.Renderer: a channel may
override a template in templates/<channel>/reminders/).

The payload each kind needs (the turn that schedules it writes it):

- `send_reminder`: `subject`, `interviewers` (names), `company`;
- `heard_back`: `interviewer`, `company`, and `follow_ups` (written so far, default 0);
- `follow_up`: `interviewer`, `company`, `subject` (the follow-up's, "Re: ...").

Each reply's buttons stand for the words below, answering the question `ref` names
(`scheduled:<row id>`), so the interview can tell a reminder's button from a stale one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from bot.store.models import FOLLOW_UP, HEARD_BACK, SEND_REMINDER
from bot.store.schedule import Claim
from bot.templating import Renderer, render
from dialogs.follow_through import NOT_YET, SENT, SHOW_NOTE, STOP_ASKING, YES
from dialogs.messages import Button, Reply

_BUTTONS: dict[str, tuple[str, ...]] = {
    SEND_REMINDER: (SHOW_NOTE, SENT),
    HEARD_BACK: (YES, NOT_YET, STOP_ASKING),
    FOLLOW_UP: (SHOW_NOTE, SENT),
}
_NEEDS: dict[str, tuple[str, ...]] = {
    SEND_REMINDER: ("subject", "interviewers", "company"),
    HEARD_BACK: ("interviewer", "company"),
    FOLLOW_UP: ("interviewer", "company", "subject"),
}


def ref_of(message_id: int) -> str:
    """The question a scheduled message's buttons answer."""
    return f"scheduled:{message_id}"


def message_id_of(ref: str | None) -> int | None:
    """The scheduled message a pressed button belongs to; None for any other ref."""
    if not ref or not ref.startswith("scheduled:"):
        return None
    number = ref.removeprefix("scheduled:")
    return int(number) if number.isdigit() else None


Say = Callable[..., str]


def channel_of(platform: str) -> str:
    """The templates' channel of a key's platform: Slack, the terminal, or Teams (every
    Bot Framework channel speaks as Teams does)."""
    return platform if platform in ("slack", "console") else "teams"


@cache
def renderer(channel: str) -> Renderer:
    return Renderer(channel)


def _shared(template: str, **context: Any) -> str:
    return render(f"{template}.txt.j2", **context)


def button(value: str, say: Say) -> Button:
    return Button(label=say("reminders/button", value=value), value=value)


def scheduled_replies(
    kind: str, payload: Mapping[str, Any], message_id: int, say: Say | None = None
) -> list[Reply]:
    """The message for a row, in `say`'s words (default: the shared templates'); raises
    ValueError for a kind or payload it cannot say."""
    say = say or _shared
    if kind not in _BUTTONS:
        raise ValueError(f"no message for kind {kind!r}")
    missing = [name for name in _NEEDS[kind] if not payload.get(name)]
    if missing:
        raise ValueError(f"{kind} payload lacks {', '.join(missing)}")
    context = {"follow_ups": 0, **payload}
    if kind == SEND_REMINDER and isinstance(context["interviewers"], str):
        context["interviewers"] = [context["interviewers"]]
    text = say(f"reminders/{kind}", **context)
    buttons = tuple(button(value, say) for value in _BUTTONS[kind])
    return [Reply(text=text, buttons=buttons, ref=ref_of(message_id))]


async def render_claim(claim: Claim) -> Sequence[Reply]:
    """The scheduler's `Render`: a claimed row's message, in its user's channel's words."""
    say = renderer(channel_of(claim.key.platform)).say
    return scheduled_replies(claim.kind, claim.payload, claim.id, say)
