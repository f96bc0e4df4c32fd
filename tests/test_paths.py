"""Every path a person takes (issue 22), through the pure interview (tests/dialog_script.py).

The detours people take from the happy path: correcting a name at the review, adding or
removing a panelist, editing the better answer, a title typed without a comma, another
kind of interview chosen at the review, help at the review, `back`, presses on copies
of a question. The channels' side of the same paths is in tests/slack/test_paths.py,
tests/teams/test_paths.py and tests/test_cli_paths.py.
"""

from __future__ import annotations

import pytest

from bot.presenter import Presenter
from bot.templating import Renderer
from dialogs.answers import answers_from_document
from dialogs.messages import ShowNotes
from tests.dialog_script import AT, NOW, SINGLE, Script

BETTER = "the scaling question: I load-tested our API to 10,000 requests a second"


def panel(people: str, *, details: list[str] | None = None, who: str | None = "Tom") -> list[str]:
    """The answers of an interview with `people` (a panel), each detail given, a better
    answer asked by `who` (None: no better answer)."""
    count = len(people.split(";"))
    lines = [people, *SINGLE[1 : AT["highlights"] + 1]]
    lines += details if details is not None else ["skip"] * count
    lines += SINGLE[AT["interest"] : AT["strengthen"]]
    lines += [BETTER, who] if who is not None else ["skip"]
    return [*lines, *SINGLE[AT["contact"] :]]


def at_review(lines: list[str]) -> Script:
    script = Script().start()
    for line in lines:
        script.send(line)
    assert script.step == "review", script.text
    return script


def composes(script: Script) -> None:
    """The review was shown, and its notes compose."""
    assert script.shown_notes, script.templates
    answers_from_document(script.answers)
    Presenter(Renderer("console")).outputs(script.shown_notes, NOW.date())


# -- item 1: correcting a panelist's name at the review never fails -----------------------


@pytest.mark.parametrize(
    ("corrected", "asker"),
    [
        ("Dana Lee; Tom Baker", "Tom Baker"),  # a letter changed
        ("Dana Lee; Thomas Becker", "Thomas Becker"),  # a longer first name
        ("dana lee; tom becker", "Tom Becker"),  # only the capitals
        ("Tom Becker; Dana Lee", "Tom Becker"),  # the order changed
        ("Dana Lee; T. Becker-Ruiz", "T. Becker-Ruiz"),  # beyond recognition: same place
        ("Dana Lee; Tom Becker; Sam Ortiz", "Tom Becker"),  # one more
    ],
)
def test_correcting_a_name_at_the_review_carries_who_asked(corrected: str, asker: str) -> None:
    script = at_review(panel("Dana Lee; Tom Becker"))
    assert script.answers["strengthen"]["interviewer"] == "Tom Becker"
    script.send("edit interviewers").asks("interviewers").send(corrected)
    if len(corrected.split(";")) == 3:  # the new panelist's detail is asked, then the review
        script.asks("details").says("Sam Ortiz").send("skip")
    composes(script)
    assert script.answers["strengthen"]["interviewer"] == asker


def test_when_the_asker_leaves_the_panel_who_asked_is_asked_again() -> None:
    script = at_review(panel("Dana Lee; Tom Becker; Sam Ortiz"))
    script.send("edit interviewers").send("Dana Lee; Sam Ortiz")
    script.asks("strengthen_who").says("Who asked that question?")
    assert "Tom Becker" not in script.choices
    script.send("Sam")
    composes(script)
    assert script.answers["strengthen"]["interviewer"] == "Sam Ortiz"
    # `back` from the questions an edit brought in leaves them out: the point goes into
    # every note, the new panelists' notes have no detail of their own.
    script.send("edit interviewers").send("Dana Lee; Tom Becker; Ana Silva")
    script.asks("details").says("Tom Becker").send("back")
    composes(script)
    assert script.answers["strengthen"]["interviewer"] is None
    assert [p.get("detail") for p in script.answers["interviewers"]] == [None, None, None]


