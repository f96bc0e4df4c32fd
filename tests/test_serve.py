"""`thankyou serve` as a real process: SIGTERM stops it in bounded time even while the
database is cut off (it once ran on for minutes, waiting on the database), and it listens
on 127.0.0.1 unless HOST says otherwise."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp
import pytest

from bot.settings import Settings, SettingsError
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


def serve_env(tmp_path: Path, port: int, host: str | None) -> dict[str, str]:
    """No platform settings, the embedded SQLite database in a temporary data folder."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "Microsoft")) and k not in ("DATABASE_URL", "HOST")
    }
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), HOME=str(tmp_path), PORT=str(port))
    env["NO_PROXY"] = "127.0.0.1"
    if host is not None:
        env["HOST"] = host
    return env


async def answers_on(address: str, port: int) -> bool:
    try:
        _, writer = await asyncio.open_connection(address, port)
    except ConnectionRefusedError:
        return False
    writer.close()
    await writer.wait_closed()
    return True


@pytest.mark.parametrize(("host", "elsewhere"), [(None, False), ("0.0.0.0", True)])
async def test_serve_listens_on_this_machine_unless_host_says_otherwise(
    tmp_path: Path, host: str | None, elsewhere: bool
) -> None:
    """By default only 127.0.0.1 (as uvicorn does); HOST=0.0.0.0 (a container) listens
    on every interface. 127.0.0.2 stands for another interface: on Linux the whole of
    127/8 is this machine, but a socket bound to 127.0.0.1 does not answer there."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        str(THANKYOU),
        "serve",
        env=serve_env(tmp_path, port, host),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await wait_until_serving(process, port)
        assert await answers_on("127.0.0.2", port) is elsewhere
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), BOUND_S)


def test_host_is_a_setting_with_a_local_default() -> None:
    assert Settings.from_env({}).host == "127.0.0.1"
    assert Settings.from_env({"HOST": " 0.0.0.0 "}).host == "0.0.0.0"
    assert Settings.from_env({"HOST": "::"}).host == "::"
    assert Settings.from_env({"HOST": "bot.internal"}).host == "bot.internal"
    for bad in ("0.0.0.0:80", "http://0.0.0.0", "two words", "-host", "a..b"):
        with pytest.raises(SettingsError, match=r"^HOST must"):
            Settings.from_env({"HOST": bad})


def test_what_start_up_made_is_kept_out_of_full_garbage_collections() -> None:
    """After the warm-up (bot.app), what start-up loaded (modules, templates, the
    writer's dictionaries) is frozen out of the cyclic collector's reach: its full
    collections had walked all of it, pausing a busy server 50-110 ms each time
    (bench/bench_serve.py). The metric that says the server is warm is set after."""
    import gc

    from bot import app, metrics

    gc.unfreeze()
    metrics.WARMED_UP.set(0)
    try:
        app._warm_up()
        frozen = gc.get_freeze_count()
        assert frozen > len(gc.get_objects(generation=2))  # most of the heap, not a part
        assert metrics.WARMED_UP._value.get() == 1
    finally:
        gc.unfreeze()  # this test process's heap is not a server's
