"""Two sets of interviews typed the way people chat, written in session 10 by someone who
had not read the writer's code (30 interviews, 30 kinds of job none of which the chat
corpus has), and the sentences the writer was ever sure of, labelled by reading them.

They were read once before anything was fixed for them (README, "On answers the writer
had never seen"); kept here so the figure can be checked again. Every sentence the
writer is sure of must have been read: a change that makes a new sentence sure fails
here until someone reads it. Precision of "sure" over them must stay at least 0.95.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.writer import compose_notes
from dialogs.answers import answers_from_document

HERE = Path(__file__).resolve().parent
SETS = json.loads((HERE / "fresh_sets.json").read_text("utf-8"))
LABELS = json.loads((HERE / "fresh_sets_labels.json").read_text("utf-8"))
MIN_PRECISION = 0.95


def sure_sentences() -> dict[str, str]:
    """Each sentence a note says from an answer and is sure of -> the interview's id."""
    found: dict[str, str] = {}
    for item in SETS:
        for note in compose_notes(answers_from_document(item["answers"])):
            flagged = {flag.sentence for flag in note.flags}
            for said in note.written:
                if said.sentence not in flagged:
                    found.setdefault(said.sentence, item["id"])
    return found


def test_the_sets_are_broad() -> None:
    assert len(SETS) == 30
    assert len({item["job"] for item in SETS}) == 30
    assert sum(1 for item in SETS if item["typer"] == "careless") == 22


def test_every_sure_sentence_has_been_read_and_nearly_all_read_right(
    capsys: pytest.CaptureFixture[str],
) -> None:
    sure = sure_sentences()
    unread = sorted(s for s in sure if s not in LABELS)
    assert not unread, f"{len(unread)} sure sentences to read, e.g. {unread[:3]}"
    right = [s for s in sure if LABELS[s]["ok"]]
    with capsys.disabled():
        print(f"\n[fresh sets] {len(right)} of {len(sure)} sure sentences read right")
    assert len(right) / len(sure) >= MIN_PRECISION
