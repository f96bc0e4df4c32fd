"""Issue 21 in the interview: each principle asked as a sentence to finish, each answer
shown as it will read ("In your note: ...") on the next message with a Reword button, the
writer asking about one answer an interview, later doubtful ones shown "to check" and
marked at the review;
and the kind of interview asked before the role, which an informational interview skips.
"""

from __future__ import annotations

import io
import re

from adapters.console import Console
from adapters.slack.blocks import reply_messages
from adapters.teams.render import ReplyRenderer
from bot.presenter import Presenter
from bot.templating import Renderer
from dialogs.interview import MAX_WORDING_ASKS, lasts, reword_choice
from dialogs.messages import Choice, Reply, Say
from dialogs.states import InterviewState, Pending
from tests.dialog_script import AT, SINGLE, Script

UNSURE = [
    "fluent in tagalog, open weekends",  # what the last part says is unclear
    "certified",  # certified in what
    "really want to be part of that",  # no subject
]


def to(step: str, answers: list[str] = SINGLE) -> Script:
    script = Script().start()
    for line in answers[: AT[step]]:
        script.send(line)
    assert script.step == step, script.text
    return script


def test_each_principle_is_asked_as_the_start_of_the_sentence_it_becomes() -> None:
    script = to("qualifications")
    assert script.text.splitlines()[-2].strip() == "I …", script.text
    script.send(SINGLE[AT["qualifications"]])
    assert "You emphasized …" in script.text and "\nI …" in script.text
    script.send(SINGLE[AT["highlights"]])
    assert "I'm especially excited about …" in script.text
    script.send(SINGLE[AT["interest"]])
    assert "I also …" in script.text


def test_an_answer_is_shown_as_it_will_read_on_the_next_message_at_no_extra_turn() -> None:
    script = to("qualifications").send("managed 60 accounts and kept net retention above 110%")
    assert script.templates[:2] == ["messages/in_your_note", "messages/ask"]
    line = script.replies[0]
    assert line.text == (
        "In your note, as I read your answer (Reword to put it your way): "
        '"I managed 60 accounts and kept net retention above 110%."'
    )
    assert line.choices == ["reword qualifications"] and line.ref == script.replies[1].ref
    assert script.step == "highlights"  # the next question came with it


def test_one_i_whoever_typed_it() -> None:
    for typed in ("I led the migration to Kubernetes.", "led the migration to Kubernetes"):
        script = to("qualifications").send(typed)
        assert ': "I led the migration to Kubernetes."' in script.text


def test_reword_takes_the_candidates_own_sentence_used_as_written() -> None:
    script = to("qualifications").send("managed 60 accounts")
    script.press("reword qualifications")
    assert script.templates == ["messages/reword"] and script.step == "highlights"
    script.send("I managed sixty mid-market accounts for Brightline's biggest region.")
    assert script.answers["wording"]["qualifications"] == (
        "I managed sixty mid-market accounts for Brightline's biggest region."
    )
    assert script.templates == ["messages/wording_kept", "messages/ask"]
    assert script.step == "highlights"  # the question they were on, again
    for line in SINGLE[AT["highlights"] :]:
        script.send(line)
    notes = script.shown_notes[0]
    assert notes.answers.wording["qualifications"].startswith("I managed sixty")


def test_reword_typed_works_and_back_keeps_the_writers_sentence() -> None:
    script = to("qualifications").send("managed 60 accounts").send("reword").send("back")
    assert script.step == "highlights" and "wording" not in script.answers
    assert script.templates[-1] == "messages/ask"


PANEL = "Emily Carter, Director; Sam Ortiz"
PANEL_LINES = [
    PANEL,
    *SINGLE[1 : AT["interest"]],
    "Emily pushed on onboarding metrics",
    "Sam asked about my Looker dashboards",
    *SINGLE[AT["interest"] :],
]


