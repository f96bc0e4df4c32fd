"""Block Kit layout within Slack's limits, and Slack text in and out (pure functions)."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.slack.blocks import (
    decode_choice,
    encode_choice,
    reply_messages,
    split_text,
)
from adapters.slack.text import escape, plain_text
from dialogs.messages import Button, DraftLink, NoteView, Reply


def say(template: str, **context: Any) -> str:
    return f"Subject: {context['subject']}" if template == "slack/note_subject" else template


def test_split_text_keeps_every_piece_within_the_limit() -> None:
    text = ("A sentence of about forty characters. " * 30 + "\n\n") * 10
    pieces = split_text(text, 3000)
    assert all(len(p) <= 3000 for p in pieces)
    assert "".join(pieces).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace(
        "\n", ""
    )
    assert split_text("x" * 7000, 3000) == ["x" * 3000, "x" * 3000, "x" * 1000]


def test_a_hard_cut_never_splits_an_entity() -> None:
    pieces = split_text(escape("x" * 2998 + "&" + "y" * 10), 3000)
    assert pieces[0] == "x" * 2998
    assert pieces[1].startswith("&amp;")


def test_long_notes_and_many_of_them_stay_within_block_kit_limits() -> None:
    note = NoteView("Note – to Dana", "Dana", "Thank you", ("Paragraph. " * 400 + "\n\n") * 3)
    buttons = tuple(Button(f"Label {n} " * 20, f"value{n}") for n in range(30))
    reply = Reply(text="Checklist <!channel> &", notes=(note,) * 6, buttons=buttons, ref="r.1")
    messages = reply_messages(reply, say)
    assert len(messages) > 1
    for message in messages:
        assert 0 < len(message.blocks) <= 50
        assert "<!channel>" not in message.text
        for block in message.blocks:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= 3000
            if block["type"] == "actions":
                assert len(block["elements"]) <= 25
                assert all(len(e["text"]["text"]) <= 75 for e in block["elements"])
    bodies = [
        b["text"]["text"]
        for m in messages
        for b in m.blocks
        if b["type"] == "section" and b["text"]["type"] == "plain_text"
    ]
    assert "".join(bodies).count("Paragraph.") == 6 * 1200


def test_button_values_round_trip_and_foreign_values_are_refused() -> None:
    choice = decode_choice(encode_choice("abc.3", "start fresh"))
    assert choice is not None and (choice.ref, choice.value) == ("abc.3", "start fresh")
    assert decode_choice("not json") is None
    assert decode_choice('{"ref": "x"}') is None


@pytest.mark.parametrize(
    ("slack_text", "typed"),
    [
        ("<mailto:jo@example.com|jo@example.com> (555) 014-2290", "jo@example.com (555) 014-2290"),
        ("see <https://acme.example/jobs|the posting>", "see the posting"),
        ("<https://acme.example>", "https://acme.example"),
        ("hi <@U123> and <@U9|sam> in <#C1|general>", "hi @U123 and @sam in #general"),
        ("<!channel> <!here> <!subteam^S1|@design>", "@channel @here @design"),
        ("R&amp;D &lt;3 &gt;", "R&D <3 >"),
        ("&amp;lt;", "&lt;"),
    ],
)
def test_slack_markup_arrives_as_the_user_meant_it(slack_text: str, typed: str) -> None:
    assert plain_text(slack_text) == typed


def test_each_note_has_an_open_as_email_link_when_it_has_a_mailto() -> None:
    from urllib.parse import parse_qs, urlsplit

    from adapters.slack.text import unescape
    from bot.drafts import mailto_link

    body = "Dear Dana,\n\nThanks & see you <soon>.\n\nBest,\nMaria"
    link = DraftLink("mailto", "Open as e-mail", mailto_link(None, "Thank you", body))
    note = NoteView("Note – to Dana", "Dana", "Thank you", body, links=(link,))
    blocks = reply_messages(Reply(text="", notes=(note,)), say)[0].blocks
    links = [
        e["text"]
        for b in blocks
        if b["type"] == "context"
        for e in b["elements"]
        if "mailto" in e["text"]
    ]
    assert len(links) == 1
    url, label = links[0][1:-1].split("|")
    assert label == "Open as e-mail"
    assert "<" not in url and ">" not in url
    assert parse_qs(urlsplit(unescape(url)).query)["body"] == [body.replace("\n", "\r\n")]
    without = reply_messages(Reply(text="", notes=(NoteView("h", "Dana", "s", "b"),)), say)
    assert not any(b["type"] == "context" for b in without[0].blocks)
