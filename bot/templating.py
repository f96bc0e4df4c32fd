"""Every sentence the bot says, from templates/: one Jinja2 environment per channel.

A channel's environment looks in templates/<channel>/ first and then in templates/, so a
message written once for every channel (templates/commands/notes_list.txt.j2) can be
overridden for one (templates/console/commands/notes_list.txt.j2) without a copy for the
others. Templates call `command("notes", 2)` for the channel's spelling of a command
(dialogs/commands.py).

Answers are passed in as context values and never as template source, so text a user
types (`{{ 7*7 }}`, `{% raw %}`) is printed literally. Autoescape is off because the
output is plain text; each adapter escapes for its own platform.
"""

from __future__ import annotations

from functools import cache, partial
from pathlib import Path
from typing import Any

import jinja2

from dialogs.commands import spelling
from dialogs.messages import Command

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
CHANNELS = ("console", "slack", "teams")


@cache
def environment(channel: str | None = None) -> jinja2.Environment:
    """The environment of `channel` (its overrides first), or the shared one."""
    shared = jinja2.FileSystemLoader(TEMPLATES_DIR)
    if channel is None:
        loader: jinja2.BaseLoader = shared
    else:
        loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(TEMPLATES_DIR / channel), shared])
    env = jinja2.Environment(
        loader=loader,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        # Templates change only with a new release: without this, every render checked
        # its file's modification time on disk (a stat call per message rendered).
        auto_reload=False,
    )
    env.filters["as_written"] = as_written
    env.filters["and_join"] = and_join
    if channel is not None:
        env.globals["channel"] = channel
        env.globals["command"] = partial(_spell, channel)
    return env


def and_join(names: object) -> str:
    """Names as a sentence lists them: "Marcus Webb and Dana Cole", "A, B and C"."""
    items = [str(name) for name in names] if isinstance(names, list | tuple) else [str(names)]
    return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)


def as_written(name: object) -> str:
    """A name the user typed (a company, a role) written as the notes write it, for the
    bot's own sentences: "brightpath health" -> "Brightpath Health", "ibm" -> "IBM"."""
    from bot.writer.casing import capitalise_name  # the writer's casing, loaded when used

    text = " ".join(str(name or "").split())
    return capitalise_name(text) if text else ""


def _spell(channel: str, name: str, number: int | str | None = None) -> str:
    return spelling(Command(name), channel, number)


def render(name: str, **context: Any) -> str:
    """Render templates/`name` with `context`; surrounding blank space is trimmed."""
    return environment().get_template(name).render(**context).strip()


class Renderer:
    """What one channel says: `say("messages/intro")` renders messages/intro.txt.j2 from
    that channel's overrides or the shared templates. Adapters receive one."""

    def __init__(self, channel: str) -> None:
        if channel not in CHANNELS:
            raise ValueError(f"no templates for channel {channel!r}")
        self.channel = channel
        self._env = environment(channel)

    def say(self, template: str, **context: Any) -> str:
        return self._env.get_template(f"{template}.txt.j2").render(**context).strip()

    def compile_all(self) -> int:
        """Compile every template now (at start-up), not on a user's first turn."""
        names = self._env.list_templates(filter_func=lambda name: name.endswith(".j2"))
        for name in names:
            self._env.get_template(name)
        return len(names)


def compile_all() -> None:
    """Compile every template of every channel now (the server does it at start-up, in
    the background), so that no user's turn pays for a first use."""
    env = environment()
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)
    for channel in CHANNELS:
        Renderer(channel).compile_all()
