"""Generated interviews: every combination of messy and tidy answers, panels and tones
must give good notes, and notes to one panel must not read as copies.

The scenarios are drawn from pools of answer shapes with a fixed seed, so a failure is
reproducible; the invariants are the quality bar of issue 5 (tests/test_compose.py's
assertion helpers check a note from the outside).
"""

from __future__ import annotations

import itertools
import random
import re
from typing import Any

import pytest

from bot.writer.compose import LENGTHS, Note, compose_notes
from dialogs.answers import TONES, Answers, answers_from_document
from tests.test_compose import (
    assert_good_note,
    blocks,
    doc,
    note_sentences,
    shared_sentence_share,
)

QUALIFICATIONS = [
    "sql, python, tableau dashboards",
    "I managed 60 mid-market accounts and kept net retention above 110%.",
    "- led the migration to Snowflake\n- cut costs 20%\n- Managed a team of 4",
    "i ran the support desk for 3 years. i cut wait times by half",
    "At Northwind I owned the weekly revenue report. I rebuilt it in dbt and Tableau. "
    "It now publishes in three hours instead of two days. Finance uses it every Monday.",
    "Built the iOS app 🚀 and grew DAU 3x!!!",
    "fluent in Spanish, certified in Salesforce",
    "Five years of retail management at Globex Inc. I trained 40 new hires. "
    "I ran the Black Friday rota. Our store had the lowest turnover in the region. "
    "I also handled the budget for seasonal staff. Shrinkage fell by 12% on my watch.",
]
HIGHLIGHTS = [
    "teamwork",
    "cross-team work with product",
    "They stressed ownership!!! I ran the on-call rota for a year.",
    "the team stressed data quality. i set up tests on 40 core tables. "
    "they caught a billing bug before it reached customers",
    "• stakeholder management\n• communicating results to clinicians",
    "We talked about the São Paulo launch and how the team handles time zones.",
]
INTERESTS = [
    "the new onboarding academy you are launching",
    "Hearing about the pricing overhaul made me even more excited. "
    "The mentoring culture you described matters to me.",
    "your national parks campaign 🎉",
    "I love that Acme Outdoor Co.",
    "the remote-patient-monitoring program, and the plan to hire two more nurses",
]
ADVANTAGES = [
    None,
    "n/a",
    "I built a churn-risk dashboard in Looker.",
    "bilingual, detail-oriented",
    "I have shipped two pricing models to production. I also speak Portuguese.",
]
DETAILS = [
    None,
    "his question about experiment design",
    "You asked about my thesis on river ecology.",
    "the tour of the new lab",
]
NAMES = [
    "dana lee",
    "Dr. Priya Natarajan",
    "José Núñez",
    "Ms. Laura Chen",
    "Robert Smith Jr.",
    "Tom",
    "sean o'brien",
    "Zoë Ångström",
    "Emily Carter",
    "Kwame Mensah",
]
COMPANIES = ["Acme Outdoor Co.", "Globex Inc.", "café ümlaut", "R&D Labs", "northwind traders"]
ROLES = ["data analyst", "Senior Product Manager", "UX Researcher", "Library Assistant"]
CONTACTS = [
    {"email": "jordan@example.com", "phone": "(555) 014-2290"},
    {"email": "maria.g@example.org", "phone": None},
    {"email": None, "phone": "+44 20 7946 0958"},
]


def generated(count: int = 40, seed: int = 5) -> list[dict[str, Any]]:
    """`count` answers documents; panel sizes cycle through 1-6 and tones through all."""
    rng = random.Random(seed)
    docs = []
    for index in range(count):
        size = index % 6 + 1
        people = [
            {"name": name, "detail": rng.choice(DETAILS) if size > 1 else None}
            for name in rng.sample(NAMES, size)
        ]
        docs.append(
            doc(
                candidate_name=rng.choice(["Jordan Rivera", "maria gonzalez", "Zoë Ångström"]),
                interviewers=people,
                company=rng.choice(COMPANIES),
                role=rng.choice(ROLES),
                qualifications=rng.choice(QUALIFICATIONS),
                highlights=rng.choice(HIGHLIGHTS),
                interest=rng.choice(INTERESTS),
                advantage=rng.choice(ADVANTAGES),
                tone=TONES[index % len(TONES)],
                interview_date=rng.choice([None, "2026-11-24"]),
                **rng.choice(CONTACTS),
            )
        )
    return docs