def test_reword_pressed_later_on_an_older_line_rewords_that_answer_then_goes_on() -> None:
    """A Reword button names the answer it rewords, so it stays valid: pressed on the
    line of an earlier answer, it takes the candidate's sentence for that answer and the
    interview carries on at the question it was at."""
    script = to("qualifications").send(SINGLE[AT["qualifications"]])
    older = script.replies[0]
    assert older.choices == ["reword qualifications"]
    for line in SINGLE[AT["highlights"] : AT["advantage"]]:
        script.send(line)
    assert script.step == "advantage" and script.last_ref != older.ref
    answers = script.answers

    script.press("reword qualifications", ref=older.ref)
    assert script.templates == ["messages/reword"] and script.step == "advantage"
    assert script.state is not None and script.state.pending is Pending.REWORD
    assert script.state.shown == "qualifications"
    again = InterviewState.from_json(script.state.to_json())  # the state still serialises
    assert again.pending is Pending.REWORD and again.shown == "qualifications"

    script.send("I kept net retention above 110% across sixty accounts.")
    assert script.templates == ["messages/wording_kept", "messages/ask"]
    script.asks("advantage")  # the question it was at, asked again
    assert script.answers["wording"] == {
        "qualifications": "I kept net retention above 110% across sixty accounts."
    }
    assert {k: v for k, v in script.answers.items() if k != "wording"} == answers
    assert script.state is not None and script.state.pending is None
    for line in SINGLE[AT["advantage"] :]:
        script.send(line)
    assert script.step == "review"
    assert script.shown_notes[0].answers.wording["qualifications"].startswith("I kept net")


def test_an_older_reword_of_a_panelists_detail_rewords_that_detail() -> None:
    script = Script().start()
    for line in PANEL_LINES[: AT["interest"] + 2]:  # both details: Emily's, then Sam's
        script.send(line)
    assert script.step == "interest"
    sam = script.replies[0]  # the line of Sam's detail, just shown
    assert sam.template == "messages/in_your_note" and sam.choices == ["reword detail:1"]
    script.send(SINGLE[AT["interest"]]).asks("advantage")
    script.press("reword detail:1", ref=sam.ref)
    assert script.templates == ["messages/reword"]
    script.send("You asked about my Looker dashboards.").asks("advantage")
    assert script.answers["interviewers"][1]["wording"] == "You asked about my Looker dashboards."
    assert "wording" not in script.answers["interviewers"][0]


def test_back_after_an_older_reword_keeps_the_writers_sentence_and_the_question() -> None:
    script = to("qualifications").send(SINGLE[AT["qualifications"]])
    ref = script.last_ref
    script.send(SINGLE[AT["highlights"]]).asks("interest")
    script.press("reword qualifications", ref=ref).send("back").asks("interest")
    assert "wording" not in script.answers


def test_a_stale_press_of_a_questions_own_button_is_still_refused() -> None:
    """Only a Reword outlives its question: an earlier question's own buttons (Skip, a
    date) change nothing, as before; so does a Reword naming an answer no longer there,
    or pressed while the interview waits for something else."""
    script = to("interview_date")
    date = script.last_ref
    script.send("yesterday").send(SINGLE[AT["qualifications"]])
    before = script.state
    script.press("today", ref=date)
    assert script.templates[0] == "messages/stale_button"
    assert script.state is not None and before is not None
    assert script.answers == before.answers and script.step == "highlights"
    assert script.state.pending is None

    script.press("reword detail:1", ref=date)  # a panel of one: no such detail
    assert script.templates[0] == "messages/stale_button"

    script = to("interest").send(UNSURE[2])
    assert script.templates == ["messages/confirm_wording"]  # the writer asks
    script.press("reword qualifications", ref=f"{script.state.interview_id}.1")  # type: ignore[union-attr]
    assert script.templates[0] == "messages/stale_button"
    assert script.state is not None and script.state.pending is Pending.WORDING


def test_only_reword_buttons_outlive_their_question() -> None:
    assert lasts("reword interest") and lasts("reword detail:1")
    assert not lasts("reword") and not lasts("skip") and not lasts("edit interest")


