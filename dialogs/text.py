"""Cleaning typed text and writing names with capitals: one normaliser for the interview
(dialogs/parse.py) and the note writer (bot/writer/), so a name reads the same in the
chat and in the note ("o'brien" is "O'Brien" in both)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

# Small words inside a name or title stay lower case: "Dana de la Cruz", "Head of Sales".
SMALL_WORDS = frozenset(
    [
        "of",
        "and",
        "for",
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "to",
        "with",
        "de",
        "del",
        "la",
        "van",
        "von",
        "or",
        # Surname particles: "Rosa da Silva", "Jan van der Berg", "Ana dos Santos".
        "da",
        "das",
        "dos",
        "der",
        "den",
        "di",
        "du",
        "della",
        "ter",
        "ten",
        "bin",
        "ibn",
    ]
)


def clean_text(raw: str, *, keep_blank_lines: bool = False) -> str:
    """Drop control, format, unassigned and private-use characters (keeping line breaks:
    none of them shows the same everywhere), normalise to NFC, single
    spaces, trim each line; blank lines go unless `keep_blank_lines` (the writer reads
    paragraphs)."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(
        ch
        for ch in text
        if ch == "\n"
        or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Cn", "Co")
        or ch in "\t\v\f"
    )
    lines = [" ".join(line.split()) for line in text.split("\n")]
    if not keep_blank_lines:
        lines = [line for line in lines if line]
    return "\n".join(lines).strip()


def _capitalise_word(word: str, *, first: bool, known: Callable[[str], str | None]) -> str:
    spelt = known(word.lower())
    if spelt:
        return spelt
    if not first and word.lower() in SMALL_WORDS:
        return word.lower()
    return "-".join(
        re.sub(r"^(\w)(\w*)(['’])(\w)", lambda m: m[1].upper() + m[2] + m[3] + m[4].upper(), p)
        if re.match(r"^\w['’]\w", p)  # "o'brien" -> "O'Brien"; "d'angelo" -> "D'Angelo"
        else p[:1].upper() + p[1:]
        for p in word.split("-")
    )


def _unknown(_: str) -> str | None:
    return None


def capitalise_name(name: str, known: Callable[[str], str | None] = _unknown) -> str:
    """A person's or organisation's name typed in lower case or capitals, written properly.

    A name typed with mixed case ("McDonald", "iRobot") is the user's spelling: kept.
    `known` gives the spelling of a known term ("ibm" -> "IBM"), if the caller has a list.
    """
    name = " ".join(name.split())
    shouted = name == name.upper() and sum(ch.isalpha() for ch in name) > 3
    if name != name.lower() and not shouted:
        return name
    out = []
    for index, word in enumerate(name.split(" ")):
        spelt = known(word.lower().strip(","))
        if shouted and spelt and spelt.isupper():  # "LLC", "IBM"; "ANA" is a name
            out.append(word)
            continue
        out.append(_capitalise_word(word.lower(), first=index == 0, known=known))
    return " ".join(out)
