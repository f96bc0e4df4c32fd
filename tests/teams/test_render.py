"""Escaping and card layout: pure functions, no server."""

from __future__ import annotations

from typing import Any

from adapters.teams.render import ReplyRenderer, escape_markdown, escape_message
from dialogs.messages import Button, DraftLink, NoteView, Reply


def say(template: str, **context: Any) -> str:
    return "said " + template.removeprefix("teams/").replace("_", "-")


def test_markdown_and_html_are_escaped() -> None:
    assert escape_markdown("**b** _i_ ~s~ `c`") == "\\*\\*b\\*\\* \\_i\\_ \\~s\\~ \\`c\\`"
    assert escape_markdown("[x](http://e.example)") == "\\[x\\](http://e.example)"
    assert escape_markdown("<at>All</at> & <b>") == "&lt;at&gt;All&lt;/at&gt; &amp; &lt;b&gt;"
    assert escape_markdown("{{DATE(2017-02-14)}}") == "\\{\\{DATE(2017-02-14)\\}\\}"
    assert escape_markdown("# h\n- item\n+ item\n12. n\n3) n") == (
        "\\# h\n\\- item\n\\+ item\n12\\. n\n3\\) n"
    )
    # Ordinary punctuation is left alone, so a note copies cleanly.
    plain = "Dear Dana, thank you. maria@example.com, (555) 201-7788 - Q3!"
    assert escape_markdown(plain) == plain


def test_command_words_stay_code_spans_and_user_backticks_do_not() -> None:
    assert escape_message("type `resume` or `start fresh`") == "type `resume` or `start fresh`"
    assert escape_message("`[x](y)`") == "\\`\\[x\\](y)\\`"
    assert escape_message("\x000\x00 `help`") == "0 `help`"


def test_a_question_is_one_card_with_what_was_said_before_it() -> None:
    replies = [
        Reply("That button belongs to an earlier question."),
        Reply("Which tone?", buttons=tuple(Button(v.title(), v) for v in "abcdefg"), ref="i.3"),
        Reply("Saved."),
    ]
    card_activity, text_activity = ReplyRenderer(say).activities(replies)
    card = card_activity["attachments"][0]["content"]
    assert card["version"] == "1.5"
    assert [b["text"] for b in card["body"] if b["type"] == "TextBlock"] == [
        "That button belongs to an earlier question.",
        "Which tone?",
    ]
    rows = [b["actions"] for b in card["body"] if b["type"] == "ActionSet"]
    assert [len(row) for row in rows] == [5, 2]
    assert rows[0][0]["data"] == {"value": "a", "ref": "i.3"}
    assert "said type-a-choice" in card["fallbackText"]
    assert text_activity == {"type": "message", "text": "Saved.", "textFormat": "markdown"}


def test_the_notes_card_shows_subject_and_body_escaped_with_a_mail_link() -> None:
    note = NoteView(
        heading="Your note to Dana *Lee*",
        interviewer="Dana *Lee*",
        subject="Thank you – [Data] interview",
        body="Dear Dana,\n\n_Thanks_.\n\nBest regards,\nMaria Gonzalez\nmaria@example.com",
        links=(DraftLink("mailto", "Open as e-mail", "mailto:?subject=Thank%20you"),),
    )
    (activity,) = ReplyRenderer(say).activities([Reply("Checklist", notes=(note,))])
    card = activity["attachments"][0]["content"]
    texts = [b.get("text") for b in card["body"]]
    assert "Your note to Dana \\*Lee\\*" in texts
    assert "Thank you – \\[Data\\] interview" in texts
    # The body, a block per line (a TextBlock shows a single \n as a space): a paragraph
    # starts with the default spacing, the lines of the signature follow with none.
    body = card["body"][texts.index("Thank you – \\[Data\\] interview") + 2 :][:5]
    assert [(b["text"], b["spacing"]) for b in body] == [
        ("Dear Dana,", "None"),  # right under its label
        ("\\_Thanks\\_.", "Default"),
        ("Best regards,", "Default"),
        ("Maria Gonzalez", "None"),
        ("maria@example.com", "None"),
    ]
    opens = [a for b in card["body"] if b["type"] == "ActionSet" for a in b["actions"]]
    assert opens == [
        {"type": "Action.OpenUrl", "title": "Open as e-mail", "url": "mailto:?subject=Thank%20you"}
    ]
