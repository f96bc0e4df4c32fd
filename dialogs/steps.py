"""The interview's steps, in the order of the five principles, and how to move between
them."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class Step(enum.StrEnum):
    INTERVIEWERS = "interviewers"
    COMPANY = "company"
    # The kind of interview comes before the role: an informational interview has none.
    STAGE = "stage"  # phone screen, video, on-site, final round, informational, other
    ROLE = "role"  # not after an informational interview
    INTERVIEW_DATE = "interview_date"
    QUALIFICATIONS = "qualifications"  # not after an informational interview
    HIGHLIGHTS = "highlights"
    DETAILS = "details"  # panels only (not phone screens): one optional detail per person
    NEXT_STEP = "next_step"  # phone screens only: what the recruiter said comes next
    INTEREST = "interest"
    ADVANTAGE = "advantage"  # not after a phone screen or an informational interview
    STRENGTHEN = "strengthen"  # a question to answer better, and what to add
    STRENGTHEN_WHO = "strengthen_who"  # panels only: who asked that question
    CONTACT = "contact"
    CANDIDATE_NAME = "candidate_name"
    TONE = "tone"
    REVIEW = "review"


@dataclass(frozen=True)
class StepSpec:
    optional: bool = False
    principle: int | None = None  # which of the five principles the step asks about
    editable: bool = True  # offered under "edit an answer" at review


SPECS: dict[Step, StepSpec] = {
    Step.INTERVIEWERS: StepSpec(),
    Step.COMPANY: StepSpec(),
    Step.ROLE: StepSpec(),
    Step.STAGE: StepSpec(optional=True),
    Step.INTERVIEW_DATE: StepSpec(optional=True),
    Step.QUALIFICATIONS: StepSpec(principle=1),
    Step.HIGHLIGHTS: StepSpec(principle=2),
    Step.DETAILS: StepSpec(optional=True, principle=2),
    Step.NEXT_STEP: StepSpec(optional=True),
    Step.INTEREST: StepSpec(principle=3),
    Step.ADVANTAGE: StepSpec(optional=True, principle=4),
    Step.STRENGTHEN: StepSpec(optional=True, principle=4),
    Step.STRENGTHEN_WHO: StepSpec(optional=True, editable=False),
    Step.CONTACT: StepSpec(principle=5),
    Step.CANDIDATE_NAME: StepSpec(),
    Step.TONE: StepSpec(editable=False),
    Step.REVIEW: StepSpec(editable=False),
}

ORDER: tuple[Step, ...] = tuple(Step)
# The steps a user answers (review excluded), for "question N of M".
QUESTION_STEPS: tuple[Step, ...] = ORDER[:-1]


def is_panel(answers: dict[str, Any]) -> bool:
    return len(answers.get("interviewers") or []) > 1


def applies(step: Step, answers: dict[str, Any]) -> bool:
    """Whether a step is asked, given the answers so far (the panel and the stage)."""
    stage = answers.get("stage")
    if step is Step.DETAILS:
        return is_panel(answers) and stage != "phone_screen"
    if step is Step.NEXT_STEP:
        return stage == "phone_screen"
    if step in (Step.QUALIFICATIONS, Step.ROLE):
        return stage != "informational"
    if step is Step.ADVANTAGE:  # a phone screen note skips it, unless it was answered
        return stage not in ("phone_screen", "informational") or bool(answers.get("advantage"))
    if step is Step.STRENGTHEN_WHO:
        return is_panel(answers) and bool(answers.get("strengthen"))
    return True


def next_position(step: Step, detail_index: int, answers: dict[str, Any]) -> tuple[Step, int]:
    """The (step, detail index) after this one."""
    if step is Step.DETAILS and detail_index + 1 < len(answers["interviewers"]):
        return step, detail_index + 1
    position = ORDER.index(step) + 1
    while not applies(ORDER[position], answers):
        position += 1
    return ORDER[position], 0


def previous_position(
    step: Step, detail_index: int, answers: dict[str, Any]
) -> tuple[Step, int] | None:
    """The (step, detail index) before this one; None at the first question."""
    if step is Step.DETAILS and detail_index > 0:
        return step, detail_index - 1
    position = ORDER.index(step) - 1
    while position >= 0 and not applies(ORDER[position], answers):
        position -= 1
    if position < 0:
        return None
    previous = ORDER[position]
    if previous is Step.DETAILS:
        return previous, len(answers["interviewers"]) - 1
    return previous, 0


def question_number(step: Step, answers: dict[str, Any]) -> tuple[int, int | None]:
    """(N, M) for "question N of M": M is None until the kind of interview is answered
    (or skipped), as it decides which questions come. Only the stage counts: a panel's
    details are part of the key points question, "who asked" part of the better answer,
    and an advantage a phone screen keeps only because it was answered is part of the
    question before it. So a total, once shown, stays the same to the review (unless
    the user goes back to the kind of interview and changes it)."""
    asked = [s for s in QUESTION_STEPS if applies(s, {"stage": answers.get("stage")})]
    number = sum(1 for s in asked if ORDER.index(s) <= ORDER.index(step))
    return number, len(asked) if "stage" in answers else None


def _asked(step: Step, answers: dict[str, Any]) -> list[int]:
    """The positions of `step` that were never asked (answered or skipped): its detail
    index, or [0]; none when it was."""
    if step is Step.DETAILS:
        return [i for i, person in enumerate(answers["interviewers"]) if "detail" not in person]
    if step is Step.STRENGTHEN_WHO:
        return [] if "interviewer" in answers["strengthen"] else [0]
    if step is Step.CONTACT:
        return [] if "email" in answers or "phone" in answers else [0]
    return [] if step.value in answers else [0]


def unanswered(answers: dict[str, Any]) -> tuple[Step, int] | None:
    """The first question that applies to these answers and was never asked, or None.

    An answer edited from the review can bring questions in: a new panelist's detail,
    who asked the better answer (a new question, a panel, or its asker gone), the
    questions of another kind of interview (the qualifications after an informational
    one). They are asked before the review comes back, so it always has what it needs."""
    for step in QUESTION_STEPS:
        if applies(step, answers):
            missing = _asked(step, answers)
            if missing:
                return step, missing[0]
    return None


def editable_steps(answers: dict[str, Any]) -> list[Step]:
    return [s for s in QUESTION_STEPS if SPECS[s].editable and applies(s, answers)]
