"""The repository stands on its own: no file points outside it, and the README's layout
names every package."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = re.compile(r"\.\./shared|PLATFORM-NOTES|DESIGN\.md|STYLE\.md")


def tracked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if listed.returncode != 0:  # not a git checkout (an unpacked archive): every file
        return [p for p in ROOT.rglob("*") if p.is_file() and ".venv" not in p.parts]
    return [ROOT / line for line in listed.stdout.splitlines()]


def test_no_file_refers_to_documents_outside_the_repository() -> None:
    offenders = []
    for path in tracked_files():
        if path.suffix not in (".py", ".md", ".j2", ".toml", ".ini", ".yml", ".cfg", ""):
            continue
        if path == Path(__file__) or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{path.relative_to(ROOT)}: {m.group()}" for m in OUTSIDE.finditer(text)]
    assert offenders == []


def test_the_readme_layout_names_every_package() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout") :]
    packages = sorted(
        str(init.parent.relative_to(ROOT))
        for top in ("bot", "adapters", "dialogs")
        for init in (ROOT / top).rglob("__init__.py")
        if init.parent.parent == ROOT or init.parent.parent.parent == ROOT
    )
    for package in packages:
        sub = package.partition("/")[2]
        assert f"`{package}/`" in layout or f"`{sub}/`" in layout, package
    assert (ROOT / "docs" / "architecture.md").is_file()
