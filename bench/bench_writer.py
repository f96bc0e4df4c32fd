"""How long the note writer takes: the per-answer check the interview makes after each
answer (preview), and composing plus checking every note at review.

Run: .venv/bin/python bench/bench_writer.py  (prints figures; it asserts nothing). The
writer is warmed up first, as the server does at start.
Figures are over the 32 carelessly typed interviews of tests/writer/interviews.json.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from bot.writer import check_notes, compose_notes, preview_answer, warm_up
from dialogs.answers import answers_from_document

DOCS = json.loads((Path(__file__).parent.parent / "tests/writer/interviews.json").read_text())
ANSWERS = ("qualifications", "highlights", "interest", "advantage")


def timed_ms(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000


def main() -> None:
    print(f"warm-up (once, at start) {timed_ms(warm_up):.0f} ms")
    previews = [
        timed_ms(lambda d=doc, a=answer: preview_answer(d, a))
        for doc in DOCS
        for answer in ANSWERS
        if doc.get(answer)
    ]
    reviews = []
    for doc in DOCS:
        answers = answers_from_document(doc)
        reviews.append(timed_ms(lambda a=answers: check_notes(a, compose_notes(a))))
    for name, figures in (("preview (first time)", previews), ("compose + check", reviews)):
        figures.sort()
        p95 = figures[int(len(figures) * 0.95) - 1]
        print(
            f"{name:22} n={len(figures):3}  p50 {statistics.median(figures):6.2f} ms"
            f"  p95 {p95:6.2f} ms  max {figures[-1]:6.2f} ms"
        )


if __name__ == "__main__":
    main()
