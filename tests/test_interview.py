"""The interview, script style: send a line, check the reply and the saved answers."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dialogs.messages import Command, Outcome, Profile
from tests.dialog_script import AT, NOW, SINGLE, Script, to_review

PANEL = [
    "David Park, Head of Data; nadia hussain, Senior Data Scientist",
    "Cedar Health",
    "on-site",
    "Data Scientist",
    "today",
    "python, causal inference, a/b testing at scale",
    "communicating results to clinicians",
    "his question about experiment design",
    "skip",
    "the remote-patient-monitoring program",
    "skip",
    "skip",
    "+1 212 555 0187 sofia.marino@example.com",
    "Sofia Marino",
    "warm",
]


def test_opening_says_what_happens_and_which_words_work() -> None:
    script = Script().start()
    assert script.templates == ["messages/intro", "messages/ask"]
    script.says("thank-you note", "help", "back", "skip", "cancel", "restart")
    script.asks("interviewers").says("Name, Title")


def test_the_steps_come_in_the_documented_order() -> None:
    script = Script().start()
    seen = [script.step]
    for line in SINGLE:
        script.send(line)
        seen.append(script.step)
    assert seen == [
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
        "review",
    ]
    assert script.shown_notes and script.shown_notes[0].answers.company == "Brightline Software"
    assert script.choices == ["edit", "tone", "version", "restart", "done"]


@pytest.mark.parametrize(
    ("step", "principle"),
    [("qualifications", 1), ("highlights", 2), ("interest", 3), ("advantage", 4), ("contact", 5)],
)
def test_each_principle_question_names_it_and_gives_an_example(step: str, principle: int) -> None:
    script = Script().start()
    for line in SINGLE:
        if script.step == step:
            break
        script.send(line)
    script.asks(step).says(f"Principle {principle} of 5", "Example:")


def test_answers_are_saved_as_an_answers_document() -> None:
    script = to_review(Script())
    answers = script.answers
    # No "detail": a single interviewer is never asked one (a key absent is a question
    # never asked, which an edit at the review may bring in).
    assert answers["interviewers"] == [
        {"name": "Emily Carter", "title": "Director of Customer Success"}
    ]
    assert answers["interview_date"] == "2026-11-24"
    assert answers["email"] == "jordan.rivera@example.com"
    assert answers["phone"] == "(555) 014-2290"
    assert answers["tone"] == "formal"
    json.dumps(script.state.to_json())  # the state is saved as plain JSON


def test_a_panel_is_asked_one_optional_detail_per_interviewer() -> None:
    script = Script().start()
    for line in PANEL[:7]:
        script.send(line)
    script.asks("details").says("David Park")
    script.send(PANEL[7]).asks("details").says("Nadia Hussain")
    script.send("skip").asks("interest")
    people = script.answers["interviewers"]
    assert [p["name"] for p in people] == ["David Park", "Nadia Hussain"]
    assert people[0]["detail"] == "his question about experiment design"
    assert people[1]["detail"] is None
    for line in PANEL[9:]:
        script.send(line)
    assert script.step == "review"
    assert len(script.shown_notes[0].answers.interviewers) == 2


# -- the words that work at every step --------------------------------------------------


def test_help_explains_with_an_example_and_does_not_advance() -> None:
    script = Script().start()
    for line in SINGLE[: AT["qualifications"]]:
        script.send(line)
    script.asks("qualifications")
    script.send("help")
    assert script.step == "qualifications"
    assert script.templates[0] == "messages/help"
    script.says("concrete example", "Stronger:")
    assert "qualifications" not in script.answers


def test_back_shows_the_saved_answer_which_can_be_kept_or_replaced() -> None:
    script = Script().start()
    script.send(SINGLE[0]).send(SINGLE[1]).asks("stage")
    script.send("back").asks("company").says("Your answer so far: Brightline Software")
    assert "keep" in script.choices
    script.send("keep").asks("stage")
    assert script.answers["company"] == "Brightline Software"
    script.send("back").send("Brightline Inc.").asks("stage")
    assert script.answers["company"] == "Brightline Inc."


def test_back_at_the_first_question_says_so() -> None:
    script = Script().start().send("back")
    assert script.templates[0] == "messages/first_question"
    script.asks("interviewers")


def test_back_through_a_panel_walks_the_details_in_reverse() -> None:
    script = Script().start()
    for line in PANEL[:9]:
        script.send(line)
    script.asks("interest")
    script.send("back").asks("details").says("Nadia Hussain")
    script.send("back").asks("details").says("David Park", "his question about experiment design")
    script.send("back").asks("highlights")


def test_skip_works_on_optional_steps_only() -> None:
    script = Script().start()
    script.send("skip")
    assert script.templates[0] == "messages/needed"
    script.asks("interviewers")
    for line in SINGLE[: AT["stage"]]:
        script.send(line)
    script.asks("stage").send("skip").asks("role")
    assert script.answers["stage"] is None
    script.send(SINGLE[AT["role"]]).asks("interview_date")
    script.send("skip").asks("qualifications")
    assert script.answers["interview_date"] is None
    for line in SINGLE[AT["qualifications"] : AT["advantage"]]:
        script.send(line)
    script.asks("advantage").send("skip").asks("strengthen")
    assert script.answers["advantage"] is None
    script.send("skip").asks("contact")
    assert script.answers["strengthen"] is None
    script.send("skip").says("can't be skipped").asks("contact")


def test_cancel_ends_and_keeps_the_answers() -> None:
    script = Script().start().send(SINGLE[0]).send(SINGLE[1])
    script.send("cancel")
    assert script.outcome is Outcome.CANCELLED
    assert script.state is not None and script.state.status.value == "cancelled"
    script.says("answers are saved")
    assert script.answers["company"] == "Brightline Software"


def test_after_cancel_the_next_start_offers_to_resume_where_the_user_left_off() -> None:
    script = Script().start().send(SINGLE[0]).send(SINGLE[1]).send("cancel")
    script.start()
    assert script.templates == ["messages/resume_offer"]
    script.says("Brightline Software", "resume", "start fresh")
    assert script.choices == ["resume", "start fresh"]
    script.press("resume").asks("stage")
    assert script.templates[0] == "messages/resumed"
    assert script.state is not None and script.state.status.value == "active"


def test_start_fresh_clears_the_answers() -> None:
    script = Script().start().send(SINGLE[0]).send(SINGLE[1]).send("cancel").start()
    script.send("start fresh").asks("interviewers")
    assert script.answers == {}


def test_an_interview_untouched_for_seven_days_is_offered_as_resume_or_start_fresh() -> None:
    script = Script().start().send(SINGLE[0]).send(SINGLE[1])
    script.now = NOW + dt.timedelta(days=9)
    script.send("video")
    assert script.templates == ["messages/resume_offer"]
    script.says("9 days ago")
    assert "stage" not in script.answers  # the message was not taken as an answer
    script.send("resume").asks("stage")


def test_an_unclear_answer_to_the_resume_offer_asks_again() -> None:
    script = Script().start().send(SINGLE[0]).send("cancel").start()
    script.send("maybe")
    assert script.templates == ["messages/choose_resume", "messages/resume_offer"]


def test_restart_asks_for_confirmation() -> None:
    script = Script().start().send(SINGLE[0]).send(SINGLE[1])
    script.send("restart")
    assert script.templates == ["messages/confirm_restart"]
    script.send("no").asks("stage")
    assert script.answers["company"] == "Brightline Software"
    script.send("restart").send("yes").asks("interviewers")
    assert script.answers == {}


def test_words_are_recognised_whatever_the_case_and_punctuation() -> None:
    script = Script().start().send(SINGLE[0])
    script.send("  BACK! ").asks("interviewers")
    script.send("Help?")
    assert script.templates[0] == "messages/help"


# -- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize("blank", ["", "   ", "\n\t", "\x00\x07"])
def test_empty_answers_are_refused(blank: str) -> None:
    Script().start().send(blank).invalid("didn't get an answer").asks("interviewers")


def test_an_answer_over_1500_characters_is_refused_with_its_length_not_truncated() -> None:
    script = Script().start()
    for line in SINGLE[: AT["qualifications"]]:
        script.send(line)
    script.send("x" * 1732).invalid("1,732 characters").says("1,500").asks("qualifications")
    assert "qualifications" not in script.answers
    script.send("x" * 1500)
    assert len(script.answers["qualifications"]) == 1500  # taken whole...
    assert script.templates == ["messages/confirm_wording"]  # ... and, no word, asked about
    script.send("ok").asks("highlights")


def test_earlier_answers_survive_a_refused_one() -> None:
    script = Script().start().send(SINGLE[0]).send(SINGLE[1]).send("")
    assert script.answers["company"] == "Brightline Software"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Dana Lee, Marketing Director", [("Dana Lee", "Marketing Director")]),
        ("dana lee", [("Dana Lee", None)]),
        ("Dana Lee; Sam Ortiz, CTO", [("Dana Lee", None), ("Sam Ortiz", "CTO")]),
        ("- Dana Lee, VP\n- Sam Ortiz", [("Dana Lee", "VP"), ("Sam Ortiz", None)]),
        ("Zoë Ångström, Head of R&D", [("Zoë Ångström", "Head of R&D")]),
    ],
)
def test_interviewers_are_read_as_name_and_title(
    typed: str, expected: list[tuple[str, str | None]]
) -> None:
    script = Script().start().send(typed).asks("company")
    people = script.answers["interviewers"]
    assert [(p["name"], p["title"]) for p in people] == expected


def test_more_than_six_interviewers_are_refused() -> None:
    seven = "; ".join(f"Person {n}" for n in "ABCDEFG")
    Script().start().send(seven).invalid("7 people").asks("interviewers")


def test_an_interviewer_without_a_name_is_refused() -> None:
    Script().start().send("Dana Lee; 12345, CTO").invalid("12345").asks("interviewers")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("today", "2026-11-25"),
        ("Yesterday", "2026-11-24"),
        ("monday", "2026-11-23"),
        ("on Wednesday", "2026-11-25"),
        ("thu", "2026-11-19"),
        ("2026-11-02", "2026-11-02"),
    ],
)
def test_the_interview_date_accepts_words_weekdays_and_iso_dates(typed: str, expected: str) -> None:
    script = Script().start()
    for line in SINGLE[: AT["interview_date"]]:
        script.send(line)
    script.send(typed).asks("qualifications")
    assert script.answers["interview_date"] == expected


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("next week", "couldn't read that date"),
        ("2026-12-25", "in the future"),
        ("2024-01-01", "over a year ago"),
    ],
)
def test_bad_dates_are_refused(typed: str, problem: str) -> None:
    script = Script().start()
    for line in SINGLE[: AT["interview_date"]]:
        script.send(line)
    script.send(typed).invalid(problem).asks("interview_date")


def _at_contact() -> Script:
    script = Script().start()
    for line in SINGLE[: AT["contact"]]:
        script.send(line)
    return script.asks("contact")


@pytest.mark.parametrize(
    ("typed", "email", "phone"),
    [
        ("maria@example.com (555) 201-7788", "maria@example.com", "(555) 201-7788"),
        ("555.201.7788 / maria@example.com", "maria@example.com", "(555) 201-7788"),
        ("e-mail: maria@example.com", "maria@example.com", None),
        ("phone +44 20 7946 0958", None, "+44 20 7946 0958"),
    ],
)
def test_contact_takes_email_and_phone_in_either_order(
    typed: str, email: str | None, phone: str | None
) -> None:
    script = _at_contact().send(typed).asks("candidate_name")
    assert (script.answers["email"], script.answers["phone"]) == (email, phone)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("maria@", "doesn't look like an e-mail"),
        ("maria@@example.com", "doesn't look like an e-mail"),
        ("call me", "at least an e-mail address or a phone number"),
        ("maria@example.com 12", "couldn't read"),
    ],
)
def test_bad_contact_details_are_refused(typed: str, problem: str) -> None:
    _at_contact().send(typed).invalid(problem).asks("contact")


def test_an_unknown_tone_is_refused() -> None:
    script = Script().start()
    for line in SINGLE[:-1]:
        script.send(line)
    script.send("sarcastic").invalid("formal").asks("tone")


def test_user_text_is_kept_as_data() -> None:
    script = Script().start().send(SINGLE[0]).send("{{ 7*7 }} <b>Corp</b> <!channel>")
    assert script.answers["company"] == "{{ 7*7 }} <b>Corp</b> <!channel>"
    script.send("back").says("{{ 7*7 }} <b>Corp</b> <!channel>")


def test_control_characters_are_removed_from_answers() -> None:
    script = Script().start().send(SINGLE[0]).send("Acme\x1b[31m Co\x00rp")
    assert script.answers["company"] == "Acme[31m Corp"


# -- profile defaults ---------------------------------------------------------------------


def test_the_name_and_email_are_offered_from_the_profile() -> None:
    script = Script().start(Profile(name="Jordan Rivera", email="jordan@example.com"))
    for line in SINGLE[: AT["contact"]]:
        script.send(line)
    script.asks("contact").says("jordan@example.com")
    assert "keep" in script.choices
    script.send("keep").asks("candidate_name").says("Jordan Rivera")
    script.send("keep").asks("tone")
    assert script.answers["email"] == "jordan@example.com"
    assert script.answers["candidate_name"] == "Jordan Rivera"


# -- review -------------------------------------------------------------------------------


def test_review_edit_one_answer_then_straight_back_to_review() -> None:
    script = to_review(Script())
    script.press("edit")
    assert "qualifications" in script.choices and "tone" not in script.choices
    script.press("qualifications").asks("qualifications").says("Your answer so far:")
    script.send("I know SQL and Tableau, and my dashboard cut reporting from 2 days to 2 hours.")
    assert script.step == "review"
    assert script.shown_notes[0].answers.qualifications.startswith("I know SQL and Tableau")
    assert script.templates == ["messages/in_your_note", "review"]


def test_an_edit_the_writer_is_unsure_of_is_asked_about_then_back_to_review() -> None:
    script = to_review(Script()).press("edit qualifications")
    script.send("SQL and Tableau; dashboard cut reporting 2 days -> 2 hrs")
    assert script.templates == ["messages/confirm_wording"] and script.step == "qualifications"
    script.send("ok")
    assert script.step == "review"
    assert "qualifications" in script.state.accepted  # type: ignore[union-attr]


def test_review_edit_by_number() -> None:
    to_review(Script()).send("edit").send("2").asks("company")


def test_review_edit_of_panel_details_walks_every_interviewer() -> None:
    script = Script().start()
    for line in PANEL:
        script.send(line)
    script.send("edit").send("details").asks("details").says("David Park")
    script.send("keep").asks("details").says("Nadia Hussain")
    script.send("her team's dashboards")
    assert script.step == "review"
    assert script.answers["interviewers"][1]["detail"] == "her team's dashboards"


def test_review_change_tone() -> None:
    script = to_review(Script()).press("tone").asks("tone")
    script.press("brief")
    assert script.step == "review"
    assert script.shown_notes[0].answers.tone == "brief"
    script.send("warm")  # typing a tone at review changes it directly
    assert script.shown_notes[0].answers.tone == "warm"


def test_review_another_version_counts_up() -> None:
    script = to_review(Script()).press("version")
    assert script.shown_notes[0].version == 1
    script.send("another version")
    assert script.shown_notes[0].version == 2


def test_review_start_over_asks_first() -> None:
    script = to_review(Script()).press("restart")
    assert script.templates == ["messages/confirm_restart"]
    script.press("yes").asks("interviewers")


def test_review_done_finishes_the_interview() -> None:
    script = to_review(Script()).press("done")
    assert script.outcome is Outcome.FINISHED
    assert script.state is not None and script.state.status.value == "done"
    script.says("Saved 1 note", "within 24 hours")


def test_review_unknown_word_lists_the_actions() -> None:
    script = to_review(Script()).send("hmm")
    assert script.templates[0] == "messages/review_unknown"
    assert script.step == "review"


def test_back_from_review_returns_to_tone() -> None:
    to_review(Script()).send("back").asks("tone")


# -- buttons from the past ----------------------------------------------------------------


def test_a_button_from_an_earlier_question_is_answered_politely() -> None:
    script = Script().start()
    for line in SINGLE[: AT["interview_date"]]:
        script.send(line)
    old_ref = script.last_ref
    script.press("today").asks("qualifications")
    script.press("skip", ref=old_ref)
    assert script.templates[0] == "messages/stale_button"
    script.asks("qualifications")
    assert script.answers["interview_date"] == "2026-11-25"


def test_a_button_from_an_older_interview_is_answered_politely() -> None:
    script = to_review(Script())
    old_ref = script.last_ref
    script.press("restart").press("yes")
    script.press("done", ref=old_ref)
    assert script.templates[0] == "messages/stale_interview"
    assert script.state is not None and script.state.status.value == "active"


def test_a_button_when_no_interview_is_open_changes_nothing() -> None:
    script = Script().send("done", ref="abc.3")
    assert script.templates == ["messages/stale_interview"]
    assert script.state is None


def test_cancel_without_an_interview() -> None:
    script = Script().command(Command.CANCEL)
    assert script.templates == ["messages/nothing_to_cancel"]


def test_resume_command_carries_on_directly() -> None:
    script = Script().start().send(SINGLE[0]).send("cancel")
    script.command(Command.RESUME).asks("company")


def test_review_edit_named_answer_goes_straight_to_it() -> None:
    script = to_review(Script()).press("edit interest").asks("interest")
    script.send("The onboarding academy and its mentoring programme.")
    assert script.step == "review"
    assert script.answers["interest"].startswith("The onboarding academy")
