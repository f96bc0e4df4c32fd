"""Rule 1, voice and reader: the candidate is "I", and the note speaks to its reader.

In the note to Dana, "Dana started as a bank teller" becomes "you started as a bank
teller", "she says" becomes "you say" and "her question" becomes "your question". Other
members of a panel are named by their first name. "they" and "you guys", meaning the
interviewers, become "you" (one interviewer) or "the team" (a panel), with the verb
agreeing. A pronoun is only changed when it can be resolved; one that cannot (a "she"
in a panel's shared answer, with no name before it) is left and reported, so the
writer asks the candidate.

A word that is also part of the reader's name or title is matched only where it means
the reader: "the head coach was out" stays in the note to Coach Maria Lopez, because a
title alone never names a person and a name that is an ordinary word ("Park", "Grace")
is matched only with its capital.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from bot.writer.spelling import is_common_word
from bot.writer.text import word_set
from bot.writer.verbs import inflection, is_adjective, verb_lemmas

# Verbs whose agreement is irregular.
_TO_YOU = {
    "is": "are",
    "isn't": "aren't",
    "was": "were",
    "wasn't": "weren't",
    "has": "have",
    "hasn't": "haven't",
    "does": "do",
    "doesn't": "don't",
    "'s": "'re",
    "’s": "’re",
}
_TO_TEAM = {
    "are": "is",
    "aren't": "isn't",
    "were": "was",
    "weren't": "wasn't",
    "have": "has",
    "haven't": "hasn't",
    "do": "does",
    "don't": "doesn't",
    "'re": "'s",
    "’re": "’s",
}
_ADVERBS = word_set(
    """always also often really clearly then later even especially specifically kindly
    just quickly briefly first actually definitely repeatedly"""
)
# Nouns for people other than the interviewers: a pronoun after one may mean them.
_PEOPLE = word_set(
    """manager boss mentor colleague coworker co-worker client customer patient student
    kid child son daughter mom dad mother father wife husband partner friend teacher
    doctor nurse coach director lead supervisor professor player athlete parent
    resident guest candidate employee intern user owner founder ceo cto cfo vp
    recruiter driver worker associate tech technician agent caller family people
    learner tenant member volunteer attendee shopper buyer homeowner client's adult
    senior toddler baby teen teenager hire hires staffer rep vendor contractor
    caregiver veteran applicant girl boy guy woman man lady gentleman trainee newcomer
    housekeeper attendant server cook aide instructor preceptor foreman trainer tutor
    neighbor neighbour landlord teammate roommate classmate sister brother grandma
    grandpa grandmother grandfather aunt uncle cousin officer sergeant lieutenant captain
    chef cashier clerk dispatcher pharmacist therapist counselor physician surgeon dentist"""
)
# Plural words before "they" that "they" more likely means than the interviewers.
_NOT_PLURAL = word_set(
    """is was has this its us yes his hers was does goes always perhaps sometimes thus
    plus across process business success less unless bus gas class focus status"""
)
# What may stand before a name that is the subject of its clause.
_CLAUSE_START = re.compile(
    r"(?:^|[.!?;:,\n(]|\b(?:and|but|that|when|because|as|so|while|since|if|where|how|"
    r"what|why|who|which))\s*$",
    flags=re.IGNORECASE,
)


@dataclass(frozen=True)
class Reader:
    """Who a note is for: the forms of their name, and the rest of the panel."""

    names: tuple[str, ...]  # full name, first name, "Dr. Park", ...; titles alone never
    panel: bool = False
    # Other members of the panel: each form of their name -> their first name.
    others: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Voiced:
    text: str
    unresolved: list[str] = field(default_factory=list)  # pronouns left as typed


@lru_cache(maxsize=4096)
def _name_pattern(forms: Sequence[str]) -> str:
    """Alternatives for a set of name forms; common words ("Park") only with the capital."""
    alternatives = []
    for form in sorted({f.strip() for f in forms if len(f.strip()) > 1}, key=len, reverse=True):
        words = re.findall(r"[^\W\d_]+", form)
        escaped = re.escape(form).replace(r"\.", r"\.?")  # "Dr. Park" typed "dr park"
        if len(words) == 1 and is_common_word(words[0]):
            alternatives.append(escaped)
        else:
            alternatives.append(f"(?i:{escaped})")
    return "|".join(alternatives)


@lru_cache(maxsize=4096)
def _is_participle(word: str) -> bool:
    """ "built", "taken": after "she's" the "'s" is "has" ("you've built")."""
    for lemma in verb_lemmas(word.lower()):
        if word.lower() in inflection(lemma, "VBN") and word.lower() != lemma:
            return not is_adjective(word.lower())
    return False


@lru_cache(maxsize=4096)
def _agree_with_you(verb: str) -> str:
    lowered = verb.lower()
    if lowered in _TO_YOU:
        return _TO_YOU[lowered]
    for lemma in verb_lemmas(lowered):
        if lowered in inflection(lemma, "VBZ"):
            return lemma if lemma != "be" else "are"
    return verb


@lru_cache(maxsize=4096)
def _agree_with_team(verb: str) -> str:
    lowered = verb.lower()
    if lowered in _TO_TEAM:
        return _TO_TEAM[lowered]
    if lowered in verb_lemmas(lowered) and lowered not in (
        "had",
        "did",
        "could",
        "would",
        "should",
    ):
        third = inflection(lowered, "VBZ")
        if third:
            return third[0]
    return verb


def _next_verb(text: str, at: int) -> tuple[int, int] | None:
    """(start, end) of the word after position `at`, skipping one adverb."""
    match = re.match(r"\s+([\w'’]+)", text[at:]) or re.match(r"(['’](?:s|re))\b", text[at:])
    if not match:
        return None
    if match.group(1).lower() in _ADVERBS:
        after = re.match(r"\s+([\w'’]+)", text[at + match.end() :])
        if not after:
            return None
        base = at + match.end()
        return base + after.start(1), base + after.end(1)
    return at + match.start(1), at + match.end(1)


def _replace_subject(text: str, start: int, end: int, subject: str, agree: bool) -> str:
    """Put `subject` at text[start:end] and make the verb after it agree."""
    verb = _next_verb(text, end)
    if verb and agree:
        v_start, v_end = verb
        word = text[v_start:v_end]
        new = _agree_with_team(word) if subject == "the team" else _agree_with_you(word)
        if word in ("'s", "’s") and subject == "you":
            participle = re.match(r"\s+(\w+)", text[v_end:])
            if participle and _is_participle(participle.group(1)):
                new = "'ve"
        text = text[:v_start] + new + text[v_end:]
        if subject == "you" and new != word:
            text = _coordinated_verb(text, v_start + len(new))
    return text[:start] + _in_case_of(text, start, subject) + text[end:]


def _coordinated_verb(text: str, at: int) -> str:
    """ "you're adding a location and wants someone": the verb "and" joins to the one made
    to agree with "you" agrees too, in the same clause (up to its mark)."""
    clause = re.match(r"[^.,;!?]*", text[at:])
    if clause is None:
        return text
    second = re.search(r"\band (\w+s)\b", clause.group())
    if not second:
        return text
    word = second.group(1)
    new = _agree_with_you(word)
    if new == word:
        return text
    begin = at + second.start(1)
    return text[:begin] + new + text[begin + len(word) :]


def _in_case_of(text: str, start: int, word: str) -> str:
    """`word`, put at text[start:], with a capital where it opens a sentence that was
    typed with one: "He mentioned" -> "You mentioned", so a sentence typed with care is
    still seen as one ("as Ms. Chen said" -> "as you said")."""
    opens = not text[:start].strip() or text[:start].rstrip()[-1:] in ".!?"
    return word[:1].upper() + word[1:] if opens and text[start : start + 1].isupper() else word


def _possessive_her(text: str, end: int) -> bool:
    """ "her question" (your) against "told her about" (you)."""
    after = re.match(r"\s+([\w'’-]+)", text[end:])
    if not after:
        return False
    word = after.group(1).lower()
    return word not in {
        "about",
        "at",
        "to",
        "that",
        "and",
        "the",
        "a",
        "an",
        "for",
        "with",
        "in",
        "on",
        "how",
        "what",
        "why",
        "if",
        "so",
        "too",
        "again",
        "i",
        "my",
        "when",
        "from",
        "back",
        "up",
        "out",
        "later",
        "today",
        "was",
    }


def _plural_before(sentence: str) -> bool:
    words = re.findall(r"[A-Za-z]+", sentence)
    return (
        any(
            w.endswith("s")
            and len(w) > 3
            and w.lower() not in _NOT_PLURAL
            and w != w.upper()
            and not w.endswith(("ss", "us", "'s"))
            for w in words
        )
        or bool(re.search(r"\b(?:people|staff|team members|engineers|nurses)\b", sentence, re.I))
        or (bool(_PLACES.search(sentence)))
    )


# Places whose people a "they" may mean: "my grandma was in hospice and they were amazing".
_PLACES = re.compile(
    r"\b(?:hospice|hospital|clinic|school|church|daycare|shelter|agency|facility|"
    r"center|centre|restaurant|bank|office|unit|ward|ER|ICU|practice|firm|store|shop|gym|"
    r"nursing home|home care|program|organization|organisation|nonprofit|charity)\b",
    flags=re.IGNORECASE,
)


def _key(name: str) -> str:
    return " ".join(name.lower().replace(".", " ").split())


# A name is never part of an e-mail address or a handle: "dana.w@example.com".
_NOT_IN_AN_ADDRESS = r"(?![\w@])(?!\.[\w])"


def speak_to_reader(
    text: str, reader: Reader, *, about_reader: bool = False, they_may_be_reader: bool = True
) -> Voiced:
    """`text` with the reader as "you" and the interviewers as "you" or "the team".

    `about_reader`: the answer is about the reader in particular (a panel's per-person
    detail), so "he" and "she" mean the reader. `they_may_be_reader`: "they" may mean the
    interviewers (what the interview stressed, why the candidate wants the job); in an
    answer about the candidate's own work it means the people they worked with, and stays.
    """
    unresolved: list[str] = []
    names = _name_pattern(reader.names)
    if names:
        name = rf"(?<![\w.@])(?:{names}){_NOT_IN_AN_ADDRESS}"
        text = re.sub(rf"{name}['’]s\b", lambda m: _in_case_of(text, m.start(), "your"), text)
        while match := re.search(name, text):
            subject = _CLAUSE_START.search(text[: match.start()]) is not None
            text = _replace_subject(text, match.start(), match.end(), "you", agree=subject)
    if not reader.panel:  # "the interviewer focused on ...": the one reader
        text = re.sub(
            r"\b[Tt]he interviewer['’]s\b", lambda m: _in_case_of(text, m.start(), "your"), text
        )
        while match := re.search(r"\b[Tt]he interviewer\b", text):
            subject = _CLAUSE_START.search(text[: match.start()]) is not None
            text = _replace_subject(text, match.start(), match.end(), "you", agree=subject)
    if reader.others:
        others = rf"(?<![\w.@])(?:{_name_pattern(tuple(reader.others))}){_NOT_IN_AN_ADDRESS}"
        lookup = {_key(k): v for k, v in reader.others.items()}
        text = re.sub(others, lambda m: lookup.get(_key(m.group()), m.group()), text)

    out: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+|(?<=\n)", text):
        out.append(_pronouns(sentence, reader, about_reader, unresolved, out, they_may_be_reader))
    text = " ".join(s for s in out if s).replace(" \n", "\n")
    return Voiced(_said_in_the_past(text), unresolved)


# What the interviewer said in the interview is past: "you say the hotel ..." (typed in
# the present, as some writers do) -> "you said the hotel ...".
_SAID_NOW = re.compile(
    r"\b(?<!always )(?<!usually )(?<!often )(?<!sometimes )(?<!never )(?<!do )(?<!does )"
    r"(?<!to )(?<!will )(?<!would )(?<!can )(?<!could )(?<!if )(?<!when )(?<!as )"
    r"((?:[Yy]ou|[Tt]he team) )(say|says|tell|tells|mention|mentions|explain|explains|ask|asks|"
    r"describe|describes|stress|stresses|emphasize|emphasizes)\b(?! always\b)"
)


def _said_in_the_past(text: str) -> str:
    def past(match: re.Match[str]) -> str:
        verb = match.group(2)
        lemma = next(iter(verb_lemmas(verb)), verb)
        forms = inflection(lemma, "VBD")
        return match.group(1) + (forms[0] if forms else verb)

    return _SAID_NOW.sub(past, text)


def _pronouns(
    sentence: str,
    reader: Reader,
    about_reader: bool,
    unresolved: list[str],
    before: list[str],
    they_may_be_reader: bool = True,
) -> str:
    """he/she/they in one sentence; `before` holds the answer's earlier sentences."""
    pronoun = re.search(r"\b(?:she|he|her|him|his|hers)\b", sentence, re.IGNORECASE)
    context = " ".join(before) + " " + (sentence[: pronoun.start()] if pronoun else sentence)
    # "he" and "she" mean one person: "the 2 people he mentioned" names no "he".
    mentioned = [end for end in _person_mentions(context) if not _plural_at(context, end)]
    other_person = bool(mentioned)
    # The person named last before the pronoun is the one it means: "you" (the reader,
    # named or addressed) or another panelist by first name.
    mentions = [(m.end(), "reader") for m in re.finditer(r"\byou\b", context, re.I)]
    for first in set(reader.others.values()):
        mentions += [(m.end(), "other") for m in re.finditer(rf"\b{re.escape(first)}\b", context)]
    # A person other than the reader ("the guest", "a patient") named after them.
    people = [(end, "person") for end in mentioned]
    last = max(mentions + people)[1] if mentions or people else None
    other_named = last == "other"
    means_reader = about_reader or last == "reader" or (not reader.panel and not other_person)
    if re.search(r"\b(?:she|he|her|him|his|hers)\b", sentence, re.IGNORECASE):
        if means_reader and not other_named:
            # "... i told him about X, my old foreman had me lead it bc he was out": a
            # person named after the first pronoun is whom the later ones mean. Only the
            # part before that person speaks to the reader; the rest stays as typed.
            start = pronoun.end() if pronoun else 0
            later = [
                start + end
                for end in _person_mentions(sentence[start:])
                if not _plural_at(sentence[start:], end)
                and re.search(r"\b(?:she|he|her|him|his|hers)\b", sentence[start + end :], re.I)
            ]
            if later:
                head, tail = sentence[: later[0]], sentence[later[0] :]
                sentence = _third_person_to_you(head) + tail
                unresolved.extend(re.findall(r"\b(?:she|he|her|him|his)\b", tail, re.I)[:1])
            else:
                sentence = _third_person_to_you(sentence)
        elif not other_named and last != "person":  # "a resident ... paged him": theirs
            unresolved.extend(re.findall(r"\b(?:she|he|her|him|his)\b", sentence, re.I)[:1])

    while group := re.search(r"\b(?:you guys|u guys|you all|y'all)\b", sentence, re.I):
        subject = "the team" if reader.panel else "you"
        sentence = _replace_subject(sentence, group.start(), group.end(), subject, True)
    sentence = re.sub(
        r"\bthey (kept|keep) (coming back|returning|circling back) to\b",
        r"our conversation \1 \2 to",
        sentence,
        flags=re.IGNORECASE,
    )
    if not they_may_be_reader or _someone_before(" ".join(before)):
        return sentence
    return _they(sentence, reader)


