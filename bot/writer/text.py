"""Plain text helpers for the note writer: cleaning, sentences, bullets, end marks, counts.

They know nothing of grammar; the rules of careful writing live in chat.py, casing.py,
voice.py and kinds.py, and answer.py applies them in order.
"""

from __future__ import annotations

import re

from dialogs.text import clean_text


# Abbreviations that do not end a sentence. The first group is usually followed by a
def word_set(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string, for word lists."""
    return frozenset(words.split())


def bare_word(word: str) -> str:
    return word.lower().strip("\"'“”‘’()[],;:.!?")


# name or an example, so it never ends one; the second ends one if a capital follows.
_NEVER_FINAL = word_set(
    "dr mr mrs ms mx prof st e.g i.e vs no approx fig ca cf rev hon sgt capt col gen"
)
_MAYBE_FINAL = word_set("co inc ltd corp llc plc etc jr sr bros dept univ assn")

_OPEN_ENDS = word_set("and or but with the a an of to for in on at my our your by from")
_CONTINUATIONS = word_set("and or but which that who where while because so")
_SKIP_WORDS = word_set("none n/a na no nothing nope skip - -- — – .")

_BULLET = re.compile(r"^\s*(?:[-*•·▪◦‣–—+]|\d{1,2}[.)])\s+")
_CONTROL = re.compile(r"[^\S\n ]")  # tabs and other odd blanks become spaces
_TERMINAL_RUN = re.compile(r"[.!?]{2,}")
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*$")


def clean(text: str) -> str:
    """Strip control characters (keeping newlines), normalise blanks, trim each line."""
    return clean_text(text.replace("…", "..."), keep_blank_lines=True)


def one_line(text: str) -> str:
    """`clean`, then join lines with spaces: for names, company and role."""
    return " ".join(clean(text).split())


# Answers that say there is nothing to say: "nothing really", "not sure", "idk".
_NOTHING = re.compile(
    r"(?:(?:honestly|um+|uh+|hmm+|well|i mean|tbh)[,\s]+)*"
    r"(?:nothing(?: really| else| much| comes to mind| to add| i can think of)?|"
    r"not (?:really|sure|much|that i know of)|none(?: really)?|nope|nah|pass|no idea|"
    r"i (?:do ?n['’]?t|dunno) know|i dunno|dunno|idk|no thanks?|not at the moment|"
    r"can['’]?t think of anything(?: else)?|i can['’]?t think of anything(?: else)?)"
    r"(?:[,\s]+(?:really|tbh|honestly|lol|sorry|haha))*"
)


def is_skip(text: str | None) -> bool:
    """An optional answer such as "none", "n/a" or "nothing really" means the user has
    nothing to add."""
    if text is None:
        return True
    said = one_line(text).lower().strip().rstrip(".!?… ")
    return said in _SKIP_WORDS | {""} or _NOTHING.fullmatch(said) is not None


def strip_end(text: str) -> str:
    """Remove trailing punctuation, keeping the full stop of an abbreviation like "Co."."""
    text = text.rstrip(" ,;:!?-–—")
    while text.endswith(".") and not ends_with_abbreviation(text):
        text = text[:-1].rstrip(" ,;:!?-–—")
    return text


def ends_with_abbreviation(text: str) -> bool:
    """Whether the last word is an abbreviation ("Co.", "e.g.") or an initial ("J.")."""
    word = text.split()[-1].rstrip(".") if text.split() else ""
    last = word.lower()
    initial = re.fullmatch(r"[^\W\d_]", word) is not None and word.isupper() and word != "I"
    return last in _NEVER_FINAL or last in _MAYBE_FINAL or initial


def capitalise_first(sentence: str) -> str:
    """Capitalise the first letter, unless the first word has its own capitals (iPhone)
    or is an address ("dana.w@example.com", "acme.com")."""
    m = re.match(r"^([\"'“‘(\[]*)(\S+)", sentence)
    if not m:
        return sentence
    word = m.group(2)
    if not word[0].islower() or any(ch.isupper() for ch in word):
        return sentence
    if "@" in word or re.search(r"\.[a-z]{2,}(?:/|$)", word.rstrip(".,;:!?")):
        return sentence
    start = m.start(2)
    return sentence[:start] + word[0].upper() + sentence[start + 1 :]


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
            word = before[-1] if before else ""  # "J. Smith" has an initial; "I." and "a." end
            initial = len(word) == 1 and word.isalpha() and word.isupper() and word != "I"
            if (last in _MAYBE_FINAL or initial) and not nxt[0].isupper():
                continue
            if re.fullmatch(r"(\w\.)+\w", last):  # "u.s", "e.g" written without the last dot
                continue
            # "my Au.D. at the University of Iowa", "a Ph.D. in chemistry": a degree's dots,
            # with the sentence going on in lower case.
            if re.fullmatch(r"[a-z]{1,3}(?:\.[a-z]{1,3})+", last) and not nxt[0].isupper():
                continue
        parts.append(text[start : m.end()].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        parts.append(tail)
    return parts


def items(text: str) -> list[str]:
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
                line[0].lower() + line[1:] if bare_word(line.split()[0]) in _CONTINUATIONS else line
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


def join_list(parts: list[str]) -> str:
    """Merge bullet items into one list: "a and b", "a, b and c" ("; " if items have commas)."""
    if len(parts) < 2:
        return "".join(parts)
    sep = "; " if any("," in p for p in parts) else ", "
    return sep.join(parts[:-1]) + " and " + parts[-1]


def tidy_inside(text: str) -> str:
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
        text = _TERMINAL_RUN.sub(_one_mark, tidy_inside(" ".join(paragraph.split())))
        text = undouble(text)  # "hear about" + "about 30 people"
        kept: list[str] = []
        for sentence in split_sentences(text):
            key = " ".join(re.findall(r"\w+", sentence.lower()))
            if key and key in seen:
                continue
            seen.add(key)
            kept.append(capitalise_first(sentence))
        tidied.append(" ".join(kept))
    return tidied


def undouble(text: str) -> str:
    """A word typed twice in a row is said once ("the the team")."""
    return re.sub(r"\b([^\W\d_]+)(\s+\1\b)+", r"\1", text, flags=re.IGNORECASE)


def word_count(text: str) -> int:
    """Words are whitespace-separated tokens with at least one letter or digit."""
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))
