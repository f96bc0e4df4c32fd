"""Verb forms for the writer: the lemmas of a verb form, a lemma's past tense, past
participle and third person singular, and which words are adjectives.

The tables are lemminflect's, cut down to these three questions and shipped in
data/verb_forms.tsv.gz (scripts/build_verb_forms.py writes it; tests/writer/test_verbs.py
checks every entry against lemminflect). Loading lemminflect itself kept about 50 MiB
of every word class in each server process; these tables take about 6 MiB.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

TAGS = ("VBD", "VBN", "VBZ")  # past tense, past participle, third person singular


@dataclass(frozen=True)
class VerbTables:
    # Compact on purpose (about 6 MiB): comma-joined strings, shared between entries,
    # split when asked (the callers cache their answers).
    lemmas: dict[str, str]  # a verb form -> its lemmas ("led" -> "lead")
    forms: dict[str, tuple[str, str, str]]  # a lemma -> its forms for each of TAGS
    adjectives: frozenset[str]  # words with an adjective reading ("advanced")


@cache
def tables() -> VerbTables:
    data = files("bot.writer").joinpath("data/verb_forms.tsv.gz").read_bytes()
    shared: dict[str, str] = {}
    lemmas: dict[str, str] = {}
    forms: dict[str, tuple[str, str, str]] = {}
    adjectives: set[str] = set()
    for line in gzip.decompress(data).decode().splitlines():
        kind, *fields = line.split("\t")
        if kind == "form":
            lemmas[fields[0]] = shared.setdefault(fields[1], fields[1])
        elif kind == "inflect":
            past, participle, third = (shared.setdefault(f, f) for f in fields[1:])
            forms[shared.setdefault(fields[0], fields[0])] = (past, participle, third)
        elif kind == "adj":
            adjectives.add(fields[0])
    return VerbTables(lemmas, forms, frozenset(adjectives))


def _caps_of(word: str) -> Callable[[str], str]:
    """lemminflect's rule: words are looked up in lower case, and what it returns takes
    the capitals of what was asked ("Managed" -> "Manage")."""
    if word.isupper():
        return str.upper
    if word[:1].isupper():
        return str.capitalize
    return str.lower


def verb_lemmas(word: str) -> tuple[str, ...]:
    """The lemmas of `word` as a verb ("led" -> ("lead",)); () if it is none."""
    found = tables().lemmas.get(word.lower())
    if not found:
        return ()
    caps = _caps_of(word)
    return tuple(caps(lemma) for lemma in found.split(","))


def inflection(lemma: str, tag: str) -> tuple[str, ...]:
    """The forms of verb `lemma` for `tag` (VBD, VBN or VBZ); () if unknown."""
    found = tables().forms.get(lemma.lower())
    if found is None or not found[TAGS.index(tag)]:
        return ()
    caps = _caps_of(lemma)
    return tuple(caps(form) for form in found[TAGS.index(tag)].split(","))


def is_adjective(word: str) -> bool:
    """Whether `word` has an adjective reading ("advanced", "automated")."""
    return word.lower() in tables().adjectives


def ing_form(verb: str) -> str:
    """The -ing form: "take" -> "taking", "apply" -> "applying", "get" -> "getting",
    "plan" -> "planning" (the final consonant doubles where the past doubles it, or in a
    short consonant-vowel-consonant verb)."""
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and len(verb) > 2:
        return verb[:-1] + "ing"
    past = next(iter(inflection(verb, "VBD")), "")
    doubled_past = past.endswith(verb + verb[-1:] + "ed")
    short = re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", verb) is not None and len(verb) <= 4
    return verb + verb[-1] + "ing" if doubled_past or short else verb + "ing"
