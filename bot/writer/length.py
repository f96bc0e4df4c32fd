"""Stage 7, length: a note fits the range its tone or stage gives.

A note built from short answers is lifted to its minimum with the template's optional
sentences (thanks, next steps; `pad`). A note over its maximum drops its least specific
sentences of the candidate's own, one answer's opening excepted, until it fits: never a
sentence with a number or a name, and never an answer's first sentence, so every
principle keeps its sentence. What still does not fit is left to the review's length
check (bot/writer/coach.py), which asks which answer to shorten.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.writer.frames import Frames, Written
from bot.writer.said import Said, Shape
from bot.writer.text import word_count, word_set

# Words between greeting and sign-off that read best for each tone (inclusive).
LENGTHS: dict[str, tuple[int, int]] = {"formal": (120, 220), "warm": (120, 220), "brief": (60, 130)}
# Stages with a note of their own (templates/notes/stages/) and its length, in any tone.
STAGE_LENGTHS: dict[str, tuple[int, int]] = {
    "phone_screen": (60, 110),
    "final_round": (80, 140),
    "informational": (80, 160),
}
MAX_PAD = 8
# Pad a little past the minimum, so a slightly different word count still agrees.
MARGIN = 4
# Aim a little under the maximum when dropping, for the same reason.
TRIM_MARGIN = 2
_STOPWORDS = word_set(
    """i me my we our you your the a an and or but so to of in on at for with about from
    as is am are was were be been it its this that these those they them their there
    also really very just more most much many all some any one can could would will
    should have has had do did does not what which who how when where while than then"""
)

Render = Callable[[str, dict[str, object], Frames], str]


def length_range(tone: str, stage: str | None) -> tuple[int, int]:
    """The words a note should have: its stage's range, or else its tone's."""
    return STAGE_LENGTHS.get(stage or "", LENGTHS.get(tone, LENGTHS["formal"]))


def _body_words(body: str) -> int:
    return sum(word_count(block) for block in body.split("\n\n")[1:-1])


@dataclass(frozen=True)
class _Candidate:
    answer: str
    text: str
    words: int
    specific: int  # content words: fewer is less specific, dropped first


def _specific(sentence: str) -> int | None:
    """How specific a sentence is; None when it must stay (a number or a name in it)."""
    words = re.findall(r"[\w'’$%-]+", sentence)
    if re.search(r"\d", sentence) or any(w[:1].isupper() and w != "I" for w in words[1:]):
        return None
    return sum(1 for w in words if w.lower() not in _STOPWORDS and len(w) > 3)


def _candidates(context: dict[str, object]) -> list[_Candidate]:
    found = []
    for said in context.values():
        if not isinstance(said, Said):
            continue
        for index, part in enumerate(said.parts):
            if index == 0 or part.shape is not Shape.SENTENCE:
                continue
            specific = _specific(part.text)
            if specific is not None:
                found.append(_Candidate(said.answer, part.text, word_count(part.text), specific))
    return sorted(found, key=lambda c: (c.specific, -c.words))


def fit(
    template: str,
    context: dict[str, object],
    frames: Callable[[], Frames],
    bounds: tuple[int, int],
    render: Render,
) -> tuple[str, list[Written]]:
    """The note's body within `bounds` where it can be, and the sentences it says from
    the answers."""
    low, high = bounds
    body, written = "", []
    for pad in range(MAX_PAD + 1):
        chosen = frames()
        body = render(template, {**context, "pad": pad}, chosen)
        written = chosen.written
        if _body_words(body) >= low + MARGIN:
            break
    excess = _body_words(body) - high
    if excess <= 0:
        return body, written
    dropped: set[str] = set()
    for candidate in _candidates(context):
        if excess <= -TRIM_MARGIN:
            break
        dropped.add(candidate.text)
        excess -= candidate.words
    if not dropped:
        return body, written
    trimmed = {
        key: value.without(dropped) if isinstance(value, Said) else value
        for key, value in context.items()
    }
    chosen = frames()
    return render(template, {**trimmed, "pad": 0}, chosen), chosen.written
