"""How long a link the browser takes: headless Chromium, network off (tests/chromium.py).

Opens https://mail.google.com/mail/?view=cm&fs=1&body=aaa… of growing length and finds,
by bisection, the longest one Chromium still requests (each request is caught before
it is sent), then prints it beside the bounds bot/drafts.py uses. Slack's and Teams'
desktop apps are Chromium too; the providers' own limits cannot be measured from here.

    .venv/bin/python bench/url_limits.py
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import drafts  # noqa: E402
from tests.chromium import executable, headless_chromium  # noqa: E402

BASE = "https://mail.google.com/mail/?view=cm&fs=1&body="


async def longest_requested(path: str, low: int, high: int) -> int:
    """The longest URL (characters) in [low, high) Chromium requests; `low` must pass."""
    async with headless_chromium(path) as browser:
        while high - low > 1:
            middle = (low + high) // 2
            url = BASE + "a" * (middle - len(BASE))
            opened = await browser.open_url(url)
            if opened.requested == url:
                low = middle
            else:
                high = middle
    return low


async def main() -> int:
    path = executable()
    if path is None:
        print("no Chromium here (Debian: apt-get install chromium)")
        return 1
    longest = await longest_requested(path, 10_000, 4 * 1024 * 1024)
    print(f"Chromium ({path}) requests URLs up to {longest:,} characters")
    for provider in drafts.PROVIDERS:
        bounds = {channel: drafts.limit(provider, channel) for channel in drafts.CHANNEL_CHARS}
        print(f"  {provider:17} bounds used: " + ", ".join(f"{c} {b:,}" for c, b in bounds.items()))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
