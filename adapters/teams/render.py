"""Replies as Teams activities: escaped markdown text, or an Adaptive Card (version 1.5).

Pure translation, no botbuilder: a turn's `Reply`s become the JSON of one or more
activities. User text arrives unescaped in `Reply.text` and in the notes, so everything
shown is escaped here; the words the templates put in backticks stay code spans in a
message, and are set in bold on a card, whose TextBlocks show no code spans (the
backticks vanished and "or type delete my data now." no longer read as a command).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from dialogs.interview import lasts
from dialogs.messages import Button, NoteView, Reply

CARD_VERSION = "1.5"  # the highest version Teams renders
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
# Teams shows a handful of actions per row; longer lists wrap into more rows.
BUTTONS_PER_ROW = 5
# The Bot Framework connector refuses an activity over 100 KB (HTTP 413). What we build
# must leave room for the envelope botbuilder adds (ids, addresses: well under 4 KB).
CONNECTOR_LIMIT_BYTES = 100_000
MAX_ACTIVITY_BYTES = CONNECTOR_LIMIT_BYTES - 4_000
# A submitted button arrives as activity.value = {"value": ..., "ref": ...}; a note's own
# button ("Copy-ready", "Show") also says so, and its card stays as it was.
SUBMIT_VALUE, SUBMIT_REF, SUBMIT_NOTE = "value", "ref", "note"

# Markdown punctuation that means something anywhere in a line (emphasis, code, links,
# card functions like {{DATE(...)}}), and the markers that mean something at a line's
# start (headings, lists). Other punctuation stays as typed, so an e-mail address or a
# URL in a note copies cleanly.
_INLINE_SPECIAL = re.compile(r"([\\`*_~\[\]{}])")
_LINE_START_SPECIAL = re.compile(r"^(\s*)([#+-]|\d+(?=[.)]))", re.MULTILINE)
_HTML_SPECIAL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# `help`, `start fresh`: the command words the templates mark as code.
_CODE_SPAN = re.compile(r"`([A-Za-z0-9 ?]{1,40})`")


def escape_markdown(text: str) -> str:
    """Text shown literally by Teams markdown and Adaptive Card TextBlocks.

    HTML specials become entities (so `<at>` cannot form a mention or a tag), and
    markdown punctuation is backslash-escaped (no emphasis, links, lists or headings).
    """
    escaped = text.translate(_HTML_SPECIAL)
    escaped = _INLINE_SPECIAL.sub(r"\\\1", escaped)
    return _LINE_START_SPECIAL.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    if marker.isdigit():  # "1." or "1)": escape the delimiter after the number
        return f"{indent}{marker}\\"
    return f"{indent}\\{marker}"


def escape_message(text: str, *, card: bool = False) -> str:
    """A rendered message: escaped, except backticked command words stay code spans (on
    a `card`: bold, which TextBlocks show)."""
    spans: list[str] = []

    def keep(match: re.Match[str]) -> str:
        spans.append(f"**{match.group(1)}**" if card else match.group(0))
        return f"\x00{len(spans) - 1}\x00"

    protected = _CODE_SPAN.sub(keep, text.replace("\x00", ""))
    escaped = escape_markdown(protected)
    return re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], escaped)


def size_of(activity: dict[str, Any]) -> int:
    """Bytes of the activity as JSON as botbuilder sends it (ASCII-escaped, so an "é"
    counts six bytes): what the connector measures."""
    return len(json.dumps(activity).encode())


def text_block(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def paragraphs(text: str) -> list[list[str]]:
    """The paragraphs of `text` (parted by blank lines), each as its non-blank lines."""
    parts = (part.splitlines() for part in re.split(r"\r?\n[ \t]*\r?\n", text))
    return [lines for lines in ([line for line in part if line.strip()] for part in parts) if lines]


def text_blocks(text: str, **style: Any) -> list[dict[str, Any]]:
    """`text` (escaped) as TextBlocks, one per line: a TextBlock shows a single \\n as a
    space, so a signature, a checklist or a list would run into one paragraph. The lines
    of a paragraph follow each other without spacing; each later paragraph starts with
    the default spacing; the first block has `style`'s."""
    blocks: list[dict[str, Any]] = []
    for lines in paragraphs(text):
        for index, line in enumerate(lines):
            if blocks:
                style = {**style, "spacing": "None" if index else "Default"}
            blocks.append(text_block(line, **style))
    return blocks


