"""Rule 6, greetings and titles: "Chef Marco Bellini" is greeted "Dear Chef Bellini",
"Dr. Helen Park" "Dear Dr. Park", and "Tom Becker (staff engineer)" is Tom Becker, whose
title is Staff Engineer. A title is never guessed, and neither is a gender.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.writer.casing import capitalise_name, capitalise_title
from bot.writer.text import word_set

# Words that, before a name, are how the person is addressed.
HONORIFICS = word_set(
    """mr mrs ms miss mx dr prof professor sir dame rev reverend fr father sister brother
    pastor rabbi imam chef coach judge dean officer captain capt sergeant sgt detective
    senator representative rep mayor governor councilmember councillor lieutenant lt
    colonel col major general gen admiral commander cmdr principal superintendent
    bishop deacon elder"""
)
_NAME_SUFFIXES = word_set("jr sr ii iii iv phd md mba cpa esq dds rn")
_PARENTHESIS = re.compile(r"^(?P<name>.*?)\s*\((?P<title>[^()]*)\)\s*$")


@dataclass(frozen=True)
class Addressee:
    """How to greet one interviewer; the templates choose which form a tone uses."""

    full: str  # the name as given, written properly: "Chef Marco Bellini", "Tom Becker"
    formal: str  # "Chef Bellini" when an honorific was given, else "Marco Bellini"
    informal: str  # "Marco"; or "Chef Bellini" when an honorific was given
    first: str  # the first name: how other notes of the panel name this person
    titled: bool
    title: str | None  # a job title given in parentheses: "Staff Engineer"

    @property
    def names(self) -> tuple[str, ...]:
        """Every form of the name a candidate may type for this person (never a title alone)."""
        core = self.full.split()[1:] if self.titled else self.full.split()
        forms = {self.full, self.formal, self.informal, " ".join(core), self.first}
        return tuple(sorted((f for f in forms if f), key=len, reverse=True))


def split_title(name: str) -> tuple[str, str | None]:
    """ "Tom Becker (staff engineer)" -> ("Tom Becker", "Staff Engineer")."""
    match = _PARENTHESIS.match(" ".join(name.split()))
    if not match or not match.group("name").strip():
        return " ".join(name.split()), None
    title = match.group("title").strip()
    return match.group("name").strip(), capitalise_title(title) if title else None


def addressee(name: str) -> Addressee:
    """Split a name as given into greeting forms."""
    bare, title = split_title(name)
    full = capitalise_name(bare)
    tokens = full.split()
    while len(tokens) > 1 and tokens[-1].lower().strip(".,") in _NAME_SUFFIXES:
        tokens.pop()
    tokens[-1] = tokens[-1].rstrip(",")
    core = " ".join(tokens)
    titled = len(tokens) > 1 and tokens[0].lower().rstrip(".") in HONORIFICS
    if titled:
        formal = f"{tokens[0]} {tokens[-1]}"
        first = tokens[1] if len(tokens) > 2 else formal
        return Addressee(full, formal, formal, first, True, title)
    first = tokens[0]
    initial = len(first.rstrip(".")) == 1 or first.endswith(".")
    informal = core if initial else first
    return Addressee(full, core, informal, informal, False, title)
