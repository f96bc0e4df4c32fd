"""A failing Slack turn logs no user data (issue 9, item 7)."""

from __future__ import annotations

import logging

import pytest

from bot.app import ENGINE
from tests.dialog_script import SINGLE
from tests.privacy import assert_no_canaries, break_saved_notes
from tests.slack.conftest import SlackHarness


async def test_a_failing_slack_turn_logs_no_user_data(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    await slack.message("hi")
    for line in SINGLE:
        await slack.message(line)
    await break_saved_notes(slack.client.app[ENGINE])
    caplog.clear()
    caplog.set_level(logging.INFO)
    await slack.press("Done")
    assert_no_canaries(caplog)
