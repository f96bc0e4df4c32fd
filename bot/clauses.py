"""What kind of clause a piece of an answer is: a sentence to quote, a fragment to put
inside a frame, a deed ("led the migration": "I" is added) or a trait ("fluent in
Spanish": "I am" is added). Word lists and small heuristics, no grammar library: the
cases are few and a wrong guess costs only a slightly stiffer frame.
"""

from __future__ import annotations


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string, for the word lists below."""
    return frozenset(words.split())


DETERMINERS = word_set("a an the my our your their his her its this that these those")
_SUBJECT_PRONOUNS = word_set(
    "i i'm i've i'd i'll we we're we've we'd we'll you you're you've they they're they've"
    " he she he's she's it's there's"
)
_AUX_AND_COMMON_VERBS = word_set(
    """is are was were am has have had will would can could should shall may might must
    did does made makes make led leads ran runs built builds grew grows cut won wrote
    taught drove sold kept brought began became took gave saw found held met spoke chose
    oversaw undertook rewrote spent sent stood felt thought knew got helps helped shows
    means seems excites excite appeals matters fits aligns resonates stands gets gives
    love loves want wants enjoy enjoys speak speaks"""
)
_IRREGULAR_PAST = word_set(
    """led ran built grew cut made won wrote taught drove set sold kept brought began
    became took gave found held met spoke chose rebuilt oversaw undertook rewrote spent
    sent put hit shipped co-led"""
)
# Present-tense verbs that begin a bullet like "manage a team of 5" and are rarely nouns.
_PRESENT_DEEDS = word_set(
    "manage oversee coordinate develop analyze analyse create maintain teach write speak"
    " mentor lead"
)
# -ed words that are usually adjectives ("experienced in SQL"), not things done.
_ED_ADJECTIVES = word_set(
    """experienced skilled certified qualified licensed interested motivated dedicated
    detailed organized organised talented seasoned advanced accomplished committed
    self-motivated red bed need speed seed feed shed hundred based related varied
    proficient united oriented"""
)
# Adjectives that open a self-description ("fluent in Spanish", "bilingual, organised").
_TRAITS = word_set(
    """experienced skilled certified qualified licensed fluent proficient bilingual
    trilingual multilingual passionate organized organised detail-oriented motivated
    self-motivated dedicated comfortable familiar adept well-versed knowledgeable eager
    adaptable reliable analytical hardworking hard-working curious"""
)
_TRAIT_FOLLOWERS = word_set("in at with on to about and")
_RELATIVE_MARKERS = word_set("that which who whom whose")
_CLAUSE_JOINERS = word_set("and but so then because when while since as")


def bare_word(word: str) -> str:
    return word.lower().strip("\"'“”‘’()[],;:.!?")


def _looks_past(word: str) -> bool:
    """ "managed", "launched"; not "experienced", nor compounds like "data-driven"."""
    return word.endswith("ed") and len(word) > 4 and word not in _ED_ADJECTIVES and "-" not in word


def _is_verb(words: list[str], i: int) -> bool:
    """Whether words[i] looks like the finite verb of a main clause."""
    word = bare_word(words[i])
    prev = bare_word(words[i - 1]) if i else ""
    before = bare_word(words[i - 2]) if i > 1 else ""
    nxt = bare_word(words[i + 1]) if i + 1 < len(words) else ""
    past = _looks_past(word)
    if not (word in _AUX_AND_COMMON_VERBS or past):
        return False
    if prev in _RELATIVE_MARKERS or (past and (nxt == "by" or prev in DETERMINERS)):
        return False
    return not (prev in _SUBJECT_PRONOUNS and before and before not in _CLAUSE_JOINERS)


def _is_unmarked_contraction(words: list[str]) -> bool:
    """ "its a great team", "im excited", "theres a lot": a clause typed without apostrophes."""
    first = bare_word(words[0])
    after = bare_word(words[1]) if len(words) > 1 else ""
    return first in ("im", "ive", "theres", "thats") or (
        first == "its" and after in ("a", "an", "the", "so", "very", "really", "such", "been")
    )


def _is_deed(word: str) -> bool:
    """A bullet beginning with a verb: "led the migration", "cut costs 20%"."""
    word = bare_word(word)
    return word in _IRREGULAR_PAST or word in _PRESENT_DEEDS or _looks_past(word)


def _is_trait(words: list[str]) -> bool:
    """A self-description: "fluent in Spanish", "bilingual, detail oriented"."""
    first = bare_word(words[0])
    after = bare_word(words[1]) if len(words) > 1 else ""
    ends_word = words[0].endswith(",") or not after
    return first in _TRAITS and (ends_word or after in _TRAIT_FOLLOWERS)


def clause_kind(unit: str) -> str:
    """ "sentence", "trait", "deed" or "fragment"."""
    words = unit.split()
    if bare_word(words[0]) in _SUBJECT_PRONOUNS or _is_unmarked_contraction(words):
        return "sentence"
    if _is_trait(words):
        return "trait"
    if _is_deed(words[0]) and len(words) > 1:
        return "deed"
    if any(_is_verb(words, i) for i in range(1, len(words))):
        return "sentence"
    return "fragment"
