"""Getting a note out of the chat: a `mailto:` link and a `.eml` draft."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from urllib.parse import quote

# Browsers and mail clients start truncating or refusing mailto links around 2,000
# characters; past that the body is left for copying and only the subject is filled.
MAX_MAILTO_CHARS = 2000


def mailto_link(subject: str, body: str, to: str = "") -> str:
    """A mailto: URL with the subject and body filled in (RFC 6068 percent-encoding)."""
    base = f"mailto:{quote(to, safe='@')}?subject={quote(subject, safe='')}"
    # RFC 6068: line breaks in the body are encoded as %0D%0A.
    with_body = f"{base}&body={quote(body.replace(chr(10), chr(13) + chr(10)), safe='')}"
    return with_body if len(with_body) <= MAX_MAILTO_CHARS else base


def eml_draft(subject: str, body: str, to: str = "") -> bytes:
    """A standard RFC 5322 message any mail client opens; X-Unsent marks it a draft."""
    message = EmailMessage(policy=SMTP)
    if to:
        message["To"] = to
    message["Subject"] = subject
    message["X-Unsent"] = "1"
    message.set_content(body)
    return message.as_bytes()