def test_a_panel_reduced_to_one_keeps_the_better_answer_in_that_note() -> None:
    script = at_review(panel("Dana Lee; Tom Becker"))
    script.send("edit interviewers").send("Dana Lee")
    composes(script)
    notes = Presenter(Renderer("console")).notes(answers_from_document(script.answers), 0)
    assert "10,000 requests a second" in notes[0].body


def test_a_single_interviewer_growing_into_a_panel_is_asked_who_asked() -> None:
    lines = [*SINGLE[: AT["strengthen"]], BETTER, *SINGLE[AT["contact"] :]]
    script = at_review(lines)
    script.send("edit interviewers").send("Emily Carter; Sam Ortiz")
    script.asks("details").says("Emily Carter").send("skip")
    script.asks("details").says("Sam Ortiz").send("the onboarding metrics")
    script.asks("strengthen_who").send("Sam Ortiz")
    composes(script)
    assert script.answers["strengthen"]["interviewer"] == "Sam Ortiz"


# -- item 2: a corrected name keeps that person's panel detail ---------------------------


@pytest.mark.parametrize(
    ("corrected", "details"),
    [
        ("Dana Leigh; Tom Becker", {"Dana Leigh": "the brand audit", "Tom Becker": "the budget"}),
        ("Dana Lee; Tom Baker", {"Dana Lee": "the brand audit", "Tom Baker": "the budget"}),
        ("Tom Becker; Dana Lee", {"Tom Becker": "the budget", "Dana Lee": "the brand audit"}),
        ("Dana Lee; Tomas Bekker", {"Dana Lee": "the brand audit", "Tomas Bekker": "the budget"}),
        ("Dana Lee", {"Dana Lee": "the brand audit"}),
    ],
)
def test_a_corrected_name_keeps_its_panel_detail(corrected: str, details: dict[str, str]) -> None:
    lines = panel("Dana Lee; Tom Becker", details=["the brand audit", "the budget"], who=None)
    script = at_review(lines)
    script.send("edit interviewers").send(corrected)
    composes(script)
    kept = {p["name"]: p.get("detail") for p in script.answers["interviewers"]}
    assert kept == details


# -- item 3: editing the better answer at the review asks who asked ---------------------


def test_a_better_answer_added_at_the_review_asks_who_asked() -> None:
    script = at_review(panel("Dana Lee; Tom Becker", who=None))
    script.send("edit strengthen").asks("strengthen").send(BETTER)
    script.asks("strengthen_who").send("Dana")
    composes(script)
    assert script.answers["strengthen"]["interviewer"] == "Dana Lee"


def test_another_question_asks_who_asked_again_the_same_one_does_not() -> None:
    script = at_review(panel("Dana Lee; Tom Becker"))
    script.send("edit strengthen").send("the scaling question: and we cut p99 latency by half")
    composes(script)  # the same question, a new addition: Tom still asked it
    assert script.answers["strengthen"]["interviewer"] == "Tom Becker"
    script.send("edit strengthen").send("the hiring question: I hired 4 engineers in a quarter")
    script.asks("strengthen_who")
    assert script.choices[-1] == "not sure"
    script.send("not sure")
    composes(script)
    assert script.answers["strengthen"]["interviewer"] is None


# -- item 4: a title typed after a name without a comma -----------------------------------


@pytest.mark.parametrize(
    ("typed", "name", "title"),
    [
        ("jordan kim eng mgr", "Jordan Kim", "Eng Mgr"),
        ("dana lee marketing director", "Dana Lee", "Marketing Director"),
        ("sam ortiz recruiter", "Sam Ortiz", "Recruiter"),
        ("priya natarajan vp of data", "Priya Natarajan", "VP of Data"),
        ("alex morgan hr", "Alex Morgan", "HR"),
        ("maria lopez rn", "Maria Lopez", "RN"),
        ("tom becker sr software engineer", "Tom Becker", "Sr. Software Engineer"),
    ],
)
def test_a_title_after_a_name_is_split_off_and_said(typed: str, name: str, title: str) -> None:
    script = Script().start().send(typed)
    script.asks("company").says(f'I took "{title}" as {name}\'s title')
    assert script.answers["interviewers"] == [{"name": name, "title": title}]


