"""The coach: a verdict and, where useful, a specific tip for each thing a note should do.

`check_notes` judges the answers and the composed notes against the principles the
interview asked about (an informational interview has no qualifications to recap and no
advantage to create; a phone screen no advantage), then length, greeting, timing,
phrases that hurt and possible typos. Phrases and typos are looked for in the notes as
composed, never in the raw answers: what the writer already removed or fixed ("!!",
"theyre") is not in the note. Each tip is one line from templates/checks/tips.txt.j2 and
names the answer to edit (`Check.answer`), which the review offers as an "Improve: ..."
action. A check is `ok` when nothing needs changing; the timing check is ok on the day
of the interview and still carries its advice as a tip.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.templating import render
from bot.writer.answer import prepare
from bot.writer.casing import capitalise_name
from bot.writer.compose import Note, length_range
from bot.writer.greeting import addressee
from bot.writer.spelling import find_typos
from bot.writer.text import is_skip, one_line, split_sentences, word_count, word_set
from dialogs.answers import Answers
from dialogs.titles import split_title, title_in_name

PRINCIPLES = (
    "qualifications",
    "highlights",
    "interest",
    "advantage",
    "contact",
    "length",
    "greeting",
    "timing",
    "phrases",
    "typos",
)
# The answers a tip can send the user back to (the interview's step names).
ANSWERS = (
    "qualifications",
    "highlights",
    "interest",
    "advantage",
    "strengthen",
    "contact",
    "interviewers",
)
MAX_TYPOS = 3
_QUOTE_CHARS = 40


@dataclass(frozen=True)
class Check:
    principle: str
    ok: bool
    tip: str | None
    # The interview answer to edit for this tip (one of ANSWERS, "details"), or None.
    answer: str | None = None


_WORD = re.compile(r"[\w'’%-]+")
_GENERIC_INTEREST = re.compile(
    r"\b(?:great|good|amazing|awesome|exciting|excellent|nice|wonderful|fantastic|"
    r"interesting|cool|big|best|strong|fun)\s+(?:company|opportunity|team|place|role|job|"
    r"culture|fit|position|people|work|environment|benefits|pay|salary|career)\b"
)
_FILLER = word_set(
    """i i'm im me my we our us you your it it's its this that the a an to of and or for
    with in at on about from as is am are was be been would will can could really very so
    just also even more much all what which who how there they love like liked loved
    excited exciting interested interest want wanted would join joining work working
    company role job position opportunity team great good seems seemed sounds looks fun
    place career grow growth learn learning fit perfect dream chance"""
)
_I_FORMS = word_set("i i'm i've i'd i'll")
# Words that make an "interviewer" a placeholder rather than a person's name.
_NOT_A_NAME = word_set(
    """hiring manager managers team recruiter recruiting recruitment hr sir madam concern
    whom committee panel department interviewer interviewers people talent acquisition
    staff unknown someone"""
)
# Phrases that hurt a note, by kind (templates/checks/tips.txt.j2 says why each hurts).
_HURTFUL: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("desperate", r"\b(?:really |desperately |badly |truly )?need (?:this|the|a) job\b"),
        ("desperate", r"\bdesperate(?:ly)?\b|\bplease (?:hire|pick|choose) me\b"),
        ("desperate", r"\bbegging\b|\bi(?:'|’)?ll do anything\b|\bi will do anything\b"),
        ("apology", r"\bsorry\b|\bapologi[sz]e\b|\bapologies\b|\bforgive me\b"),
        ("apology", r"\b(?:messed|screwed) up\b|\bi was nervous\b|\bi (?:blanked|froze|rambled)\b"),
        ("apology", r"\bi didn(?:'|’)?t explain (?:it )?(?:well|clearly)\b|\bmy bad\b"),
        ("doubt", r"\bi know i(?:'|’)?m not\b|\bi know i am not\b|\bi hope i didn(?:'|’)?t\b"),
        ("shouting", r"!{2,}"),
        ("stock", r"\bto whom it may concern\b"),
        ("stock", r"\bi am writing to (?:express|thank|follow up)\b|\bsincere gratitude\b"),
        ("stock", r"\bplease do not hesitate\b|\bi just wanted to\b"),
    )
)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _quote(text: str) -> str:
    text = one_line(text)
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1].rstrip() + "…"


def _tip(principle: str, **context: object) -> str:
    return " ".join(render("checks/tips.txt.j2", principle=principle, **context).split())


def _has_concrete_example(text: str) -> bool:
    """A digit or percent, a named tool or project (a capitalised word), or >= 8 words."""
    if re.search(r"[\d%]", text) or len(_words(text)) >= 8:
        return True
    for sentence in split_sentences(text):
        for word in _words(sentence)[1:]:
            if word[:1].isupper() and word.lower() not in _I_FORMS:
                return True
    return False


def _is_specific_interest(text: str) -> bool:
    """Two words beyond praise and filler ("great company"), not counting sentences with
    phrases that hurt ("Sorry for the delay.")."""
    kept = [
        sentence
        for sentence in split_sentences(one_line(text))
        if not any(pattern.search(sentence) for _kind, pattern in _HURTFUL)
    ]
    rest = _GENERIC_INTEREST.sub(" ", " ".join(kept).lower())
    return len([w for w in _words(rest) if w not in _FILLER]) >= 2


def _user_answers(answers: Answers) -> list[tuple[str, str]]:
    """(answer name, text) for every answer in the user's own words."""
    texts = [
        ("qualifications", answers.qualifications),
        ("highlights", answers.highlights),
        ("interest", answers.interest),
    ]
    if not is_skip(answers.advantage):
        texts.append(("advantage", answers.advantage or ""))
    texts += [("details", i.detail) for i in answers.interviewers if i.detail]
    if answers.strengthen:
        texts.append(
            ("strengthen", f"{answers.strengthen.question}. {answers.strengthen.addition}")
        )
    return texts


