"""Write bot/writer/data/verb_forms.tsv.gz: the part of lemminflect's English tables the
note writer uses (bot/writer/verbs.py), so the server keeps 3 MiB of verb forms in
memory instead of lemminflect's 50 MiB of every word class.

Run after upgrading lemminflect (a dev dependency); tests/writer/test_verbs.py checks
that the file still answers exactly as lemminflect does.

    .venv/bin/python scripts/build_verb_forms.py
"""

from __future__ import annotations

import gzip
from importlib.metadata import version
from pathlib import Path

from lemminflect import Lemmatizer, getAllLemmas, getInflection

OUT = Path(__file__).resolve().parent.parent / "bot" / "writer" / "data" / "verb_forms.tsv.gz"
TAGS = ("VBD", "VBN", "VBZ")  # past tense, past participle, third person singular


def main() -> None:
    lemmatizer = Lemmatizer()
    # Every word lemminflect knows (lower case: it looks words up in lower case).
    words = set(lemmatizer._getLemmaDict()) | set(lemmatizer._getOverridesDict())
    lines = [
        f"# Derived from lemminflect {version('lemminflect')} (MIT licence; its tables come",
        "# from the SPECIALIST Lexicon and AGID). Regenerate: scripts/build_verb_forms.py",
    ]
    verb_lemmas: set[str] = set()
    for word in sorted(words):
        classes = getAllLemmas(word)
        if "VERB" in classes:
            verb_lemmas.update(classes["VERB"])
            lines.append("\t".join(("form", word, ",".join(classes["VERB"]))))
        if "ADJ" in classes:
            lines.append("\t".join(("adj", word)))
    for lemma in sorted(verb_lemmas):
        forms = [",".join(getInflection(lemma, tag=tag)) for tag in TAGS]
        lines.append("\t".join(("inflect", lemma, *forms)))
    OUT.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0))
    print(f"{OUT}: {len(lines)} lines, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
