"""How long the note writer takes, and what its proofreader costs.

- preview: the per-answer check the interview makes after each answer ("In your note").
- compose + check: composing and checking every note at review (the proofreader runs
  inside compose).
- proofreader per review: the proofreader alone over every note of a review, with the
  tagger's cache emptied first, so each sentence is tagged as if never seen.
- RSS: the process's resident memory before and after the tagger loads, and after all
  the reviews (the proofreader's share is the tagger's model plus its cache).

Run: .venv/bin/python bench/bench_writer.py  (prints figures; it asserts nothing). The
writer is warmed up first, as the server does at start. Figures are over the 32
carelessly typed interviews of tests/writer/interviews.json and the 69 chat-typed ones of
tests/writer/chat_corpus.json.
"""

from __future__ import annotations

import json
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent.parent
ANSWERS = ("qualifications", "highlights", "interest", "advantage")


def rss_mib() -> float:
    """Resident memory now (Linux: /proc/self/statm), in MiB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def timed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def documents() -> list[dict[str, Any]]:
    careless = json.loads((ROOT / "tests/writer/interviews.json").read_text())
    corpus = json.loads((ROOT / "tests/writer/chat_corpus.json").read_text())
    chat = [item["answers"] for item in corpus]
    return [*careless, *chat]


def summary(name: str, figures: list[float]) -> str:
    figures = sorted(figures)
    p95 = figures[max(int(len(figures) * 0.95) - 1, 0)]
    return (
        f"{name:26} n={len(figures):3}  p50 {statistics.median(figures):6.2f} ms"
        f"  p95 {p95:6.2f} ms  max {figures[-1]:6.2f} ms"
    )


def main() -> None:
    before_all = rss_mib()
    from bot.writer import check_notes, compose_notes, preview_answer, tagger, warm_up
    from bot.writer.proofreading import _read, proofread

    proofreading_cache_clear = _read.cache_clear
    from dialogs.answers import answers_from_document

    imported = rss_mib()
    print(
        f"tagger load {timed_ms(tagger.warm_up):.0f} ms, RSS {imported:.1f} -> {rss_mib():.1f} MiB"
    )
    with_tagger = rss_mib()
    print(f"warm-up (once, at start) {timed_ms(warm_up):.0f} ms")
    docs = documents()
    answers_of = [answers_from_document(doc) for doc in docs]
    previews = [
        timed_ms(lambda d=doc, a=answer: preview_answer(d, a))
        for doc in docs
        for answer in ANSWERS
        if doc.get(answer)
    ]
    reviews, proofreading = [], []
    for answers in answers_of:
        reviews.append(timed_ms(lambda a=answers: check_notes(a, compose_notes(a))))
        notes = compose_notes(answers)
        # Cold: nothing this review says read before (the tagger's cache and the
        # proofreader's own, which composing just filled, emptied).
        tagger.tag.cache_clear()
        proofreading_cache_clear()
        proofreading.append(
            timed_ms(lambda n=notes: [proofread(note.written) for note in n])  # type: ignore[misc]
        )
    print(summary("preview (first time)", previews))
    print(summary("compose + check", reviews))
    print(summary("proofreader per review", proofreading))
    print(
        f"RSS: {before_all:.1f} MiB at start, {imported:.1f} with the writer imported, "
        f"{with_tagger:.1f} with the tagger loaded (+{with_tagger - imported:.1f}), "
        f"{rss_mib():.1f} after {len(answers_of)} reviews"
    )


if __name__ == "__main__":
    main()
