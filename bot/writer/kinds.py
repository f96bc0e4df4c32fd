"""Rule 4, what a piece of an answer is, so that it only goes into a frame written for it.

- a **sentence** has its own subject and verb ("Tom was really into the rewrite");
- a **deed** is something done, with no subject ("led the migration"): "I" is added;
- a **trait** describes the candidate ("fluent in Spanish", "CPR certified"): "I am";
- an **experience** is a length of time at something ("6 yrs of go"): "I have ...";
- a **topic** is what was talked about: a noun phrase, a gerund or a how/what/whether
  clause ("data governance", "how I'd measure onboarding"), fit for "our conversation
  about ...";
- anything else is **unclear** (a clause that leans on another: "because the new
  program ..."): the writer keeps it as typed and asks the candidate.

Verb forms come from lemminflect's tables (bot/writer/verbs.py); the word lists below
cover what a lemma table cannot tell, such as "advanced Excel" (an adjective) against
"automated the reports" (a deed).
"""

from __future__ import annotations

import enum
import re
from functools import lru_cache

from bot.writer.text import bare_word, word_set
from bot.writer.verbs import inflection, is_adjective, verb_lemmas


class Kind(enum.StrEnum):
    SENTENCE = "sentence"
    DEED = "deed"
    TRAIT = "trait"
    EXPERIENCE = "experience"
    TOPIC = "topic"
    UNCLEAR = "unclear"


