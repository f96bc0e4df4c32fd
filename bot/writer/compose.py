"""The note writer's entry point: answers in, one thank-you note per interviewer out.

Every sentence a note can contain lives in templates/notes/ (a template per tone and
stage, and its frames in templates/notes/frames/). This module writes each answer for
each reader (bot/writer/answer.py), renders the template with its frames
(bot/writer/frames.py), fits the note to its length (bot/writer/length.py) and has the
proofreader read every sentence said from an answer (bot/writer/proofreading/). Answers
are passed to Jinja as values, never as template source, so `{{ 7*7 }}` in an answer is
printed as typed.

Word count: `Note.word_count` counts the words of the three paragraphs between the
greeting and the sign-off (not the subject, greeting, sign-off or signature); a word is
a whitespace-separated token with at least one letter or digit. `body_word_count(body)`
applies the same rule to a finished body. The tone ranges in `LENGTHS` use this count.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import cache, partial

from bot.templating import environment, render
from bot.writer.answer import name_words, write_answer, write_wording
from bot.writer.casing import capitalise_name, capitalise_title, user_capitals
from bot.writer.frames import Frames, Written
from bot.writer.greeting import Addressee, addressee
from bot.writer.length import LENGTHS, STAGE_LENGTHS, fit, length_range, specificity
from bot.writer.proofreading import Flag, proofread
from bot.writer.said import Said
from bot.writer.strengthen import about_care, strengthen_said
from bot.writer.text import is_skip, one_line, strip_end, tidy, word_count, word_set
from bot.writer.voice import Reader
from dialogs.answers import TONES, Answers, Interviewer

# How many optional framing sentences (thanks, next steps, contact) a template offers to
# lift a note built from short answers to its tone's minimum.
MAX_PAD = 8
# Pad a little past the minimum, so a slightly different word count still agrees.
_MARGIN = 4
# The answers a note says, in the templates' order (a sentence said once is not repeated).
ANSWER_ORDER = ("highlights", "detail", "qualifications", "advantage", "interest")
OPTIONAL = ("advantage", "detail")

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


@dataclass(frozen=True)
class Rewrite:
    """How one answer was written in one note: what the user typed, what the note says."""

    answer: str  # "qualifications", "highlights", "interest", "advantage" or "detail"
    source: str
    written: str
    sure: bool
    doubts: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {"answer": self.answer, "from": self.source, "to": self.written, "sure": self.sure}


@dataclass(frozen=True)
class Note:
    interviewer: str
    subject: str
    body: str
    word_count: int
    rewrites: tuple[Rewrite, ...] = ()
    # Sentences the writer or the proofreader is not sure of, with the reasons.
    flags: tuple[Flag, ...] = ()
    # Every sentence said from an answer, as the note says it (for previews and checks).
    written: tuple[Written, ...] = ()
    # What of the answers the note leaves out to stay within its length range, in the
    # answers' order: the least specific sentences go first (the length tip names them).
    left_out: tuple[tuple[str, str], ...] = ()  # (answer, text)


def template_of(tone: str, stage: str | None) -> str:
    if stage in STAGE_LENGTHS:
        return f"notes/stages/{stage}.txt.j2"
    return f"notes/{tone}.txt.j2"


def body_word_count(body: str) -> int:
    """Words between the greeting and the sign-off of a note body (see module docstring)."""
    blocks = body.split("\n\n")
    return sum(word_count(block) for block in blocks[1:-1])


def known_names(answers: Answers) -> dict[str, str]:
    """Lower-case forms of the names the user gave, and words they capitalised elsewhere,
    so that "tom" and "fernway" in an answer are written "Tom" and "Fernway"."""
    better = answers.strengthen
    names: dict[str, str] = user_capitals(
        [answers.qualifications, answers.highlights, answers.interest, answers.advantage or ""]
        + [p.detail or "" for p in answers.interviewers]
        + ([better.question, better.addition] if better else [])
        + [answers.next_step or ""]
    )
    for person in answers.interviewers:
        who = addressee(person.name)
        for form in (who.full, who.surname, who.first):
            if form and len(form) > 2:
                names[form.lower()] = form
    for proper in (capitalise_name(answers.company), capitalise_name(answers.candidate_name)):
        names.setdefault(proper.lower(), proper)
    return names


# The one word of a job title that names its holder alone ("the chef", "the CFO").
_TITLE_HEADS = word_set(
    """chef cfo ceo coo cto cmo cio owner founder principal superintendent dean pastor
    lieutenant captain sergeant chief president controller"""
)


def title_forms(answers: Answers) -> list[tuple[str, ...]]:
    """How each interviewer may be named by their job title in an answer: "the Executive
    Chef", and "the chef" when no one else on the panel has that word in their title."""
    titles = [(p.title or addressee(p.name).title or "").strip() for p in answers.interviewers]
    heads = [
        {w for w in title.lower().replace(",", " ").split() if w in _TITLE_HEADS}
        for title in titles
    ]
    forms = []
    for index, title in enumerate(titles):
        own = [f"the {title}"] if title else []
        for head in heads[index]:
            if all(head not in other for i, other in enumerate(heads) if i != index):
                own.append(f"the {head}")
        forms.append(tuple(own))
    return forms


