"""One-click drafts (bot/drafts.py): every link decodes back to the recipient, subject
and body byte for byte, and each stays within its bound, leaving the body out past it."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from bot import drafts
from bot.drafts import (
    GMAIL,
    MAILTO,
    OUTLOOK,
    OUTLOOK_PERSONAL,
    draft_links,
    gmail_link,
    mailto_link,
    outlook_link,
)
from bot.writer import compose_notes
from dialogs.answers import answers_from_document

CHANNELS = ("slack", "teams", "console")

THREE_PARAGRAPHS = (
    "Dear Zoë Ñúñez-O'Brien 🌟,\n\n"
    'Thank you for the conversation about R&D at Café "Crème" & Co. – I enjoyed '
    "hearing about the São Paulo launch; 100% of my questions (+ a few more) were "
    "answered. #1 on my list: the “data platform”? Yes = yes.\n\n"
    "Best regards,\nMaria Gonzalez\nmaria+jobs@example.com\n(555) 201-7788"
)
NOTES = {
    "three paragraphs, accents, quotes, ampersands, emoji": THREE_PARAGRAPHS,
    "Windows line breaks": "Dear Dana,\r\n\r\nThank you.\r\n\r\nBest,\r\nMaria",
    "one line": "Thanks!",
    "URL-like text": "See https://acme.com/?a=1&b=2#top and 50% off %20 literally.",
}
SUBJECT = "Thank you – R&D «Data» interview at Zoë's Café 🎉"


def decoded(url: str) -> tuple[str | None, str, str | None]:
    """(recipient, subject, body) as each provider reads its link: Gmail and Outlook a
    form-encoded query (where `+` is a space, so none may be left raw), mailto: per
    RFC 6068 (the address in the path, hfields percent-decoded as UTF-8)."""
    parts = urlsplit(url)
    if parts.scheme == "mailto":
        fields = dict(field.split("=", 1) for field in parts.query.split("&"))
        to = unquote(parts.path, errors="strict") or None
        body = fields.get("body")
        return (
            to,
            unquote(fields["subject"], errors="strict"),
            None if body is None else unquote(body, errors="strict"),
        )
    assert "+" not in parts.query, "a raw + would read as a space"
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    subject = query["su" if parts.netloc == "mail.google.com" else "subject"]
    return (
        query["to"][0] if "to" in query else None,
        subject[0],
        query["body"][0] if "body" in query else None,
    )


def line_breaks(body: str, provider: str) -> str:
    """The body as its link must carry it: CRLF in mailto: (RFC 6068), LF elsewhere."""
    plain = body.replace("\r\n", "\n")
    return plain.replace("\n", "\r\n") if provider == MAILTO else plain


@pytest.mark.parametrize("body", NOTES.values(), ids=NOTES.keys())
@pytest.mark.parametrize("to", [None, "dana@acme.com", "tom.becker+interviews@acme.co.uk"])
@pytest.mark.parametrize("channel", CHANNELS)
def test_every_link_decodes_to_the_recipient_subject_and_body(
    channel: str, to: str | None, body: str
) -> None:
    links = draft_links(to, SUBJECT, body, channel)
    assert [link.provider for link in links] == [GMAIL, OUTLOOK, OUTLOOK_PERSONAL, MAILTO]
    for link in links:
        assert link.whole
        assert decoded(link.url) == (to, SUBJECT, line_breaks(body, link.provider))
        assert not any(ch.isspace() or ord(ch) > 127 for ch in link.url), link.url


def test_a_composed_note_with_accents_emoji_and_ampersands_survives_each_link() -> None:
    document = {
        "candidate_name": "Zoë Ñúñez",
        "interviewers": [
            {"name": "Dana 🌟 Lee", "title": "R&D Director", "email": "dana@acme.com"}
        ],
        "company": "Crème & Co.",
        "role": 'Data "Platform" Analyst',
        "qualifications": "I led the migration to São Paulo's data centre & cut costs 30%",
        "highlights": "you stressed teamwork across R&D and ops",
        "interest": "the chance to build the “data platform” from scratch",
        "email": "zoe@example.com",
        "tone": "warm",
    }
    answers = answers_from_document(document)
    (note,) = compose_notes(answers)
    assert note.body.count("\n\n") >= 2  # three paragraphs at least
    for link in draft_links("dana@acme.com", note.subject, note.body, "teams"):
        assert link.whole
        expected = ("dana@acme.com", note.subject, line_breaks(note.body, link.provider))
        assert decoded(link.url) == expected


def test_the_forms_are_the_documented_ones() -> None:
    gmail = urlsplit(gmail_link("dana@acme.com", "Hi", "Body"))
    assert (gmail.scheme, gmail.netloc, gmail.path) == ("https", "mail.google.com", "/mail/")
    assert gmail.query.startswith("view=cm&fs=1&to=dana@acme.com&su=Hi&body=Body")
    for compose, host, path in (
        (drafts.OUTLOOK_COMPOSE, "outlook.office.com", "/mail/deeplink/compose"),
        (drafts.OUTLOOK_PERSONAL_COMPOSE, "outlook.live.com", "/mail/0/deeplink/compose"),
    ):
        outlook = urlsplit(outlook_link(compose, "dana@acme.com", "Hi", "Body"))
        assert (outlook.scheme, outlook.netloc, outlook.path) == ("https", host, path)
        assert outlook.query == "to=dana@acme.com&subject=Hi&body=Body"
    assert mailto_link("dana@acme.com", "Hi there", "a\nb") == (
        "mailto:dana@acme.com?subject=Hi%20there&body=a%0D%0Ab"
    )


def test_spaces_and_plus_signs_are_percent_encoded_never_plus() -> None:
    for url in (
        gmail_link("a+b@x.com", "1 + 1", "x + y"),
        outlook_link(drafts.OUTLOOK_COMPOSE, "a+b@x.com", "1 + 1", "x + y"),
        mailto_link("a+b@x.com", "1 + 1", "x + y"),
    ):
        assert "+" not in url and " " not in url
        assert "%2B" in url and "%20" in url


def test_a_mailto_domain_is_written_in_its_idna_form() -> None:
    url = mailto_link("zoë@exämple.com", "Hi", None)
    assert url.startswith("mailto:zo%C3%AB@xn--exmple-cua.com?")
    assert decoded(url)[0] == "zoë@xn--exmple-cua.com"
    assert b"xn--exmple-cua.com".decode("idna") == "exämple.com"


def test_a_lone_surrogate_becomes_a_replacement_character_not_an_error() -> None:
    for link in draft_links(None, "Hi", "bad \ud800 text", "teams"):
        assert decoded(link.url)[2] == "bad \ufffd text"


# -- the bounds ------------------------------------------------------------------------


def bounds() -> list[tuple[str, str, int]]:
    return [
        (channel, provider, drafts.limit(provider, channel))
        for channel in CHANNELS
        for provider in drafts.PROVIDERS
    ]


def test_the_bounds_are_the_figures_written_down() -> None:
    assert {(c, p): b for c, p, b in bounds()} == {
        ("slack", GMAIL): 3000,  # Slack's button url
        ("slack", OUTLOOK): 2048,
        ("slack", OUTLOOK_PERSONAL): 2048,
        ("slack", MAILTO): 2000,
        **{(c, GMAIL): 8000 for c in ("teams", "console")},
        **{(c, OUTLOOK): 2048 for c in ("teams", "console")},
        **{(c, OUTLOOK_PERSONAL): 2048 for c in ("teams", "console")},
        **{(c, MAILTO): 2000 for c in ("teams", "console")},
    }


def _link(provider: str, links: tuple[drafts.Link, ...]) -> drafts.Link:
    return next(link for link in links if link.provider == provider)


@pytest.mark.parametrize(("channel", "provider", "bound"), bounds())
def test_a_link_exactly_at_its_bound_keeps_the_body(
    channel: str, provider: str, bound: int
) -> None:
    empty = _link(provider, draft_links("dana@acme.com", SUBJECT, "", channel))
    body = "a" * (bound - len(empty.url))  # an unreserved letter is one character
    link = _link(provider, draft_links("dana@acme.com", SUBJECT, body, channel))
    assert len(link.url) == bound
    assert link.whole
    assert decoded(link.url)[2] == body


@pytest.mark.parametrize(("channel", "provider", "bound"), bounds())
def test_one_character_past_its_bound_leaves_the_body_out(
    channel: str, provider: str, bound: int
) -> None:
    empty = _link(provider, draft_links("dana@acme.com", SUBJECT, "", channel))
    body = "a" * (bound - len(empty.url) + 1)
    link = _link(provider, draft_links("dana@acme.com", SUBJECT, body, channel))
    assert not link.whole
    assert len(link.url) <= bound
    assert decoded(link.url) == ("dana@acme.com", SUBJECT, None)


def test_the_bound_counts_the_encoded_link_not_the_note() -> None:
    """An "é" is six characters in a link (%C3%A9): 400 of them pass mailto's 2,000."""
    body = "é" * 400
    link = _link(MAILTO, draft_links(None, "Hi", body, "teams"))
    assert not link.whole
    shorter = _link(MAILTO, draft_links(None, "Hi", "é" * 300, "teams"))
    assert shorter.whole and len(shorter.url) <= 2000