DETERMINERS = word_set("a an the my our your their his her its this that these those")
SUBJECT_PRONOUNS = word_set(
    "i i'm i've i'd i'll we we're we've we'd we'll you you're you've they they're they've"
    " he she he's she's it it's there there's that's this everyone everybody nobody"
)
_AUX_AND_COMMON_VERBS = word_set(
    """is are was were am has have had will would can could should shall may might must
    did does made makes make led leads ran runs built builds grew grows cut won wrote
    taught drove sold kept brought began became took gave saw found held met spoke chose
    oversaw undertook rewrote spent sent stood felt thought knew got helps helped shows
    means seems excites excite appeals matters fits aligns resonates stands gets gives
    love loves want wants enjoy enjoys speak speaks sounds sound looks feels isn't let lets
    wasn't aren't weren't doesn't don't didn't won't can't couldn't"""
)
# Present-tense verbs that open a deed ("manage a team of 5", "love the mission").
_PRESENT_DEEDS = word_set(
    """manage oversee coordinate develop analyze analyse create maintain teach write speak
    mentor lead run build love enjoy want appreciate admire value believe know
    supervise train handle tutor bake"""
)
# -ed words that are adjectives before a noun ("advanced Excel", "detailed reports").
_ED_ADJECTIVES = word_set(
    """experienced skilled certified qualified licensed interested motivated dedicated
    detailed organized organised talented seasoned advanced accomplished committed
    self-motivated red bed need speed seed feed shed hundred based related varied
    proficient united oriented excited thrilled impressed inspired surprised pleased
    automated distributed embedded integrated advanced applied"""
)
# Words that open a self-description ("fluent in Spanish", "excited about the clinic").
TRAITS = word_set(
    """experienced skilled certified qualified licensed registered fluent proficient
    bilingual trilingual multilingual passionate organized organised detail-oriented
    motivated self-motivated dedicated comfortable familiar adept well-versed
    knowledgeable eager adaptable reliable analytical hardworking hard-working curious
    excited thrilled impressed inspired interested keen happy glad grateful drawn
    available able ready confident calm patient flexible creative energetic ordained
    admitted bonded insured"""
)
_DEED_ADVERBS = word_set("never always also successfully personally single-handedly recently")
_PREPOSITIONS = word_set("about of in on for with to at by from into onto over under than like")
_WH_WORDS = word_set("how what why whether where which who whom")
_POSSESSIVES = word_set("my our your their his her its")
_TRAIT_ENDINGS = word_set("certified licensed qualified trained registered accredited")
_TRAIT_FOLLOWERS = word_set("in at with on to about and by for")
_LEADING_ADVERBS = word_set("really very so especially also truly quite highly pretty")
_SUBORDINATORS = word_set(
    "because since although though when if while unless whereas as after before until once"
)
_RELATIVE_MARKERS = word_set("that which who whom whose")
_CLAUSE_JOINERS = word_set("and but so then because when while since as")
_NUMBER_WORDS = word_set("one two three four five six seven eight nine ten eleven twelve")
# "charge nurse 2 yrs": the length of time typed after what it was spent on.
EXPERIENCE_AFTER = re.compile(
    r"^(?P<rest>[^\d,;]+?)\s+(?:for\s+)?(?P<n>\d+(?:\.\d+)?\+?)\s*(?P<unit>years?|months?)$",
    flags=re.IGNORECASE,
)
EXPERIENCE = re.compile(
    r"^(?P<n>(?:\d+(?:\.\d+)?\+?|about \d+|over \d+|" + "|".join(_NUMBER_WORDS) + r"))"
    r"\s*(?P<unit>years?|months?)\s+(?:of\s+)?(?P<rest>.+)$",
    flags=re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def _past_tense(word: str, *, same_as_base: bool = True) -> bool:
    """ "managed", "led", "cut": a past-tense form of a verb. With `same_as_base` False,
    forms that are also the base ("cut", "cost", "set") do not count."""
    for lemma in verb_lemmas(word):
        if word in inflection(lemma, "VBD") and (same_as_base or word != lemma):
            return True
    return False


def opens_deed(words: list[str]) -> bool:
    """A piece that begins with something done: "led the migration", "cut costs 20%"."""
    if len(words) < 2:
        return False
    first, after = bare_word(words[0]), bare_word(words[1])
    if first in _DEED_ADVERBS:  # "never missed a deadline", "successfully launched"
        return opens_deed(words[1:])
    if first in _PRESENT_DEEDS:
        return True
    if not _past_tense(first):
        return False
    if first in _ED_ADJECTIVES or is_adjective(first):
        # "automated the reports" is a deed; "advanced excel" is a skill.
        return after in DETERMINERS or after[:1] in "0123456789$£€" or after in ("over", "all")
    return True


def _is_verb(words: list[str], i: int) -> bool:
    """Whether words[i] looks like the finite verb of a main clause."""
    word = bare_word(words[i])
    prev = bare_word(words[i - 1]) if i else ""
    before = bare_word(words[i - 2]) if i > 1 else ""
    nxt = bare_word(words[i + 1]) if i + 1 < len(words) else ""
    past = word not in _ED_ADJECTIVES and (
        (word.endswith("ed") and len(word) > 4) or _past_tense(word, same_as_base=False)
    )
    if not (word in _AUX_AND_COMMON_VERBS or past):
        return False
    if _relative_clause(words, i):
        return False
    if prev in _PREPOSITIONS and past:  # "about shared governance"
        return False
    if prev in _RELATIVE_MARKERS or prev == "to" or (past and (nxt == "by" or prev in DETERMINERS)):
        return False
    if prev in ("how", "what", "why", "whether", "where", "who") and i == 1:
        return False
    # "the audit I ran" is a noun phrase; "at Northwind I cut costs" is a clause.
    relative = bare_word(words[0]) in DETERMINERS
    return not (prev in SUBJECT_PRONOUNS and before and before not in _CLAUSE_JOINERS and relative)


def _relative_clause(words: list[str], i: int) -> bool:
    """ "the way you talked", "the work your firm does": a verb inside a noun phrase."""
    if bare_word(words[0]) not in DETERMINERS or i < 2:
        return False
    prev, before = bare_word(words[i - 1]), bare_word(words[i - 2])
    if prev in ("you", "she", "he", "they", "we", "i") and before not in _CLAUSE_JOINERS:
        return True
    if i > 2 and before in DETERMINERS:  # "the new DC the team is opening": a 2nd noun phrase
        return True
    return i >= 3 and before in _POSSESSIVES and bare_word(words[i - 3]) not in _CLAUSE_JOINERS


def _is_unmarked_contraction(words: list[str]) -> bool:
    """ "its a great team", "im excited", "theres a lot": a clause typed without apostrophes."""
    first = bare_word(words[0])
    after = bare_word(words[1]) if len(words) > 1 else ""
    return first in ("im", "ive", "theres", "thats") or (
        first == "its" and after in ("a", "an", "the", "so", "very", "really", "such", "been")
    )


def is_trait(words: list[str]) -> bool:
    """ "fluent in Spanish", "bilingual, detail oriented", "CPR certified"."""
    while words and bare_word(words[0]) in _LEADING_ADVERBS:
        words = words[1:]
    if not words:
        return False
    first = bare_word(words[0])
    after = bare_word(words[1]) if len(words) > 1 else ""
    opens_aside = words[1].startswith("(") if len(words) > 1 else False
    if first in TRAITS and (
        words[0].endswith(",") or not after or after in _TRAIT_FOLLOWERS or opens_aside
    ):
        return True
    if len(words) > 1 and bare_word(words[1]) in _TRAIT_ENDINGS:  # "board certified in X"
        return len(words) == 2 or bare_word(words[2]) in _TRAIT_FOLLOWERS
    return len(words) <= 6 and bare_word(words[-1]) in _TRAIT_ENDINGS


def has_main_clause(words: list[str]) -> bool:
    return any(_is_verb(words, i) for i in range(1, len(words)))


def kind_of(piece: str) -> Kind:
    """What `piece` (one clause or phrase of an answer, chat forms written out) is."""
    words = piece.split()
    if not words:
        return Kind.TOPIC
    first = bare_word(words[0])
    if first == "also" and len(words) > 1:
        return kind_of(" ".join(words[1:]))
    if first in SUBJECT_PRONOUNS or _is_unmarked_contraction(words):
        return Kind.SENTENCE
    if first in _WH_WORDS:  # "how I'd measure onboarding": a topic (questions end in "?")
        return Kind.TOPIC
    if EXPERIENCE.match(piece) or (
        EXPERIENCE_AFTER.match(piece) and not has_main_clause(words) and not opens_deed(words)
    ):
        return Kind.EXPERIENCE
    if is_trait(words):
        return Kind.TRAIT
    if opens_deed(words):
        return Kind.DEED
    if first in _SUBORDINATORS:
        later_subject = any(
            bare_word(w) in ("i", "we")
            and (bare_word(words[i + 1]) in _AUX_AND_COMMON_VERBS or _past_tense(words[i + 1]))
            for i, w in enumerate(words[2:-1], start=2)
        )
        if later_subject:  # "after the interview I sketched ..."
            return Kind.SENTENCE
        rest = piece.split(",", 1)
        if len(rest) == 2 and rest[1].split() and kind_of(rest[1].strip()) is Kind.SENTENCE:
            return Kind.SENTENCE
        return Kind.UNCLEAR
    if has_main_clause(words):
        return Kind.UNCLEAR if _fragment_before_clause(words) else Kind.SENTENCE
    return Kind.TOPIC


def _fragment_before_clause(words: list[str]) -> bool:
    """ "former EMT so I speak the language": a phrase with no verb, then "so I ..."."""
    first = next(i for i in range(1, len(words)) if _is_verb(words, i))
    return (
        first >= 3
        and bare_word(words[first - 1]) in SUBJECT_PRONOUNS
        and bare_word(words[first - 2]) in ("so", "and", "but")
        and bare_word(words[0]) not in DETERMINERS
        and not words[0][:1].isupper()
    )
