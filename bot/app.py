"""The aiohttp server: `create_app(settings)` mounts every configured platform.

Routes (DESIGN.md): POST /slack/events, GET /slack/install and /slack/oauth_redirect
(OAuth), POST /api/messages (Teams), GET /healthz. A platform whose settings are absent
is not mounted.
"""

from __future__ import annotations

import logging

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import db
from bot.settings import Settings
from bot.store import Store

log = logging.getLogger(__name__)

SETTINGS = web.AppKey("settings", Settings)
ENGINE = web.AppKey("engine", AsyncEngine)
STORE = web.AppKey("store", Store)
MOUNTED = web.AppKey[list[str]]("mounted")


async def healthz(request: web.Request) -> web.Response:
    async with request.app[ENGINE].connect():
        pass
    return web.json_response({"ok": True, "platforms": request.app[MOUNTED]})


async def create_app(settings: Settings) -> web.Application:
    """Open the database (refusing an out-of-date schema), then mount the platforms."""
    engine = await db.open_database(settings.database_url or db.default_database_url())
    app = web.Application()
    app[SETTINGS] = settings
    app[ENGINE] = engine
    app[STORE] = Store(db.sessionmaker(engine))
    app[MOUNTED] = []
    app.router.add_get("/healthz", healthz)

    async def dispose_engine(_: web.Application) -> None:
        await engine.dispose()

    app.on_cleanup.append(dispose_engine)
    _mount_slack(app, settings)
    _mount_teams(app, settings)
    return app


def _mount_slack(app: web.Application, settings: Settings) -> None:
    """Slack: see adapters/slack.py (issue 3)."""


def _mount_teams(app: web.Application, settings: Settings) -> None:
    """Teams: see adapters/teams.py (issue 4)."""
