"""Stage 7, length: a note fits the range its tone or stage gives.

A note built from short answers is lifted to its minimum with the template's optional
sentences (thanks, next steps; `pad`). A note over its maximum drops whole sentences of
the candidate's own, least specific first, until it fits: a sentence is never cut. An
answer's first sentence stays, so every principle keeps its sentence. Sentences without
a figure or a name go first; then an optional answer whole (the advantage, a panelist's
detail, the better answer); then the shortest frames; and only then, as the last resort,
sentences that hold a figure or a name. What was dropped is `Note.left_out`, which the
review's length check (bot/writer/coach.py) quotes, asking which answer to shorten so
the candidate chooses what stays.
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


# How much a figure or a name weighs against an ordinary content word.
_FIGURE_WEIGHT = 6
_NAME_WEIGHT = 4
OPTIONAL_ANSWERS = ("advantage", "detail", "strengthen")
LAST_WHOLE = ("next_step",)  # may be skipped in the interview, so a note can go without


def specificity(sentence: str) -> int:
    """How specific a sentence is: its figures and names, then its content words."""
    words = re.findall(r"[\w'’$%-]+", sentence)
    figures = len(re.findall(r"\d+", sentence))
    names = sum(1 for w in words[1:] if w[:1].isupper() and w != "I")
    content = sum(1 for w in words if w.lower() not in _STOPWORDS and len(w) > 3)
    return figures * _FIGURE_WEIGHT + names * _NAME_WEIGHT + content


def carries_a_fact(text: str) -> bool:
    """Whether a sentence holds a figure or a name (a capital past its first word, other
    than "I"): such a sentence is never dropped to fit."""
    words = re.findall(r"[\w'’$%-]+", text)
    return bool(re.search(r"\d", text)) or any(w[:1].isupper() and w != "I" for w in words[1:])


def _candidates(context: dict[str, object]) -> list[_Candidate]:
    """What a note may drop, least specific first: a sentence of an answer but its
    first, unless it holds a figure or a name; then, as the last resort, an optional
    answer whole (its sentences lean on its first: "I would add to one of my answers.")."""
    found, last = [], []
    for said in context.values():
        if not isinstance(said, Said) or not said.parts:
            continue
        if said.answer in OPTIONAL_ANSWERS:  # the last resort, said in the length tip
            words = sum(word_count(p.text) for p in said.parts)
            last.append(_Candidate(said.answer, "", words, specificity(said.text)))
            continue
        for part in said.parts[1:]:
            if part.shape is Shape.SENTENCE and not carries_a_fact(part.text):
                found.append(
                    _Candidate(
                        said.answer, part.text, word_count(part.text), specificity(part.text)
                    )
                )
    return sorted(found, key=lambda c: (c.specific, -c.words)) + sorted(
        last, key=lambda c: c.specific
    )


def _fact_candidates(context: dict[str, object]) -> list[_Candidate]:
    """The sentences `_candidates` keeps for holding a figure or a name (an answer's
    sentence but its first), least specific first."""
    found = [
        _Candidate(said.answer, part.text, word_count(part.text), specificity(part.text))
        for said in context.values()
        if isinstance(said, Said) and said.answer not in OPTIONAL_ANSWERS
        for part in said.parts[1:]
        if part.shape is Shape.SENTENCE and carries_a_fact(part.text)
    ]
    return sorted(found, key=lambda c: (c.specific, -c.words))


def fit(
    template: str,
    context: dict[str, object],
    frames: Callable[[], Frames],
    bounds: tuple[int, int],
    render: Render,
) -> tuple[str, list[Written], tuple[tuple[str, str], ...]]:
    """The note's body within `bounds` where it can be, the sentences it says from the
    answers, and (answer, text) of what it leaves out to fit (an optional answer left
    out altogether is its whole text)."""
    low, high = bounds
    body, written = "", []
    for pad in range(MAX_PAD + 1):
        chosen = frames()
        body = render(template, {**context, "pad": pad}, chosen)
        written = chosen.written
        if _body_words(body) >= low + MARGIN:
            break
    excess = _body_words(body) - high
    candidates = _candidates(context)
    trimmed = context
    dropped: set[str] = set()
    whole: set[str] = set()  # optional answers left out altogether
    while excess > 0 and candidates:
        # Drop what the estimate says is enough, then measure the note again.
        while candidates and excess > -TRIM_MARGIN:
            candidate = candidates.pop(0)
            if candidate.text:
                dropped.add(candidate.text)
            else:
                whole.add(candidate.answer)
            excess -= candidate.words
        trimmed = {
            key: (None if value.answer in whole else value.without(dropped))
            if isinstance(value, Said)
            else value
            for key, value in context.items()
        }
        chosen = frames()
        body = render(template, {**trimmed, "pad": 0}, chosen)
        written = chosen.written
        excess = _body_words(body) - high
    if excess > 0:  # still over: the shortest frames, then
        chosen = frames()
        chosen.short = True
        shorter = render(template, {**trimmed, "pad": 0}, chosen)
        if _body_words(shorter) < _body_words(body):
            body, written = shorter, chosen.written
    # The last resort: sentences that hold a figure or a name, least specific first, in
    # the shortest frames. The review's length tip quotes each one left out, so the
    # candidate chooses what stays; the note itself is never sent over its range.
    facts = _fact_candidates(trimmed)
    while _body_words(body) > high and facts:
        excess = _body_words(body) - high
        while facts and excess > -TRIM_MARGIN:
            candidate = facts.pop(0)
            dropped.add(candidate.text)
            excess -= candidate.words
        trimmed = {
            key: value.without(dropped) if isinstance(value, Said) else value
            for key, value in trimmed.items()
        }
        chosen = frames()
        chosen.short = True
        body = render(template, {**trimmed, "pad": 0}, chosen)
        written = chosen.written
    # A phone screen's one long point per answer leaves nothing else: the next step, whole
    # (the template then says the plain "I look forward to hearing from you").
    for answer in LAST_WHOLE:
        if _body_words(body) <= high:
            break
        if any(isinstance(v, Said) and v.answer == answer and v.parts for v in trimmed.values()):
            whole.add(answer)
            trimmed = {
                key: None if isinstance(value, Said) and value.answer == answer else value
                for key, value in trimmed.items()
            }
            chosen = frames()
            chosen.short = True
            body = render(template, {**trimmed, "pad": 0}, chosen)
            written = chosen.written
    left_out = [
        (value.answer, text)
        for value in context.values()
        if isinstance(value, Said)
        for text in ([value.text] if value.answer in whole else [p.text for p in value.parts])
        if value.answer in whole or text in dropped
    ]
    return body, written, tuple(left_out)
