"""The drafts opened in headless Chromium with the network off (tests/chromium.py):
each Gmail and Outlook link is requested as the URL its provider documents, with the
recipient, subject and body in its query as the browser parses it; the mailto: link
carries them in the form RFC 6068 gives. No request leaves the machine: each one is
caught before it is sent."""

from __future__ import annotations

import json

import pytest

from bot.drafts import GMAIL, MAILTO, OUTLOOK, OUTLOOK_PERSONAL, draft_links
from tests.chromium import headless_chromium, require_chromium
from tests.test_drafts import SUBJECT, THREE_PARAGRAPHS

TO = "dana.lee+interviews@acme.com"
DOCUMENTED = {
    GMAIL: ("mail.google.com", "/mail/", {"view": "cm", "fs": "1"}, ("to", "su", "body")),
    OUTLOOK: ("outlook.office.com", "/mail/deeplink/compose", {}, ("to", "subject", "body")),
    OUTLOOK_PERSONAL: (
        "outlook.live.com",
        "/mail/0/deeplink/compose",
        {},
        ("to", "subject", "body"),
    ),
}
# The fields as the page's own URL parser reads them (WHATWG URL, as Chromium navigates).
PARSE = """(() => {
  const url = new URL(%s);
  const fields = url.protocol === "mailto:"
    ? Object.fromEntries(url.search.slice(1).split("&").map(f => f.split("="))
        .map(([k, v]) => [k, decodeURIComponent(v)]))
    : Object.fromEntries(url.searchParams);
  const a = document.createElement("a");
  a.href = url.href;
  return {href: url.href, anchor: a.href, protocol: url.protocol, host: url.host,
          path: decodeURIComponent(url.pathname), fields};
})()"""


async def test_each_link_opens_as_its_documented_url_with_the_fields() -> None:
    path = require_chromium()
    links = draft_links(TO, SUBJECT, THREE_PARAGRAPHS, "teams")
    assert all(link.whole for link in links)
    async with headless_chromium(path) as browser:
        for link in links:
            parsed = await browser.evaluate(PARSE % json.dumps(link.url))
            # The browser needed to re-encode nothing: the link is already canonical.
            assert parsed["href"] == link.url == parsed["anchor"]
            if link.provider == MAILTO:
                assert parsed["protocol"] == "mailto:"
                assert parsed["path"] == TO
                assert parsed["fields"] == {
                    "subject": SUBJECT,
                    "body": THREE_PARAGRAPHS.replace("\n", "\r\n"),  # RFC 6068: CRLF
                }
                assert "%0D%0A" in link.url and "%20" in link.url
                continue
            host, route, fixed, names = DOCUMENTED[link.provider]
            opened = await browser.open_url(link.url)
            # Chromium requested exactly the link, and the request never went out.
            assert opened.requested == link.url, link.provider
            assert "BLOCKED_BY_CLIENT" in opened.error
            assert (parsed["protocol"], parsed["host"], parsed["path"]) == ("https:", host, route)
            assert parsed["fields"] == {
                **fixed,
                names[0]: TO,
                names[1]: SUBJECT,
                names[2]: THREE_PARAGRAPHS,
            }


@pytest.mark.parametrize("channel", ["slack", "teams"])
async def test_a_link_without_its_body_still_opens_with_recipient_and_subject(
    channel: str,
) -> None:
    path = require_chromium()
    long_note = THREE_PARAGRAPHS * 40
    links = draft_links(TO, SUBJECT, long_note, channel)
    async with headless_chromium(path) as browser:
        for link in links:
            parsed = await browser.evaluate(PARSE % json.dumps(link.url))
            fields = parsed["fields"]
            assert TO in (fields.get("to"), parsed["path"])
            assert SUBJECT in (fields.get("su"), fields.get("subject"))
            assert ("body" in fields) == link.whole
