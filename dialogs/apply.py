"""An answer typed at a step written into the answers document (dialogs/answers.py), or
an optional question recorded as skipped.

`apply_answer` raises `parse.Invalid` for an answer it cannot take, leaving the document
as it was. Changing the interviewers keeps what belongs to each person: a name corrected
keeps that person's panel detail and, when they asked the question of the better answer,
stays its asker; a person no longer on the panel takes theirs away, and who asked is
asked again (dialogs/steps.py `unanswered`). So no edit leaves a document the review
cannot compose.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from dialogs import parse
from dialogs.answers import TONES
from dialogs.messages import Say
from dialogs.states import InterviewState
from dialogs.steps import SPECS, Step, unanswered
from dialogs.text import clean_text

MAX_SHORT_ANSWER_CHARS = 200  # company and role are names, not paragraphs
# How alike two spellings of a name must be to be one person corrected ("Tom Baker",
# "Tom Becker": 0.8); difflib's ratio.
SAME_PERSON_RATIO = 0.6
# What people type for "I don't know who asked" at the who-asked question.
NOT_SURE = ("not sure", "unsure", "dont know", "don't know", "no idea", "all", "everyone")


def apply_answer(s: InterviewState, step: Step, raw: str, now: dt.datetime) -> list[Say]:
    """Write the answer to `step` into `s.answers`; return what to tell the user about
    how it was read (a title split off a name), said before the next question."""
    answers = s.answers
    if step is Step.INTERVIEWERS:
        return _interviewers(s, parse.interviewers(raw))
    if step in (Step.COMPANY, Step.ROLE):
        text = parse.free_text(raw).replace("\n", " ")
        if len(text) > MAX_SHORT_ANSWER_CHARS:
            raise parse.Invalid("too_long", length=len(text), limit=MAX_SHORT_ANSWER_CHARS)
        answers[step.value] = text
    elif step is Step.STAGE:
        answers["stage"] = parse.stage(raw)
    elif step is Step.STRENGTHEN:
        question, addition = parse.strengthen(raw)
        before = answers.get("strengthen") or {}
        item: dict[str, Any] = {"question": question, "addition": addition}
        # Who asked is kept for the same question; a new question is asked about anew.
        if "interviewer" in before and before.get("question") == question:
            item["interviewer"] = before["interviewer"]
        answers["strengthen"] = item
    elif step is Step.STRENGTHEN_WHO:
        answers["strengthen"]["interviewer"] = who_asked(answers, raw)
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
    return []


def who_asked(answers: dict[str, Any], raw: str) -> str | None:
    """An interviewer's name (or a number, or a first name); "not sure" is None."""
    text = clean_text(raw).lower().strip(" .!")
    names = [p["name"] for p in answers["interviewers"]]
    if text in NOT_SURE:
        return None
    if text.isdigit() and 1 <= int(text) <= len(names):
        return str(names[int(text) - 1])
    for name in names:
        if text == name.lower() or text in name.lower().split():
            return str(name)
    raise parse.Invalid("strengthen_who", names=names)


# -- the interviewers --------------------------------------------------------------------


def same_people(before: list[str], after: list[str]) -> dict[int, int]:
    """Which person of `before` each person of `after` is (index -> index): the same
    name; else a name alike enough to be a correction ("Tom Baker" -> "Tom Becker");
    else, when the panel kept its size, the person at the same place (a name corrected
    beyond recognition is still the person listed there)."""
    matched: dict[int, int] = {}
    free = set(range(len(before)))

    def take(new: int, old: int) -> None:
        matched[new] = old
        free.discard(old)

    for new, name in enumerate(after):
        old = next((i for i in sorted(free) if before[i].lower() == name.lower()), None)
        if old is not None:
            take(new, old)
    for new, name in enumerate(after):
        if new in matched:
            continue
        ratios = [
            (difflib.SequenceMatcher(None, before[i].lower(), name.lower()).ratio(), i)
            for i in sorted(free)
        ]
        best = max(ratios, default=(0.0, -1))
        if best[0] >= SAME_PERSON_RATIO:
            take(new, best[1])
    if len(before) == len(after):
        for new in range(len(after)):
            if new not in matched and new in free:
                take(new, new)
    return matched


def _interviewers(s: InterviewState, parsed: list[parse.ParsedInterviewer]) -> list[Say]:
    answers = s.answers
    before: list[dict[str, Any]] = answers.get("interviewers") or []
    matched = same_people([p["name"] for p in before], [p.name for p in parsed])
    people = []
    for new, person in enumerate(parsed):
        entry: dict[str, Any] = {"name": person.name, "title": person.title}
        if person.email:
            entry["email"] = person.email
        if new in matched:  # their detail, and the wording of it they gave, stay theirs
            old = before[matched[new]]
            entry.update({k: old[k] for k in ("detail", "wording") if k in old})
        people.append(entry)
    answers["interviewers"] = people
    _carry_asker(answers, before, matched)
    s.titles_to_confirm = [
        i for i, p in enumerate(parsed) if p.title_from_name and not p.title_sure
    ]
    split = [
        {"name": p.name, "title": p.title} for p in parsed if p.title_from_name and p.title_sure
    ]
    return [Say("messages/title_split", {"people": split})] if split else []


def _carry_asker(
    answers: dict[str, Any], before: list[dict[str, Any]], matched: dict[int, int]
) -> None:
    """The better answer's asker follows their name; gone from the panel, who asked is
    unanswered again (and asked, on a panel)."""
    item = answers.get("strengthen")
    if not item or item.get("interviewer") is None:
        return
    names = [p["name"] for p in before]
    old = names.index(item["interviewer"]) if item["interviewer"] in names else None
    new = next((n for n, o in matched.items() if o == old), None)
    if new is None:
        item.pop("interviewer")
    else:
        item["interviewer"] = answers["interviewers"][new]["name"]


def confirm_title(s: InterviewState, yes: bool) -> None:
    """The answer to "Is 'Eng Mgr' Jordan's title?": no puts the words back in the name."""
    index = s.titles_to_confirm.pop(0)
    person = s.answers["interviewers"][index]
    if not yes:
        person["name"] = f"{person['name']} {person['title']}"
        person["title"] = None


def leave_out(s: InterviewState, step: Step, index: int) -> None:
    """Record an optional question as skipped."""
    if step is Step.DETAILS:
        person = s.answers["interviewers"][index]
        person["detail"] = None
        person.pop("wording", None)
    elif step is Step.STRENGTHEN_WHO:
        s.answers["strengthen"]["interviewer"] = None
    else:
        s.answers[step.value] = None
        s.answers.get("wording", {}).pop(step.value, None)


def leave_out_unanswered(s: InterviewState) -> bool:
    """Skip every optional question not asked yet; False if a required one is left."""
    while (missing := unanswered(s.answers)) is not None:
        step, index = missing
        if not SPECS[step].optional:
            return False
        leave_out(s, step, index)
    return True
