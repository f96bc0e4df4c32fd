"""The proofreader's rules about words and small phrases that a careful writer would not
send as a chat typed them: a word nobody knows (a name or brand typed in lower case, a
clipped word), a hedge before a figure, an article that does not fit its noun, a tense
that does not fit "since", a list left without its "and", a comparison squeezed into a
topic, a clause run into the one before it.

Each rule is a doubt, not a verdict: the sentence is shown or asked about, never changed.
These rules read only sentences the writer rewrote; a sentence kept as a careful
candidate typed it is theirs.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.writer.frames import Written
from bot.writer.kinds import PERSON_NOUNS
from bot.writer.proofreading.reading import (
    CALENDAR,
    COUNT_NOUNS,
    SUBORDINATORS,
    is_finite,
    past,
    words_of,
)
from bot.writer.proofreading.style import SHORT_WORDS
from bot.writer.said import Shape
from bot.writer.tagger import Tagged, tag
from bot.writer.text import word_set

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’&-]*[A-Za-z]")


def unknown_word(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "enphase microinverter", "mazak mills", "RESI": a word in lower case (or one the
    writer took for an acronym) that no dictionary, list of trade words or name the
    candidate gave knows. Typed in a chat it is most often a brand in lower case or a
    clipped word, and the writer can only guess its spelling and capitals. A word the
    writer capitalised as a name ("at Riverton") is left alone."""
    for token in _TOKEN.findall(written.sentence):
        for word in token.split("-"):
            if word[:1].isupper() and not word.isupper():
                continue  # "at Riverton": a name the writer capitalised, as a letter would
            if word in names or word.strip("'’") in names or _known(word.lower()):
                continue
            return f"a word I don't know (a name or brand? check its spelling): {word!r}"
    return None


@lru_cache(maxsize=8192)
def _known(lower: str) -> bool:
    """Whether a word in lower case is one the dictionary, the terms or the trade words
    know (the dictionary first: it answers for nearly every word, at once)."""
    from bot.writer.spelling import frequency, is_trade_word
    from bot.writer.terms import is_known_term

    lower = lower.replace("’", "'")
    bare = re.sub(r"'s$|s'$", "", lower)
    return (
        len(bare) < 3
        or bare in SHORT_WORDS
        or max(frequency(form) for form in _spellings(bare)) > 1
        or is_known_term(lower)
        or is_known_term(bare)
        or is_trade_word(bare)
    )


def _spellings(word: str) -> set[str]:
    """The word, without a plural "s", and in American spelling ("programme", "colour")."""
    forms = {word, word.rstrip("s")}
    for british, american in (("mme", "m"), ("our", "or"), ("ise", "ize"), ("tre", "ter")):
        if word.endswith(british):
            forms.add(word[: -len(british)] + american)
    return forms


