"""One answer, written the way a careful writer would: every fact kept, none added.

`write_answer` applies the rules in order – chat forms (chat.py), casing (casing.py),
voice and reader (voice.py) – then reads the answer piece by piece (kinds.py) and says
each piece in the form its kind needs: sentences as sentences, deeds with "I", traits
with "I am", experience with "I have", topics gathered into one phrase for a frame
such as "our conversation about ...". Comma splices are split, a result that follows a
deed is joined with ", which" and other deeds with "and".

The result says whether the writer is sure. It is not when a piece's kind is unclear,
a pronoun could not be resolved, or a verb had to be supplied; the interview then
shows the candidate the sentence as it will read and takes their wording instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from bot.writer.casing import lower_opening, unshout, write_institutions
from bot.writer.chat import write_out_chat
from bot.writer.kinds import (
    EXPERIENCE,
    EXPERIENCE_AFTER,
    TRAITS,
    Kind,
    is_trait,
    kind_of,
)
from bot.writer.terms import is_known_term, write_terms_properly
from bot.writer.text import (
    bare_word,
    capitalise_first,
    clean,
    end_sentence,
    items,
    join_list,
    split_sentences,
    strip_end,
    tidy_inside,
    undouble,
    word_set,
)
from bot.writer.voice import Reader, speak_to_reader

# Deeds that report the result of the one before: "built the model, saved $800K".
_RESULT_VERBS = word_set(
    """cut saved reduced increased grew halved doubled tripled boosted improved raised
    lowered dropped generated shortened decreased eliminated prevented"""
)
_COORDINATORS = word_set("""and but so or yet which""")
# Words that open a phrase adding detail to what came before: ", including 2 as chief".
_ELABORATIONS = word_set("including especially mostly mainly such like plus")


@dataclass(frozen=True)
class Said:
    """One answer, ready for a frame: a `topic` to embed, and/or whole `sentences`."""

    topic: str
    sentences: tuple[str, ...]
    sure: bool = True
    doubts: tuple[str, ...] = ()  # why the writer is not sure, for the rewrite log
    names: frozenset[str] = frozenset()  # words that keep their capital ("Emily")

    @property
    def first(self) -> str:
        return self.sentences[0] if self.sentences else ""

    @property
    def lead(self) -> str:
        """The first sentence, to follow a frame's lead-in ("As I mentioned, ...")."""
        return lower_opening(self.first, self.names)

    @property
    def spliceable(self) -> bool:
        """Whether the first sentence may follow a lead-in ("I would also add that ...").
        A piece the writer could not read stands as its own sentence, never spliced."""
        return not any(d.startswith("unclear") for d in self.doubts)

    @property
    def addresses_reader(self) -> bool:
        """A topic that is the reader's own ("your question about ..."): thanked for, not
        talked about ("our conversation about your question about ..." reads badly)."""
        return self.topic.startswith("your ")

    @property
    def rest(self) -> str:
        return " ".join(self.sentences[1:])

    @property
    def all(self) -> str:
        return " ".join(self.sentences)

    @property
    def text(self) -> str:
        """Everything the user said, as it appears in a note (for checks, tests, the log)."""
        return " ".join(p for p in (self.topic, self.all) if p)


@dataclass
class _Pieces:
    topics: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)


def prepare(text: str, terms: Mapping[str, str] | None = None) -> str:
    """Rules 2 and 3 alone: what the candidate's own wording gets (and every answer first)."""
    return _prepared(text, tuple(sorted((terms or {}).items())))


@lru_cache(maxsize=1024)
def _prepared(text: str, terms: tuple[tuple[str, str], ...]) -> str:
    """`prepare`, once per answer: every note of a panel starts from the same text."""
    text = write_out_chat(unshout(clean(text)))
    return write_institutions(write_terms_properly(text, dict(terms)))


def write_wording(text: str, terms: Mapping[str, str] | None = None) -> Said:
    """The candidate's own wording for an answer: used as written, with rules 2 and 3."""
    sentences = [
        capitalise_first(end_sentence(tidy_inside(s)))
        for item in items(prepare(text, terms))
        for s in split_sentences(item)
        if strip_end(s)
    ]
    return Said(topic="", sentences=tuple(sentences), names=_name_words(terms))


