"""The realistic corpus of tests/writer: answers typed the way people chat, with what a
careful writer makes of them, and whole interviews typed the same way."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.writer.compose import written_answers
from bot.writer.said import Said
from dialogs.answers import Answers, Interviewer, answers_from_document

HERE = Path(__file__).resolve().parent
ANSWERS: list[dict[str, Any]] = json.loads((HERE / "corpus_answers.json").read_text())
INTERVIEWS: list[dict[str, Any]] = json.loads((HERE / "interviews.json").read_text())


def written(item: dict[str, Any]) -> Said:
    """One corpus answer as the writer says it in the note to `item["reader"]`."""
    field = item["field"]
    people = tuple(
        Interviewer(
            name, detail=item["input"] if field == "detail" and name == item["reader"] else None
        )
        for name in item["interviewers"]
    )

    def text(key: str) -> str:
        return item["input"] if field == key else "x"

    answers = Answers(
        candidate_name="Jordan Rivera",
        interviewers=people,
        company="Acme",
        role="Analyst",
        qualifications=text("qualifications"),
        highlights=text("highlights"),
        interest=text("interest"),
        advantage=item["input"] if field == "advantage" else None,
    )
    said = written_answers(answers, item["interviewers"].index(item["reader"]))[field]
    assert said is not None
    return said


def interviews() -> list[Answers]:
    return [answers_from_document(doc) for doc in INTERVIEWS]
