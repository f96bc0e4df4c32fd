"""Rule 3, casing: capitals where a careful writer puts them, and nowhere else.

- An answer typed in capitals becomes sentence case; acronyms stay ("3 YEARS CNA" ->
  "3 years CNA").
- Names, the company and the role typed in lower case or in capitals are written
  properly ("dave miller" -> "Dave Miller", "RAPIDLINE FREIGHT" -> "Rapidline Freight").
- Tools, certifications, schools and places typed in lower case are written as their
  owners write them (bot/writer/terms.py), and so is any word the user capitalised
  elsewhere in the interview.
- An answer's opening capital is lowered when the answer goes mid-sentence, unless the
  word is a name ("Code review culture" -> "code review culture", "Kafka" stays).

Whether a word is a name or an ordinary word is told by pyspellchecker's frequency
list (bot/writer/spelling.py): "coach" and "code" are common words, "Kafka" and
"Priya" are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bot.writer.chat import is_chat_word
from bot.writer.spelling import is_common_word, is_rare_word
from bot.writer.terms import AMBIGUOUS, known_terms, write_terms_properly
from dialogs import text as typed

_WORD = re.compile(r"(?<![\d$£€])[^\W\d_][\w'’.&+-]*")
MAX_ACRONYM_LETTERS = 5


def _letters(text: str) -> list[str]:
    return [ch for ch in text if ch.isalpha()]


def is_shouted(text: str) -> bool:
    """Typed in capitals: two or more words, and nearly every letter a capital."""
    letters = _letters(text)
    words = [w for w in _WORD.findall(text) if len(w) > 1]
    upper = sum(1 for ch in letters if ch.isupper())
    return len(words) >= 2 and len(letters) >= 6 and upper >= 0.8 * len(letters)


def _is_acronym(word: str) -> bool:
    """ "CNA", "HVAC", "EMT": short, all capitals, and not an ordinary word in capitals."""
    bare = word.strip(".'’")
    if is_chat_word(bare):
        return False
    if bare.lower() in known_terms():
        return known_terms()[bare.lower()] == bare
    return (
        bare.isupper()
        and 1 < len(_letters(bare)) <= MAX_ACRONYM_LETTERS
        and is_rare_word(bare.lower())
    )


def unshout(text: str) -> str:
    """Lower-case a shouted line (or sentence), keeping acronyms and "I"."""

    def lower(match: re.Match[str]) -> str:
        word = match.group()
        if word == "I" or _is_acronym(word):
            return word
        return word.lower()

    if is_shouted(text):  # the whole answer, bullets and all
        return _WORD.sub(lower, text)
    parts = re.split(r"(?<=[.!?\n,;])", text)
    text = "".join(_WORD.sub(lower, part) if is_shouted(part) else part for part in parts)
    return _EMPHASIS.sub(_unemphasise, text)


# One ordinary word in capitals for emphasis: "they asked a LOT about SQL".
_EMPHASIS = re.compile(r"(?<![\w'’])[A-Z]{3,}(?![\w'’])")


def _unemphasise(match: re.Match[str]) -> str:
    word = match.group()
    if word.lower() in known_terms() or not is_common_word(word.lower()):
        return word  # "SQL", "ICU": names, not emphasis
    return word.lower()


def capitalise_name(name: str) -> str:
    """A person's or organisation's name written properly, knowing the curated terms
    (the interview's normaliser, dialogs/text.py, with the writer's list)."""
    return typed.capitalise_name(name, known_terms().get)


# Words of a job title typed short ("sr billing mgr"): written out in the subject line.
_TITLE_WORDS = {
    "sr": "Senior",
    "sr.": "Senior",
    "jr": "Junior",
    "jr.": "Junior",
    "mgr": "Manager",
    "asst": "Assistant",
    "assoc": "Associate",
    "dir": "Director",
    "coord": "Coordinator",
    "rep": "Representative",
    "spec": "Specialist",
    "supv": "Supervisor",
    "admin": "Administrator",
    "eng": "Engineer",
    "engr": "Engineer",
    "mktg": "Marketing",
    "ops": "Operations",
    "acct": "Account",
}


def capitalise_title(title: str) -> str:
    """A job title typed in lower case or capitals gets capitals, small words excepted,
    and its short forms written out ("sr billing mgr" -> "Senior Billing Manager")."""
    written = capitalise_name(title)
    return " ".join(_TITLE_WORDS.get(word.lower(), word) for word in written.split())


def lower_opening(text: str, names: Iterable[str] = ()) -> str:
    """Lower the first word's capital when the text goes mid-sentence, unless it is a name.

    A name is "I", a known term, one of `names`, a word with capitals inside ("iPhone",
    "McKinsey") or an uncommon word ("Kafka", "Priya").
    """
    match = re.match(r"^([\"'“‘(]*)([^\W\d_]\S*)", text)
    if not match:
        return text
    word = match.group(2).rstrip(",.;:!?")
    if not re.fullmatch(r"[^\W\d_][\w'’-]*", word):
        return text  # "A/B", "R&D", "3D": written as typed
    if len(word) == 1 and word != "A":
        return text  # "U", "X": a letter, not a word with an opening capital
    if not word[:1].isupper() or word[1:] != word[1:].lower() or word in ("I", "I'm", "I've"):
        return text
    if word.lower() in known_terms() or word in set(names) or is_rare_word(word.lower()):
        return text
    if AMBIGUOUS.get(word.lower()) == word:  # "Rust" was written as a name by terms.py
        return text
    start = match.start(2)
    return text[:start] + word[0].lower() + text[start + 1 :]


def user_capitals(texts: Iterable[str]) -> dict[str, str]:
    """Words the user capitalised mid-sentence somewhere ("Kafka"), to write elsewhere too.

    Only uncommon words count, so a capital typed by habit ("the Team") spreads nowhere,
    and only a word capitalised on its own: inside a name of several words ("Certified
    Payroll Professional") a capital belongs to the name, not to "payroll" elsewhere.
    """
    found: dict[str, str] = {}
    for text in texts:
        for sentence in re.split(r"(?<=[.!?\n])\s*", text):
            words = [m.group().strip(".") for m in _WORD.finditer(sentence)]
            for index, word in enumerate(words):
                if index == 0 or word == word.lower() or word.isupper() or len(word) < 3:
                    continue
                # the word before, unless it opens the sentence (a capital by rule)
                before = words[index - 1] if index > 1 else ""
                after = words[index + 1] if index + 1 < len(words) else ""
                if any(w[:1].isupper() and w != "I" for w in (before, after)):
                    continue
                if not is_common_word(word.lower()):
                    found[word.lower()] = word
    return found


# "at lincoln elementary": an institution's name, typed in lower case after "at" or "from".
# The last word of a place's name ("... wildlife park", "... medical center"): typed in
# lower case after "at" or "from", the words before it are its name.
_HEADS = (
    r"elementary|middle school|high school|university|college|academy|hospital|"
    r"medical center|community college|park|zoo|museum|library|aquarium|institute|"
    r"airport|observatory|arena|stadium|brewery|winery|ranch|fire department|"
    r"police department|health center|science center|nature center|county jail"
)
_INSTITUTION = re.compile(r"\b(at|from) ((?:[a-z][a-z'’.-]+ ){1,3})(" + _HEADS + r")\b")


_NAMED_INSTITUTION = re.compile(
    r"\b((?:at|from|to|attended) (?:[A-Z][\w.'’-]* ){0,2}[A-Z][\w.'’-]*) (" + _HEADS + r")\b"
)


# "a student at riverton": a place typed in lower case, which no dictionary knows.
_PLACE = re.compile(r"\b(at|from) ([a-z]{4,})\b(?![-'’])")


def write_institutions(text: str) -> str:
    """ "taught at lincoln elementary" -> "taught at Lincoln Elementary"; "a student at
    riverton" -> "a student at Riverton"."""
    from bot.writer.spelling import frequency

    text = _PLACE.sub(
        lambda m: (
            f"{m.group(1)} {m.group(2).capitalize()}" if frequency(m.group(2)) == 0 else m.group()
        ),
        text,
    )

    def written(match: re.Match[str]) -> str:
        words = match.group(2).split()
        if words[0] in ("the", "a", "an", "my", "our", "your", "their", "his", "her", "this"):
            return match.group()
        name = [*words, *match.group(3).split()]
        return match.group(1) + " " + " ".join(w[:1].upper() + w[1:] for w in name)

    text = _INSTITUTION.sub(written, text)
    # "Ohio State university": the name was written properly, the rest of it was not.
    return _NAMED_INSTITUTION.sub(lambda m: m.group(1) + " " + m.group(2).title(), text)


def write_casing(text: str, extra: Mapping[str, str] | None = None) -> str:
    """Unshout, then write known terms and `extra` names properly."""
    return write_terms_properly(unshout(text), extra)
