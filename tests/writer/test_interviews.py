"""Whole interviews typed carelessly: every note of each must read as a careful writer's.

The checks are the rules of careful writing, applied from the outside: shape, clean
prose, every fact kept and none added, no chat forms, the reader spoken to as "you",
the rest of a panel by first name, titles in greetings. The figure the issue asks
for, confirmations per interview, is printed.
"""

from __future__ import annotations

import re

import pytest

from bot.writer import compose_notes
from bot.writer.casing import is_shouted
from bot.writer.chat import is_chat_word
from bot.writer.greeting import addressee
from bot.writer.spelling import is_common_word
from dialogs.answers import Answers
from dialogs.interview import MAX_WORDING_ASKS
from tests.test_compose import NUMBER, answer_texts, assert_good_note, paragraphs
from tests.writer.corpus import INTERVIEWS, interviews

CHAT_FORMS = re.compile(
    r"\b(?:yrs?|hrs?|mins|approx|avg|w/o?|u|ur|r|tbh|lol|im|ive|dont|didnt|cant|thats|"
    r"whos|pls|thx|ppl|mgmt|govt|thru|bc|b/c|gonna|wanna|so basically|honestly|i)\b|~\d|!!"
)
EMOJI = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF]")


def _notes(answers: Answers) -> list[tuple[int, str]]:
    return [(i, n.body) for i, n in enumerate(compose_notes(answers))]


@pytest.mark.parametrize("answers", interviews(), ids=[d["role"] for d in INTERVIEWS])
def test_every_note_of_a_carelessly_typed_interview_reads_as_written(answers: Answers) -> None:
    notes = compose_notes(answers)
    people = [addressee(p.name) for p in answers.interviewers]
    for index, note in enumerate(notes):
        assert_good_note(note, answers, index)
        text = " ".join(paragraphs(note))
        company_free = text.replace(note.body.split(" at ", 1)[1].split(".")[0], "")
        assert not CHAT_FORMS.search(text), (CHAT_FORMS.search(text), text)
        assert not EMOJI.search(note.body)
        assert not re.search(r"\b(\w+) \1\b", text, re.IGNORECASE), text
        # The reader is "you": never named in the third person in their own note.
        reader = people[index]
        for form in {reader.full, reader.formal, reader.first}:
            assert not re.search(rf"\b{re.escape(form)}\b", text), (form, text)
        # The rest of the panel: first names only.
        for other in people[:index] + people[index + 1 :]:
            surname = other.full.split()[-1]
            if surname != other.first:
                assert not re.search(rf"\b{re.escape(surname)}\b", company_free), (surname, text)
        # Names keep their capitals wherever a note says them ("Also, Tom was ...").
        for person in people:
            prose = re.sub(r"\S+@\S+", "", text)
            if not is_common_word(person.first):
                assert not re.search(rf"\b{re.escape(person.first.lower())}\b", prose), text
        # Greetings: a title given before the name is how the reader is greeted.
        if reader.titled:
            assert note.body.startswith(f"Dear {reader.formal},"), note.body[:40]
        # Nothing added: every number in the paragraphs was typed by the candidate.
        typed = " ".join([*answer_texts(answers, index), answers.company, answers.role])
        # "50k" is written "50,000": a figure typed short is still the candidate's.
        typed += " " + re.sub(r"(\d+)k\b", lambda m: f"{int(m.group(1)) * 1000:,}", typed)
        dates = {str(answers.interview_date.day)} if answers.interview_date else set()
        contact = f"{answers.email} {answers.phone}"
        for number in NUMBER.findall(text):
            assert number in typed or number in dates or number in contact, (number, text)
        # Capitals the candidate typed inside an answer are kept.
        for part in re.split(r"[.,;\n]", "\n".join(answer_texts(answers, index))):
            if is_shouted(part):
                continue  # a shouted answer is written in sentence case
            for term in re.findall(r"(?<=\w )([A-Z][\w+-]*[A-Z][\w+-]*)", part):
                if not is_chat_word(term):
                    assert term in note.body, (term, text)


def test_at_most_one_and_a_half_confirmations_per_interview_on_average(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Issue 21's bound for careless typers (1.5; issue 8 had 1, before the proofreader
    read every sentence: these interviews now get 1.03, the chat corpus's careless ones
    1.84, see tests/writer/test_chat_corpus.py)."""
    asked = 0
    for answers in interviews():
        notes = compose_notes(answers)
        unsure = {
            (r.answer, index if r.answer == "detail" else 0)
            for index, note in enumerate(notes)
            for r in note.rewrites
            if not r.sure
        }
        asked += min(len(unsure), MAX_WORDING_ASKS)  # the interview asks at most this often
    average = asked / len(INTERVIEWS)
    with capsys.disabled():
        print(
            f"\n[writer] {asked} confirmations over {len(INTERVIEWS)} realistic interviews: "
            f"{average:.2f} per interview (limit 1.5)"
        )
    assert len(INTERVIEWS) >= 25
    assert average <= 1.5