def test_the_writer_asks_once_shows_later_doubts_to_check_and_marks_them_at_review() -> None:
    answers = list(SINGLE)
    answers[AT["qualifications"]] = UNSURE[0]
    answers[AT["interest"]] = UNSURE[2]
    answers[AT["advantage"]] = UNSURE[1]
    script = Script().start()
    asked, to_check = 0, []
    for line in answers:
        script.send(line)
        while script.templates[-1] == "messages/confirm_wording":
            asked += 1
            assert "Here is how that will read in your note" in script.text
            script.send("ok")
        to_check += [r.text for r in script.replies if r.text.startswith("In your note, to check")]
    assert asked == MAX_WORDING_ASKS == 1
    assert script.step == "review"
    # The two not asked about were shown, marked, at no extra turn, each with Reword...
    assert len(to_check) == 2, to_check
    assert any("part of that" in line for line in to_check)
    assert any("certified" in line.lower() for line in to_check)
    # ... and the review marks them.
    renderer = Renderer("console")
    review = Presenter(renderer).outputs([script.shown_notes[-1]], today=None)[0]  # type: ignore[arg-type]
    assert "Check these sentences" in review.text
    assert "certified" in review.text.lower()
    # Accepted answers are not marked again.
    assert "Tagalog" not in review.text.split("Check")[1]


def test_a_sentence_typed_with_care_is_shown_as_it_is_and_chat_as_a_reading() -> None:
    careful = "I managed 60 mid-market accounts and kept net retention above 110%."
    script = to("qualifications").send(careful)
    assert script.replies[0].text == f'In your note: "{careful}"'
    for typed in ("ran the front desk for 3 yrs", "i run the night shift"):
        script = to("qualifications").send(typed)
        assert script.replies[0].text.startswith("In your note, as I read your answer")
        assert "to check" not in script.text and script.templates[0] != "messages/confirm_wording"


def test_the_kind_of_interview_comes_before_the_role_and_informational_has_none() -> None:
    script = Script().start().send(SINGLE[0]).send(SINGLE[1])
    assert script.step == "stage"
    script.send("informational")
    assert script.step == "interview_date"  # no role, and no qualifications after it
    assert "role" not in script.answers
    script.send("today")
    assert script.step == "highlights"
    assert "Your advice about …" in script.text


def test_presenter_opens_the_next_reply_with_the_line_and_adds_its_button() -> None:
    presenter = Presenter(Renderer("slack"))
    outputs = [
        Say(
            "messages/in_your_note",
            {"sentences": ("I led it.",), "answer": "x"},
            (reword_choice("qualifications"),),
            "r.1",
            aside=True,
        ),
        Say("messages/needed", {}, (Choice("skip"),), "r.1"),
    ]
    replies = presenter.outputs(outputs, today=None)  # type: ignore[arg-type]
    assert len(replies) == 1
    assert replies[0].preface == 'In your note: "I led it."'
    assert [b.value for b in replies[0].buttons] == ["skip", "reword qualifications"]
    assert [b.label for b in replies[0].buttons] == ["Skip", "Reword"]


def _reply() -> Reply:
    presenter = Presenter(Renderer("slack"))
    outputs = [
        Say(
            "messages/in_your_note",
            {"sentences": ("I led <b>it</b>.",), "answer": "x"},
            (reword_choice("qualifications"),),
            "r.1",
            aside=True,
        ),
        Say("messages/needed", {}, (), "r.1"),
    ]
    return presenter.outputs(outputs, today=None)[0]  # type: ignore[arg-type]


def test_slack_shows_the_line_as_a_context_block_above_the_question() -> None:
    blocks = reply_messages(_reply(), Renderer("slack").say)[0].blocks
    assert blocks[0]["type"] == "context"
    assert blocks[0]["elements"][0]["text"] == 'In your note: "I led &lt;b&gt;it&lt;/b&gt;."'
    assert blocks[1]["type"] == "section"


def test_teams_shows_the_line_as_subtle_text_above_the_question() -> None:
    activity = ReplyRenderer(Renderer("teams").say).activities([_reply()])[0]
    body = activity["attachments"][0]["content"]["body"]
    assert body[0]["isSubtle"] is True and body[0]["size"] == "Small"
    assert "In your note" in body[0]["text"]


