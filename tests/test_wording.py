"""Asking when unsure: after an answer the note writer could not write with confidence,
the interview shows how it will read and takes "ok" or the candidate's own wording."""

from __future__ import annotations

from bot.writer import compose_notes
from dialogs.questions import answers_of
from tests.dialog_script import AT, PANEL_UNSURE, SINGLE, Script

UNCLEAR = "because the new program helps rural patients"  # leans on a clause never said
SHE = "She stressed triage; I ran the night shift for 2 years"  # "she" in a panel's answer


def at_question(step: str, answers: list[str]) -> Script:
    script = Script().start()
    for line in answers:
        script.send(line)
    assert script.step == step, script.text
    return script


def test_a_well_typed_answer_goes_straight_to_the_next_question() -> None:
    script = at_question("qualifications", SINGLE[: AT["qualifications"]])
    script.send("i ran the support desk for 3 yrs, cut wait times in half").asks("highlights")


def test_an_unclear_answer_is_shown_as_it_will_read_and_ok_keeps_it() -> None:
    script = at_question("interest", SINGLE[: AT["interest"]])
    script.send(UNCLEAR)
    assert script.templates == ["messages/confirm_wording"], script.templates
    script.says('"Because the new program helps rural patients."', "type the sentence")
    assert script.choices == ["ok"] and script.step == "interest"
    script.press("ok").asks("advantage")
    assert "wording" not in script.answers or "interest" not in script.answers["wording"]


def test_typed_wording_is_used_in_the_note_as_written() -> None:
    script = at_question("interest", SINGLE[: AT["interest"]])
    script.send(UNCLEAR)
    script.send("i want this role because the new program helps rural patients")
    assert script.templates[0] == "messages/wording_kept"
    script.asks("advantage")
    assert script.answers["interest"] == UNCLEAR  # the answer itself is kept for editing
    for line in SINGLE[AT["advantage"] :]:
        script.send(line)
    notes = compose_notes(answers_of(script.state))  # type: ignore[arg-type]
    assert "I want this role because the new program helps rural patients." in notes[0].body
    assert notes[0].rewrites[2].answer == "interest" and notes[0].rewrites[2].sure


def test_back_asks_the_question_again_and_a_new_answer_drops_the_old_wording() -> None:
    script = at_question("interest", SINGLE[: AT["interest"]])
    script.send(UNCLEAR).send("back").asks("interest")
    # The one ask of the interview is spent: the same answer is now shown to check, and
    # Reword takes the candidate's sentence.
    script.send(UNCLEAR).asks("advantage")
    assert script.replies[0].text.startswith("In your note, to check")
    script.press("reword").send("I want to help rural patients.").asks("advantage")
    assert script.answers["wording"]["interest"] == "I want to help rural patients."
    script.send("back").asks("interest").send("The new onboarding academy.").asks("advantage")
    assert "interest" not in script.answers.get("wording", {})


def test_skip_and_cancel_still_work_while_the_sentence_is_shown() -> None:
    script = at_question("advantage", SINGLE[: AT["advantage"]])
    script.send(UNCLEAR)
    assert script.templates == ["messages/confirm_wording"]
    script.send("skip").asks("strengthen")
    assert script.answers["advantage"] is None
    script = at_question("interest", SINGLE[: AT["interest"]]).send(UNCLEAR).send("cancel")
    assert script.templates == ["messages/cancelled"]
    assert script.answers["interest"] == UNCLEAR  # nothing already answered is lost


def test_empty_or_huge_wording_gets_a_clear_message_and_the_sentence_again() -> None:
    script = at_question("interest", SINGLE[: AT["interest"]]).send(UNCLEAR)
    script.send("   ")
    assert script.templates == ["messages/invalid", "messages/confirm_wording"]
    script.send("x" * 2000).says("2,000 characters")
    assert script.step == "interest" and script.answers["interest"] == UNCLEAR


def test_a_pronoun_in_a_panels_shared_answer_is_asked_about() -> None:
    script = at_question("highlights", PANEL_UNSURE)
    script.send(SHE)
    assert script.templates == ["messages/confirm_wording"]
    script.says("note to Dana Lee", '"She stressed triage."')
    script.send("Tom stressed triage; I ran the night shift for 2 years").asks("details")
    for line in ("skip", "skip", "the new clinic", "skip", "skip", "ana@example.com", "Ana Torres"):
        script.send(line)
    script.send("warm")
    to_dana, to_tom = compose_notes(answers_of(script.state))  # type: ignore[arg-type]
    assert "Tom stressed triage" in to_dana.body and "she" not in to_dana.body.lower().split()
    assert "Tom stressed triage" in to_tom.body  # the candidate's wording, as written


def test_a_detail_is_asked_about_for_its_own_reader_and_edits_at_review_ask_again() -> None:
    script = at_question("highlights", PANEL_UNSURE)
    script.send("triage and the night shift").asks("details")
    script.send(UNCLEAR)
    assert script.templates == ["messages/confirm_wording"]
    script.press("ok").asks("details")
    for line in ("skip", "the new clinic", "skip", "skip", "ana@example.com", "Ana Torres"):
        script.send(line)
    for line in ("formal",):
        script.send(line)
    assert script.step == "review"
    script.send("edit qualifications").asks("qualifications")
    script.send(UNCLEAR)
    assert script.templates == ["messages/confirm_wording"]
    script.press("ok")
    assert script.step == "review"
