"""Answers typed the way people chat, each written as a careful writer would (table-driven).

Every item of corpus_answers.json is one answer (qualifications, highlights, interest,
advantage or a panel detail) with the note it is for and the exact text expected: a
topic for a frame ("our conversation about ..."), whole sentences, or (kind "text") every
part as written, clauses for a frame such as "I was glad to hear that ..." included.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from tests.writer.corpus import ANSWERS, written


def test_the_corpus_is_realistic_and_broad() -> None:
    assert len(ANSWERS) >= 150
    professions = Counter(item["id"].rsplit("-", 2)[0] for item in ANSWERS)
    assert len(professions) >= 15, professions
    fields = Counter(item["field"] for item in ANSWERS)
    assert set(fields) == {"qualifications", "highlights", "interest", "advantage", "detail"}
    assert sum(1 for i in ANSWERS if i["input"] == i["input"].upper()) >= 10  # typed in capitals
    assert sum(1 for i in ANSWERS if i["input"] == i["input"].lower()) >= 100  # lower case


@pytest.mark.parametrize("item", ANSWERS, ids=[item["id"] for item in ANSWERS])
def test_each_answer_is_written_as_a_careful_writer_would(item: dict[str, Any]) -> None:
    said = written(item)
    if item["kind"] == "topic":
        assert (said.topic, said.sentences) == (item["expected"], ()), item["input"]
    elif item["kind"] == "text":  # a clause for "I was glad to hear that ...", and sentences
        assert said.text == item["expected"], item["input"]
    else:
        assert (said.topic, " ".join(said.sentences)) == ("", item["expected"]), item["input"]


def test_few_answers_written_right_draw_a_fault() -> None:
    """Every answer here is chat-typed, so none is sure (each sentence is the writer's
    reading); but the rules find a fault in few of these, which are written right."""
    faulted = [item["id"] for item in ANSWERS if written(item).faults]
    assert len(faulted) <= len(ANSWERS) // 20, faulted
