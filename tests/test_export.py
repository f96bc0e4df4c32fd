"""Getting the note out: mailto links and .eml drafts."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default
from urllib.parse import parse_qs, unquote, urlsplit

from bot.export import MAX_MAILTO_CHARS, eml_draft, mailto_link

SUBJECT = "Thank you – Data Analyst interview"
BODY = "Dear Dr. Natarajan,\n\nThank you & goodbye? 100% = yes; #1 <b>\n\nBest regards,\nZoë"


def test_mailto_carries_subject_and_body_encoded() -> None:
    link = mailto_link(SUBJECT, BODY)
    parts = urlsplit(link)
    assert parts.scheme == "mailto"
    query = parse_qs(parts.query)
    assert query["subject"] == [SUBJECT]
    assert query["body"] == [BODY.replace("\n", "\r\n")]
    assert " " not in link and "\n" not in link and "&goodbye" not in link


def test_a_mailto_over_2000_characters_keeps_only_the_subject() -> None:
    long_body = "word " * 600
    link = mailto_link(SUBJECT, long_body)
    assert len(link) <= MAX_MAILTO_CHARS
    assert "body=" not in link
    assert unquote(link.split("subject=")[1]) == SUBJECT


def test_eml_draft_opens_as_a_standard_message() -> None:
    message = message_from_bytes(eml_draft(SUBJECT, BODY), policy=default)
    assert message["Subject"] == SUBJECT
    assert message["X-Unsent"] == "1"
    assert message.get_content().replace("\r\n", "\n").strip() == BODY
