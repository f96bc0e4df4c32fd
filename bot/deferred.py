"""Platforms mounted after the server binds (`thankyou serve`), not before.

bolt and botbuilder (with msrest, msal, requests and cryptography) take about half a
second to import, most of a cold start. `thankyou serve` validates the platforms'
settings at once (a bad setting still stops start-up with one line), answers /healthz
as soon as the database does, and builds the platforms in the background: the imports
in a thread, then the usual mounting on an inner application whose routes the outer
one forwards to. A platform request that arrives before they are ready waits for
them; none is refused or lost.

Tests and other callers of `bot.app.create_app` mount eagerly, as before.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from collections.abc import AsyncIterator, Callable, Sequence

from aiohttp import web

log = logging.getLogger(__name__)

READY_TIMEOUT_S = 60.0  # a platform request waits this long for the platforms


class DeferredPlatforms:
    """An inner application, built by `build` once `modules` are imported in a thread;
    requests to its routes (registered on the outer app with `route`) wait for it."""

    def __init__(
        self,
        inner: web.Application,
        modules: Sequence[str],
        build: Callable[[web.Application], None],
    ) -> None:
        self.inner = inner
        self._modules = list(modules)
        self._build = build
        self._ready = asyncio.Event()  # bound to no loop until waited on
        self._failed = False
        self._started = False
        self._shut_down = False

    def route(self, app: web.Application, method: str, path: str) -> None:
        app.router.add_route(method, path, self.handle)

    async def ready(self) -> bool:
        """Wait until the platforms are mounted; False if mounting them failed."""
        if not self._ready.is_set():  # only the first requests wait (no task per request)
            await asyncio.wait_for(self._ready.wait(), READY_TIMEOUT_S)
        return not self._failed

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if not await self.ready():
            return web.json_response({"error": "platform unavailable"}, status=503)
        match = await self.inner.router.resolve(request)
        if match.http_exception is not None:
            raise match.http_exception
        return await match.handler(request)

    async def lifecycle(self, _: web.Application) -> AsyncIterator[None]:
        """An aiohttp cleanup_ctx of the outer app: start building after start-up,
        clean the inner app up with it."""
        building = asyncio.create_task(self._mount())
        yield
        if not building.done():
            building.cancel()
        await asyncio.gather(building, return_exceptions=True)
        if self._started:
            await self.shutdown()
            await self.inner.cleanup()

    async def shutdown(self, _: web.Application | None = None) -> None:
        """The outer app's on_shutdown (SIGTERM) is the inner app's too, at the same
        moment: before requests in flight are waited for, not after (the scheduler
        stops claiming then)."""
        if self._started and not self._shut_down:
            self._shut_down = True
            await self.inner.shutdown()

    async def _mount(self) -> None:
        try:
            await asyncio.to_thread(_import_all, self._modules)
            self._build(self.inner)
            self.inner.freeze()
            await self.inner.startup()
            self._started = True
        except Exception:
            log.exception("the platforms could not be mounted")
            self._failed = True
        finally:
            self._ready.set()


def _import_all(modules: Sequence[str]) -> None:
    for name in modules:
        importlib.import_module(name)
