"""The better answer: one calm point on a question the candidate wishes they had answered
better, only in the note of the person who asked (every note when they did not say).

What they typed is how they felt ("i totally blanked on it. what i'd say now: i'd start
from the seasonality in last year's data"); the note says the point and nothing of the
feeling: apologies, "ugh", and lead-ins such as "better answer:" are dropped, and the
question is named as a topic ("the forecasting question" -> "your question on
forecasting").
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.writer.answer import prepare, write_answer
from bot.writer.chat import is_clinical
from bot.writer.kinds import Kind, kind_of
from bot.writer.questions import indirect, is_direct_question
from bot.writer.said import Part, Said, Shape
from bot.writer.text import clean, strip_end
from bot.writer.voice import Reader
from dialogs.answers import Answers

# What a better answer must never say: the note adds the point calmly. These words
# apologise wherever they stand ...
APOLOGY = re.compile(
    r"\b(?:sorry|apologies|messed (?:it |that |that one )?up|screwed (?:it |that )?up|"
    r"nervous|blank(?:ed)?|froze|freeze|rambled|choked|bombed|flubbed|botched|my bad|ugh+|"
    r"didn['’]?t (?:explain|answer|say) (?:it |that )?(?:well|clearly|right)|did not explain|"
    r"(?:bad|terrible|awful|weak) answer|wish i(?:['’]d| had)|wrong answer|"
    r"totally (?:lost|missed)|drew a blank|went blank|mind went|flustered|panicked)\b",
    flags=re.IGNORECASE,
)
# ... these only when the candidate speaks of their own answer ("I forgot", "my answer
# was too generic"); "apologize, then tell them honestly" is the point itself.
_OWN_ANSWER = re.compile(
    r"\b(?:apologi[sz]e|forgot|generic|too (?:brief|short|vague|long)|"
    r"(?:wasn['’]?t|was not|is not|isn['’]t) (?:great|good|ideal)|"
    r"which (?:was|is) (?:not |n['’]t )?(?:great|good|ideal)|"
    r"i (?:said|say|answered|gave|mentioned|talked about|went with|chose|picked|only said|"
    r"just said|(?:only |just )?(?:focused|talked|spoke) (?:only )?(?:on|about))|"
    r"my (?:answer|example|first answer)|left out|didn['’]?t (?:mention|say)|"
    r"missed the)\b",
    flags=re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:i|my|me)\b", flags=re.IGNORECASE)


def is_apology(text: str) -> bool:
    """Whether a piece of a better answer apologises or judges the answer given."""
    return bool(APOLOGY.search(text)) or (
        bool(_OWN_ANSWER.search(text)) and bool(_FIRST_PERSON.search(text))
    )


# A lead-in typed before the point itself: "better answer:", "what i'd say now:".
_LEAD_IN = re.compile(
    r"^(?:(?:so\s+)?(?:what|how)\s+i(?:['’]d| would)\s+(?:say|answer|add)(?:\s+now|\s+instead)?|"
    r"(?:a\s+|my\s+)?better (?:answer|example)(?:\s+(?:would be|is))?|better|"
    r"(?:what\s+)?(?:i\s+)?should(?:['’]ve| have| of) said|"
    r"what i (?:meant|wanted to say)|i(?:['’]d| would) (?:add|say)|to add|"
    r"i (?:forgot to (?:mention|say)|didn['’]?t (?:mention|say)|left out|"
    r"should(?:['’]ve| have) (?:said|mentioned))|"
    r"(?:the )?answer)\s*(?::|-|,|is|would be)?\s*(?:that\s+)?",
    flags=re.IGNORECASE,
)
# How a question is named when typed: "the question about X", "the forecasting q".
_QUESTION_OPENING = re.compile(
    r"^\s*(?:(?:the|your|that|her|his|their|this)\s+)?(?:(?:question|q|one)\s+(?:about|on|of|re)\s+|"
    r"(?:when\s+)?(?:you|she|he|they)\s+asked\s+(?:me\s+)?(?:about\s+)?)",
    flags=re.IGNORECASE,
)
_QUESTION_ENDING = re.compile(r"\s+(?:question|q|one)\s*$", flags=re.IGNORECASE)
_DETERMINER = re.compile(r"^(?:the|that|this|your|her|his|their)\s+", flags=re.IGNORECASE)


def question_topic(question: str) -> str | None:
    """How a question is named in the note: "the forecasting question" -> "forecasting";
    "how would you cut churn" -> "how I would cut churn"; None when nothing is left."""
    # Chat forms written out first: "how do u handle X" is "how do you handle X", which
    # turns into "how I handle X" like any question typed in full.
    text = prepare(question).split("\n")[0]
    segments = [s for s in re.split(r"(?<=[.;!?])\s+|,\s+(?=i\b)", text) if not is_apology(s)]
    text = strip_end(" ".join(segments)).strip()
    named = _QUESTION_OPENING.sub("", text)
    if _QUESTION_ENDING.search(named) or named != text:
        named = _DETERMINER.sub("", _QUESTION_ENDING.sub("", named))
    words = named.split()
    asks_what_is = bool(words) and (
        words[0].lower() in ("what's", "whats", "what’s")
        or (len(words) > 1 and words[0].lower() == "what" and words[1].lower() in ("is", "are"))
    )
    if words and (asks_what_is or is_direct_question(words)):
        return indirect(named)  # "whats your biggest weakness" -> "what my ... is"
    return named or None


def addition_text(addition: str) -> str:
    """The addition without its apologies and lead-ins, as sentences."""
    kept = []
    # Not at a colon: "I use a simple triage: safety first, then ..." is one sentence, and a
    # lead-in's colon ("better answer: ...") goes with the lead-in.
    for segment in re.split(r"(?<=[.;!?])\s+|\s*;\s+|\n", clean(addition)):
        typed = segment.strip()
        label = re.match(r"^([^:]{1,30}):\s+(?=\S)", typed)
        if label and len(label.group(1).split()) <= 3:  # "Real reason: ...", "correct answer: ..."
            typed = typed[label.end() :]
        lead = _LEAD_IN.match(typed)
        segment = _LEAD_IN.sub("", typed).strip()
        if lead and lead.group(0) and typed[:1].isupper() and segment:
            segment = segment[0].upper() + segment[1:]  # typed with capitals: kept so
        if lead and lead.group(0).rstrip().lower().endswith("that"):
            # "I would add that I set ..., and that I prepare ...": the clauses it led
            # become the sentence's own
            segment = re.sub(r"(?i),?\s+and that (?=i\b)", ", and ", segment)
        if segment and is_apology(segment):
            # "i said money but really it's growth": what follows "but" is the point
            turn = re.split(
                r",?\s+but\s+(?:really\s+|actually\s+|honestly\s+)?", segment, maxsplit=1
            )
            segment = turn[1].strip() if len(turn) == 2 and not is_apology(turn[1]) else ""
        if segment and not is_apology(segment):
            # Each keeps its end mark, so a sentence typed with care still reads as one.
            kept.append(segment if segment[-1] in ".!?" else strip_end(segment) + ".")
    return " ".join(kept)


def about_care(answers: Answers) -> bool:
    """Whether the interview is about health care, where "pt" is a patient."""
    texts = [answers.role, answers.company, answers.qualifications, answers.highlights]
    return is_clinical(" ".join([*texts, answers.interest, answers.advantage or ""]))


def strengthen_said(
    answers: Answers, index: int, reader: Reader, terms: Mapping[str, str], company: str
) -> Said | None:
    """The better answer for the note to interviewer `index`, or None (not theirs, or
    nothing left once the apologies are gone)."""
    item = answers.strengthen
    if item is None:
        return None
    if item.interviewer and item.interviewer != answers.interviewers[index].name:
        return None
    point = addition_text(item.addition)
    if not point:
        return None
    clinical = about_care(answers)
    addition = write_answer(
        point, reader, answer="strengthen", terms=terms, company=company, clinical=clinical
    )
    # What is no whole sentence ("my Salesforce certification") is said as typed and
    # left unsure, so the candidate is asked: a point is never dropped in silence.
    sentences = tuple(
        p
        if p.shape is Shape.SENTENCE
        else Part(
            Shape.SENTENCE,
            p.text[:1].upper() + p.text[1:].rstrip(" .") + ".",
            (*p.doubts, "the better answer is no whole sentence"),
        )
        for p in addition.parts
        if p.text.strip()
    )
    if not sentences:
        return None
    topic = question_topic(item.question)
    if topic:
        said_topic = write_answer(
            topic, reader, answer="strengthen", terms=terms, typed=item.question
        )
        opening = said_topic.parts[0] if said_topic.parts else None
        if opening is not None and opening.shape is Shape.TOPIC and _nameable(opening.text):
            return Said("strengthen", (opening, *sentences), addition.names)
    return Said("strengthen", (Part(Shape.OPENING, ""), *sentences), addition.names)


def _nameable(topic: str) -> bool:
    """Whether a question can be named in a frame: a short noun phrase ("forecasting"),
    or a how/what/whether clause with its subject and verb in place ("how I would cut
    churn"), not one typed half-way ("why leave towing for 911")."""
    words = topic.split()
    if not words or len(words) > 14:
        return False
    if words[0].lower() in ("how", "what", "why", "whether", "when", "where", "which"):
        return len(words) > 2 and words[1] in ("I", "my", "we", "our", "the", "a", "you")
    return len(words) <= 6 and kind_of(topic) is Kind.TOPIC
