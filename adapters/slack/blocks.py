"""Replies as Block Kit messages: the pure translation from `Reply` to what Slack shows.

Within Slack's documented limits: 3,000 characters per section text, 2,000 per context
element, 150 per header, 75 per button label, 2,000 per button value, 3,000 per button
URL, 25 elements per actions block and 50 blocks per message; a reply too big for one
message becomes several.

Interview text goes into `mrkdwn` sections, escaped. The notes go into `plain_text`
sections: Slack shows those verbatim (no formatting, no mentions), so they paste into
an e-mail exactly as composed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from adapters.slack.text import escape
from dialogs.interview import lasts
from dialogs.messages import Button, NoteView, Reply

SECTION_CHARS = 3000
CONTEXT_CHARS = 2000  # a context block's text element
HEADER_CHARS = 150
BUTTON_LABEL_CHARS = 75
BUTTON_VALUE_CHARS = 2000
BUTTON_URL_CHARS = 3000  # a link button's `url` (bot/drafts.py makes links to fit)
BUTTONS_PER_ACTIONS = 25
BLOCKS_PER_MESSAGE = 50
FALLBACK_CHARS = 300

CHOICE_ACTION = "thankyou.choice"  # action_id prefix of an interview button
# A note's own buttons ("Copy-ready", "Show"): answered like a choice, but the message
# they are on stays as it is (the review's other buttons still count).
NOTE_ACTION = "thankyou.note"
# A draft's link button (Gmail, Outlook): Slack opens the URL and still tells the app,
# which only acknowledges it.
LINK_ACTION = "thankyou.link"
HOME_ACTION = "thankyou.home"  # a button of the Home tab (adapters/slack/home.py)
DELETE_CONFIRM_ACTION = "thankyou.delete.confirm"
DELETE_KEEP_ACTION = "thankyou.delete.keep"

Block = dict[str, Any]
Say = Callable[..., str]


@dataclass(frozen=True)
class SlackMessage:
    """One chat.postMessage: `text` is the (escaped) notification fallback."""

    text: str
    blocks: list[Block]


@dataclass(frozen=True)
class PressedChoice:
    ref: str | None
    value: str


def encode_choice(ref: str | None, value: str) -> str:
    """A button's value: the question it answers and the word it stands for."""
    encoded = json.dumps({"ref": ref, "value": value}, separators=(",", ":"))
    if len(encoded) > BUTTON_VALUE_CHARS:
        raise ValueError(f"button value over {BUTTON_VALUE_CHARS} characters")
    return encoded


def decode_choice(raw: str) -> PressedChoice | None:
    """The choice behind a pressed button; None for a value this app did not make."""
    try:
        data = json.loads(raw)
    except (TypeError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("value"), str):
        return None
    ref = data.get("ref")
    return PressedChoice(ref=ref if isinstance(ref, str) else None, value=data["value"])


# Where a long text may be cut, best first: the end of a paragraph, of a line, of a
# sentence, then any space; a note is never cut mid-sentence when it has a break.
_BREAKS = (
    re.compile(r"\n[ \t]*\n"),
    re.compile(r"\n"),
    re.compile(r"(?<=[.!?][\"'”’)])\s|(?<=[.!?])\s"),
    re.compile(r" "),
)


def _cut_at(window: str) -> int:
    """Where to cut `window`: after its last break of the best kind it has (0: none)."""
    for kind in _BREAKS:
        starts = [match.start() for match in kind.finditer(window) if match.start() > 0]
        if starts:
            return starts[-1]
    return 0


