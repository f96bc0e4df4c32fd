"""The interview in Teams, end to end: real app, real CloudAdapter, fake connector.

Each test posts Activities to /api/messages and reads what the bot posted back.
"""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from bot.app import STORE
from dialogs.answers import STAGES
from dialogs.messages import conversation_key
from tests.dialog_script import AT, SINGLE
from tests.teams.fake_connector import FakeConnector
from tests.teams.teams_script import TeamsUser


async def to_review(user: TeamsUser) -> None:
    await user.send("thankyou")
    for line in SINGLE:
        await user.send(line)
    assert "done" in user.last.values, user.text


async def test_a_whole_interview_from_the_welcome_to_the_notes_card(user: TeamsUser) -> None:
    welcome = await user.install()
    assert len(welcome) == 1
    assert "Hi Jordan Rivera!" in welcome[0].text
    assert welcome[0].values == ["thankyou", "help"]

    await user.press("thankyou")
    assert "Who interviewed you?" in user.text
    for line in SINGLE[: AT["stage"]]:  # interviewers, company: typed
        await user.send(line)
    assert user.last.values[:6] == list(STAGES)  # the kind of interview: card actions
    await user.press("video")
    await user.send(SINGLE[AT["role"]])  # the role: typed
    assert "yesterday" in user.last.values
    await user.press("yesterday")  # the date: a button
    for line in SINGLE[AT["qualifications"] : AT["candidate_name"]]:
        await user.send(line)
    # The name as signed is offered from activity.from.name.
    assert 'Keep "Jordan Rivera"' in [a["title"] for a in user.last.submits]
    await user.press("keep")
    await user.press("formal")

    (review,) = user.replies
    card = review.card
    assert card is not None and card["version"] == "1.5"
    texts = [block.get("text", "") for block in card["body"]]
    assert "Your note to Emily Carter" in texts
    subject = texts[texts.index("Subject") + 1]
    assert subject.startswith("Thank you")
    body_lines = texts[texts.index("Body") + 1 :]
    body = "\n".join(body_lines[: body_lines.index("")])  # a block per line, to the mail link
    assert "Jordan Rivera" in body and "Emily" in body
    assert any("Checklist" in text for text in texts)
    assert "done" in review.values and "tone" in review.values
    assert subject in card["fallbackText"]  # clients without cards get the note as text
    assert review.reply_to_id is not None

    await user.press("done")
    assert "Saved 1 note" in user.text
    await user.send("notes")
    assert "Brightline Software" in user.text and "Emily Carter" in user.text
    (note,) = await user.send("notes 1")
    assert note.card is not None and subject in note.text


async def test_the_welcome_is_sent_once_per_install(user: TeamsUser) -> None:
    assert len(await user.install()) == 1
    assert await user.install() == []  # a redelivery, or Teams sending it again
    removal = user.activity(type="installationUpdate", action="remove", text=None)
    assert await user.post(removal) == 200
    assert len(await user.install()) == 1  # installed again: greeted again


async def test_other_members_joining_do_not_trigger_a_welcome(user: TeamsUser) -> None:
    update = user.activity(type="conversationUpdate", text=None, membersAdded=[{"id": "29:x"}])
    assert await user.post(update) == 200
    assert user.replies == []


async def test_typed_commands(user: TeamsUser) -> None:
    await user.send("help")
    # On a card, command words are bold: TextBlocks show no code spans (issue 22).
    assert "**delete my data**" in user.text and user.last.values == ["thankyou", "notes"]
    await user.send("notes")
    assert "no saved notes yet" in user.text

    await user.send("new")
    assert "Who interviewed you?" in user.text
    await user.send(SINGLE[0])
    await user.send("help")  # during an interview: tips for the current question
    assert "company" in user.text.lower()
    await user.send("cancel")
    assert "Stopped" in user.text and "type `resume`" in user.text
    await user.send("resume")
    assert "company" in user.text.lower()
    await user.send("thankyou")  # with an interview open: resume it or start fresh
    assert user.last.values == ["resume", "start fresh"]
    await user.press("resume")
    await user.send(SINGLE[1])
    assert "kind of interview" in user.text.lower()


async def test_delete_my_data_asks_first_then_deletes_everything(
    user: TeamsUser, client: TestClient[Any, Any]
) -> None:
    await to_review(user)
    await user.press("done")
    await user.send("delete my data")
    confirm = user.last
    assert confirm.values == ["delete my data now", "keep my data"]
    await user.send("notes")
    assert "Brightline Software" in user.text  # nothing deleted yet

    await user.press("delete my data now", confirm)
    assert "deleted 1 interview and 1 saved note" in user.text
    await user.send("notes")
    assert "no saved notes yet" in user.text
    references = client.app[STORE].teams_references
    key = conversation_key("msteams", user.tenant, "aad-user-a")
    assert await references.reference(key) is not None  # stored again by "notes"

    await user.press("delete my data now", confirm)  # the same card again
    assert "nothing of yours to delete" in user.text


