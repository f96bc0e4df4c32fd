"""Stage 8, the proofreader: every sentence a note says from an answer, read again.

The rules that wrote a sentence cannot judge it, so this reader shares none of them: it
tags each sentence with TextBlob's part-of-speech tagger (bot/writer/tagger.py) and
applies rules of its own over the tags, in the manner of LanguageTool's grammar rules:
each rule is a small function with its message (`templates` never see these messages;
they are reasons in the rewrite log and in `thankyou compose --format json`).

A flagged sentence is never sent as sure: the interview asks the candidate about it (once
an interview), shows the rest "to check" as they are answered, and the review marks them
("check this sentence: ..."). The rules about words and small phrases are in words.py.
The writer's own doubts about a piece (bot/writer/shapes.py) are flags too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.writer.frames import Written, opening
from bot.writer.proofreading.grammar import (
    agreement,
    and_chain,
    clause_comma,
    comma_splice,
    compound_hyphen,
    figure_first,
    missing_comma,
    mixed_list,
    object_left_out,
    present_for_past,
    run_on,
    run_on_clauses,
    self_object,
    small_word_missing,
    subject_and_verb,
    tacked_on,
    unfinished,
    verb_forms,
)
from bot.writer.proofreading.meaning import (
    convenience_as_the_reason,
    nothing_to_refer_to,
    noun_twice,
    praise_as_the_reason,
    way_how,
)
from bot.writer.proofreading.reading import Rule
from bot.writer.proofreading.slots import (
    credentials_as_topic,
    missing_article,
    topic_apposition,
    topic_slot,
    two_clauses_in_a_frame,
)
from bot.writer.proofreading.style import (
    capital_inside,
    chat_form,
    doubled,
    enjoyed_a_hard_subject,
    he_or_she,
    informal,
    opener,
    pay_as_the_reason,
    short_abbreviation,
    sum_without_currency,
    they_unclear,
    unbalanced,
)
from bot.writer.proofreading.words import (
    article_sound,
    bare_count_noun,
    bare_subject,
    clause_run_in,
    comparison_in_a_topic,
    gerund_and_adverb,
    hedge_tacked_on,
    hedged_figure,
    list_without_and,
    one_as_a_digit,
    opening_phrase_comma,
    plural_as_modifier,
    present_for_the_interview,
    question_after_a_comma,
    since_with_the_present,
    topic_ends_in_adjective,
    topic_list_run_on,
    topic_needs_its_article,
    topic_opens_with_a_preposition,
    unknown_word,
    when_inside_a_topic,
    which_without_comma,
)
from bot.writer.said import Shape, faults
from bot.writer.tagger import Tagged, tag


@dataclass(frozen=True)
class Flag:
    """A sentence of a note the writer is not sure of, and why."""

    answer: str
    sentence: str
    reasons: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {"answer": self.answer, "sentence": self.sentence, "reasons": list(self.reasons)}


RULES: tuple[Rule, ...] = (
    subject_and_verb,
    topic_slot,
    topic_apposition,
    credentials_as_topic,
    two_clauses_in_a_frame,
    and_chain,
    object_left_out,
    missing_article,
    opener,
    chat_form,
    doubled,
    self_object,
    run_on,
    capital_inside,
    figure_first,
    unbalanced,
    tacked_on,
    missing_comma,
    mixed_list,
    short_abbreviation,
    run_on_clauses,
    agreement,
    informal,
    pay_as_the_reason,
    sum_without_currency,
    enjoyed_a_hard_subject,
    unfinished,
    comma_splice,
    verb_forms,
    clause_comma,
    he_or_she,
    compound_hyphen,
    small_word_missing,
    present_for_past,
    unknown_word,
    hedged_figure,
    article_sound,
    since_with_the_present,
    list_without_and,
    comparison_in_a_topic,
    clause_run_in,
    hedge_tacked_on,
    which_without_comma,
    plural_as_modifier,
    bare_count_noun,
    topic_ends_in_adjective,
    opening_phrase_comma,
    when_inside_a_topic,
    topic_list_run_on,
    one_as_a_digit,
    question_after_a_comma,
    bare_subject,
    convenience_as_the_reason,
    praise_as_the_reason,
    noun_twice,
    way_how,
    topic_needs_its_article,
    gerund_and_adverb,
    present_for_the_interview,
    topic_opens_with_a_preposition,
)


# The rules for a sentence kept as the candidate typed it with care: their grammar is
# theirs, and the tagger's mistakes on long sentences would only ask them twice.
KEPT_RULES: tuple[Rule, ...] = (
    subject_and_verb,
    tacked_on,
    unbalanced,
    opener,
    chat_form,
    doubled,
    self_object,
    informal,
    pay_as_the_reason,
    unfinished,
    comma_splice,
    agreement,
    verb_forms,
    missing_article,
    he_or_she,
    compound_hyphen,
)


@lru_cache(maxsize=4096)
def _read(
    answer: str, sentence: str, shape: Shape, slot: str, names: frozenset[str], kept: bool
) -> tuple[tuple[str, ...], Tagged]:
    """The rules' reasons for one sentence, and its slot's tags (which the note-wide
    checks in `proofread` read too, so nothing is tagged twice)."""
    written = Written(answer, sentence, shape, slot, (), kept)
    tagged = tag(sentence)
    slot_tags = tag(slot) if slot else ()
    if not tagged:
        return ("an empty sentence",), slot_tags
    rules = KEPT_RULES if kept else RULES
    reasons = [reason for rule in rules if (reason := rule(written, tagged, slot_tags, names))]
    if not re.search(r"[.!?][\"'”’)]*$", sentence):
        reasons.append("no end mark")
    if sentence[:1].islower():
        reasons.append("opens with a small letter")
    return tuple(reasons), slot_tags


def proofread(written: Sequence[Written], names: frozenset[str] = frozenset()) -> list[Flag]:
    """The flags of one note: each sentence said from an answer, read by every rule, and
    no two of them opening alike. `names` are words the candidate gave with capitals."""
    flags: list[Flag] = []
    openings: set[str] = set()
    earlier: dict[str, Tagged] = {}
    for item in written:
        read, own = _read(item.answer, item.sentence, item.shape, item.slot, names, item.kept)
        reasons = list(item.doubts) + list(read)
        if not item.kept and (reason := they_unclear(own, earlier.get(item.answer, ()))):
            reasons.append(reason)
        if not item.kept and (reason := nothing_to_refer_to(own, earlier.get(item.answer, ()))):
            reasons.append(reason)
        earlier[item.answer] = earlier.get(item.answer, ()) + own
        start = opening(item.sentence)
        if start in openings and len(start.split()) > 1:
            reasons.append(f"opens like an earlier sentence ({start!r})")
        openings.add(start)
        if reasons:
            flags.append(Flag(item.answer, item.sentence, tuple(dict.fromkeys(reasons))))
    return flags


def flagged_answers(flags: Iterable[Flag]) -> list[str]:
    """The answers with a flagged sentence, in the order they were said."""
    return list(dict.fromkeys(flag.answer for flag in flags))


# The interview's step that edits each answer (a panel's details are one step).
_STEP_OF = {"detail": "details", "next_step": "next_step"}


MAX_MARKED = 4  # the review quotes at most this many sentences, and counts the rest


@dataclass(frozen=True)
class ToCheck:
    """A sentence the review marks: "check this sentence: ...", with the answer to edit."""

    sentence: str
    answer: str
    step: str  # the interview step that edits it
    reasons: tuple[str, ...]


def sentences_to_check(notes: Iterable[Any], accepted: Iterable[str] = ()) -> list[ToCheck]:
    """The sentences of a review's notes in which a rule found a fault, once each, but for
    the answers the candidate already saw and accepted. A sentence that is only the
    writer's reading of a chat-typed answer is not listed: the candidate saw each one as
    it was answered ("In your note, as I read your answer"), and the review says so once
    (`readings_to_check`)."""
    skip = set(accepted)
    found: dict[str, ToCheck] = {}
    for note in notes:
        for flag in note.flags:
            if flag.answer in skip or flag.sentence in found or not faults(flag.reasons):
                continue
            step = _STEP_OF.get(flag.answer, flag.answer)
            found[flag.sentence] = ToCheck(flag.sentence, flag.answer, step, flag.reasons)
    return list(found.values())


def readings_to_check(notes: Iterable[Any], accepted: Iterable[str] = ()) -> bool:
    """Whether the notes say sentences that are the writer's reading of a chat-typed
    answer (and nothing a rule found wrong), in answers the candidate did not accept."""
    skip = set(accepted)
    return any(
        flag.answer not in skip and not faults(flag.reasons)
        for note in notes
        for flag in note.flags
    )
