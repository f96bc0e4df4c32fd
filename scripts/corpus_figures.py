"""Print the writer's figures over the chat-typed corpus (tests/writer/chat_corpus.py),
and write the sentences still to be labelled to a file for reading.

    .venv/bin/python scripts/corpus_figures.py [--unlabelled FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.writer.chat_corpus import figures, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unlabelled", type=Path, help="write the unlabelled sentences here")
    parser.add_argument("--wrong", action="store_true", help="list sure sentences labelled wrong")
    args = parser.parse_args()
    found = figures()
    units, _ = written()
    print(
        f"interviews {found['interviews']}, notes {found['notes']}, "
        f"sentences {found['sentences']} ({found['sure']} sure)"
    )
    print(f"precision of sure: {found['precision_of_sure']:.3f}")
    print(f"flagged sentences that were wrong: {found['flagged_that_were_wrong']:.3f}")
    print(f"  of those with a fault a rule found: {found['faulted_that_were_wrong']:.3f}")
    for typer, value in sorted(found["asks_per_interview"].items()):
        print(f"asks per interview ({typer}): {value:.2f}")
    print(f"notes with no flagged sentence: {found['notes_with_no_flag']:.3f}")
    print(f"notes within their length range: {found['notes_in_range']:.3f}")
    print(f"unlabelled sentences: {len(found['unlabelled'])}")
    if args.wrong:
        for sentence in found["wrong_sure"]:
            print("  WRONG", sentence)
    if args.unlabelled:
        context = {}
        for unit in units:
            context.setdefault(
                unit.sentence,
                {
                    "answer": unit.answer,
                    "interview": unit.interview,
                    "sure": unit.sure,
                    "reasons": list(unit.reasons),
                },
            )
        rows = [{"sentence": s, **context[s]} for s in found["unlabelled"]]
        args.unlabelled.write_text(json.dumps(rows, indent=1, ensure_ascii=False), "utf-8")


if __name__ == "__main__":
    main()