def markdown_lines(text: str) -> str:
    """`text` (escaped markdown) as a message or a card's fallback text shows its lines:
    Teams and Web Chat show a single \\n as a space (or nothing), so every line becomes a
    paragraph of its own."""
    return "\n\n".join(line for lines in paragraphs(text) for line in lines)


def submit(button: Button, ref: str | None, *, note: bool = False) -> dict[str, Any]:
    # Action titles are plain text in Adaptive Cards: no escaping needed or wanted.
    data: dict[str, Any] = {SUBMIT_VALUE: button.value, SUBMIT_REF: ref}
    if note:
        data[SUBMIT_NOTE] = True
    return {"type": "Action.Submit", "title": button.label, "data": data}


def button_rows(buttons: Sequence[Button], ref: str | None) -> list[dict[str, Any]]:
    return [
        {
            "type": "ActionSet",
            "actions": [submit(b, ref) for b in buttons[start : start + BUTTONS_PER_ROW]],
        }
        for start in range(0, len(buttons), BUTTONS_PER_ROW)
    ]


def adaptive_card(body: list[dict[str, Any]], fallback_text: str) -> dict[str, Any]:
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "body": body,
        "fallbackText": fallback_text,
    }


def message(text: str) -> dict[str, Any]:
    """A plain message; `text` is already escaped markdown."""
    return {"type": "message", "text": markdown_lines(text), "textFormat": "markdown"}


def card_message(card: dict[str, Any], summary: str) -> dict[str, Any]:
    return {
        "type": "message",
        "summary": summary,
        "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": card}],
    }


def pressed_label(card: dict[str, Any], data: Any) -> str | None:
    """The title of the card's button that sent `data` (a press's activity.value)."""
    if not isinstance(data, dict):
        return None
    actions = [
        action
        for block in card.get("body") or []
        if block.get("type") == "ActionSet"
        for action in block.get("actions") or []
    ]
    for action in actions:
        sent = action.get("data")
        if (
            action.get("type") == "Action.Submit"
            and isinstance(sent, dict)
            and sent.get(SUBMIT_VALUE) == data.get(SUBMIT_VALUE)
            and sent.get(SUBMIT_REF) == data.get(SUBMIT_REF)
        ):
            return str(action.get("title") or "")
    return None


def without_buttons(card: dict[str, Any], chosen: str) -> dict[str, Any]:
    """The card once answered: its buttons replaced by `chosen` (escaped: "✓ You chose:
    Skip"; none when empty: asked again below); links such as "Open as e-mail" stay, and
    so do the buttons that outlive the question (Reword: it still rewords its answer)."""
    body: list[dict[str, Any]] = []
    for block in card.get("body") or []:
        actions = block.get("actions") or [] if block.get("type") == "ActionSet" else []
        if not any(action.get("type") == "Action.Submit" for action in actions):
            body.append(block)
            continue
        lasting = [action for action in actions if _lasts(action)]
        if lasting:
            body.append({**block, "actions": lasting})
    if chosen:
        body.append(text_block(chosen, isSubtle=True))
    fallback = "\n\n".join(block["text"] for block in body if block.get("type") == "TextBlock")
    return adaptive_card(body, fallback)


def _lasts(action: dict[str, Any]) -> bool:
    data = action.get("data")
    return (
        action.get("type") == "Action.Submit"
        and isinstance(data, dict)
        and lasts(str(data.get(SUBMIT_VALUE) or ""))
    )


Say = Callable[..., str]


