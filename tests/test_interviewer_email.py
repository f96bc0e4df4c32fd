"""The interviewer's optional e-mail: typed in the interviewers answer, checked without a
network lookup, kept as `interviewers[].email`, the drafts' recipient, and never in the
note's text; a bad one is asked again with nothing saved lost."""

from __future__ import annotations

import pytest

from bot.writer import compose_notes
from dialogs import parse
from dialogs.answers import AnswersError, answers_from_document
from tests.dialog_script import SINGLE, Script, to_review


@pytest.mark.parametrize(
    ("typed", "people"),
    [
        (
            "Dana Lee, Marketing Director, dana@acme.com",
            [("Dana Lee", "Marketing Director", "dana@acme.com")],
        ),
        ("Dana Lee <dana@acme.com>", [("Dana Lee", None, "dana@acme.com")]),
        ("dana lee (dana@acme.com), VP Sales", [("Dana Lee", "VP Sales", "dana@acme.com")]),
        ("Dana Lee, dana@acme.com, Director", [("Dana Lee", "Director", "dana@acme.com")]),
        ("Dana Lee, mailto:Dana.Lee@ACME.com.", [("Dana Lee", None, "Dana.Lee@acme.com")]),
        (
            "Dana Lee, Director; Tom Becker tom.becker+hiring@acme.co.uk",
            [("Dana Lee", "Director", None), ("Tom Becker", None, "tom.becker+hiring@acme.co.uk")],
        ),
        ("Zoë Ñúñez, zoë@exämple.com", [("Zoë Ñúñez", None, "zoë@exämple.com")]),
        # A Slack mention reads "@dana": no address, it stays as typed.
        ("@dana, Director", [("@dana", "Director", None)]),
        ("Sam Ortiz", [("Sam Ortiz", None, None)]),
        # Markup around an @ is no address: it stays text (escaped wherever shown).
        ("Dana Lee, <script>@acme.com", [("Dana Lee", "<script>@acme.com", None)]),
    ],
)
def test_an_address_is_taken_out_of_the_entry(
    typed: str, people: list[tuple[str, str | None, str | None]]
) -> None:
    parsed = parse.interviewers(typed)
    assert [(p.name, p.title, p.email) for p in parsed] == people


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("Dana Lee, dana@acme", "interviewer_email"),
        ("Dana Lee, dana@@acme.com", "interviewer_email"),
        ("Dana Lee, dana@acme..com", "interviewer_email"),
        ("Dana Lee, a@b.com c@d.com", "interviewer_emails"),
        ("dana@acme.com", "interviewer_name"),
        ("Dana Lee, " + "x" * 300 + "@acme.com", "interviewer_email"),
    ],
)
def test_a_bad_address_is_refused_with_its_reason(typed: str, problem: str) -> None:
    with pytest.raises(parse.Invalid) as refused:
        parse.interviewers(typed)
    assert refused.value.problem == problem


def test_a_bad_address_is_asked_again_and_nothing_saved_is_lost() -> None:
    script = Script().start()
    script.send(SINGLE[0]).send(SINGLE[1])  # the interviewers, then the company
    script.send("back").send("back")
    script.send("Emily Carter, Director, emily@brightline")
    script.invalid('"emily@brightline" doesn\'t look like an e-mail address')
    assert script.step == "interviewers"
    assert script.answers["company"] == "Brightline Software"
    assert script.answers["interviewers"][0]["name"] == "Emily Carter"
    assert "email" not in script.answers["interviewers"][0]


def test_the_address_is_kept_shown_again_and_never_written_into_the_note() -> None:
    answers = [*SINGLE]
    answers[0] = "Emily Carter, Director of Customer Success, emily.carter@brightline.io"
    script = to_review(Script(), answers)
    (person,) = script.answers["interviewers"]
    assert person["email"] == "emily.carter@brightline.io"
    assert person["title"] == "Director of Customer Success"
    document = answers_from_document(script.shown_notes[0].answers.to_document())
    script.send("edit interviewers")  # the question shows the saved answer, address too
    assert "emily.carter@brightline.io" in script.text
    assert document.interviewers[0].email == "emily.carter@brightline.io"
    for tone in ("formal", "warm", "brief"):
        (note,) = compose_notes(document, tone)
        assert "emily.carter@brightline.io" not in note.body + note.subject
        assert "brightline.io" not in note.body


def test_the_answers_document_validates_the_address_without_looking_it_up() -> None:
    base = {
        "candidate_name": "Maria Gonzalez",
        "company": "Acme",
        "role": "Analyst",
        "qualifications": "q",
        "highlights": "h",
        "interest": "i",
        "email": "maria@example.com",
    }
    ok = answers_from_document(
        {**base, "interviewers": [{"name": "Dana Lee", "email": "Dana@ACME.COM"}]}
    )
    assert ok.interviewers[0].email == "Dana@acme.com"  # the domain normalised
    for bad, problem in ((42, "must be text"), ("dana@", "is not an e-mail address")):
        with pytest.raises(AnswersError) as refused:
            answers_from_document({**base, "interviewers": [{"name": "Dana", "email": bad}]})
        assert refused.value.field == "interviewers[0].email"
        assert problem in refused.value.problem