def write_answer(
    text: str,
    reader: Reader,
    *,
    terms: Mapping[str, str] | None = None,
    about_reader: bool = False,
) -> Said:
    """Write one answer for the note to `reader` (see the module docstring)."""
    voiced = speak_to_reader(prepare(text, terms), reader, about_reader=about_reader)
    pieces = _Pieces(doubts=[f"pronoun: {p}" for p in voiced.unresolved])
    for group in _deed_lists(items(voiced.text)):
        if len(group) > 1:  # bullets of things done: "I led X, cut Y and managed Z."
            deeds = [_lower(strip_end(tidy_inside(item))) for item in group]
            pieces.sentences.append(end_sentence("I " + join_list(deeds)))
            continue
        for unit in split_sentences(group[0]):
            bare = strip_end(tidy_inside(unit))
            if bare:
                _read_unit(bare, unit.rstrip().endswith("?"), pieces)
    names = _name_words(terms)
    topic = join_list([_topic(t, names) for t in pieces.topics])
    sentences = tuple(undouble(s) for s in pieces.sentences)
    return Said(
        topic=undouble(topic),
        sentences=sentences,
        sure=not pieces.doubts,
        doubts=tuple(pieces.doubts),
        names=names,
    )


def _is_simple_deed(item: str) -> bool:
    bare = strip_end(item)
    return (
        bool(bare.split())
        and len(split_sentences(item)) == 1
        and "," not in bare
        and bare_word(bare.split()[0]) != "also"
        and kind_of(bare) is Kind.DEED
    )


def _deed_lists(lines: list[str]) -> list[list[str]]:
    """Group consecutive bullet items that are each one simple deed; others stand alone."""
    groups: list[list[str]] = []
    for line in lines:
        if groups and _is_simple_deed(line) and all(_is_simple_deed(i) for i in groups[-1]):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _name_words(terms: Mapping[str, str] | None) -> frozenset[str]:
    return frozenset(w for name in (terms or {}).values() for w in name.split())


def _clauses(unit: str) -> list[tuple[Kind, str]]:
    """Split a unit at commas into clauses, keeping lists and coordinated clauses whole."""
    parts = [p.strip() for p in re.split(r",\s+|;\s+", unit) if p.strip()]
    clauses: list[tuple[Kind, str]] = []
    for part in parts:
        kind = kind_of(part)
        if clauses:
            last_kind, last = clauses[-1]
            same_list = kind is last_kind and kind in (Kind.TOPIC, Kind.TRAIT)
            carries_on = bare_word(part.split()[0]) in _COORDINATORS or (
                kind in (Kind.TOPIC, Kind.UNCLEAR) and last_kind is not Kind.TOPIC
            )
            if same_list or carries_on:
                clauses[-1] = (last_kind, f"{last}, {part}")
                continue
        clauses.append((kind, part))
    return clauses


def _read_unit(unit: str, asks: bool, pieces: _Pieces) -> None:
    """Say one sentence-sized unit of an answer; append to `pieces`."""
    subject_i = False  # the last sentence said has "I" as its subject, so a deed may join
    for kind, clause in _clauses(unit):
        also = bare_word(clause.split()[0]) == "also"
        body = clause.split(" ", 1)[1] if also and len(clause.split()) > 1 else clause
        if kind is Kind.TOPIC and asks:
            kind = Kind.SENTENCE  # "what does onboarding look like?" is a real question
        if kind is Kind.TOPIC:
            pieces.topics.append(clause)
            subject_i = False
            continue
        if kind is Kind.DEED and subject_i and pieces.sentences:
            verb = bare_word(body.split()[0])
            joiner = ", which " if verb in _RESULT_VERBS else " and "
            previous = pieces.sentences[-1].rstrip(".")
            pieces.sentences[-1] = end_sentence(previous + joiner + _lower(body))
            continue
        if kind is Kind.SENTENCE:
            sentence, doubt = _sentence(clause)
            if doubt:
                pieces.doubts.append(doubt)
            subject_i = bare_word(clause.split()[0]) in ("i", "also")
        elif kind is Kind.DEED:
            sentence, subject_i = f"I {'also ' if also else ''}{_lower(body)}", True
        elif kind is Kind.TRAIT:
            sentence, subject_i = _trait(body, also), False
        elif kind is Kind.EXPERIENCE:
            sentence, subject_i = _experience(body, also), False
        else:
            sentence, subject_i = clause, False
            pieces.doubts.append(f"unclear: {clause}")
        if kind in (Kind.TRAIT, Kind.EXPERIENCE) and any(
            kind_of(t) is Kind.TOPIC and bare_word(t.split()[0]) not in _ELABORATIONS
            for t in body.split(", ")[1:]
        ):  # "fluent in Spanish, open availability": what the last part says is unclear
            pieces.doubts.append(f"unclear: {clause}")
        mark = "?" if asks and kind is Kind.SENTENCE else ""
        pieces.sentences.append(capitalise_first(end_sentence(sentence + mark)))


