"""`thankyou teams-package`: the Teams app package to sideload or publish.

A zip of manifest.json (templates/teams/manifest.json.j2), a 192x192 colour icon and a
32x32 outline icon (white on transparent), as Teams expects. The icons are drawn here,
an envelope, and written as PNG with zlib and struct: no imaging library needed.
"""

from __future__ import annotations

import json
import math
import struct
import sys
import uuid
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.templating import render

MANIFEST_VERSION = "1.22"
PACKAGE_VERSION = "1.0.0"
COLOR_ICON, OUTLINE_ICON = "color.png", "outline.png"
COLOR_SIZE, OUTLINE_SIZE = 192, 32
ACCENT = (0x2E, 0x6B, 0x5E)  # a deep green, behind the white envelope
WHITE = (255, 255, 255)
DEFAULT_WEBSITE = "https://example.com/thankyou-coach"

RGBA = tuple[int, int, int, int]
Painter = Callable[[float, float], RGBA]


class PackageError(ValueError):
    """An argument the package cannot be built with; the message names it."""


# -- PNG --------------------------------------------------------------------------------


def png(width: int, height: int, paint: Painter) -> bytes:
    """An 8-bit RGBA PNG; `paint(x, y)` gives each pixel (sampled at its centre)."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows += bytes(paint(x + 0.5, y + 0.5))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def _distance_to_segment(
    px: float, py: float, a: tuple[float, float], b: tuple[float, float]
) -> float:
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _envelope(size: int) -> tuple[tuple[float, float, float, float], float]:
    """The envelope's box (left, top, right, bottom) and stroke width for an icon size."""
    margin_x, margin_y = size * 0.16, size * 0.26
    return (margin_x, margin_y, size - margin_x, size - margin_y), max(2.0, size / 24)


def _on_envelope_lines(x: float, y: float, size: int) -> bool:
    (left, top, right, bottom), stroke = _envelope(size)
    half = stroke / 2
    inside_outer = left - half <= x <= right + half and top - half <= y <= bottom + half
    inside_inner = left + half < x < right - half and top + half < y < bottom - half
    if inside_outer and not inside_inner:
        return True
    middle = ((left + right) / 2, top + (bottom - top) * 0.55)
    flap = min(
        _distance_to_segment(x, y, (left, top), middle),
        _distance_to_segment(x, y, (right, top), middle),
    )
    return flap <= half and inside_outer


def color_icon(size: int = COLOR_SIZE) -> bytes:
    """A white envelope with accent-coloured folds on the accent colour, fully opaque."""
    (left, top, right, bottom), _ = _envelope(size)

    def paint(x: float, y: float) -> RGBA:
        inside = left <= x <= right and top <= y <= bottom
        if inside and not _on_envelope_lines(x, y, size):
            return (*WHITE, 255)
        return (*ACCENT, 255)

    return png(size, size, paint)


def outline_icon(size: int = OUTLINE_SIZE) -> bytes:
    """The envelope's lines in white on a transparent background, as Teams requires."""

    def paint(x: float, y: float) -> RGBA:
        return (*WHITE, 255) if _on_envelope_lines(x, y, size) else (0, 0, 0, 0)

    return png(size, size, paint)


# -- the package --------------------------------------------------------------------------


def manifest(app_id: str, website: str = DEFAULT_WEBSITE) -> dict[str, Any]:
    """The manifest for the bot registered as `app_id` (its Microsoft App ID, a GUID)."""
    try:
        app_id = str(uuid.UUID(app_id.strip()))
    except ValueError:
        raise PackageError(
            f"--app-id must be the bot's Microsoft App ID (a GUID), not {app_id!r}"
        ) from None
    if not website.startswith("https://"):
        raise PackageError("--website must be an https:// URL")
    text = render(
        "teams/manifest.json.j2",
        manifest_version=MANIFEST_VERSION,
        version=PACKAGE_VERSION,
        app_id=app_id,
        website=website.rstrip("/"),
        color_icon=COLOR_ICON,
        outline_icon=OUTLINE_ICON,
        accent="#{:02X}{:02X}{:02X}".format(*ACCENT),
    )
    document: dict[str, Any] = json.loads(text)
    return document


def write_package(app_id: str, out: Path, website: str = DEFAULT_WEBSITE) -> Path:
    """Write the zip (manifest and icons at its root, as Teams expects) to `out`."""
    document = manifest(app_id, website)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(document, indent=2, ensure_ascii=False))
        package.writestr(COLOR_ICON, color_icon())
        package.writestr(OUTLINE_ICON, outline_icon())
    return out


def run(app_id: str, out: str, website: str = DEFAULT_WEBSITE) -> int:
    """The CLI command: write the package and say where; exit code 2 for a bad argument."""
    try:
        path = write_package(app_id, Path(out), website)
    except PackageError as error:
        sys.stderr.write(f"thankyou: {error}\n")
        return 2
    except OSError as error:
        sys.stderr.write(f"thankyou: {out}: {error.strerror or error}\n")
        return 2
    sys.stdout.write(f"wrote {path}: upload it in Teams (Apps, Manage your apps, Upload an app)\n")
    return 0
