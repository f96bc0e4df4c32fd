"""The `thankyou` command end to end, run as a user runs it: a real process, piped stdin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.dialog_script import AT, SINGLE

EXAMPLES = Path(__file__).resolve().parent / "examples"  # example answers documents
THANKYOU = Path(sys.executable).parent / "thankyou"


def thankyou(
    *args: str, stdin: str = "", env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    command = [str(THANKYOU)] if THANKYOU.exists() else [sys.executable, "-m", "bot"]
    return subprocess.run(
        [*command, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A user with no settings at all: the embedded default database in their data dir."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "Microsoft"))}
    environ.pop("DATABASE_URL", None)
    environ["XDG_DATA_HOME"] = str(tmp_path / "data")
    environ["HOME"] = str(tmp_path)
    return environ


def test_chat_with_piped_answers_writes_a_note_and_saves_it(env: dict[str, str]) -> None:
    answers = "\n".join([*SINGLE, "done"]) + "\n"
    result = thankyou("chat", stdin=answers, env=env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Subject: Thank you" in out
    assert "Emily Carter" in out and "Jordan Rivera" in out
    assert "jordan.rivera@example.com" in out and "(555) 014-2290" in out
    assert "Saved 1 note" in out
    assert result.stderr == ""
    # The default database was created and migrated in the user's data directory.
    assert list((Path(env["XDG_DATA_HOME"])).rglob("thankyou.db"))

    listing = thankyou("notes", env=env)
    assert listing.returncode == 0
    assert "Brightline Software" in listing.stdout and "Emily Carter" in listing.stdout
    shown = thankyou("notes", "show", "1", env=env)
    assert shown.returncode == 0
    assert "Subject: Thank you" in shown.stdout and "Jordan Rivera" in shown.stdout
    missing = thankyou("notes", "show", "7", env=env)
    assert missing.returncode == 2
    assert missing.stderr.count("\n") == 1 and "no note 7" in missing.stderr


def test_chat_shows_an_unclear_answer_and_uses_the_typed_wording(env: dict[str, str]) -> None:
    unclear = "because the new program helps rural patients"
    wording = "I want to help the new program reach rural patients."
    answers = [*SINGLE[: AT["interest"]], unclear, wording, *SINGLE[AT["advantage"] :], "done"]
    result = thankyou("chat", stdin="\n".join(answers) + "\n", env=env)
    assert result.returncode == 0, result.stderr
    assert '"Because the new program helps rural patients."' in result.stdout
    assert "[1] Looks right" in result.stdout  # the terminal numbers its choices
    assert wording in result.stdout and "Saved 1 note" in result.stdout


def test_chat_rewords_an_answer_by_the_number_of_its_reword_button(env: dict[str, str]) -> None:
    """Reword's value names the answer it rewords; typed as its number, it works too."""
    wording = "I kept net retention above 110% across sixty mid-market accounts."
    answers = [*SINGLE[: AT["highlights"]], "1", wording, *SINGLE[AT["highlights"] :], "done"]
    result = thankyou("chat", stdin="\n".join(answers) + "\n", env=env)
    assert result.returncode == 0, result.stderr
    assert "[1] Reword" in result.stdout
    assert "Thanks, I'll use your wording." in result.stdout
    assert wording in result.stdout and "Saved 1 note" in result.stdout


def test_chat_stops_at_end_of_input_and_resumes_next_time(env: dict[str, str]) -> None:
    first = thankyou("chat", stdin="\n".join(SINGLE[:4]) + "\n", env=env)
    assert first.returncode == 0, first.stderr
    assert "End of input" in first.stdout
    rest = "\n".join(["resume", *SINGLE[4:], "done"]) + "\n"
    second = thankyou("chat", stdin=rest, env=env)
    assert second.returncode == 0, second.stderr
    assert "Brightline Software" in second.stdout.split("\n\n")[0]  # the resume offer
    assert "Saved 1 note" in second.stdout


