"""The proofreader's rules of style: openings, chat forms, doubled words, informal words,
capitals, abbreviations, paired marks, and a "they" with nothing to refer to."""

from __future__ import annotations

import re
from itertools import pairwise

from bot.writer.frames import Written
from bot.writer.proofreading.reading import CALENDAR, words_of
from bot.writer.said import Shape
from bot.writer.tagger import Tagged
from bot.writer.text import word_set

_BAD_OPENERS = word_set("and because which but so or plus also")


def opener(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """No sentence opens with "And", "Because", "Which" and their like."""
    first = tagged[0][0].lower() if tagged else ""
    if first == "because" and any(w == "," for w, _ in tagged[2:]):
        return None  # "Because I grew up renting, I have made ...": a clause, then the main one
    fragment = (
        first == "including"
        or (first == "like" and not any(w == "," for w, _ in tagged))  # not "Like you, I ..."
        or (first == "such" and len(tagged) > 1 and tagged[1][0].lower() == "as")
    )
    if fragment and len(tagged) > 1:  # "Such as tell me about a time you failed."
        return f"opens with {tagged[0][0]!r}: the rest of an earlier sentence"
    return f"opens with {tagged[0][0]!r}" if first in _BAD_OPENERS else None


# Chat forms a careful writer never leaves in a letter (the proofreader's own list).
_CHAT = word_set(
    """yrs yr hrs hr mins wk wks mos q qs mgr mgrs biz ops certs cert pts pt thurs thur
    tues wed fri sat sun mon jan feb mar apr jun jul aug sep sept oct nov dec w/ w/o bc b/c
    cuz coz lol lmao tbh tbf ngl imo btw fyi u ur r im ive dont didnt doesnt cant wont
    isnt wasnt thats whats theres theyre youre alot gonna wanna kinda sorta ppl mgmt govt
    thru tho pls plz thx convo mtg abt b4 def prob yeah yep nope ok okay"""
)


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
    words = [w.lower() for w in words_of(tagged)]
    for a, b in pairwise(words):
        if a == b and a.isalpha():
            return f"{a!r} twice"
    if words[:6].count("also") > 1:
        return "'also' twice"
    for adverb in _EMPHASIS:  # "I especially enjoyed ... my portfolio, especially the ..."
        if words.count(adverb) > 1:
            return f"{adverb!r} twice"
    return None


_EMPHASIS = ("especially", "particularly", "really", "truly", "very", "also", "most")


# Words a careful writer keeps out of a letter.
_INFORMAL = word_set(
    "stuff guy guys kinda sorta gonna wanna gotta dunno yeah nah cool awesome legit gig"
)


def informal(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """ "schedule stuff", "a guy": words a careful writer keeps out of a letter."""
    for word, _ in slot or tagged:
        if word.lower() in _INFORMAL:
            return f"an informal word: {word!r}"
    phrase = _INFORMAL_PHRASE.search(written.sentence)
    return f"an informal phrase: {phrase.group()!r}" if phrase else None


def pay_as_the_reason(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "The pay is far better than what I make now": why the candidate wants the job, told
    to an interviewer, is the work, not the money (benefits they named are another thing)."""
    if written.answer != "interest":
        return None
    found = _PAY.search(written.sentence)
    return f"the pay as the reason: {found.group()!r}" if found else None


_PAY = re.compile(
    r"\b(?:the\s+)?(?:pay|salary|money|wages?|compensation|paycheck|hourly rate|pay rate)\s+"
    r"(?:is|are|was|were|seems|looks)\s+(?:\w+\s+)?(?:good|great|better|nice|amazing|"
    r"competitive|higher|solid|excellent|awesome|decent)\b|"
    r"\b(?:good|great|better|more|nice|higher|amazing|decent)\s+(?:pay|money|salary|wages?)\b|"
    r"\bpays?\s+(?:well|better|more)\b|"
    r"\babout\s+(?:the\s+)?(?:money|pay|salary|wages?|compensation)\b",
    flags=re.IGNORECASE,
)


def sum_without_currency(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "I balanced a drawer of about 20,000 every day": a sum of money needs its sign."""
    if not _THOUSANDS.search(written.sentence):
        return None  # no figure in the thousands: nothing for the long pattern to find
    found = _SUM.search(written.sentence)
    return f"a sum without its currency: {found.group(1) or found.group(2)!r}" if found else None


_THOUSANDS = re.compile(r"\d,\d{3}")
_SUM = re.compile(
    r"\b(?:drawer|budget|revenue|sales|saved|save|saving|savings|raised|worth|deals?|costs?|"
    r"spend|closed|book|quota|payroll|fundraising|donations|grants?)\b(?:\s+\w+){0,3}?\s+"
    r"(?:of\s+|about\s+|over\s+|nearly\s+|almost\s+)*(\d{1,3}(?:,\d{3})+)(?!\s*(?:%|people|"
    r"patients|customers|clients|users|followers|students|calls|units|items|rooms|members|"
    r"miles|hours))"
    r"|(?<![$£€\d,])(\d{1,3}(?:,\d{3})+)(?= (?:\w+ )?(?:budget|budgets|in sales|in revenue|"
    r"in donations|in savings|a year in)\b)",
    flags=re.IGNORECASE,
)


def enjoyed_a_hard_subject(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "I especially enjoyed our discussion of my gap in employment": a frame of pleasure
    around a subject nobody enjoys discussing."""
    if written.shape is Shape.SENTENCE or not _PLEASURE.search(written.sentence):
        return None
    found = _HARD_SUBJECT.search(written.slot)
    return f"enjoyed a hard subject: {found.group()!r}" if found else None


_PLEASURE = re.compile(r"\b(?:enjoy(?:ed)?|loved|fun|a highlight|a pleasure)\b", re.IGNORECASE)
_HARD_SUBJECT = re.compile(
    r"\b(?:gap|gaps|weakness(?:es)?|failure|failures|mistake|mistakes|fired|layoffs?|laid off|"
    r"terminat\w*|criticism|firing|write-?ups?|disciplin\w*|injur\w*|death|died|divorce|"
    r"illness|sick leave|complaint|complaints|lawsuit|no \w+ experience|lack of \w+|"
    r"why I left|why I quit|why I was let go|mandatory overtime)\b",
    flags=re.IGNORECASE,
)
_INFORMAL_PHRASE = re.compile(
    r"\bmy (?:last|old|current|previous|first|new) (?:place|spot|gig)\b|\bat my (?:place|spot)\b|"
    r"\bmy old (?:job|gym|store|shop|company|work|boss|team|manager|clinic|school)\b|"
    r"\b(?:a ton|tons|a bunch) of\b|\bpretty (?:good|much|solid|big)\b|\bsooo+\b|"
    r"\ba ton\b|\b(?:on the )?first try\b|\bno idea\b|\btotally\b|\bcrazy\b|\bpretty sure\b|"
    r"\bsuper (?:nice|easy|fun|cool|excited|interested|important|helpful|busy|good|hard|fast|"
    r"happy|chill|friendly)\b",
    flags=re.IGNORECASE,
)


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
        if word.lower() in AMBIGUOUS or word.lower() in CALENDAR:  # "Go", "Excel", "May"
            continue
        if label.startswith("NNP") and tagged[index - 1][1].startswith("NNP"):
            continue  # part of a name: "Penn State", "Mercy Ridge"
        following = tagged[index + 1][0] if index + 1 < len(tagged) else "."
        if previous.lower() in _BEFORE_AN_EMPLOYER and not following[:1].isupper():
            continue  # "a teller at Chase", "I worked for Target": an employer's name
        return f"a capital inside the sentence: {word!r}"
    return None


_BEFORE_AN_EMPLOYER = word_set("at for from with joined left")
_THEY_ANTECEDENTS = word_set(
    """team staff family everyone people company crew panel someone somebody anyone
    anybody person student patient customer client child kid employee guest parent
    resident driver member hire associate"""
)


def he_or_she(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """A note speaks to its reader: a sentence that opens with "She" or "He" leaves the
    reader to guess who is meant (the reader, another panelist, someone else)."""
    if tagged and tagged[0][0] in ("She", "He"):
        return f"who {tagged[0][0]!r} means is unclear"
    return None


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
            and word not in SHORT_WORDS
            and frequency(word) == 0
            and frequency(word.rstrip("s")) == 0
        ):
            return f"a clipped word or acronym in lower case: {word!r}"
    return None


# Short words of the trade that the dictionary lacks but a careful writer writes so.
SHORT_WORDS = word_set("app apps tech techs pre perio coag meds intake admin wifi inbox neuro")
