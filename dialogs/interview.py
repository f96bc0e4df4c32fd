"""The interview: one question at a time, from the interviewers to the review.

`handle(state, incoming, now)` is the whole contract: it takes the saved state (plain
JSON, or None when the user has no open interview) and returns the new state and what
to say. It does no I/O, so the same interview runs in the terminal, Slack and Teams.
The state's `answers` is an answers document (dialogs/answers.py) being filled in.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable
from typing import Any

from dialogs import parse
from dialogs.answers import TONES
from dialogs.messages import (
    CheckWording,
    Choice,
    Command,
    Incoming,
    Outcome,
    Profile,
    Say,
    Turn,
)
from dialogs.questions import (
    ask,
    question_context,
    saved_answer,
)
from dialogs.states import InterviewState, Pending, Status
from dialogs.steps import SPECS, Step, editable_steps, next_position, previous_position
from dialogs.text import clean_text

IDLE_BEFORE_ASKING = dt.timedelta(days=7)
MAX_SHORT_ANSWER_CHARS = 200  # company and role are names, not paragraphs

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
# The answers the note writer may ask about, and the steps that take them.
WORDED_STEPS = {
    Step.QUALIFICATIONS: "qualifications",
    Step.HIGHLIGHTS: "highlights",
    Step.DETAILS: "detail",
    Step.INTEREST: "interest",
    Step.ADVANTAGE: "advantage",
}
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
    """
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
    if s.pending is Pending.WORDING and WORDS.get(word) not in ("cancel", "restart", "help"):
        return _answer_wording(s, word, incoming.text, check_wording)

    action = WORDS.get(word)
    step = s.step
    if step is Step.REVIEW:
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
        _apply_answer(s, step, incoming.text, now)
    except parse.Invalid as invalid:
        return _reprompt(s, invalid)
    unsure = _unsure(s, step, check_wording)
    if unsure is not None:
        return unsure
    _advance(s)
    return Turn(s, tuple(ask(s)))


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
        unsure = _unsure(s, s.step, check_wording) if s.pending is Pending.WORDING else None
        asked = unsure or Turn(s, tuple(ask(s)))
    return Turn(state, (notice, *asked.outputs))


def _word(typed: str) -> str:
    """What was typed, as the words of the interview are compared."""
    text = clean_text(typed)
    return "help" if text == "?" else re.sub(r"[^\w ]", "", text.lower()).strip()


def edit_choice(answer: str) -> Choice:
    """The button that edits `answer` at the review (read back by `handle`)."""
    return Choice(f"{EDIT_PREFIX}{answer}")


# -- asking when the note writer is unsure -------------------------------------------------


def _unsure(s: InterviewState, step: Step, check_wording: CheckWording | None) -> Turn | None:
    """Show how the answer just given will read, when the writer is not sure of it."""
    answer = WORDED_STEPS.get(step)
    if answer is None or check_wording is None:
        return None
    index = s.detail_index if step is Step.DETAILS else None
    preview = check_wording(s.answers, answer, index)
    if preview is None:
        return None
    s.pending = Pending.WORDING
    context = {
        "answer": answer,
        "interviewer": preview.interviewer,
        "panel": len(s.answers.get("interviewers") or []) > 1,
        "topic": preview.topic,
        "sentences": preview.sentences,
    }
    return Turn(s, (Say("messages/confirm_wording", context, (Choice("ok"),), s.ref),))


def _answer_wording(
    s: InterviewState, word: str, raw: str, check_wording: CheckWording | None
) -> Turn:
    """`ok` keeps the writer's sentence; `back` asks the question again; anything else is
    the candidate's own wording, used in the notes as written."""
    s.pending = None
    step = s.step
    if word in ACCEPT:
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
        problem = Say("messages/invalid", context)
        again = _unsure(s, step, check_wording)
        return Turn(s, (problem, *(again.outputs if again else ask(s))))
    if step is Step.DETAILS:
        s.answers["interviewers"][s.detail_index]["wording"] = wording
    else:
        s.answers.setdefault("wording", {})[step.value] = wording
    _advance(s)
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
    return Turn(s, (Say("messages/help", question_context(s)), *ask(s, brief=True)))


