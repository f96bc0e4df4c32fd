"""Text clean-up for the note composer: the user's answers in, tidy prose pieces out.

The rule is to leave the user's words alone. These helpers only trim, strip control
characters, capitalise the first letter of a sentence (and names typed in lower case), merge
bullet lines, and fix terminal punctuation. They decide *how* an answer can be said (as a
fragment to put inside a frame, or as full sentences to quote), while the frames
themselves live in templates/notes/.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.clauses import DETERMINERS, bare_word, clause_kind, word_set
from bot.terms import write_terms_properly

# Abbreviations that do not end a sentence. The first group is usually followed by a
# name or an example, so it never ends one; the second ends one if a capital follows.
_NEVER_FINAL = word_set(
    "dr mr mrs ms mx prof st e.g i.e vs no approx fig ca cf rev hon sgt capt col gen"
)
_MAYBE_FINAL = word_set("co inc ltd corp llc plc etc jr sr bros dept univ assn")

# Words that may lose their capital when a fragment is put inside a frame.
_DECAPITALISABLE = DETERMINERS | word_set(
    """some many several all both each every more most few one two three four five six
    seven eight nine ten twenty over under about around nearly almost with in on at for
    from of to by through across during after before and but or strong deep solid
    extensive proven excellent great good new current hands-on experience knowledge
    background skills years months expertise work teamwork communication leadership
    collaboration being also especially really you we they he she it there"""
)
_OPEN_ENDS = word_set("and or but with the a an of to for in on at my our your by from")
_CONTINUATIONS = word_set("and or but which that who where while because so")
_PROPER_ING = word_set("beijing reading sterling ring king viking")
_SKIP_WORDS = word_set("none n/a na no nothing nope skip - -- — – .")

_BULLET = re.compile(r"^\s*(?:[-*•·▪◦‣–—+]|\d{1,2}[.)])\s+")
_CONTROL = re.compile(r"[^\S\n ]")  # tabs and other odd blanks become spaces
_TERMINAL_RUN = re.compile(r"[.!?]{2,}")
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*$")
_STANDALONE_I = re.compile(r"(?<![\w'’])i(?=(?:['’](?:m|ve|d|ll))?(?![\w'’]))")


def clean(text: str) -> str:
    """Strip control characters (keeping newlines), normalise blanks, trim each line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("…", "...")
    kept = (ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc" or ch in "\t\v\f")
    text = _CONTROL.sub(" ", "".join(kept))
    lines = (re.sub(r" {2,}", " ", line).strip() for line in text.split("\n"))
    return "\n".join(lines).strip()


def one_line(text: str) -> str:
    """`clean`, then join lines with spaces: for names, company and role."""
    return " ".join(clean(text).split())


def is_skip(text: str | None) -> bool:
    """An optional answer such as "none" or "n/a" means the user has nothing to add."""
    return text is None or one_line(text).lower().rstrip(".!") in _SKIP_WORDS | {""}


def capitalise_name(name: str) -> str:
    """A person's or organisation's name typed all in lower case gets capitals."""
    name = one_line(name)
    if name != name.lower():
        return name
    return re.sub(
        r"(?<![\w'’])(\w)(['’]\w)?",
        lambda m: (
            m.group(1).upper() + (m.group(2)[0] + m.group(2)[1].upper() if m.group(2) else "")
        ),
        name,
    )


def capitalise_title(title: str) -> str:
    """A job title typed all in lower case gets capitals, small words excepted."""
    title = one_line(title)
    if title != title.lower():
        return title
    small = {"of", "and", "for", "the", "a", "an", "in", "on", "at", "to", "with", "de"}
    words = title.split(" ")
    return " ".join(w if i and w in small else capitalise_name(w) for i, w in enumerate(words))


def strip_end(text: str) -> str:
    """Remove trailing punctuation, keeping the full stop of an abbreviation like "Co."."""
    text = text.rstrip(" ,;:!?-–—")
    while text.endswith(".") and not ends_with_abbreviation(text):
        text = text[:-1].rstrip(" ,;:!?-–—")
    return text


def ends_with_abbreviation(text: str) -> bool:
    """Whether the last word is an abbreviation ("Co.", "e.g.") or an initial ("J.")."""
    last = text.split()[-1].lower().rstrip(".") if text.split() else ""
    return last in _NEVER_FINAL or last in _MAYBE_FINAL or bool(re.fullmatch(r"\w", last))


def capitalise_first(sentence: str) -> str:
    """Capitalise the first letter, unless the first word has its own capitals (iPhone)."""
    m = re.match(r"^([\"'“‘(\[]*)(\S+)", sentence)
    if not m:
        return sentence
    word = m.group(2)
    if not word[0].islower() or any(ch.isupper() for ch in word):
        return sentence
    start = m.start(2)
    return sentence[:start] + word[0].upper() + sentence[start + 1 :]


def decapitalise_first(text: str) -> str:
    """Lower-case the first letter when the first word is a common word ("The", "Helping").

    Used where a sentence or fragment follows a frame's own words ("As we discussed, the
    team ..."); names and tools keep their capitals.
    """
    words = text.split(" ", 1)
    first = words[0]
    bare = first.lower().strip("\"'“‘(,")
    if not first[:1].isupper() or first[1:] != first[1:].lower() or bare == "i":
        return text
    gerund = bare.endswith("ing") and len(bare) > 4 and bare not in _PROPER_ING
    head = bare.split("-", 1)[0]  # "On-call culture" starts with "on"
    if bare in _DECAPITALISABLE or head in _DECAPITALISABLE or gerund:
        return first[0].lower() + text[1:]
    return text


def _one_mark(run: re.Match[str]) -> str:
    """A run of end marks becomes one: "?" if it asks ("??", "?."), else "."."""
    return "?" if "?" in run.group() and "!" not in run.group() else "."


def end_sentence(sentence: str) -> str:
    """Give a sentence exactly one terminal mark; runs such as "!!!" become "."."""
    sentence = sentence.strip().rstrip(",;:-–— ").strip()
    sentence = _TERMINAL_RUN.sub(_one_mark, sentence)
    if not _TERMINAL.search(sentence):
        sentence += "."
    return sentence


def fix_i(text: str) -> str:
    """The pronoun "i" typed in lower case becomes "I"."""
    return _STANDALONE_I.sub("I", text)


def split_sentences(text: str) -> list[str]:
    """Split on terminal punctuation, but not after "e.g." or "Dr.", nor inside "2.5"."""
    parts: list[str] = []
    start = 0
    for m in re.finditer(r"[.!?]+[\"'”’)\]]*(?=\s+(\S))", text):
        before = text[start : m.start()].split()
        last = before[-1].lower() if before else ""
        nxt = m.group(1)
        if m.group().startswith(".") and len(m.group().rstrip("\"'”’)]")) == 1:
            if last in _NEVER_FINAL or last + "." in {"e.g.", "i.e."}:
                continue
            if (last in _MAYBE_FINAL or re.fullmatch(r"\w", last)) and not nxt[0].isupper():
                continue
            if re.fullmatch(r"(\w\.)+\w", last):  # "u.s", "e.g" written without the last dot
                continue
        parts.append(text[start : m.end()].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        parts.append(tail)
    return parts


def _items(text: str) -> list[str]:
    """Bullet lines and separate lines become items; a line that carries on joins the one above."""
    items: list[str] = []
    for raw in text.split("\n"):
        if not raw.strip():
            continue
        bullet = _BULLET.match(raw)
        line = raw[bullet.end() :].strip() if bullet else raw.strip()
        if not line:
            continue
        if items and not bullet and _continues(items[-1], line):
            items[-1] += " " + (
                _lower_first(line) if bare_word(line.split()[0]) in _CONTINUATIONS else line
            )
        else:
            items.append(line)
    return items


def _continues(previous: str, line: str) -> bool:
    """A line that carries on the sentence above ("...with\nthe team") rather than a list item."""
    if _TERMINAL.search(previous):
        return False
    last = bare_word(previous.split()[-1])
    first = bare_word(line.split()[0])
    return previous[-1] in ",;:-–—" or last in _OPEN_ENDS or first in _CONTINUATIONS


def _join(parts: list[str]) -> str:
    """Merge bullet items into one list: "a and b", "a, b and c" ("; " if items have commas)."""
    if len(parts) < 2:
        return "".join(parts)
    sep = "; " if any("," in p for p in parts) else ", "
    return sep.join(parts[:-1]) + " and " + parts[-1]


@dataclass(frozen=True)
class Said:
    """One answer, ready for a frame: a `fragment` to embed, and/or whole `sentences`."""

    fragment: str
    sentences: tuple[str, ...]

    @property
    def first(self) -> str:
        return self.sentences[0] if self.sentences else ""

    @property
    def lead(self) -> str:
        """The first sentence, to follow a frame's lead-in ("As I mentioned, ...")."""
        return decapitalise_first(self.first)

    @property
    def rest(self) -> str:
        return " ".join(self.sentences[1:])

    @property
    def all(self) -> str:
        return " ".join(self.sentences)

    @property
    def text(self) -> str:
        """Everything the user said, as it appears in a note (for checks and tests)."""
        return " ".join(p for p in (self.fragment, self.all) if p)


def read_answer(text: str) -> Said:
    """Turn an answer (fragments, sentences or bullets) into a `Said`.

    Fragments ("sql, python") are gathered into one `fragment` with no end mark; bullets
    that start with a verb ("led the migration") become one sentence with "I", and those
    that start with a trait ("fluent in Spanish") one with "I am"; whole sentences are
    kept, capitalised and with one end mark each.
    """
    fragments: list[str] = []
    deeds: list[str] = []
    traits: list[str] = []
    sentences: list[str] = []
    deed_at: int | None = None
    trait_at: int | None = None
    for item in _items(fix_i(write_terms_properly(clean(text)))):
        for unit in split_sentences(_TERMINAL_RUN.sub(".", item)):
            bare = strip_end(unit)
            if not bare:
                continue
            kind = clause_kind(bare)
            if kind == "sentence":
                sentences.append(capitalise_first(end_sentence(_tidy_inside(unit))))
            elif kind == "deed":
                deed_at = len(sentences) if deed_at is None else deed_at
                deeds.append(_lower_first(_tidy_inside(bare)))
            elif kind == "trait":
                trait_at = len(sentences) if trait_at is None else trait_at
                traits.append(_lower_first(_tidy_inside(bare)))
            else:
                fragments.append(_tidy_inside(bare))
    # The only words added to the user's: "I" before things done, "I am" before traits.
    if traits:
        sentences.insert(trait_at or 0, end_sentence("I am " + _join(traits)))
    if deeds:
        at = (deed_at or 0) + (1 if traits and (trait_at or 0) <= (deed_at or 0) else 0)
        sentences.insert(at, end_sentence("I " + _join(deeds)))
    fragment = decapitalise_first(_join(fragments)) if fragments else ""
    return Said(fragment=fragment, sentences=tuple(sentences))


def _lower_first(word_led: str) -> str:
    first = word_led.split(" ", 1)[0]
    if first[:1].isupper() and first[1:] == first[1:].lower():
        return word_led[0].lower() + word_led[1:]
    return word_led


def _tidy_inside(text: str) -> str:
    """Inner punctuation: no space before a comma, no doubled commas, "e.g.," -> "e.g."."""
    text = re.sub(r"\s+([,;!?])", r"\1", text)
    text = re.sub(r"\s+\.(?=\s|$)", ".", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"[,;:]+(?=[.!?])", "", text)
    text = re.sub(r"\b(e\.g|i\.e|etc)\.,", r"\1.", text, flags=re.IGNORECASE)
    return re.sub(r" {2,}", " ", text).strip()


def tidy(paragraphs: list[str]) -> list[str]:
    """Final pass over rendered paragraphs: blanks, doubled marks, repeated sentences.

    Frames end sentences with their own full stop, so "Acme Outdoor Co." at the end of one
    would give "Co.."; this collapses it. A sentence that repeats an earlier one anywhere
    in the note is dropped.
    """
    seen: set[str] = set()
    tidied: list[str] = []
    for paragraph in paragraphs:
        text = _TERMINAL_RUN.sub(_one_mark, _tidy_inside(" ".join(paragraph.split())))
        kept: list[str] = []
        for sentence in split_sentences(text):
            key = " ".join(re.findall(r"\w+", sentence.lower()))
            if key and key in seen:
                continue
            seen.add(key)
            kept.append(capitalise_first(sentence))
        tidied.append(" ".join(kept))
    return tidied


def word_count(text: str) -> int:
    """Words are whitespace-separated tokens with at least one letter or digit."""
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))
