"""The Web API failing and recovering, workspaces kept apart, and the OAuth install."""

from __future__ import annotations

import logging
import re
import urllib.parse

import pytest

from dialogs.messages import conversation_key
from tests.dialog_script import SINGLE
from tests.slack.conftest import BOT_TOKEN, SlackHarness, StartSlack


async def test_a_rate_limit_with_retry_after_is_waited_out(slack: SlackHarness) -> None:
    slack.fake.fail_once("chat.postMessage", 429)
    posted = await slack.message("hi")
    assert len(posted) == 2  # the introduction (after one 429) and the first question
    assert [c.status for c in slack.fake.calls if c.method == "chat.postMessage"] == [
        429,
        200,
        200,
    ]


async def test_a_server_error_is_retried(slack: SlackHarness) -> None:
    slack.fake.fail_once("chat.postMessage", 500)
    slack.fake.fail_once("conversations.open", 500)
    _, posted = await slack.command()
    assert len(posted) == 2
    assert [c.status for c in slack.fake.calls if c.method == "conversations.open"] == [500, 200]


async def test_a_reply_that_keeps_failing_is_not_acknowledged_and_the_retry_resends_it(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """Saved but not answered: Slack gets a 500, so it redelivers the event, and the
    redelivery posts the saved turn's reply instead of being dropped as a duplicate."""
    await slack.command()
    for _ in range(3):  # the first try and both retries
        slack.fake.fail_once("chat.postMessage", 500)
    body = slack.event_body(SINGLE[0])
    with caplog.at_level(logging.ERROR, logger="adapters.slack"):
        status, _, posted = await slack.send(body, "application/json")
    assert status == 500 and posted == []
    assert any("team T1, user U1" in r.getMessage() for r in caplog.records)
    record = await slack.store.open_conversation(conversation_key("slack", "T1", "U1"))
    assert record is not None and record.state["answers"]["interviewers"]
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}
    status, _, posted = await slack.send(body, "application/json", headers=retry)
    assert status == 200
    assert "company" in posted[0].text.lower()
    posted = await slack.message(SINGLE[1])  # the user carries on
    assert "kind of interview" in posted[0].text.lower()


async def test_two_workspaces_with_the_same_user_id_are_kept_apart(slack: SlackHarness) -> None:
    await slack.command(team="T1")
    for line in [*SINGLE, "done"]:
        await slack.message(line, team="T1")
    _, posted = await slack.command(team="T2")
    assert "thank-you note" in posted[0].text  # a fresh interview, not T1's
    _, posted = await slack.command("notes", team="T2")
    assert "no saved notes yet" in posted[0].text
    _, posted = await slack.command("delete-my-data", team="T2")
    await slack.press("Yes, delete everything", posted[0], team="T2")
    t1 = conversation_key("slack", "T1", "U1")
    assert len(await slack.store.list_notes(t1)) == 1
    _, posted = await slack.command("notes", team="T1")
    assert "Brightline Software" in posted[0].text


async def test_every_call_uses_the_bot_token(slack: SlackHarness) -> None:
    await slack.command()
    assert {c.headers["Authorization"] for c in slack.fake.calls} == {f"Bearer {BOT_TOKEN}"}


# slack-sdk passes the client secret with aiohttp's BasicAuth, deprecated in aiohttp 3.14.
@pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")
async def test_oauth_install_round_trip(slack_app_factory: StartSlack) -> None:
    slack = await slack_app_factory(
        slack_bot_token=None, slack_client_id="111.222", slack_client_secret="shh"
    )
    response = await slack.client.get("/slack/install")
    assert response.status == 200
    page = await response.text()
    url = re.search(r'href="(https://slack.com/oauth/v2/authorize\?[^"]+)"', page)
    assert url is not None
    query = urllib.parse.parse_qs(urllib.parse.urlparse(url.group(1).replace("&amp;", "&")).query)
    assert query["client_id"] == ["111.222"]
    assert "users:read.email" in query["scope"][0]
    state = query["state"][0]
    cookie = response.headers["Set-Cookie"].split(";")[0]
    assert cookie == f"slack-app-oauth-state={state}"
    # The cookie is Secure, so the test sends it back itself (the server speaks http).
    callback = {"code": "good-code", "state": state}
    response = await slack.client.get("/slack/oauth_redirect", params=callback)
    assert response.status == 400  # not the browser that began the install
    response = await slack.client.get(
        "/slack/oauth_redirect", params=callback, headers={"Cookie": cookie}
    )
    assert response.status == 200, await response.text()
    access = slack.fake.of("oauth.v2.access")[0]
    assert access.params["code"] == "good-code"

    # The installed workspace's events are answered with its own token.
    posted = await slack.message("hi", team="T9", user="U9")
    assert len(posted) == 2
    assert posted[0].call.headers["Authorization"] == "Bearer xoxb-installed-T9"

    # A state used once cannot be used again.
    response = await slack.client.get(
        "/slack/oauth_redirect", params=callback, headers={"Cookie": cookie}
    )
    assert response.status == 401
