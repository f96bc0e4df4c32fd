"""Microsoft Teams through botbuilder: every botbuilder import lives in this package.

botbuilder-python is archived in favour of the Microsoft 365 Agents SDK; moving to it
should touch only `server.py` (authentication, the adapter, the route) and `bot.py`
(the turn). `render.py` and `commands.py` are plain translation and stay as they are.
"""

from adapters.teams.bot import TeamsBot, TeamsMemory
from adapters.teams.connector import RetryPolicy
from adapters.teams.server import ROUTE, TEAMS_ENDPOINT, TeamsConfig, TeamsEndpoint, mount_teams

__all__ = [
    "ROUTE",
    "TEAMS_ENDPOINT",
    "RetryPolicy",
    "TeamsBot",
    "TeamsConfig",
    "TeamsEndpoint",
    "TeamsMemory",
    "mount_teams",
]
