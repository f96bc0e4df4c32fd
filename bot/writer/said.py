"""One answer as the note writer will say it: a sequence of parts, each of one shape.

A template's frames are written for one shape of words each, so an answer reaches them
already sorted into those shapes (bot/writer/shapes.py):

- a **topic** is a noun phrase, a gerund or a how/what/whether clause, for frames such
  as "I especially enjoyed our discussion of {}." ("patient education", "how I keep
  drivers on schedule");
- a **clause** is a whole clause for frames such as "You mentioned that {}." or "I was
  glad to hear that {}." ("you hire from within", "the store opens a second location in
  March");
- a **sentence** stands on its own ("I built the route board our drivers still use.");
- an **opening** is a sentence of the template's own that opens an answer whose topic
  cannot be named cleanly ("I have also thought more about one of your questions.").

A part the writer is not sure of carries its doubts; the interview then shows the
candidate how it will read, and the proofreader (bot/writer/proofreading/) adds its own.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Shape(enum.StrEnum):
    TOPIC = "topic"
    CLAUSE = "clause"
    SENTENCE = "sentence"
    OPENING = "opening"  # the template's own sentence that opens an answer; no slot


@dataclass(frozen=True)
class Part:
    shape: Shape
    text: str  # a topic or clause without end mark; a sentence with its end mark
    doubts: tuple[str, ...] = ()
    kept: bool = False  # a sentence the candidate typed with care, kept as written


# The doubt on every sentence the writer rewrote from an answer typed the way people
# chat: its best reading, not the candidate's sentence (bot/writer/answer.py says why).
REWRITTEN_FROM_CHAT = "rewritten from a chat-typed answer"


def faults(doubts: tuple[str, ...]) -> tuple[str, ...]:
    """The doubts that name something found wrong, beyond a sentence being rewritten."""
    return tuple(d for d in doubts if d != REWRITTEN_FROM_CHAT)


@dataclass(frozen=True)
class Said:
    """One answer, ready for a template's frames."""

    answer: str  # "qualifications", "highlights", "interest", "advantage", "detail", ...
    parts: tuple[Part, ...]
    names: frozenset[str] = field(default_factory=frozenset)  # words that keep a capital

    @property
    def doubts(self) -> tuple[str, ...]:
        return tuple(d for part in self.parts for d in part.doubts)

    @property
    def sure(self) -> bool:
        return not self.doubts

    @property
    def faults(self) -> tuple[str, ...]:
        return faults(self.doubts)

    @property
    def empty(self) -> bool:
        return not self.parts

    @property
    def addresses_reader(self) -> bool:
        """An answer that opens with the reader's own ("your question about ..."): it is
        thanked for, not talked about ("our discussion of your question" reads badly)."""
        return (
            bool(self.parts)
            and self.parts[0].shape is Shape.TOPIC
            and (self.parts[0].text.startswith("your "))
        )

    @property
    def topic(self) -> str:
        """The topics of the answer, joined ("A, B and C"): for follow-ups and subjects."""
        from bot.writer.text import join_list

        return join_list([p.text for p in self.parts if p.shape is Shape.TOPIC])

    @property
    def sentences(self) -> tuple[str, ...]:
        return tuple(p.text for p in self.parts if p.shape is Shape.SENTENCE)

    @property
    def text(self) -> str:
        """Every part as written, for checks, tests and the rewrite log."""
        return " ".join(p.text for p in self.parts)

    def first_only(self) -> Said:
        """The answer's first point alone (a phone screen's note says one)."""
        return Said(self.answer, self.parts[:1], self.names)

    def without(self, sentences: set[str]) -> Said:
        """The answer without the given sentences (said earlier in the note)."""
        kept = tuple(p for p in self.parts if p.text not in sentences)
        return Said(self.answer, kept, self.names)
