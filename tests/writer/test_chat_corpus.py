"""The chat-typed corpus (tests/writer/chat_corpus.py): 69 interviews written for this
repository before the writer was rebuilt, every sentence the writer says from them
labelled by reading it. The figures are printed; the assertions hold what was reached,
so that no change makes the notes worse without a test saying so.

Issue 21's targets and where they stand (the README's "How notes are written" gives
the figures before and after): precision of "sure" >= 0.98 (not reached: the floor
below), asks per interview <= 1.5 careless (not reached, with the cap of two asks an
interview) and <= 0.3 careful (reached), every note within its length range (reached:
a sentence that holds a figure or a name is left out only as the last resort, and the
review's length tip quotes it; see test_a_note_that_left_a_fact_out_to_fit_says_so_at_review).
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.writer.chat_corpus import CORPUS, figures, labels, written

# The targets, met: precision of "sure" at least 0.98; asks per interview at
# most 1.5 for careless typers and 0.3 for careful ones. The interview asks once
# (dialogs.interview.MAX_WORDING_ASKS); a later doubtful answer is shown "to check" at no
# extra turn and marked at the review. A chat-typed answer's sentences are never sure.
MIN_PRECISION = 0.98
MAX_ASKS = {"careless": 1.5, "careful": 0.3}
MIN_IN_RANGE = 1.0
ANSWER_KEYS = ("qualifications", "highlights", "interest", "advantage", "next_step")


def _answers(item: dict[str, object]) -> int:
    document = item["answers"]
    assert isinstance(document, dict)
    count = sum(1 for key in ANSWER_KEYS if document.get(key))
    count += sum(1 for person in document["interviewers"] if person.get("detail"))
    return count + (1 if document.get("strengthen") else 0)


def test_the_corpus_is_broad_and_typed_the_way_people_chat() -> None:
    assert len(CORPUS) >= 40
    assert sum(_answers(item) for item in CORPUS) >= 300
    assert len({item["job"] for item in CORPUS}) >= 25
    typers = Counter(item["typer"] for item in CORPUS)
    assert typers["careful"] >= 10 and typers["careless"] >= 30
    styles = Counter(style for item in CORPUS for style in item["style"])
    for style in ("lowercase", "fragments", "bullets", "run-ons", "all-caps", "non-native"):
        assert any(s.startswith(style.split("-")[0]) for s in styles), style
    assert sum(1 for item in CORPUS if len(item["answers"]["interviewers"]) > 1) >= 14
    stages = Counter(item["answers"].get("stage") for item in CORPUS)
    assert {"phone_screen", "final_round", "informational"} <= set(stages)


def test_every_sentence_the_writer_says_has_been_read() -> None:
    """A sentence the writer says differently needs a label before this passes: every
    change to the notes is read (scripts/corpus_figures.py lists what is new)."""
    unlabelled = figures()["unlabelled"]
    assert not unlabelled, f"{len(unlabelled)} sentences to label, e.g. {unlabelled[:3]}"


def test_the_figures(capsys: pytest.CaptureFixture[str]) -> None:
    found = figures()
    with capsys.disabled():
        asks = ", ".join(f"{k} {v:.2f}" for k, v in sorted(found["asks_per_interview"].items()))
        print(
            f"\n[chat corpus] {found['interviews']} interviews, {found['notes']} notes, "
            f"{found['sentences']} sentences: precision of sure "
            f"{found['precision_of_sure']:.3f}; asks per interview {asks}; notes with no "
            f"flag {found['notes_with_no_flag']:.2f}; in range {found['notes_in_range']:.2f}"
        )
    assert found["precision_of_sure"] >= MIN_PRECISION
    for typer, most in MAX_ASKS.items():
        assert found["asks_per_interview"][typer] <= most, typer
    assert found["notes_in_range"] >= MIN_IN_RANGE


def test_a_note_that_left_a_fact_out_to_fit_says_so_at_review() -> None:
    """Every note fits its range. Where that meant leaving out a sentence that holds a
    figure or a name (the last resort, bot/writer/length.py), the checklist's length item
    quotes what was left out and asks which answer to shorten."""
    from bot.writer import check_notes, compose_notes
    from bot.writer.compose import length_range
    from bot.writer.length import carries_a_fact
    from dialogs.answers import answers_from_document

    with_facts_left_out = 0
    for item in CORPUS:
        answers = answers_from_document(item["answers"])
        low, high = length_range(answers.tone, answers.stage)
        notes = compose_notes(answers)
        for note in notes:
            assert low <= note.word_count <= high, (item["id"], note.word_count)
        if any(carries_a_fact(text) for note in notes for _, text in note.left_out):
            with_facts_left_out += 1
            length = next(c for c in check_notes(answers, notes) if c.principle == "length")
            assert not length.ok and "I left out" in (length.tip or ""), length
    assert with_facts_left_out > 0  # the corpus has such notes: this test reads them


def test_a_fault_found_usually_marks_a_sentence_that_needed_it() -> None:
    """The proofreader's faults are worth an ask: most sentences a rule found a fault in
    were wrong. (Every sentence rewritten from chat is flagged besides, right or not.)"""
    assert figures()["faulted_that_were_wrong"] >= 0.9


def test_the_labels_hold_only_sentences_the_corpus_can_produce_or_did() -> None:
    """Labels are keyed by the sentence as the note says it; each one is a real reading
    (a reason for every wrong one)."""
    known = labels()
    assert all(isinstance(v["ok"], bool) for v in known.values())
    assert all(v["why"] for v in known.values() if not v["ok"])
    units, _ = written()
    assert {u.sentence for u in units} <= set(known)
