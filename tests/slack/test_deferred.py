"""`thankyou serve` mounts the platforms after the server binds (bot/deferred.py): the
first requests wait for them and are answered; a bad setting still stops start-up; and
nothing of bolt or botbuilder is imported before the server is up (issue 11)."""

from __future__ import annotations

import asyncio
import json
import sys
import urllib.parse
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_app
from bot.settings import SettingsError
from bot.store.db import upgrade
from tests.slack.conftest import FakeSlack, sign, slack_settings
from tests.teams.fake_connector import FakeConnector
from tests.teams.teams_script import TeamsUser


@pytest.fixture
async def deferred(database_url: str, fake_slack: FakeSlack) -> AsyncIterator[TestClient[Any, Any]]:
    await upgrade(database_url)
    app = await create_app(slack_settings(database_url, fake_slack), defer_platforms=True)
    client: TestClient[Any, Any] = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    yield client
    await client.close()


async def test_the_first_requests_wait_for_the_platforms_and_are_answered(
    deferred: TestClient[Any, Any], fake_slack: FakeSlack
) -> None:
    health = await deferred.get("/healthz")
    assert (await health.json())["platforms"] == ["slack", "teams"]
    # Sent at once, before the platforms are (likely) mounted: both are answered.
    body = urllib.parse.urlencode(
        {
            "team_id": "T1",
            "user_id": "U1",
            "command": "/thankyou",
            "text": "",
            "channel_id": "C1",
            "trigger_id": "trigger.1",
        }
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(body)}
    response = await deferred.post("/slack/events", data=body, headers=headers)
    assert response.status == 200
    await fake_slack.wait_for("chat.postMessage", 1)
    assert any("Who interviewed you?" in posted.text for posted in fake_slack.posted())
    connector = FakeConnector()
    await connector.start()
    try:
        user = TeamsUser(deferred, connector)
        replies = await user.send("thankyou")
        assert replies and "Who interviewed you?" in user.text
    finally:
        await connector.close()
    unknown = await deferred.get("/slack/nowhere")
    assert unknown.status in (404, 405)


async def test_a_bad_setting_still_stops_start_up(database_url: str, fake_slack: FakeSlack) -> None:
    await upgrade(database_url)
    settings = slack_settings(database_url, fake_slack, slack_bot_token="xoxp-user-token")
    with pytest.raises(SettingsError, match="SLACK_BOT_TOKEN"):
        await create_app(settings, defer_platforms=True)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_bolt_and_botbuilder_are_not_imported_before_the_server_is_up(
    database_url: str, tmp_path: Path
) -> None:
    await upgrade(database_url)
    code = f"""
import asyncio, json, sys
from bot.app import create_app
from bot.settings import Settings

async def main():
    settings = Settings(database_url={database_url!r}, slack_bot_token="xoxb-1",
                        slack_signing_secret="s", slack_api_url="http://127.0.0.1:9/")
    app = await create_app(settings, defer_platforms=True)
    loaded = [m for m in ("slack_bolt", "botbuilder", "msrest", "lemminflect", "alembic")
              if m in sys.modules]
    print(json.dumps(loaded))

asyncio.run(main())
"""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    assert json.loads(out.decode().strip().splitlines()[-1]) == []