@pytest.mark.parametrize(
    ("typed", "asked", "yes", "no"),
    [
        ("jordan eng mgr", 'Is "Eng Mgr" Jordan\'s title?', "Jordan", "Jordan Eng Mgr"),
        ("dana lead", 'Is "Lead" Dana\'s title?', "Dana", "Dana Lead"),
        ("kim young head of sales", 'Is "Head of Sales" Kim Young\'s title?', "Kim Young", None),
    ],
)
def test_where_unsure_it_asks_whether_it_is_a_title(
    typed: str, asked: str, yes: str, no: str | None
) -> None:
    script = Script().start().send(typed).says(asked)
    assert script.choices == ["yes", "no"]
    script.press("yes").asks("company")
    assert script.answers["interviewers"][0]["name"] == yes
    if no is not None:
        script = Script().start().send(typed).send("no").asks("company")
        assert script.answers["interviewers"][0] == {"name": no, "title": None}


def test_names_that_end_in_no_title_and_a_trailing_comma_are_left_alone() -> None:
    for typed in ("Sam Ortiz", "Jordan Kim Eng Mgr,", "Maria Director, Head of Sales"):
        script = Script().start().send(typed).asks("company")
        assert "I took" not in script.text
    assert script.answers["interviewers"] == [{"name": "Maria Director", "title": "Head of Sales"}]


def test_a_title_left_in_a_name_unticks_the_greeting_check() -> None:
    from bot.writer import check_notes, compose_notes

    document = {**_document(), "interviewers": [{"name": "Jordan Kim Eng Mgr"}]}
    answers = answers_from_document(document)
    greeting = check_notes(answers, compose_notes(answers))[6]
    assert greeting.principle == "greeting" and not greeting.ok
    assert '("Jordan Kim, Eng Mgr")' in (greeting.tip or "")


def _document() -> dict[str, object]:
    return {
        "candidate_name": "Maria Gonzalez",
        "interviewers": [{"name": "Dana Lee"}],
        "company": "Acme",
        "role": "Analyst",
        "qualifications": "I led the SQL migration and cut costs 20%.",
        "highlights": "They stressed teamwork; I ran the launch team.",
        "interest": "The new clinic you are opening in Denver.",
        "email": "maria@example.com",
    }


# -- a kind of interview changed at the review -------------------------------------------


def test_turning_an_informational_interview_into_a_job_interview_asks_what_it_needs() -> None:
    lines = [*SINGLE[: AT["stage"]], "informational", "yesterday"]
    lines += [SINGLE[AT["highlights"]], SINGLE[AT["interest"]], "skip", *SINGLE[AT["contact"] :]]
    script = at_review(lines)
    assert "qualifications" not in script.answers
    script.send("edit stage").send("video")
    script.asks("role").send("back")  # needed: back goes to what brought it in
    script.asks("stage").send("onsite").asks("role").send(SINGLE[AT["role"]])
    script.asks("qualifications").send(SINGLE[AT["qualifications"]])
    script.asks("advantage").send("skip")
    composes(script)


def test_a_phone_screen_chosen_at_the_review_asks_for_the_next_step() -> None:
    script = at_review(SINGLE)
    script.send("edit stage").send("phone screen")
    script.asks("next_step").send("a video call next week")
    composes(script)
    assert script.answers["next_step"] == "a video call next week"


# -- item 9: the informational interview speaks of advice, not a job -----------------------

JOB_WORDS = ("offer call", "this job", "the job", "qualification", "competitive advantage")


def test_every_text_of_an_informational_interview_fits_it() -> None:
    script = Script().start()
    for line in [*SINGLE[: AT["stage"]], "informational"]:
        script.send(line)
    seen = []
    for _ in range(12):
        if script.step == "review":
            break
        question = script.text
        help_text = script.send("help").text
        seen.append((script.step, question, help_text))
        for text in (question, help_text):
            assert not any(word in text.lower() for word in JOB_WORDS), (script.step, text)
        script.send(_answer_for(script.step))
    assert [step for step, _, _ in seen][:3] == ["interview_date", "highlights", "interest"]
    review = Presenter(Renderer("console")).outputs(script.shown_notes, NOW.date())[0].text
    assert "Recap your qualifications" not in review
    assert "competitive advantage" not in review
    assert "The advice that stood out" in review and "What you will do with it" in review


