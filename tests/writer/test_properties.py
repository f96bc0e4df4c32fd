"""Property tests: whatever a candidate types, the notes keep to the rules of a letter.

Answers are drawn from chat-like pieces (lower case, capitals, fillers, abbreviations,
emoji, bullets, hostile text) and arbitrary text. For every note: no template syntax
that the candidate did not type, no doubled word, no sentence starting in lower case,
no chat abbreviation, no emoji; and composing never fails.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.writer import compose_notes
from dialogs.answers import Answers, Interviewer
from tests.test_compose import note_sentences, paragraphs
from tests.writer.test_interviews import CHAT_FORMS, EMOJI

PIECES = [
    "so basically",
    "i",
    "led",
    "the migration",
    "to kubernetes",
    "cut costs",
    "20%",
    "yrs",
    "w/",
    "~3",
    "tbh",
    "lol",
    "u guys",
    "they",
    "she",
    "her",
    "told him",
    "CPR CERTIFIED",
    "3 YEARS CNA",
    "honestly",
    "im",
    "dont",
    "its a",
    "great team",
    "!!!",
    "?",
    "🚀",
    "🎉",
    "- ",
    "• ",
    "\n",
    ",",
    ".",
    "and",
    "also",
    "whether to use a graph db",
    "how i'd",
    "{{ 7*7 }}",
    "{% raw %}",
    "<b>",
    "<!channel>",
    "&",
    "+",
    "vs",
    "approx",
    "the the",
    "dana lee",
    "Tom Becker",
    "quickbooks",
    "penn state",
    "6 hrs to 45 min",
    "$800K",
]
chat_answer = st.lists(st.sampled_from(PIECES), min_size=1, max_size=25).map(" ".join)
any_answer = st.one_of(chat_answer, st.text(min_size=1, max_size=300))


def answers_with(qualifications: str, highlights: str, interest: str, extra: str) -> Answers:
    return Answers(
        candidate_name="Jordan Rivera",
        interviewers=(Interviewer("Dana Lee", detail=extra), Interviewer("Tom Becker")),
        company="Acme",
        role="Analyst",
        qualifications=qualifications,
        highlights=highlights,
        interest=interest,
        advantage=extra,
        email="jordan@example.com",
    )


def typed_template_syntax(*texts: str) -> bool:
    return any(re.search(r"\{\{|\{%|\{#|\}\}|%\}|#\}", t) for t in texts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chat_answer, chat_answer, chat_answer, any_answer)
def test_any_answers_make_notes_that_keep_the_rules(
    qualifications: str, highlights: str, interest: str, extra: str
) -> None:
    texts = (qualifications, highlights, interest, extra)
    if not all(t.strip() for t in texts):
        return
    for note in compose_notes(answers_with(*texts)):
        text = " ".join(paragraphs(note))
        if not typed_template_syntax(*texts):
            assert not typed_template_syntax(note.body), note.body
        assert not EMOJI.search(note.body), note.body
        assert not CHAT_FORMS.search(text), (CHAT_FORMS.search(text), text)
        assert not re.search(r"\b([^\W\d_]+) \1\b", text, re.IGNORECASE), text
        for sentence in note_sentences(note):
            assert not sentence[0].islower(), (sentence, text)
