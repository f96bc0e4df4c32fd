"""The note composer: answers in, one thank-you note per interviewer out, plus a checklist.

Every sentence a note can contain lives in templates/notes/<tone>.txt.j2; this module
reads the answers into tidy pieces (bot/prose.py), chooses the frames, and measures the
result. Answers are passed to Jinja as values, never as template source, so `{{ 7*7 }}`
in an answer is printed as typed.

Word count: `Note.word_count` counts the words of the three paragraphs between the
greeting and the sign-off (not the subject, greeting, sign-off or signature); a word is
a whitespace-separated token with at least one letter or digit. `body_word_count(body)`
applies the same rule to a finished body. The tone ranges in `LENGTHS` use this count.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from bot.clauses import word_set
from bot.frames import Frames
from bot.prose import (
    Said,
    capitalise_name,
    capitalise_title,
    is_skip,
    one_line,
    read_answer,
    strip_end,
    tidy,
    word_count,
)
from bot.recipient import address_recipient
from bot.templating import render
from dialogs.answers import TONES, Answers, Interviewer

# Words between greeting and sign-off that read best for each tone (inclusive).
LENGTHS: dict[str, tuple[int, int]] = {"formal": (120, 220), "warm": (120, 220), "brief": (60, 130)}
# How many optional framing sentences (thanks, next steps, contact) a template offers to
# lift a note built from short answers to its tone's minimum.
MAX_PAD = 8
# Pad a little past the minimum, so a slightly different word count still agrees.
_MARGIN = 4

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_HONORIFICS = word_set("mr mrs ms miss mx dr prof professor sir dame rev reverend fr father sister")
_NAME_SUFFIXES = word_set("jr sr ii iii iv phd md mba cpa esq dds rn")


@dataclass(frozen=True)
class Note:
    interviewer: str
    subject: str
    body: str
    word_count: int


@dataclass(frozen=True)
class Addressee:
    """How to greet one interviewer; the templates choose which form a tone uses."""

    full: str  # the name as given, capitalised if typed in lower case
    formal: str  # "Dr. Natarajan" when a title was given, else "Emily Carter"
    informal: str  # "Emily"; or "Dr. Natarajan" when a title was given
    titled: bool


def addressee(name: str) -> Addressee:
    """Split a name as given into greeting forms; never guesses a title or gender."""
    full = capitalise_name(name)
    tokens = full.split()
    while len(tokens) > 1 and tokens[-1].lower().strip(".,") in _NAME_SUFFIXES:
        tokens.pop()
    tokens[-1] = tokens[-1].rstrip(",")
    core = " ".join(tokens)
    titled = len(tokens) > 1 and tokens[0].lower().rstrip(".") in _HONORIFICS
    if titled:
        formal = f"{tokens[0]} {tokens[-1]}"
        return Addressee(full=full, formal=formal, informal=formal, titled=True)
    first = tokens[0]
    initial = len(first.rstrip(".")) == 1 or first.endswith(".")
    return Addressee(full=full, formal=core, informal=core if initial else first, titled=False)


def body_word_count(body: str) -> int:
    """Words between the greeting and the sign-off of a note body (see module docstring)."""
    blocks = body.split("\n\n")
    return sum(word_count(block) for block in blocks[1:-1])


def _said(text: str | None) -> Said | None:
    return None if is_skip(text) else read_answer(text or "")


def _shared_context(answers: Answers) -> dict[str, object]:
    date = answers.interview_date
    return {
        "candidate": capitalise_name(answers.candidate_name),
        "email": one_line(answers.email) if answers.email else None,
        "phone": one_line(answers.phone) if answers.phone else None,
        "company": strip_end(capitalise_name(answers.company)),
        "role": strip_end(capitalise_title(answers.role)),
        "date": f"{_MONTHS[date.month - 1]} {date.day}" if date else "",
        "panel": answers.is_panel,
    }


def _answers_to(answers: Answers, interviewer: Interviewer) -> dict[str, object]:
    """The answers as said to this interviewer: their own name becomes "you"."""
    who = addressee(interviewer.name)
    core = who.full.split()
    if who.titled:
        core = core[1:]
    names = (who.full, who.formal, who.informal, " ".join(core), core[0] if core else "")

    def to_reader(text: str | None) -> str | None:
        return address_recipient(text, names) if text else text

    return {
        "greeting": who,
        "qualifications": read_answer(to_reader(answers.qualifications) or ""),
        "highlights": read_answer(to_reader(answers.highlights) or ""),
        "interest": read_answer(to_reader(answers.interest) or ""),
        "advantage": _said(to_reader(answers.advantage)),
        "detail": _said(to_reader(interviewer.detail)),
    }


def _render_body(tone: str, context: dict[str, object], frames: Frames) -> str:
    """Render a tone's template; tidy the three paragraphs; keep signature lines apart."""
    text = render(f"notes/{tone}.txt.j2", pick=frames.pick, say=frames.say, **context)
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text)]
    greeting, *paragraphs, signature = [b for b in blocks if b]
    lines = [line.strip() for line in signature.splitlines() if line.strip()]
    return "\n\n".join([" ".join(greeting.split()), *tidy(paragraphs), "\n".join(lines)])


def _said_once(context: dict[str, object]) -> dict[str, object]:
    """Each answer without the sentences an earlier answer in the note already said.

    The order is the templates' order: highlights, detail, qualifications, advantage,
    interest. An optional answer whose every sentence was said before is left out; a
    required one is kept whole, so each principle still has its sentence.
    """
    seen: set[str] = set()
    kept: dict[str, object] = {}
    for key in ("highlights", "detail", "qualifications", "advantage", "interest"):
        said = context.get(key)
        if not isinstance(said, Said):
            continue
        fresh = []
        for sentence in said.sentences:
            words = " ".join(re.findall(r"\w+", sentence.lower()))
            if words not in seen:
                seen.add(words)
                fresh.append(sentence)
        if fresh or said.fragment:
            kept[key] = replace(said, sentences=tuple(fresh))
        elif key in ("advantage", "detail"):
            kept[key] = None
    return {**context, **kept}


def _compose_one(
    tone: str,
    shared: dict[str, object],
    answers: Answers,
    interviewer: Interviewer,
    frames: Callable[[], Frames],
) -> Note:
    context = _said_once({**shared, **_answers_to(answers, interviewer)})
    low = LENGTHS[tone][0] + _MARGIN
    for pad in range(MAX_PAD + 1):
        body = _render_body(tone, {**context, "pad": pad}, frames())
        if body_word_count(body) >= low:
            break
    subject = render("notes/subject.txt.j2", **context)
    return Note(
        interviewer=capitalise_name(interviewer.name),
        subject=" ".join(subject.split()),
        body=body,
        word_count=body_word_count(body),
    )


def compose_notes(answers: Answers, tone: str | None = None, version: int = 0) -> list[Note]:
    """One note per interviewer, in order, in `tone` (default: `answers.tone`).

    `version` picks alternative frames deterministically, and each member of a panel
    gets different ones (bot/frames.py), so notes to one panel do not read as copies.
    """
    tone = tone or answers.tone
    if tone not in TONES:
        raise ValueError(f"tone must be one of {', '.join(TONES)}, not {tone!r}")
    shared = _shared_context(answers)
    return [
        _compose_one(
            tone,
            shared,
            answers,
            person,
            partial(Frames, version, member, len(answers.interviewers)),
        )
        for member, person in enumerate(answers.interviewers)
    ]
