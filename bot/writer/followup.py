"""The follow-up note: when no reply came by the date the interviewer gave (or about a
week), one short, polite note to one interviewer (issue 12).

It is written by the same careful writer as the thank-you notes, from the same answers:
the candidate's voice, the reader as "you", chat forms written out, every fact kept and
none added (bot/writer/answer.py). It says less: that the candidate is following up on
the interview, their interest restated with one point of their own (the interest
answer's topic, or its first sentence), optional calm sentences to reach its length, and
the same contact details and signature as the thank-you note. It sets no deadline,
mentions no other offers and apologises for nothing (templates/notes/follow_up.txt.j2).
Its subject answers the thank-you note's: "Re: Thank you – Social Media Manager
interview". A second follow-up (`number=2`) says it is writing once more; there is no
third.

Length: 60-120 words between the greeting and the sign-off (`body_word_count`), whatever
the tone. An interest answer whose first sentence alone would push the note past 120
words is left out, and the interest is restated without it.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.templating import render
from bot.writer.compose import (
    Note,
    body_word_count,
    known_names,
    render_body,
    rewrites_of,
    shared_context,
    written_answers,
)
from bot.writer.frames import Frames
from bot.writer.greeting import addressee
from bot.writer.said import Said
from dialogs.answers import TONES, Answers

FOLLOW_UP_LENGTH = (60, 120)
TEMPLATE = "notes/follow_up.txt.j2"
MAX_PAD = 4
_MARGIN = 4  # pad a little past the minimum, as the thank-you notes do
MAX_NUMBER = 2  # follow-ups per interview (dialogs.timing.MAX_FOLLOW_UPS)


def one_point(said: Said | None) -> Said | None:
    """An answer reduced to one point: its first part (a topic, a clause or a sentence)."""
    if said is None or said.empty:
        return None
    return said.first_only()


def follow_up_subject(original: str) -> str:
    """The thank-you note's subject, answered: "Re: Thank you – ... interview"."""
    subject = " ".join(original.split())
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


def compose_follow_up(
    answers: Answers,
    interviewer: int = 0,
    *,
    subject: str | None = None,
    number: int = 1,
    tone: str | None = None,
    version: int = 0,
    terms: Mapping[str, str] | None = None,
) -> Note:
    """The follow-up note to interviewer `interviewer` (an index into the panel; the
    first by default), in `tone` (default: the answers'). `subject` is the thank-you
    note's as it was saved (default: as the composer writes it today); `number` is 1 or
    2; `version` picks other frames, as for the notes."""
    tone = tone or answers.tone
    if tone not in TONES:
        raise ValueError(f"tone must be one of {', '.join(TONES)}, not {tone!r}")
    if not 1 <= number <= MAX_NUMBER:
        raise ValueError(f"a follow-up is number 1 or {MAX_NUMBER}, not {number}")
    if not 0 <= interviewer < len(answers.interviewers):
        raise ValueError(f"no interviewer {interviewer} in a panel of {len(answers.interviewers)}")
    terms = known_names(answers) if terms is None else terms
    written = written_answers(answers, interviewer, terms, only="interest")
    shared = shared_context(answers)
    context: dict[str, object] = {
        **shared,
        "greeting": addressee(answers.interviewers[interviewer].name),
        "tone": tone,
        "number": number,
        "interest": one_point(written["interest"]),
    }
    low, high = FOLLOW_UP_LENGTH
    body = _fitted(context, version + number - 1, low + _MARGIN)
    if body_word_count(body) > high and context["interest"] is not None:
        body = _fitted({**context, "interest": None}, version + number - 1, low + _MARGIN)
        written = {}
    original = subject or render("notes/subject.txt.j2", **shared)
    return Note(
        interviewer=addressee(answers.interviewers[interviewer].name).full,
        subject=follow_up_subject(original),
        body=body,
        word_count=body_word_count(body),
        rewrites=tuple(rewrites_of(answers, interviewer, written)),
    )


def _fitted(context: dict[str, object], version: int, low: int) -> str:
    """The body with as few optional sentences as reach `low` words."""
    body = ""
    for pad in range(MAX_PAD + 1):
        body = render_body(TEMPLATE, {**context, "pad": pad}, Frames(version, 0, 1))
        if body_word_count(body) >= low:
            break
    return body