def test_the_terminal_shows_the_line_dimmed_on_a_terminal_and_plain_in_a_pipe() -> None:
    for tty, dim in ((True, "\033[2m"), (False, "")):
        stream = io.StringIO()
        stream.isatty = lambda tty=tty: tty  # type: ignore[method-assign]
        console = Console(None, Renderer("console").say, None, stream, stream)  # type: ignore[arg-type]
        console._show([_reply()])
        first = stream.getvalue().splitlines()[0]
        assert first.startswith(dim) and re.search(r"In your note: \"I led <b>it</b>\.\"", first)


def test_help_while_the_writer_waits_for_a_wording_explains_the_wording() -> None:
    """`help` after "Here is how that will read" or after `reword` says what to type now;
    what is typed next still answers the wording, never the question again."""
    script = to("qualifications").send(UNSURE[1])
    assert script.templates == ["messages/confirm_wording"]
    script.send("help")
    assert script.templates == ["messages/help_wording"] and script.choices == ["ok"]
    assert "`ok`" in script.text and script.step == "qualifications"
    script.send("I am certified in Salesforce administration.")
    assert script.answers["wording"]["qualifications"] == (
        "I am certified in Salesforce administration."
    )
    assert script.step == "highlights"

    script = to("qualifications").send("managed 60 accounts").press("reword qualifications")
    script.send("help")
    assert script.templates == ["messages/help_wording"] and "`back` keeps mine" in script.text
    script.send("I managed sixty accounts.")
    assert script.answers["wording"]["qualifications"] == "I managed sixty accounts."


def review_of(answers: list[str]) -> str:
    script = Script().start()
    for line in answers:
        script.send(line)
        while script.templates[-1] == "messages/confirm_wording":
            script.send("ok")
    assert script.step == "review"
    renderer = Renderer("console")
    return Presenter(renderer).outputs([script.shown_notes[-1]], today=None)[0].text  # type: ignore[arg-type]


def test_the_review_says_once_that_chat_typed_answers_are_the_writers_reading() -> None:
    answers = list(SINGLE)
    answers[AT["qualifications"]] = "ran the front desk for 3 yrs"
    answers[AT["advantage"]] = "i speak spanish and tagalog"
    review = review_of(answers)
    assert review.count("The rest is my reading of what you typed") == 1
    assert "Check this sentence" not in review and "Check these sentences" not in review
    # Typed with care throughout: nothing to say.
    assert "my reading of what you typed" not in review_of(list(SINGLE))


def test_the_review_quotes_four_faulty_sentences_and_counts_the_rest() -> None:
    from bot.writer import compose_notes
    from dialogs.answers import answers_from_document
    from dialogs.messages import ShowNotes

    document = {
        "candidate_name": "sam reyes",
        "interviewers": [{"name": "Dana Lee"}],
        "company": "Harbor Clinic",
        "role": "Care Coordinator",
        "qualifications": "i make maybe 30 bouquets a week. i am welder since 2019. "
        "i offer 1 plan instead of three",
        "highlights": "you give me a case about a late truck. the panel asks me about budgets",
        "interest": "the office is close to my house",
        "advantage": "i stocked vortexia and glimmerwave products",
        "email": "sam@example.com",
    }
    answers = answers_from_document(document)
    assert len(compose_notes(answers)[0].flags) >= 6
    show = ShowNotes(answers, 0, ref="r.1")
    review = Presenter(Renderer("console")).outputs([show], today=None)[0]  # type: ignore[arg-type]
    quoted = [line for line in review.text.splitlines() if line.startswith('- "')]
    assert len(quoted) == 4
    assert re.search(r"^- and [3-9] more\.$", review.text, re.M), review.text


def test_reword_typed_with_no_line_shown_is_never_taken_as_an_answer() -> None:
    # After an ask (no line shown) and before any principle answer: the question again.
    for script in (to("qualifications"), to("qualifications").send(UNSURE[0]).send("ok")):
        step = script.step
        script.send("reword")
        assert script.templates[0] == "messages/nothing_to_reword"
        assert script.step == step and "reword" not in str(script.answers.get(step, ""))
