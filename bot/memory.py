"""The server process's memory: what glibc's allocator and the garbage collector are
told, so that a long-running server does not keep what it no longer uses.

Elsewhere than glibc (musl, macOS) the allocator calls do nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
from typing import Any

M_MMAP_THRESHOLD = -3  # mallopt's parameter number, from glibc's malloc.h
MMAP_THRESHOLD_BYTES = 128 * 1024  # glibc's own starting value, kept from then on


@functools.cache
def _glibc() -> Any | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt  # noqa: B018 - glibc's, absent from other C libraries
        libc.malloc_trim  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


def keep_big_blocks_returnable() -> bool:
    """Hand blocks of 128 KiB and more back to the system as soon as they are freed;
    False where the allocator is not glibc's.

    glibc serves such blocks with their own memory mapping, until one is freed: then it
    raises that limit to the freed block's size, and from then on serves them from its
    heap, which only gives memory back from its top. asyncio reads every socket into a
    fresh 256 KiB buffer (Python 3.11), so under a flood of connections the heap filled
    with holes between requests still running: RSS grew without levelling off (142 ->
    163 MiB over 60 s at twice the capacity, PostgreSQL). With the limit fixed at
    glibc's starting value it stayed at 140 MiB, at no measurable CPU cost (the bench's
    closed loop: 1.51 and 1.52 ms a turn)."""
    libc = _glibc()
    return libc is not None and libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1


def release_freed_memory() -> None:
    """Hand back to the system what loading the writer's dictionaries freed (their files
    are parsed into temporary tables twice their size): about 10 MiB that glibc's
    allocator would otherwise keep."""
    gc.collect()
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


def freeze_what_start_up_made() -> None:
    """Put everything start-up made (modules, templates, the writer's dictionaries:
    about 140,000 objects the collector tracks) out of the cyclic garbage collector's
    reach. None of it becomes garbage, yet every full collection walked all of it,
    pausing the server 50-60 ms every few seconds under load; now 2-3 ms. Objects are
    still freed when their last reference goes; only cycles among them would stay, and
    release_freed_memory has just collected those."""
    gc.freeze()
