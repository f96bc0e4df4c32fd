"""Drafts in Slack's DM, through signed requests: each note's link buttons and mailto:
link, "Copy-ready" posting the note's text alone (the message it was on left as it
was), and the sentence beside the links when the note is too long for one."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from adapters.slack.text import escape, unescape
from dialogs.messages import conversation_key
from tests.dialog_script import SINGLE
from tests.saved_notes import a_note, save_notes
from tests.slack import block_kit
from tests.slack.conftest import SlackHarness

EMAILED = [*SINGLE]
EMAILED[0] = "Emily Carter, Director of Customer Success, emily@brightline.io"


async def at_the_review(slack: SlackHarness) -> None:
    await slack.command()
    for line in EMAILED:
        await slack.message(line)


async def test_the_review_offers_each_draft_and_copy_ready(slack: SlackHarness) -> None:
    await at_the_review(slack)
    review = slack.last_with_button("Copy-ready")
    urls = {b["text"]["text"]: b["url"] for b in review.buttons if "url" in b}
    assert list(urls) == ["Open in Gmail", "Open in Outlook", "Outlook.com"]
    assert all(len(url) <= block_kit.BUTTON_URL for url in urls.values())
    gmail = parse_qs(urlsplit(urls["Open in Gmail"]).query)
    assert gmail["to"] == ["emily@brightline.io"] and gmail["su"][0].startswith("Thank you")
    body = gmail["body"][0]
    assert "<mailto:emily@brightline.io?subject=" in review.text
    assert "To: emily@brightline.io" in review.text
    # "Copy-ready": the note's text alone, as plain text; the review keeps its buttons.
    updates = len(slack.fake.of("chat.update"))
    (copied,) = await slack.press("Copy-ready", review)
    sections = [b["text"] for b in copied.blocks]
    assert [s["type"] for s in sections] == ["plain_text"] * len(sections)
    assert "".join(s["text"] for s in sections) == body
    assert unescape(copied.call.params["text"]) == body == unescape(escape(body))
    assert len(slack.fake.of("chat.update")) == updates
    assert "Done" in [b["text"]["text"] for b in slack.last_with_button("Done").buttons]
    await slack.press("Done")
    assert "Saved 1 note" in slack.fake.posted()[-2].text + slack.fake.posted()[-1].text


async def test_a_note_too_long_for_a_link_says_so_beside_the_buttons(slack: SlackHarness) -> None:
    """The composer keeps notes short; a note saved longer (an edited one, a follow-up)
    must still be shown within Slack's limits."""
    body = "Thank you for the conversation about the analytics roadmap. " * 45
    await save_notes(slack.store, conversation_key("slack", "T1", "U1"), [a_note(body=body)])
    (shown,) = await slack.message("notes 1")
    assert "the note is too long for a link: paste it" in shown.text
    links = [b for b in shown.buttons if "url" in b]
    assert [b["text"]["text"] for b in links] == ["Open in Gmail", "Open in Outlook", "Outlook.com"]
    for link in links:
        fields = parse_qs(urlsplit(link["url"]).query)
        assert "body" not in fields and fields["to"] == ["dana@acme.com"]
        assert len(link["url"]) <= block_kit.BUTTON_URL
    assert block_kit.problems(shown.blocks) == []
