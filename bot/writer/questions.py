"""A question typed back as the candidate heard it, in its indirect form.

"how do you keep drivers on schedule" was the interviewer's question to the candidate;
in the note it is a topic: "how I keep drivers on schedule" ("I especially enjoyed
talking with you about how I keep drivers on schedule."). The interviewer's "you" is
the candidate ("I"), "your" is "my"; the auxiliary goes after the subject, or away
("do"), with the verb taking its tense ("why did you leave" -> "why I left"). A yes-no
question becomes a "whether" clause. An instruction ("tell me about a time you ...",
"walk me through your process") becomes the noun phrase it asks about.

A question whose shape this cannot tell returns None: the writer keeps it as typed and
asks the candidate.
"""

from __future__ import annotations

import re

from bot.writer.tagger import tag
from bot.writer.text import bare_word, word_set
from bot.writer.verbs import inflection, verb_lemmas

_WH = frozenset(["how", "what", "why", "where", "when", "which", "who", "whom", "whose"])
_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "your",
        "our",
        "their",
        "my",
        "his",
        "her",
        "its",
        "this",
        "that",
        "these",
        "those",
    ]
)
_MODALS = frozenset(["would", "could", "can", "will", "should", "might", "may", "must", "shall"])
# The candidate's forms of the interviewer's words for them.
_SWAP = {
    "you": "I",
    "your": "my",
    "yours": "mine",
    "yourself": "myself",
    "you're": "I'm",
    "you've": "I've",
    "you'd": "I'd",
    "you'll": "I'll",
    # and the interviewer's own "me" and "my" as "you" and "your"
    "me": "you",
    "my": "your",
}
_BE_FOR_I = {"are": "am", "were": "was", "is": "am", "was": "was", "aren't": "am not"}
_HAVE_FOR_I = {"have": "have", "has": "have"}
# Instructions that ask about something: what they ask about is the topic.
_INSTRUCTION = re.compile(
    r"^(?:tell (?:me|us) (?:about|how|what|why|when)|walk (?:me|us) through|describe|"
    r"explain|give (?:me|us) an example of|talk (?:me |us )?(?:about|through))\s+",
    flags=re.IGNORECASE,
)


def _swap(words: list[str]) -> list[str]:
    """The interviewer's "you" and "your" as the candidate's "I" and "my"."""
    out: list[str] = []
    for word in words:
        core = word.rstrip(",.;:?!")
        tail = word[len(core) :]
        swapped = _SWAP.get(core.lower())
        if swapped and core.lower() == "you" and out and _object_after(bare_word(out[-1])):
            swapped = "me"  # "help you" -> "help me", "doesn't send you" -> "send me"
        out.append((swapped or core) + tail)
    return out


def _object_after(word: str) -> bool:
    """Whether a "you" after `word` is its object: after a preposition or a verb that
    is no auxiliary ("do you", "would you" ask; "send you", "sent you" take an object)."""
    if word in _OBJECT_BEFORE:
        return True
    if word in _AUXILIARIES or not verb_lemmas(word):
        return False
    return tag(word)[-1][1].startswith("VB")


_AUXILIARIES = word_set(
    """do does did would will can could should shall may might must have has had am is
    are was were be been being let"""
)


# Words after which "you" is an object ("me"), not a subject ("I").
_OBJECT_BEFORE = frozenset(
    [
        "to",
        "for",
        "with",
        "at",
        "about",
        "from",
        "help",
        "tell",
        "told",
        "give",
        "gave",
        "ask",
        "asked",
        "show",
        "showed",
        "let",
        "let's",
        "make",
        "made",
        "get",
        "got",
        "pay",
        "paid",
        "hire",
        "hired",
        "trust",
        "see",
        "saw",
        "reach",
    ]
)


def _tensed(verb: str, tense: str) -> str | None:
    """ "leave" in the past ("left") or third person ("leaves"); None if unknown."""
    lemmas = verb_lemmas(verb.lower())
    if verb.lower() not in [lemma.lower() for lemma in lemmas]:
        return None
    forms = inflection(verb.lower(), "VBD" if tense == "past" else "VBZ")
    return forms[0] if forms else None


