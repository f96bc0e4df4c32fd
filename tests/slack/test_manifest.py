"""manifest.yml asks for what the adapter uses, and the OAuth install asks for the same."""

from __future__ import annotations

import re
from pathlib import Path

from adapters.slack.server import BOT_SCOPES, COMMAND

MANIFEST = (Path(__file__).resolve().parents[2] / "manifest.yml").read_text(encoding="utf-8")


def _list_after(key: str) -> list[str]:
    block = re.search(rf"\n(\s*){key}:\n((?:\1  +- .*\n)+)", MANIFEST)
    assert block is not None, key
    return [line.split("- ", 1)[1].split("#")[0].strip() for line in block.group(2).splitlines()]


def test_bot_scopes_match_the_oauth_install() -> None:
    assert _list_after("bot") == list(BOT_SCOPES)


def test_command_events_and_interactivity() -> None:
    assert f"- command: {COMMAND}\n" in MANIFEST
    assert _list_after("bot_events") == ["message.im", "app_home_opened"]
    assert "messages_tab_enabled: true" in MANIFEST
    assert "home_tab_enabled: true" in MANIFEST
    assert "messages_tab_read_only_enabled: false" in MANIFEST
    assert re.search(r"interactivity:\n\s+is_enabled: true", MANIFEST)
    urls = re.findall(r"(?:url|request_url): (\S+)", MANIFEST)
    assert urls and all(url.endswith("/slack/events") for url in urls)