# People a "they" or "them" may mean rather than the interviewers: "someone who keeps
# showing up late ... talk to them", "when a student is stuck I let them pick".
_SOMEONE = re.compile(
    r"\b(?:someone|somebody|anyone|anybody|a person|everyone|each|every)\b",
    flags=re.IGNORECASE,
)


def _plural_at(text: str, end: int) -> bool:
    """Whether the person word ending at `end` names more than one ("people", "nurses")."""
    word = re.findall(r"[\w-]+$", text[:end])
    lower = word[0].lower() if word else ""
    return lower in ("people", "folks", "children", "kids", "staff") or (
        lower.endswith("s") and lower[:-1] in _PEOPLE
    )


def _someone_before(text: str) -> bool:
    """Whether `text` names someone a later "they" may mean: a person, not a person's
    word used for a thing ("patient education", "customer service")."""
    return bool(_SOMEONE.search(text)) or bool(_person_mentions(text))


def _person_mentions(text: str) -> list[int]:
    """Where `text` names a person other than the reader ("the guest", "a patient"): the
    end of each such word, but for words that name a kind of thing ("patient education",
    "family reunification program", "guest room"), which a noun follows."""
    if not any(w in _PEOPLE or w.rstrip("s") in _PEOPLE for w in re.findall(r"\w+", text.lower())):
        return []
    from bot.writer.tagger import tag

    found = []
    for match in re.finditer(r"[\w-]+", text):
        lower = match.group().lower()
        if lower in _PEOPLE or (lower.endswith("s") and lower[:-1] in _PEOPLE):
            after = tag(text[match.end() :].strip()[:40])
            if not after or not after[0][1].startswith("NN"):
                found.append(match.end())
    return found


