"""The note writer: answers as people type them in, notes a careful writer would send out.

The stance: keep every fact the candidate gave and add none, and write those facts the
way a careful writer would, in the candidate's voice ("I"), to the reader of each note
("you"), in whole sentences. The rules are small named modules applied in order:

- chat.py: chat forms written out (rule 2);
- casing.py and terms.py (with data/terms.txt): capitals (rule 3);
- voice.py: the candidate's voice and the note's reader (rule 1);
- kinds.py: what each piece of an answer is, so it only goes into a frame that fits (4);
- text.py: sentences, bullets, end marks, doubled words (rule 5);
- greeting.py: greetings and titles (rule 6);
- answer.py: one answer through those rules, and whether the writer is sure of it;
- frames.py and compose.py: the notes, from templates/notes/; coach.py: the checklist;
- followup.py: the follow-up note, when no reply came (issue 12).

`compose_notes` and `check_notes` are what the rest of the application uses;
`preview_answer` tells the interview whether to ask the candidate about an answer.

Its modules load the dictionary's code, the verb tables (and numpy under them) when
first used, not when `bot.writer` is imported: a server answers /healthz before any of
it is loaded, and `warm_up` loads it in the background at start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.writer.coach import Check, check_notes
    from bot.writer.compose import LENGTHS, Note, Rewrite, compose_notes
    from bot.writer.followup import FOLLOW_UP_LENGTH, compose_follow_up
    from bot.writer.preview import Preview, preview_answer
    from bot.writer.proofreading import (
        MAX_MARKED,
        ToCheck,
        readings_to_check,
        sentences_to_check,
    )

_WHERE = {
    "Check": "bot.writer.coach",
    "check_notes": "bot.writer.coach",
    "LENGTHS": "bot.writer.compose",
    "Note": "bot.writer.compose",
    "Rewrite": "bot.writer.compose",
    "compose_notes": "bot.writer.compose",
    "FOLLOW_UP_LENGTH": "bot.writer.followup",
    "compose_follow_up": "bot.writer.followup",
    "Preview": "bot.writer.preview",
    "preview_answer": "bot.writer.preview",
    "ToCheck": "bot.writer.proofreading",
    "sentences_to_check": "bot.writer.proofreading",
    "readings_to_check": "bot.writer.proofreading",
    "MAX_MARKED": "bot.writer.proofreading",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # found directly from now on
    return value


def warm_up() -> None:
    """Load the dictionary, the verb tables and the term list now (about a second), rather
    than on some user's first answer: write and check one small note."""
    from bot.writer.coach import check_notes
    from bot.writer.compose import compose_notes
    from bot.writer.preview import preview_answer
    from bot.writer.tagger import warm_up as load_tagger
    from dialogs.answers import answers_from_document

    load_tagger()
    answers = answers_from_document(
        {
            "candidate_name": "jo",
            "interviewers": ["dana lee", "tom becker"],
            "company": "acme",
            "role": "analyst",
            "qualifications": "led the sql migration, cut costs 20%",
            "highlights": "she stressed kubernetes",
            "interest": "the new clinic",
            "email": "jo@example.com",
        }
    )
    check_notes(answers, compose_notes(answers))
    preview_answer(answers.to_document(), "highlights")


__all__ = [
    "FOLLOW_UP_LENGTH",
    "LENGTHS",
    "MAX_MARKED",
    "Check",
    "Note",
    "Preview",
    "Rewrite",
    "ToCheck",
    "check_notes",
    "compose_follow_up",
    "compose_notes",
    "preview_answer",
    "readings_to_check",
    "sentences_to_check",
    "warm_up",
]
