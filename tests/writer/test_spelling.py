"""The spelling check knows the words of the trades (issue 22, item 7), and the checklist
reads the notes as composed (item 8).

"sortation" was offered as "hortation", "tagout" as "ragout", "cobot" as "robot": every
one with an unticked item and an "Improve" button. The check now knows a vocabulary of
job and industry words kept as data (bot/writer/data/vocabulary.txt), with their
inflections, never flags a word typed the same way twice or one with a capital or a
digit, and still finds real typos.
"""

from __future__ import annotations

import re

import pytest
from spellchecker import SpellChecker

from bot.writer import check_notes, compose_notes
from bot.writer.spelling import _checker, find_typos
from dialogs.answers import answers_from_document

QUOTED = ["sortation", "tagout", "cobot", "uptime", "prem", "triaged", "roas"]
# A few words of each field (and inflections of them) the dictionary alone would flag.
FIELDS = {
    "logistics": "putaway crossdocking backorders palletized transloading drayage deconsolidation",
    "manufacturing": "kaizen deburring overmolded changeovers pfmea metrologist gemba",
    "clinical": "intubated extubation phlebotomist preop postop telemetry stepdown cauti",
    "trades": "rebar drywaller tuckpointing submittals formworker scaffolder reroofing",
    "retail": "planograms endcaps stockouts upsold keyholder barbacks sidework",
    "finance": "ebitda accruals reclassed intercompany writedowns subledger securitized",
    "marketing": "retargeting lookalike geofencing remarketing mqls backlinks wireframes",
    "software": "kubernetes refactored microservices dockerized failover runbooks onprem",
    "data": "dataframes deduplicated featurization overfitting upserts lakehouse",
    "education": "ieps paraeducators decodables coteaching preservice",
    "law and hr": "ediscovery redactions onboardings offboarding reskilling upskilled",
    "energy": "photovoltaics reclosers flowback workovers repowering microinverters",
    "life sciences": "pharmacovigilance transfected lyophilization bioreactors biosimilars",
}
TYPOS = {
    "recieved": "received",
    "managment": "management",
    "experiance": "experience",
    "sucessful": "successful",
    "mangaed": "managed",
    "leadrship": "leadership",
}


def typos_in(text: str, written: str | None = None) -> set[str]:
    extra = {} if written is None else {"written": written}
    found = find_typos([("qualifications", text)], [], limit=20, **extra)
    return {t.word for t in found}


def test_the_quoted_job_words_are_not_typos() -> None:
    text = " ".join(f"we did {word} work" for word in QUOTED)
    assert typos_in(text) == set()


@pytest.mark.parametrize("field", list(FIELDS))
def test_words_of_each_field_are_not_typos(field: str) -> None:
    words = FIELDS[field].split()
    flagged_alone = {w for w in words if not _checker().known([w])}
    assert flagged_alone, "the dictionary alone knows them all: a weak case"
    assert typos_in(", ".join(words)) == set()


def test_real_typos_are_still_found_beside_trade_words() -> None:
    text = "i recieved the sortation kpis; managment of cobots; experiance with putaway; "
    text += "a sucessful kaizen, mangaed the tagout; leadrship"
    found = {t.word: t.suggestion for t in find_typos([("highlights", text)], [], limit=20)}
    assert found == TYPOS


@pytest.mark.parametrize(
    "text",
    [
        "I recieved it and recieved it again",  # typed the same way twice
        "Recieved the award",  # a capital: meant as typed
        "the RECIEVED batch",
        "version recieved2 shipped",  # a digit
        "the s3 bucket and k8s clusters",
    ],
)
def test_a_word_typed_twice_or_with_a_capital_or_digit_is_never_flagged(text: str) -> None:
    assert typos_in(text) == set()


def test_a_word_typed_twice_across_answers_is_meant() -> None:
    answers = [("qualifications", "ran the sortaton line"), ("highlights", "sortaton rates")]
    assert find_typos(answers, [], limit=5) == []


def test_a_word_the_writer_left_out_or_fixed_is_not_flagged() -> None:
    assert typos_in("theyre great", written="They're great.") == set()
    assert typos_in("theyre great", written="theyre great") == {"theyre"}


def test_the_vocabulary_is_data_by_field_and_lacks_from_the_dictionary() -> None:
    from bot.writer.spelling import VOCABULARY_FILE, vocabulary

    lines = VOCABULARY_FILE.read_text(encoding="utf-8").splitlines()
    headings = [line for line in lines if line.startswith("# ") and line[2:3].isupper()]
    words = [line for line in lines if line and not line.startswith("#")]
    assert len(words) >= 3000 and len(set(words)) == len(words)
    assert len(headings) >= 15
    assert all(re.fullmatch(r"[a-z]+", word) for word in words)
    dictionary = SpellChecker(distance=1)  # the dictionary alone, as pyspellchecker ships it
    assert not [word for word in words if dictionary.known([word])][:5]
    assert set(QUOTED) - {"triaged"} <= vocabulary()


def test_the_checklist_flags_only_what_the_note_says() -> None:
    """ "Cut '!!'", "Cut 'sorry'" and "theyre – did you mean there?" came from the raw
    answers although the notes no longer had them."""
    document = {
        "candidate_name": "Maria Gonzalez",
        "interviewers": [{"name": "Dana Lee"}, {"name": "Tom Becker"}],
        "company": "Acme",
        "role": "Analyst",
        "qualifications": "I led the SQL migration and cut costs 20%.",
        "highlights": "They stressed teamwork!! I ran the launch team.",
        "interest": "theyre opening a new clinic in Denver and I want to help run it",
        "strengthen": {
            "question": "the scaling question",
            "addition": "sorry i blanked. I load-tested our API to 10k rps",
            "interviewer": "Tom Becker",
        },
        "email": "maria@example.com",
    }
    answers = answers_from_document(document)
    notes = compose_notes(answers)
    bodies = "\n".join(note.body for note in notes)
    assert "!!" not in bodies and "sorry" not in bodies.lower() and "theyre" not in bodies
    checks = {c.principle: c for c in check_notes(answers, notes)}
    assert checks["phrases"].ok, checks["phrases"].tip
    assert checks["typos"].ok, checks["typos"].tip
