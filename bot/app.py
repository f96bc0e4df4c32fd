"""The aiohttp server: `create_app(settings)` mounts every configured platform.

Routes (docs/architecture.md): POST /slack/events, GET /slack/install and /slack/oauth_redirect
(OAuth), POST /api/messages (Teams), GET /healthz. A platform whose settings are absent
is not mounted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import memory, metrics, templating, writer
from bot.deferred import DeferredPlatforms
from bot.settings import Settings
from bot.store import Store, db
from bot.store.retention import DailyPurge

log = logging.getLogger(__name__)

SETTINGS = web.AppKey("settings", Settings)
ENGINE = web.AppKey("engine", AsyncEngine)
STORE = web.AppKey("store", Store)
MOUNTED = web.AppKey[list[str]]("mounted")
DISPOSE_TIMEOUT_S = 3.0
PURGE = web.AppKey("purge", DailyPurge)
DEFERRED = web.AppKey("deferred", DeferredPlatforms)


async def healthz(request: web.Request) -> web.Response:
    """200 when the database answers; 503 (not a traceback) when it does not, in bounded
    time (bot.store.db's timeouts), so a load balancer can tell."""
    try:
        async with request.app[ENGINE].connect() as connection:
            await connection.execute(text("SELECT 1"))
    except db.UNAVAILABLE as error:
        log.warning("healthz: database unreachable: %r", error)
        body = {"ok": False, "database": "unreachable", "platforms": request.app[MOUNTED]}
        return web.json_response(body, status=503)
    return web.json_response({"ok": True, "platforms": request.app[MOUNTED]})


async def create_app(settings: Settings, *, defer_platforms: bool = False) -> web.Application:
    """Open the database (refusing an out-of-date schema), then mount the platforms.

    `defer_platforms` (`thankyou serve`): the platforms' settings are checked now, and
    the platforms are imported and mounted in the background once the server is up
    (bot/deferred.py), so that it answers /healthz within a fraction of a second."""
    engine = await db.open_database(settings.database_url or db.default_database_url())
    app = web.Application()
    app[SETTINGS] = settings
    app[ENGINE] = engine
    app[STORE] = Store(engine)
    app[MOUNTED] = []
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics.metrics_handler)
    metrics.watch_engine(engine)
    metrics.watch_engine(app[STORE].sync_engine)  # its own on a SQLite file (runner.py)
    metrics.configure_logging(settings.log_format)

    async def dispose_engine(_: web.Application) -> None:
        # Closing a connection to an unreachable server would wait for it: bounded.
        try:
            await asyncio.wait_for(engine.dispose(), DISPOSE_TIMEOUT_S)
        except TimeoutError:
            log.warning("database connections not closed cleanly: the server did not answer")

    async def warm_up(app: web.Application) -> AsyncIterator[None]:
        """Compile the templates and load the writer's dictionary and verb tables (about
        a second) in the background: the server answers meanwhile, and a turn that
        needs them first waits for them."""
        warming = asyncio.create_task(_warm_up_after(app.get(DEFERRED)))
        yield
        if not warming.done():
            warming.cancel()  # the thread finishes on its own; nothing waits for it

    app[PURGE] = DailyPurge(db.sessionmaker(engine), settings.retention_days)

    async def purge_daily(app: web.Application) -> AsyncIterator[None]:
        async with app[PURGE].running():
            yield

    app.on_cleanup.append(dispose_engine)
    app.cleanup_ctx.append(warm_up)
    app.cleanup_ctx.append(purge_daily)
    try:
        if defer_platforms:
            _defer_platforms(app, settings)
        else:
            _mount_slack(app, settings)
            _mount_teams(app, settings)
            _mount_scheduler(app, settings)
    except BaseException:
        await engine.dispose()  # a rejected setting: nothing will run cleanup for us
        raise
    return app


async def _warm_up_after(platforms: DeferredPlatforms | None) -> None:
    if platforms is not None:
        with contextlib.suppress(TimeoutError):
            await platforms.ready()  # the platforms first: the first turn needs them sooner
    await asyncio.to_thread(_warm_up)


def _warm_up() -> None:
    templating.compile_all()
    writer.warm_up()
    memory.release_freed_memory()
    memory.freeze_what_start_up_made()
    metrics.WARMED_UP.set(1)


