"""What a PostgreSQL client sends, read off the wire (a `TcpProxy` tap): the statements
it executes and the round trips it makes, whatever library sent them.

Only the frontend messages that matter are read (protocol 3.0): Query ('Q') runs SQL in
one round trip; Parse ('P') names a statement's SQL, Bind ('B') picks a statement,
Execute ('E') runs it, and Sync ('S') ends the extended protocol's round trip. The
first message of a connection (startup) has no type byte.
"""

from __future__ import annotations

import struct
from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class _Connection:
    buffer: bytes = b""
    started: bool = False
    statements: dict[bytes, str] = field(default_factory=dict)  # name -> SQL
    bound: str = ""  # the SQL of the last Bind


class PostgresWire:
    """Feed it with `TcpProxy.tap`; read `executed` and `round_trips`."""

    def __init__(self) -> None:
        self.executed: list[str] = []
        self.round_trips = 0
        self._connections: dict[int, _Connection] = defaultdict(_Connection)

    def __call__(self, number: int, data: bytes) -> None:
        connection = self._connections[number]
        connection.buffer += data
        while True:
            if not connection.started:
                if len(connection.buffer) < 4:
                    return
                (length,) = struct.unpack("!i", connection.buffer[:4])
                if len(connection.buffer) < length:
                    return
                connection.buffer = connection.buffer[length:]
                connection.started = True
                continue
            if len(connection.buffer) < 5:
                return
            kind = connection.buffer[:1]
            (length,) = struct.unpack("!i", connection.buffer[1:5])
            if len(connection.buffer) < 1 + length:
                return
            body = connection.buffer[5 : 1 + length]
            connection.buffer = connection.buffer[1 + length :]
            self._message(connection, kind, body)

    def _message(self, connection: _Connection, kind: bytes, body: bytes) -> None:
        if kind == b"Q":
            self.executed.append(_text(body.split(b"\0")[0]))
            self.round_trips += 1
        elif kind == b"P":
            name, sql = body.split(b"\0")[:2]
            connection.statements[name] = _text(sql)
        elif kind == b"B":
            _portal, name = body.split(b"\0")[:2]
            connection.bound = connection.statements.get(name, "?")
        elif kind == b"E":
            self.executed.append(connection.bound)
        elif kind == b"S":
            self.round_trips += 1


def _text(sql: bytes) -> str:
    return " ".join(sql.decode().split()).upper()
