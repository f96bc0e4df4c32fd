"""`thankyou` with the interview's "In your note" line taken out, for bench_serve.py's
before-and-after (`--without-line`): the same server, the same writer previews (the
interview still asks when the writer is unsure), only the line is not said.

    .venv/bin/python bench/serve_without_line.py serve
"""

from __future__ import annotations

import dataclasses
from typing import Any

from bot.cli import main
from dialogs import interview
from dialogs.messages import Say

_show_or_ask = interview._show_or_ask


def _without_line(*args: Any, **kwargs: Any) -> interview.Turn:
    turn = _show_or_ask(*args, **kwargs)
    kept = tuple(o for o in turn.outputs if not (isinstance(o, Say) and o.aside))
    return dataclasses.replace(turn, outputs=kept)


interview._show_or_ask = _without_line

if __name__ == "__main__":
    main()
