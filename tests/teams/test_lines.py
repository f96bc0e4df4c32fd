"""Line breaks in Teams (issue 10, defect 2): an Adaptive Card TextBlock shows a single
\\n as a space, and Teams and Web Chat markdown messages show it as a space or nothing,
so a signature read "Warm regards, Alex Morgan alex.morgan@example.com" and the
checklist, the help and the notes list ran into one paragraph.

Every card and message of a whole conversation (welcome, questions, help, a panel's
review, the saved notes, the delete confirmation) is checked: no TextBlock holds a line
break, and messages and cards' fallback texts part lines only by blank lines; then the
signature, the checklist, the help and the notes list are found line by line."""

from __future__ import annotations

import re

from tests.dialog_script import AT, SINGLE
from tests.teams.fake_connector import Posted
from tests.teams.teams_script import TeamsUser

PANEL = "Emily Carter, Director of Customer Success; Sam Ortiz"
SIGNATURE = ["Jordan Rivera", "jordan.rivera@example.com", "(555) 014-2290"]


def blocks(posted: Posted) -> list[str]:
    assert posted.card is not None
    return [block["text"] for block in posted.card["body"] if block["type"] == "TextBlock"]


def paragraphs(markdown: str) -> list[str]:
    return markdown.split("\n\n")


def assert_lines_kept(posted: Posted) -> None:
    """No line of `posted` depends on a single \\n to show as a line."""
    if posted.card is None:
        text = posted.activity["text"]
        assert not re.search(r"(?<!\n)\n(?!\n)", text), text
        return
    for text in blocks(posted):
        assert "\n" not in text, text
    fallback = posted.card["fallbackText"]
    assert not re.search(r"(?<!\n)\n(?!\n)", fallback), fallback


async def test_every_line_is_shown_as_a_line(user: TeamsUser) -> None:
    await user.install()
    await user.send("thankyou")
    await user.send(PANEL)
    for line in SINGLE[1 : AT["interview_date"]]:
        await user.send(line)
    await user.send("help")
    for line in SINGLE[AT["interview_date"] : AT["highlights"] + 1]:
        await user.send(line)
    await user.send("skip")  # Emily Carter's detail
    await user.send("skip")  # Sam Ortiz's detail
    for line in SINGLE[AT["interest"] : AT["strengthen"]]:
        await user.send(line)
    await user.send("skip")
    await user.send(SINGLE[AT["contact"]])
    await user.send(SINGLE[AT["candidate_name"]])
    review = (await user.press("warm"))[-1]
    await user.press("done", review)
    await user.send("notes")
    notes_list = user.last
    (saved,) = await user.send("notes 1")
    usage = (await user.send("help"))[-1]
    await user.send("delete my data")

    for posted in user.connector.posted:
        assert_lines_kept(posted)

    # The review: each note's signature, line by line, in its order, and the checklist
    # one item per line.
    lines = blocks(review)
    assert [line for line in lines if "Emily" in line or "Sam" in line][:2] == [
        "Note 1 of 2 – to Emily Carter",
        "Dear Emily,",
    ]
    for note in range(2):
        start = [i for i, line in enumerate(lines) if line == "Jordan Rivera"][note]
        assert lines[start : start + 3] == SIGNATURE
        assert lines[start - 1].endswith(",")  # the sign-off, on a line of its own
    checklist = [line for line in lines if line.startswith(("\\[x\\]", "\\[ \\]"))]
    assert len(checklist) >= 5
    assert [line[6:8] for line in checklist[:5]] == ["1.", "2.", "3.", "4.", "5."]
    fallback = paragraphs(review.card["fallbackText"])  # type: ignore[index]
    at = fallback.index("Jordan Rivera")
    assert fallback[at : at + 3] == SIGNATURE  # Web Chat: "Alex Morganalex.morgan@..."

    # A saved note, the saved notes list and the help, one line each.
    saved_lines = blocks(saved)
    at = saved_lines.index("Jordan Rivera")
    assert saved_lines[at : at + 3] == SIGNATURE
    # The list: the latest first, each note a line of its own with its drafts.
    entries = [p for p in blocks(notes_list) if p[:3] in ("1\\.", "2\\.")]
    assert [entry[:3] for entry in entries] == ["2\\.", "1\\."]
    assert "to Sam Ortiz" in entries[0] and "to Emily Carter" in entries[1]
    usage_lines = blocks(usage)
    assert len(usage_lines) >= 7
    # A card: command words in bold (TextBlocks show no code spans).
    assert usage_lines[1].startswith("**thankyou** – start")
    assert any(line.startswith("**notes** – list") for line in usage_lines)
