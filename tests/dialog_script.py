"""A script-style driver for the pure interview: send a line, look at what came back.

Every `Say` is rendered through the real templates, so a broken template or a missing
context value fails the test that reaches it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.templating import Renderer
from bot.writer import preview_answer
from dialogs import interview
from dialogs.messages import Command, Incoming, Profile, Say, ShowNotes
from dialogs.states import InterviewState

SAY = Renderer("console").say
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)  # a Wednesday


@dataclass
class Said:
    template: str
    text: str
    choices: list[str]
    ref: str | None


class Script:
    def __init__(self, now: dt.datetime = NOW) -> None:
        self.now = now
        self.state: InterviewState | None = None
        self.replies: list[Said] = []
        self.shown_notes: list[ShowNotes] = []
        self.outcome = interview.Outcome.CONTINUES

    def _run(self, incoming: Incoming) -> Script:
        turn = interview.handle(self.state, incoming, self.now, check_wording=preview_answer)
        if turn.state is not None:
            self.state = turn.state
        self.outcome = turn.outcome
        self.replies, self.shown_notes = [], []
        for output in turn.outputs:
            if isinstance(output, ShowNotes):
                self.shown_notes.append(output)
                choices = [c.value for c in output.choices]
                self.replies.append(Said("review", "", choices, output.ref))
                continue
            assert isinstance(output, Say)
            text = SAY(output.template, **output.context)
            self.replies.append(
                Said(output.template, text, [c.value for c in output.choices], output.ref)
            )
        return self

    def start(self, profile: Profile | None = None) -> Script:
        return self._run(Incoming(command=Command.START, profile=profile or Profile()))

    def command(self, command: Command) -> Script:
        return self._run(Incoming(command=command))

    def send(self, text: str, ref: str | None = None) -> Script:
        return self._run(Incoming(text=text, ref=ref))

    def press(self, value: str, ref: str | None = None) -> Script:
        """Press a button of the last question (or of an older one, with `ref`)."""
        return self._run(Incoming(text=value, ref=ref or self.last_ref))

    # -- looking at the result -------------------------------------------------------

    @property
    def step(self) -> str:
        assert self.state is not None
        return self.state.step.value

    @property
    def answers(self) -> dict[str, Any]:
        assert self.state is not None
        return dict(self.state.answers)

    @property
    def templates(self) -> list[str]:
        return [r.template for r in self.replies]

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.replies)

    @property
    def choices(self) -> list[str]:
        return self.replies[-1].choices if self.replies else []

    @property
    def last_ref(self) -> str | None:
        return self.replies[-1].ref if self.replies else None

    def says(self, *fragments: str) -> Script:
        for fragment in fragments:
            assert fragment in self.text, f"{fragment!r} not in:\n{self.text}"
        return self

    def asks(self, step: str) -> Script:
        assert self.step == step, f"at {self.step}, expected {step}:\n{self.text}"
        assert self.replies and self.replies[-1].template == "messages/ask", self.templates
        return self

    def invalid(self, problem_fragment: str) -> Script:
        assert "messages/invalid" in self.templates, self.templates
        return self.says(problem_fragment)


SINGLE = [
    "Emily Carter, Director of Customer Success",
    "Brightline Software",
    "video",  # the kind of interview
    "Customer Success Manager",
    "yesterday",
    "I managed a book of 60 mid-market accounts and kept net retention above 110%.",
    "Cross-team work with product; I ran a monthly feedback council.",
    "The new onboarding academy.",
    "I built a churn-risk dashboard in Looker.",
    "skip",  # no answer to strengthen
    "jordan.rivera@example.com (555) 014-2290",
    "Jordan Rivera",
    "formal",
]


# Where each question's answer sits in SINGLE: SINGLE[: AT["contact"]] answers everything
# before the contact question, so a test need not count steps.
AT = {
    step: index
    for index, step in enumerate(
        [
            "interviewers",
            "company",
            "stage",
            "role",
            "interview_date",
            "qualifications",
            "highlights",
            "interest",
            "advantage",
            "strengthen",
            "contact",
            "candidate_name",
            "tone",
        ]
    )
}

# A panel of two, up to the highlights question.
PANEL_UNSURE = [
    "Dana Lee; Tom Becker",
    "Mercy Clinic",
    "onsite",
    "charge nurse",
    "today",
    "4 yrs in the ICU, BLS and ACLS certified",
]


def to_review(script: Script, answers: list[str] = SINGLE) -> Script:
    script.start()
    for line in answers:
        script.send(line)
    assert script.step == "review", script.text
    return script
