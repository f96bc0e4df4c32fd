"""Getting the note out as an .eml draft."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default

from bot.export import eml_draft

SUBJECT = "Thank you – Data Analyst interview"
BODY = "Dear Dr. Natarajan,\n\nThank you & goodbye? 100% = yes; #1 <b>\n\nBest regards,\nZoë"


def test_eml_draft_opens_as_a_standard_message() -> None:
    message = message_from_bytes(eml_draft(SUBJECT, BODY), policy=default)
    assert message["Subject"] == SUBJECT
    assert message["X-Unsent"] == "1"
    assert message["To"] is None
    assert message.get_content().replace("\r\n", "\n").strip() == BODY


def test_eml_draft_is_addressed_to_the_interviewer_when_given() -> None:
    message = message_from_bytes(eml_draft(SUBJECT, BODY, "dana@acme.com"), policy=default)
    assert message["To"] == "dana@acme.com"