def _swap_word(text: str, word: str, new: str) -> str:
    """Every `word` in `text` (any case) made `new`, with its capital where it opens."""
    pattern = rf"\b{word}\b"
    return re.sub(pattern, lambda m: _in_case_of(text, m.start(), new), text, flags=re.I)


def _third_person_to_you(sentence: str) -> str:
    while match := re.search(r"\b(?:she|he)\b", sentence, re.IGNORECASE):
        sentence = _replace_subject(sentence, match.start(), match.end(), "you", agree=True)
    sentence = re.sub(r"\b(?:herself|himself)\b", "yourself", sentence, flags=re.I)
    sentence = re.sub(r"\b(?:his|hers)\b(?=\s*[.,;!?]|$)", "yours", sentence, flags=re.I)
    sentence = _swap_word(sentence, "his", "your")
    sentence = _swap_word(sentence, "him", "you")
    while match := re.search(r"\bher\b", sentence, re.IGNORECASE):
        word = "your" if _possessive_her(sentence, match.end()) else "you"
        word = _in_case_of(sentence, match.start(), word)
        sentence = sentence[: match.start()] + word + sentence[match.end() :]
    return sentence


def _they(sentence: str, reader: Reader) -> str:
    """they/them/their meaning the interviewers, when no plural noun before could be meant."""
    team = reader.panel
    while match := re.search(r"\b(?:they|them|their|theirs|themselves)\b", sentence, re.I):
        if _plural_before(sentence[: match.start()]) or _someone_before(sentence[: match.start()]):
            break
        word = match.group().lower()
        if not team and re.search(r"\byou\b", sentence[match.end() :], re.IGNORECASE):
            break  # "they let you choose your clients": "you" is taken; "they" stays
        if word == "they":
            subject = "the team" if team else "you"
            contraction = re.match(r"['’](re|ve)\b", sentence[match.end() :])
            if contraction and team:
                verb = " is" if contraction.group(1) == "re" else " has"
                sentence = (
                    sentence[: match.start()]
                    + "the team"
                    + verb
                    + sentence[match.end() + contraction.end() :]
                )
                continue
            sentence = _replace_subject(sentence, match.start(), match.end(), subject, True)
            continue
        new = {
            "them": "the team" if team else "you",
            "their": "the team's" if team else "your",
            "theirs": "the team's" if team else "yours",
            "themselves": "the team" if team else "yourselves",
        }[word]
        sentence = sentence[: match.start()] + new + sentence[match.end() :]
    return sentence