def asked_principles(answers: Answers) -> tuple[str, ...]:
    """The principles the interview asked about for this kind of interview: an
    informational one has no qualifications to recap and no advantage to create, a phone
    screen no advantage (unless one was given)."""
    if answers.stage == "informational":
        return ("highlights", "interest", "contact")
    if answers.stage == "phone_screen" and is_skip(answers.advantage):
        return ("qualifications", "highlights", "interest", "contact")
    return ("qualifications", "highlights", "interest", "advantage", "contact")


def _principle_checks(answers: Answers) -> list[Check]:
    missing = [
        label for label, value in (("e-mail", answers.email), ("phone", answers.phone)) if not value
    ]
    verdicts = {
        "qualifications": lambda: _has_concrete_example(prepare(answers.qualifications)),
        "highlights": lambda: len(_words(prepare(answers.highlights))) >= 3,
        "interest": lambda: _is_specific_interest(answers.interest),
        "advantage": lambda: not is_skip(answers.advantage),
        "contact": lambda: not missing,
    }
    context = {
        "missing": missing,
        "stage": answers.stage,
        "company": capitalise_name(one_line(answers.company)).rstrip("."),
        "role": capitalise_name(one_line(answers.role)),
        "said": {
            "qualifications": _quote(answers.qualifications),
            "highlights": _quote(answers.highlights),
            "interest": _quote(answers.interest),
        },
    }
    return [
        Check(name, True, None)
        if verdicts[name]()
        else Check(name, False, _tip(name, **context), name)
        for name in asked_principles(answers)
    ]


def _length_check(answers: Answers, notes: Sequence[Note]) -> Check:
    """In range for `answers.tone`; otherwise name the answer to shorten or enrich."""
    low, high = length_range(answers.tone, answers.stage)
    outside = [n for n in notes if not low <= n.word_count <= high]
    cut = [n for n in notes if n.left_out]
    if not outside and cut:  # in range because the writer left sentences out
        note = max(cut, key=lambda n: len(n.left_out))
        field = {"detail": "details"}.get(note.left_out[0][0], note.left_out[0][0])
        tip = _tip(
            "length",
            too_long=False,
            interviewer=note.interviewer,
            panel=answers.is_panel,
            high=high,
            tone=answers.tone,
            stage=answers.stage,
            left_out=[text for answer, text in note.left_out if answer == note.left_out[0][0]],
            field=field,
        )
        return Check("length", False, tip, field)
    if not outside:
        return Check("length", True, None)
    note = max(outside, key=lambda n: abs(n.word_count - (high if n.word_count > high else low)))
    fields = {name: text for name, text in _user_answers(answers) if name != "details" and text}
    sizes = {name: word_count(text) for name, text in fields.items()}
    too_long = note.word_count > high
    field = (max if too_long else min)(sizes, key=lambda name: sizes[name])
    tip = _tip(
        "length",
        too_long=too_long,
        interviewer=note.interviewer,
        panel=answers.is_panel,
        words=note.word_count,
        low=low,
        high=high,
        tone=answers.tone,
        stage=answers.stage,
        field=field,
        field_words=sizes[field],
        left_out=[],
    )
    return Check("length", False, tip, field)