def _back(s: InterviewState) -> Turn:
    step = s.step
    if s.return_to_review:
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
    if step is Step.DETAILS:
        person = s.answers["interviewers"][s.detail_index]
        person["detail"] = None
        person.pop("wording", None)
    elif step is Step.STRENGTHEN_WHO:
        s.answers["strengthen"]["interviewer"] = None
    else:
        s.answers[step.value] = None
        s.answers.get("wording", {}).pop(step.value, None)
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
            _apply_answer(s, step, default, s.touched)
        except parse.Invalid as invalid:
            return _reprompt(s, invalid)
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


def _apply_answer(s: InterviewState, step: Step, raw: str, now: dt.datetime) -> None:
    answers = s.answers
    if step is Step.INTERVIEWERS:
        before = {p["name"]: p for p in answers.get("interviewers") or []}
        answers["interviewers"] = [
            {
                "name": p.name,
                "title": p.title,
                "detail": before.get(p.name, {}).get("detail"),
                # the candidate's own wording of that detail, if they gave one
                **{k: v for k, v in before.get(p.name, {}).items() if k == "wording"},
            }
            for p in parse.interviewers(raw)
        ]
    elif step in (Step.COMPANY, Step.ROLE):
        text = parse.free_text(raw).replace("\n", " ")
        if len(text) > MAX_SHORT_ANSWER_CHARS:
            raise parse.Invalid("too_long", length=len(text), limit=MAX_SHORT_ANSWER_CHARS)
        answers[step.value] = text
    elif step is Step.STAGE:
        answers["stage"] = parse.stage(raw)
    elif step is Step.STRENGTHEN:
        question, addition = parse.strengthen(raw)
        before = answers.get("strengthen") or {}
        answers["strengthen"] = {
            "question": question,
            "addition": addition,
            "interviewer": before.get("interviewer"),
        }
    elif step is Step.STRENGTHEN_WHO:
        answers["strengthen"]["interviewer"] = _who_asked(answers, raw)
    elif step is Step.INTERVIEW_DATE:
        answers["interview_date"] = parse.interview_date(raw, now.date()).isoformat()
    elif step is Step.DETAILS:
        person = answers["interviewers"][s.detail_index]
        person["detail"] = parse.free_text(raw)
        person.pop("wording", None)  # a new answer, a new wording
    elif step is Step.CONTACT:
        contact = parse.contact(raw, s.region)
        answers["email"], answers["phone"] = contact.email, contact.phone
    elif step is Step.CANDIDATE_NAME:
        answers["candidate_name"] = parse.person_name(raw)
    elif step is Step.TONE:
        word = clean_text(raw).lower().strip(" .!")
        if word not in TONES:
            raise parse.Invalid("tone")
        answers["tone"] = word
    else:
        answers[step.value] = parse.free_text(raw)
        answers.get("wording", {}).pop(step.value, None)  # a new answer, a new wording


def _who_asked(answers: dict[str, Any], raw: str) -> str | None:
    """An interviewer's name (or a number, or a first name); "not sure" is None."""
    text = clean_text(raw).lower().strip(" .!")
    names = [p["name"] for p in answers["interviewers"]]
    if text in ("not sure", "unsure", "dont know", "don't know", "no idea", "all", "everyone"):
        return None
    if text.isdigit() and 1 <= int(text) <= len(names):
        return str(names[int(text) - 1])
    for name in names:
        if text == name.lower() or text in name.lower().split():
            return str(name)
    raise parse.Invalid("strengthen_who", names=names)


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
        s.step, s.return_to_review = Step.REVIEW, False
        return
    step, index = next_position(s.step, s.detail_index, s.answers)
    s.step, s.detail_index = step, index
