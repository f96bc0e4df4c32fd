"""A TCP proxy on 127.0.0.1 in front of a database, to cut it off on purpose.

- `partition()`: packets stop flowing both ways but the connections stay open, as in a
  network partition; `heal()` lets through whatever was held, as TCP would after one.
- `refuse()`: new connections are refused and open ones reset, as when the server is down.
- `tap`: called with each connection's number and every chunk its client sends, to see
  what crosses the wire (tests/postgres_wire.py reads PostgreSQL's messages from it).

Used by the outage tests and by bench/kill_trials.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Callable

Tap = Callable[[int, bytes], None]


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._server: asyncio.Server | None = None
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._refusing = False
        self._writers: set[asyncio.StreamWriter] = set()
        self._numbers = itertools.count()
        self.port = 0
        self.tap: Tap | None = None

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def close(self) -> None:
        self.heal()
        self._reset_all()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def partition(self) -> None:
        """Hold every byte (new connections too) until `heal`."""
        self._flowing.clear()

    def heal(self) -> None:
        self._refusing = False
        self._flowing.set()

    def refuse(self) -> None:
        """Reset every open connection and refuse new ones until `heal`."""
        self._refusing = True
        self._reset_all()

    def _reset_all(self) -> None:
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._refusing:
            writer.transport.abort()
            return
        await self._flowing.wait()
        try:
            up_reader, up_writer = await asyncio.open_connection(*self._target)
        except OSError:
            writer.transport.abort()
            return
        self._writers |= {writer, up_writer}
        number = next(self._numbers)
        await asyncio.gather(
            self._pipe(reader, up_writer, number), self._pipe(up_reader, writer, None)
        )

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, tapped: int | None
    ) -> None:
        try:
            while data := await reader.read(65536):
                if tapped is not None and self.tap is not None:
                    self.tap(tapped, data)
                await self._flowing.wait()
                if writer.is_closing():
                    break
                writer.write(data)
                await writer.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            self._writers.discard(writer)
            with contextlib.suppress(OSError, RuntimeError):
                writer.close()
