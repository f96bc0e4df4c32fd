"""A note speaks to its reader: their name in an answer becomes "you"."""

from __future__ import annotations

import pytest

from bot.compose import compose_notes
from bot.recipient import address_recipient
from dialogs.answers import answers_from_document

EMILY = ("Emily Carter", "Emily")


@pytest.mark.parametrize(
    ("said", "written"),
    [
        ("Emily stressed cross-team work.", "you stressed cross-team work."),
        ("emily carter stressed teamwork", "you stressed teamwork"),
        ("I told Emily about my dashboard.", "I told you about my dashboard."),
        ("Emily's team runs onboarding.", "your team runs onboarding."),
        ("She said Emily was impressed.", "She said you were impressed."),
        (
            "Emily always asks about churn; and Emily is new.",
            "you always ask about churn; and you are new.",
        ),
        ("Emily mentions churn.", "you mention churn."),
        ("Emilyanne and Sam said hi.", "Emilyanne and Sam said hi."),
        ("Sam asked about Looker.", "Sam asked about Looker."),
    ],
)
def test_the_readers_name_becomes_you(said: str, written: str) -> None:
    assert address_recipient(said, EMILY) == written


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
    assert "you stressed onboarding and Dr. Ortiz asked about churn" in to_emily
    assert "Emily stressed onboarding and you asked about churn" in to_sam