def test_chat_reprompts_bad_input_and_keeps_going(env: dict[str, str]) -> None:
    contact = AT["contact"]
    lines = [SINGLE[0], "", *SINGLE[1:contact], "not-an-email@", *SINGLE[contact:], "done"]
    result = thankyou("chat", stdin="\n".join(lines) + "\n", env=env)
    assert result.returncode == 0, result.stderr
    assert "didn't get an answer" in result.stdout
    assert "doesn't look like an e-mail" in result.stdout
    assert "Saved 1 note" in result.stdout


def test_a_malformed_setting_stops_with_one_line_naming_it(env: dict[str, str]) -> None:
    env["PORT"] = "eighty"
    result = thankyou("chat", env=env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "PORT" in result.stderr


@pytest.mark.parametrize(
    "name", ["answers-single.json", "answers-panel.json", "answers-brief.json"]
)
def test_compose_reads_the_example_documents(name: str, env: dict[str, str]) -> None:
    path = EXAMPLES / name
    document = json.loads(path.read_text())
    result = thankyou("compose", str(path), "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert [n["interviewer"] for n in payload["notes"]] == [
        i["name"] for i in document["interviewers"]
    ]
    for note in payload["notes"]:
        assert note["subject"] and document["role"] in note["subject"]
        assert document["candidate_name"] in note["body"]
    principles = {c["principle"] for c in payload["checks"]}
    assert {"qualifications", "highlights", "interest", "advantage", "contact"} <= principles
    text = thankyou("compose", str(path), "--tone", "brief", env=env)
    assert text.returncode == 0 and "Subject:" in text.stdout


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"company": None}, "company"),
        ({"interviewers": []}, "interviewers"),
        ({"interviewers": [{"title": "CTO"}]}, "interviewers[0].name"),
        ({"tone": "sarcastic"}, "tone"),
        ({"interview_date": "24/11/2026"}, "interview_date"),
        ({"email": None, "phone": None}, "email"),
        ({"qualifications": 42}, "qualifications"),
    ],
)
def test_compose_names_the_missing_or_wrong_field(
    change: dict[str, object], field: str, tmp_path: Path, env: dict[str, str]
) -> None:
    document = {
        "candidate_name": "Maria Gonzalez",
        "interviewers": [{"name": "Dana Lee", "title": "Marketing Director"}],
        "company": "Acme Outdoor Co.",
        "role": "Social Media Manager",
        "qualifications": "I grew our account from 2k to 15k followers.",
        "highlights": "teamwork",
        "interest": "the spring launch",
        "email": "maria@example.com",
        "phone": "(555) 201-7788",
        "tone": "formal",
        **change,
    }
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(document))
    result = thankyou("compose", str(path), env=env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert f"'{field}'" in result.stderr


def test_compose_refuses_a_file_that_is_not_json(tmp_path: Path, env: dict[str, str]) -> None:
    path = tmp_path / "answers.json"
    path.write_text("{not json")
    result = thankyou("compose", str(path), env=env)
    assert result.returncode == 2 and "not valid JSON" in result.stderr


def test_notes_show_writes_an_eml_draft(env: dict[str, str], tmp_path: Path) -> None:
    from email import message_from_bytes
    from email.policy import default

    assert thankyou("chat", stdin="\n".join([*SINGLE, "done"]) + "\n", env=env).returncode == 0
    draft = tmp_path / "note.eml"
    result = thankyou("notes", "show", "1", "--eml", str(draft), env=env)
    assert result.returncode == 0, result.stderr
    message = message_from_bytes(draft.read_bytes(), policy=default)
    assert message["Subject"].startswith("Thank you")
    assert "Jordan Rivera" in message.get_content()


def test_compose_json_lists_every_check_of_the_coach(tmp_path: Path, env: dict[str, str]) -> None:
    document = {
        "candidate_name": "Jordan Rivera",
        "interviewers": ["Emily Carter"],
        "company": "Brightline Software",
        "role": "Customer Success Manager",
        "interview_date": "2026-11-24",
        "qualifications": "I mangaed 60 accounts.",
        "highlights": "teamwork",
        "interest": "great company!!! Sorry for the late reply.",
        "email": "jordan@example.com",
    }
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(document))
    result = thankyou("compose", str(path), "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    checks = {c["principle"]: c for c in json.loads(result.stdout)["checks"]}
    assert list(checks) == [
        "qualifications",
        "highlights",
        "interest",
        "advantage",
        "contact",
        "length",
        "greeting",
        "timing",
        "phrases",
        "typos",
    ]
    assert all(set(c) == {"principle", "ok", "tip"} for c in checks.values())
    assert not checks["interest"]["ok"] and not checks["contact"]["ok"]
    assert 'did you mean "managed"' in checks["typos"]["tip"]
    # The note keeps the apology but not the "!!!" (the writer dropped it): only what
    # the note says is flagged (issue 22).
    assert 'Cut "sorry"' in checks["phrases"]["tip"] and "!!!" not in checks["phrases"]["tip"]


def test_compose_json_shows_every_rewrite_and_whether_it_was_sure(
    tmp_path: Path, env: dict[str, str]
) -> None:
    document = json.loads((EXAMPLES / "answers-messy.json").read_text())
    document["interest"] = "because the new program helps rural patients"
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(document))
    result = thankyou("compose", str(path), "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    notes = json.loads(result.stdout)["notes"]
    assert [n["interviewer"] for n in notes] == ["Priya Raman", "Tom Becker"]
    for note in notes:
        rewrites = {r["answer"]: r for r in note["rewrites"]}
        assert set(rewrites) == {"qualifications", "highlights", "interest", "advantage", "detail"}
        assert set(rewrites["qualifications"]) == {"answer", "from", "to", "sure"}
        assert rewrites["qualifications"]["from"] == document["qualifications"]
        assert "6 years of Go and Postgres experience" in rewrites["qualifications"]["to"]
        # Chat-typed, so never sure; the flag says only that, where the interest's names
        # a fault (a clause that leans on nothing).
        assert rewrites["qualifications"]["sure"] is False
        assert rewrites["interest"]["sure"] is False
        reasons = {f["answer"]: set(f["reasons"]) for f in note["flagged"]}
        assert reasons["qualifications"] == {"rewritten from a chat-typed answer"}
        assert reasons["interest"] - {"rewritten from a chat-typed answer"}
    to_priya, to_tom = ({r["answer"]: r for r in n["rewrites"]} for n in notes)
    assert "Tom was really into" in to_priya["highlights"]["to"]
    assert "you were really into" in to_tom["highlights"]["to"].lower()
    assert (
        to_tom["detail"]["to"] == "the routing engine rewrite and whether to use a graph database"
    )


def test_notes_show_links_and_copy(env: dict[str, str], tmp_path: Path) -> None:
    """`--links` prints the drafts to the interviewer; `--copy` the note's text alone;
    `--eml` addresses the draft to them."""
    from urllib.parse import parse_qs, urlsplit

    answers = [*SINGLE]
    answers[0] = "Emily Carter, Director of Customer Success, emily@brightline.io"
    assert thankyou("chat", stdin="\n".join([*answers, "done"]) + "\n", env=env).returncode == 0
    shown = thankyou("notes", "show", "1", "--links", env=env)
    assert shown.returncode == 0, shown.stderr
    assert "To: emily@brightline.io" in shown.stdout
    urls = [line for line in shown.stdout.splitlines() if line.startswith(("https://", "mailto:"))]
    assert [urlsplit(url).netloc or "mailto" for url in urls] == [
        "mail.google.com",
        "outlook.office.com",
        "outlook.live.com",
        "mailto",
    ]
    gmail = parse_qs(urlsplit(urls[0]).query)
    copied = thankyou("notes", "show", "1", "--copy", env=env)
    assert copied.returncode == 0, copied.stderr
    assert copied.stdout.rstrip("\n") == gmail["body"][0]  # exactly the note, nothing else
    assert gmail["to"] == ["emily@brightline.io"]
    draft = tmp_path / "note.eml"
    assert thankyou("notes", "show", "1", "--eml", str(draft), env=env).returncode == 0
    assert b"To: emily@brightline.io" in draft.read_bytes()
    missing = thankyou("notes", "show", "7", "--copy", env=env)
    assert missing.returncode == 2 and "There is no note 7" in missing.stderr
    assert thankyou("notes", "--links", env=env).returncode == 2
