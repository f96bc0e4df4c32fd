"""bot/memory.py: big freed blocks go back to the system (glibc).

Each case runs in a fresh interpreter: the allocator's settings are per process, and
this test process's heap has a history of its own."""

from __future__ import annotations

import platform
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(
    platform.libc_ver()[0] != "glibc", reason="the allocator settings are glibc's"
)

# What the server's sockets do to the heap: a big block freed (glibc then raises its
# mmap threshold), then 256 KiB read buffers, each followed by a small block that
# outlives it (a request still running), then the buffers freed.
SCENARIO = textwrap.dedent(
    """
    import sys
    from bot import memory

    if sys.argv[1] == "kept":
        assert memory.keep_big_blocks_returnable()

    def rss_kib():
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])

    big = b"x" * (4 << 20)
    del big
    before = rss_kib()
    buffers, small = [], []
    for _ in range(40):
        buffers.append(b"x" * (256 * 1024))
        small.append(bytearray(600))  # above pymalloc's limit: glibc's heap
    held = rss_kib()
    del buffers
    print(held - before, held - rss_kib())
    """
)


def returned_of(mode: str) -> tuple[int, int]:
    """(KiB the buffers took, KiB given back when they were freed)."""
    done = subprocess.run(
        [sys.executable, "-c", SCENARIO, mode], capture_output=True, text=True, check=True
    )
    held, returned = done.stdout.split()
    return int(held), int(returned)


def test_freed_read_buffers_go_back_to_the_system() -> None:
    held, returned = returned_of("kept")
    assert held >= 9 * 1024  # the 10 MiB of buffers were there
    assert returned >= 0.9 * held


def test_without_it_glibc_keeps_them_in_its_heap() -> None:
    # The scenario does show what the setting is for: glibc's default keeps them.
    held, returned = returned_of("default")
    assert held >= 9 * 1024
    assert returned <= 0.5 * held


def test_release_freed_memory_and_freeze_run_anywhere() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import gc; from bot import memory; memory.release_freed_memory(); "
            "memory.freeze_what_start_up_made(); print(gc.get_freeze_count() > 0)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "True"