def _sentence(clause: str) -> tuple[str, str | None]:
    """A sentence as typed; "I thrilled about" lacks its verb: "I am thrilled about"."""
    words = clause.split()
    if len(words) > 2 and words[0] == "I" and bare_word(words[1]) in TRAITS:
        return "I am " + " ".join(words[1:]), f"supplied a verb: {clause}"
    return clause, None


def _trait(body: str, also: bool) -> str:
    traits = [t.strip() for t in re.split(r",\s*", body) if t.strip()]
    if len(traits) > 1 and any(" and " in t for t in traits):  # "licensed in A and B, X certified"
        return " ".join(end_sentence(_trait(t, also and i == 0)) for i, t in enumerate(traits))
    if len(traits) > 1 and all(is_trait(t.split()) for t in traits):
        body = join_list([_lower(t) for t in traits])
    return f"I am {'also ' if also else ''}{_lower(body)}"


def _experience(body: str, also: bool) -> str:
    """ "6 years of Go" -> "I have 6 years of Go experience"; "5 years in retail" ->
    "I have 5 years of experience in retail"."""
    after = EXPERIENCE_AFTER.match(body)
    if after and not EXPERIENCE.match(body):
        body = f"{after.group('n')} {after.group('unit')} of {after.group('rest')}"
    match = EXPERIENCE.match(body)
    if not match:
        return f"I {'also ' if also else ''}have {body}"
    number, unit, rest = match.group("n"), match.group("unit").lower(), match.group("rest")
    number = number if number[:1].isdigit() else number.lower()  # "Three years" mid-sentence
    have = f"I {'also ' if also else ''}have {number} {unit}"
    if bare_word(rest.split()[0]) in ("total", "combined", "overall") and len(rest.split()) > 1:
        have, rest = f"{have} in total", rest.split(" ", 1)[1]  # "7 yrs total in government"
    first = bare_word(rest.split()[0])
    if first in ("in", "at", "as", "with", "on", "across") or first.endswith("ing"):
        return f"{have} of experience {rest}"  # "5 years of experience dispatching for ..."
    head = re.match(r"^(\S+(?: \S+){0,2}?) (at|in|for|with|on) (.+)$", rest)
    if head and not rest.lower().endswith(("experience", "background")):
        return f"{have} of {head.group(1)} experience {head.group(2)} {head.group(3)}"
    if rest.lower().endswith(("experience", "background")):
        return f"{have} of {rest}"
    return f"{have} of {rest} experience"


def _lower(text: str) -> str:
    """A deed's verb or a trait's adjective after "I" / "I am": "Mentored" -> "mentored"."""
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower() and not is_known_term(first):
        return text[0].lower() + text[1:]
    return text


def _topic(text: str, names: frozenset[str]) -> str:
    """A topic for "our conversation about ...": no opening capital unless it is a name;
    "I'd" written out, since a contraction reads oddly inside a frame."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) > 2 and not re.search(r"\b(?:and|or)\b", text):
        text = join_list(parts)  # "sql, python, tableau" -> "SQL, Python and Tableau"
    text = re.sub(r"^(?:and|also|plus|but|or)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r",\s+(and|or)\s+", r" \1 ", text)  # one list style: "a, b and c"
    text = re.sub(r"\b(I|you|we|they|he|she)['’]d\b", r"\1 would", text)
    text = re.sub(r"\b(I|you|we|they|he|she)['’]ll\b", r"\1 will", text)
    return lower_opening(strip_end(text), names)
