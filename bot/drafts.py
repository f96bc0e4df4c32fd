"""One-click drafts: a note opened as an e-mail in Gmail, in Outlook on the web, or in
the mail app (`mailto:`), with the recipient, the subject and the body filled in.

Neither Google nor Microsoft documents its web compose link as an API; these are the
forms their web apps open, long in use:
- Gmail: `https://mail.google.com/mail/?view=cm&fs=1&to=…&su=…&body=…` (the subject is
  `su`). Gmail reads the query as a form (application/x-www-form-urlencoded), so a `+`
  would be a space: everything is percent-encoded, `+` as %2B. (Chromium and Firefox
  open Gmail for mailto: links through `https://mail.google.com/mail/?extsrc=mailto&url=%s`:
  chromium/src chrome/common/url_constants.h, firefox uriloader/exthandler/HandlerList.sys.mjs.)
- Outlook on the web: `https://outlook.office.com/mail/deeplink/compose?to=…&subject=…&
  body=…` for work or school accounts, `https://outlook.live.com/mail/0/deeplink/compose?…`
  for personal ones (Outlook.com, Hotmail). Spaces must be %20: Outlook's query parser
  turns `+` into a space, and a signed-out user's sign-in redirect has been reported to
  turn %20 into `+` (techcommunity.microsoft.com, "Outlook deeplink for email compose
  replaces spaces with ++ when user not logged in", 2024); a `%2B` in `to` has been
  reported read as a space (OfficeDev/office-js#4127), so a plus-addressed recipient may
  need fixing by hand there.
- mailto: RFC 6068: `mailto:addr?subject=…&body=…`, UTF-8 percent-encoded, spaces as %20,
  line breaks in the body as %0D%0A, the domain in its IDNA (ASCII) form (section 2).

Each link is bounded by what its provider accepts and what the channel can carry (the
figures and their sources below). A link that would pass its bound leaves the body out
and keeps the recipient and the subject; the presenter then says so beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import quote

GMAIL = "gmail"
OUTLOOK = "outlook"  # work or school account (Microsoft 365)
OUTLOOK_PERSONAL = "outlook_personal"  # Outlook.com, Hotmail, Live
MAILTO = "mailto"
PROVIDERS = (GMAIL, OUTLOOK, OUTLOOK_PERSONAL, MAILTO)

GMAIL_COMPOSE = "https://mail.google.com/mail/?view=cm&fs=1"
OUTLOOK_COMPOSE = "https://outlook.office.com/mail/deeplink/compose"
OUTLOOK_PERSONAL_COMPOSE = "https://outlook.live.com/mail/0/deeplink/compose"

# The longest link (whole URL, in characters) each provider is given. Their servers can
# not be reached from where this was written, so these are published figures:
# - mailto: 2,000. RFC 6068 sets no limit, but the link is handed to the operating
#   system's mail handler: Chromium and Firefox refused external-protocol URLs past
#   2,048 characters on Windows ("IE 5 and 6 support URLS of 2083 chars in length, 2K
#   is safe", chromium platform_util_win.cc, kMaxUrlLength = 2048), and Internet
#   Explorer's limit was 2,083 (learn.microsoft.com, SQL Server Reporting Services URL
#   access). Kept under both.
# - Outlook on the web: 2,048. Microsoft's answer on the compose deep link's parameters
#   gives "the limit on URL length of around 2048 chars"; IIS, which serves it, refuses a
#   query string over 2,048 bytes by default (requestLimits maxQueryString).
# - Gmail: 8,000. Google publishes no limit; RFC 9110 section 4.1 asks every server to
#   take URIs of at least 8,000 octets.
# Browsers take far more: Chromium 2,097,152 characters (url::kMaxURLChars; measured in
# headless Chromium by bench/url_limits.py), Firefox 1,048,576; Slack's and Teams'
# desktop apps are Chromium. So the providers' figures are the ones that bind.
PROVIDER_CHARS = {GMAIL: 8000, OUTLOOK: 2048, OUTLOOK_PERSONAL: 2048, MAILTO: 2000}

# What each channel can carry in one link:
# - slack: 3,000, the Block Kit limit of a button's `url` (docs.slack.dev, Button
#   element); the mailto: link goes in a mrkdwn text object, also 3,000.
# - teams: no limit of its own on Action.OpenUrl's `url`; the whole card must stay under
#   the connector's 100 KB (adapters/teams/render.py drops a note's links when even the
#   note alone would not fit).
# - console: printed, no limit.
CHANNEL_CHARS: dict[str, int | None] = {"slack": 3000, "teams": None, "console": None}


class Link(NamedTuple):
    provider: str
    url: str
    whole: bool  # False: too long with the body, which was left out


def limit(provider: str, channel: str) -> int:
    """The longest link for `provider` shown in `channel`."""
    carried = CHANNEL_CHARS.get(channel)
    bound = PROVIDER_CHARS[provider]
    return bound if carried is None else min(bound, carried)


def draft_links(to: str | None, subject: str, body: str, channel: str) -> tuple[Link, ...]:
    """The note's drafts in every provider, each within its bound for `channel`."""
    builders: dict[str, Callable[[bool], str]] = {
        GMAIL: lambda full: gmail_link(to, subject, body if full else None),
        OUTLOOK: lambda full: outlook_link(OUTLOOK_COMPOSE, to, subject, body if full else None),
        OUTLOOK_PERSONAL: lambda full: outlook_link(
            OUTLOOK_PERSONAL_COMPOSE, to, subject, body if full else None
        ),
        MAILTO: lambda full: mailto_link(to, subject, body if full else None),
    }
    links = (
        _fitted(provider, build, limit(provider, channel)) for provider, build in builders.items()
    )
    return tuple(link for link in links if link is not None)


