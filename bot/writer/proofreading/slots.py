"""The proofreader's rules for frames: a topic frame's slot holds a noun phrase, a gerund
or a how/what/whether clause, and a singular noun has its article."""

from __future__ import annotations

import re

from bot.writer.frames import Written
from bot.writer.proofreading.reading import (
    COPULAS,
    COUNT_NOUNS,
    DETERMINER_LIKE,
    INVERTING,
    PREPOSITION_WORDS,
    RELATIVE,
    is_finite,
)
from bot.writer.said import Shape
from bot.writer.tagger import Tagged, tag
from bot.writer.verbs import is_adjective, verb_lemmas


def topic_apposition(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "real emergencies, actually helping people", "the training program, 16 weeks with
    a CTO": in a frame for a noun phrase, a second phrase after a comma that is neither
    the end of a list ("A, B and C") nor the next step of a sequence ("..., then ...")."""
    if written.shape is not Shape.TOPIC or "," not in written.slot:
        return None
    tail = written.slot.rsplit(",", 1)[1].split()
    if not tail or tail[0].lower() in (
        "then",
        "and",
        "or",
        "including",
        "especially",
        "probably",
        "maybe",
        "possibly",
        "hopefully",
        "likely",
    ):
        return None
    if any(word.lower() in ("and", "or") for word in tail):
        return None  # the last items of a list: "SQL, Python and Tableau"
    return "two phrases run together after a comma"


def credentials_as_topic(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "I was happy to talk about CDA and CPR/first aid": credentials are held, not talked
    about; a topic frame of the candidate's made mostly of them reads oddly."""
    if written.shape is not Shape.TOPIC or written.answer not in ("qualifications", "advantage"):
        return None
    from bot.writer.terms import tools

    items = [i for i in re.split(r",\s*|\s+and\s+", written.slot) if i.split()]
    held = sum(
        1
        for i in items
        if re.fullmatch(r"[A-Z][A-Z0-9&/+-]+", i.split()[0]) and i.split()[0].lower() not in tools()
    )  # "SQL" and "AWS" are talked about; "CPR" and "CDA" are held
    return "credentials where a topic belongs" if items and held * 2 >= len(items) else None


def two_clauses_in_a_frame(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "I was excited to hear that you just bought a 5-axis and nobody is trained on it":
    a frame for one clause holding two, the second with a subject of its own."""
    if written.shape is not Shape.CLAUSE:
        return None
    for index in range(len(slot) - 2):
        if slot[index][0].lower() != "and":
            continue
        start = end = index + 1
        if slot[start][0].lower() in ("they", "nobody", "everyone", "we", "he", "she", "no"):
            end = start + 1
        else:
            while end < len(slot) - 1 and slot[end][1] in ("DT", "JJ", "NN", "NNS", "NNP", "CD"):
                end += 1
            if end == start or slot[start][1] != "DT":
                continue
        if end < len(slot) and (is_finite(slot, end) or slot[end][1] in ("VBP", "VBZ", "MD")):
            return "two clauses in a frame for one"
    return None


def topic_slot(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """A topic frame's slot holds a noun phrase, a gerund or a how/what/whether clause."""
    if written.shape is not Shape.TOPIC or not slot:
        return None
    if slot[0][0].lower().endswith("ing"):  # "building a portfolio ... and learn Figma"
        for index in range(1, len(slot) - 1):
            word, label = slot[index + 1]
            if (
                slot[index][0].lower() in ("and", "or")
                and label in ("VB", "VBP")
                and word.lower() in verb_lemmas(word.lower())
            ):
                return f"a gerund and a verb joined by {slot[index][0]!r}"
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
            and slot[index + 1][0].lower() in INVERTING
            and slot[index + 2][1] in ("PRP", "NN", "NNS", "NNP", "DT")
        ):
            return "a question as typed in a frame for a noun phrase"
    relative = False
    for index, (word, label) in enumerate(slot):
        if word.lower() in RELATIVE or label in ("WRB", "WP", "WDT"):
            relative = True
        degree = word == "'s" and slot[index - 1][0].lower() in ("master", "bachelor", "associate")
        if not relative and not degree and is_finite(slot, index) and index > 0:
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
    if len(slot) == 2 and slot[0][1] == "JJ" and slot[1][0].lower() in COUNT_NOUNS:
        return "a singular noun without an article"
    if slot[0][1] == "CD" and written.answer in ("interest", "highlights", "qualifications"):
        return "a figure where a topic belongs"
    if written.answer in ("interest", "qualifications", "advantage"):
        for word, label in slot:
            if word.lower() in RELATIVE:
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
            word.lower() not in COUNT_NOUNS
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
        if before[0].lower() in DETERMINER_LIKE or before[1] in ("DT", "PRP$", "CD", "POS", "PRP"):
            continue  # "a team", "the perio maintenance program", "I mentor", "I plan"
        if any(w in DETERMINER_LIKE for w in modifiers) or any(
            lab in ("DT", "PRP$", "CD", "POS") for _, lab in words[start:index]
        ):
            continue
        if modifiers and (modifiers[-1], word.lower()) in _COMPOUNDS:
            continue  # "law school", "night shift": a name of its own
        if (before[0].lower(), word.lower()) in _IDIOMS and not modifiers:
            continue  # "on schedule", "in person", "after school"
        if before[0].lower() in COPULAS:
            continue  # "I'm patient": an adjective
        if before[0].lower() in _BARE_INFINITIVE_AFTER:
            continue  # "I helped plan our switch": a verb
        if _determined_nearby(words, index):
            continue  # "as a foster care case manager": the tagger read "care" as a verb
        if before[0].lower() in PREPOSITION_WORDS or before[1] in ("VB", "VBD", "VBZ", "VBP"):
            return f"{word!r} needs an article"
        if (
            start == 0
            and written.answer != "next_step"
            and f": {written.slot}" not in (written.sentence)
        ):  # after a colon, a bare noun phrase: "what I would bring: local certification"
            return f"{word!r} needs an article"
    return None


_BARE_INFINITIVE_AFTER = frozenset(
    (
        "help",
        "helps",
        "helped",
        "helping",
        "let",
        "lets",
        "make",
        "made",
        "will",
        "would",
        "can",
        "could",
        "to",
    )
)


def _determined_nearby(words: Tagged, index: int) -> bool:
    """An article or possessive opens the noun's phrase, a few modifiers before it ("as a
    foster care case manager": the tagger reads "care" as a verb)."""
    for back in range(index - 1, max(-1, index - 5), -1):
        word, label = words[back]
        if word.lower() in ("a", "an", "the", "my", "our", "your", "their", "his", "her", "its"):
            return True
        if label not in ("JJ", "NN", "NNS", "NNP", "CD", "VBG", "VBN", "VB", ":", "POS"):
            return False
    return False


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
    day shift|swing shift|home office|head office|trade school|medical school|vet school|
    beauty school|culinary school|summer school|night school|middle school|graduate school|
    business school|flight school""".replace("\n", "").split("|")
)


def _ends_noun_phrase(token: tuple[str, str]) -> bool:
    """Whether a word stands before a noun phrase rather than inside it: a preposition,
    a conjunction, a determiner, a verb, a pronoun or a mark."""
    word, label = token[0].lower(), token[1]
    if word in PREPOSITION_WORDS or word in DETERMINER_LIKE or word in ("and", "or", "but"):
        return True
    if label in ("DT", "PRP$", "PRP", "CC", "IN", "TO", "MD", "WDT", "WP", ",", ".", ":"):
        return True
    return label.startswith("VB") and bool(verb_lemmas(word)) and label != "VBG"


_NP_BOUNDARY = frozenset({"IN", "TO", "VB", "VBD", "VBZ", "VBP", "VBN", "MD", "CC", ",", ".", ":"})
