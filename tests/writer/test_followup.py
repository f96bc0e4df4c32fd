"""The follow-up note, held to the thank-you notes' standard over the 32 carelessly typed
interviews: careful prose, facts only from the answers (and only one of them), 60-120
words, the same contact details and signature, a reply-in-thread subject, no pressure
and no apology; for one interviewer of a panel, in every tone and stage."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.writer import FOLLOW_UP_LENGTH, compose_follow_up, compose_notes
from bot.writer.casing import capitalise_title
from bot.writer.compose import Note, body_word_count, written_answers
from bot.writer.followup import follow_up_subject, one_point
from bot.writer.greeting import addressee
from bot.writer.spelling import is_common_word
from bot.writer.strengthen import APOLOGY
from bot.writer.text import strip_end
from dialogs.answers import TONES, Answers
from tests.test_compose import NUMBER, assert_clean_prose, blocks, paragraphs, sentences
from tests.writer.corpus import INTERVIEWS, interviews
from tests.writer.test_interviews import CHAT_FORMS, EMOJI

PRESSURE = re.compile(
    r"\b(?:asap|as soon as possible|urgent\w*|immediately|deadline|other offers?|"
    r"competing offers?|another offer|need (?:to know|an answer)|still waiting|"
    r"(?:have not|haven't|never) heard|no reply|no response|by (?:monday|tuesday|wednesday|"
    r"thursday|friday|tomorrow|the end of)|chasing|reminder)\b",
    re.IGNORECASE,
)
MONTHS = "January February March April May June July August September October November December"
LOW, HIGH = FOLLOW_UP_LENGTH


def typed_words(*texts: str | None) -> str:
    return " ".join(t for t in texts if t).lower()


def assert_good_follow_up(note: Note, answers: Answers, index: int) -> None:
    """What every follow-up must be, checked from the outside."""
    thank_you = compose_notes(answers)[index]
    parts = blocks(note)
    # Shape: greeting, three paragraphs, sign-off and signature.
    assert len(parts) == 5, note.body
    greeting, signature = parts[0], parts[-1]
    assert re.fullmatch(r"(Dear|Hi|Hello) \S.*,", greeting), greeting
    assert set(greeting[:-1].split()[1:]) <= set(thank_you.interviewer.split()), greeting
    assert note.interviewer == thank_you.interviewer
    # The same contact details and signature as the thank-you note; its subject, answered.
    assert signature.split("\n")[1:] == blocks(thank_you)[-1].split("\n")[1:]
    assert signature.split("\n")[0].endswith(",")
    assert note.subject == f"Re: {thank_you.subject}"
    # Short: 60-120 words between greeting and sign-off.
    assert LOW <= note.word_count <= HIGH, (note.word_count, note.body)
    assert note.word_count == body_word_count(note.body)
    # Careful prose, as the notes.
    assert_clean_prose(note)
    text = " ".join(paragraphs(note))
    assert not CHAT_FORMS.search(text), (CHAT_FORMS.search(text), text)
    assert not EMOJI.search(note.body)
    assert not re.search(r"\b(\w+) \1\b", text, re.IGNORECASE), text
    # Polite and calm: no pressure, no apology, in the note's own words (the company may
    # be "Lakeside Urgent Care", and the candidate's point is theirs).
    point = one_point(written_answers(answers, index, only="interest")["interest"])
    said = strip_end(point.parts[0].text) if point is not None else ""
    own = text
    for theirs in (answers.company.rstrip("."), answers.role, said):
        own = re.sub(re.escape(theirs), "", own, flags=re.IGNORECASE) if theirs else own
    assert not PRESSURE.search(own), (PRESSURE.search(own), text)
    assert not APOLOGY.search(own), (APOLOGY.search(own), text)
    # The reader is "you", never named in the third person in their own note.
    reader = addressee(answers.interviewers[index].name)
    for form in {reader.full, reader.formal, reader.first}:
        assert not re.search(rf"\b{re.escape(form)}\b", text), (form, text)
    for person in answers.interviewers:
        first = addressee(person.name).first
        prose = re.sub(r"\S+@\S+", "", text)
        if not is_common_word(first):
            assert not re.search(rf"\b{re.escape(first.lower())}\b", prose), text
    # Facts only from the answers, and one of them: every number comes from the interest
    # answer, the company, the role, the date or the contact details...
    interest = answers.wording.get("interest") or answers.interest
    # The role as the subject line writes it: "sales rep" is "Sales Representative".
    source = typed_words(interest, answers.company, capitalise_title(answers.role))
    dates = {str(answers.interview_date.day)} if answers.interview_date else set()
    contact = f"{answers.email} {answers.phone}"
    for number in NUMBER.findall(text):
        assert number.lower() in source or number in dates or number in contact, (number, text)
    # ...and every capitalised word inside a sentence is a name, a term or a date the
    # candidate gave (the writer may write "kafka" as "Kafka", never add a "Kafka").
    names = typed_words(*(p.name for p in answers.interviewers), answers.candidate_name)
    known = set(re.findall(r"\w+", f"{source} {names} {MONTHS.lower()} {contact.lower()}"))
    for sentence in sentences(text):
        for word in re.findall(r"(?<=\s)([A-Z][\w'’-]*)", sentence):
            bare = re.split(r"['’]", word)[0].lower()
            if bare != "i":
                assert set(re.findall(r"\w+", bare)) <= known, (word, sentence)
    # The one point is the interest answer's (its topic, or its first sentence).
    if said:
        assert said.lower() in note.body.lower(), (said, note.body)


def follow_up_cases() -> list[tuple[Answers, int]]:
    """Each interview, to its first interviewer and (a panel) its last."""
    cases = []
    for answers in interviews():
        cases.append((answers, 0))
        if answers.is_panel:
            cases.append((answers, len(answers.interviewers) - 1))
    return cases


def case_id(case: tuple[Answers, int]) -> str:
    answers, index = case
    return f"{answers.role[:24]}-{index}"


@pytest.mark.parametrize("case", follow_up_cases(), ids=case_id)
def test_every_follow_up_reads_as_written(case: tuple[Answers, int]) -> None:
    answers, index = case
    for number in (1, 2):
        note = compose_follow_up(answers, index, number=number)
        assert_good_follow_up(note, answers, index)
    first, second = (compose_follow_up(answers, index, number=n) for n in (1, 2))
    assert paragraphs(first) != paragraphs(second)  # the second says it writes again


@pytest.mark.parametrize("tone", TONES)
@pytest.mark.parametrize("stage", [None, "phone_screen", "final_round", "informational"])
def test_every_tone_and_stage(tone: str, stage: str | None) -> None:
    counts = []
    for answers in interviews()[::4]:
        answers = replace(answers, tone=tone, stage=stage)
        note = compose_follow_up(answers, 0)
        assert_good_follow_up(note, answers, 0)
        counts.append(note.word_count)
        text = " ".join(paragraphs(note))
        if stage == "informational":
            assert answers.role.lower() not in text.lower()  # no pitch for a job
            assert note.subject == "Re: Thank you for your advice"
        if stage == "phone_screen":
            assert "our call" in text or "which we discussed" in text
    assert all(LOW <= count <= HIGH for count in counts)


def test_the_word_counts_over_the_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    counts = [
        compose_follow_up(answers, index, number=number).word_count
        for answers, index in follow_up_cases()
        for number in (1, 2)
    ]
    with capsys.disabled():
        print(
            f"\n[follow-up] {len(counts)} notes over {len(INTERVIEWS)} interviews: "
            f"{min(counts)}-{max(counts)} words, mean {sum(counts) / len(counts):.0f}"
        )
    assert min(counts) >= LOW and max(counts) <= HIGH


def test_an_interest_too_long_for_the_note_is_left_out() -> None:
    answers = interviews()[1]
    long = "the event driven architecture is exactly what i want to work on because " + (
        " and ".join(["systems for logistics teams in three countries on tight budgets"] * 7)
    )
    note = compose_follow_up(replace(answers, interest=long))
    assert note.word_count <= HIGH
    assert "logistics" not in note.body
    assert "interested in the role" in note.body
    assert note.rewrites == ()


def test_the_candidates_own_wording_is_used_as_written() -> None:
    answers = interviews()[0]
    own = replace(answers, wording={"interest": "I would love to help open the Reno hub."})
    note = compose_follow_up(own)
    assert "I would love to help open the Reno hub." in note.body
    assert_good_follow_up(note, own, 0)


def test_the_subject_answers_the_saved_one() -> None:
    answers = interviews()[0]
    note = compose_follow_up(answers, subject="Thank you – Dispatcher interview (Nov 24)")
    assert note.subject == "Re: Thank you – Dispatcher interview (Nov 24)"
    assert follow_up_subject("Re:  Thank you") == "Re: Thank you"
    assert follow_up_subject("RE: Thank you") == "RE: Thank you"


def test_only_two_follow_ups_and_real_interviewers() -> None:
    answers = interviews()[0]
    for number in (0, 3):
        with pytest.raises(ValueError, match="number 1 or 2"):
            compose_follow_up(answers, number=number)
    with pytest.raises(ValueError, match="no interviewer 1"):
        compose_follow_up(answers, 1)
    with pytest.raises(ValueError, match="tone"):
        compose_follow_up(answers, tone="shouty")


def test_versions_choose_other_frames() -> None:
    answers = interviews()[2]
    bodies = {compose_follow_up(answers, version=v).body for v in range(3)}
    assert len(bodies) == 3
