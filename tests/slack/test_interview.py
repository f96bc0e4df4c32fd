"""The interview in Slack, from `/thankyou` to the posted notes, typed and with buttons."""

from __future__ import annotations

from tests.dialog_script import AT, SINGLE
from tests.slack import block_kit
from tests.slack.conftest import Posted, SlackHarness


def plain_sections(posted: Posted) -> list[str]:
    return [
        b["text"]["text"]
        for b in posted.blocks
        if b["type"] == "section" and b["text"]["type"] == "plain_text"
    ]


def assert_within_block_kit_limits(posted: Posted) -> None:
    assert block_kit.problems(posted.blocks) == []


async def test_first_command_acks_and_starts_the_interview_in_the_dm(slack: SlackHarness) -> None:
    ack, posted = await slack.command()
    assert ack["response_type"] == "ephemeral"
    assert "direct messages" in ack["text"]
    assert [p.call.params["channel"] for p in posted] == ["DU1", "DU1"]
    assert "thank-you note" in posted[0].text
    assert "(1) " in posted[1].text  # the first question follows the introduction
    assert slack.fake.of("conversations.open")[0].params["users"] == "U1"


async def test_a_whole_interview_typed_in_the_dm(slack: SlackHarness) -> None:
    posted = await slack.message("hi")  # a first message starts the interview
    assert "thank-you note" in posted[0].text
    for line in SINGLE:
        posted = await slack.message(line)
        assert len(posted) == 1, [p.text for p in posted]
    review = posted[0]
    notes = plain_sections(review)
    assert any(text.startswith("Subject: ") for text in notes)
    body = "\n".join(notes)
    assert "Emily" in body and "Jordan Rivera" in body
    assert "*" not in body.replace("**", "")  # no Slack formatting leaks into the note
    assert review.blocks[0]["type"] == "header"
    assert "Done" in [b["text"]["text"] for b in review.buttons]
    assert_within_block_kit_limits(review)

    posted = await slack.message("done")
    assert "Saved 1 note" in posted[0].text
    assert "`/thankyou notes`" in posted[0].text

    _, posted = await slack.command("notes")
    assert "Brightline Software" in posted[0].text
    _, posted = await slack.command("notes 1")
    assert plain_sections(posted[0])[0].startswith("Subject: ")


async def test_a_whole_interview_with_buttons(slack: SlackHarness) -> None:
    await slack.command()
    for line in SINGLE[: AT["stage"]]:
        await slack.message(line)
    kinds = slack.last_with_button("Final round")  # the kind of interview, as buttons
    assert [b["text"]["text"] for b in kinds.buttons][:6] == [
        "Phone screen",
        "Video / hiring manager",
        "On-site or panel",
        "Final round",
        "Informational",
        "Other",
    ]
    await slack.press("Video / hiring manager", kinds)
    await slack.message(SINGLE[AT["role"]])  # then the role, typed
    question = slack.last_with_button("Yesterday")
    posted = await slack.press("Yesterday", question)
    # The pressed message lost its buttons and says what was chosen.
    update = slack.fake.of("chat.update")[-1]
    assert update.params["ts"] == question.ts
    replaced = Posted(update)
    assert replaced.buttons == []
    assert "You chose: Yesterday" in replaced.text
    assert "Qualifications" in posted[0].text or "(6/" in posted[0].text

    for line in SINGLE[AT["qualifications"] : AT["strengthen"]]:
        await slack.message(line)
    await slack.press("Skip")  # no answer to strengthen
    # E-mail and name come from the Slack profile (users.info) as defaults.
    posted = await slack.press('Keep "maria@example.com"')
    posted = await slack.press('Keep "Maria Gonzalez"')
    posted = await slack.press("Warm")
    review = posted[0]
    assert "Maria Gonzalez" in "\n".join(plain_sections(review))
    assert "maria@example.com" in "\n".join(plain_sections(review))
    posted = await slack.press("Done", review)
    assert "Saved 1 note" in posted[0].text
    assert slack.fake.of("users.info")[0].params["user"] == "U1"
    assert len(slack.fake.of("users.info")) == 1  # cached, not asked every turn


async def test_a_pressed_button_cannot_be_pressed_again(slack: SlackHarness) -> None:
    await slack.command()
    for line in SINGLE[: AT["interview_date"]]:
        await slack.message(line)
    question = slack.last_with_button("Yesterday")
    await slack.press("Yesterday", question)
    # The same old message pressed again (a stale client): the interview has moved on.
    posted = await slack.press("Today", question)
    assert "earlier question" in posted[0].text
    assert len(posted) == 2  # and the current question again


async def test_a_button_of_a_finished_interview_is_over(slack: SlackHarness) -> None:
    await slack.command()
    for line in SINGLE[: AT["interview_date"]]:
        await slack.message(line)
    old = slack.last_with_button("Skip")  # the optional interview date
    await slack.command("cancel")
    _, posted = await slack.command("delete-my-data")
    await slack.press("Yes, delete everything", posted[0])
    posted = await slack.press("Skip", old)
    assert "interview that is over" in posted[0].text


async def test_an_answer_the_writer_is_unsure_of_is_shown_with_a_looks_right_button(
    slack: SlackHarness,
) -> None:
    await slack.command()
    for line in SINGLE[: AT["interest"]]:
        await slack.message(line)
    (posted,) = await slack.message("because the new program helps rural patients")
    assert '"Because the new program helps rural patients."' in posted.text
    assert [b["text"]["text"] for b in posted.buttons] == ["Looks right"]
    (posted,) = await slack.press("Looks right", slack.last_with_button("Looks right"))
    assert "(9/" in posted.text  # the advantage question: the interview moved on
    # Typed wording instead of the button is used as written.
    await slack.message("back")
    # The interview's one ask is spent: the answer is shown to check, with Reword.
    (posted,) = await slack.message("because the new program helps rural patients")
    assert posted.text.startswith("In your note, to check")
    await slack.press("Reword", slack.last_with_button("Reword"))
    posted_list = await slack.message("I want to help the new program reach rural patients.")
    assert "use your wording" in posted_list[0].text
