"""Which frame a note uses in each slot of its template, so panel notes do not read as copies.

A note template offers alternatives for every sentence it adds (`pick`) and frames for
each answer (`say`). For a slot with `k` alternatives, member `m` of a panel of `n` and
version `v`, `Frames` chooses `(v + m) % k` when `k >= n`, so every member gets a different
alternative. When `k < n` some members must share one; it chooses `(v + p[m]) % k`, where
`p` is a permutation of the members taken from the slot's first alternative (the same in
every note of the panel), so the members that share differ from slot to slot and no two
notes share many. Version v and v + 1 differ in every slot.

The user's own sentences repeat in every note of a panel, so they are varied too, without
dropping or rewording any of them: the first follows the answer's frame, and each further
sentence is, in turn, left alone, joined to the one before ("; "), or led in by
a connective from the template ("In particular, ..."). Each member starts that cycle at a
different place, so a sentence never reads the same way in two notes of one panel of up
to `len(_TREATMENTS)` people.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

from bot.writer.answer import Said
from bot.writer.casing import lower_opening
from bot.writer.text import ends_with_abbreviation

# How a further sentence of an answer is said. Connective classes index the template's
# list of connectives; the join falls back to their own class when a join would not
# read well (after "Inc.", a question, or past _MAX_JOINED_WORDS).
_PLAIN, _SEMICOLON = "plain", "; "
_TREATMENTS: tuple[str | int, ...] = (_PLAIN, _SEMICOLON, 0, 3, 1, 2)
_JOIN_FALLBACK = {_SEMICOLON: 4}
_MAX_JOINED_WORDS = 40
# Sentences that open with one of these words already lead on from the one before.
_LINKING = frozenset(["and", "but", "so", "also", "plus", "then", "or", "yet", "because", "which"])


# "In addition, I also speak Portuguese": the lead-in already says "also".
_ADDITIVE_ALSO = re.compile(
    r"^((?:In addition|Beyond that|What is more|On top of that|Also|Plus|Further|"
    r"I would also add that|I should also mention that|I would also point out that)"
    r",? I) also\b"
)


def _first_word(sentence: str) -> str:
    words = sentence.split(maxsplit=1)
    return re.sub(r"[^\w']", "", words[0]).lower() if words else ""


class Frames:
    """Chooses alternatives for one rendering of one note (see the module docstring)."""

    def __init__(self, version: int, member: int, members: int) -> None:
        self._version = version
        self._member = member
        self._members = members
        self._answers = 0

    def choose(self, count: int, slot: str) -> int:
        """The alternative (0..count-1) for the slot whose first alternative is `slot`."""
        if count >= self._members:
            return (self._version + self._member) % count
        order = _permutation(self._members, zlib.crc32(slot.encode("utf-8")))
        return (self._version + order[self._member]) % count

    def pick(self, options: Sequence[str]) -> str:
        """One of a template's alternative sentences for a slot."""
        return options[self.choose(len(options), options[0])]

    def say(
        self,
        said: Said | None,
        topic_frames: Sequence[str],
        sentence_frames: Sequence[str],
        connectives: Sequence[str],
    ) -> str:
        """Say an answer: its topic inside a frame, or its first sentence after a lead-in.

        `topic_frames` already contain `said.topic`, and take only a topic;
        `sentence_frames` contain the first sentence (`said.lead` or `said.first`). A
        lead-in that repeats the sentence's own opening words ("Thinking back on our
        conversation, our conversation ...") is not used. The answer's further
        sentences follow, each said as `_TREATMENTS` assigns it.
        """
        if said is None or not (said.topic or said.sentences):
            return ""
        frames = [f for f in sentence_frames if not _repeats_opening(f, said)]
        if said.topic:
            opening, rest = self.pick(topic_frames), list(said.sentences)
        elif _connectable(said.first) and frames and said.spliceable:
            opening, rest = self.pick(frames), list(said.sentences[1:])
        else:  # "And I learned a lot." or a question reads best without a lead-in
            opening, rest = said.first, list(said.sentences[1:])
        opening = _ADDITIVE_ALSO.sub(r"\1", opening)
        start = self.choose(len(_TREATMENTS), opening)
        answer = self._answers
        self._answers += 1
        units = [opening]
        for index, sentence in enumerate(rest):
            treatment = _TREATMENTS[(start + index) % len(_TREATMENTS)]
            if isinstance(treatment, str) and treatment != _PLAIN:
                if _joinable(units[-1], sentence):
                    units[-1] = units[-1][:-1] + treatment + lower_opening(sentence, said.names)
                    continue
                treatment = _JOIN_FALLBACK[treatment]
            if isinstance(treatment, int) and connectives and _connectable(sentence):
                lead = connectives[(treatment + 3 * answer) % len(connectives)]
                units.append(lead + lower_opening(sentence, said.names))
            else:
                units.append(sentence)
        return " ".join(unit for unit in units if unit)


def _repeats_opening(frame: str, said: Said) -> bool:
    """Whether a lead-in shares a word of four letters or more with the sentence's opening."""
    first = said.first
    if not first:
        return False
    lead = frame[: max(len(frame) - len(first), 0)].lower()
    opening = first.lower().split()[:5]
    return any(len(w) > 3 and w.strip(",.:") in lead for w in opening)


def _permutation(size: int, seed: int) -> list[int]:
    """The `seed`-th permutation of range(size) (modulo size!), by the factorial number system."""
    pool = list(range(size))
    order = []
    for radix in range(size, 0, -1):
        seed, index = divmod(seed, radix)
        order.append(pool.pop(index))
    return order


def _joinable(before: str, sentence: str) -> bool:
    """Two sentences may become one when the first ends with a plain full stop."""
    if not before.endswith(".") or ends_with_abbreviation(before):
        return False
    if not _connectable(sentence) or sentence.startswith(("-", "–")):
        return False
    tail = re.split(r"(?<=[.!?])\s+", before)[-1]
    return len(tail.split()) + len(sentence.split()) <= _MAX_JOINED_WORDS


def _connectable(sentence: str) -> bool:
    """A lead-in fits a statement that starts with a word and does not already link on."""
    return (
        sentence[:1].isalnum()
        and not sentence.endswith("?")
        and _first_word(sentence) not in _LINKING
    )
