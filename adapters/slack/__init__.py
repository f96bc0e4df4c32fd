"""Slack: `/thankyou`, the interview in the bot's DM, Block Kit buttons, multi-workspace.

- `text`: Slack markup in, escaped text out;  `blocks`: `Reply` -> Block Kit messages;
- `commands`: `/thankyou` subcommands;  `listeners`: the turns;  `limiter`: their bound;
- `server`: bolt's AsyncApp on our aiohttp app (HTTP or Socket Mode, OAuth).
"""

from adapters.slack.server import SlackConfig, mount_slack

__all__ = ["SlackConfig", "mount_slack"]
