"""`thankyou serve` as a real process: SIGTERM stops it in bounded time even while the
database is cut off (it once ran on for minutes, waiting on the database)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp
import pytest

from tests.tcp_proxy import TcpProxy

THANKYOU = Path(sys.executable).parent / "thankyou"
STARTUP_S = 30
# bot.cli.SHUTDOWN_SECONDS (10 s) for requests in flight, and some slack.
BOUND_S = 15


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_until_serving(process: asyncio.subprocess.Process, port: int) -> None:
    """Read the server's log until it says it is serving."""
    assert process.stderr is not None
    while line := await asyncio.wait_for(process.stderr.readline(), STARTUP_S):
        if b"serving on port" in line:
            break
    else:
        raise AssertionError("thankyou serve exited before serving")
    # That line comes just before the port is bound: retry refused connections briefly.
    async with aiohttp.ClientSession() as session:
        for _ in range(200):
            try:
                async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                    assert response.status == 200
                    return
            except aiohttp.ClientConnectorError:
                await asyncio.sleep(0.01)
    raise AssertionError("thankyou serve never accepted a connection")


@pytest.mark.postgres
async def test_sigterm_stops_the_server_while_the_database_is_partitioned(
    proxied_postgres: tuple[str, TcpProxy],
) -> None:
    url, proxy = proxied_postgres
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "PORT": str(port), "NO_PROXY": "127.0.0.1"}
    process = await asyncio.create_subprocess_exec(
        str(THANKYOU),
        "serve",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await wait_until_serving(process, port)
        async with aiohttp.ClientSession() as session:
            proxy.partition()
            in_flight = asyncio.create_task(session.get(f"http://127.0.0.1:{port}/healthz"))
            await asyncio.sleep(0)  # let the request start
            process.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(process.wait(), BOUND_S)
            in_flight.cancel()
        assert code in (0, 1)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
