"""The follow-through in the terminal, run as a user runs it: `thankyou chat` asks "Have
you sent it?" after `done`, `thankyou reminders` lists and cancels, `--due` prints what
is due once, and the next `thankyou chat` answers a due reminder first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.dialog_script import SINGLE
from tests.test_cli import env, thankyou  # noqa: F401  (the fixture)


def database(environ: dict[str, str]) -> Path:
    return Path(environ["XDG_DATA_HOME"]) / "thankyou-coach" / "thankyou.db"


def make_due(environ: dict[str, str]) -> None:
    """The clock reaches the scheduled messages: they are due now."""
    with sqlite3.connect(database(environ)) as connection:
        connection.execute(
            "UPDATE scheduled_messages SET due_at = '2020-01-01 00:00:00.000000'"
            " WHERE status = 'scheduled'"
        )


def test_remind_me_then_the_reminder_is_answered_in_the_next_chat(
    env: dict[str, str],  # noqa: F811
) -> None:
    done = thankyou("chat", stdin="\n".join([*SINGLE, "done", "2"]) + "\n", env=env)
    assert done.returncode == 0, done.stderr
    assert "Have you sent it?" in done.stdout and "I'll remind you" in done.stdout

    listed = thankyou("reminders", env=env)
    assert "1. " in listed.stdout
    assert "a reminder to send your note to Emily Carter" in listed.stdout
    assert thankyou("reminders", "--due", env=env).stdout == ""  # due this evening

    make_due(env)
    due = thankyou("reminders", "--due", env=env)
    assert "[reminder] A reminder: your thank-you note to Emily Carter" in due.stdout
    assert thankyou("reminders", "--due", env=env).stdout == ""  # shown once


def test_the_next_chat_answers_a_due_reminder_first(env: dict[str, str]) -> None:  # noqa: F811
    thankyou("chat", stdin="\n".join([*SINGLE, "done", "2"]) + "\n", env=env)
    make_due(env)
    chat = thankyou("chat", stdin="2\nnot sure\n", env=env)
    assert chat.returncode == 0, chat.stderr
    assert chat.stdout.index("A reminder") < chat.stdout.index("When did they say")
    assert "5 business days" in chat.stdout
    assert "Who interviewed you?" in chat.stdout  # then a new note, as `chat` does
    listed = thankyou("reminders", env=env)
    assert '"Did you hear back from Emily Carter at Brightline Software?"' in listed.stdout
    cancelled = thankyou("reminders", "--cancel", "1", env=env)
    assert "Cancelled: asking whether you heard back from Emily Carter" in cancelled.stdout
    assert "Nothing is scheduled" in thankyou("reminders", env=env).stdout
