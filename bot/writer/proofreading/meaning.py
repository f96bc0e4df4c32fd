"""The proofreader's rules about what a sentence means to its reader, read from its words
alone: a reason to want the job that is only the candidate's convenience or a compliment,
an "it" or "that" with nothing before it to mean, a noun said twice in a breath.

Like every rule these are doubts: the sentence is shown or asked about, never changed.
"""

from __future__ import annotations

import re

from bot.writer.frames import Written
from bot.writer.kinds import PERSON_NOUNS
from bot.writer.said import Shape
from bot.writer.tagger import Tagged


def convenience_as_the_reason(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "Hearing that the clinic is close to my kids' school made me even more excited":
    why the candidate wants the job, told to an interviewer, is the work; the commute,
    the parking or a school nearby is the candidate's convenience."""
    if written.answer != "interest":
        return None
    found = _CONVENIENCE.search(written.sentence)
    return f"a convenience as the reason: {found.group()!r}" if found else None


_CONVENIENCE = re.compile(
    r"\b(?:close|near|next|walking distance) to (?:my|our|home|where I live)\b|"
    r"\bminutes (?:from|away from) (?:my|home)\b|\b(?:short|easy|shorter|easier) commute\b|"
    r"\bfree parking\b|\bnear my (?:house|home|apartment|place)\b",
    flags=re.IGNORECASE,
)


def praise_as_the_reason(
    written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]
) -> str | None:
    """ "The company seems stable, and the benefits are good": an answer to "why this
    job?" that only says something is good tells the reader nothing they can remember."""
    if written.answer != "interest" or written.shape is not Shape.SENTENCE:
        return None
    clauses = [
        c for c in re.split(r",\s*(?:and|but)\s+|;\s*|\s+and\s+(?=the\b)", written.sentence) if c
    ]
    if clauses and all(_PRAISE_ONLY.fullmatch(c.strip().rstrip(".!")) for c in clauses):
        return "praise, not a reason"
    return None


_PRAISE_ONLY = re.compile(
    r"(?:the |your |this )?(?:company|team|people|benefits|pay|culture|place|job|role|"
    r"office|clinic|store|location|hours|schedule|management|staff)\s+"
    r"(?:seems?|looks?|is|are|was|were|sounds?)\s+(?:really |very |so |pretty |super )?"
    r"(?:good|great|nice|stable|solid|amazing|awesome|cool|friendly|fine|decent|fun|chill|"
    r"welcoming|supportive|excellent)",
    flags=re.IGNORECASE,
)


def nothing_to_refer_to(tagged: Tagged, earlier: Tagged) -> str | None:
    """ "The super asked about it 3 times", "I fix it and the couple never knows": an
    "it", "this" or "that" standing for a thing, with no noun before it in the answer to
    mean; it leaned on the question, which the note does not carry."""
    before = list(earlier)
    for index, (word, label) in enumerate(tagged):
        lower = word.lower()
        if lower in ("it", "that", "this") and _stands_alone(tagged, index):
            if (
                index == 0
                and lower == "it"
                and _EXPLETIVE.match(" ".join(w for w, _ in tagged[:3]))
            ):
                before.append((word, label))
                continue  # "It is a union plant", "It was good to ...": no thing meant
            # A person ("the manager asked about it") is no thing for "it" to mean.
            if not any(lab in ("NN", "NNS") and w.lower() not in PERSON_NOUNS for w, lab in before):
                return f"nothing before {word!r} for it to mean"
            return None
        before.append((word, label))
    return None


_EXPLETIVE = re.compile(r"^it(?:'s| is| was| has been| would be| will be)", re.IGNORECASE)


def _stands_alone(tagged: Tagged, index: int) -> bool:
    """Whether "that"/"this" at `index` is a pronoun, not a determiner ("that block") or a
    conjunction ("said that ..."); "it" always is."""
    word = tagged[index][0].lower()
    if word == "it":
        return True
    after = tagged[index + 1] if index + 1 < len(tagged) else ("", ".")
    previous = tagged[index - 1][0].lower() if index else ""
    if after[1].startswith(("NN", "JJ", "CD")):
        return False  # "that block", "this new role"
    if word == "that" and (
        index == 0
        or previous
        in ("about", "for", "with", "of", "on", "to", "do", "did", "love", "loved", "like", "liked")
    ):
        return after[1] in ("VBZ", "VBD", "MD", ".", ",") or after[0].lower() in ("'s", "is", "was")
    return index == 0 and after[0].lower() in ("'s", "is", "was", "will", "would")


def noun_twice(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """ "the team described a team that plans every unit": one noun twice within a few
    words, most often a pronoun the writer replaced with a noun already there."""
    for index, (word, label) in enumerate(tagged):
        if label not in ("NN", "NNS") or len(word) < 3:
            continue
        for later, (other, _) in enumerate(tagged[index + 1 : index + 4], start=index + 1):
            between = tagged[index + 1 : later]
            # A verb between ("the team described a team"); not "end to end", "case study".
            if other.lower() == word.lower() and any(lab.startswith("VB") for _, lab in between):
                return f"{word!r} twice in a few words"
    return None


def way_how(written: Written, tagged: Tagged, slot: Tagged, names: frozenset[str]) -> str | None:
    """ "4 different ways how I handle incidents": "the way how" is "the way" or "how"."""
    found = re.search(r"\bways? how\b", written.sentence, flags=re.IGNORECASE)
    return f"{found.group()!r}: 'way' or 'how', not both" if found else None
