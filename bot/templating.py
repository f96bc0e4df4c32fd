"""The one Jinja2 environment for every sentence the bot says (templates/).

Answers are passed in as context values and never as template source, so text a user
types (`{{ 7*7 }}`, `{% raw %}`) is printed literally. Autoescape is off because the
output is plain text; each adapter escapes for its own platform.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def render(name: str, **context: Any) -> str:
    """Render templates/`name` with `context`; surrounding blank space is trimmed."""
    return environment().get_template(name).render(**context).strip()


def compile_all() -> None:
    """Compile every template now (the server does it at start-up, in the background),
    so that no user's turn pays for a first use."""
    env = environment()
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)
