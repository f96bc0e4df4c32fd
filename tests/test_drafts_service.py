"""Drafts, Copy-ready and the summary through the real service, on SQLite and PostgreSQL:
the recipient saved with the note, `copy N`, the review's Copy-ready (which changes
nothing), and which turns tell the watchers the summary changed."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.service import ConversationService
from bot.store import Store
from bot.store.replay import replies_from_json, replies_to_json
from dialogs.commands import read_press, read_typed
from dialogs.messages import (
    Command,
    ConversationKey,
    Incoming,
    Profile,
    Reply,
    conversation_key,
)
from tests.dialog_script import NOW, SINGLE
from tests.saved_notes import a_note, save_notes

KEY = conversation_key("slack", "T1", "U1")
EMAILED = [*SINGLE]
EMAILED[0] = "Emily Carter, Director of Customer Success, emily@brightline.io"


@pytest.fixture
def service(engine: AsyncEngine) -> ConversationService:
    return ConversationService(Store(engine), channel="slack", clock=lambda: NOW)


async def send(service: ConversationService, text: str, ref: str | None = None) -> list[Reply]:
    incoming = read_press(text, ref) if ref else (read_typed(text) or Incoming(text=text))
    return await service.handle(KEY, incoming)


async def to_review(service: ConversationService) -> Reply:
    await service.handle(KEY, Incoming(command=Command.START))
    replies: list[Reply] = []
    for line in EMAILED:
        replies = await send(service, line)
    return replies[-1]


async def test_the_note_is_saved_with_its_recipient_and_offers_its_drafts(
    service: ConversationService,
) -> None:
    review = await to_review(service)
    (view,) = review.notes
    assert view.recipient == "emily@brightline.io"
    assert [link.provider for link in view.links] == [
        "gmail",
        "outlook",
        "outlook_personal",
        "mailto",
    ]
    assert all(link.whole for link in view.links) and view.too_long == ""
    assert [(b.label, b.value) for b in view.actions] == [("Copy-ready", "copy 1")]
    assert view.actions_ref == review.ref
    await send(service, "done")
    (note,) = await service.store.list_notes(KEY)
    assert note.recipient == "emily@brightline.io"
    (shown,) = await send(service, "notes 1")
    assert shown.notes[0].recipient == "emily@brightline.io"
    assert "to=emily@brightline.io" in shown.notes[0].links[0].url


async def test_copy_gives_the_note_text_alone(service: ConversationService) -> None:
    await to_review(service)
    await send(service, "done")
    (note,) = await service.store.list_notes(KEY)
    for typed in ("copy 1", "copy"):
        (copied,) = await send(service, typed)
        assert copied.copy_ready and copied.text == note.body and not copied.notes
    (missing,) = await send(service, "copy 4")
    assert not missing.copy_ready and "There is no note 4" in missing.text


async def test_the_reviews_copy_ready_changes_nothing(service: ConversationService) -> None:
    review = await to_review(service)
    (copied,) = await send(service, "copy 1", review.ref)
    assert copied.copy_ready and copied.text == review.notes[0].body
    (missing,) = await send(service, "copy 3", review.ref)
    assert "There is no note 3" in missing.text
    # The review's own buttons still count: the press was no step of the interview.
    replies = await send(service, "done", review.ref)
    assert any("Saved 1 note" in reply.text for reply in replies)


async def test_a_note_too_long_for_a_link_says_so_beside_its_drafts(
    service: ConversationService,
) -> None:
    body = "Thank you for the conversation. " * 60
    await save_notes(service.store, KEY, [a_note(body=body)])
    (shown,) = await send(service, "notes 1")
    (view,) = shown.notes
    whole = {link.provider: link.whole for link in view.links}
    assert whole == {"gmail": True, "outlook": False, "outlook_personal": False, "mailto": False}
    assert view.too_long.startswith(
        "Open in Outlook, Outlook.com, Open as e-mail: the note is too long for a link: paste it"
    )


async def test_only_turns_that_change_the_summary_tell_the_watchers(
    service: ConversationService,
) -> None:
    told: list[ConversationKey] = []
    service.watch(told.append)

    async def changes(text: str, ref: str | None = None) -> bool:
        before = len(told)
        await send(service, text, ref)
        return len(told) > before

    assert await changes("thankyou")  # an interview starts
    assert not await changes("help")
    assert not await changes("notes")
    assert not await changes("x" * 1600)  # too long: asked again
    assert await changes(EMAILED[0])  # the next question
    for line in EMAILED[1:]:
        await send(service, line)
    review = (await service.handle(KEY, Incoming(text="formal")))[-1]
    assert not await changes("copy 1", review.ref)
    assert await changes("done")  # the note saved
    assert not await changes("copy 1")
    assert await changes("remind me")  # a reminder scheduled
    assert not await changes("reminders")
    assert await changes("cancel reminder 1")
    assert not await changes("cancel reminder 1")  # none left: nothing cancelled
    assert not await changes("delete my data")  # only asks
    assert await changes("delete my data now")
    assert set(told) == {KEY}


async def test_the_summary_reads_the_open_interview_latest_notes_and_schedule(
    service: ConversationService,
) -> None:
    home = await service.home(KEY, Profile(time_zone="America/Los_Angeles"))
    assert [b.value for b in home.start.buttons] == ["thankyou"]
    assert home.notes.notes == () and "none yet" in home.notes.text
    await to_review(service)
    await send(service, "done")
    await send(service, "remind me")
    await service.handle(KEY, Incoming(command=Command.START))
    await send(service, EMAILED[0])
    home = await service.home(KEY, Profile(time_zone="America/Los_Angeles"))
    assert [b.value for b in home.start.buttons] == ["resume"]
    assert "question 2" in home.start.text
    (listed,) = home.notes.notes
    assert listed.listed and listed.recipient == "emily@brightline.io"
    assert [(b.label, b.value) for b in listed.actions] == [("Show", "notes 1")]
    assert "(PST)" in home.reminders.text or "(PDT)" in home.reminders.text
    assert [b.value for b in home.reminders.buttons] == ["cancel reminder 1"]
    assert home.delete_question.buttons[0].value == "delete my data now"


async def test_latest_notes_counts_all_and_numbers_them_as_the_list_does(
    service: ConversationService,
) -> None:
    notes = [a_note(interviewer=f"Person {n}", subject=f"Subject {n}") for n in range(1, 26)]
    await save_notes(service.store, KEY, notes)
    total, latest = await service.store.latest_notes(KEY, 10)
    every = await service.store.list_notes(KEY)
    assert total == 25
    assert [n.number for n in latest] == list(range(25, 15, -1))
    assert latest == list(reversed(every[-10:]))
    other = conversation_key("slack", "T1", "U2")
    assert await service.store.latest_notes(other, 10) == (0, [])


def test_replies_kept_before_the_drafts_load_back() -> None:
    """A reply kept with its event before this release (a note with `mailto`) is resent
    without that link rather than failing the redelivery."""
    old = [
        {
            "text": "Saved",
            "buttons": [],
            "ref": None,
            "notes": [
                {
                    "heading": "Note 1",
                    "interviewer": "Dana",
                    "subject": "Thank you",
                    "body": "Dear Dana,",
                    "mailto": "mailto:?subject=Thank%20you",
                }
            ],
            "ends_interview": False,
            "stale": False,
        }
    ]
    (reply,) = replies_from_json(old)
    assert reply.notes[0].body == "Dear Dana," and reply.notes[0].links == ()
    new = dataclasses.replace(reply, copy_ready=True)
    assert replies_from_json(replies_to_json([new])) == [new]