def split_text(text: str, limit: int = SECTION_CHARS) -> list[str]:
    """Cut `text` into pieces of at most `limit` characters: at a paragraph break where
    there is one, else a line break, else the end of a sentence, else a space."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = _cut_at(window)
        if cut == 0:
            cut = limit
            entity = window.rfind("&", limit - 5)  # never cut `&amp;` in two
            if entity != -1 and ";" not in window[entity:]:
                cut = entity
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest.strip() or not pieces:
        pieces.append(rest)
    return pieces


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def mrkdwn_sections(text: str) -> list[Block]:
    """Sections of our own text with user text inside: escaped, then cut to size."""
    if not text.strip():
        return []
    # Escape first, then cut: escaping after cutting could grow a piece past the limit.
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": piece}}
        for piece in split_text(escape(text))
    ]


def plain_sections(text: str) -> list[Block]:
    return [
        {"type": "section", "text": {"type": "plain_text", "text": piece, "emoji": False}}
        for piece in split_text(text)
    ]


def button(action_id: str, label: str, value: str, *, style: str | None = None) -> Block:
    element: Block = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": _clip(label, BUTTON_LABEL_CHARS), "emoji": False},
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def choice_blocks(buttons: Sequence[Button], ref: str | None) -> list[Block]:
    elements = [
        button(f"{CHOICE_ACTION}.{number}", b.label, encode_choice(ref, b.value))
        for number, b in enumerate(buttons)
    ]
    return [
        {"type": "actions", "elements": elements[start : start + BUTTONS_PER_ACTIONS]}
        for start in range(0, len(elements), BUTTONS_PER_ACTIONS)
    ]


def note_blocks(note: NoteView, say: Say) -> list[Block]:
    """One note, ready to copy: heading, then subject and body as plain text, then its
    drafts and "Copy-ready"; in a list, its heading, "Show" and its drafts."""
    if note.listed:
        return [*mrkdwn_sections(note.heading), *note_actions(note), *draft_notes(note)]
    return [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": _clip(note.heading, HEADER_CHARS)},
        },
        *plain_sections(say("slack/note_subject", subject=note.subject, to=note.recipient)),
        *plain_sections(note.body),
        *note_actions(note),
        *draft_notes(note),
        {"type": "divider"},
    ]


def note_actions(note: NoteView) -> list[Block]:
    """The note's own buttons, then a link button for each web draft (Slack's buttons
    open only http(s) URLs, so the mailto: link is in `draft_notes`)."""
    elements = [
        button(f"{NOTE_ACTION}.{number}", b.label, encode_choice(note.actions_ref, b.value))
        for number, b in enumerate(note.actions)
    ]
    elements += [
        link_button(link.provider, link.label, link.url)
        for link in note.links
        # bot/drafts.py keeps Slack's links within the limit; one past it would make
        # Slack refuse the whole message.
        if link.url.startswith("https:") and len(link.url) <= BUTTON_URL_CHARS
    ]
    return [{"type": "actions", "elements": elements}] if elements else []


def link_button(provider: str, label: str, url: str) -> Block:
    element = button(f"{LINK_ACTION}.{provider}", label, "")
    del element["value"]
    return {**element, "url": url}


def draft_notes(note: NoteView) -> list[Block]:
    """ "Open as e-mail" (Slack's mrkdwn links take mailto: URLs), and what to do when a
    link had to leave the note out."""
    parts = [
        # The URL is percent-encoded except for the `&` between its fields, escaped here.
        f"<{escape(link.url)}|{escape(link.label)}>"
        for link in note.links
        if link.url.startswith("mailto:")
    ]
    if note.too_long:
        parts.append(escape(note.too_long))
    if not parts:
        return []
    return [{"type": "context", "elements": [{"type": "mrkdwn", "text": " · ".join(parts)}]}]


def fallback_text(text: str) -> str:
    return escape(_clip(" ".join(text.split()), FALLBACK_CHARS))


def preface_blocks(preface: str) -> list[Block]:
    """The line that opens a message set apart from it ("In your note: ..."): a context
    block, which Slack shows small and grey."""
    if not preface.strip():
        return []
    return [
        {"type": "context", "elements": [{"type": "mrkdwn", "text": piece}]}
        for piece in split_text(escape(preface), CONTEXT_CHARS)
    ]


def reply_messages(reply: Reply, say: Say) -> list[SlackMessage]:
    """The messages that show `reply`: notes, then its opening line, text, buttons; a
    copy-ready reply is its text alone, as plain text."""
    if reply.copy_ready:
        # The notification text is the whole note too (escaped; Slack shows it as
        # typed): what a phone's "Copy text" takes.
        return [SlackMessage(escape(reply.text), plain_sections(reply.text))]
    blocks = reply_blocks(reply, say)
    fallback = fallback_text(reply.text or (reply.notes[0].heading if reply.notes else ""))
    return [SlackMessage(fallback, chunk) for chunk in _chunks(blocks, BLOCKS_PER_MESSAGE)]


def reply_blocks(reply: Reply, say: Say) -> list[Block]:
    """The blocks of a reply: its notes, then its opening line ("In your note: ..."), its
    text, the notes it lists, and its buttons."""
    shown = [note for note in reply.notes if not note.listed]
    listed = [note for note in reply.notes if note.listed]
    blocks = [block for note in shown for block in note_blocks(note, say)]
    blocks += preface_blocks(reply.preface)
    blocks += mrkdwn_sections(reply.text)
    blocks += [block for note in listed for block in note_blocks(note, say)]
    blocks += choice_blocks(reply.buttons, reply.ref)
    return blocks


def _chunks(blocks: list[Block], size: int) -> Iterator[list[Block]]:
    for start in range(0, max(len(blocks), 1), size):
        yield blocks[start : start + size]


def text_message(text: str) -> SlackMessage:
    """A message of our own words (with user text inside), no buttons."""
    return SlackMessage(fallback_text(text), mrkdwn_sections(text))


def chosen_blocks(message: Mapping[str, Any], chosen: str) -> list[Block]:
    """A message whose question is answered, its buttons replaced by a line saying what
    was chosen or answered (none when `chosen` is empty: it was asked again below). The
    buttons that outlive the question stay (Reword: it still rewords its answer)."""
    kept: list[Block] = []
    for block in message.get("blocks") or []:
        if block.get("type") != "actions":
            kept.append(block)
            continue
        lasting = [element for element in block.get("elements") or [] if _lasts(element)]
        if lasting:
            kept.append({**block, "elements": lasting})
    if not chosen:
        return kept
    line = {"type": "context", "elements": [{"type": "mrkdwn", "text": escape(chosen)}]}
    return [*kept, line]


def _lasts(element: Mapping[str, Any]) -> bool:
    pressed = decode_choice(element.get("value") or "")
    return pressed is not None and lasts(pressed.value)