def _subject_end(words: list[str]) -> int:
    """Where the subject after an inverted auxiliary ends: at the first verb after it
    (not a noun the tables also list as a verb: "the team" in "does the team handle")."""
    for index in range(1, len(words)):
        word = bare_word(words[index])
        if bare_word(words[index - 1]) in _DETERMINERS:
            continue
        if verb_lemmas(word) and (
            word in [lemma for lemma in verb_lemmas(word)] or word.endswith(("ing", "ed"))
        ):
            return index
    return len(words)


def indirect(question: str) -> str | None:
    """The indirect form of a direct question (see the module docstring); None if unsure."""
    text = question.strip().rstrip("?").strip()
    instruction = _INSTRUCTION.match(text)
    if instruction:
        rest = text[instruction.end() :]
        lead = instruction.group(0).split()[-1].lower()
        if lead in ("how", "what", "why", "when"):
            rest = f"{lead} {rest}"
        return " ".join(_swap(rest.split())) or None
    words = text.split()
    if len(words) < 2:
        return None
    first = bare_word(words[0])
    if first in ("what's", "whats"):
        return _what_is(words[1:])
    if first in _WH:
        if bare_word(words[1]) in ("is", "'s"):
            # "what is your biggest weakness" -> "what my biggest weakness is"
            return _what_is(words[2:]) if first == "what" else None
        body = _inverted(words[1:])
        return None if body is None else f"{first} {body}"
    body = _inverted(words)
    return None if body is None else f"whether {body}"


_NOUN_PHRASE_OPENERS = frozenset(("the", "your", "a", "an", "this", "that", "our", "my"))


def _what_is(phrase: list[str]) -> str | None:
    """ "your biggest weakness" -> "what my biggest weakness is"; None where the phrase
    is no plain noun phrase ("what's it like to ...")."""
    from bot.writer.tagger import tag

    if len(phrase) < 2 or bare_word(phrase[0]) not in _NOUN_PHRASE_OPENERS:
        return None
    labels = [label for _, label in tag(" ".join(phrase))]
    if any((label.startswith("VB") and label != "VBG") or label == "MD" for label in labels[1:]):
        return None
    return "what " + " ".join(_swap(phrase)) + " is"


def _inverted(words: list[str]) -> str | None:
    """ "do you keep X" -> "I keep X"; "would you handle X" -> "I would handle X"."""
    aux = bare_word(words[0])
    rest = words[1:]
    if not rest:
        return None
    subject_is_you = bare_word(rest[0]) == "you"
    if aux in ("do", "does", "did"):
        if subject_is_you and aux != "does":
            if aux == "do":
                return " ".join(_swap(rest))
            verb = _tensed(bare_word(rest[1]), "past") if len(rest) > 1 else None
            if verb is None:
                return None
            return " ".join(_swap([rest[0], verb, *rest[2:]]))
        end = _subject_end(rest)
        if end >= len(rest) or end == 0:
            return None
        verb = rest[end]
        tensed = (
            verb if aux == "do" else _tensed(bare_word(verb), "past" if aux == "did" else "third")
        )
        if tensed is None:
            return None
        return " ".join(_swap([*rest[:end], tensed, *rest[end + 1 :]]))
    if aux in _MODALS or aux in _BE_FOR_I or aux in _HAVE_FOR_I:
        if subject_is_you:
            moved = _BE_FOR_I.get(aux) or _HAVE_FOR_I.get(aux) or aux
            return " ".join(_swap(["you", moved, *rest[1:]]))
        if aux in _BE_FOR_I:
            end = _subject_end(rest)
            if end == len(rest):
                return None  # "what is the biggest challenge": where "is" goes is unclear
        else:
            end = _subject_end(rest)
            if end >= len(rest):
                return None
        return " ".join(_swap([*rest[:end], aux, *rest[end:]]))
    return None


def is_direct_question(words: list[str]) -> bool:
    """ "how do you ...", "what would you ...", "have you ever ...": asked, not told."""
    if len(words) < 3:
        return False
    first, second = bare_word(words[0]), bare_word(words[1])
    auxiliaries = _MODALS | set(_BE_FOR_I) | set(_HAVE_FOR_I) | {"do", "does", "did"}
    if first in _WH:
        return second in auxiliaries and bare_word(words[2]) not in ("to",)
    return first in auxiliaries and second == "you"
