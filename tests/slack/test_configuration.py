"""Which Slack settings mount what, and half a configuration stopping start-up."""

from __future__ import annotations

from typing import Any

import pytest

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
