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
# Honorifics written with a full stop in a letter ("Dr.", "Ms.").
_ABBREVIATED = word_set("dr mr mrs ms mx prof rev fr capt sgt lt col gen cmdr rep")
# Words that belong to the surname before it: "Dr. Rosa da Silva" is "Dr. da Silva".
SURNAME_PARTICLES = word_set("da das dos de del della der den di du la van von ter ten bin ibn")
_PARENTHESIS = re.compile(r"^(?P<name>.*?)\s*\((?P<title>[^()]*)\)\s*$")


@dataclass(frozen=True)
class Addressee:
    """How to greet one interviewer; the templates choose which form a tone uses."""

    full: str  # the name as given, written properly: "Chef Marco Bellini", "Tom Becker"
    formal: str  # "Chef Bellini" when an honorific was given, else "Marco Bellini"
    informal: str  # "Marco"; or "Chef Bellini" when an honorific was given
    first: str  # the first name: how other notes of the panel name this person
    surname: str  # with its particles: "da Silva", "O'Brien"
    titled: bool
    title: str | None  # a job title given in parentheses: "Staff Engineer"

    @property
    def names(self) -> tuple[str, ...]:
        """Every form of the name a candidate may type for this person (never a title alone)."""
        core = self.full.split()[1:] if self.titled else self.full.split()
        forms = {self.full, self.formal, self.informal, " ".join(core), self.first}
        if self.titled and len(self.surname.split()) > 1:
            forms.add(self.surname)  # "da Silva": particles make a surname unambiguous
        if not self.titled and len(self.full.split()) > 1:
            # "Mr. Chen" for Howard Chen: a careful writer's way to name them.
            forms.update(f"{h} {self.surname}" for h in ("Mr.", "Ms.", "Mrs.", "Dr.", "Mx."))
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
    titled = len(tokens) > 1 and tokens[0].lower().rstrip(".") in HONORIFICS
    if titled and tokens[0].lower() in _ABBREVIATED:  # "dr rosa da silva": "Dr. Rosa da Silva"
        tokens[0] += "."
        full = " ".join([tokens[0], *full.split()[1:]])
    core = " ".join(tokens)
    start = len(tokens) - 1
    while start > int(titled) + 1 and tokens[start - 1].lower() in SURNAME_PARTICLES:
        start -= 1
    surname = " ".join(tokens[start:])
    if titled:
        formal = f"{tokens[0]} {surname}"
        first = tokens[1] if len(tokens) > 2 else formal
        return Addressee(full, formal, formal, first, surname, True, title)
    first = tokens[0]
    initial = len(first.rstrip(".")) == 1 or first.endswith(".")
    informal = core if initial else first
    return Addressee(full, core, informal, informal, surname, False, title)
