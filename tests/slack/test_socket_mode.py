"""Socket Mode: with SLACK_APP_TOKEN the app connects out and serves the same turns."""

from __future__ import annotations

import json
import urllib.parse

from bot.app import MOUNTED
from tests.slack.conftest import StartSlack


async def test_socket_mode_connects_out_and_answers_a_command(
    slack_app_factory: StartSlack,
) -> None:
    slack = await slack_app_factory(slack_signing_secret=None, slack_app_token="xapp-1-test")
    fake = slack.fake
    await fake.wait_until(lambda: fake.socket is not None)
    assert fake.socket is not None
    assert slack.client.app is not None
    assert "slack (socket mode)" in slack.client.app[MOUNTED]
    response = await slack.client.post("/slack/events", data="{}")
    assert response.status in (404, 405)  # nothing listens for Slack over HTTP

    payload = dict(urllib.parse.parse_qsl(slack.command_body(""), keep_blank_values=True))
    await fake.socket.send_str(
        json.dumps(
            {
                "envelope_id": "env-1",
                "type": "slash_commands",
                "payload": payload,
                "accepts_response_payload": True,
            }
        )
    )
    slack.expected_runs += 1
    await fake.wait_until(lambda: len(fake.socket_answers) == 1)
    answer = fake.socket_answers[0]
    assert answer["envelope_id"] == "env-1"
    assert "direct messages" in answer["payload"]["text"]
    await slack.settle()
    posted = fake.posted()
    assert len(posted) == 2 and "thank-you note" in posted[0].text
