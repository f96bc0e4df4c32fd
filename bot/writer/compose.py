"""The note writer's entry point: answers in, one thank-you note per interviewer out.

Every sentence a note can contain lives in templates/notes/<tone>.txt.j2. This module
writes each answer for each reader (bot/writer/answer.py), chooses the frames
(bot/writer/frames.py) and measures the result. Answers are passed to Jinja as values,
never as template source, so `{{ 7*7 }}` in an answer is printed as typed.

Word count: `Note.word_count` counts the words of the three paragraphs between the
greeting and the sign-off (not the subject, greeting, sign-off or signature); a word is
a whitespace-separated token with at least one letter or digit. `body_word_count(body)`
applies the same rule to a finished body. The tone ranges in `LENGTHS` use this count.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial

from bot.templating import render
from bot.writer.answer import Said, write_answer, write_wording
from bot.writer.casing import capitalise_name, capitalise_title, lower_opening, user_capitals
from bot.writer.frames import Frames
from bot.writer.greeting import Addressee, addressee
from bot.writer.text import is_skip, one_line, strip_end, tidy, word_count
from bot.writer.voice import Reader
from dialogs.answers import TONES, Answers, Interviewer

# Words between greeting and sign-off that read best for each tone (inclusive).
LENGTHS: dict[str, tuple[int, int]] = {"formal": (120, 220), "warm": (120, 220), "brief": (60, 130)}
# Stages with a note of their own (templates/notes/stages/) and its length, in any tone.
STAGE_LENGTHS: dict[str, tuple[int, int]] = {
    "phone_screen": (60, 110),
    "final_round": (80, 140),
    "informational": (80, 160),
}
# How many optional framing sentences (thanks, next steps, contact) a template offers to
# lift a note built from short answers to its tone's minimum.
MAX_PAD = 8
# Pad a little past the minimum, so a slightly different word count still agrees.
_MARGIN = 4
# What a better answer must never say: the note adds the point calmly.
APOLOGY = re.compile(
    r"\b(?:sorry|apologi[sz]e|apologies|messed up|screwed up|nervous|blanked|froze|"
    r"rambled|my bad|didn['’]t explain (?:it )?(?:well|clearly)|did not explain|"
    r"bad answer|terrible answer|botched)\b",
    flags=re.IGNORECASE,
)
# "the question about X", "when you asked about X": the topic is X.
_QUESTION_LEAD = re.compile(
    r"^\s*(?:(?:the|your|that|her|his|their)\s+)?(?:question\s+(?:about|on|of)\s+|"
    r"(?:when\s+)?(?:you|she|he|they)\s+asked\s+(?:me\s+)?(?:about\s+)?)",
    flags=re.IGNORECASE,
)
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


def length_range(tone: str, stage: str | None) -> tuple[int, int]:
    """The words a note should have: its stage's range, or else its tone's."""
    return STAGE_LENGTHS.get(stage or "", LENGTHS.get(tone, LENGTHS["formal"]))


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
    names: dict[str, str] = user_capitals(
        [answers.qualifications, answers.highlights, answers.interest, answers.advantage or ""]
        + [p.detail or "" for p in answers.interviewers]
    )
    for person in answers.interviewers:
        who = addressee(person.name)
        for form in (who.full, " ".join(who.full.split()[1:]) if who.titled else "", who.first):
            if form and len(form) > 2:
                names[form.lower()] = form
    for proper in (capitalise_name(answers.company), capitalise_name(answers.candidate_name)):
        names.setdefault(proper.lower(), proper)
    return names


def reader_of(answers: Answers, index: int) -> Reader:
    """Who the note to interviewer `index` is for, and how the rest of the panel is named."""
    people = [addressee(p.name) for p in answers.interviewers]
    others = {form: who.first for i, who in enumerate(people) if i != index for form in who.names}
    return Reader(names=people[index].names, panel=answers.is_panel, others=others)


def _optional(text: str | None, reader: Reader, terms: Mapping[str, str]) -> Said | None:
    return None if is_skip(text) else write_answer(text or "", reader, terms=terms)


def _first_only(said: Said | None) -> Said | None:
    """A phone-screen note says one point of an answer: its topic, or its first sentence."""
    if said is None or said.topic:
        return None if said is None else replace(said, sentences=())
    return replace(said, sentences=said.sentences[:1])


def strengthen_for(
    answers: Answers, index: int, terms: Mapping[str, str] | None = None
) -> Said | None:
    """The better answer, for the note to interviewer `index`: only the note of the person
    who asked (every note when the candidate did not say), never an apology."""
    item = answers.strengthen
    if item is None:
        return None
    if item.interviewer and item.interviewer != answers.interviewers[index].name:
        return None
    reader = reader_of(answers, index)
    terms = known_names(answers) if terms is None else terms
    question = write_answer(_QUESTION_LEAD.sub("", item.question), reader, terms=terms)
    addition = write_answer(item.addition, reader, terms=terms)
    sentences = tuple(
        s
        for s in (*addition.sentences, *([addition.topic] if addition.topic else []))
        if not APOLOGY.search(s)
    )
    if not sentences:
        return None
    topic = question.topic or lower_opening(strip_end(question.all), question.names)
    return Said(
        topic=topic, sentences=sentences, sure=question.sure and addition.sure, names=addition.names
    )


def _shared_context(answers: Answers) -> dict[str, object]:
    date = answers.interview_date
    return {
        "candidate": capitalise_name(one_line(answers.candidate_name)),
        "email": one_line(answers.email) if answers.email else None,
        "phone": one_line(answers.phone) if answers.phone else None,
        "company": strip_end(capitalise_name(one_line(answers.company))),
        "role": strip_end(capitalise_title(one_line(answers.role))),
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
    written: dict[str, Said | None] = {}
    for key, text in sources(answers, index).items():
        if only is not None and key != only:
            continue
        if is_skip(text):
            # A required answer that says nothing ("so basically") leaves its sentence out;
            # the interview and the coach ask for a real one.
            written[key] = None if key in OPTIONAL else Said(topic="", sentences=())
        elif key in own:
            written[key] = write_wording(own[key], terms)
        else:
            written[key] = write_answer(
                text or "", reader, terms=terms, about_reader=key == "detail"
            )
    return written


def _rewrites(answers: Answers, index: int, written: Mapping[str, Said | None]) -> list[Rewrite]:
    typed = {**sources(answers, index), **own_wording(answers, index)}
    return [
        Rewrite(key, typed[key] or "", said.text, said.sure, said.doubts)
        for key, said in written.items()
        if said is not None
    ]


def _render_body(template: str, context: dict[str, object], frames: Frames) -> str:
    """Render a note template; tidy the three paragraphs; keep signature lines apart."""
    text = render(template, pick=frames.pick, say=frames.say, **context)
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text)]
    greeting, *paragraphs, signature = [b for b in blocks if b]
    lines = [line.strip() for line in signature.splitlines() if line.strip()]
    return "\n\n".join([" ".join(greeting.split()), *tidy(paragraphs), "\n".join(lines)])


def _said_once(context: dict[str, object]) -> dict[str, object]:
    """Each answer without the sentences an earlier answer in the note already said.

    An optional answer whose every sentence was said before is left out; a required one
    is kept whole, so each principle still has its sentence.
    """
    seen: set[str] = set()
    kept: dict[str, object] = {}
    for key in ANSWER_ORDER:
        said = context.get(key)
        if not isinstance(said, Said):
            continue
        fresh = []
        for sentence in said.sentences:
            words = " ".join(re.findall(r"\w+", sentence.lower()))
            if words not in seen:
                seen.add(words)
                fresh.append(sentence)
        if fresh or said.topic:
            kept[key] = replace(said, sentences=tuple(fresh))
        elif key in ("advantage", "detail"):
            kept[key] = None
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
    extra = {
        "greeting": who,
        "tone": tone,
        "strengthen": strengthen_for(answers, index, terms),
        "next_step": _optional(answers.next_step, reader_of(answers, index), terms),
    }
    if answers.stage == "phone_screen":  # one qualification, one point
        written = {key: _first_only(said) for key, said in written.items()}
    context = _said_once({**shared, **written, **extra})
    template = template_of(tone, answers.stage)
    low = length_range(tone, answers.stage)[0] + _MARGIN
    for pad in range(MAX_PAD + 1):
        body = _render_body(template, {**context, "pad": pad}, frames())
        if body_word_count(body) >= low:
            break
    subject = render("notes/subject.txt.j2", **context)
    return Note(
        interviewer=who.full,
        subject=" ".join(subject.split()),
        body=body,
        word_count=body_word_count(body),
        rewrites=tuple(_rewrites(answers, index, written)),
    )


def compose_notes(answers: Answers, tone: str | None = None, version: int = 0) -> list[Note]:
    """One note per interviewer, in order, in `tone` (default: `answers.tone`).

    `version` picks alternative frames deterministically, and each member of a panel
    gets different ones (bot/writer/frames.py), so notes to one panel do not read as copies.
    """
    tone = tone or answers.tone
    if tone not in TONES:
        raise ValueError(f"tone must be one of {', '.join(TONES)}, not {tone!r}")
    shared = _shared_context(answers)
    terms = known_names(answers)
    size = len(answers.interviewers)
    return [
        _compose_one(tone, shared, answers, index, terms, partial(Frames, version, index, size))
        for index in range(size)
    ]
