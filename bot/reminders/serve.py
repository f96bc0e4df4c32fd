"""The scheduler inside `thankyou serve`: built for the platforms the app mounted, started
and stopped with the app (its cleanup context).

`bot.app.create_app` calls `mount_scheduler(app, store, settings)` after mounting Slack
and Teams. The scheduler stops claiming at SIGTERM (the app's on_shutdown) and finishes
its sends in flight, or gives them back, before the app is cleaned up.

Slack messages go out with bolt's Web API client (its aiohttp session opens
before the scheduler starts and closes after it stops) and the installation store in
multi-workspace mode; Teams and the other Bot Framework channels with the endpoint's
authentication and the saved conversation references. Rows of a platform this server
did not mount (the terminal's, say) are left alone.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from adapters.outbound import Sender
from bot.reminders.messages import render_claim, renderer
from bot.reminders.scheduler import POLL_INTERVAL_S, Scheduler, delivery
from bot.settings import Settings
from bot.store import Store

SCHEDULER = web.AppKey("scheduler", Scheduler)


def senders_of(app: web.Application, store: Store, settings: Settings) -> dict[str, Sender]:
    """A sender for each platform mounted on `app`, keyed as the scheduler claims them."""
    from adapters.slack.server import SLACK_APP, SLACK_LIVE

    senders: dict[str, Sender] = {}
    if SLACK_APP in app:
        from adapters.slack.proactive import slack_sender

        bolt = app[SLACK_APP]
        senders["slack"] = slack_sender(
            bolt.client,
            renderer("slack").say,
            bot_token=settings.slack_bot_token,
            installations=bolt.installation_store,
            live=app[SLACK_LIVE],  # a reminder answered by typing loses its buttons
        )
    from adapters.teams.server import TEAMS_ENDPOINT

    if TEAMS_ENDPOINT in app:
        from adapters.teams.proactive import TeamsProactive

        teams = TeamsProactive(
            app[TEAMS_ENDPOINT].adapter.bot_framework_authentication,
            settings.microsoft_app_id,
            store.teams_references,
            renderer("teams").say,
            app[TEAMS_ENDPOINT].connector,
            app[TEAMS_ENDPOINT].bot.cards,  # a pressed reminder shows the choice made
        )
        senders["msteams"] = teams
        senders["bf."] = teams  # the Emulator, Direct Line, Web Chat
    return senders


def mount_scheduler(
    app: web.Application,
    store: Store,
    settings: Settings,
    *,
    interval_s: float = POLL_INTERVAL_S,
) -> Scheduler | None:
    """Run a scheduler with the app for the platforms it mounted (None: no platform)."""
    senders = senders_of(app, store, settings)
    if not senders:
        return None
    scheduler = Scheduler(
        store.schedule,
        delivery(render_claim, senders),
        platforms=list(senders),
        interval_s=interval_s,
        locks=store.locks,
    )
    app[SCHEDULER] = scheduler

    async def send_scheduled(_: web.Application) -> AsyncIterator[None]:
        async with scheduler.running():
            yield

    async def stop_claiming(_: web.Application) -> None:
        # At SIGTERM, while requests still finish: the stop itself is awaited when the
        # app is cleaned up (`running`).
        scheduler.begin_stop()

    app.on_shutdown.append(stop_claiming)
    app.cleanup_ctx.append(send_scheduled)
    return scheduler