def reader_of(answers: Answers, index: int) -> Reader:
    """Who the note to interviewer `index` is for, and how the rest of the panel is named
    (by their names, or the job titles they gave)."""
    people = [addressee(p.name) for p in answers.interviewers]
    titles = title_forms(answers)
    others = {
        form: who.first
        for i, who in enumerate(people)
        if i != index
        for form in (*who.names, *titles[i])
    }
    names = (*people[index].names, *titles[index])
    return Reader(names=names, panel=answers.is_panel, others=others)


@cache
def frames_of(tone: str, stage: str | None) -> dict[str, dict[str, list[str]]]:
    """The frames of a note's template (templates/notes/frames/), by answer."""
    name = stage if stage in STAGE_LENGTHS else tone
    module = environment().get_template(f"notes/frames/{name}.txt.j2").module
    answers = (*ANSWER_ORDER, "detail_own", "strengthen", "next_step")
    return {key: getattr(module, key) for key in answers if hasattr(module, key)}


def company_of(answers: Answers) -> str:
    return strip_end(capitalise_name(one_line(answers.company)))


def shared_context(answers: Answers) -> dict[str, object]:
    date = answers.interview_date
    return {
        "candidate": capitalise_name(one_line(answers.candidate_name)),
        "email": one_line(answers.email).lower() if answers.email else None,
        "phone": one_line(answers.phone) if answers.phone else None,
        "company": company_of(answers),
        "role": strip_end(capitalise_title(one_line(answers.role))) if answers.role else "",
        "date": f"{_MONTHS[date.month - 1]} {date.day}" if date else "",
        "panel": answers.is_panel,
        "stage": answers.stage,
    }


def sources(answers: Answers, index: int) -> dict[str, str | None]:
    """The answers a note to interviewer `index` says, as the user typed them."""
    return {
        "qualifications": answers.qualifications,
        "highlights": answers.highlights,
        "interest": answers.interest,
        "advantage": answers.advantage,
        "detail": answers.interviewers[index].detail,
    }


def own_wording(answers: Answers, index: int) -> dict[str, str]:
    """The candidate's own wording, where they gave one, keyed like `sources`."""
    person: Interviewer = answers.interviewers[index]
    own = dict(answers.wording)
    if person.wording:
        own["detail"] = person.wording
    return own


def written_answers(
    answers: Answers,
    index: int,
    terms: Mapping[str, str] | None = None,
    only: str | None = None,
) -> dict[str, Said | None]:
    """Each answer (or `only` that one) as written for the note to interviewer `index`;
    None when an optional answer was skipped."""
    reader = reader_of(answers, index)
    terms = known_names(answers) if terms is None else terms
    own = own_wording(answers, index)
    company = company_of(answers)
    clinical = about_care(answers)
    written: dict[str, Said | None] = {}
    for key, text in sources(answers, index).items():
        if only is not None and key != only:
            continue
        if is_skip(text):
            # A required answer that says nothing ("so basically") leaves its sentence out;
            # the interview and the coach ask for a real one.
            written[key] = None if key in OPTIONAL else Said(key, ())
        elif key in own:
            written[key] = write_wording(own[key], terms, key)
        else:
            written[key] = write_answer(
                text or "",
                reader,
                answer=key,
                terms=terms,
                company=company,
                clinical=clinical,
                stage=answers.stage,
            )
    return written


def rewrites_of(answers: Answers, index: int, written: Mapping[str, Said | None]) -> list[Rewrite]:
    typed = {**sources(answers, index), **own_wording(answers, index)}
    return [
        Rewrite(key, typed.get(key) or "", said.text, said.sure, said.doubts)
        for key, said in written.items()
        if said is not None and key in typed
    ]


