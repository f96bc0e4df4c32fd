"""Stage 6, frames: which of a template's sentences a note uses, and the answers put in them.

A note template offers alternatives for every sentence it adds (`pick`) and, for each
answer, frames by shape (`say`): topic frames ("I especially enjoyed our discussion of
{}."), clause frames ("You mentioned that {}.") and lead-ins for a sentence of the
candidate's own ("As we discussed, "; an empty lead-in leaves the sentence alone). `{}`
marks the slot. A part goes only into a frame of its own shape; a sentence is said as
written, and only the first sentence of an answer may get a lead-in, so connectives are
rare and never doubled ("Also, I also").

For a slot with `k` alternatives, member `m` of a panel of `n` and version `v`, `Frames`
chooses `(v + m) % k` when `k >= n`, so every member gets a different alternative. When
`k < n` some members must share one; it chooses `(v + p[m]) % k`, where `p` is a
permutation of the members taken from the slot's first alternative, so the members that
share differ from slot to slot. Version v and v + 1 differ in every slot. An alternative
that would open the same way as a sentence the note already has is passed over.

Every sentence said from an answer is recorded (`written`), with the text put in its
slot, for the proofreader.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.writer.casing import lower_opening
from bot.writer.said import Part, Said, Shape

SLOT = "{}"
# Sentences that open with one of these words already lead on from the one before.
_LINKING = frozenset(["and", "but", "so", "also", "plus", "then", "or", "yet", "because", "which"])
_MAX_LEAD_WORDS = 30  # a long sentence of the candidate's is left without a lead-in


@dataclass(frozen=True)
class Written:
    """One sentence a note says from an answer: for the proofreader and the previews."""

    answer: str
    sentence: str
    shape: Shape
    slot: str  # the answer's own words in it: what a frame's slot holds, or the sentence
    doubts: tuple[str, ...]
    kept: bool = False  # the candidate's own sentence, typed with care and kept as written


def opening(sentence: str) -> str:
    """How a sentence opens, to keep two sentences of a note from opening alike: its
    lead-in up to a comma or colon in its first five words, else its first three words."""
    words = re.findall(r"[\w'’]+|[,:]", sentence.lower())[:6]
    for index, word in enumerate(words[:6]):
        if word in (",", ":") and index > 0:
            return " ".join(words[:index])
    return " ".join(w for w in words[:3] if w not in (",", ":"))


class Frames:
    """Chooses alternatives for one rendering of one note (see the module docstring)."""

    def __init__(self, version: int, member: int, members: int, *, short: bool = False) -> None:
        self._version = version
        self._member = member
        self._members = members
        # A note over its length: every slot takes its shortest alternative.
        self.short = short
        self.openings: set[str] = set()
        self.written: list[Written] = []

    def choose(self, count: int, slot: str) -> int:
        """The alternative (0..count-1) for the slot whose first alternative is `slot`."""
        if count >= self._members:
            return (self._version + self._member) % count
        order = _permutation(self._members, zlib.crc32(slot.encode("utf-8")))
        return (self._version + order[self._member]) % count

    def _fresh(self, options: Sequence[str], start: int) -> str:
        """The first alternative from `start` whose opening the note has not used yet (the
        shortest such, for a note over its length)."""
        if self.short:
            fresh = [o for o in options if not o or opening(o) not in self.openings]
            return min(fresh or options, key=len)
        for step in range(len(options)):
            option = options[(start + step) % len(options)]
            if not option or opening(option) not in self.openings:
                return option
        return options[start % len(options)]

    def _said(self, sentence: str) -> str:
        if sentence:
            self.openings.add(opening(sentence))
        return sentence

    def pick(self, options: Sequence[str]) -> str:
        """One of a template's alternative sentences for a slot."""
        if not options:
            return ""
        return self._said(self._fresh(options, self.choose(len(options), options[0])))

    def say(self, said: Said | None, frames: Mapping[str, Sequence[str]]) -> str:
        """Say an answer: each topic or clause in a frame of its shape, each sentence as
        written (the first perhaps after a lead-in)."""
        if said is None or said.empty:
            return ""
        out: list[str] = []
        framed = 0
        for index, part in enumerate(said.parts):
            if part.shape is Shape.SENTENCE:
                sentence = self._sentence(part, said, frames.get("lead", ()), index == 0)
                out.append(sentence)
                continue
            options = list(frames.get(part.shape.value, ()))
            if part.shape is Shape.OPENING and options:
                out.append(self._record(said, part, self.pick(options), ""))
                continue
            if not options:  # no frame of this shape here: the part as its own sentence
                text = part.text[:1].upper() + part.text[1:] + "."
                out.append(self._record(said, part, text, part.text))
                continue
            if part.text.split()[0].lower().endswith("ing"):  # not "discussing helping"
                options = [o for o in options if not _gerund_before_slot(o)] or options
            if re.search(r"\b(?:I|my|me)\b", part.text):  # not "hearing about how I ..."
                options = [o for o in options if not _LEARNING.search(o)] or options
            start = self.choose(len(options), options[0]) + framed
            frame = self._fresh(options, start)
            framed += 1
            sentence = frame.replace(SLOT, part.text, 1)
            out.append(self._record(said, part, sentence, part.text))
        return " ".join(s for s in out if s)

    def _sentence(self, part: Part, said: Said, leads: Sequence[str], first: bool) -> str:
        text = part.text
        if first and leads and _connectable(text):
            lead = self._fresh(leads, self.choose(len(leads), leads[0]))
            if lead and not _repeats_opening(lead, text):
                text = lead + lower_opening(text, said.names)
        return self._record(said, part, text, part.text)

    def _record(self, said: Said, part: Part, sentence: str, slot: str) -> str:
        self.written.append(
            Written(said.answer, sentence, part.shape, slot, part.doubts, part.kept)
        )
        return self._said(sentence)


# Frames about what the candidate learned: wrong for a topic about the candidate.
_LEARNING = re.compile(r"\b(?:hear|hearing|heard|learn|learning|learned)\b", re.IGNORECASE)


def _gerund_before_slot(frame: str) -> bool:
    before = frame.split(SLOT, 1)[0].split()
    return bool(before) and before[-1].endswith("ing")


def _repeats_opening(lead: str, sentence: str) -> bool:
    """Whether a lead-in shares a word of four letters or more with the sentence's opening."""
    opening_words = sentence.lower().split()[:5]
    return any(len(w) > 3 and w.strip(",.:") in lead.lower() for w in opening_words)


def _permutation(size: int, seed: int) -> list[int]:
    """The `seed`-th permutation of range(size) (modulo size!), by the factorial number system."""
    pool = list(range(size))
    order = []
    for radix in range(size, 0, -1):
        seed, index = divmod(seed, radix)
        order.append(pool.pop(index))
    return order


def _connectable(sentence: str) -> bool:
    """A lead-in fits a short statement that starts with a word and does not already link
    on, nor say "also", nor open with its own lead-in ("Since then, ...")."""
    words = sentence.split()
    first = re.sub(r"[^\w']", "", words[0]).lower() if words else ""
    return (
        sentence[:1].isalnum()
        and not sentence.endswith("?")
        and first not in _LINKING
        and len(words) <= _MAX_LEAD_WORDS
        and not re.match(r"^\S+ also\b", sentence)
        and "," not in " ".join(words[:4])
    )
