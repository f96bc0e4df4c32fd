"""Drafts in Teams, through botbuilder and the fake Bot Connector: `notes` and the
welcome card list the latest notes with their drafts (Action.OpenUrl), `notes N`
carries them with "Copy-ready", which answers with the note's text alone and leaves
the card as it was."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.dialog_script import SINGLE
from tests.teams.teams_script import TeamsUser

EMAILED = [*SINGLE]
EMAILED[0] = "Emily Carter, Director of Customer Success, emily@brightline.io"


def open_urls(card: dict[str, Any] | None) -> list[tuple[str, str]]:
    assert card is not None
    return [
        (action["title"], action["url"])
        for block in card["body"]
        if block.get("type") == "ActionSet"
        for action in block["actions"]
        if action["type"] == "Action.OpenUrl"
    ]


async def write_a_note(user: TeamsUser) -> None:
    await user.send("thankyou")
    for line in EMAILED:
        await user.send(line)
    await user.press("done")


async def test_notes_and_notes_n_carry_the_drafts(user: TeamsUser) -> None:
    await write_a_note(user)
    (listed,) = await user.send("notes")
    titles = [title for title, _ in open_urls(listed.card)]
    assert titles == ["Open in Gmail", "Open in Outlook", "Outlook.com", "Open as e-mail"]
    assert "notes 1" in listed.values  # "Show"
    (shown,) = await user.send("notes 1")
    links = dict(open_urls(shown.card))
    gmail = parse_qs(urlsplit(links["Open in Gmail"]).query)
    assert gmail["to"] == ["emily@brightline.io"]
    assert gmail["body"][0].startswith("Dear Emily") and gmail["body"][0].endswith("(555) 014-2290")
    assert urlsplit(links["Open in Outlook"]).netloc == "outlook.office.com"
    assert urlsplit(links["Outlook.com"]).netloc == "outlook.live.com"
    assert links["Open as e-mail"].startswith("mailto:emily@brightline.io?subject=")
    assert "To" in shown.text and "emily@brightline.io" in shown.text
    # "Copy-ready": a plain message, the note's text alone; the card is not updated.
    updated = len(user.connector.updated)
    (copied,) = await user.press("copy 1", shown)
    assert copied.card is None
    assert copied.text.startswith("Dear Emily") and "Subject" not in copied.text
    assert copied.text.replace("\\", "").replace("\n\n", "\n") == gmail["body"][0].replace(
        "\n\n", "\n"
    )
    assert len(user.connector.updated) == updated


async def test_the_welcome_card_lists_the_saved_notes_with_their_drafts(user: TeamsUser) -> None:
    (welcome,) = await user.install()
    assert open_urls(welcome.card) == []  # nothing saved yet: the welcome alone
    assert welcome.values == ["thankyou", "help"]
    await write_a_note(user)
    await user.post(user.activity(type="installationUpdate", action="remove", text=None))
    (welcome,) = await user.install()
    assert "I'm your thank-you note coach" in welcome.text
    assert "to Emily Carter" in welcome.text
    assert [title for title, _ in open_urls(welcome.card)][:2] == [
        "Open in Gmail",
        "Open in Outlook",
    ]
    assert welcome.values == ["notes 1", "thankyou", "help"]
