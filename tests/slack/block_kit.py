"""Block Kit's documented limits, checked the way Slack checks them: the fake Web API
(tests/slack/conftest.py) refuses a message or a Home view that breaks one with
`invalid_blocks`, as Slack does, so every signed-request test checks what it posts.

The figures are Slack's (docs.slack.dev, Block Kit reference: blocks, block elements,
composition objects): 50 blocks in a message, 100 in a Home tab view; section text
3,000 characters; header 150; a button's text 75, value 2,000, url 3,000, action_id
255; 25 elements in an actions block, 10 in a context block; a confirmation dialog's
title 100, text 300, confirm and deny 30.
"""

from __future__ import annotations

from typing import Any

MESSAGE_BLOCKS = 50
HOME_BLOCKS = 100
SECTION_TEXT = 3000
CONTEXT_TEXT = 3000
HEADER_TEXT = 150
BUTTON_TEXT, BUTTON_VALUE, BUTTON_URL, ACTION_ID = 75, 2000, 3000, 255
ACTIONS_ELEMENTS, CONTEXT_ELEMENTS = 25, 10
CONFIRM_TITLE, CONFIRM_TEXT, CONFIRM_BUTTON = 100, 300, 30


def problems(blocks: list[dict[str, Any]], *, surface: str = "message") -> list[str]:
    """What breaks Block Kit's limits in `blocks` shown on `surface` (message or home)."""
    found: list[str] = []
    limit = HOME_BLOCKS if surface == "home" else MESSAGE_BLOCKS
    if len(blocks) > limit:
        found.append(f"{len(blocks)} blocks (at most {limit} in a {surface})")
    for index, block in enumerate(blocks):
        found += [f"block {index}: {problem}" for problem in _block(block)]
    return found


def _block(block: dict[str, Any]) -> list[str]:
    kind = block.get("type")
    if kind == "section":
        return _text(block.get("text"), SECTION_TEXT)
    if kind == "header":
        text = block.get("text") or {}
        return (
            ["header not plain_text"]
            if text.get("type") != "plain_text"
            else _text(text, HEADER_TEXT)
        )
    if kind == "divider":
        return []
    if kind == "context":
        elements = block.get("elements") or []
        found = (
            [] if 0 < len(elements) <= CONTEXT_ELEMENTS else [f"{len(elements)} context elements"]
        )
        return found + [p for element in elements for p in _text(element, CONTEXT_TEXT)]
    if kind == "actions":
        elements = block.get("elements") or []
        found = (
            [] if 0 < len(elements) <= ACTIONS_ELEMENTS else [f"{len(elements)} action elements"]
        )
        ids = [element.get("action_id") for element in elements]
        if len(set(ids)) != len(ids):
            found.append(f"action_ids repeated in one block: {ids}")
        return found + [p for element in elements for p in _button(element)]
    return [f"unknown block type {kind!r}"]


def _text(text: Any, limit: int) -> list[str]:
    if not isinstance(text, dict) or text.get("type") not in ("plain_text", "mrkdwn"):
        return [f"not a text object: {text!r}"[:200]]
    value = text.get("text")
    if not isinstance(value, str) or not value:
        return ["empty text"]
    return [f"text of {len(value)} characters (at most {limit})"] if len(value) > limit else []


def _button(element: dict[str, Any]) -> list[str]:
    if element.get("type") != "button":
        return [f"unknown element {element.get('type')!r}"]
    found = _text(element.get("text"), BUTTON_TEXT)
    if (element.get("text") or {}).get("type") != "plain_text":
        found.append("button text not plain_text")
    action_id = element.get("action_id") or ""
    if not 0 < len(action_id) <= ACTION_ID:
        found.append(f"action_id of {len(action_id)} characters")
    if len(element.get("value") or "") > BUTTON_VALUE:
        found.append("button value over 2,000 characters")
    url = element.get("url")
    if url is not None and not (isinstance(url, str) and 0 < len(url) <= BUTTON_URL):
        found.append(f"button url of {len(url or '')} characters (at most {BUTTON_URL})")
    if url is not None and not str(url).startswith(("http://", "https://")):
        found.append("button url not http(s)")
    confirm = element.get("confirm")
    if confirm is not None:
        found += _text(confirm.get("title"), CONFIRM_TITLE)
        found += _text(confirm.get("text"), CONFIRM_TEXT)
        found += _text(confirm.get("confirm"), CONFIRM_BUTTON)
        found += _text(confirm.get("deny"), CONFIRM_BUTTON)
    return found
