"""Which Slack settings mount what, and half a configuration stopping start-up."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from adapters.slack.server import SLACK_APP
from bot.app import MOUNTED, create_app
from bot.settings import Settings, SettingsError
from bot.store.db import upgrade


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        ({"slack_bot_token": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({"slack_signing_secret": "s", "slack_client_id": "1.2"}, "SLACK_CLIENT_SECRET"),
        ({"slack_bot_token": "xoxp-user", "slack_signing_secret": "s"}, "SLACK_BOT_TOKEN"),
        ({"slack_bot_token": "xoxb-1", "slack_app_token": "xoxb-2"}, "SLACK_APP_TOKEN"),
        ({"slack_app_token": "xapp-1"}, "SLACK_BOT_TOKEN"),
    ],
)
async def test_half_a_configuration_names_the_missing_setting(
    database_url: str, settings: dict[str, Any], problem: str
) -> None:
    await upgrade(database_url)
    with pytest.raises(SettingsError, match=problem):
        await create_app(Settings(database_url=database_url, **settings))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_no_slack_settings_mount_no_slack(database_url: str) -> None:
    app = await create_app(Settings(database_url=database_url))
    assert not any(name.startswith("slack") for name in app[MOUNTED])
    assert all(resource.canonical != "/slack/events" for resource in app.router.resources())
    await app.cleanup()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "settings",
    [
        {"slack_bot_token": "xoxb-1", "slack_signing_secret": "s"},
        {"slack_bot_token": "xoxb-1", "slack_app_token": "xapp-1"},
        {"slack_client_id": "1.2", "slack_client_secret": "c", "slack_signing_secret": "s"},
    ],
    ids=["single-workspace", "socket-mode", "oauth"],
)
async def test_slack_starts_without_a_warning(
    database_url: str,
    settings: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Bolt once logged at every start that, as it was given a client, the token (read
    from SLACK_BOT_TOKEN in the environment) would be unused."""
    if "slack_bot_token" in settings:
        monkeypatch.setenv("SLACK_BOT_TOKEN", settings["slack_bot_token"])
    else:
        monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    await upgrade(database_url)
    api_url = "http://127.0.0.1:9/api/"
    with caplog.at_level(logging.INFO):
        app = await create_app(
            Settings(database_url=database_url, slack_api_url=api_url, **settings)
        )
    try:
        assert any(name.startswith("slack") for name in app[MOUNTED])
        warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
        assert warnings == []
        # The client bolt built is the one we configured: our API URL and retries.
        client = app[SLACK_APP].client
        assert client.base_url == api_url
        assert client.token == settings.get("slack_bot_token")
        inner = {type(getattr(h, "_inner", h)).__name__ for h in client.retry_handlers}
        assert inner == {
            "AsyncConnectionErrorRetryHandler",
            "AsyncRateLimitErrorRetryHandler",
            "AsyncServerErrorRetryHandler",
        }
    finally:
        await app.cleanup()