def render_body(template: str, context: dict[str, object], frames: Frames) -> str:
    """Render a note template; tidy the three paragraphs; keep signature lines apart."""
    text = render(template, pick=frames.pick, say=frames.say, **context)
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text)]
    greeting, *paragraphs, signature = [b for b in blocks if b]
    lines = [line.strip() for line in signature.splitlines() if line.strip()]
    return "\n\n".join([" ".join(greeting.split()), *tidy(paragraphs), "\n".join(lines)])


def _said_once(context: dict[str, object]) -> dict[str, object]:
    """Each answer without the sentences an earlier answer in the note already said.

    An optional answer whose every part was said before is left out; a required one
    keeps what is left, so each principle still has its sentence where it can.
    """
    seen: set[str] = set()
    kept: dict[str, object] = {}
    for key in ANSWER_ORDER:
        said = context.get(key)
        if not isinstance(said, Said):
            continue
        repeated = set()
        for part in said.parts:
            words = " ".join(re.findall(r"\w+", part.text.lower()))
            if words in seen:
                repeated.add(part.text)
            seen.add(words)
        fresh = said.without(repeated)
        if fresh.empty and key in OPTIONAL:
            kept[key] = None
        else:
            kept[key] = fresh if not fresh.empty else said
    return {**context, **kept}


def _compose_one(
    tone: str,
    shared: dict[str, object],
    answers: Answers,
    index: int,
    terms: Mapping[str, str],
    frames: Callable[[], Frames],
) -> Note:
    who: Addressee = addressee(answers.interviewers[index].name)
    written = written_answers(answers, index, terms)
    reader = reader_of(answers, index)
    company = str(shared["company"])
    extra = {
        "greeting": who,
        "tone": tone,
        "strengthen": strengthen_said(answers, index, reader, terms, company),
        "next_step": None
        if is_skip(answers.next_step)
        else write_answer(
            answers.next_step or "", reader, answer="next_step", terms=terms, company=company
        ),
    }
    if answers.stage == "phone_screen":  # one point of each answer
        written = {key: _one_point(said) if said else None for key, said in written.items()}
    context = _said_once({**shared, **written, **extra})
    template = template_of(tone, answers.stage)
    body, said, left_out = fit(
        template, context, frames, length_range(tone, answers.stage), render_body
    )
    flags = proofread(said, name_words(terms))
    subject = render("notes/subject.txt.j2", **context)
    flagged = {flag.answer: flag.reasons for flag in flags}
    rewrites = [
        replace(r, sure=False, doubts=r.doubts + flagged[r.answer]) if r.answer in flagged else r
        for r in rewrites_of(answers, index, written)
    ]
    return Note(
        interviewer=who.full,
        subject=" ".join(subject.split()),
        body=body,
        word_count=body_word_count(body),
        rewrites=tuple(rewrites),
        flags=tuple(flags),
        written=tuple(said),
        left_out=left_out,
    )


def _one_point(said: Said) -> Said:
    """What a phone screen's note says of an answer: the most specific point of the
    qualifications (the result, not the vague part), the first point of the others
    (what the interview stressed comes before what speaks to it)."""
    if said.answer != "qualifications" or not said.parts:
        return said.first_only()
    # A point short enough for a 60-110 word note; the first of equals.
    short = [p for p in said.parts if word_count(p.text) <= PHONE_POINT_WORDS] or [
        min(said.parts, key=lambda part: word_count(part.text))
    ]
    best = max(short, key=lambda part: specificity(part.text))
    return Said(said.answer, (best,), said.names)


PHONE_POINT_WORDS = 28


def compose_notes(answers: Answers, tone: str | None = None, version: int = 0) -> list[Note]:
    """One note per interviewer, in order, in `tone` (default: `answers.tone`).

    `version` picks alternative frames deterministically, and each member of a panel
    gets different ones (bot/writer/frames.py), so notes to one panel do not read as copies.
    """
    tone = tone or answers.tone
    if tone not in TONES:
        raise ValueError(f"tone must be one of {', '.join(TONES)}, not {tone!r}")
    shared = shared_context(answers)
    terms = known_names(answers)
    size = len(answers.interviewers)
    return [
        _compose_one(tone, shared, answers, index, terms, partial(Frames, version, index, size))
        for index in range(size)
    ]


__all__ = [
    "LENGTHS",
    "MAX_PAD",
    "STAGE_LENGTHS",
    "Note",
    "Rewrite",
    "body_word_count",
    "compose_notes",
    "length_range",
    "written_answers",
]
