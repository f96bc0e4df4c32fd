"""Rule 1, voice and reader: each note speaks to its reader as "you", in the candidate's
voice, and names the rest of a panel by first name."""

from __future__ import annotations

import pytest

from bot.writer.compose import compose_notes
from bot.writer.greeting import addressee
from bot.writer.voice import Reader, speak_to_reader
from dialogs.answers import answers_from_document

EMILY = Reader(names=addressee("Emily Carter").names)
COACH = Reader(names=addressee("Coach Maria Lopez").names)
PANEL = Reader(
    names=addressee("Priya Raman").names,
    panel=True,
    others={form: "Tom" for form in addressee("Tom Becker").names},
)


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("Emily stressed cross-team work.", "You stressed cross-team work."),
        ("emily carter stressed teamwork", "you stressed teamwork"),
        ("I told Emily about my dashboard.", "I told you about my dashboard."),
        ("Emily's team runs onboarding.", "Your team runs onboarding."),
        (
            "Emily always asks about churn; and Emily is new.",
            "You always ask about churn; and you are new.",
        ),
        ("Emily mentions churn.", "You mentioned churn."),
        ("I asked Emily questions about churn.", "I asked you questions about churn."),
        ("Emilyanne and Sam said hi.", "Emilyanne and Sam said hi."),
        ("Sam asked about Looker.", "Sam asked about Looker."),
        # one interviewer: he/she/her/him/his are the reader
        ("she says the team is growing", "you said the team is growing"),
        ("she was great, told her about the audit", "you were great, told you about the audit"),
        ("her question about my toughest client", "your question about my toughest client"),
        ("he has run the clinic since 2019", "you have run the clinic since 2019"),
        ("his story about starting as a teller", "your story about starting as a teller"),
        ("she's built a strong team", "you've built a strong team"),
        ("she's great at coaching", "you're great at coaching"),
        # they / you guys meaning the interviewers
        ("they stressed ownership", "you stressed ownership"),
        ("they kept coming back to security", "our conversation kept coming back to security"),
        ("you guys were great", "you were great"),
        # ...but not when "they" means a plural just named
        ("I liked that engineers own their services", "I liked that engineers own their services"),
    ],
)
def test_one_interviewer_is_spoken_to(said: str, written: str) -> None:
    voiced = speak_to_reader(said, EMILY)
    assert voiced.text == written
    assert not voiced.unresolved


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("Priya asked about postmortems", "You asked about postmortems"),
        (
            "tom becker was really into the routing rewrite",
            "Tom was really into the routing rewrite",
        ),
        ("they're planning a routing rewrite", "the team is planning a routing rewrite"),
        ("you guys run experiments weekly", "the team runs experiments weekly"),
        ("they were kind", "the team was kind"),
        ("how they could shadow-run the router", "how the team could shadow-run the router"),
    ],
)
def test_a_panel_note_speaks_to_its_reader_and_names_the_others(said: str, written: str) -> None:
    assert speak_to_reader(said, PANEL).text == written


def test_a_pronoun_in_a_panels_shared_answer_is_not_guessed() -> None:
    voiced = speak_to_reader("she asked about my thesis", PANEL)
    assert voiced.text == "she asked about my thesis" and voiced.unresolved == ["she"]
    # in a detail about the reader, "she" is the reader
    voiced = speak_to_reader("she asked about my thesis", PANEL, about_reader=True)
    assert voiced.text == "you asked about my thesis" and not voiced.unresolved


def test_a_word_of_the_readers_title_stays_where_it_means_someone_else() -> None:
    voiced = speak_to_reader("the head coach was out so Coach Lopez ran it", COACH)
    assert voiced.text == "the head coach was out so you ran it"


def test_a_name_that_is_an_ordinary_word_is_matched_only_with_its_capital() -> None:
    park = Reader(names=addressee("Dr. Helen Park").names)
    assert speak_to_reader("we walked in the park", park).text == "we walked in the park"
    assert speak_to_reader("dr park asked about my R01", park).text.startswith("you asked")


def test_in_a_panel_only_each_notes_own_reader_is_addressed() -> None:
    answers = answers_from_document(
        {
            "candidate_name": "Jordan Rivera",
            "interviewers": [{"name": "Emily Carter"}, {"name": "Dr. Sam Ortiz"}],
            "company": "Brightline Software",
            "role": "Customer Success Manager",
            "qualifications": "I managed 60 accounts.",
            "highlights": "Emily stressed onboarding and Dr. Ortiz asked about churn.",
            "interest": "The onboarding academy.",
            "email": "jordan@example.com",
        }
    )
    to_emily, to_sam = (note.body for note in compose_notes(answers))
    # Said as the candidate wrote it (a sentence typed with care is kept), to each reader.
    assert "You stressed onboarding and Sam asked about churn" in to_emily
    assert "Emily stressed onboarding and you asked about churn" in to_sam


@pytest.mark.parametrize(
    ("said", "written"),
    [
        (
            "she is adding a location and wants someone to run it",
            "you are adding a location and want someone to run it",
        ),
        ("she runs the clinic and loves it", "you run the clinic and love it"),
        ("she said the team works hard", "you said the team works hard"),
    ],
)
def test_a_verb_joined_by_and_agrees_with_you_too(said: str, written: str) -> None:
    assert speak_to_reader(said, EMILY, about_reader=True).text == written


@pytest.mark.parametrize(
    "said",
    ["Emily.c@example.com is my reference", "send it to Emily@acme.com", "see emily.carter.dev"],
)
def test_a_name_inside_an_address_is_left_alone(said: str) -> None:
    assert speak_to_reader(said, EMILY).text == said


def test_an_address_that_opens_an_answer_keeps_its_case() -> None:
    """ "dana.w@example.com is my reference", in the note to Dana: never "You.w@..." nor
    "Dana.w@..."."""
    from bot.writer import preview_answer

    doc = {
        "candidate_name": "sam reyes",
        "interviewers": [{"name": "Dana Lee"}, {"name": "Tom Ruiz"}],
        "company": "Acme",
        "role": "Manager",
        "qualifications": "I ran paid social.",
        "highlights": "Safety.",
        "interest": "dana.w@example.com is my reference",
        "email": "sam@example.com",
    }
    preview = preview_answer(doc, "interest")
    assert preview is not None
    assert preview.sentences[0].startswith("dana.w@example.com"), preview


@pytest.mark.parametrize(
    ("said", "written", "left"),
    [
        # A person named after the first pronoun is whom the later ones mean.
        (
            "she asked about leads so i told her about my old supervisor, he trained me on it",
            "you asked about leads so i told you about my old supervisor, he trained me on it",
            "he",
        ),
        (
            "he quizzed me on codes and i mentioned my instructor because she drilled us daily",
            "you quizzed me on codes and i mentioned my instructor because she drilled us daily",
            "she",
        ),
        (
            "she asked me about a tough patient and how i calmed her down",
            "you asked me about a tough patient and how i calmed her down",
            "her",
        ),
        # ... and with nobody named between, every pronoun is the reader.
        (
            "she asked about triage and i told her about my shifts",
            "you asked about triage and i told you about my shifts",
            None,
        ),
        ("he said his team is growing", "you said your team is growing", None),
    ],
)
def test_a_pronoun_after_another_person_is_not_the_reader(
    said: str, written: str, left: str | None
) -> None:
    voiced = speak_to_reader(said, EMILY)
    assert voiced.text == written
    assert voiced.unresolved == ([left] if left else [])