SCENARIOS = generated()


def user_words(answers: Answers) -> int:
    texts = [answers.qualifications, answers.highlights, answers.interest, answers.advantage]
    texts += [i.detail for i in answers.interviewers]
    return sum(len(t.split()) for t in texts if t)


def assert_distinct(notes: list[Note]) -> float:
    worst = 0.0
    for a, b in itertools.combinations(notes, 2):
        share = shared_sentence_share(a, b)
        assert share <= 0.5, (share, a.body, b.body)
        worst = max(worst, share)
    return worst


@pytest.mark.parametrize("index", range(len(SCENARIOS)))
def test_generated_interviews_make_good_notes(index: int) -> None:
    answers = answers_from_document(SCENARIOS[index])
    low, high = LENGTHS[answers.tone]
    for version in range(3):
        notes = compose_notes(answers, version=version)
        assert len(notes) == len(answers.interviewers)
        for member, note in enumerate(notes):
            assert_good_note(note, answers, member)
            # Short answers are padded into range; only the user's own words overflow it.
            assert note.word_count >= low, note.body
            assert note.word_count <= high or user_words(answers) > high // 2, note.body
            assert not re.search(r"[;,:–] ?[.;,]|\.;|;;", note.body), note.body
            person = answers.interviewers[member]
            if person.name == person.name.lower():
                assert blocks(note)[0].split()[1][0].isupper(), blocks(note)[0]
        assert_distinct(notes)


def test_at_least_thirty_combinations_cover_every_tone_and_panel_size() -> None:
    assert len(SCENARIOS) >= 30
    assert {d["tone"] for d in SCENARIOS} == set(TONES)
    assert {len(d["interviewers"]) for d in SCENARIOS} == set(range(1, 7))


PANEL = ["Ana Silva", "Ben Cho", "Cara Diaz", "Dev Rao", "Eve Moss", "Finn Lutz"]
SHAPES: dict[str, dict[str, Any]] = {
    "fragments": {
        "qualifications": "sql, python, tableau",
        "highlights": "teamwork",
        "interest": "the new clinic",
        "advantage": None,
    },
    "one-sentence": {},
    "multi-sentence": {
        "qualifications": QUALIFICATIONS[4],
        "highlights": HIGHLIGHTS[3],
        "interest": INTERESTS[1],
        "advantage": ADVANTAGES[4],
    },
    "long": {"qualifications": QUALIFICATIONS[7], "highlights": HIGHLIGHTS[2]},
    "bullets": {
        "qualifications": QUALIFICATIONS[2],
        "highlights": HIGHLIGHTS[4],
        "interest": "your accessibility work. the roadmap for self-service excites me",
        "advantage": ADVANTAGES[3],
    },
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("size", range(2, 7))
def test_panel_notes_share_at_most_half_their_sentences(shape: str, size: int) -> None:
    details = [None, "the tour of the new lab", None, "You asked about my thesis."]
    people = [{"name": n, "detail": details[i % 4]} for i, n in enumerate(PANEL[:size])]
    answers = answers_from_document(doc(interviewers=people, **SHAPES[shape]))
    for tone in TONES:
        for version in range(4):
            notes = compose_notes(answers, tone=tone, version=version)
            assert_distinct(notes)
            for member, note in enumerate(notes):
                assert_good_note(note, answers, member)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_versions_are_stable_and_successive_ones_differ(shape: str) -> None:
    answers = answers_from_document(doc(interviewers=PANEL[:3], **SHAPES[shape]))
    for tone in TONES:
        previous = compose_notes(answers, tone=tone, version=0)
        for version in range(1, 8):
            notes = compose_notes(answers, tone=tone, version=version)
            assert notes == compose_notes(answers, tone=tone, version=version)
            for before, after in zip(previous, notes, strict=True):
                assert before.body != after.body
                assert note_sentences(before)[0] != note_sentences(after)[0]
            previous = notes
