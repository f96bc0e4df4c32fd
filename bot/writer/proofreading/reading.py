"""What the proofreader's rules share: which words of a tagged sentence are finite verbs,
where a sentence's main verbs are, and the word lists the rules read with."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from bot.writer.frames import Written
from bot.writer.tagger import Tagged
from bot.writer.text import word_set
from bot.writer.verbs import inflection, is_adjective, verb_lemmas

FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


NOUNS = frozenset({"NN", "NNS", "NNP", "NNPS", "PRP", "CD", "EX", "WP"})


# Singular nouns that need an article ("about good team", "with hiring manager").
COUNT_NOUNS = word_set(
    """certification certificate license licence degree portfolio grill cycle course card
    diploma badge clearance rep residency internship apprenticeship desk counter
    team company manager boss job role position place office store location clinic
    hospital school call interview panel meeting shift supervisor director recruiter
    department unit branch restaurant warehouse site project opportunity candidate
    hotel guest customer client patient student question answer problem mall firm
    agency lab truck route classroom class program course degree certificate
    license promotion raise week month year day hour review test sample report plan
    deadline schedule team lead nurse doctor teacher driver technician
    engineer analyst designer developer coordinator specialist assistant associate
    clerk cashier cook chef server bartender guard officer worker member employee
    colleague coworker friend mentor family parent child kid person guy girl boy
    reference recommendation car vehicle chance background protocol procedure policy
    checklist template tool system device machine platform campaign contract"""
)


INVERTING = word_set("do does did would could can will should is are was were have has")


CALENDAR = word_set(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday"""
)


RELATIVE = word_set("that who which whom whose how what why where when whether if")


AUXILIARIES = word_set("is are was were be been being am have has had get got gets having")


_VERBS_IN_S = frozenset(("is", "was", "has", "does", "'s"))


def is_finite(tagged: Tagged, index: int) -> bool:
    word, label = tagged[index]
    plural_after_number = word.lower().endswith("s") and word.lower() not in _VERBS_IN_S
    if label in FINITE and index and tagged[index - 1][1] == "CD" and plural_after_number:
        return False  # "150 calls a shift": a plural noun after a number; not "one is"
    if label in FINITE:
        return True
    back = index - 1
    while back > 0 and tagged[back][1] in ("RB", "RBR", "RBS"):  # "I also run", "we really do"
        back -= 1
    previous = tagged[back][0].lower() if index else ""
    followed = index + 1 < len(tagged) and tagged[index + 1][1] not in (".", ",", ":")
    adjective_before_noun = (
        index + 1 < len(tagged)
        and tagged[index + 1][1] in ("NNS", "NN")
        and previous in ("from", "with", "of", "for", "to", "about", "by", "among", "and", "the")
        and is_adjective(word.lower())
    )  # "learn from experienced engineers": an adjective
    if (
        label == "VBN"
        and index
        and previous not in AUXILIARIES
        and past(word.lower())
        and followed
        and not adjective_before_noun
    ):
        return True  # "Hearing about X made me ...": a past tense the tagger read as VBN
    if label in FINITE and index and tagged[index - 1][1] == "CD" and word.lower().endswith("s"):
        return False  # "150 calls a shift": a plural noun after a number
    if label in ("VB", "VBP") and index and tagged[index - 1][1] in ("NNS", "NNPS"):
        return True  # "the clients come in ...": a verb after a plural subject
    if (
        label == "NNS"
        and index >= 2
        and tagged[index - 1][1] == "NN"
        and tagged[index - 2][1] == "DT"
        and index + 1 < len(tagged)
        and third_person(word.lower())
    ):
        return True  # "the crew values near miss reports": a singular subject, then its verb
    if label in ("NNS", "NN") and index and tagged[index - 1][0].lower() in VERB_ADVERBS:
        # "the floor really prizes speed": a verb after an adverb, read as a plural noun
        return third_person(word.lower())
    # "I love ...", "we run ...": the tagger may read a verb after a pronoun as a noun.
    return (
        previous in ("i", "you", "we", "they")
        and label in ("VB", "NN", "VBN", "JJ")
        and bool(verb_lemmas(word.lower()))
    )


VERB_ADVERBS = word_set("really also always usually often still actually truly clearly just")


@lru_cache(maxsize=2048)
def third_person(word: str) -> bool:
    return any(word in inflection(lemma, "VBZ") for lemma in verb_lemmas(word))


@lru_cache(maxsize=2048)
def participle(word: str) -> bool:
    return any(word in inflection(lemma, "VBN") for lemma in verb_lemmas(word))


@lru_cache(maxsize=2048)
def past(word: str) -> bool:
    return any(word in inflection(lemma, "VBD") for lemma in verb_lemmas(word))


def words_of(tagged: Tagged) -> list[str]:
    return [word for word, _ in tagged]


Rule = Callable[[Written, Tagged, Tagged, frozenset[str]], str | None]


# Words that open a clause leaning on another: its verb is not the sentence's own.
LEANING = word_set(
    """than that which who whom whose because since if when whenever while although though
    unless until whether where how what why after before once"""
)


def main_verbs(words: Tagged) -> list[int]:
    """The finite verbs of a sentence's main clauses: not those in a clause opened by
    "than", "that", "because", ... (which runs to the next comma)."""
    found, inside = [], False
    for index, (word, label) in enumerate(words):
        lower = word.lower()
        leaning_like = (
            lower in ("like", "as")
            and index + 1 < len(words)
            and words[index + 1][1] == "PRP"
            and index > 1
        )
        if (lower in LEANING and index > 0) or leaning_like:
            inside = True
        elif label in (",", ";", ":"):
            inside = False
        elif not inside and is_finite(words, index):
            found.append(index)
    if not found:
        finite = [i for i in range(len(words)) if is_finite(words, i)]
        if len(finite) >= 2:  # a clause that leans on another, then the main verb
            return finite[-1:]
    return found


PREPOSITION_WORDS = word_set(
    """about with for to in at on from into over after before during under without like
    versus"""
)


DETERMINER_LIKE = word_set(
    """last next this that every each another one any some no per the a an my our your
    their his her its whose which what whatever either neither such"""
)


COPULAS = word_set("'m 'm am is are was were be been 're 's seem seems feel feels")


SUBORDINATORS = word_set(
    """and but or so because since when while if that which who where as after before
    although though until unless whether than how what why nor yet then"""
)


def verb_lemmas_of(word: str) -> list[str]:
    return [lemma.lower() for lemma in verb_lemmas(word.lower())]