def hedged_figure(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "I make maybe 180 roofs", "like 40 a week": a chat hedge before a figure. A letter
    says "about 180", or the figure."""
    found = _HEDGED_FIGURE.search(written.sentence)
    return f"a hedge before a figure: {found.group()!r}" if found else None


_HEDGED_FIGURE = re.compile(
    r"\b(?:maybe|probably|prob|(?<!would )(?<!'d )like|kinda|kind of|i think|i guess|ish)\s+"
    r"(?:\$|£|€)?\d",
    flags=re.IGNORECASE,
)


def article_sound(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "a underground conversion", "an new clinic": the article does not fit the sound
    of its word (acronyms read by their letters are left alone: "an RN", "a CNA")."""
    for article, word in re.findall(r"(?:^|(?<=\s))(a|an|A|An)\s+([a-z][\w'-]*)", written.sentence):
        vowel = word[0] in "aeiou" and not _VOWEL_AS_CONSONANT.match(word)
        vowel = vowel or bool(_SILENT_H.match(word))
        if article.lower() == "a" and vowel:
            return f"'a' before a vowel: 'a {word}'"
        if article.lower() == "an" and not vowel:
            return f"'an' before a consonant: 'an {word}'"
    return None


_VOWEL_AS_CONSONANT = re.compile(
    r"^(?:u[bcdfgklmnprstvz][aeiou]|uni|use|usu|ur[aeio]|eu|ew|one|once)"
)
_SILENT_H = re.compile(r"^(?:hour|honest|honor|honour|heir)")


def since_with_the_present(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "I am journeyman since 2022", "I never have a recordable in 8 years": what has
    gone on since a time, or in a span up to now, takes "have been", "have had"."""
    span = _SPAN.search(written.sentence)
    if span is None or (
        not span.group().lower().startswith("since") and _AHEAD.search(written.sentence)
    ):
        return None  # "I plan to stay for 5 years": a span ahead, not up to now
    for index in range(1, len(tagged)):
        subject, (verb, label) = tagged[index - 1][0].lower(), tagged[index]
        if index >= 2 and subject in ("never", "always", "still", "also"):
            subject = tagged[index - 2][0].lower()
        if subject not in ("i", "we", "you", "they", "he", "she", "it"):
            continue
        lower = verb.lower()
        present = lower in ("am", "is", "are", "'m", "'re", "'s") or (
            is_finite(tagged, index) and label != "VBD" and not past(lower)
        )
        following = " ".join(words_of(tagged[index + 1 : index + 3])).lower()
        if not present or lower in ("do", "does", "did", "will", "would", "can", "could"):
            continue
        if lower in ("have", "has", "'ve") and _PERFECT_AFTER.match(following):
            continue  # "I have worked ... since", "I have been ..."
        if index + 1 < len(tagged) and tagged[index + 1][1] == "VBN":
            continue
        return f"the present with a span up to now ({verb!r} ... {span.group()!r})"
    return None


_AHEAD = re.compile(
    r"\b(?:to|will|would|'ll|'d|plan|plans|want|wants|hope|hopes|going)\b", flags=re.IGNORECASE
)


_SPAN = re.compile(
    r"\bsince (?:\d{4}|(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december)|last|high school|college|i was)\b|\b(?:in|for) (?:the (?:last|past) )?"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten) (?:years?|months?)\b(?! (?:ago|from))",
    flags=re.IGNORECASE,
)
_PERFECT_AFTER = re.compile(r"^(?:been|had|worked|done|never|always)\b")


def list_without_and(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "I room about 30 patients a day, vitals, EKGs, injections.": items run on after
    commas with no "and" before the last: a list nobody finished."""
    sentence = re.sub(r"(?<=\d),(?=\d)", "", written.sentence)  # "1,200" is one figure
    tail = re.search(r",([^,]+),([^,]+)[.!?]$", sentence)
    if tail is None or re.search(r"\b(?:and|or|plus|as well as|but|then)\b", tail.group(2)):
        return None
    if any(len(item.split()) > 5 for item in tail.groups()):
        return None  # a clause after a comma ("..., which challenges them more"), not an item
    last = tag(tail.group(2))
    if any(label in ("VBD", "VBZ", "VBP", "MD") for _, label in last) or (
        last and last[0][0].lower() in SUBORDINATORS
    ):
        return None  # "..., if she likes my portfolio, I will meet the team": a clause
    return "a list without 'and' before its last item"


def comparison_in_a_topic(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "I enjoyed discussing customer service over sales numbers": a frame written for
    one subject holding two weighed against each other; the weighing is a sentence of its
    own ("You emphasized customer service over sales numbers")."""
    if written.shape is not Shape.TOPIC:
        return None
    found = _WEIGHED.search(_OVER_A_CHANNEL.sub("", written.slot))
    return f"a comparison in a topic: {found.group()!r}" if found else None


# "over chat", "over the phone", "over 3 years": "over" that weighs nothing.
_OVER_A_CHANNEL = re.compile(
    r"\bover (?:the |a )?(?:chat|phone|email|e-mail|text|zoom|video|time|years?|months?|"
    r"weeks?|summer|winter|\d\S*)\b",
    flags=re.IGNORECASE,
)
_WEIGHED = re.compile(
    r"\b(?:over|more than|less than|rather than|instead of|vs\.?|versus|at the same time|"
    r"as much as|not just)\b",
    flags=re.IGNORECASE,
)


def clause_run_in(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "Road test and drug screen next week you will call me", "I already know half the
    regulars I live on that block": a subject and its verb right after a noun, with no
    comma, "and" or "that" between: two sentences run together (or a clause whose link a
    reader has to guess)."""
    for index in range(2, len(tagged) - 1):
        before, (word, _), (verb, verb_label) = (
            tagged[index - 1],
            tagged[index],
            tagged[index + 1],
        )
        if word.lower() not in ("i", "you", "we", "he", "she", "they"):
            continue
        if before[1] not in ("NN", "NNS", "NNP", "CD"):
            continue
        leading = [w.lower() for w, _ in tagged[max(0, index - 4) : index - 1]]
        if any(w in _RELATIVE_HINTS for w in leading):
            continue  # "what software I've used", "one more thing I would bring"
        if index <= 3:
            continue  # "Last year I closed ...": a short phrase that opens the sentence
        opening = tagged[:index]
        if (
            before[0].lower() not in _TIME_WORDS
            and verb_label != "MD"
            and verb.lower()
            not in (
                "will",
                "'ll",
                "can",
            )
        ):
            continue  # "the cashiers we hired": a relative clause, read as one
        if opening[0][1] == "IN" and not any(
            lab.startswith("VB") or lab == "MD" for _, lab in opening
        ):
            continue  # "Before law school I spent ...": a phrase that opens the sentence
        if verb_label in ("MD", "VBD", "VBN", "VBP", "VBZ") or verb.lower() in (
            "'ll",
            "will",
            "can",
        ):
            if verb_label in ("VBD",) and index + 2 >= len(tagged):
                continue  # "the work I did." ends there: a plain relative
            return f"a clause run into the one before: '{before[0]} {word} {verb}'"
    return None


_TIME_WORDS = CALENDAR | word_set(
    """week weeks month months year years day days today tomorrow tonight morning
    afternoon evening night time times spring summer fall autumn winter"""
)
_RELATIVE_HINTS = word_set(
    "what which whatever whichever whose thing things one kind sort type way"
)


def hedge_tacked_on(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "..., maybe a hands-on test", "..., not sure": a hedge added after a comma."""
    found = re.search(
        r",\s+(?:maybe|probably|possibly|hopefully|not sure|i think|i guess|idk)\b",
        written.sentence,
        flags=re.IGNORECASE,
    )
    return f"a hedge tacked on: {found.group().lstrip(', ')!r}" if found else None


def which_without_comma(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "... through TikTok Shop now which I had no idea": "which" right after an adverb,
    with no comma: a chat's link between two thoughts, not a relative clause."""
    for index in range(1, len(tagged)):
        word, _ = tagged[index]
        before_word, before_label = tagged[index - 1]
        if word.lower() == "which" and before_label == "RB":  # "now which", "recently which"
            return f"'which' with no noun before it: '{before_word} which'"
    return None


def plural_as_modifier(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "4 years of nights experience": a plural noun before "experience"."""
    for index in range(1, len(tagged)):
        word = tagged[index][0]
        before, before_label = tagged[index - 1]
        if (
            word.lower() in ("experience", "work")
            and before_label == "NNS"
            and before.lower() not in ("years", "months", "sales", "operations", "news", "arts")
            and not before.endswith("'")
        ):
            return f"a plural as a modifier: '{before} {word}'"
    return None


def bare_count_noun(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "I am journeyman", "2 years as PE on a mid-rise": a person's job with no article
    where the sentence needs one ("a journeyman", "the PE")."""
    for index in range(1, len(tagged)):
        word, label = tagged[index]
        before = tagged[index - 1][0].lower()
        if before not in ("am", "'m", "as") or label not in ("NN", "NNP"):
            continue
        after = tagged[index + 1] if index + 1 < len(tagged) else ("", ".")
        if after[1].startswith("NN") or after[1] == "POS" or after[0].lower() in _NOT_A_JOB_AFTER:
            continue  # "as lead technician", "as head of", "am ACLS certified"
        if word.lower() in _PEOPLE or (word.isupper() and 2 <= len(word) <= 4):
            return f"an article missing: '{tagged[index - 1][0]} {word}'"
    return None


_NOT_A_JOB_AFTER = word_set("of - certified licensed trained registered and or /")
# A person's job: the writer's own list of person words, and a few more of the trades.
_PEOPLE = PERSON_NOUNS | word_set(
    "adjuster agent foreman groomer guard inspector installer operator pe receptionist stylist"
)


def topic_ends_in_adjective(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "Where I can help most is CPR/first aid current": a topic's slot holds a noun
    phrase, which ends in its noun; one that ends in an adjective was a clause ("my CPR is
    current") cut short."""
    if written.shape is not Shape.TOPIC or not slot:
        return None
    if any(lab.startswith(("VB", "W")) or lab == "MD" for _, lab in slot):
        return None  # a clause in its own right: "what I would do if the price is too high"
    word, label = slot[-1]
    if label in ("JJ", "JJR") and word not in names and word.islower() and word not in _CLIPPED:
        return f"a topic that ends in an adjective: {word!r}"
    return None


_CLIPPED = word_set("prep rehab admin ops")  # nouns the tagger reads as adjectives


def opening_phrase_comma(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "At my internship my old boss made me ...": a phrase of three words or more opens
    the sentence and runs straight into the subject's own noun phrase; a comma tells the
    reader where one ends."""
    if not tagged or tagged[0][1] != "IN":
        return None
    for index in range(3, min(len(tagged) - 1, 9)):
        word, label = tagged[index]
        before = tagged[index - 1][1]
        if label.startswith("VB") or label in ("MD", ",", ":", "CC"):
            return None  # the sentence's verb, or a comma, comes first
        if label in ("PRP$", "DT") and before in ("NN", "NNS", "NNP") and word.lower() != "that":
            return f"a comma missing after the opening phrase, before {word!r}"
    return None


def when_inside_a_topic(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "I am especially interested in home every weekend and newer trucks": how often,
    inside a frame written for a thing, is half a clause ("being home every weekend")."""
    if written.shape is not Shape.TOPIC:
        return None
    found = re.search(
        r"\b\w+ every (?:other )?(?:day|week|weekend|night|morning|month|shift|year|summer)\b",
        written.slot,
        flags=re.IGNORECASE,
    )
    if found is None or found.group().split()[0].lower() in ("talk", "talking", "working", "work"):
        return None
    return f"how often, inside a topic: {found.group()!r}"


def topic_list_run_on(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "nights and every other weekend and cross-training to blood bank", "CMM,
    calipers, mics, height gauge and GD&T": a topic is one thing or a short list; "and"
    twice, or four items and more, is a list nobody can discuss as one subject."""
    if written.shape is not Shape.TOPIC:
        return None
    if len(re.findall(r"\band\b", written.slot)) >= 2:
        return "a topic joined by 'and' twice"
    if written.slot.count(",") >= 3:
        return "a list of four things or more as a topic"
    return None


def one_as_a_digit(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "instead of just 1 price", "1 of my clients": a letter writes "one"."""
    found = re.search(
        r"(?<![\d.,$/#-])\b1 (?!(?:hour|day|week|month|year|minute|am|pm|percent|x|on)s?\b)[a-z]+",
        written.sentence,
    )
    return f"'1' where a letter writes 'one': {found.group()!r}" if found else None


def question_after_a_comma(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "You asked about QC, what I do when a control is out": a question tacked on after
    a noun and a comma, which the sentence does not link to anything."""
    for index in range(1, len(tagged) - 2):
        if (
            tagged[index][1] == ","
            and tagged[index - 1][1] in ("NN", "NNS", "NNP")
            and tagged[index + 1][0].lower() in ("what", "how", "why", "whether")
            and tagged[index + 2][1] in ("PRP", "DT", "NN", "NNS")
        ):
            return f"a question tacked on after a comma: '{tagged[index + 1][0]} ...'"
    return None


def bare_subject(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "I was glad to hear that design is in the room early": a clause whose subject is a
    bare singular noun names no one ("the design team"); the reader has to guess."""
    if written.shape is not Shape.CLAUSE or len(slot) < 3:
        return None
    (word, label), (verb, _) = slot[0], slot[1]
    if label == "NN" and word.islower() and verb.lower() in ("is", "was", "'s", "has", "gets"):
        return f"a subject with no article: '{word} {verb}'"
    return None


def topic_needs_its_article(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "Learning about new building ...", "hear about night shift in the new building",
    "talk about redesign of the flow": a topic that opens with a singular noun, bare or
    after an adjective or two, with no article. Nouns of a kind that take none
    ("flexible scheduling", "patient education", "good communication") pass."""
    if written.shape is not Shape.TOPIC or len(slot) < 2:
        return None
    phrase: list[tuple[str, str]] = []  # the opening noun phrase, to its head noun
    for index, (word, label) in enumerate(slot):
        if label in ("IN", "CC", ",", "TO", ":"):
            break
        phrase.append((word, label))
        following = slot[index + 1][1] if index + 1 < len(slot) else ""
        if label == "NN" and following not in ("NN", "NNS"):
            break  # "bigger team | next year"
    if not phrase or len(phrase) > 3:
        return None
    noun, label = phrase[-1]
    if label != "NN" or not noun.islower() or noun in names:
        return None
    if len(phrase) == 1 and noun not in COUNT_NOUNS:
        return None  # "conflict with drivers": a bare noun alone is most often abstract
    if any(lab not in ("JJ", "JJR", "JJS", "VBN", "NN") for _, lab in phrase[:-1]):
        return None  # "the new building", "my portfolio", "how I ...": determined or a clause
    if _UNCOUNTED.search(noun) or noun in _MASS_NOUNS:
        return None
    return f"an article missing: '{' '.join(w for w, _ in phrase)}'"


_UNCOUNTED = re.compile(
    r"(?:tion|sion|ment|ness|ity|ance|ence|ship|ics|ware|work|care|time|ty|cy|ism|age)$"
)
_MASS_NOUNS = word_set(
    """pay money equipment training feedback support growth coverage overtime help advice
    experience knowledge research staff software hardware data safety quality service
    food coffee music art design tech technology medicine math science english spanish
    health culture leadership teamwork mentorship tuition housing parking transportation
    speed accuracy
    furniture traffic weather travel scheduling staffing onboarding billing marketing
    nursing charting coding testing planning funding lending banking accounting
    engineering manufacturing welding plumbing shipping receiving picking packing cleaning
    cooking baking catering tutoring mentoring hiring recruiting programming"""
)


def gerund_and_adverb(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "Learning about growing fast made me ...": a verb and its adverb are what
    something does ("that you are growing fast"), not a thing to learn about."""
    if written.shape is not Shape.TOPIC or len(slot) < 2:
        return None
    if slot[0][1] == "VBG" and all(label in ("RB", "RBR", "JJ") for _, label in slot[1:]):
        return f"a verb phrase, not a topic: {written.slot!r}"
    return None


def present_for_the_interview(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "You give me a test to make a centerpiece", "you ask me about ...": what the
    interviewer did in the interview, which is over, takes the past ("gave", "asked")."""
    if written.answer not in ("highlights", "detail", "strengthen"):
        return None
    found = _YOU_DID_TO_ME.search(written.sentence)
    return f"the present for what happened in the interview: {found.group()!r}" if found else None


_YOU_DID_TO_ME = re.compile(
    r"\b(?:you|the panel|the team)\s+(?:also\s+|really\s+|then\s+)?(?:give|gives|ask|asks|tell|"
    r"tells|show|shows|have|has|make|makes|let|lets|hand|hands|send|sends|walk|walks|quiz|"
    r"quizzes|put|puts|throw|throws)\s+(?:me|us)\b",
    flags=re.IGNORECASE,
)


def topic_opens_with_a_preposition(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "I was glad to talk about at Lincoln Park Zoo on weekends": a frame's slot that
    opens with "at", "in" or "on" holds where or when, not a thing to talk about."""
    if written.shape is not Shape.TOPIC or not slot:
        return None
    first = slot[0][0].lower()
    if first in _PLACE_OR_TIME_PREPOSITIONS:
        return f"a topic that opens with {first!r}"
    return None


_PLACE_OR_TIME_PREPOSITIONS = word_set("at in on from during since until into onto by")
