"""Every path a person takes (issue 22), in the terminal: `thankyou chat` with piped
answers. Correcting a panelist's name at the review printed a traceback and exited 1,
and so did every `thankyou chat` after it."""

from __future__ import annotations

from tests.test_cli import env, thankyou  # noqa: F401 (the fixture)
from tests.test_paths import panel


def test_correcting_a_name_at_the_review_goes_on_and_saves(env: dict[str, str]) -> None:  # noqa: F811
    lines = [*panel("Dana Lee; Tom Becker"), "edit interviewers", "Dana Lee; Tom Baker"]
    result = thankyou("chat", stdin="\n".join(lines) + "\n", env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Note 2 of 2 – to Tom Baker" in result.stdout
    # The next chat picks up at the review, and `done` saves both notes.
    again = thankyou("chat", stdin="resume\ndone\nsent\nnot sure\n", env=env)
    assert again.returncode == 0, again.stderr
    assert "Saved 2 notes" in again.stdout and "Have you sent them?" in again.stdout
    listed = thankyou("notes", env=env)
    assert "to Tom Baker" in listed.stdout and "to Dana Lee" in listed.stdout


def test_a_title_typed_without_a_comma_is_split_and_said(env: dict[str, str]) -> None:  # noqa: F811
    result = thankyou("chat", stdin="jordan kim eng mgr\n", env=env)
    assert result.returncode == 0, result.stderr
    assert 'I took "Eng Mgr" as Jordan Kim\'s title' in result.stdout
