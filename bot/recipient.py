"""Speaking to the reader: "Emily stressed teamwork" becomes "you stressed teamwork" in
the note to Emily, since a letter does not talk about its reader in the third person.

Only the note's own recipient is rewritten; other members of a panel stay named. The
name is matched as given (full name, first name, or title and surname), in any case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# After a name that was the subject of its clause, a few verbs must agree with "you".
_AGREEMENT = {
    "was": "were",
    "wasn't": "weren't",
    "is": "are",
    "isn't": "aren't",
    "has": "have",
    "hasn't": "haven't",
    "does": "do",
    "doesn't": "don't",
}
_ADVERBS = "always|also|often|really|clearly|then|later|even|especially|specifically|kindly"
# What may stand before a name that is the subject of a clause.
_CLAUSE_START = r"(?:^\s*|[.!?;:,\n]\s*|\b(?:and|that|when|because|as|but|so)\s+)"
_APOSTROPHE = "['’]"


# Words ending in "s" that may follow a subject but are not verbs to make agree.
_NOT_VERBS = frozenset(
    ["always", "perhaps", "sometimes", "nevertheless", "thus", "also", "his", "hers", "its", "this"]
)


def _present_tense(verb: str) -> str:
    """'stresses' -> 'stress', 'tries' -> 'try', 'asks' -> 'ask'; else unchanged."""
    if verb in _NOT_VERBS:
        return verb
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    if re.search(r"(?:ss|sh|ch|x|z)es$", verb):
        return verb[:-2]
    if verb.endswith("s") and not verb.endswith(("ss", "us", "is")) and len(verb) > 3:
        return verb[:-1]
    return verb


def address_recipient(text: str, names: Iterable[str]) -> str:
    """`text` with the recipient's `names` (the ways they may be called) turned into
    "you" / "your"; the longest form is matched first."""
    forms = sorted({n.strip() for n in names if len(n.strip()) > 1}, key=len, reverse=True)
    names = "|".join(re.escape(form) for form in forms)
    if not names:
        return text
    name = rf"(?<![\w.])(?:{names})(?!\w)"

    text = re.sub(rf"{name}{_APOSTROPHE}s\b", "your", text, flags=re.IGNORECASE)
    adverb = rf"(?P<adverb>(?:{_ADVERBS})\s+)?"

    def agree(match: re.Match[str]) -> str:
        verb = match.group("verb")
        lowered = verb.lower()
        if lowered in _AGREEMENT:
            verb = _AGREEMENT[lowered]
        elif match.groupdict().get("lead") is not None and verb.islower():
            verb = _present_tense(verb)
        lead = match.groupdict().get("lead") or ""
        return f"{lead}you {match.group('adverb') or ''}{verb}"

    # An auxiliary after the name makes it a subject wherever it stands ("said Emily was").
    auxiliaries = "|".join(_AGREEMENT)
    text = re.sub(rf"{name}\s+{adverb}(?P<verb>{auxiliaries})\b", agree, text, flags=re.IGNORECASE)
    # At the start of a clause the name is the subject of the verb that follows.
    text = re.sub(
        rf"(?P<lead>{_CLAUSE_START}){name}\s+{adverb}(?P<verb>(?-i:[a-z]+))\b",
        agree,
        text,
        flags=re.IGNORECASE,
    )
    return re.sub(name, "you", text, flags=re.IGNORECASE)
