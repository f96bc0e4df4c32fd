"""Asking: the current question (or the review) with its buttons, the saved answer
shown when a question comes round again, and what makes a question the same one when
it is asked again (its copies share a ref)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Any

from dialogs.answers import STAGES, TONES, Answers, answers_from_document
from dialogs.messages import Choice, Output, Say, ShowNotes, Turn
from dialogs.states import InterviewState, Pending
from dialogs.steps import SPECS, Step, question_number

REVIEW_ACTIONS = ("edit", "tone", "version", "restart", "done")


def answers_of(state: InterviewState) -> Answers:
    """The finished answers of a state at review (raises AnswersError before then)."""
    return answers_from_document(state.answers)


def saved_answer(s: InterviewState, step: Step) -> str | None:
    """The saved answer shown when a question is asked again; None if never answered."""
    answers = s.answers
    if step is Step.INTERVIEWERS and answers.get("interviewers"):
        return "; ".join(
            ", ".join(filter(None, (p["name"], p.get("title"), p.get("email"))))
            for p in answers["interviewers"]
        )
    if step is Step.DETAILS:
        person = answers["interviewers"][s.detail_index]
        return str(person["detail"]) if person.get("detail") else None
    if step is Step.STRENGTHEN and answers.get("strengthen"):
        item = answers["strengthen"]
        return f"{item['question']}: {item['addition']}"
    if step is Step.STRENGTHEN_WHO:
        who = (answers.get("strengthen") or {}).get("interviewer")
        return str(who) if who else None
    if step is Step.CONTACT and ("email" in answers or "phone" in answers):
        return " ".join(filter(None, (answers.get("email"), answers.get("phone"))))
    value = answers.get(step.value)
    return str(value) if value else None


def question_context(s: InterviewState) -> dict[str, Any]:
    step = s.step
    number, total = question_number(step, s.answers)
    context: dict[str, Any] = {
        "step": step.value,
        "principle": SPECS[step].principle,
        "optional": SPECS[step].optional,
        # No "N of M" while editing an answer from the review: it is no step forward.
        "number": None if s.return_to_review else number,
        "total": total,
        "answers": s.answers,
        "saved": saved_answer(s, step),
        "default": s.defaults.get(step.value),
        "editing": s.return_to_review,
        "version": s.version,
    }
    if step is Step.DETAILS:
        context["interviewer"] = s.answers["interviewers"][s.detail_index]["name"]
    return context


def ask(s: InterviewState, *, brief: bool = False) -> list[Output]:
    """The current question (or the review), with its buttons."""
    step = s.step
    if step is Step.REVIEW:
        actions = tuple(Choice(v) for v in REVIEW_ACTIONS)
        return [ShowNotes(answers_of(s), s.version, actions, s.ref, tuple(s.accepted))]
    context = question_context(s)
    context["brief"] = brief
    choices: list[Choice] = []
    if context["saved"] is not None:
        choices.append(Choice("keep", context["saved"]))
    elif context["default"]:
        choices.append(Choice("keep", context["default"]))
    if step is Step.INTERVIEW_DATE:
        choices += [Choice("today"), Choice("yesterday")]
    if step is Step.STAGE:
        choices += [Choice(stage) for stage in STAGES]
    if step is Step.STRENGTHEN_WHO:
        choices += [Choice(p["name"]) for p in s.answers["interviewers"]]
        choices.append(Choice("not sure"))
    if step is Step.TONE:
        choices += [Choice(tone) for tone in TONES]
    choices = mark_current(choices, context["saved"], s.touched)
    if SPECS[step].optional and step is not Step.STRENGTHEN_WHO:  # "not sure" is its skip
        choices.append(Choice("skip"))
    return [Say("messages/ask", context, tuple(choices), s.ref)]


def mark_current(choices: list[Choice], saved: str | None, now: dt.datetime) -> list[Choice]:
    """When a button stands for the saved answer (a tone, a kind of interview, who asked,
    the date of "today" or "yesterday"), that button is marked as the current one: it is
    the "Keep" button the question's text offers, labelled `Keep "Warm"`, and no other
    is offered beside it (`Keep "warm"` next to `Warm`)."""
    today = now.date()
    means = {"today": today, "yesterday": today - dt.timedelta(days=1)}
    current = [
        c.value != "keep" and saved is not None and str(means.get(c.value, c.value)) == saved
        for c in choices
    ]
    if not any(current):
        return choices
    return [
        replace(c, current=mark)
        for c, mark in zip(choices, current, strict=True)
        if c.value != "keep"
    ]


def shown_question(s: InterviewState) -> tuple[Any, ...]:
    """What identifies the question a state shows: where it is, and at the review the
    answers it shows (another tone or version is a new review)."""
    shown = json.dumps(s.answers, sort_keys=True) if s.step is Step.REVIEW else None
    where = (s.status, s.step, s.detail_index, s.pending, s.return_to_review)
    return (*where, s.version, tuple(s.titles_to_confirm), shown)


def asked_again(before: InterviewState, turn: Turn) -> Turn:
    """The question was asked again: its copies keep the ref it was first asked with."""
    after = turn.state
    assert after is not None
    provisional = after.ref
    after.asked = before.asked if before.asked is not None else before.seq
    outputs = tuple(
        replace(output, ref=after.ref) if output.ref == provisional else output
        for output in turn.outputs
    )
    return replace(turn, outputs=outputs)


def ask_title(s: InterviewState) -> Say:
    """ "Is 'Eng Mgr' Jordan's title?" about the first title split off unsure."""
    s.pending = Pending.TITLE
    person = s.answers["interviewers"][s.titles_to_confirm[0]]
    context = {"name": person["name"], "title": person["title"]}
    choices = (Choice("yes", "title"), Choice("no", "title"))
    return Say("messages/confirm_title", context, choices, s.ref)