class ReplyRenderer:
    """Lays out a turn's replies; every label comes from templates/teams via `say`."""

    def __init__(self, say: Say) -> None:
        self._say = say

    def activities(self, replies: Sequence[Reply]) -> list[dict[str, Any]]:
        """One activity per group of replies; a group ends with the reply that has buttons,
        so a question arrives as one card with whatever was said before it."""
        activities: list[dict[str, Any]] = []
        group: list[Reply] = []
        for reply in replies:
            group.append(reply)
            if reply.buttons:
                activities += self._sized(group)
                group = []
        if group:
            activities += self._sized(group)
        return activities

    def _sized(self, group: Sequence[Reply]) -> list[dict[str, Any]]:
        """The group as one activity if it fits the connector's limit; else each note as
        a card of its own (without its mailto button if even that is too big), then the
        rest. A review of three long notes is over 100 KB as one card."""
        whole = self._group(group)
        notes = [note for reply in group for note in reply.notes]
        if size_of(whole) <= MAX_ACTIVITY_BYTES or not notes:
            return [whole]
        split: list[dict[str, Any]] = []
        for note in notes:
            card = self._group([Reply(text="", notes=(note,))])
            if size_of(card) > MAX_ACTIVITY_BYTES:
                card = self._group([Reply(text="", notes=(replace(note, links=()),))])
            split.append(card)
        rest = [replace(reply, notes=()) for reply in group]
        return [*split, self._group(rest)]

    def _group(self, group: Sequence[Reply]) -> dict[str, Any]:
        buttons = group[-1].buttons
        notes = [note for reply in group for note in reply.notes]
        if any(reply.copy_ready for reply in group):
            # A note's text alone, in a message rather than a card: its text is what
            # selecting the message copies.
            return message("\n\n".join(escape_markdown(reply.text) for reply in group))
        if not buttons and not notes:
            texts = [t for reply in group for t in (reply.preface, reply.text) if t]
            return message("\n\n".join(escape_message(text) for text in texts))
        body: list[dict[str, Any]] = []
        fallback: list[str] = []
        for reply in group:
            # Its notes, its text, then the notes it lists (headings and drafts).
            shown = [note for note in reply.notes if not note.listed]
            for note in shown:
                body += self._note_blocks(note)
                fallback.append(self._note_fallback(note))
            if reply.preface:  # "In your note: ...": small and subtle, above the question
                body += text_blocks(escape_message(reply.preface), isSubtle=True, size="Small")
                fallback.append(escape_message(reply.preface))
            if reply.text:
                body += text_blocks(escape_message(reply.text, card=True))
                fallback.append(escape_message(reply.text))
            for note in reply.notes:
                if note.listed:
                    body += self._note_blocks(note)
                    fallback.append(escape_message(note.heading))
        if buttons:
            body += button_rows(buttons, group[-1].ref)
            fallback.append(escape_message(self._say("teams/type_a_choice", buttons=buttons)))
        summary = group[-1].text.splitlines()[0] if group[-1].text else ""
        fallback_text = markdown_lines("\n\n".join(fallback))
        return card_message(adaptive_card(body, fallback_text), summary[:120])

    def _note_blocks(self, note: NoteView) -> list[dict[str, Any]]:
        """A note: heading, recipient, subject and body, then its drafts (links, which
        stay when the card's choice is made) and its own buttons; in a list, the
        heading, its buttons and its drafts."""
        if note.listed:
            return [
                text_block(escape_markdown(note.heading), spacing="Medium"),
                *self._note_actions(note),
            ]
        blocks = [text_block(escape_markdown(note.heading), weight="Bolder", size="Medium")]
        if note.recipient:
            blocks += [
                text_block(self._say("teams/label", label="to"), isSubtle=True, spacing="Small"),
                text_block(escape_markdown(note.recipient), spacing="None"),
            ]
        blocks += [
            text_block(self._say("teams/label", label="subject"), isSubtle=True, spacing="Small"),
            text_block(escape_markdown(note.subject), spacing="None"),
            text_block(self._say("teams/label", label="body"), isSubtle=True, spacing="Small"),
            *text_blocks(escape_markdown(note.body), spacing="None"),
        ]
        return blocks + self._note_actions(note)

    def _note_actions(self, note: NoteView) -> list[dict[str, Any]]:
        own = [submit(button, note.actions_ref, note=True) for button in note.actions]
        links = [
            {"type": "Action.OpenUrl", "title": link.label, "url": link.url} for link in note.links
        ]
        blocks = [{"type": "ActionSet", "actions": actions} for actions in (own, links) if actions]
        if note.too_long:
            too_long = escape_markdown(note.too_long)
            blocks.append(text_block(too_long, isSubtle=True, spacing="Small"))
        return blocks

    def _note_fallback(self, note: NoteView) -> str:
        return escape_message(self._say("teams/note_fallback", note=note))

    def card(
        self, text: str, buttons: Sequence[Button] = (), ref: str | None = None
    ) -> dict[str, Any]:
        """A card of the adapter's own (welcome, delete confirmation)."""
        return self.activities([Reply(text=text, buttons=tuple(buttons), ref=ref)])[0]
