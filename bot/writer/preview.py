"""An answer as it will read in the notes, while the interview goes on.

Right after a principle's answer (or an edit at review) the interview calls
`preview_answer` with the answers so far. It returns the sentences the note will say
from that answer, framed as the note frames them, and whether the writer and the
proofreader are sure of them: the interview shows them on the next message ("In your
note: ...") when they are, and asks the candidate when they are not (once an interview;
later ones are shown "to check"). For a panel it reads the answer for every member's
note and shows the one it is least sure of.

The tone is not asked until the end, so a preview is framed as the formal note is (or
the note of the kind of interview, when that has its own); the sentences of the
candidate's own read the same in every tone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.writer.answer import name_words
from bot.writer.compose import (
    company_of,
    frames_of,
    known_names,
    reader_of,
    written_answers,
)
from bot.writer.frames import Frames
from bot.writer.proofreading import proofread
from bot.writer.said import faults
from bot.writer.strengthen import strengthen_said
from dialogs.answers import STAGES, TONES, Answers, Interviewer, Strengthen


@dataclass(frozen=True)
class Preview:
    answer: str  # "qualifications", "highlights", "interest", "advantage", "detail", ...
    interviewer: str  # whose note it was read for
    sentences: tuple[str, ...]  # as the note will say them
    sure: bool
    reasons: tuple[str, ...] = ()  # why not, for the log and the tests

    @property
    def doubts(self) -> tuple[str, ...]:
        return self.reasons

    @property
    def faults(self) -> tuple[str, ...]:
        """What a rule found wrong, beyond the sentences being rewritten from chat."""
        return faults(self.reasons)


def _partial_answers(document: Mapping[str, Any]) -> Answers:
    """The answers so far, with empty text where the interview has not asked yet."""
    people = tuple(
        Interviewer(
            name=p["name"], title=p.get("title"), detail=p.get("detail"), wording=p.get("wording")
        )
        for p in document.get("interviewers") or ()
    )

    def text(key: str) -> str:
        value = document.get(key)
        return value if isinstance(value, str) else ""

    better = document.get("strengthen")
    stage = document.get("stage")
    tone = document.get("tone")
    wording = document.get("wording")
    return Answers(
        candidate_name=text("candidate_name"),
        interviewers=people,
        company=text("company"),
        role=text("role"),
        qualifications=text("qualifications"),
        highlights=text("highlights"),
        interest=text("interest"),
        advantage=document.get("advantage"),
        stage=stage if stage in STAGES else None,
        tone=tone if tone in TONES else "formal",
        wording=dict(wording) if isinstance(wording, Mapping) else {},
        strengthen=Strengthen(
            question=str(better.get("question") or ""),
            addition=str(better.get("addition") or ""),
            interviewer=better.get("interviewer"),
        )
        if isinstance(better, Mapping)
        else None,
    )


def preview_answer(
    document: Mapping[str, Any], answer: str, index: int | None = None
) -> Preview | None:
    """How `answer` will read in the notes (the least sure note of a panel's); None when
    it says nothing. `answer` is a key of the answers document, or "detail" with the
    interviewer's `index`."""
    answers = _partial_answers(document)
    if not answers.interviewers:
        return None
    readers = (
        [index] if answer == "detail" and index is not None else range(len(answers.interviewers))
    )
    terms = known_names(answers)
    frames = frames_of(answers.tone, answers.stage)
    found: Preview | None = None
    for reader in readers:
        if answer == "strengthen":
            said = strengthen_said(
                answers, reader, reader_of(answers, reader), terms, company_of(answers)
            )
        else:
            said = written_answers(answers, reader, terms, only=answer).get(answer)
        if said is None or said.empty:
            continue
        chooser = Frames(0, reader, len(answers.interviewers))
        key = "detail_own" if answer == "detail" and said.addresses_reader else answer
        chooser.say(said, frames.get(key, {}))
        flags = proofread(chooser.written, name_words(terms))
        reasons = tuple(r for flag in flags for r in flag.reasons)
        preview = Preview(
            answer=answer,
            interviewer=answers.interviewers[reader].name,
            sentences=tuple(w.sentence for w in chooser.written),
            sure=not reasons,
            reasons=reasons,
        )
        if not preview.sure:
            return preview
        found = found or preview
    return found
