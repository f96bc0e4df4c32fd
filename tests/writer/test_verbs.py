"""The writer's verb tables (bot/writer/verbs.py) answer exactly as lemminflect, whose
tables they are cut from (scripts/build_verb_forms.py), for every word it knows, in
each of the capitals a word is typed with, and for words it does not know."""

from __future__ import annotations

import pytest

from bot.writer.verbs import TAGS, inflection, is_adjective, tables, verb_lemmas

lemminflect = pytest.importorskip("lemminflect", reason="a dev dependency (pip install -e .[dev])")

UNKNOWN = ["", "kubernetes", "Priya", "SQL", "zzzx", "e-mail", "co-led", "123", "I'm"]


def _styles(word: str) -> list[str]:
    return [word, word.capitalize(), word.upper()]


def test_every_verb_form_has_the_lemmas_lemminflect_gives() -> None:
    for form in [*tables().lemmas, *UNKNOWN]:
        for word in _styles(form):
            expected = lemminflect.getAllLemmas(word, upos="VERB").get("VERB", ())
            assert verb_lemmas(word) == expected, word


def test_every_adjective_reading_is_lemminflects() -> None:
    for form in [*tables().adjectives, *list(tables().lemmas)[::7], *UNKNOWN]:
        for word in _styles(form):
            assert is_adjective(word) == ("ADJ" in lemminflect.getAllLemmas(word)), word


def test_every_verb_lemma_inflects_as_in_lemminflect() -> None:
    lemmas = {lemma for form in tables().lemmas for lemma in verb_lemmas(form)}
    for lemma in lemmas:
        for word in _styles(lemma):
            for tag in TAGS:
                assert inflection(word, tag) == lemminflect.getInflection(word, tag=tag), (
                    word,
                    tag,
                )


def test_the_forms_the_writer_relies_on() -> None:
    assert verb_lemmas("led") == ("lead",)
    assert "managed" in inflection("manage", "VBD")
    assert inflection("Manage", "VBD") == ("Managed",)
    assert inflection("be", "VBZ") == ("is",)
    assert is_adjective("advanced") and not is_adjective("kubernetes")


@pytest.mark.parametrize(
    ("verb", "form"),
    [
        ("get", "getting"),
        ("plan", "planning"),
        ("take", "taking"),
        ("apply", "applying"),
        ("visit", "visiting"),
        ("open", "opening"),
        ("tie", "tying"),
        ("see", "seeing"),
    ],
)
def test_the_ing_form_the_writer_shares(verb: str, form: str) -> None:
    from bot.writer.verbs import ing_form

    assert ing_form(verb) == form
