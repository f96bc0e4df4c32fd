"""The coach: one specific tip per thin principle, naming the answer to edit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.writer.coach import ANSWERS, PRINCIPLES, Check, check_notes
from bot.writer.compose import compose_notes
from dialogs.answers import answers_from_document
from tests.test_compose import doc

DAY = dt.date(2026, 11, 24)


def coach(today: dt.date = DAY, **fields: Any) -> dict[str, Check]:
    answers = answers_from_document(doc(interview_date=DAY.isoformat(), **fields))
    checks = check_notes(answers, compose_notes(answers), today=today)
    assert [c.principle for c in checks] == list(PRINCIPLES)
    return {c.principle: c for c in checks}


def test_a_strong_interview_needs_no_changes() -> None:
    checks = coach()
    assert all(c.ok for c in checks.values()), checks
    assert all(c.answer is None for c in checks.values())
    assert checks["timing"].tip == "Send it within 24 hours, ideally after a few hours."


def test_every_tip_is_one_or_two_short_lines_and_names_an_answer() -> None:
    checks = coach(
        qualifications="good with people",
        highlights="teamwork",
        interest="great company!!! Sorry I was late.",
        advantage=None,
        phone=None,
        interviewers=["the hiring manager"],
        today=DAY + dt.timedelta(days=3),
    )
    for check in checks.values():
        if check.principle in ("length", "typos"):
            continue
        assert not check.ok and check.tip, check
        assert check.tip[0].isupper() and "{{" not in check.tip and "  " not in check.tip
        assert len(check.tip) <= 2 * 160, check.tip
        assert check.answer in (*ANSWERS, None)
    named = {name: c.answer for name, c in checks.items() if not c.ok}
    assert named["greeting"] == "interviewers" and named["timing"] is None
    assert named["phrases"] == "interest" and named["qualifications"] == "qualifications"


def test_qualifications_tip_quotes_the_answer_and_shows_a_stronger_one() -> None:
    tip = coach(qualifications="good with customers")["qualifications"].tip or ""
    assert '("good with customers")' in tip and "e.g." in tip and "number" in tip


@pytest.mark.parametrize(
    ("interest", "ok"),
    [
        ("great company", False),
        ("Great company, good opportunity!", False),
        ("great company. sorry again for the delay.", False),
        ("the pricing overhaul you described", True),
    ],
)
def test_generic_interest_earns_a_tip_naming_the_company_and_role(interest: str, ok: bool) -> None:
    check = coach(interest=interest)["interest"]
    assert check.ok is ok
    if not ok:
        assert "Brightline Software" in (check.tip or "") and "Customer Success" in (
            check.tip or ""
        )


def test_missing_advantage_says_sending_promptly_is_an_advantage() -> None:
    check = coach(advantage="n/a")["advantage"]
    assert not check.ok and check.answer == "advantage"
    assert (check.tip or "").startswith("Sending a prompt note is itself an advantage")


@pytest.mark.parametrize(
    ("email", "phone", "missing"), [(None, "555", "e-mail"), ("a@b.co", None, "phone")]
)
def test_contact_needs_both(email: str | None, phone: str | None, missing: str) -> None:
    check = coach(email=email, phone=phone)["contact"]
    assert not check.ok and missing in (check.tip or "") and check.answer == "contact"


def test_timing_on_the_day_and_later_without_apology() -> None:
    assert coach(today=DAY)["timing"].ok
    later = coach(today=DAY + dt.timedelta(days=2))["timing"]
    assert not later.ok and (later.tip or "").startswith("Send it today")
    assert not any(w in (later.tip or "").lower() for w in ("sorry", "apolog", "late"))
    answers = answers_from_document(doc())
    undated = check_notes(answers, compose_notes(answers))[7]
    assert undated.principle == "timing" and undated.ok and "24 hours" in (undated.tip or "")


@pytest.mark.parametrize(
    ("field", "text", "phrase", "sentence"),
    [
        ("interest", "Honestly I really need this job.", "really need this job", "I really need"),
        ("qualifications", "Sorry, I was nervous. I led 3 launches.", "Sorry", "Sorry, I was"),
        ("qualifications", "sorry i was so nervous, i led 3 launches", "Sorry", "was so nervous"),
        (
            "advantage",
            "To whom it may concern, I speak Spanish.",
            "To whom it may concern",
            "To whom it may concern, I speak Spanish.",
        ),
        (
            "interest",
            "I am writing to express my sincere gratitude.",
            "I am writing to express",
            "I am writing to express my sincere grat",
        ),
    ],
)
def test_phrases_that_hurt_are_flagged_with_their_sentence_in_the_note(
    field: str, text: str, phrase: str, sentence: str
) -> None:
    """The tip quotes the phrase and its sentence as the note says them, and names the
    answer the sentence was written from."""
    check = coach(**{field: text})["phrases"]
    assert not check.ok and check.answer == field
    tip = check.tip or ""
    assert f'Cut "{phrase}' in tip
    assert sentence in tip


def test_typos_are_offered_never_fixed_and_names_are_spared() -> None:
    fields = {
        "interviewers": ["Priya Natarajan"],
        "company": "Snowflyte Analytiks",
        "qualifications": "I mangaed a team of 5 at Snowflyte Analytiks with priya.",
        "highlights": "stakehodlers and reprting, e-mail me at jordn@exmaple.com",
        "interest": "the iOS app and the SaaS roadmap; your recieve flow",
    }
    check = coach(**fields)["typos"]
    assert not check.ok and check.answer == "qualifications"
    tip = check.tip or ""
    assert tip.count("did you mean") == 3
    assert '"mangaed" – did you mean "managed"?' in tip and "stakeholders" in tip
    for spared in ("priya", "snowflyte", "analytiks", "jordn", "exmaple", "saas", "ios"):
        assert f'"{spared}"' not in tip.lower()
    answers = answers_from_document(doc(**fields))
    assert "I mangaed a team" in compose_notes(answers)[0].body


def test_clean_answers_have_no_typo_tip() -> None:
    checks = coach(
        qualifications="Built Tableau dashboards in dbt and Looker; mentored analysts.",
        highlights="cross-functional onboarding, e.g. runbooks",
    )
    assert checks["typos"].ok, checks["typos"].tip


def test_greeting_uses_the_name_as_given() -> None:
    assert coach(interviewers=["dr. ana silva", "José Núñez"])["greeting"].ok
    placeholder = coach(interviewers=["Hiring Manager"])["greeting"]
    assert not placeholder.ok and '"Hiring Manager"' in (placeholder.tip or "")
