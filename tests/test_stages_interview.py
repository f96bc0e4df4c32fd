"""The interview asks what kind of interview it was, adapts its questions, and offers one
optional better answer."""

from __future__ import annotations

import pytest

from dialogs import parse
from dialogs.answers import STAGES
from tests.dialog_script import AT, SINGLE, Script

PANEL_START = ["Dana Lee; Tom Becker", "Mercy Clinic"]  # then the kind, then the role


def at_stage(answers: list[str] = SINGLE[: AT["stage"]]) -> Script:
    script = Script().start()
    for line in answers:
        script.send(line)
    return script.asks("stage")


def test_the_kind_of_interview_is_asked_before_the_role_with_buttons() -> None:
    script = at_stage()
    assert script.choices[:6] == list(STAGES) and "skip" in script.choices
    script.says("phone screen", "final round", "informational")
    script.press("final_round").asks("role")
    assert script.answers["stage"] == "final_round"


@pytest.mark.parametrize(
    ("typed", "stage"),
    [
        ("Phone screen", "phone_screen"),
        ("it was a recruiter call", "phone_screen"),
        ("video / hiring manager", "video"),
        ("zoom", "video"),
        ("on site", "onsite"),
        ("panel interview", "onsite"),
        ("Final round!", "final_round"),
        ("coffee chat", "informational"),
        ("informational interview", "informational"),
        ("other", "other"),
    ],
)
def test_typed_words_for_the_kind_are_recognised(typed: str, stage: str) -> None:
    following = "interview_date" if stage == "informational" else "role"
    at_stage().send(typed).asks(following)
    assert parse.stage(typed) == stage


def test_an_unknown_kind_gets_a_clear_message_and_the_question_again() -> None:
    script = at_stage().send("a walk in the park")
    script.invalid("didn't recognise that kind of interview").asks("stage")
    assert "stage" not in script.answers


def test_after_a_phone_screen_the_questions_adapt() -> None:
    script = at_stage(PANEL_START).send("phone screen").send("charge nurse").send("today")
    script.asks("qualifications").send("4 yrs in the ICU").asks("highlights")
    # A panel would be asked one detail per person; after a phone screen, the next step.
    script.send("triage and the night shift").asks("next_step").says("next step")
    script.send("a call with the nurse manager").asks("interest")
    script.send("the new cardiac unit").asks("strengthen")  # no advantage question
    assert script.answers["next_step"] == "a call with the nurse manager"


def test_after_an_informational_interview_there_is_no_pitch() -> None:
    script = at_stage().send("informational").send("today")
    script.asks("highlights").says("advice")  # no qualifications question
    script.send("her advice to get a data certification").asks("interest").says("advice")
    script.send("i signed up for the certificate").asks("strengthen")  # no advantage
    assert "qualifications" not in script.answers


def test_a_final_round_asks_about_the_business_problem_and_how_you_would_help() -> None:
    script = at_stage().send("final").send(SINGLE[AT["role"]]).send("today")
    script.asks("qualifications").says("how would you help")
    script.send("I would start with the churn data").asks("highlights").says("business problem")


@pytest.mark.parametrize(
    ("typed", "question", "addition"),
    [
        (
            "the scaling question: I load-tested to 10k rps",
            "the scaling question",
            "I load-tested to 10k rps",
        ),
        (
            "how I'd handle conflict\nI mediated a 3-team dispute",
            "how I'd handle conflict",
            "I mediated a 3-team dispute",
        ),
        (
            "why I left Acme - I wanted to work on data",
            "why I left Acme",
            "I wanted to work on data",
        ),
        (
            "the budget one, I would add that I cut costs 12%",
            "the budget one",
            "I would add that I cut costs 12%",
        ),
    ],
)
def test_a_better_answer_is_read_as_the_question_and_what_to_add(
    typed: str, question: str, addition: str
) -> None:
    assert parse.strengthen(typed) == (question, addition)


def test_a_better_answer_without_both_parts_is_asked_for_again() -> None:
    script = Script().start()
    for line in SINGLE[: AT["strengthen"]]:
        script.send(line)
    script.asks("strengthen").send("the scaling question")
    script.invalid("both the question and what you would add").asks("strengthen")
    script.send("the scaling question: I load-tested our API to 10k requests a second")
    script.asks("contact")  # one interviewer: no need to ask who asked
    assert script.answers["strengthen"] == {  # (and so no "interviewer": never asked)
        "question": "the scaling question",
        "addition": "I load-tested our API to 10k requests a second",
    }


def test_a_panel_is_asked_who_asked_the_question() -> None:
    script = at_stage(PANEL_START).send("onsite").send("charge nurse").send("today")
    for line in ("4 yrs in the ICU", "triage", "skip", "skip", "the new unit", "skip"):
        script.send(line)
    script.asks("strengthen").send("the triage question: I built our triage board")
    script.asks("strengthen_who").says("Who asked")
    assert script.choices == ["Dana Lee", "Tom Becker", "not sure"]
    script.send("tom").asks("contact")
    assert script.answers["strengthen"]["interviewer"] == "Tom Becker"
    script.send("back").asks("strengthen_who").send("someone else")
    script.invalid("Dana Lee, Tom Becker").asks("strengthen_who")
    script.press("not sure").asks("contact")
    assert script.answers["strengthen"]["interviewer"] is None
