"""Part-of-speech tags for the proofreader: TextBlob's bundled tagger, offline.

TextBlob ships Pattern's English tagger with its model (a 94,000-word lexicon and
suffix rules, MIT/BSD licensed) inside the package, so nothing is downloaded at run
time. `import textblob` itself imports NLTK (about 33 MiB of RSS in a server process),
which this tagger does not use, so the tagger's own module, `textblob/_text.py` (plain
Python, standard library only), is loaded from the installed package without the
package's `__init__`. The lexicon takes about 15 MiB; it is loaded at warm-up, never
on a user's turn.

Tags are Penn Treebank's (NN, NNS, NNP, VB, VBD, VBZ, VBP, VBN, VBG, MD, JJ, RB, IN, DT,
PRP, PRP$, WRB, CC, CD, ...). Only the lexicon and the suffix rules for unknown words are
used, as TextBlob's own `PatternTagger` does: the contextual rules file re-tags common
words wrongly ("really values" -> JJ ... VBP), measured on the writer's corpus.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from functools import cache, lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

# A token: a word (with inner apostrophes, hyphens, dots as in "3.6" or "e.g."), a number
# with its unit signs ($, %, k), or one mark of punctuation.
_TOKEN = re.compile(
    r"[$£€]?\d+(?:[.,:]\d+)*(?:%|k|K|x|\+)?|[^\W\d_](?:[\w'’&-]*[\w])?(?:\.(?=\w)[\w.]*)?|\S"
)
Tagged = tuple[tuple[str, str], ...]


def _pattern_module() -> ModuleType:
    spec = importlib.util.find_spec("textblob")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("textblob is a dependency of the note writer")
    path = Path(spec.origin).parent / "_text.py"
    module_spec = importlib.util.spec_from_file_location("thankyou_textblob_text", path)
    if module_spec is None or module_spec.loader is None:
        raise ModuleNotFoundError(f"cannot load TextBlob's tagger from {path}")
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


@cache
def _tagger() -> tuple[ModuleType, Any]:
    """TextBlob's tagger module and its English lexicon, loaded once."""
    module = _pattern_module()
    data = Path(module.__file__ or "").parent / "en"
    lexicon = module.Lexicon(
        path=str(data / "en-lexicon.txt"),
        morphology=str(data / "en-morphology.txt"),
        context="",
        entities="",
        language="en",
    )
    lexicon.load()
    for word, tag in list(lexicon.items()):  # a few hundred distinct tags, shared
        dict.__setitem__(lexicon, word, sys.intern(tag))
    lexicon.morphology.load()
    return module, lexicon


def warm_up() -> None:
    """Load the lexicon now (about 0.15 s, 15 MiB), not on a user's turn."""
    _tagger()


# Contractions split as Penn Treebank splits them: "I'm" -> "I" + "'m", "don't" -> "do" + "n't".
_CLITIC = re.compile(r"(?i)^(.+?)(n['’]t|['’](?:m|re|ve|s|d|ll))$")
_CLITIC_TAGS = {"'m": "VBP", "'re": "VBP", "'ve": "VBP", "'d": "MD", "'ll": "MD", "n't": "RB"}


def tokens(text: str) -> list[str]:
    out: list[str] = []
    for token in _TOKEN.findall(text):
        clitic = _CLITIC.match(token)
        if (clitic and clitic.group(1).lower() not in ("ca", "wo")) or (
            clitic and clitic.group(2).lower().endswith("n't")
        ):
            head, tail = clitic.group(1), clitic.group(2).replace("’", "'")
            if tail.lower() == "n't" and head.lower() in ("ca", "wo"):
                head = {"ca": "can", "wo": "will"}[head.lower()]
            out += [head, tail]
        else:
            out.append(token)
    return out


@lru_cache(maxsize=8192)
def tag(text: str) -> Tagged:
    """(token, Penn tag) for each token of `text` (one sentence)."""
    module, lexicon = _tagger()
    words = tokens(text)
    if not words:
        return ()
    tagged = module.find_tags(words, lexicon=lexicon, morphology=lexicon.morphology)
    labels = [_retag(word, str(label)) for word, label in tagged]
    for index in range(1, len(words) - 1):  # "Willow Creek's students": a possessive
        noun_after = labels[index + 1].startswith(("NN", "JJ")) or labels[index + 1] == "VBG"
        if words[index].lower() == "'s" and labels[index - 1].startswith("NN") and noun_after:
            labels[index] = "POS"
    for index in range(1, len(words)):  # "I load-tested our API": a compound verb
        if "-" in words[index] and labels[index] == "JJ" and labels[index - 1] == "PRP":
            tail = lexicon.get(words[index].rsplit("-", 1)[1].lower(), "")
            if tail in ("VBD", "VBN", "VBZ", "VBP", "VB"):
                labels[index] = "VBD" if tail == "VBN" else tail
    for index in range(2, len(words)):
        if labels[index] in ("VB", "VBP") and _ends_noun_phrase(labels, index):
            labels[index] = "NN"
    for index in range(len(words) - 1):  # "right now leads sit for days": a plural subject
        before = labels[index - 1] if index else ""
        if (
            labels[index] == "VBZ"
            and labels[index + 1] in ("VB", "VBP")
            and words[index].lower().endswith("s")
            and words[index].lower() not in ("is", "has", "does", "was", "'s")
            and before not in ("PRP", "NNP", "NN", "WDT", "WP", "MD", "TO")
        ):
            labels[index] = "NNS"
    return tuple(zip(words, labels, strict=True))


def _ends_noun_phrase(labels: list[str], index: int) -> bool:
    """A base verb that closes a phrase opened by a determiner is a noun the lexicon does
    not know ("its mentoring programme", "the new intake"): only modifiers stand between
    them, the last an adjective or a gerund (after a noun it is a verb: "the clients
    come in"), and a conjunction, a preposition or the end comes after."""
    if labels[index - 1] not in ("JJ", "VBG"):
        return False
    following = labels[index + 1] if index + 1 < len(labels) else "."
    if following not in ("CC", "IN", "TO", ".", ",", ":"):
        return False
    before = index - 1
    while before >= 0 and labels[before] in ("JJ", "VBG", "NN", "NNS"):
        before -= 1
    return before < index - 1 and before >= 0 and labels[before] in ("DT", "PRP$", "POS")


def _retag(word: str, label: str) -> str:
    """Tags the lexicon gets wrong for this writer's text: clitics, numbers, "I"."""
    lower = word.lower()
    if lower in _CLITIC_TAGS:
        return _CLITIC_TAGS[lower]
    if lower == "'s":
        return "VBZ"  # "it's", "that's"; a possessive is kept on its word by the tokenizer
    if word[:1].isdigit() or (word[:1] in "$£€" and word[1:2].isdigit()):
        return "CD"
    if word == "I":
        return "PRP"
    return label
