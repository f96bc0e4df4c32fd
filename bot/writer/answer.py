"""One answer, written the way a careful writer would: every fact kept, none added.

`write_answer` runs the writer's stages in order, each a module of its own that takes the
text or pieces the stage before it returned and never calls back into an earlier one:

1. chat forms written out (chat.py), then capitals and terms (casing.py, terms.py):
   `prepare`, once per answer;
2. voice (voice.py): the reader is "you", the rest of a panel by first name;
3. pieces (this module): bullets, sentences, run-on facts ("... to 5 days also 4 yrs of
   X" is two facts), and clauses at commas, keeping lists and long subjects whole;
4. kinds (kinds.py): what each piece is (a sentence, a deed, a trait, a topic, ...);
5. shapes (shapes.py): the shape its frames take (a topic, a clause, a sentence).

A sentence typed as a sentence (a capital, a verb, an end mark) is kept as written:
careful writing needs no rewriting. The frames, the note's length and the proofreader
come after, in compose.py, length.py and proofreading/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import lru_cache

from bot.writer.casing import is_shouted, unshout, write_institutions
from bot.writer.chat import is_chat_word, write_out_chat
from bot.writer.kinds import (
    PERSON_NOUNS,
    Kind,
    has_main_clause,
    kind_of,
    opens_deed,
    past_tense,
)
from bot.writer.said import REWRITTEN_FROM_CHAT, Part, Said, Shape
from bot.writer.shapes import article, emphasized, in_conversation, lower, shape_of
from bot.writer.terms import write_terms_properly
from bot.writer.text import (
    bare_word,
    capitalise_first,
    clean,
    end_sentence,
    is_skip,
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
# What a result is measured in: "cut deploy time", "grew followers", "raised retention".
_MEASURES = word_set(
    """time times cost costs spend revenue sales followers retention turnover errors error
    traffic conversion conversions engagement margin margins attendance scores score rate
    rates churn overtime waste shrink downtime wait waits backlog complaints calls tickets
    accuracy compliance satisfaction csat nps profit profits leads signups enrollment
    hours days minutes budget expenses volume throughput output productivity defects latency
    p99 p95 load speed uptime bugs incidents outages delays absences injuries returns refunds
    no-shows deploy build response"""
)


def _measures_a_result(deed: str) -> bool:
    """Whether what a result verb acts on is a measure or a figure ("saved $800K", "cut
    deploy time"), not a thing ("grew our Instagram")."""
    words = [bare_word(w) for w in deed.split()[1:5]]
    words = [w for w in words if w not in ("our", "my", "the", "their", "its", "by", "about")]
    if not words:
        return False
    if re.match(r"[$£€]?\d", words[0]):
        return True
    return any(w in _MEASURES for w in words[:3])


_COORDINATORS = word_set("""and but so or yet which""")
# Words that run a new fact on without a full stop: "... to 5 days also 4 yrs of X".
_RUN_ON = re.compile(r"\s+(?:and also|also|plus|as well as)\s+(?=\S)", flags=re.IGNORECASE)
# A dash between two pieces: "how do you keep drivers on schedule - built a route board";
# "osha 30 and i speak spanish": a qualification, then a sentence of its own.
_DASH = re.compile(r"\s+[-–—]+\s+|\s*—\s*")
_AND_I = re.compile(r",?\s+(?:and|but|plus)\s+(?=(?:I|we)\s+\w)")
# "the VP said they have 2 hospitals starting next year and I want healthcare work": what
# was said, then the candidate's own sentence.
# "I'm flexible with my schedule and you said techs run the clinics": the candidate's
# fact, then what was said, two sentences.
_AND_REPORTED = re.compile(
    r",?\s+(?:and|but|plus)\s+(?=(?:\S+\s+){0,2}?(?:said|mentioned|told me|explained)\s+\S)",
    flags=re.IGNORECASE,
)
_REPORTED = re.compile(r"^\S+(?: \S+){0,3} (?:said|mentioned|told me|explained)\b", re.IGNORECASE)
# Words before "also" that make it part of a clause ("I also", "was also").
_CLAUSE_BEFORE_ALSO = word_set(
    """i we you they he she it is are was were am have has had will would can could do
    did does should may might must i'm we're i've i'd there and but so"""
)
# A lead-in typed before the point itself: "what i'd say now: ...", "better answer: ...".
_LEAD_IN = re.compile(
    r"^(?:(?:so\s+)?(?:what|how)\s+i(?:'d| would)\s+(?:say|answer|add)(?:\s+now|\s+instead)?|"
    r"(?:a\s+)?better answer(?:\s+would be)?|what i should(?:'ve| have) said|"
    r"what i (?:meant|wanted to say)|i(?:'d| would) (?:add|say)|to add)\s*(?::|-|,|is)\s*",
    flags=re.IGNORECASE,
)


def prepare(text: str, terms: Mapping[str, str] | None = None, clinical: bool | None = None) -> str:
    """Stage 1 alone: what the candidate's own wording gets (and every answer first).
    `clinical`: the interview is about health care ("pts" are patients)."""
    return _prepared(text, tuple(sorted((terms or {}).items())), clinical)


@lru_cache(maxsize=1024)
def _prepared(text: str, terms: tuple[tuple[str, str], ...], clinical: bool | None) -> str:
    """`prepare`, once per answer: every note of a panel starts from the same text."""
    text = write_out_chat(unshout(clean(text)), clinical)
    return write_institutions(write_terms_properly(text, dict(terms)))


def name_words(terms: Mapping[str, str] | None) -> frozenset[str]:
    """Every word of the names the candidate gave or capitalised ("Dr.", "Silva")."""
    words = (w for name in (terms or {}).values() for w in name.split())
    return frozenset(w for word in words for w in (word, word.strip(".,'’")) if w)


def write_wording(text: str, terms: Mapping[str, str] | None, answer: str) -> Said:
    """The candidate's own wording for an answer: used as written, with stage 1."""
    sentences = [
        capitalise_first(end_sentence(tidy_inside(s)))
        for item in items(prepare(text, terms))
        for s in split_sentences(item)
        if strip_end(s)
    ]
    parts = tuple(Part(Shape.SENTENCE, s) for s in sentences)
    return Said(answer, parts, name_words(terms))


def write_answer(
    text: str,
    reader: Reader,
    *,
    answer: str = "qualifications",
    terms: Mapping[str, str] | None = None,
    company: str = "",
    clinical: bool | None = None,
    stage: str | None = None,
    typed: str | None = None,
) -> Said:
    """Write one answer (`answer` names which) for the note to `reader`, after an
    interview of kind `stage` (an informational interview's answers are advice, plans).
    `typed`: what the candidate typed, where `text` is made from it (a question's topic),
    to judge whether it was typed with care."""
    careful = carefully_written(text if typed is None else typed)
    voiced = speak_to_reader(
        prepare(text, terms, clinical),
        reader,
        about_reader=answer == "detail",
        they_may_be_reader=answer in ("highlights", "interest", "detail", "next_step"),
    )
    parts: list[Part] = []
    for group in _deed_lists(items(voiced.text)):
        if len(group) > 1:  # bullets of things done: "I led X, cut Y and managed Z."
            deeds = [lower(strip_end(tidy_inside(item))) for item in group]
            parts.append(Part(Shape.SENTENCE, end_sentence("I " + join_list(deeds))))
            continue
        for sentence in split_sentences(group[0]):
            parts.extend(
                _sentence_parts(sentence, answer, company, careful, first=not parts, stage=stage)
            )
    for pronoun in voiced.unresolved:  # the doubt goes with the part that has the pronoun
        at = next((i for i, p in enumerate(parts) if re.search(rf"\b{pronoun}\b", p.text, re.I)), 0)
        if parts:
            parts[at] = replace(parts[at], doubts=(*parts[at].doubts, f"pronoun: {pronoun}"))
    if not careful:
        parts = [_rewritten_from_chat(p) for p in parts]
    names = name_words(terms)
    parts = [_written_part(p, names) for p in parts if strip_end(p.text)]
    return Said(answer, tuple(_merge_topics(parts)), names)


def _rewritten_from_chat(part: Part) -> Part:
    """What the writer makes of an answer typed the way people chat is its best reading,
    not the candidate's sentence: on chat-typed answers it had never seen, fewer than half
    of the sentences it rewrote, and no rule found wrong, read right (README, "How notes
    are written"). So it is never sure of them: the interview shows each "to check" with
    Reword, and the review marks them. A sentence typed with care is kept, and sure."""
    if part.shape is Shape.OPENING or part.kept:
        return part
    return replace(part, doubts=(*part.doubts, REWRITTEN_FROM_CHAT))


def _written_part(part: Part, names: frozenset[str]) -> Part:
    if part.shape is Shape.TOPIC:
        return replace(part, text=undouble(_topic(part.text, names)))
    if part.shape is Shape.SENTENCE and not part.kept:
        return replace(part, text=undouble(comma_before_clause(part.text)))
    return replace(part, text=undouble(part.text))


def carefully_written(text: str) -> bool:
    """An answer typed with care: its sentences open with a capital and end with their
    mark, and (nearly all of them) with no chat form. Such sentences are kept as written."""
    cleaned = clean(text)
    if is_shouted(cleaned):
        return False
    sentences = [s for line in cleaned.split("\n") if line.strip() for s in split_sentences(line)]
    if not sentences or not all(s[:1].isupper() and s.rstrip()[-1:] in ".!?" for s in sentences):
        return False
    clean_ones = sum(1 for s in sentences if not _chat_typed(s))
    return clean_ones >= 0.6 * len(sentences)


def _chat_typed(sentence: str) -> bool:
    """Whether a sentence holds what only chat types: an abbreviation or contraction the
    chat stage writes out ("yrs", "im", "w/"), a lower-case "i", a run of marks. What the
    chat stage only polishes ("2nd", "150+", "mid market") is no sign of chat."""
    words = re.findall(r"[\w'’/]+", sentence)
    return (
        # An acronym in capitals ("HR", "PT") is no chat form ("hr", "pt") of a word.
        any(is_chat_word(w) for w in words if not (w.isupper() and len(w) > 1))
        or bool(re.search(r"(?<![\w'’])i(?![\w'’])", sentence))
        or bool(re.search(r"[!?.]{2,}|\s[,.]", sentence))
    )


def _sentence_parts(
    sentence: str, answer: str, company: str, careful: bool, *, first: bool, stage: str | None
) -> list[Part]:
    """The parts of one typed sentence."""
    asks = sentence.rstrip().endswith("?")
    bare = strip_end(tidy_inside(sentence))
    if not bare:
        return []
    bare = _LEAD_IN.sub("", bare) if answer == "strengthen" else bare
    if answer == "highlights" and (stressed := emphasized(bare)):
        return [Part(Shape.SENTENCE, stressed)]  # "safety, far more than the posting did"
    if careful and _written_as_a_sentence(sentence, bare):
        kept = in_conversation(tidy_inside(sentence.strip()))
        return [Part(Shape.SENTENCE, end_sentence(kept), kept=True)]
    parts: list[Part] = []
    for unit, also in _run_on_units(bare):
        for kind, clause, joins in _clauses(unit):
            if is_skip(clause):
                continue  # "no idea, she said HR will reach out": the first piece says nothing
            if parts and (lately := _last_span(clause, parts[-1].text)):
                parts.append(Part(Shape.SENTENCE, lately))  # "6 yrs warehouse, last 2 as lead"
                continue
            if kind is Kind.TOPIC and asks:
                kind = Kind.SENTENCE  # "what does onboarding look like?" is a real question
            if joins and parts and parts[-1].shape is Shape.SENTENCE and kind is Kind.DEED:
                parts[-1] = _joined(parts[-1], clause)
                continue
            part = shape_of(
                kind,
                clause,
                answer=answer,
                also=also,
                first=first and not parts,
                company=company,
                stage=stage,
            )
            if asks and part.shape is Shape.CLAUSE and kind is Kind.SENTENCE:
                part = Part(Shape.SENTENCE, capitalise_first(end_sentence(clause + "?")))
            elif asks and part.shape is Shape.SENTENCE and kind is Kind.SENTENCE:
                part = replace(part, text=part.text[:-1] + "?")
            parts.append(part)
            also = False
    return parts


_LAST_SPAN = re.compile(
    r"^(?:the\s+)?last\s+(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:\s+(?:yrs?|years?))?\s+as\s+(?P<role>.+)$",
    flags=re.IGNORECASE,
)


def _last_span(clause: str, before: str) -> str | None:
    """ "last 3 as a dispatcher" after "I have 7 years of experience ...": "For the last 3
    years, I have worked as a dispatcher." (the span's unit is the experience's)."""
    match = _LAST_SPAN.match(clause.strip())
    unit = re.match(r"^I (?:also )?have \S+ (years|months)\b", before)
    if not match or not unit:
        return None
    role = lower(match.group("role").strip())
    first = bare_word(role.split()[0])
    if first not in ("a", "an", "the", "my") and (first in PERSON_NOUNS or first == "lead"):
        role = f"{article(role)} {role}"
    return end_sentence(f"For the last {match.group('n')} {unit.group(1)}, I have worked as {role}")


def _written_as_a_sentence(typed: str, bare: str) -> bool:
    """A sentence the candidate wrote with care: a capital, a subject and its verb, an
    end mark, and no chat form (the text after stage 1, so a lower-case "i" typed is
    seen as "I": the sentence is read as typed, from `typed`). It is kept as written."""
    from bot.writer.tagger import tag

    words = bare.split()
    if len(words) < 3 or not bare[:1].isupper() or typed.rstrip()[-1:] not in ".!?":
        return False
    if kind_of(bare) in (Kind.DEED, Kind.TRAIT, Kind.EXPERIENCE, Kind.ADJECTIVE):
        return False
    if opens_deed(words):  # "Managed social media for 3 restaurants, grew ...": no subject
        return False
    tagged = tag(bare)
    return any(
        label in ("VBD", "VBZ", "VBP", "MD")
        and index > 0
        and tagged[index - 1][1] in ("PRP", "NN", "NNS", "NNP", "NNPS", "RB", "CD", "EX")
        for index, (_, label) in enumerate(tagged)
    ) or has_main_clause(words)


def _someone(words: str) -> bool:
    """ "you", "she", "Tom", "Dana Lee": who can share a subject with "I" ("Tom and I
    discussed ..."), not a qualification ("OSHA 30 and I speak Spanish")."""
    from bot.writer.terms import is_known_term

    tokens = words.split()
    if len(tokens) == 1 and bare_word(tokens[0]) in ("you", "he", "she", "they", "we"):
        return True
    return 0 < len(tokens) <= 3 and all(
        t[:1].isupper() and not is_known_term(t) and not any(c.isdigit() for c in t) for t in tokens
    )


def _joined(sentence: Part, deed: str) -> Part:
    """ "I built the model." + "saved $800K" -> "I built the model, which saved $800K."."""
    verb = bare_word(deed.split()[0])
    result = verb in _RESULT_VERBS and bare_word([*deed.split(), ""][1]) not in ("up", "out")
    modal = re.search(r"\b(?:will|would|can|could|should)\b|['’](?:ll|d)\b", sentence.text)
    past = past_tense(verb, same_as_base=False)  # "ran", "did": not "then", not "take"
    if not result and not modal and past and (" and " in deed or " and " in sentence.text):
        # "... at Chipotle" + "ran the line and did the schedule": a sentence of its own,
        # never "... at Chipotle and ran the line and did the schedule".
        own = end_sentence("I " + lower(deed))
        return replace(sentence, text=f"{end_sentence(sentence.text.rstrip('.'))} {own}")
    # "built the model, saved $800K", "..., cut deploy time from 40 to 6": a result, credited
    # to the deed before; "handled social media, grew our Instagram from 300 to 2,000": the
    # account is no measure of a result, so the second deed is the candidate's own.
    measured = _measures_a_result(deed)
    joiner = ", which " if result and measured else " and "  # "grew up here" is no result
    return replace(sentence, text=end_sentence(sentence.text.rstrip(".") + joiner + deed))


def _said_after(piece: str) -> list[str]:
    """ "menu changes every 6 weeks and holm said the chef gets a dish": a fact, then
    what someone said, as two pieces (never "... said X and she said Y", one report)."""
    split = _AND_REPORTED.split(piece, maxsplit=1)
    if len(split) < 2 or len(split[0].split()) < 3 or _REPORTED.match(split[0].strip(" '\"")):
        return [piece]
    return split


def _run_on_units(text: str) -> Iterator[tuple[str, bool]]:
    """Facts typed one after another with no full stop: at a dash, and at "also" or
    "plus" when what comes before is a whole piece and what follows a new fact.
    Yields (unit, whether it was opened by "also")."""
    pieces: list[str] = []
    for piece in _DASH.split(text):
        split = _AND_I.split(piece.strip(" '\"“”‘’"), maxsplit=1)
        left = split[0].strip(" ,;")
        if (
            len(split) == 2
            and not _someone(left)  # not "you and I geeked out": one subject
            and (kind_of(left) is Kind.TOPIC or _REPORTED.match(left))
        ):
            pieces += split
        else:
            pieces.extend(_said_after(piece))
    for piece in pieces:
        piece = piece.strip(" ,;'\"“”‘’")
        if not piece:
            continue
        start, also = 0, False
        for match in _RUN_ON.finditer(piece):
            before, after = piece[start : match.start()], piece[match.end() :]
            last = bare_word(before.split()[-1]) if before.split() else ""
            if len(before.split()) < 2 or last in _CLAUSE_BEFORE_ALSO:
                continue
            if kind_of(after.split(",")[0]) not in (
                Kind.EXPERIENCE,
                Kind.DEED,
                Kind.TRAIT,
                Kind.SENTENCE,
            ) and not re.match(r"[$£€]?\d", after):
                continue
            yield before.strip(" ,;"), also
            start, also = match.end(), True
        yield piece[start:].strip(" ,;"), also


def _clauses(unit: str) -> list[tuple[Kind, str, bool]]:
    """Split a unit at commas into clauses, keeping lists and coordinated clauses whole.
    Each is (kind, clause, whether it is a deed joined to the sentence before)."""
    parts = [p.strip() for p in _outside_brackets(unit) if p.strip()]
    clauses: list[tuple[Kind, str, bool]] = []
    for number, part in enumerate(parts):
        kind = kind_of(part)
        if clauses and kind is Kind.SENTENCE and _opens_a_subordinate(parts[number - 1]):
            # "and since I grew up there, I would ...": the clause after the comma is
            # the one the "since" clause belongs to.
            last_kind, last, _ = clauses[-1]
            clauses[-1] = (last_kind, f"{last}, {part}", False)
            continue
        if clauses:
            last_kind, last, _ = clauses[-1]
            same_list = kind is last_kind and kind in (Kind.TOPIC, Kind.TRAIT)
            # "forklift, reach truck and order picker certified": one certification list
            certified = (
                kind is Kind.TRAIT
                and last_kind is Kind.TOPIC
                and len(last.split()) <= 3
                and " and " in part
                and bare_word(part.split()[-1]) in ("certified", "licensed", "trained")
            )
            if certified:
                clauses[-1] = (Kind.TRAIT, f"{last}, {part}", False)
                continue
            first = bare_word(part.split()[0])
            carries_on = first in _COORDINATORS or (
                kind in (Kind.TOPIC, Kind.UNCLEAR) and last_kind is not Kind.TOPIC
            )
            # "Hearing that X, made me ..." : a subject, then its verb, is one clause.
            predicate = (
                kind is Kind.DEED
                and last_kind is Kind.TOPIC
                and bare_word(last.split()[0]).endswith("ing")
                and len(last.split()) > 3
            )
            if same_list or carries_on or predicate:
                clauses[-1] = (last_kind, f"{last}, {part}", False)
                continue
            if kind is Kind.DEED and last_kind in (Kind.DEED, Kind.SENTENCE) and _subject_i(last):
                clauses.append((kind, part, True))
                continue
        clauses.append((kind, part, False))
    return clauses


_OPEN_A_CLAUSE = word_set(
    """if since as because when while although though unless once after before until
    whenever"""
)


def _outside_brackets(unit: str) -> list[str]:
    """`unit` split at its commas and semicolons, but for those inside brackets: "a recent
    grad (BS Nursing, May 2026)" is one piece."""
    pieces, depth, start = [], 0, 0
    for match in re.finditer(r"[()\[\]]|[,;]\s+", unit):
        mark = match.group()
        if mark in "([":
            depth += 1
        elif mark in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            pieces.append(unit[start : match.start()])
            start = match.end()
    return [*pieces, unit[start:]]


_OPENING_PREPOSITIONS = word_set("in at during over within on throughout")


def _opens_a_subordinate(part: str) -> bool:
    """ "and as someone who hikes", "that if you like it": a clause that the clause after
    its comma completes ("as" only with "someone", "a", "an": "as well" is no clause)."""
    words = [bare_word(w) for w in part.split()]
    while words and words[0] in ("and", "but", "so", "that"):
        words = words[1:]
    if len(words) >= 2 and words[0] in _OPENING_PREPOSITIONS:
        # "In my second year at Northwind, I took over ...": a phrase that opens the clause
        return kind_of(" ".join(part.split()[-len(words) :])) in (Kind.TOPIC, Kind.UNCLEAR)
    if len(words) < 2 or words[0] not in _OPEN_A_CLAUSE:
        return False
    if words[0] == "as" and words[1] not in ("someone", "a", "an", "the", "i", "we", "you"):
        return False
    # "after the interview I sketched X": whole already, its own main clause.
    return kind_of(" ".join(part.split()[-len(words) :])) is not Kind.SENTENCE


def _subject_i(clause: str) -> bool:
    """Whether a clause is the candidate's: "I ..." or a deed (the I is added)."""
    first = bare_word(clause.split()[0]) if clause.split() else ""
    return first in ("i", "also") or kind_of(clause) is Kind.DEED


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


_LIST_ITEM_WORDS = 6  # longer topics each get a frame of their own


def _merge_topics(parts: list[Part]) -> list[Part]:
    """Consecutive short topics (or clauses) become one list: "A, B and C"."""
    groups: list[tuple[Shape, list[Part]]] = []
    for part in parts:
        short = len(part.text.split()) <= _LIST_ITEM_WORDS
        if (
            groups
            and short
            and part.shape is not Shape.SENTENCE
            and groups[-1][0] is part.shape
            and sum(len(p.text.split()) for p in groups[-1][1]) <= 3 * _LIST_ITEM_WORDS
        ):
            groups[-1][1].append(part)
        else:
            groups.append((part.shape, [part]))
    merged = []
    for shape, members in groups:
        if len(members) == 1:
            merged.append(members[0])
            continue
        texts = [p.text for p in members]
        text = " and that ".join(texts) if shape is Shape.CLAUSE else join_list(texts)
        doubts = tuple(d for p in members for d in p.doubts if not d.startswith("a single word"))
        merged.append(Part(shape, text, doubts))
    return merged


def _topic(text: str, names: frozenset[str]) -> str:
    """A topic for "our conversation about ...": no opening capital unless it is a name;
    "I'd" written out, since a contraction reads oddly inside a frame."""
    from bot.writer.casing import lower_opening

    parts = [p.strip() for p in text.split(",")]
    if len(parts) > 2 and not re.search(r"\b(?:and|or)\b", text):
        text = join_list(parts)  # "sql, python, tableau" -> "SQL, Python and Tableau"
    text = re.sub(r"^(?:and|also|plus|but|or)\s+", "", text, flags=re.IGNORECASE)
    # "lots of questions about patient privacy": the topic is patient privacy.
    text = re.sub(
        r"^(?:(?:a lot|lots|a bunch|tons|plenty|many|several|a few|some)\s+(?:of\s+)?)?"
        r"(?:questions?|talk|discussion)\s+(?:about|on|around)\s+(?=\S)",
        "",
        text,
        flags=re.IGNORECASE,
    )
    # "mostly the migration": the topic is the migration.
    text = re.sub(
        r"^(?:mostly|mainly|mostly just|just|probably|basically|definitely|especially|really)\s+"
        r"(?=(?:the|a|an|my|our|your|their|how|what|why|whether)\b)",
        "",
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(r",\s+(and|or)\s+", r" \1 ", text)  # one list style: "a, b and c"
    text = re.sub(r"\s+(?:mostly|mainly|mostly|honestly|i guess|i think)$", "", text, flags=re.I)
    text = re.sub(r"\b(I|you|we|they|he|she)['’]d\b", r"\1 would", text)
    text = re.sub(r"\b(I|you|we|they|he|she)['’]ll\b", r"\1 will", text)
    return lower_opening(strip_end(text), names)


_CLAUSE_JOINERS = word_set("and but")
_SUBJECTS = word_set("i you we they he she it")
_DESCRIBING = word_set("certified licensed trained qualified registered based owned run")
_NOUN_PHRASE = ("DT", "PRP$", "JJ", "CD", "NN", "NNS", "NNP", ":")


def comma_before_clause(sentence: str) -> str:
    """ "You want to open a second concept and I want to be there": a second whole clause
    after "and" or "but" takes a comma ("..., and I want ..."). Only where both sides have
    their own subject and verb and the second subject is a pronoun, or a short noun phrase
    right before its verb ("and 90-day turnover went ..."). The other commas chat leaves
    out ("so", "which", "not just") the proofreader asks about rather than supplies: the
    clauses they join are, as often as not, two thoughts run together."""
    from bot.writer.tagger import tag

    for _ in range(3):
        tagged = tag(sentence)
        at = _comma_wanted(tagged)
        if at is None:
            return sentence
        word = tagged[at][0]
        nth = sum(1 for w, _ in tagged[:at] if w.lower() == word.lower())
        words, seen = sentence.split(" "), -1
        for position, typed in enumerate(words):
            if bare_word(typed) == word.lower():
                seen += 1
                if seen == nth:
                    if position == 0 or words[position - 1].endswith((",", ";", ":")):
                        return sentence
                    words[position - 1] += ","
                    break
        else:
            return sentence
        sentence = " ".join(words)
    return sentence


def _comma_wanted(tagged: tuple[tuple[str, str], ...]) -> int | None:
    """Where `comma_before_clause` puts its next comma: the index of the word after it."""
    from bot.writer.proofreading.reading import is_finite, main_verbs

    for index in range(3, len(tagged) - 2):
        word, before = tagged[index][0].lower(), tagged[index - 1]
        if before[0] in (",", ";", ":", "-", "–", "(") or not main_verbs(tagged[:index]):
            continue
        if word not in _CLAUSE_JOINERS:
            continue
        subject_end = index + 1
        if tagged[subject_end][0].lower() in _SUBJECTS:
            subject_end += 1
            while subject_end < len(tagged) - 1 and tagged[subject_end][1] == "RB":
                subject_end += 1  # "and I never miss deadlines"
        else:
            while subject_end < min(index + 5, len(tagged) - 1) and (
                tagged[subject_end][1] in _NOUN_PHRASE
                # "wait times went": a word the tagger reads as a verb, naming a noun
                or (
                    tagged[subject_end][1] in ("VB", "VBG")
                    and tagged[subject_end + 1][1] in ("NN", "NNS")
                )
            ):
                subject_end += 1
            if subject_end == index + 1 or not tagged[subject_end - 1][1].startswith("NN"):
                continue
        verb, label = tagged[subject_end] if subject_end < len(tagged) else ("", "")
        pronoun = tagged[index + 1][0].lower() in _SUBJECTS  # "and we halved ...": a clause
        if bare_word(verb) in _DESCRIBING or (label == "VBN" and not pronoun):
            continue  # "I'm CPR and first aid certified": one description, no new clause
        if subject_end < len(tagged) and is_finite(tagged, subject_end):
            return index
    return None
