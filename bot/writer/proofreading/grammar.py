"""The proofreader's rules of grammar: a subject and a verb, agreement, verb forms, run-on
sentences and comma splices, fragments tacked on, clauses that stop half-way."""

from __future__ import annotations

import re
from itertools import pairwise

from bot.writer.frames import Written
from bot.writer.proofreading.reading import (
    COUNT_NOUNS,
    FINITE,
    NOUNS,
    SUBORDINATORS,
    is_finite,
    main_verbs,
    participle,
    verb_lemmas_of,
)
from bot.writer.said import Shape
from bot.writer.tagger import Tagged
from bot.writer.text import word_set
from bot.writer.verbs import is_adjective


def subject_and_verb(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """A sentence of the candidate's, or a clause in a frame, has a subject and a verb."""
    if written.shape is Shape.TOPIC:
        return None
    words = slot or tagged
    for index, (word, _) in enumerate(words[1:], start=1):  # "Smaller firm so I'd ..."
        if word.lower() in ("so", "because") and not any(is_finite(words, i) for i in range(index)):
            return f"no verb before {word!r}"
    finite = main_verbs(words)
    if not finite:
        return (
            "no finite verb"
            if not any(is_finite(words, i) for i in range(len(words)))
            else ("no main verb: its verbs are in a clause that leans on another")
        )
    before = words[: finite[0]]
    if not any(label in NOUNS or label == "DT" or label.startswith("NN") for _, label in before):
        return "no subject before its verb"
    return None


_OPEN_ENDINGS = frozenset({"DT", "CC", "TO", "PRP$", "POS"})


_PRONOUN_DETERMINERS = word_set("both all each either neither this that these those some any")
_OPEN_WORDS = word_set("the a an and or but of which who my our your with after before")


def unfinished(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """ "The users are older adults managing their meds which is.": it stops mid-clause."""
    words = [w for w in tagged if w[1] not in (".", ",", ":", ")", '"')]
    standing_alone = words and words[-1][0].lower() in _PRONOUN_DETERMINERS  # "I have both."
    if (
        words
        and not standing_alone
        and (words[-1][1] in _OPEN_ENDINGS or words[-1][0].lower() in _OPEN_WORDS)
    ):
        return f"stops after {words[-1][0]!r}"
    last_two = tuple(w.lower() for w, _ in words[-2:])
    if (
        len(last_two) == 2
        and last_two[0] in ("which", "who", "that", "it")
        and last_two[1] in ("is", "are", "was", "were", "'s")
    ):
        return f"stops after {words[-1][0]!r}"  # "... their meds which is."
    if written.shape is Shape.SENTENCE and (
        len(words) <= 2
        or (
            len(words) == 3
            and words[-1][1] not in ("NN", "NNS", "NNP", "JJ")
            and words[-1][0].lower() not in ("both", "all")  # "I have both."
        )
    ):
        return "too short to stand alone"  # "I stay.", "I miss that."; not "I am bilingual."
    # "... so lots of compliance questions": a clause after "so" or "because" needs a verb.
    for index, (word, _) in enumerate(tagged):
        if word.lower() in ("so", "because", "if", "when") and index > 2:
            after = [w for w in tagged[index + 1 :] if w[1] not in (".", ":", ")", '"')]
            comma = next((i for i, w in enumerate(after) if w[0] == ","), len(after))
            if word.lower() != "so":
                comma = len(after)  # "because the challenges of A, B and C are ...": whole
            # up to its comma: "so a lot of modeling, which I want to learn" has no verb
            rest = (*after[:comma], (".", "."))  # the end mark: "when a child bites."
            if len(rest) > 1 and not any(is_finite(rest, i) for i in range(len(rest) - 1)):
                return f"no verb after {word!r}"
    return None


def comma_splice(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "the room was not ready and you were angry, I give you ...": two whole sentences
    joined by a comma (a clause that opened with "when", "if", ... may take one)."""
    words = slot or tagged
    if words and words[0][0].lower() in SUBORDINATORS:
        return None
    text = " ".join(w for w, _ in words)
    if ", and " in text or ", but " in text:
        return None  # "I am X, I precept Y, and I led Z": a list of clauses
    clause, opened = False, 0  # `opened`: where the words since the last comma start
    for index, (word, _) in enumerate(words):
        if (
            is_finite(words, index)
            and index > 0
            and words[index - 1][1] in ("PRP", "NN", "NNS", "NNP")
        ):
            clause = True
        if word == "," and _subordinate(words[opened:index]):
            opened = index + 1  # "and that, if you would like to, I will ...": its own
            continue
        if word == ",":
            opened = index + 1
        if word == "," and clause and index + 2 < len(words):
            subject = words[index + 1]
            if subject[0].lower() in ("i", "we", "he", "she", "they", "you", "it") and is_finite(
                words, index + 2
            ):
                return "two sentences joined by a comma"
    return None


def _subordinate(words: Tagged) -> bool:
    """Words that open with "if", "since", "as someone who" ... (after "and" or "that"):
    a clause that the one after its comma completes."""
    opening = [w.lower() for w, _ in words[:3]]
    while opening and opening[0] in ("and", "but", "that", "so"):
        opening = opening[1:]
    return bool(opening) and opening[0] in _OPEN_A_CLAUSE


_OPEN_A_CLAUSE = word_set(
    """if since as because when while although though unless once after before until
    whenever whether"""
)


_TIMES = re.compile(
    r"\b(?:\d+|two|three|four|five|six|many|several|multiple) times\b|\btwice\b", re.IGNORECASE
)
_HABIT = re.compile(
    r"\b(?:a|per|each|every) (?:day|night|week|month|year|shift|quarter|semester)\b|"
    r"\b(?:daily|weekly|monthly|yearly|always|usually|often)\b",
    re.IGNORECASE,
)


def present_for_past(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "I get employee of the month 4 times", "you ask me many times": a count of times
    with the present tense and nothing that makes it a habit ("3 times a week") is what
    happened, and takes the past."""
    if not _TIMES.search(written.sentence) or _HABIT.search(written.sentence):
        return None
    for index in range(1, len(tagged)):
        subject, (verb, label) = tagged[index - 1][0].lower(), tagged[index]
        if (
            subject in ("i", "you", "we", "they")
            and label in ("VB", "VBP")
            and verb.lower() not in ("am", "are", "have", "do", "'m", "'re", "'ve")
        ):
            return f"the present tense for what happened ({verb!r})"
    return None


def and_chain(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """ "I would separate them and comfort the child and then talk to ... and fill out ...":
    three "and"s in one sentence are a list nobody punctuated."""
    count = sum(1 for word, _ in tagged if word.lower() == "and")
    return "a chain of 'and'" if count >= 3 else None


def object_left_out(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "I do from my last job.": a verb whose object the chat left to the question ("do
    you have experience with ...?"), which a note cannot lean on."""
    for index in range(1, len(tagged) - 1):
        word, after = tagged[index][0].lower(), tagged[index + 1]
        if (
            tagged[index - 1][0].lower() in ("i", "we")
            and word in ("do", "did", "does")
            # "I do." alone answers; "I do from my last job" leans on the question
            and after[0].lower() in ("from", "at", "in", "on", "for", "with", "during", "since")
        ):
            return f"nothing after {tagged[index][0]!r}"
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


_TACK_OPENERS = word_set(
    """and or but including such like especially from with which who whom whose where when
    while because since so as than that to for in at on by after before if although not
    rather"""
)


def tacked_on(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """ "I scan every NDC and read the label back, zero errors on my last review": a
    phrase with no verb tacked on after a comma, which a careful writer makes a clause."""
    words = slot or tagged
    commas = [i for i, (w, _) in enumerate(words) if w == ","]
    if not commas or not main_verbs(words[: commas[0]]):
        return None
    tail = [w for w in words[commas[-1] + 1 :] if w[1] not in (".", "!", "?")]
    if len(tail) < 2 or tail[0][0].lower() in _TACK_OPENERS or tail[0][1] in ("VBG", "WDT", "WP"):
        return None
    last_item = words[commas[0] - 1]
    names_listed = last_item[0][:1].isupper() and tail[0][0][:1].isupper()
    if (
        len(tail) <= 4
        and any(w.lower() in ("and", "or") for w, _ in tail)
        and (names_listed or (tail[0][1] == last_item[1] == "NNS"))
    ):
        return None  # the end of a list of names: "I speak Somali, Arabic and English."
    if tail[0][1] == "CD" and written.kept:
        return None  # typed with care: "..., 140% of quota", a figure in apposition
    if tail[0][0].lower().endswith("ing") and len(tail[0][0]) > 5:
        return None  # "..., processing about 1,200 invoices": a participle the tagger missed
    if any(is_finite(tuple(tail), i) for i in range(len(tail))) or tail[0][1] == "DT":
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
        if any(is_finite(tuple(rest), i) for i in range(len(rest))):
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
            word == "not"
            and words[index + 1][0].lower() in ("just", "only")
            and before[0] not in (",", ";")
            and before[0].lower() not in _NOT_BELONGS_TO
        ):
            return "a comma missing before 'not just'"  # "why the numbers moved not just ..."
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
                and any(is_finite(words, i) for i in range(verb, min(verb + 3, len(words))))
                and main_verbs(words[:index])
            ):
                return "a comma missing before a new clause"
    return None


_ABOUT = word_set("about around over nearly almost roughly approximately under")
# Words whose "not" is their own ("is not just", "do not only"): no comma before it.
_NOT_BELONGS_TO = word_set(
    """is are was were am 'm 're 's do does did can could will would should must may might be
    been it that this"""
)


def figure_first(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """A sentence does not open with a figure ("14 people under me ...", "About 150
    calls a shift ...")."""
    if tagged and tagged[0][1] == "CD" and len(tagged) <= 6:  # "90% renewed."
        return "opens with a figure"
    if tagged and tagged[0][0][:1].isdigit() and not re.search(r"[%$£€]", tagged[0][0]):
        return "opens with a figure"  # "14 people under me ...": a count opens no sentence
    if len(tagged) > 1 and tagged[0][0].lower() in _ABOUT and tagged[1][1] == "CD":
        return "opens with a figure"
    return None


def clause_comma(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "I was an aide in high school so I get athletes", "the users are older adults
    which is my grandma": a second clause joined by "so", or a "which" after a clause's
    noun, needs its comma."""
    for index in range(2, len(tagged) - 2):
        word, before = tagged[index][0].lower(), tagged[index - 1]
        if before[0] in (",", ";", ":", "-", "–"):
            continue
        subject_after = tagged[index + 1][1] in ("PRP", "NNP", "NN", "NNS", "DT", "PRP$") or (
            tagged[index + 1][1] == "JJ" and tagged[index + 2][1] in ("NN", "NNS")
        )  # "... so hard work doesn't scare me"
        if word == "so" and subject_after:
            after = tagged[index + 1 :]
            if main_verbs(tagged[:index]) and main_verbs(after):
                return "a comma missing before 'so'"
        if word == "which" and before[1] in ("NN", "NNS", "NNP") and main_verbs(tagged[:index]):
            return "a comma missing before 'which'"
    return None


_UNITS = word_set(
    """day week month year hour minute second mile foot inch pound ton gallon seat bed
    axis step person page point star bedroom unit"""
)


def compound_hyphen(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "90 day turnover", "a 140 seat restaurant": a count with a unit in the singular
    describes what follows, and takes a hyphen ("90-day")."""
    for (figure, label), (unit, _) in pairwise(tagged):
        if label == "CD" and figure not in ("1", "one") and unit.lower() in _UNITS:
            return f"a hyphen missing in {figure + ' ' + unit!r}"
    return None


_COPULA_FORMS = word_set("am is are was were 'm 're")


def small_word_missing(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """The little words chat leaves out: "notes done same day" ("the same day"), "we
    talked westgard rules" ("talked about"), "I am bilingual CMA" ("a bilingual CMA"),
    "electrical not just parts" (a comma before "not just")."""
    for index, (word, _) in enumerate(tagged):
        lower = word.lower()
        before = tagged[index - 1] if index else ("", "")
        after = tagged[index + 1] if index + 1 < len(tagged) else (".", ".")
        if lower == "same" and before[1] not in ("DT", "PRP$"):
            return "'the' missing before 'same'"
        if lower in ("talked", "spoke") and after[1] in ("NN", "NNS", "NNP", "JJ"):
            return f"a word missing after {word!r} ('about')"
        if (
            lower == "not"
            and after[0].lower() in ("just", "only")
            and before[1]
            in (
                "NN",
                "NNS",
                "NNP",
                "JJ",
            )
        ):
            return f"a comma missing before 'not {after[0]}'"
        if word.isupper() and word.isalpha() and len(word) > 1 and _ends_as_a_noun(tagged, index):
            start = index - 1
            while start >= 0 and tagged[start][1] == "JJ":
                start -= 1
            if start >= 0 and tagged[start][0].lower() in _COPULA_FORMS:
                return f"{word!r} needs an article"  # "I am bilingual CMA"
    return None


def _ends_as_a_noun(tagged: Tagged, index: int) -> bool:
    """Whether an acronym is a noun ("I am bilingual CMA."), not a word before another
    ("I am BLS and ACLS certified"): past the acronyms, commas and "and" after it comes
    the end of the sentence."""
    after = index + 1
    while after < len(tagged) and (
        tagged[after][0] in (",", "and", "or") or tagged[after][0].isupper()
    ):
        after += 1
    return after >= len(tagged) or tagged[after][1] == "."


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
        if not is_finite(words, index):
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
        if subject[1] != "PRP" and words[index][1] in ("VBD", "VBN") and participle(verb):
            continue  # "agreements sold a week": a participle after its noun
        before = words[start - 1] if start > 0 else ("", "")
        clauses += 1
        if clauses < 2 or before == ("", ""):
            continue
        joined = (
            before[0].lower() in SUBORDINATORS
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
            and (word != "most" or nxt[0].lower() in COUNT_NOUNS)
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
                "how",  # "explained how the rotation works": a report of its own
                "what",
                "why",
                "where",
                "when",
                "whether",
                "if",
            ) and not any(is_finite(rest, i) for i in range(len(rest))):
                return f"nothing reported after {word!r}"
    return None
