"""Stage 8, the proofreader: every sentence a note says from an answer, read again.

The rules that wrote a sentence cannot judge it, so this reader shares none of them: it
tags each sentence with TextBlob's part-of-speech tagger (bot/writer/tagger.py) and
applies rules of its own over the tags, in the manner of LanguageTool's grammar rules:
each rule is a small function with its message (`templates` never see these messages;
they are reasons in the rewrite log and in `thankyou compose --format json`).

A flagged sentence is never sent as sure: the interview asks the candidate about it (at
most twice an interview) and the review marks the rest ("check this sentence: ...").
The writer's own doubts about a piece (bot/writer/shapes.py) are flags too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

from bot.writer.frames import Written, opening
from bot.writer.said import Shape
from bot.writer.tagger import Tagged, tag
from bot.writer.text import word_set
from bot.writer.verbs import inflection, is_adjective, verb_lemmas


@dataclass(frozen=True)
class Flag:
    """A sentence of a note the writer is not sure of, and why."""

    answer: str
    sentence: str
    reasons: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {"answer": self.answer, "sentence": self.sentence, "reasons": list(self.reasons)}


FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
NOUNS = frozenset({"NN", "NNS", "NNP", "NNPS", "PRP", "CD", "EX", "WP"})
_SUBJECT_PRONOUNS = word_set("i you we they he she it this that there who")
_BAD_OPENERS = word_set("and because which but so or plus also")
# Chat forms a careful writer never leaves in a letter (the proofreader's own list).
_CHAT = word_set(
    """yrs yr hrs hr mins wk wks mos q qs mgr mgrs biz ops certs cert pts pt thurs thur
    tues wed fri sat sun mon jan feb mar apr jun jul aug sep sept oct nov dec w/ w/o bc b/c
    cuz coz lol lmao tbh tbf ngl imo btw fyi u ur r im ive dont didnt doesnt cant wont
    isnt wasnt thats whats theres theyre youre alot gonna wanna kinda sorta ppl mgmt govt
    thru tho pls plz thx convo mtg abt b4 def prob yeah yep nope ok okay"""
)
# Singular nouns that need an article ("about good team", "with hiring manager").
_COUNT_NOUNS = word_set(
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
    colleague coworker friend mentor family parent child kid person guy girl boy"""
)
# Words a careful writer keeps out of a letter.
_INFORMAL = word_set(
    "stuff guy guys kinda sorta gonna wanna gotta dunno yeah nah cool awesome legit gig"
)
_INVERTING = word_set("do does did would could can will should is are was were have has")
_CALENDAR = word_set(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday"""
)
_RELATIVE = word_set("that who which whom whose how what why where when whether if")


_AUXILIARIES = word_set("is are was were be been being am have has had get got gets having")


def _is_finite(tagged: Tagged, index: int) -> bool:
    word, label = tagged[index]
    if label in FINITE and index and tagged[index - 1][1] == "CD" and word.lower().endswith("s"):
        return False  # "150 calls a shift": a plural noun after a number
    if label in FINITE:
        return True
    back = index - 1
    while back > 0 and tagged[back][1] in ("RB", "RBR", "RBS"):  # "I also run", "we really do"
        back -= 1
    previous = tagged[back][0].lower() if index else ""
    followed = index + 1 < len(tagged) and tagged[index + 1][1] not in (".", ",", ":")
    if (
        label == "VBN"
        and index
        and previous not in _AUXILIARIES
        and _past(word.lower())
        and followed
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
        and _third_person(word.lower())
    ):
        return True  # "the crew values near miss reports": a singular subject, then its verb
    if label in ("NNS", "NN") and index and tagged[index - 1][0].lower() in _VERB_ADVERBS:
        # "the floor really prizes speed": a verb after an adverb, read as a plural noun
        return _third_person(word.lower())
    # "I love ...", "we run ...": the tagger may read a verb after a pronoun as a noun.
    return (
        previous in ("i", "you", "we", "they")
        and label in ("VB", "NN", "VBN", "JJ")
        and bool(verb_lemmas(word.lower()))
    )


_VERB_ADVERBS = word_set("really also always usually often still actually truly clearly just")


@lru_cache(maxsize=2048)
def _third_person(word: str) -> bool:
    return any(word in inflection(lemma, "VBZ") for lemma in verb_lemmas(word))


@lru_cache(maxsize=2048)
def _participle(word: str) -> bool:
    return any(word in inflection(lemma, "VBN") for lemma in verb_lemmas(word))


@lru_cache(maxsize=2048)
def _past(word: str) -> bool:
    return any(word in inflection(lemma, "VBD") for lemma in verb_lemmas(word))


def _words(tagged: Tagged) -> list[str]:
    return [word for word, _ in tagged]


# -- the rules: (written sentence, its tags, the tags of its slot, the names the candidate
# gave) -> a reason or None --------------------------------------------------------------

Rule = Callable[[Written, Tagged, Tagged, frozenset[str]], str | None]


def subject_and_verb(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """A sentence of the candidate's, or a clause in a frame, has a subject and a verb."""
    if written.shape is Shape.TOPIC:
        return None
    words = slot or tagged
    for index, (word, _) in enumerate(words[1:], start=1):  # "Smaller firm so I'd ..."
        if word.lower() in ("so", "because") and not any(
            _is_finite(words, i) for i in range(index)
        ):
            return f"no verb before {word!r}"
    finite = _main_verbs(words)
    if not finite:
        return (
            "no finite verb"
            if not any(_is_finite(words, i) for i in range(len(words)))
            else ("no main verb: its verbs are in a clause that leans on another")
        )
    before = words[: finite[0]]
    if not any(label in NOUNS or label == "DT" or label.startswith("NN") for _, label in before):
        return "no subject before its verb"
    return None


# Words that open a clause leaning on another: its verb is not the sentence's own.
_LEANING = word_set(
    """than that which who whom whose because since if when whenever while although though
    unless until whether where how what why after before once"""
)


def _main_verbs(words: Tagged) -> list[int]:
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
        if (lower in _LEANING and index > 0) or leaning_like:
            inside = True
        elif label in (",", ";", ":"):
            inside = False
        elif not inside and _is_finite(words, index):
            found.append(index)
    if not found:
        finite = [i for i in range(len(words)) if _is_finite(words, i)]
        if len(finite) >= 2:  # a clause that leans on another, then the main verb
            return finite[-1:]
    return found


def topic_slot(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """A topic frame's slot holds a noun phrase, a gerund or a how/what/whether clause."""
    if written.shape is not Shape.TOPIC or not slot:
        return None
    first_word, first = slot[0][0].lower(), slot[0][1]
    second = slot[1][1] if len(slot) > 1 else ""
    adjective = first in ("VBD", "VBN") and (is_adjective(first_word) or second.startswith("NN"))
    if (first in ("VB", "VBD", "VBZ", "VBP", "MD") and second != "VBG" and not adjective) or (
        first == "PRP" and first_word != "it"
    ):
        return f"a clause or verb phrase in a frame for a noun phrase ({first_word!r} opens it)"
    for index in range(len(slot) - 2):  # "how do you keep ...": a question as typed
        if (
            slot[index][1] in ("WRB", "WP")
            and slot[index + 1][0].lower() in _INVERTING
            and slot[index + 2][1] in ("PRP", "NN", "NNS", "NNP", "DT")
        ):
            return "a question as typed in a frame for a noun phrase"
    relative = False
    for index, (word, label) in enumerate(slot):
        if word.lower() in _RELATIVE or label in ("WRB", "WP", "WDT"):
            relative = True
        if not relative and _is_finite(slot, index) and index > 0:
            before = slot[index - 1]
            reduced = before[1] == "PRP" and index > 1 and slot[index - 2][1].startswith("NN")
            if not reduced:
                return f"a clause in a frame for a noun phrase ({word!r} is a verb)"
        following = slot[index + 1][1] if index + 1 < len(slot) else ""
        if (
            not relative
            and label in ("VB", "VBP")
            and following != "VBG"
            and index > 0
            and slot[index - 1][1]
            not in ("TO", "MD", "DT", "PRP$", "JJ", "IN", "POS", "NN", "NNS", "NNP")
            and slot[index - 1][0].lower() not in ("and", "or")
        ):
            return f"a verb phrase in a frame for a noun phrase ({word!r})"
    if len(slot) == 2 and slot[0][1] == "JJ" and slot[1][0].lower() in _COUNT_NOUNS:
        return "a singular noun without an article"
    if slot[0][1] == "CD" and written.answer in ("interest", "highlights", "qualifications"):
        return "a figure where a topic belongs"
    if written.answer in ("interest", "qualifications", "advantage"):
        for word, label in slot:
            if word.lower() in _RELATIVE:
                break
            if label == "CD":
                return "a figure inside a topic"
    if slot[-1][1] == "JJ" and len(slot) > 1 and not relative and slot[-2][1] not in ("NN", "NNS"):
        return f"a topic that ends with an adjective ({slot[-1][0]!r})"
    if slot[0][1] in ("RB", "RBR") and first_word not in ("how", "why", "when", "where"):
        return f"an adverb where a topic belongs ({first_word!r})"
    if len(slot) > 1 and slot[0][1] == "NN" and slot[1][0].lower() == "of":
        return f"{slot[0][0]!r} needs an article"
    items = " ".join(w for w, _ in slot).split(",")
    if len(items) > 1 and any(
        (tags := tag(item.strip())) and tags[-1][1] in ("JJ", "VBN") for item in items
    ):
        return "a list of descriptions where a topic belongs"
    return None


def missing_article(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "about good team", "with hiring manager": a singular noun needs an article."""
    words = slot or tagged
    for index, (word, label) in enumerate(words):
        if (
            word.lower() not in _COUNT_NOUNS
            or label not in ("NN", "NNP")
            or (label == "NNP" and index > 0)
        ):
            continue
        after = words[index + 1] if index + 1 < len(words) else ("", ".")
        if after[1].startswith("NN") or after[1] == "VBG" or after[0] in ("-", "of"):
            continue  # a modifier ("patient education", "problem solving"), "front of house"
        start = index
        while start > 0 and not _ends_noun_phrase(words[start - 1]):
            start -= 1  # back over the modifiers: "local anesthesia certification"
        before = words[start - 1] if start > 0 else ("", "")
        modifiers = [w.lower() for w, _ in words[start:index]]
        if before[0].lower() in _DETERMINER_LIKE or before[1] in ("DT", "PRP$", "CD", "POS", "PRP"):
            continue  # "a team", "the perio maintenance program", "I mentor", "I plan"
        if any(w in _DETERMINER_LIKE for w in modifiers) or any(
            lab in ("DT", "PRP$", "CD", "POS") for _, lab in words[start:index]
        ):
            continue
        if modifiers and (modifiers[-1], word.lower()) in _COMPOUNDS:
            continue  # "law school", "night shift": a name of its own
        if (before[0].lower(), word.lower()) in _IDIOMS and not modifiers:
            continue  # "on schedule", "in person", "after school"
        if before[0].lower() in _COPULAS:
            continue  # "I'm patient": an adjective
        if before[0].lower() in _PREPOSITION_WORDS or before[1] in ("VB", "VBD", "VBZ", "VBP"):
            return f"{word!r} needs an article"
        if start == 0 and written.answer != "next_step":
            return f"{word!r} needs an article"
    return None


# Prepositions and nouns that go together with no article: "on schedule", "at work".
_IDIOMS = frozenset(
    (preposition, noun)
    for preposition, nouns in {
        "on": "schedule time budget site call shift duty track target board staff hand",
        "at": "work home school night lunch night",
        "in": "person school class time charge house",
        "by": "phone day week month",
        "after": "school class work",
        "to": "school work class",
        "from": "home school work",
        "per": "day week month shift hour year",
    }.items()
    for noun in nouns.split()
)
_COMPOUNDS = frozenset(
    tuple(pair.split())
    for pair in """law school|high school|grad school|nursing school|med school|night shift|
    day shift|swing shift|home office|head office""".replace("\n", "").split("|")
)


def _ends_noun_phrase(token: tuple[str, str]) -> bool:
    """Whether a word stands before a noun phrase rather than inside it: a preposition,
    a conjunction, a determiner, a verb, a pronoun or a mark."""
    word, label = token[0].lower(), token[1]
    if word in _PREPOSITION_WORDS or word in _DETERMINER_LIKE or word in ("and", "or", "but"):
        return True
    if label in ("DT", "PRP$", "PRP", "CC", "IN", "TO", "MD", "WDT", "WP", ",", ".", ":"):
        return True
    return label.startswith("VB") and bool(verb_lemmas(word)) and label != "VBG"


_PREPOSITION_WORDS = word_set(
    """about with for to in at on from into over after before during under without like
    versus"""
)
_NP_BOUNDARY = frozenset({"IN", "TO", "VB", "VBD", "VBZ", "VBP", "VBN", "MD", "CC", ",", ".", ":"})
_DETERMINER_LIKE = word_set(
    """last next this that every each another one any some no per the a an my our your
    their his her its whose which what whatever either neither such"""
)
_COPULAS = word_set("'m 'm am is are was were be been 're 's seem seems feel feels")


def informal(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """ "schedule stuff", "a guy": words a careful writer keeps out of a letter."""
    for word, _ in slot or tagged:
        if word.lower() in _INFORMAL:
            return f"an informal word: {word!r}"
    phrase = _INFORMAL_PHRASE.search(written.sentence)
    return f"an informal phrase: {phrase.group()!r}" if phrase else None


_INFORMAL_PHRASE = re.compile(
    r"\bmy (?:last|old|current|previous|first|new) (?:place|spot|gig)\b|\bat my (?:place|spot)\b|"
    r"\b(?:a ton|tons|a bunch) of\b|\bpretty (?:good|much|solid|big)\b|\bsooo+\b",
    flags=re.IGNORECASE,
)


_OPEN_ENDINGS = frozenset({"DT", "CC", "TO", "PRP$", "POS"})
_OPEN_WORDS = word_set("the a an and or but of which who my our your with after before")


def unfinished(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """ "The users are older adults managing their meds which is.": it stops mid-clause."""
    words = [w for w in tagged if w[1] not in (".", ",", ":", ")", '"')]
    if words and (words[-1][1] in _OPEN_ENDINGS or words[-1][0].lower() in _OPEN_WORDS):
        return f"stops after {words[-1][0]!r}"
    last_two = tuple(w.lower() for w, _ in words[-2:])
    if (
        len(last_two) == 2
        and last_two[0] in ("which", "who", "that", "it")
        and last_two[1] in ("is", "are", "was", "were", "'s")
    ):
        return f"stops after {words[-1][0]!r}"  # "... their meds which is."
    if written.shape is Shape.SENTENCE and len(words) <= 3:
        return "too short to stand alone"  # "I stay.", "I miss that."
    # "... so lots of compliance questions": a clause after "so" or "because" needs a verb.
    for index, (word, _) in enumerate(words):
        if word.lower() in ("so", "because", "if", "when") and index > 2:
            rest = words[index + 1 :]
            if rest and not any(_is_finite(tuple(rest), i) for i in range(len(rest))):
                return f"no verb after {word!r}"
    return None


def comma_splice(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "the room was not ready and you were angry, I give you ...": two whole sentences
    joined by a comma (a clause that opened with "when", "if", ... may take one)."""
    words = slot or tagged
    if words and words[0][0].lower() in _SUBORDINATORS:
        return None
    text = " ".join(w for w, _ in words)
    if ", and " in text or ", but " in text:
        return None  # "I am X, I precept Y, and I led Z": a list of clauses
    clause = False
    for index, (word, _) in enumerate(words):
        if (
            _is_finite(words, index)
            and index > 0
            and words[index - 1][1] in ("PRP", "NN", "NNS", "NNP")
        ):
            clause = True
        if word == "," and clause and index + 2 < len(words):
            subject = words[index + 1]
            if subject[0].lower() in ("i", "we", "he", "she", "they", "you", "it") and _is_finite(
                words, index + 2
            ):
                return "two sentences joined by a comma"
    return None


def opener(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """No sentence opens with "And", "Because", "Which" and their like."""
    first = tagged[0][0].lower() if tagged else ""
    if first == "because" and any(w == "," for w, _ in tagged[2:]):
        return None  # "Because I grew up renting, I have made ...": a clause, then the main one
    return f"opens with {tagged[0][0]!r}" if first in _BAD_OPENERS else None


def chat_form(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """No chat form, lower-case "i", run of marks or emoji is left."""
    for word, _ in tagged:
        if word in _CHAT or word == "i":  # "hr" is a chat form; "HR" is not
            return f"a chat form left: {word!r}"
    if re.search(r"[!?]{2,}|~\s?\d|[\U0001F000-\U0001FAFF\u2600-\u27BF]", written.sentence):
        return "chat punctuation or an emoji left"
    return None


def doubled(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """No word twice in a row, and no "also" twice at a sentence's opening."""
    words = [w.lower() for w in _words(tagged)]
    for a, b in pairwise(words):
        if a == b and a.isalpha():
            return f"{a!r} twice"
    if words[:6].count("also") > 1:
        return "'also' twice"
    return None


def self_object(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "I made me even more excited": a subject "I" whose verb's object is "me"."""
    for index in range(len(tagged) - 2):
        verb = tagged[index + 1][1]
        if (
            tagged[index][0] == "I"
            and tagged[index + 2][0].lower() == "me"
            and (verb in FINITE or verb in ("VBN", "VB"))
        ):
            return "'I ... me': the subject is lost"
    return None


def run_on(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """ "... to 5 days also 4 years of X": two facts with no full stop between them."""
    for index in range(1, len(tagged) - 1):
        word = tagged[index][0].lower()
        after, before = tagged[index + 1][1], tagged[index - 1][1]
        if (
            word in ("also", "plus")
            and before in ("NN", "NNS", "CD", "NNP")
            and after in ("CD", "VBD", "VB", "PRP", "DT")
        ):
            return f"two facts run together at {word!r}"
    return None


def capital_inside(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """No capital mid-sentence on an ordinary word ("the Team"), names and terms aside:
    the tagger's lexicon tags a capitalised word it knows as an ordinary word NN/JJ/VB."""
    from bot.writer.spelling import is_common_word
    from bot.writer.terms import AMBIGUOUS, is_known_term

    for index, (word, label) in enumerate(tagged[1:], start=1):
        previous = tagged[index - 1][0]
        if word.isupper() and len(word) > 1 and word.isalpha() and not is_known_term(word):
            if is_common_word(word.lower()) and word not in names:
                return f"a word in capitals: {word!r}"  # "cash is UP": shouting
            continue
        if not word[:1].isupper() or word.isupper() or previous in (":", '"', "“", "(", "-"):
            continue
        if word == "I" or word in names or is_known_term(word) or not is_common_word(word.lower()):
            continue
        if word.lower() in AMBIGUOUS or word.lower() in _CALENDAR:  # "Go", "Excel", "May"
            continue
        if label.startswith("NNP") and tagged[index - 1][1].startswith("NNP"):
            continue  # part of a name: "Penn State", "Mercy Ridge"
        return f"a capital inside the sentence: {word!r}"
    return None


_THEY_ANTECEDENTS = word_set(
    """team staff family everyone people company crew panel someone somebody anyone
    anybody person student patient customer client child kid employee guest parent
    resident driver member hire associate"""
)


def they_unclear(tagged: Tagged, earlier: Tagged) -> str | None:
    """ "they" or "them" with no plural noun before it in the answer to refer to."""
    for index, (word, _) in enumerate(tagged):
        if word.lower() in ("they", "them", "their"):
            before = earlier + tagged[:index]
            if not any(
                label in ("NNS", "NNPS") or w.lower() in _THEY_ANTECEDENTS for w, label in before
            ):
                return f"who {word!r} means is unclear"
            return None
    return None


_TACK_OPENERS = word_set(
    """and or but including such like especially from with which who whom whose where when
    while because since so as than that to for in at on by after before if although"""
)


def tacked_on(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """ "I scan every NDC and read the label back, zero errors on my last review": a
    phrase with no verb tacked on after a comma, which a careful writer makes a clause."""
    words = slot or tagged
    commas = [i for i, (w, _) in enumerate(words) if w == ","]
    if not commas or not _main_verbs(words[: commas[0]]):
        return None
    tail = [w for w in words[commas[-1] + 1 :] if w[1] not in (".", "!", "?")]
    if len(tail) < 2 or tail[0][0].lower() in _TACK_OPENERS or tail[0][1] in ("VBG", "WDT", "WP"):
        return None
    if any(_is_finite(tuple(tail), i) for i in range(len(tail))) or tail[0][1] == "DT":
        return None  # a clause of its own, or an appositive: "..., a role the team ..."
    return "a phrase tacked on after a comma"


def mixed_list(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """ "I want to give back and the flexibility": a verb phrase and a noun phrase joined as
    if they were alike."""
    words = slot or tagged
    for index in range(len(words) - 2):
        if words[index][0].lower() != "and" or words[index + 1][1] != "DT":
            continue
        rest = words[index + 1 :]
        if any(_is_finite(tuple(rest), i) for i in range(len(rest))):
            continue
        before = words[:index]
        if any(
            w.lower() == "to" and i + 1 < len(before) and before[i + 1][1] == "VB"
            for i, (w, _) in enumerate(before)
        ):
            return "a verb phrase and a noun phrase joined by 'and'"
    return None


def missing_comma(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "wants the hygienists presenting treatment not just the doctor": a contrast with
    "not" needs its comma; a new clause after "and" in a long sentence needs one too."""
    words = slot or tagged
    for index in range(1, len(words) - 1):
        word, before = words[index][0].lower(), words[index - 1]
        if word == "not" and before[1] in ("NN", "NNS", "NNP") and before[0] != ",":
            return "a comma missing before 'not'"
        if (
            word == "then"
            and before[1] in ("NN", "NNS", "NNP")
            and words[index + 1][1] in ("NN", "NNS", "JJ", "DT")
        ):
            return "a comma missing before 'then'"  # "the HR interview then onsite"
    if len(words) > 18:
        for index in range(2, len(words) - 2):
            subject, verb = words[index + 1], index + 2
            if (
                words[index][0].lower() == "and"
                and words[index - 1][0] != ","
                and subject[0].lower() in ("my", "our", "we", "they", "he", "she", "it")
                and any(_is_finite(words, i) for i in range(verb, min(verb + 3, len(words))))
                and _main_verbs(words[:index])
            ):
                return "a comma missing before a new clause"
    return None


def unbalanced(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """Parentheses and quotes in pairs: "You checked it) passed inspection"."""
    text = written.sentence
    if text.count("(") != text.count(")") or text.count('"') % 2:
        return "an unpaired parenthesis or quote"
    return None


def short_abbreviation(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "mics", "beos", "gc", "er": a short word in lower case that no dictionary knows is
    a clipped word or an acronym a careful writer spells out or capitalises."""
    from bot.writer.spelling import frequency
    from bot.writer.terms import is_known_term

    for word, _ in slot or tagged:
        if (
            2 <= len(word) <= 5
            and word.isalpha()
            and word.islower()
            and not is_known_term(word)
            and word not in _SHORT_WORDS
            and frequency(word) == 0
            and frequency(word.rstrip("s")) == 0
        ):
            return f"a clipped word or acronym in lower case: {word!r}"
    return None


# Short words of the trade that the dictionary lacks but a careful writer writes so.
_SHORT_WORDS = word_set("app apps tech techs pre perio coag meds intake admin wifi inbox")


def figure_first(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """A sentence does not open with a figure ("14 people under me ...", "About 150
    calls a shift ...")."""
    if tagged and tagged[0][1] == "CD" and len(tagged) <= 6:  # "90% renewed."
        return "opens with a figure"
    if len(tagged) > 1 and tagged[0][0].lower() in _ABOUT and tagged[1][1] == "CD":
        return "opens with a figure"
    return None


_ABOUT = word_set("about around over nearly almost roughly approximately under")


def verb_forms(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """ "the hotel is change", "I want learn", "I did X and shrink from": a verb in the
    wrong form after "is", "want" or a past tense."""
    words = slot or tagged
    past = False
    for index, (word, label) in enumerate(words[:-1]):
        nxt = words[index + 1]
        lower = word.lower()
        if (
            lower in ("is", "are", "was", "were", "am")
            and nxt[1] == "VB"
            and nxt[0].lower() not in ("be", "have")
            and not is_adjective(nxt[0].lower())  # "is close to home"
        ):
            return f"{word!r} before {nxt[0]!r}"
        if lower in ("want", "wants", "wanted", "need", "needs", "like", "try") and nxt[1] == "VB":
            return f"'to' missing after {word!r}"
        if label == "VBD" and index and words[index - 1][1] == "PRP":
            past = True
        if past and lower == "and" and nxt[1] == "VB" and nxt[0].lower() in verb_lemmas_of(nxt[0]):
            return f"the tense changes at 'and {nxt[0]}'"
    return None


def verb_lemmas_of(word: str) -> list[str]:
    return [lemma.lower() for lemma in verb_lemmas(word.lower())]


_SUBORDINATORS = word_set(
    """and but or so because since when while if that which who where as after before
    although though until unless whether than how what why nor yet then"""
)


def run_on_clauses(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """Two clauses with nothing between them: "... (Go and Postgres) p99 went from ...".
    A clause's subject is found before its verb; what stands before the subject says how
    the clause is joined: a conjunction, a comma or a relative word joins it, a noun
    before it makes it a relative clause ("the calls I make"), a verb a complement ("I
    think the team is ...")."""
    words = slot or tagged
    clauses = 0
    for index in range(1, len(words)):
        if not _is_finite(words, index):
            continue
        start = index - 1
        while start > 0 and words[start - 1][1] in (
            "DT",
            "PRP$",
            "JJ",
            "NN",
            "NNS",
            "NNP",
            "CD",
            "POS",
        ):
            if words[start][1] == "PRP":
                break
            start -= 1
        subject = words[index - 1]
        if subject[1] not in ("NN", "NNS", "NNP", "PRP", "CD") or subject[0].lower() in (
            "me",
            "him",
            "us",
            "them",
        ):
            continue
        verb = words[index][0].lower()
        if subject[1] != "PRP" and words[index][1] in ("VBD", "VBN") and _participle(verb):
            continue  # "agreements sold a week": a participle after its noun
        before = words[start - 1] if start > 0 else ("", "")
        clauses += 1
        if clauses < 2 or before == ("", ""):
            continue
        joined = (
            before[0].lower() in _SUBORDINATORS
            or before[1] in (",", ":", ";", "CC", "WDT", "WP", "WP$", "WRB", "IN", "TO")
            or before[1].startswith(("VB", "NN", "MD"))
        )
        if not joined:
            return "two clauses run together"
    return None


_PLURAL_DETERMINERS = word_set(
    "many several few two three four five six seven eight nine ten both most"
)
_SINGULAR_SUBJECTS = word_set("it he she")


def agreement(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """ "it have", "he were", "many question": a verb or noun that does not agree."""
    words = slot or tagged
    for index in range(len(words) - 1):
        word, nxt = words[index][0].lower(), words[index + 1]
        if word in _SINGULAR_SUBJECTS and nxt[0].lower() in ("have", "are", "were", "do", "don't"):
            return f"{words[index][0]!r} does not agree with {nxt[0]!r}"
        if (
            word in _PLURAL_DETERMINERS
            and nxt[1] == "NN"
            and index + 2 < len(words)
            and words[index + 2][1] not in ("NN", "NNS", "POS", "VBZ", "VBP", "VBG", "JJ")
            and (word != "most" or nxt[0].lower() in _COUNT_NOUNS)
        ):
            return f"{nxt[0]!r} after {words[index][0]!r} should be plural"
        if (
            (words[index][1] in ("NNS", "NNPS") or word == "people")
            and nxt[0].lower() in ("who", "that")
            and index + 2 < len(words)
            and words[index + 2][0].lower() in ("is", "was", "has")
        ):
            return f"{words[index + 2][0]!r} does not agree with {words[index][0]!r}"
    # "You said about 14 patients a day": a report with nothing reported.
    for index, (word, _) in enumerate(words[:-1]):
        if word.lower() in ("said", "mentioned", "explained", "says") and index > 0:
            rest = tuple(w for w in words[index + 1 :] if w[1] not in (".", ",", ":"))
            if not rest or words[index - 1][0].lower() in ("than", "which", "as", "posting"):
                continue
            if rest[0][0].lower() not in (
                "that",
                "so",
                "it",
                "this",
                "they",
                "you",
                "he",
                "she",
                "i",
                "we",
                "the",
                "a",
                "an",
            ) and not any(_is_finite(rest, i) for i in range(len(rest))):
                return f"nothing reported after {word!r}"
    return None


RULES: tuple[Rule, ...] = (
    subject_and_verb,
    topic_slot,
    missing_article,
    opener,
    chat_form,
    doubled,
    self_object,
    run_on,
    capital_inside,
    figure_first,
    unbalanced,
    tacked_on,
    missing_comma,
    mixed_list,
    short_abbreviation,
    run_on_clauses,
    agreement,
    informal,
    unfinished,
    comma_splice,
    verb_forms,
)
# The rules for a sentence kept as the candidate typed it with care: their grammar is
# theirs, and the tagger's mistakes on long sentences would only ask them twice.
KEPT_RULES: tuple[Rule, ...] = (
    subject_and_verb,
    unbalanced,
    opener,
    chat_form,
    doubled,
    self_object,
    informal,
    unfinished,
    comma_splice,
    agreement,
    verb_forms,
    missing_article,
)


@lru_cache(maxsize=4096)
def _read(
    answer: str, sentence: str, shape: Shape, slot: str, names: frozenset[str], kept: bool
) -> tuple[str, ...]:
    written = Written(answer, sentence, shape, slot, ())
    tagged = tag(sentence)
    slot_tags = tag(slot) if slot else ()
    if not tagged:
        return ("an empty sentence",)
    rules = KEPT_RULES if kept else RULES
    reasons = [reason for rule in rules if (reason := rule(written, tagged, slot_tags, names))]
    if not re.search(r"[.!?][\"'”’)]*$", sentence):
        reasons.append("no end mark")
    if sentence[:1].islower():
        reasons.append("opens with a small letter")
    return tuple(reasons)


def proofread(written: Sequence[Written], names: frozenset[str] = frozenset()) -> list[Flag]:
    """The flags of one note: each sentence said from an answer, read by every rule, and
    no two of them opening alike. `names` are words the candidate gave with capitals."""
    flags: list[Flag] = []
    openings: set[str] = set()
    earlier: dict[str, Tagged] = {}
    for item in written:
        read = _read(item.answer, item.sentence, item.shape, item.slot, names, item.kept)
        reasons = list(item.doubts) + list(read)
        own = tag(item.slot)
        if not item.kept and (reason := they_unclear(own, earlier.get(item.answer, ()))):
            reasons.append(reason)
        earlier[item.answer] = earlier.get(item.answer, ()) + own
        start = opening(item.sentence)
        if start in openings and len(start.split()) > 1:
            reasons.append(f"opens like an earlier sentence ({start!r})")
        openings.add(start)
        if reasons:
            flags.append(Flag(item.answer, item.sentence, tuple(dict.fromkeys(reasons))))
    return flags


def flagged_answers(flags: Iterable[Flag]) -> list[str]:
    """The answers with a flagged sentence, in the order they were said."""
    return list(dict.fromkeys(flag.answer for flag in flags))


# The interview's step that edits each answer (a panel's details are one step).
_STEP_OF = {"detail": "details", "next_step": "next_step"}
MAX_MARKED = 4  # the review marks at most this many sentences: the worst first


@dataclass(frozen=True)
class ToCheck:
    """A sentence the review marks: "check this sentence: ...", with the answer to edit."""

    sentence: str
    answer: str
    step: str  # the interview step that edits it
    reasons: tuple[str, ...]


def sentences_to_check(notes: Iterable[Any], accepted: Iterable[str] = ()) -> list[ToCheck]:
    """The flagged sentences of a review's notes, once each, but for the answers the
    candidate already saw and accepted."""
    skip = set(accepted)
    found: dict[str, ToCheck] = {}
    for note in notes:
        for flag in note.flags:
            if flag.answer in skip or flag.sentence in found:
                continue
            step = _STEP_OF.get(flag.answer, flag.answer)
            found[flag.sentence] = ToCheck(flag.sentence, flag.answer, step, flag.reasons)
    return list(found.values())[:MAX_MARKED]
