"""`thankyou teams-package`: the zip Teams accepts."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from bot.cli import run

APP_ID = "7f3c2a10-1b2c-4d5e-8f90-123456789abc"


def read_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """(width, height, colour type, pixel rows) of an unfiltered 8-bit PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, header = 8, b"", b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert zlib.crc32(kind + body) == crc
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8
    raw = zlib.decompress(idat)
    stride = 1 + width * 4
    rows = [raw[i * stride + 1 : (i + 1) * stride] for i in range(height)]
    assert all(raw[i * stride] == 0 for i in range(height))
    return width, height, colour, rows


def pixels(rows: list[bytes]) -> list[tuple[int, ...]]:
    return [tuple(row[i : i + 4]) for row in rows for i in range(0, len(row), 4)]


def test_the_package_has_a_valid_manifest_and_both_icons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "app.zip"
    assert run(["teams-package", "--app-id", APP_ID, "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
        color = read_png(package.read("color.png"))
        outline = read_png(package.read("outline.png"))

    for field in ("$schema", "manifestVersion", "version", "id", "developer", "name",
                  "description", "icons", "accentColor"):  # fmt: skip
        assert manifest[field], field
    assert manifest["manifestVersion"] == "1.22"
    assert manifest["$schema"].endswith("/v1.22/MicrosoftTeams.schema.json")
    assert manifest["id"] == APP_ID
    assert all(manifest["developer"][k].startswith("https://") for k in
               ("websiteUrl", "privacyUrl", "termsOfUseUrl"))  # fmt: skip
    assert len(manifest["name"]["short"]) <= 30
    assert len(manifest["description"]["short"]) <= 80
    assert len(manifest["description"]["full"]) <= 4000
    (bot,) = manifest["bots"]
    assert bot["botId"] == APP_ID and bot["scopes"] == ["personal"]
    (commands,) = bot["commandLists"]
    titles = [command["title"] for command in commands["commands"]]
    assert titles == ["thankyou", "resume", "cancel", "notes", "help", "delete my data"]
    assert len(titles) <= 10
    assert all(len(c["description"]) <= 128 for c in commands["commands"])
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}

    width, height, _, rows = color
    assert (width, height) == (192, 192)
    assert {p[3] for p in pixels(rows)} == {255}  # the colour icon is opaque

    width, height, colour_type, rows = outline
    assert (width, height) == (32, 32)
    assert colour_type == 6  # RGBA
    found = set(pixels(rows))
    assert (0, 0, 0, 0) in found  # transparent background
    assert {p for p in found if p[3]} == {(255, 255, 255, 255)}  # only white lines


def test_a_bad_app_id_is_refused_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "app.zip"
    assert run(["teams-package", "--app-id", "not-a-guid", "--out", str(out)]) == 2
    assert "--app-id must be the bot's Microsoft App ID" in capsys.readouterr().err
    assert not out.exists()