def _fitted(provider: str, build: Callable[[bool], str], bound: int) -> Link | None:
    whole = build(True)
    if len(whole) <= bound:
        return Link(provider, whole, True)
    short = build(False)
    # Without the body a link is a few hundred characters at most (an address is at most
    # 254, a subject a line): None only for a bound no real link could meet.
    return Link(provider, short, False) if len(short) <= bound else None


def gmail_link(to: str | None, subject: str, body: str | None) -> str:
    fields = [("to", _address(to)), ("su", _text(subject)), ("body", _body(body, "\n"))]
    return GMAIL_COMPOSE + "".join(
        f"&{name}={value}" for name, value in fields if value is not None
    )


def outlook_link(compose: str, to: str | None, subject: str, body: str | None) -> str:
    fields = [("to", _address(to)), ("subject", _text(subject)), ("body", _body(body, "\n"))]
    query = "&".join(f"{name}={value}" for name, value in fields if value is not None)
    return f"{compose}?{query}"


def mailto_link(to: str | None, subject: str, body: str | None) -> str:
    """RFC 6068: the address in the path, then the subject and the body, whose line
    breaks are CRLF (%0D%0A)."""
    address = _address(_idna(to)) or ""
    fields = [("subject", _text(subject)), ("body", _body(body, "\r\n"))]
    return f"mailto:{address}?" + "&".join(
        f"{name}={value}" for name, value in fields if value is not None
    )


def _pct(text: str) -> str:
    """UTF-8, every byte but the unreserved ASCII letters, digits and `-._~` as %XX: a
    space is %20 and a `+` is %2B, which every reader above takes literally. A lone
    surrogate (never in a composed note) becomes U+FFFD rather than failing."""
    return quote(text.encode("utf-16", "surrogatepass").decode("utf-16", "replace"), safe="")


def _text(text: str) -> str:
    return _pct(" ".join(text.splitlines()))  # a subject is one line


def _body(body: str | None, newline: str) -> str | None:
    if body is None:
        return None
    return _pct(newline.join(body.replace("\r\n", "\n").replace("\r", "\n").split("\n")))


def _address(to: str | None) -> str | None:
    # `@` stays as it is, as RFC 6068 writes an address; everything else is encoded.
    return quote(to.encode("utf-8", "replace"), safe="@") if to else None


def _idna(to: str | None) -> str | None:
    """The address with its domain in IDNA form (RFC 6068 section 2, for mail clients
    that predate internationalised domains); as typed if the domain has no such form."""
    if not to or to.isascii():
        return to
    local, _, domain = to.rpartition("@")
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        return to
