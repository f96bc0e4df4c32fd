"""Getting a note out of the chat as a `.eml` draft (the links that open it as a draft
in Gmail, Outlook or the mail app are bot/drafts.py's)."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP


def eml_draft(subject: str, body: str, to: str = "") -> bytes:
    """A standard RFC 5322 message any mail client opens; X-Unsent marks it a draft."""
    message = EmailMessage(policy=SMTP)
    if to:
        message["To"] = to
    message["Subject"] = subject
    message["X-Unsent"] = "1"
    message.set_content(body)
    return message.as_bytes()
