"""Text between Slack and the interview: Slack's markup in, escaped mrkdwn out.

Slack sends message text with `&`, `<` and `>` escaped and with its own `<...>` markup
for links, e-mail addresses and mentions; the interview wants what the user meant to
type. Going out, user text is escaped so that `<!channel>` or `<@U123>` never pings.
"""

from __future__ import annotations

import re

# <https://example.com|label>, <mailto:a@b.com|a@b.com>, <@U123>, <!channel>, <#C1|general>
_MARKUP = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


def escape(text: str) -> str:
    """Escape Slack's control characters; the only three Slack asks for."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _readable(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    if target.startswith("@"):  # a user mention: <@U123> or <@U123|name>
        return f"@{label or target[1:]}"
    if target.startswith("!"):  # <!channel>, <!here>, <!subteam^S1|@team>, <!date^...|text>
        if label:
            return label
        return f"@{target[1:].split('^')[0]}"
    if target.startswith("#"):  # a channel: <#C1|general>
        return f"#{label or target[1:]}"
    if label:
        return label
    for scheme in ("mailto:", "tel:"):
        if target.startswith(scheme):
            return target[len(scheme) :]
    return target


def plain_text(slack_text: str) -> str:
    """What the user typed, from a message's `text`: links and mentions as they read."""
    return unescape(_MARKUP.sub(_readable, slack_text))