def _answer_for(step: str) -> str:
    answers = {"strengthen": "skip", "details": "skip", "advantage": "skip"}
    return answers.get(step) or SINGLE[AT.get(step, AT["qualifications"])]


def test_help_fits_each_kind_of_interview() -> None:
    expected = {
        ("informational", "interest"): "what you will do with their advice",
        ("informational", "highlights"): "advice or the insight",
        ("final_round", "qualifications"): "how you would help",
        ("final_round", "highlights"): "business problem",
    }
    for (stage, step), words in expected.items():
        script = Script().start()
        for line in [*SINGLE[: AT["stage"]], stage, "yesterday"]:
            script.send(line)
        while script.step != step:
            script.send(_answer_for(script.step))
        assert words in script.send("help").text.lower(), script.text


def test_the_contact_question_fits_the_kind_of_interview() -> None:
    for stage, fits in [("informational", "reach you"), ("phone_screen", "next interview")]:
        script = Script().start()
        for line in [*SINGLE[: AT["stage"]], stage, "yesterday"]:
            script.send(line)
        while script.step != "contact":
            script.send(_answer_for(script.step))
        assert fits in script.text and "offer call" not in script.text


# -- item 10: help at the review ----------------------------------------------------------


def test_help_at_the_review_gives_the_tips_and_the_actions_only() -> None:
    script = at_review(SINGLE)
    review_ref = script.last_ref
    script.send("help")
    assert script.shown_notes == [] and script.templates == ["messages/help"]
    assert script.choices == ["edit", "tone", "version", "restart", "done"]
    assert script.last_ref == review_ref  # the same question: both copies' buttons count
    script.press("done", ref=review_ref)
    assert script.outcome.value == "finished"


# -- item 13: a press on any copy of the current question is taken ----------------------


@pytest.mark.parametrize("again", ["help", "2030-01-01", "someday", "keep"])
def test_a_press_on_an_earlier_copy_of_the_current_question_is_taken(again: str) -> None:
    script = Script().start()
    for line in SINGLE[: AT["interview_date"]]:
        script.send(line)
    first = script.last_ref
    script.send(again).asks("interview_date")  # the question asked again below
    assert script.last_ref == first
    script.press("today", ref=first).asks("qualifications")
    assert script.answers["interview_date"] == NOW.date().isoformat()


def test_each_turn_says_how_it_left_the_question_before() -> None:
    from dialogs.messages import Left

    script = Script().start()
    for line in SINGLE[: AT["interview_date"]]:
        script.send(line)

    def left(text: str, ref: str | None = None) -> object:
        from dialogs import interview

        turn = interview.handle(script.state, _incoming(text, ref), NOW)
        script.state = turn.state
        return turn.left

    assert left("help") is Left.CLOSED  # asked again below
    assert left("yesterday") is Left.ANSWERED
    assert left("back") is Left.BACK
    assert left("cancel") is Left.CLOSED
    assert left("today", ref="other.1") is None  # a stale press leaves things as they are


def _incoming(text: str, ref: str | None) -> object:
    from dialogs.messages import Incoming

    return Incoming(text=text, ref=ref)


# -- item 14: after `back` ----------------------------------------------------------------


def test_after_back_the_saved_answer_reads_as_its_button_and_keep_is_a_button() -> None:
    script = Script().start()
    for line in [*SINGLE[: AT["stage"]], "onsite"]:
        script.send(line)
    script.send("back").asks("stage")
    assert "Your answer so far: On-site or panel" in script.text and "onsite" not in script.text
    labels = _labels(script)
    assert 'Keep "On-site or panel"' in labels  # the marked answer is the Keep button
    assert not any("(current)" in label for label in labels)
    script.press("onsite").asks("role")


def _labels(script: Script) -> list[str]:
    presenter = Presenter(Renderer("console"))
    state = script.state
    assert state is not None
    from dialogs.questions import ask

    (asked,) = [o for o in ask(state) if not isinstance(o, ShowNotes)]
    return [b.label for b in presenter.buttons(asked.choices)]


