"""One button per answer (issue 10, defect 7): "Change tone" offered `Keep "warm"` next
to `Warm`. Every question whose buttons stand for answers (the tone, the kind of
interview, who asked the question, the date as "today" or "yesterday"), asked again
with an answer saved, offers each answer once and marks the saved one, as the Keep
button the question's text offers (issue 22: `Keep "Formal"`); a saved answer no
button stands for is still offered as "Keep"."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from bot.templating import render
from dialogs import interview
from dialogs.answers import STAGES, TONES
from dialogs.messages import Choice, Command, Incoming, Say
from tests.dialog_script import AT, NOW, SINGLE
from tests.test_cli import thankyou

PANEL = "Emily Carter, Director; Sam Ortiz"
BETTER = "the scaling question: I load-tested our API to 10,000 requests a second"


class Chat:
    """The pure interview, keeping the last question's choices as they are labelled."""

    def __init__(self, now: dt.datetime = NOW) -> None:
        self.now = now
        self.state: dict[str, Any] | None = None
        self.choices: tuple[Choice, ...] = ()
        self.send("", Command.START)

    def send(self, text: str, command: Command = Command.MESSAGE) -> Chat:
        turn = interview.handle(self.state, Incoming(text=text, command=command), self.now)
        self.state = turn.state
        asked = [o for o in turn.outputs if isinstance(o, Say) and o.choices]
        self.choices = asked[-1].choices if asked else ()
        return self

    @property
    def step(self) -> str:
        assert self.state is not None
        return self.state.step.value

    @property
    def labels(self) -> list[str]:
        return [
            render("messages/choice.txt.j2", value=c.value, detail=c.detail, current=c.current)
            for c in self.choices
        ]


def panel_lines(strengthen_who: str) -> list[str]:
    """A panel of two up to the contact question; details skipped, a better answer asked
    by `strengthen_who`."""
    before = [PANEL, *SINGLE[1 : AT["interest"]], "skip", "skip"]
    return [*before, *SINGLE[AT["interest"] : AT["strengthen"]], BETTER, strengthen_who]


def assert_one_button_per_answer(chat: Chat, current: str, answers: list[str]) -> None:
    values = [c.value for c in chat.choices]
    assert "keep" not in values, chat.labels
    assert [v for v in values if v in answers] == answers  # each once, in their order
    assert [c.value for c in chat.choices if c.current] == [current]
    assert sum(label.startswith("Keep ") for label in chat.labels) == 1  # the marked one


@pytest.mark.parametrize("tone", TONES)
def test_change_tone_offers_each_tone_once_with_the_current_one_marked(tone: str) -> None:
    chat = Chat()
    for line in [*SINGLE[: AT["tone"]], tone]:
        chat.send(line)
    assert chat.step == "review"
    chat.send("tone")
    assert chat.step == "tone"
    assert_one_button_per_answer(chat, tone, list(TONES))
    assert f'Keep "{tone.title()}"' in chat.labels
    chat.send("keep")  # typing `keep` still keeps it
    assert chat.step == "review" and chat.state is not None
    assert chat.state.answers["tone"] == tone


@pytest.mark.parametrize("stage", STAGES)
def test_the_kind_of_interview_is_offered_once_with_the_current_one_marked(stage: str) -> None:
    chat = Chat()
    for line in [*SINGLE[: AT["stage"]], stage]:
        chat.send(line)
    chat.send("back")
    assert chat.step == "stage"
    assert_one_button_per_answer(chat, stage, list(STAGES))


@pytest.mark.parametrize("who", ["Emily Carter", "Sam Ortiz"])
def test_who_asked_is_offered_once_with_the_current_one_marked(who: str) -> None:
    chat = Chat()
    for line in panel_lines(who):
        chat.send(line)
    assert chat.step == "contact"
    chat.send("back")
    assert chat.step == "strengthen_who"
    assert_one_button_per_answer(chat, who, ["Emily Carter", "Sam Ortiz", "not sure"])


@pytest.mark.parametrize("day", ["today", "yesterday"])
def test_a_date_a_button_stands_for_is_marked_on_that_button(day: str) -> None:
    chat = Chat()
    for line in [*SINGLE[: AT["interview_date"]], day]:
        chat.send(line)
    chat.send("back")
    assert chat.step == "interview_date"
    assert_one_button_per_answer(chat, day, ["today", "yesterday"])


def test_a_saved_answer_no_button_stands_for_is_still_offered_as_keep() -> None:
    chat = Chat()
    for line in [*SINGLE[: AT["interview_date"]], "2026-11-20"]:
        chat.send(line)
    chat.send("back")
    assert [c.value for c in chat.choices] == ["keep", "today", "yesterday", "skip"]
    assert chat.labels[0] == 'Keep "2026-11-20"'
    assert not any(c.current for c in chat.choices)


def test_the_terminal_offers_each_tone_once_with_the_current_one_marked(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "Microsoft"))}
    env.pop("DATABASE_URL", None)
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), HOME=str(tmp_path))
    result = thankyou("chat", stdin="\n".join([*SINGLE, "tone"]) + "\n", env=env)
    assert result.returncode == 0, result.stderr
    asked = result.stdout[result.stdout.rindex("Which tone suits") :]
    assert '[1] Keep "Formal"   [2] Warm   [3] Brief' in asked
    assert asked.count('Keep "') == 1  # the marked tone is the Keep button
