"""Asking when unsure: how one answer will read in the notes, while the interview goes on.

Right after an answer (or an edit at review), the interview calls `preview_answer` with
the answers so far. When the writer wrote that answer with confidence for every reader
it returns None and the interview moves on; otherwise it returns the answer as it will
read in the note it is least sure of, so the candidate can accept it or type their own
wording (which the writer then uses as written).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.writer.answer import Said
from bot.writer.compose import written_answers
from dialogs.answers import Answers, Interviewer


@dataclass(frozen=True)
class Preview:
    answer: str  # "qualifications", "highlights", "interest", "advantage" or "detail"
    interviewer: str  # whose note it was read for
    topic: str  # the part that goes inside a frame ("our conversation about ...")
    sentences: tuple[str, ...]
    doubts: tuple[str, ...]


def _partial_answers(document: Mapping[str, Any]) -> Answers:
    """The answers so far, with empty text where the interview has not asked yet."""
    people = tuple(
        Interviewer(name=p["name"], title=p.get("title"), detail=p.get("detail"))
        for p in document.get("interviewers") or ()
    )

    def text(key: str) -> str:
        value = document.get(key)
        return value if isinstance(value, str) else ""

    return Answers(
        candidate_name=text("candidate_name"),
        interviewers=people,
        company=text("company"),
        role=text("role"),
        qualifications=text("qualifications"),
        highlights=text("highlights"),
        interest=text("interest"),
        advantage=document.get("advantage"),
    )


def preview_answer(
    document: Mapping[str, Any], answer: str, index: int | None = None
) -> Preview | None:
    """None when the writer is sure of `answer` in every note; else how it will read.

    `answer` is a key of the answers document, or "detail" with the interviewer's `index`.
    """
    answers = _partial_answers(document)
    if not answers.interviewers:
        return None
    readers = (
        [index] if answer == "detail" and index is not None else range(len(answers.interviewers))
    )
    for reader in readers:
        said: Said | None = written_answers(answers, reader, only=answer).get(answer)
        if said is not None and (not said.sure or not said.text):
            return Preview(
                answer=answer,
                interviewer=answers.interviewers[reader].name,
                topic=said.topic,
                sentences=said.sentences,
                doubts=said.doubts,
            )
    return None