# -- item 16: the better answer -----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "question", "addition"),
    [
        (
            "the one about a/b testing, sorry i blanked. i ran 12 experiments",
            "the one about a/b testing",
            "sorry i blanked. i ran 12 experiments",
        ),
        ("the scaling question. I load-tested to 10k rps", "the scaling question", "I load-tested"),
        ("conflict with a peer, I set up weekly 1:1s", "conflict with a peer", "I set up weekly"),
    ],
)
def test_a_better_answer_without_a_colon_splits_at_the_first_comma_or_stop(
    typed: str, question: str, addition: str
) -> None:
    script = Script().start()
    for line in SINGLE[: AT["strengthen"]]:
        script.send(line)
    script.send(typed).asks("contact")
    assert script.answers["strengthen"]["question"] == question
    assert script.answers["strengthen"]["addition"].startswith(addition)


def test_who_asked_offers_not_sure_instead_of_skip() -> None:
    lines = panel("Dana Lee; Tom Becker")
    script = Script().start()
    for line in lines[: lines.index(BETTER) + 1]:
        script.send(line)
    script.asks("strengthen_who")
    assert "type `skip`" not in script.text and '"Not sure"' in script.text
    assert "skip" not in script.choices and script.choices[-1] == "not sure"


# -- item 8: "Improve: …" says what to change -------------------------------------------


@pytest.mark.parametrize(
    ("answer", "generic", "says"),
    [
        ("interest", "great company", "Make your interest specific"),
        ("qualifications", "good with people", "a concrete example"),
        ("highlights", "teamwork", "Name what the interview stressed"),
    ],
)
def test_improve_asks_again_with_what_the_checklist_said(
    answer: str, generic: str, says: str
) -> None:
    from dialogs import interview

    lines = list(SINGLE)
    lines[AT[answer]] = generic
    if answer == "interest":  # an opinion ("the company is great"): its wording is asked
        lines.insert(AT[answer] + 1, "ok")
    script = at_review(lines)
    improve = f"edit {answer}"
    assert improve in [c.value for c in _review_buttons(script)]
    turn = interview.handle(script.state, _incoming(improve, script.last_ref), NOW)
    (asked,) = Presenter(Renderer("console")).outputs(turn.outputs, NOW.date())
    assert "To make it stronger:" in asked.text and says in asked.text, asked.text


def _review_buttons(script: Script) -> list[object]:
    (review,) = Presenter(Renderer("console")).outputs(script.shown_notes, NOW.date())
    return list(review.buttons)


# -- item 15: plural, case and the follow-up ---------------------------------------------


@pytest.mark.parametrize("tone", ["formal", "warm", "brief"])
def test_a_follow_up_does_not_thank_twice_at_its_end(tone: str) -> None:
    from bot.writer import compose_follow_up

    answers = answers_from_document({**_document(), "tone": tone})
    for version in range(4):
        for number in (1, 2):
            body = compose_follow_up(answers, number=number, version=version).body
            *_, closing, signature = body.split("\n\n")
            sign_off = signature.split("\n")[0]
            last = closing.rsplit(". ", 1)[-1]
            assert not (last.startswith("Thank") and sign_off.startswith("Thank")), body


def test_the_notes_list_labels_a_follow_up_and_writes_the_company_as_the_notes_do() -> None:
    import datetime as dt

    from bot.store import SavedNote

    def saved(number: int, subject: str) -> SavedNote:
        return SavedNote(
            interviewer="Dana Lee",
            company="brightpath health",
            role="data analyst",
            tone="formal",
            subject=subject,
            body="…",
            interview_date=dt.date(2026, 11, 24),
            number=number,
            created_at=NOW,
        )

    notes = [saved(1, "Thank you – Data Analyst interview"), saved(2, "Re: Thank you – x")]
    for channel in ("console", "slack"):
        listed = Presenter(Renderer(channel)).notes_list(notes)
        # In the text (the terminal), or above each note's drafts (a chat's latest ten).
        text = "\n".join([listed.text, *(note.heading for note in reversed(listed.notes))])
        lines = [line for line in text.splitlines() if "Dana Lee" in line]
        assert "follow-up" not in lines[0] and "follow-up to Dana Lee" in lines[1], text
        assert "Brightpath Health" in text and "Data Analyst" in text, text
