"""The chat-typed corpus: 69 interviews typed the way people chat, written for this
repository before the writer's pipeline was rebuilt (issue 21), and every sentence the
writer says from them, labelled by reading it.

- chat_corpus.json: the interviews (answers documents, with how each was typed);
- chat_corpus_labels.json: {sentence as the note says it: {"ok": bool, "why": str}}, one
  label per sentence a note says from an answer. "ok" answers one question: would a
  careful writer send this sentence unedited?

`python scripts/corpus_figures.py` prints the figures and the sentences not yet
labelled; a sentence the writer now says differently needs a label before the tests
pass, so no change to the writer goes unread.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bot.writer import compose_notes
from bot.writer.compose import length_range
from bot.writer.said import faults
from dialogs.answers import answers_from_document
from dialogs.interview import MAX_WORDING_ASKS

HERE = Path(__file__).resolve().parent
CORPUS: list[dict[str, Any]] = json.loads((HERE / "chat_corpus.json").read_text("utf-8"))
LABELS_FILE = HERE / "chat_corpus_labels.json"


def labels() -> dict[str, dict[str, Any]]:
    return json.loads(LABELS_FILE.read_text("utf-8")) if LABELS_FILE.exists() else {}


@dataclass(frozen=True)
class Unit:
    """One sentence a note says from an answer."""

    interview: str
    typer: str  # "careless" or "careful"
    note: int
    answer: str
    sentence: str
    sure: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class NoteResult:
    interview: str
    typer: str
    words: int
    low: int
    high: int
    flagged: bool


@cache
def written() -> tuple[tuple[Unit, ...], tuple[NoteResult, ...]]:
    units: list[Unit] = []
    notes: list[NoteResult] = []
    for item in CORPUS:
        answers = answers_from_document(item["answers"])
        low, high = length_range(answers.tone, answers.stage)
        for index, note in enumerate(compose_notes(answers)):
            flagged = {flag.sentence: flag.reasons for flag in note.flags}
            for said in note.written:
                reasons = flagged.get(said.sentence, ())
                units.append(
                    Unit(
                        item["id"],
                        item["typer"],
                        index,
                        said.answer,
                        said.sentence,
                        not reasons,
                        reasons,
                    )
                )
            notes.append(
                NoteResult(item["id"], item["typer"], note.word_count, low, high, bool(note.flags))
            )
    return tuple(units), tuple(notes)


def asks(units: tuple[Unit, ...]) -> dict[str, int]:
    """How many times the interview would ask, per interview: once per answer with a
    sentence a rule found a fault in, in any note (a panel's details counted per person), at most
    `MAX_WORDING_ASKS` times; the line "In your note, to check" and the review mark the rest."""
    asked: dict[str, set[tuple[str, int]]] = {item["id"]: set() for item in CORPUS}
    for unit in units:
        if faults(unit.reasons):  # the interview asks about a fault, shows the rest to check
            asked[unit.interview].add((unit.answer, unit.note if unit.answer == "detail" else 0))
    return {key: min(len(value), MAX_WORDING_ASKS) for key, value in asked.items()}


def figures() -> dict[str, Any]:
    units, notes = written()
    known = labels()
    sure = [u for u in units if u.sure]
    labelled = [u for u in sure if u.sentence in known]
    right = [u for u in labelled if known[u.sentence]["ok"]]
    unsure = [u for u in units if not u.sure and u.sentence in known]
    caught = [u for u in unsure if not known[u.sentence]["ok"]]
    faulted = [u for u in unsure if faults(u.reasons)]
    faulted_wrong = [u for u in faulted if not known[u.sentence]["ok"]]
    per = asks(units)
    typers = Counter(item["typer"] for item in CORPUS)
    return {
        "interviews": len(CORPUS),
        "notes": len(notes),
        "sentences": len(units),
        "sure": len(sure),
        "unlabelled": sorted({u.sentence for u in units if u.sentence not in known}),
        "precision_of_sure": len(right) / len(labelled) if labelled else 0.0,
        "flagged_that_were_wrong": len(caught) / len(unsure) if unsure else 0.0,
        # Flags for a fault a rule found (not only for being rewritten from chat).
        "faulted_that_were_wrong": len(faulted_wrong) / len(faulted) if faulted else 0.0,
        "asks_per_interview": {
            typer: sum(v for k, v in per.items() if _typer(k) == typer) / count
            for typer, count in typers.items()
        },
        "notes_with_no_flag": sum(1 for n in notes if not n.flagged) / len(notes),
        "notes_in_range": sum(1 for n in notes if n.low <= n.words <= n.high) / len(notes),
        "wrong_sure": sorted({u.sentence for u in labelled if not known[u.sentence]["ok"]}),
    }


def _typer(interview: str) -> str:
    return next(item["typer"] for item in CORPUS if item["id"] == interview)
