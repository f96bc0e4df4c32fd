"""Bot Framework's signing keys, fetched without blocking the event loop.

botbuilder fetches the OpenID metadata and keys with a synchronous `requests.get`
without a timeout, on the event loop: while the key endpoint does not answer, one
request with a forged token (any token starts a fetch when the keys are a day old, or
when its key id is unknown and they are an hour old) stalls every request of the server.
`use_bounded_key_fetch` swaps in the same cache with an aiohttp fetch bounded by
`KEYS_TIMEOUT_S`; a fetch that fails is a 503 (adapters/teams/server.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import aiohttp
from botframework.connector.auth import jwt_token_extractor

KEYS_TIMEOUT_S = 5.0


class BoundedOpenIdMetadata(jwt_token_extractor._OpenIdMetadata):  # type: ignore[misc]
    """botbuilder's key cache (`get`, `_find` unchanged), refreshed asynchronously."""

    async def _refresh(self) -> None:
        timeout = aiohttp.ClientTimeout(total=KEYS_TIMEOUT_S)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            metadata = await _get_json(session, self.url)
            keys = await _get_json(session, str(metadata["jwks_uri"]))
        self.last_updated = dt.datetime.now()
        self.keys = keys["keys"]


async def _get_json(session: aiohttp.ClientSession, url: str) -> Any:
    async with session.get(url) as response:
        response.raise_for_status()
        return await response.json(content_type=None)


def use_bounded_key_fetch() -> None:
    """Make botbuilder's `JwtTokenExtractor` build `BoundedOpenIdMetadata` caches.

    botbuilder looks `_OpenIdMetadata` up in its module when it first meets a metadata
    URL; caches it already built keep the blocking fetch, so call this before any."""
    jwt_token_extractor._OpenIdMetadata = BoundedOpenIdMetadata