def _greeting_check(answers: Answers, notes: Sequence[Note]) -> Check:
    """Each note greets its interviewer by a name made of the words they gave."""
    for person, note in zip(answers.interviewers, notes, strict=False):
        greeted = note.body.split("\n", 1)[0].rstrip(",").split()[1:]
        given = addressee(person.name).full.replace(",", "").split()
        placeholder = any(w.lower().strip(".") in _NOT_A_NAME for w in given)
        # "Jordan Kim Eng Mgr": a title typed into the name, greeted as if a name.
        titled = None
        if not placeholder and title_in_name(person.name):
            titled = split_title(one_line(person.name))
        if placeholder or titled or not greeted or not set(greeted) <= set(given):
            tip = _tip(
                "greeting",
                person=one_line(person.name),
                greeting=" ".join(greeted),
                titled=titled,
            )
            return Check("greeting", False, tip, "interviewers")
    return Check("greeting", True, None)


def _timing_check(answers: Answers, today: dt.date) -> Check:
    """On the day (or with no date): within 24 hours; later: today, without apologising."""
    days = (today - answers.interview_date).days if answers.interview_date else 0
    return Check("timing", days <= 0, _tip("timing", days=days))


# Words too common to tell which answer a note's sentence was written from.
_FUNCTION_WORDS = word_set(
    """the and for with you your our that this was were are have has had his her their
    they them she from into about also very really just will would"""
)


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _words(text) if len(w) > 2} - _FUNCTION_WORDS


def _source_of(sentence: str, answers: Answers) -> str | None:
    """The answer a note's sentence was written from: the one whose words it shares
    most (at least one); None for a sentence of the note's own."""
    words = _content_words(sentence)
    best, shared = None, 0
    for answer, text in _user_answers(answers):
        common = len(words & _content_words(text))
        if common > shared:
            best, shared = answer, common
    return best


def _note_sentences(notes: Sequence[Note]) -> list[str]:
    """Every sentence of the notes as composed, once each, from the first note's on."""
    return list(dict.fromkeys(s for note in notes for s in split_sentences(one_line(note.body))))


def _phrases_check(answers: Answers, notes: Sequence[Note]) -> Check:
    """Phrases that hurt, in the notes as composed, each with its sentence and the
    answer it was written from."""
    found: list[dict[str, str | None]] = []
    for sentence in _note_sentences(notes):
        for kind, pattern in _HURTFUL:
            match = pattern.search(sentence)
            if match and not any(f["sentence"] == _quote(sentence) for f in found):
                found.append(
                    {
                        "kind": kind,
                        "phrase": match.group(),
                        "sentence": _quote(sentence),
                        "answer": _source_of(sentence, answers),
                    }
                )
    if not found:
        return Check("phrases", True, None)
    return Check("phrases", False, _tip("phrases", found=found[:2]), found[0]["answer"])


def _typos_check(answers: Answers, notes: Sequence[Note]) -> Check:
    names = [answers.candidate_name, answers.company, answers.role, answers.email or ""]
    names += [p.name for p in answers.interviewers] + [p.title or "" for p in answers.interviewers]
    written = "\n".join(note.body for note in notes)
    typos = find_typos(_user_answers(answers), names, written, limit=MAX_TYPOS)
    if not typos:
        return Check("typos", True, None)
    return Check("typos", False, _tip("typos", typos=typos), typos[0].answer)


def check_notes(
    answers: Answers, notes: Sequence[Note], *, today: dt.date | None = None
) -> list[Check]:
    """Every check in `PRINCIPLES` order; `today` (default: the local date) dates the timing.

    Length is judged against `answers.tone`; to check notes composed with another tone,
    pass `dataclasses.replace(answers, tone=...)`.
    """
    return [
        *_principle_checks(answers),
        _length_check(answers, notes),
        _greeting_check(answers, notes),
        _timing_check(answers, today or dt.date.today()),
        _phrases_check(answers, notes),
        _typos_check(answers, notes),
    ]
