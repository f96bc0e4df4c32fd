"""The question counter (issue 10, defect 4): "(1/11) Who interviewed you?" was followed
by "(2/12) Which company…" after a two-person answer. Once a total is shown it stays the
same to the review, over every path: each kind of interview (and none), panels of one to
four, details, advantage, better answer and "who asked" given or skipped, `help` and
`back` on the way, and the writer asking to confirm a wording."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import pytest

from dialogs.answers import STAGES
from tests.dialog_script import AT, SINGLE, Script

COUNTER = re.compile(r"^\((\d+)(?:/(\d+))?\) ")
NAMES = ["Emily Carter", "Sam Ortiz", "Priya Shah", "Tom Berg"]


@dataclass(frozen=True)
class Path:
    stage: str | None  # None: the kind of interview skipped
    panel: int
    skip_optional: bool  # date, details, next step, advantage skipped
    better_answer: bool  # a question to answer better, and (for a panel) who asked it
    detours: bool  # `help` at every question, `back` and forward again at some

    def answer(self, step: str) -> str:
        optional = {"interview_date", "details", "next_step", "advantage"}
        if self.skip_optional and step in optional:
            return "skip"
        answers = {
            "interviewers": "; ".join(NAMES[: self.panel]),
            "stage": self.stage or "skip",
            "details": "the question about how I'd measure onboarding success",
            "next_step": "a video call with the hiring manager next week",
            "strengthen": (
                "the scaling question: I load-tested our API to 10,000 requests a second"
                if self.better_answer
                else "skip"
            ),
            "strengthen_who": NAMES[1] if self.panel > 1 else "not sure",
        }
        return answers.get(step) or SINGLE[AT[step]]


PATHS = [
    Path(stage, panel, skip, better, detours)
    for stage, panel, skip, better, detours in itertools.product(
        [*STAGES, None], [1, 2, 3, 4], [False, True], [False, True], [False]
    )
] + [Path(stage, 3, False, True, True) for stage in [*STAGES, None]]


def counters(script: Script) -> list[tuple[int, int | None]]:
    shown = []
    for reply in script.replies:
        match = COUNTER.match(reply.text)
        if reply.template == "messages/ask" and match:
            total = match.group(2)
            shown.append((int(match.group(1)), int(total) if total else None))
    return shown


def run(path: Path) -> list[tuple[str, tuple[int, int | None] | None]]:
    """The interview to the review; each question asked, with its counter."""
    script = Script().start()
    asked: list[tuple[str, tuple[int, int | None] | None]] = []
    backed = set()
    for _ in range(200):
        if script.step == "review":
            return asked
        if script.replies[-1].template == "messages/confirm_wording":
            script.send("ok")
            continue
        step = script.step
        shown = counters(script)
        asked.append((step, shown[-1] if shown else None))
        if path.detours:
            script.send("help")
            assert counters(script) == []  # the question again, briefly
            if step in ("company", "interview_date", "details", "contact") and step not in backed:
                backed.add(step)
                script.send("back")
                asked.append((script.step, (counters(script) or [None])[-1]))
                script.send(path.answer(script.step))  # the same answer again
                continue
        script.send(path.answer(step))
        assert "messages/invalid" not in script.templates, script.text
    raise AssertionError("the interview never reached the review")


@pytest.mark.parametrize("path", PATHS, ids=repr)
def test_the_total_never_changes_once_shown(path: Path) -> None:
    asked = run(path)
    assert all(counter is not None for _, counter in asked), asked
    numbers = [counter[0] for _, counter in asked if counter]
    totals = [counter[1] for _, counter in asked if counter]
    # No total until the kind of interview (asked before the role) is known; from then
    # on always the same one.
    known = [step for step, counter in asked if counter and counter[1] is not None]
    first = next(i for i, (_, counter) in enumerate(asked) if counter and counter[1])
    assert {step for step, _ in asked[:first]} == {"interviewers", "company", "stage"}
    assert len(set(totals[first:])) == 1 and None not in totals[first:], asked
    assert known[-1] == "tone"
    total = totals[-1]
    assert total is not None
    # Counted one by one to the total: a panel's details and "who asked" keep the
    # number of the question they belong to.
    assert numbers[0] == 1 and numbers[-1] == total
    if not path.detours:
        steps = [b - a for a, b in itertools.pairwise(numbers)]
        assert set(steps) <= {0, 1}, asked
        assert sorted(set(numbers)) == list(range(1, total + 1))
        # The path went where it was meant to: one detail per panelist, "who asked".
        follow_ups = [step for step, _ in asked if step in ("details", "strengthen_who")]
        details = path.panel if path.panel > 1 and path.stage != "phone_screen" else 0
        asked_who = path.panel > 1 and path.better_answer
        assert follow_ups == ["details"] * details + ["strengthen_who"] * asked_who


def test_editing_an_answer_from_the_review_shows_no_counter() -> None:
    script = Script().start()
    for line in SINGLE:
        script.send(line)
    assert script.step == "review"
    script.send("edit")
    script.send("stage")
    assert script.step == "stage" and counters(script) == []
    assert script.replies[-1].text.startswith("What kind of interview")
    script.send("informational")  # fewer questions now: nothing said of a total
    script.send("edit")
    script.send("highlights")
    assert script.step == "highlights" and counters(script) == []
