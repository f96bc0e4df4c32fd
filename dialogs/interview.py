"""The interview: one question at a time, from the interviewers to the review.

`handle(state, incoming, now)` is the whole contract: it takes the saved state (plain
JSON, or None when the user has no open interview) and returns the new state and what
to say. It does no I/O, so the same interview runs in the terminal, Slack and Teams.
The state's `answers` is an answers document (dialogs/answers.py) being filled in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import secrets
from collections.abc import Callable, Sequence

from dialogs import parse
from dialogs.answers import TONES
from dialogs.apply import apply_answer, confirm_title, leave_out, leave_out_unanswered
from dialogs.messages import (
    CheckWording,
    Choice,
    Command,
    Incoming,
    Left,
    Outcome,
    Profile,
    Say,
    ShowNotes,
    Turn,
    Written,
)
from dialogs.questions import (
    REVIEW_ACTIONS,
    answers_of,
    ask,
    ask_title,
    asked_again,
    question_context,
    saved_answer,
    shown_question,
)
from dialogs.states import InterviewState, Pending, Status
from dialogs.steps import (
    SPECS,
    Step,
    editable_steps,
    next_position,
    previous_position,
    unanswered,
)
from dialogs.text import clean_text

IDLE_BEFORE_ASKING = dt.timedelta(days=7)

EDIT_PREFIX = "edit "  # `edit highlights`: the review's "Improve" buttons, or typed

# Words that work at every step, with the spellings people type for them.
WORDS = {
    "help": "help",
    "back": "back",
    "skip": "skip",
    "cancel": "cancel",
    "quit": "cancel",
    "restart": "restart",
    "start over": "restart",
    "keep": "keep",
}
REVIEW_WORDS = {
    "edit": "edit",
    "edit an answer": "edit",
    "tone": "tone",
    "change tone": "tone",
    "another version": "version",
    "version": "version",
    "done": "done",
    "finish": "done",
    "save": "done",
}
YES = {"yes", "y", "yes restart", "restart", "start over", "confirm"}
# The answers to "Is 'Eng Mgr' Jordan's title?".
TITLE_YES = {"yes", "y", "yep", "yeah", "ok", "okay", "correct", "right", "title", "it is"}
TITLE_NO = {"no", "n", "nope", "name", "its the name", "its part of the name", "part of the name"}
# Typed words that set the question aside rather than answer it: its buttons just go.
ASIDE = {"cancel", "restart", "help"}
# Replies that accept the sentence the writer showed (anything else is the user's wording).
ACCEPT = {
    "ok",
    "okay",
    "k",
    "yes",
    "y",
    "yep",
    "yeah",
    "sure",
    "fine",
    "good",
    "looks good",
    "ok thanks",
    "thanks",
    "perfect",
    "great",
    "keep",
    "keep it",
    "use it",
    "accept",
}
# The answers the note writer shows as they will read ("In your note: ..."), may ask
# about, and the steps that take them.
WORDED_STEPS = {
    Step.QUALIFICATIONS: "qualifications",
    Step.HIGHLIGHTS: "highlights",
    Step.DETAILS: "detail",
    Step.INTEREST: "interest",
    Step.ADVANTAGE: "advantage",
    Step.STRENGTHEN: "strengthen",
}
# The writer asks about an answer's wording at most this often in one interview. An ask
# costs the candidate a turn; past it, a sentence the writer is not sure of is still
# shown on the next message ("In your note, to check: ...", with Reword) at no extra
# turn, and the review marks it. Twice was measured at 1.9 asks per careless interview
# (nearly every such interview has two doubtful answers), over the 1.5 issue 21 allows.
MAX_WORDING_ASKS = 1
# Typed alone, `reword` rewords the answer last shown; a Reword button's value names the
# answer it rewords ("reword interest", "reword detail:1"), so it stays valid.
REWORD = "reword"
RESUME = {"resume", "continue", "carry on", "yes"}
FRESH = {"start fresh", "fresh", "new", "start over", "restart", "start again"}


def handle(
    state: InterviewState | None,
    incoming: Incoming,
    now: dt.datetime,
    region: str = "US",
    check_wording: CheckWording | None = None,
) -> Turn:
    """Run one turn. `state` None means the user has no open interview.

    `check_wording` is the note writer's judgement of an answer just given: when it is
    not sure how to write it, the interview shows the sentence and asks before moving on.

    A question asked again (after `help`, or an answer it could not take) keeps the ref
    it was first asked with, so a press on any copy of it is taken; the turn says how it
    left the question shown before (`Turn.left`), whose buttons then give way. A button
    with another ref is stale, except a Reword (`lasts`): it names the answer it rewords,
    so pressed on an older line it still rewords that answer.
    """
    turn = _turn(state, incoming, now, region, check_wording)
    after = turn.state
    if state is None or after is None:
        return turn
    if after.interview_id != state.interview_id:  # started afresh
        return dataclasses.replace(turn, left=Left.CLOSED)
    if any(isinstance(output, Say) and output.stale for output in turn.outputs):
        return asked_again(state, turn)
    if shown_question(after) == shown_question(state):
        return dataclasses.replace(asked_again(state, turn), left=Left.CLOSED)
    word = _word(incoming.text)
    if incoming.ref is None and word == "back":
        return dataclasses.replace(turn, left=Left.BACK)
    typed_aside = incoming.command is not Command.MESSAGE or WORDS.get(word) in ASIDE
    return dataclasses.replace(turn, left=Left.CLOSED if typed_aside else Left.ANSWERED)


def _turn(
    state: InterviewState | None,
    incoming: Incoming,
    now: dt.datetime,
    region: str,
    check_wording: CheckWording | None,
) -> Turn:
    if state is None:
        if incoming.command is Command.MESSAGE and incoming.ref is not None:
            return Turn(None, (Say("messages/stale_interview", stale=True),))
        if incoming.command is Command.CANCEL:
            return Turn(None, (Say("messages/nothing_to_cancel"),))
        return _fresh(incoming.profile, now, region, intro=True)

    s = state.copy()
    idle = now - s.touched
    s.touched = now
    s.seq += 1
    s.asked = s.seq  # a new question, unless it turns out the same (see `handle`)
    _remember_profile(s, incoming.profile)

    if incoming.command is Command.CANCEL:
        return _cancel(s)
    if incoming.command is Command.RESUME:
        return _resume(s)
    if incoming.command is Command.START:
        if s.pending is Pending.RESUME and _word(incoming.text) in FRESH:
            return _fresh(Profile(), now, s.region, intro=True, previous=s)  # typed "new"
        if not s.answers and s.status is Status.ACTIVE:
            return _fresh(incoming.profile, now, s.region, intro=True)
        return _offer_resume(s, idle)

    if incoming.ref is not None and incoming.ref != state.ref:
        if incoming.ref.split(".")[0] != s.interview_id:
            return Turn(s, (Say("messages/stale_interview", stale=True), *ask(s)))
        if _reworded(s, incoming.text) is None:  # only a Reword outlives its question
            return Turn(s, (Say("messages/stale_button", stale=True), *ask(s)))

    word = _word(incoming.text)

    if s.pending is Pending.RESUME:
        return _answer_resume_offer(s, word, now)
    if s.status is Status.CANCELLED or (idle > IDLE_BEFORE_ASKING and s.answers):
        return _offer_resume(s, idle)
    if s.pending is Pending.RESTART:
        if word in YES:
            return _fresh(incoming.profile, now, s.region, intro=True, previous=s)
        s.pending = None
        return Turn(s, (Say("messages/carrying_on"), *ask(s)))
    if s.pending is Pending.EDIT:
        return _answer_edit_which(s, word)
    if s.pending is Pending.TITLE and WORDS.get(word) not in ("cancel", "restart"):
        return _answer_title(s, word)
    if s.pending in (Pending.WORDING, Pending.REWORD) and WORDS.get(word) == "help":
        # What is typed next answers the wording, not the question: say so, not the question.
        choices = (Choice("ok"),) if s.pending is Pending.WORDING else ()
        context = {"pending": s.pending.value}
        return Turn(s, (Say("messages/help_wording", context, choices, s.ref),))
    if s.pending is Pending.WORDING and WORDS.get(word) not in ("cancel", "restart", "help"):
        return _answer_wording(s, word, incoming.text, check_wording)
    reworded = _reworded(s, incoming.text)
    if reworded is not None:  # a Reword button, of this question's line or an earlier one
        return _reword(s, reworded)
    if s.pending is Pending.REWORD and WORDS.get(word) not in ("cancel", "restart", "help"):
        return _answer_reword(s, word, incoming.text)
    if word == REWORD:  # typed: the line shown last; with none shown, never an answer
        if s.shown:
            return _reword(s, s.shown)
        return Turn(s, (Say("messages/nothing_to_reword"), *ask(s, brief=True)))

    action = WORDS.get(word)
    step = s.step
    if step is Step.REVIEW:
        copy = re.fullmatch(r"copy ([0-9]{1,2})", word)
        if copy is not None:  # a note's "Copy-ready" button: nothing changes
            return Turn(None, (ShowNotes(answers_of(s), s.version, ref=s.ref, copy=int(copy[1])),))
        action = REVIEW_WORDS.get(word, action)
        if word.startswith(EDIT_PREFIX):
            return _answer_edit_which(s, word.removeprefix(EDIT_PREFIX).strip())
        if word in TONES:
            s.answers["tone"] = word
            return Turn(s, tuple(ask(s)))
    if action is not None:
        return _ACTIONS[action](s)
    if step is Step.REVIEW:
        return Turn(s, (Say("messages/review_unknown"), *ask(s)))
    try:
        notices = apply_answer(s, step, incoming.text, now)
    except parse.Invalid as invalid:
        return _reprompt(s, invalid)
    if s.titles_to_confirm:
        return Turn(s, (*notices, ask_title(s)))
    return _show_or_ask(s, step, check_wording, notices)


def late(state: InterviewState | None, check_wording: CheckWording | None = None) -> Turn:
    """The answer to a message that came too late to be taken (the user sent a later one
    that was): it says so and asks what the interview is waiting for again, changing
    nothing. Without an open interview there is nothing to ask."""
    notice = Say("messages/late", {"asking": state is not None}, stale=True)
    if state is None:
        return Turn(None, (notice,))
    s = state.copy()
    if s.pending is Pending.RESUME or s.status is Status.CANCELLED:
        asked = _offer_resume(s, dt.timedelta())
    elif s.pending is Pending.RESTART:
        asked = _restart(s)
    elif s.pending is Pending.EDIT:
        asked = _edit(s)
    else:
        asked = _pending_again(s, check_wording) or Turn(s, tuple(ask(s)))
    return Turn(state, (notice, *asked.outputs))


def _pending_again(s: InterviewState, check_wording: CheckWording | None) -> Turn | None:
    """The question asked outside the principles that is waiting for its answer (the
    wording shown, `reword`, a title split off a name), asked again; None if none."""
    if s.pending is Pending.WORDING and check_wording is not None:
        key = _worded_key(s, s.step)
        if key is not None:
            answer, _, index = key.partition(":")
            written = check_wording(s.answers, answer, int(index) if index else None)
            if written is not None:
                return Turn(s, (_confirm_wording(s, answer, written),))
    if s.pending is Pending.REWORD and s.shown:
        return _reword(s, s.shown)
    if s.pending is Pending.TITLE and s.titles_to_confirm:
        return Turn(s, (ask_title(s),))
    return None


def _word(typed: str) -> str:
    """What was typed, as the words of the interview are compared."""
    text = clean_text(typed)
    return "help" if text == "?" else re.sub(r"[^\w ]", "", text.lower()).strip()


def edit_choice(answer: str) -> Choice:
    """The button that edits `answer` at the review (read back by `handle`)."""
    return Choice(f"{EDIT_PREFIX}{answer}")


def reword_choice(key: str) -> Choice:
    """The Reword button of the line that shows answer `key` ("interest", "detail:1" for
    a panelist's): it names its answer, so it stays valid once its question is answered."""
    return Choice(f"{REWORD} {key}")


def lasts(value: str) -> bool:
    """Whether a button standing for `value` stays valid after the question it came with
    is answered (Reword): pressed on an older message it is still taken, so a message
    whose only buttons last keeps them, and a channel need not take them off."""
    return value.startswith(f"{REWORD} ")


# -- showing each answer as it will read, and asking when the writer is unsure -----------


def _worded_key(s: InterviewState, step: Step) -> str | None:
    answer = WORDED_STEPS.get(step)
    if answer == "detail":
        return f"detail:{s.detail_index}"
    return answer


def _reworded(s: InterviewState, text: str) -> str | None:
    """The answer a Reword button (its value, pressed or typed) names, when the interview
    can take it now: at a question or already rewording, and the answer still there."""
    if s.status is not Status.ACTIVE or s.pending not in (None, Pending.REWORD):
        return None
    found = re.fullmatch(rf"{REWORD} ([a-z]+)(?::([0-9]{{1,2}}))?", clean_text(text).lower())
    if found is None or found[1] not in WORDED_STEPS.values():
        return None
    answer, index = found[1], found[2]
    if answer == "detail":
        people = s.answers.get("interviewers") or []
        if index is None or int(index) >= len(people) or not people[int(index)].get("detail"):
            return None
        return f"detail:{index}"
    return answer if index is None and s.answers.get(answer) else None


def _reword(s: InterviewState, key: str) -> Turn:
    """Ask for the candidate's own sentence for answer `key` (`_answer_reword` takes it)."""
    s.pending, s.shown = Pending.REWORD, key
    return Turn(s, (Say("messages/reword", {"answer": key.split(":")[0]}),))


def _show_or_ask(
    s: InterviewState,
    step: Step,
    check_wording: CheckWording | None,
    notices: Sequence[Say] = (),
) -> Turn:
    """After an answer: the next question, opened by the answer as it will read in the
    note ("In your note: ..."); or, when the writer is not sure of it and has asked fewer
    than `MAX_WORDING_ASKS` times, the sentence as it will read and a question."""
    key = _worded_key(s, step)
    s.shown = None
    if key is None or check_wording is None:
        _advance(s)
        return Turn(s, (*notices, *ask(s)))
    answer, _, index = key.partition(":")
    written = check_wording(s.answers, answer, int(index) if index else None)
    # An answer edited from the review is always asked about when in doubt: the candidate
    # chose to work on it, and the ask replaces a mark they would otherwise meet next.
    # The ask is spent on a fault a rule found; a sentence that is only the writer's
    # reading of a chat-typed answer is shown "to check", with Reword, at no extra turn.
    editing = s.return_to_review
    if written is not None and written.faults and (editing or s.wording_asks < MAX_WORDING_ASKS):
        s.wording_asks += 0 if editing else 1
        s.pending = Pending.WORDING
        return Turn(s, (*notices, _confirm_wording(s, answer, written)))
    _advance(s)
    if written is None:
        return Turn(s, (*notices, *ask(s)))
    s.shown = key
    line = Say(
        "messages/in_your_note",
        {
            "sentences": written.sentences,
            "answer": answer,
            "sure": written.sure,
            "faulted": bool(written.faults),
        },
        (reword_choice(key),),
        s.ref,
        aside=True,
    )
    return Turn(s, (*notices, line, *ask(s)))


def _confirm_wording(s: InterviewState, answer: str, written: Written) -> Say:
    context = {
        "answer": answer,
        "interviewer": written.interviewer,
        "panel": len(s.answers.get("interviewers") or []) > 1,
        "sentences": written.sentences,
    }
    return Say("messages/confirm_wording", context, (Choice("ok"),), s.ref)


def _save_wording(s: InterviewState, key: str, wording: str) -> None:
    """The candidate's own wording of an answer, used in the notes as written."""
    answer, _, index = key.partition(":")
    if answer == "detail":
        s.answers["interviewers"][int(index)]["wording"] = wording
    elif answer == "strengthen" and s.answers.get("strengthen"):
        s.answers["strengthen"]["addition"] = wording  # the point itself, as they put it
    elif answer in ("qualifications", "highlights", "interest", "advantage"):
        s.answers.setdefault("wording", {})[answer] = wording
    if answer in s.accepted:
        s.accepted.remove(answer)


def _answer_wording(
    s: InterviewState, word: str, raw: str, check_wording: CheckWording | None
) -> Turn:
    """`ok` keeps the writer's sentence; `back` asks the question again; anything else is
    the candidate's own wording, used in the notes as written."""
    s.pending = None
    step = s.step
    key = _worded_key(s, step) or step.value
    if word in ACCEPT:
        if key.split(":")[0] not in s.accepted:
            s.accepted.append(key.split(":")[0])
        _advance(s)
        return Turn(s, tuple(ask(s)))
    if word == "back":
        return Turn(s, tuple(ask(s)))
    if word == "skip" and SPECS[step].optional:
        return _skip(s)
    try:
        wording = parse.free_text(raw)
    except parse.Invalid as invalid:
        context = {"problem": invalid.problem, "optional": False, **invalid.details}
        s.pending = Pending.WORDING
        again = _pending_again(s, check_wording)
        retry = again.outputs if again else tuple(ask(s))
        return Turn(s, (Say("messages/invalid", context), *retry))
    _save_wording(s, key, wording)
    _advance(s)
    return Turn(s, (Say("messages/wording_kept"), *ask(s)))


def _answer_reword(s: InterviewState, word: str, raw: str) -> Turn:
    """The candidate's own sentence for the answer being reworded (`s.shown`), then the
    question the interview is at; `back` keeps the writer's."""
    s.pending = None
    key, s.shown = s.shown, None
    if word == "back" or key is None:
        return Turn(s, tuple(ask(s)))
    try:
        wording = parse.free_text(raw)
    except parse.Invalid as invalid:
        s.pending, s.shown = Pending.REWORD, key
        context = {"problem": invalid.problem, "optional": False, **invalid.details}
        return Turn(s, (Say("messages/invalid", context), Say("messages/reword", {"answer": key})))
    _save_wording(s, key, wording)
    return Turn(s, (Say("messages/wording_kept"), *ask(s)))


# -- starting, resuming, stopping -------------------------------------------------------


def _fresh(
    profile: Profile,
    now: dt.datetime,
    region: str,
    *,
    intro: bool,
    previous: InterviewState | None = None,
) -> Turn:
    s = InterviewState(
        interview_id=secrets.token_hex(6),
        started=now,
        touched=now,
        region=region,
        defaults=dict(previous.defaults) if previous else {},
    )
    _remember_profile(s, profile)
    opening = (Say("messages/intro"),) if intro else ()
    return Turn(s, (*opening, *ask(s)))


def _remember_profile(s: InterviewState, profile: Profile) -> None:
    if profile.name:
        s.defaults["candidate_name"] = clean_text(profile.name)[:120]
    if profile.email:
        s.defaults["contact"] = clean_text(profile.email)[:254]
    if profile.time_zone:
        s.time_zone = profile.time_zone[:64]


def _offer_resume(s: InterviewState, idle: dt.timedelta) -> Turn:
    s.pending = Pending.RESUME
    context = {
        "idle_days": idle.days,
        "company": s.answers.get("company"),
        "cancelled": s.status is Status.CANCELLED,
    }
    choices = (Choice("resume"), Choice("start fresh"))
    return Turn(s, (Say("messages/resume_offer", context, choices, s.ref),))


def _answer_resume_offer(s: InterviewState, word: str, now: dt.datetime) -> Turn:
    if word in RESUME:
        return _resume(s)
    if word in FRESH:
        return _fresh(Profile(), now, s.region, intro=True, previous=s)
    return Turn(s, (Say("messages/choose_resume"), *_offer_resume(s, dt.timedelta()).outputs))


def _resume(s: InterviewState) -> Turn:
    s.status = Status.ACTIVE
    s.pending = None
    return Turn(s, (Say("messages/resumed"), *ask(s)))


def _cancel(s: InterviewState) -> Turn:
    s.status = Status.CANCELLED
    s.pending = None
    return Turn(s, (Say("messages/cancelled"),), Outcome.CANCELLED)


# -- the words that work at every step ----------------------------------------------------


def _help(s: InterviewState) -> Turn:
    if s.step is Step.REVIEW:  # the tips and the actions; the notes are just above
        actions = tuple(Choice(action) for action in REVIEW_ACTIONS)
        return Turn(s, (Say("messages/help", question_context(s), actions, s.ref),))
    return Turn(s, (Say("messages/help", question_context(s)), *ask(s, brief=True)))


def _back(s: InterviewState) -> Turn:
    """Back one question; while editing from the review, back to the review, leaving
    out the optional questions the edit brought in (a required one is asked for: going
    back from it leads to the answer that brought it in)."""
    step = s.step
    if s.return_to_review and leave_out_unanswered(s):
        s.return_to_review = False
        s.step = Step.REVIEW
        return Turn(s, tuple(ask(s)))
    previous = previous_position(step, s.detail_index, s.answers)
    if previous is None:
        return Turn(s, (Say("messages/first_question"), *ask(s, brief=True)))
    s.step, s.detail_index = previous[0], previous[1]
    return Turn(s, tuple(ask(s)))


def _skip(s: InterviewState) -> Turn:
    step = s.step
    if not SPECS[step].optional:
        return Turn(s, (Say("messages/needed"), *ask(s, brief=True)))
    leave_out(s, step, s.detail_index)
    _advance(s)
    return Turn(s, tuple(ask(s)))


def _keep(s: InterviewState) -> Turn:
    step = s.step
    saved = saved_answer(s, step)
    if saved is None:
        default = s.defaults.get(step.value)
        if default is None:
            return Turn(s, (Say("messages/nothing_to_keep"), *ask(s, brief=True)))
        try:
            apply_answer(s, step, default, s.touched)
        except parse.Invalid as invalid:
            return _reprompt(s, invalid)
    _advance(s)
    return Turn(s, tuple(ask(s)))


def _answer_title(s: InterviewState, word: str) -> Turn:
    """Yes keeps the title split off; no puts it back in the name; `back` asks for the
    interviewers again."""
    if word == "back":
        s.pending, s.titles_to_confirm = None, []
        return Turn(s, tuple(ask(s)))
    if word not in TITLE_YES and word not in TITLE_NO:
        return Turn(s, (ask_title(s),))
    confirm_title(s, word in TITLE_YES)
    if s.titles_to_confirm:
        return Turn(s, (ask_title(s),))
    s.pending = None
    _advance(s)
    return Turn(s, tuple(ask(s)))


def _restart(s: InterviewState) -> Turn:
    s.pending = Pending.RESTART
    choices = (Choice("yes"), Choice("no"))
    return Turn(s, (Say("messages/confirm_restart", {}, choices, s.ref),))


def _edit(s: InterviewState) -> Turn:
    s.pending = Pending.EDIT
    steps = editable_steps(s.answers)
    choices = tuple(Choice(step.value) for step in steps)
    return Turn(s, (Say("messages/edit_which", {}, choices, s.ref),))


def _answer_edit_which(s: InterviewState, word: str) -> Turn:
    steps = editable_steps(s.answers)
    chosen = next((step for step in steps if word.replace(" ", "_") == step.value), None)
    if chosen is None and word.isdigit() and 1 <= int(word) <= len(steps):
        chosen = steps[int(word) - 1]
    s.pending = None
    if chosen is None:
        s.step = Step.REVIEW
        return Turn(s, (Say("messages/edit_unknown"), *ask(s)))
    s.step, s.detail_index, s.return_to_review = chosen, 0, True
    return Turn(s, tuple(ask(s)))


def _change_tone(s: InterviewState) -> Turn:
    s.step, s.return_to_review = Step.TONE, True
    return Turn(s, tuple(ask(s)))


def _another_version(s: InterviewState) -> Turn:
    s.version += 1
    return Turn(s, tuple(ask(s)))


def _done(s: InterviewState) -> Turn:
    s.status = Status.DONE
    count = len(s.answers["interviewers"])
    return Turn(s, (Say("messages/finished", {"count": count}),), Outcome.FINISHED)


_ACTIONS: dict[str, Callable[[InterviewState], Turn]] = {
    "help": _help,
    "back": _back,
    "skip": _skip,
    "cancel": _cancel,
    "restart": _restart,
    "keep": _keep,
    "edit": _edit,
    "tone": _change_tone,
    "version": _another_version,
    "done": _done,
}


# -- answers ------------------------------------------------------------------------------


def _reprompt(s: InterviewState, invalid: parse.Invalid) -> Turn:
    """Say what was wrong and ask again; the answers saved so far are untouched."""
    optional = SPECS[s.step].optional
    context = {"problem": invalid.problem, "optional": optional, **invalid.details}
    return Turn(s, (Say("messages/invalid", context), *ask(s, brief=True)))


def _advance(s: InterviewState) -> None:
    editing_details = s.step is Step.DETAILS
    if editing_details and s.detail_index + 1 < len(s.answers["interviewers"]):
        s.detail_index += 1  # a panel's details are edited as one answer, person by person
        return
    if s.return_to_review:
        # An edit may bring questions in (a new panelist's detail, who asked): asked
        # before the review comes back.
        missing = unanswered(s.answers)
        if missing is not None:
            s.step, s.detail_index = missing
            return
        s.step, s.return_to_review = Step.REVIEW, False
        return
    step, index = next_position(s.step, s.detail_index, s.answers)
    s.step, s.detail_index = step, index
