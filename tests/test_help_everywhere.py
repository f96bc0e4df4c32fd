"""`help` (and `?`) at every step of the interview, in every channel: the terminal here,
Slack in tests/slack/test_help.py, Teams in tests/teams/test_help.py.

The review step once had no help text, so `help` there crashed the turn in every channel.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import pytest

from dialogs.steps import QUESTION_STEPS
from tests.dialog_script import Script
from tests.test_cli import thankyou
from tests.test_interview import PANEL

# Two panels that between them pass every step: an on-site panel with a better answer
# (details, strengthen and who asked) and a phone screen (the next step instead of details).
ROUTES = (
    [*PANEL[:11], "the design question: I ran 40 experiments a quarter", "David Park", *PANEL[12:]],
    [
        *PANEL[:2],
        "phone screen",
        *PANEL[3:7],
        "a call with the hiring manager",
        PANEL[9],
        "skip",
        *PANEL[12:],
    ],
)


def plain(text: str) -> str:
    """Words only: each channel escapes punctuation its own way."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


@functools.cache
def help_fragments() -> dict[str, str]:
    """Each step the ROUTES pass through (review included) -> the start of its help text,
    as the pure interview renders it. Between them the routes pass every step."""
    fragments: dict[str, str] = {}
    for route in ROUTES:
        script = Script().start()
        for line in [*route, None]:
            step = script.step
            script.send("help")
            assert script.step == step, "help must not move the interview on"
            fragments[step] = " ".join(plain(script.replies[0].text).split()[:8])
            if line is not None:
                script.send(line)
        assert script.step == "review", script.text
    assert set(fragments) == {*(step.value for step in QUESTION_STEPS), "review"}
    return fragments


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A user with no settings: the embedded default database in their data dir."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "Microsoft"))}
    environ.pop("DATABASE_URL", None)
    environ["XDG_DATA_HOME"] = str(tmp_path / "data")
    environ["HOME"] = str(tmp_path)
    return environ


def test_the_pure_interview_has_help_at_every_step_including_review() -> None:
    fragments = help_fragments()
    assert set(fragments) >= {"interviewers", "company", "tone", "review"}
    assert "review" in fragments["review"] or "edit" in fragments["review"]


def test_the_terminal_answers_help_and_question_mark_at_every_step(
    env: dict[str, str],
) -> None:
    fragments = help_fragments()
    out = ""
    for route in ROUTES:
        lines: list[str] = []
        for number, answer in enumerate([*route, "done"]):
            lines += ["help" if number % 2 else "?", answer]
        result = thankyou("chat", stdin="\n".join(lines) + "\n", env=env)
        assert result.returncode == 0, result.stderr
        assert "Saved 2 notes" in result.stdout
        out += plain(result.stdout)
    for step, fragment in fragments.items():
        assert fragment in out, f"no help at {step}"
