"""Headless Chromium, driven over the DevTools protocol, with the network off.

`headless_chromium()` starts Debian's `chromium` (or `$CHROMIUM`) with a new profile in
a temporary folder, no sandbox, no GPU, no QUIC, no background networking or updates,
and every request sent to a proxy on a closed port of 127.0.0.1; besides, `open_url`
intercepts each request (the DevTools Fetch domain) and fails it before it is sent. So
a link is opened and parsed exactly as the browser parses it, and nothing leaves the
machine. Where Chromium is missing the caller skips, except in CI (`CI=true`), where
.ci/run installs it and its absence is a failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import shutil
import socket
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest

EXECUTABLES = ("chromium", "chromium-browser", "google-chrome")
START_SECONDS = 30.0
CALL_SECONDS = 30.0


def executable() -> str | None:
    named = os.environ.get("CHROMIUM")
    if named:
        return named
    return next((path for path in map(shutil.which, EXECUTABLES) if path), None)


def require_chromium() -> str:
    """The browser's path; skips the test without one (fails it in CI)."""
    path = executable()
    if path is None:
        reason = "headless Chromium is not installed (Debian: apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; .ci/run installs it")
        pytest.skip(reason)
    return path


def _closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Opened:
    """A link opened in a tab: what Chromium would have requested (None if it refused
    the URL before requesting anything), and how it failed."""

    requested: str | None
    error: str


@dataclass
class Browser:
    """One headless Chromium: DevTools calls, and a tab that opens links."""

    socket: aiohttp.ClientWebSocketResponse
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _answers: dict[int, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)
    _events: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    session: str = ""

    async def read(self) -> None:
        async for frame in self.socket:
            message = json.loads(frame.data)
            answer = self._answers.pop(message.get("id", -1), None)
            if answer is not None:
                answer.set_result(message)
            elif "method" in message:
                await self._events.put(message)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self._ids)
        answer = asyncio.get_running_loop().create_future()
        self._answers[number] = answer
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if self.session and not method.startswith("Target."):
            message["sessionId"] = self.session
        await self.socket.send_str(json.dumps(message))
        reply = await asyncio.wait_for(answer, CALL_SECONDS)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply.get("result") or {}
        return result

    async def event(self, *names: str) -> dict[str, Any]:
        while True:
            event = await asyncio.wait_for(self._events.get(), CALL_SECONDS)
            if event["method"] in names:
                return event

    async def open_tab(self) -> None:
        target = await self.call("Target.createTarget", url="about:blank")
        attached = await self.call(
            "Target.attachToTarget", targetId=target["targetId"], flatten=True
        )
        self.session = attached["sessionId"]
        await self.call("Fetch.enable", patterns=[{"urlPattern": "*"}])
        await self.call("Page.enable")

    async def open_url(self, url: str) -> Opened:
        """Navigate the tab to `url`; the request it makes is caught and failed."""
        navigation = asyncio.create_task(self.call("Page.navigate", url=url))
        paused = asyncio.create_task(self.event("Fetch.requestPaused"))
        done, _ = await asyncio.wait({navigation, paused}, return_when=asyncio.FIRST_COMPLETED)
        if paused in done:
            request = paused.result()["params"]
            await self.call(
                "Fetch.failRequest", requestId=request["requestId"], errorReason="BlockedByClient"
            )
            answer = await navigation
            return Opened(request["request"]["url"], str(answer.get("errorText", "")))
        paused.cancel()
        answer = navigation.result()
        return Opened(None, str(answer.get("errorText", "")))

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(str(result["exceptionDetails"]))
        return result["result"].get("value")


@contextlib.asynccontextmanager
async def headless_chromium(path: str) -> AsyncIterator[Browser]:
    with tempfile.TemporaryDirectory(prefix="thankyou-chromium-") as profile:
        process = await asyncio.create_subprocess_exec(
            path,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-dev-shm-usage",
            f"--user-data-dir={profile}",
            f"--proxy-server=http://127.0.0.1:{_closed_port()}",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "about:blank",
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        drain: asyncio.Task[None] | None = None
        try:
            endpoint = await asyncio.wait_for(_devtools_endpoint(process), START_SECONDS)
            drain = asyncio.create_task(_drain(process))  # a full pipe would stall it
            async with (
                aiohttp.ClientSession() as session,
                session.ws_connect(endpoint, max_msg_size=0) as websocket,
            ):
                browser = Browser(websocket)
                reader = asyncio.create_task(browser.read())
                try:
                    await browser.open_tab()
                    yield browser
                finally:
                    reader.cancel()
        finally:
            if process.returncode is None:
                process.kill()
            await process.wait()
            if drain is not None:
                drain.cancel()


async def _devtools_endpoint(process: asyncio.subprocess.Process) -> str:
    """The browser's DevTools WebSocket, from the line Chromium prints when it listens."""
    assert process.stderr is not None
    async for raw in process.stderr:
        line = raw.decode(errors="replace").strip()
        if line.startswith("DevTools listening on "):
            return line.removeprefix("DevTools listening on ")
    raise RuntimeError(f"Chromium exited ({process.returncode}) before listening")


async def _drain(process: asyncio.subprocess.Process) -> None:
    assert process.stderr is not None
    async for _ in process.stderr:
        pass