def _defer_platforms(app: web.Application, settings: Settings) -> None:
    slack = _slack_wanted(settings)
    inner = web.Application()
    inner[SETTINGS], inner[ENGINE], inner[STORE] = settings, app[ENGINE], app[STORE]
    inner[MOUNTED] = []
    modules = ["adapters.teams.server"]
    if slack:
        modules.append("adapters.slack.server")

    def build(inner: web.Application) -> None:
        if slack:
            _mount_slack(inner, settings)
        _mount_teams(inner, settings)
        _mount_scheduler(inner, settings)

    deferred = DeferredPlatforms(inner, modules, build)
    app[DEFERRED] = deferred
    if slack:
        socket_mode = settings.slack_app_token is not None
        app[MOUNTED].append("slack (socket mode)" if socket_mode else "slack")
        # /slack/events (HTTP), /slack/install and /slack/oauth_redirect (OAuth).
        deferred.route(app, "*", "/slack/{rest:.*}")
    app[MOUNTED].append("teams")
    deferred.route(app, "POST", "/api/messages")
    app.on_shutdown.append(deferred.shutdown)
    app.cleanup_ctx.append(deferred.lifecycle)


def _mount_scheduler(app: web.Application, settings: Settings) -> None:
    """Reminders and "did you hear back?", sent by the platforms just mounted on `app`
    (started and stopped with it)."""
    from bot.reminders.serve import mount_scheduler

    mount_scheduler(app, app[STORE], settings)


def _slack_wanted(settings: Settings) -> bool:
    """Whether Slack is configured; a half configuration stops start-up naming what is
    missing (SettingsError)."""
    from bot.settings import SettingsError

    s = settings
    if not (s.slack_bot_token or s.slack_client_id or s.slack_client_secret or s.slack_app_token):
        return False
    if bool(s.slack_client_id) != bool(s.slack_client_secret):
        raise SettingsError("SLACK_CLIENT_ID and SLACK_CLIENT_SECRET must be set together")
    if not (s.slack_bot_token or s.slack_client_id):
        raise SettingsError(
            "SLACK_BOT_TOKEN (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET) is not set"
        )
    if not (s.slack_signing_secret or s.slack_app_token):
        raise SettingsError("SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) is not set")
    if s.slack_bot_token and not s.slack_bot_token.startswith("xoxb-"):
        raise SettingsError("SLACK_BOT_TOKEN must be a bot token (xoxb-...)")
    if s.slack_app_token and not s.slack_app_token.startswith("xapp-"):
        raise SettingsError("SLACK_APP_TOKEN must be an app-level token (xapp-...)")
    return True


def _mount_slack(app: web.Application, settings: Settings) -> None:
    """Slack (adapters/slack/): with a bot token or OAuth client, and a signing secret or
    a Socket Mode app token; half a configuration stops start-up naming what is missing."""
    if not _slack_wanted(settings):
        return
    from adapters.slack import SlackConfig, mount_slack
    from bot.service import ConversationService

    s = settings
    config = SlackConfig(
        signing_secret=s.slack_signing_secret,
        bot_token=s.slack_bot_token,
        app_token=s.slack_app_token,
        client_id=s.slack_client_id,
        client_secret=s.slack_client_secret,
        api_url=s.slack_api_url,
    )
    coach = ConversationService(app[STORE], channel="slack", phone_region=s.phone_region)
    say = coach.presenter.say
    app[MOUNTED].append(mount_slack(app, coach, say, config, app[ENGINE]))


def _mount_teams(app: web.Application, settings: Settings) -> None:
    """Teams (adapters/teams/): POST /api/messages, authenticated with MicrosoftAppId.

    Without an app id it still mounts, for local use with the Bot Framework Emulator:
    unauthenticated, answering only a serviceUrl on this machine, and it says so at
    start-up.
    """
    # Imported here so that botbuilder, and its successor one day, stays out of the rest.
    from adapters.teams import TeamsConfig, mount_teams
    from bot.service import ConversationService

    coach = ConversationService(app[STORE], channel="teams", phone_region=settings.phone_region)
    config = TeamsConfig(
        app_id=settings.microsoft_app_id,
        app_password=settings.microsoft_app_password,
        app_type=settings.microsoft_app_type,
        app_tenant_id=settings.microsoft_app_tenant_id,
    )
    mount_teams(app, coach, coach.presenter.say, app[STORE].teams_references, config)
    app[MOUNTED].append("teams")
