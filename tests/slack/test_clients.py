"""The Slack Web API client is built once per team, not per request (issue 11): bolt
built one for every request, each reading the proxy settings from the environment."""

from __future__ import annotations

from typing import Any

import pytest
import slack_sdk.web.async_base_client as base_client

from adapters.slack.clients import ObservedWebClient
from adapters.slack.server import SLACK_APP
from bot import metrics
from tests.dialog_script import SINGLE
from tests.slack.conftest import SlackHarness


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_requests_share_one_client_and_read_no_proxy_settings(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = 0
    real = base_client.load_http_proxy_from_env

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal reads
        reads += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(base_client, "load_http_proxy_from_env", counted)
    bolt = slack.client.app[SLACK_APP]
    await slack.command()
    for line in SINGLE[:3]:
        await slack.message(line)
    assert reads == 0
    clients = bolt._team_clients
    assert list(clients) == ["T1"] and isinstance(clients["T1"], ObservedWebClient)
    assert clients["T1"].session is bolt.client.session is not None


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_failed_calls_and_retries_are_counted(slack: SlackHarness) -> None:
    retries = metrics.API_RETRIES.labels("slack")._value.get()
    slack.fake.fail_once("chat.postMessage", 429)  # retried after Retry-After: 0
    await slack.command()
    assert metrics.API_RETRIES.labels("slack")._value.get() == retries + 1