async def test_a_stale_delete_confirmation_does_nothing(user: TeamsUser) -> None:
    await to_review(user)
    await user.press("done")
    old = {"value": "delete my data now", "ref": "delete.1000"}  # asked in 1970
    await user.post(user.activity(text="", value=old))
    assert "more than 15 minutes old" in user.text
    await user.send("notes")
    assert "Brightline Software" in user.text


async def test_stale_card_submissions_get_a_polite_answer(user: TeamsUser) -> None:
    await user.send("thankyou")
    await user.send(SINGLE[0])
    await user.send(SINGLE[1])
    await user.send(SINGLE[2])
    await user.send(SINGLE[AT["stage"]])
    date_question = user.last
    await user.press("yesterday", date_question)
    await user.press("today", date_question)  # the same card, already answered
    assert "earlier question" in user.text
    assert "qualifications" in user.text.lower() or "(6/" in user.text

    await user.send("cancel")
    await user.send("thankyou")
    await user.press("start fresh")
    await user.press("yesterday", date_question)  # a card of an interview that is over
    assert "interview that is over" in user.text

    for junk in ({"value": 7}, "just a string", {"ref": "x"}):
        assert await user.post(user.activity(text="", value=junk)) == 200
        assert "expired" in user.text


async def test_a_duplicate_activity_is_answered_once(user: TeamsUser) -> None:
    first = user.activity(text="thankyou", id="same-id")
    assert await user.post(first) == 200
    assert len(user.replies) == 1
    assert await user.post(first) == 200
    assert user.replies == []
    notes = user.activity(text="notes", id="notes-id")
    await user.post(notes)
    await user.post(notes)
    assert user.replies == []


async def test_hostile_text_is_escaped(user: TeamsUser) -> None:
    user.name = "<at>Everyone</at> **Boss**"
    await user.install()
    assert "&lt;at&gt;Everyone&lt;/at&gt; \\*\\*Boss\\*\\*" in user.text
    await user.send("thankyou")
    hostile = "[Click me](https://evil.example) <at>Everyone</at> _x_ {{DATE(2017-02-14)}}"
    await user.send(SINGLE[0])
    await user.send(hostile)  # as the company
    await user.send("back")  # the question again, with the answer so far
    text = user.text
    assert "[Click me]" not in text and "\\[Click me\\](https://evil.example)" in text
    assert "<at>" not in text and "&lt;at&gt;Everyone&lt;/at&gt;" in text
    assert "\\_x\\_" in text and "\\{\\{DATE" in text
    assert "**keep**" in text  # the templates' command words, in bold on a card


async def test_tenants_and_users_do_not_see_each_other(
    client: TestClient[Any, Any], connector: FakeConnector, user: TeamsUser
) -> None:
    await to_review(user)
    await user.press("done")
    same_user_other_tenant = TeamsUser(client, connector, tenant="tenant-b")
    await same_user_other_tenant.send("notes")
    assert "no saved notes yet" in same_user_other_tenant.text
    colleague = TeamsUser(client, connector, user_id="29:user-c", aad_object_id="aad-user-c")
    await colleague.send("notes")
    assert "no saved notes yet" in colleague.text
    # Without an AAD object id the key falls back to from.id.
    guest = TeamsUser(client, connector, user_id="29:guest", aad_object_id=None)
    await guest.send("notes")
    assert "no saved notes yet" in guest.text


async def test_the_conversation_reference_is_stored(
    user: TeamsUser, client: TestClient[Any, Any]
) -> None:
    await user.send("hello")
    references = client.app[STORE].teams_references
    stored = await references.reference(conversation_key("msteams", "tenant-a", "aad-user-a"))
    assert stored is not None
    assert stored["serviceUrl"] == user.connector.url
    assert stored["conversation"]["id"] == user.conversation_id
    assert stored["user"]["id"] == user.user_id
    other = await references.reference(conversation_key("msteams", "tenant-b", "aad-user-a"))
    assert other is None


async def test_an_answer_the_writer_is_unsure_of_is_shown_with_a_looks_right_action(
    user: TeamsUser,
) -> None:
    await user.send("thankyou")
    for line in SINGLE[: AT["interest"]]:
        await user.send(line)
    await user.send("because the new program helps rural patients")
    assert '"Because the new program helps rural patients."' in user.text
    assert user.last.values == ["ok"]
    await user.press("ok")
    assert "What sets you apart" in user.text or "(8/" in user.text
    await user.send("back")
    # The interview's one ask is spent: the answer is shown to check, with Reword.
    await user.send("because the new program helps rural patients")
    assert "In your note, to check" in user.text
    await user.press("reword interest")
    await user.send("I want to help the new program reach rural patients.")
    assert "use your wording" in user.text
