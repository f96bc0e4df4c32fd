"""What the user sees, for one channel: the interview's outputs and the commands' answers
as `Reply`s, every sentence from templates/ through the channel's `Renderer`.

The turn runner (bot/service.py) decides what happens; this module only words it: the
review (notes composed by bot/writer, the coach's checklist, "Improve" buttons, mail
links), the saved notes, the help, and the delete-my-data confirmation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import tzinfo
from typing import Any

from cachetools import LRUCache

from bot import drafts, writer
from bot.store import SavedNote
from bot.store.schedule import ScheduledRecord
from bot.templating import Renderer, as_written
from dialogs import commands
from dialogs.answers import Answers, AnswersError, answers_from_document
from dialogs.interview import edit_choice
from dialogs.messages import (
    Button,
    Choice,
    Command,
    DraftLink,
    Home,
    Left,
    NoteView,
    Output,
    Reply,
    Say,
    ShowNotes,
)
from dialogs.states import InterviewState, Status
from dialogs.steps import question_number

# Reviews composed recently: a review turn and the `done` after it need the same notes,
# composed once (a note takes milliseconds to write, the key microseconds to build).
COMPOSED_KEPT = 256


MAX_CANCEL_BUTTONS = 10
# The saved notes a list shows with their drafts (`notes`, the Home tab, Teams' welcome);
# `notes` lists them all in its text.
LISTED_NOTES = 10


def _as_written(context: Mapping[str, Any]) -> dict[str, Any]:
    """A message's context with the company and role the user typed as the notes write
    them ("at Brightpath Health", not "at brightpath health")."""
    shown = dict(context)
    answers = shown.get("answers")
    if isinstance(answers, dict):
        shown["answers"] = {
            **answers,
            **{key: as_written(answers[key]) for key in ("company", "role") if answers.get(key)},
        }
    if isinstance(shown.get("company"), str):
        shown["company"] = as_written(shown["company"])
    return shown


def _reminder_item(row: ScheduledRecord, zone: tzinfo) -> dict[str, Any]:
    """A scheduled message as the reminders list shows it."""
    item = {"kind": row.kind, "when": row.due_at.astimezone(zone), **row.payload}
    if isinstance(item.get("interviewers"), str):  # one name, as early rows kept it
        item["interviewers"] = [item["interviewers"]]
    return item


class Presenter:
    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        self.channel = renderer.channel
        self._composed: LRUCache[str, list[writer.Note]] = LRUCache(COMPOSED_KEPT)

    def notes(self, answers: Answers, version: int) -> list[writer.Note]:
        """The notes for these answers, composed once per change of the answers."""
        key = f"{version}|{answers!r}"
        notes = self._composed.get(key)
        if notes is None:
            notes = self._composed[key] = writer.compose_notes(answers, answers.tone, version)
        return notes

    def say(self, template: str, **context: Any) -> str:
        return self.renderer.say(template, **context)

    # -- the interview ---------------------------------------------------------------------

    def outputs(self, outputs: Sequence[Output], today: dt.date) -> list[Reply]:
        """The replies; an aside ("In your note: ...") opens the reply after it, with its
        buttons added to that reply's."""
        replies: list[Reply] = []
        aside: Reply | None = None
        for output in outputs:
            reply = (
                self._say(output, today) if isinstance(output, Say) else self._review(output, today)
            )
            if isinstance(output, Say) and output.aside:
                aside = reply
                continue
            if aside is not None:
                reply = replace(reply, preface=aside.text, buttons=(*reply.buttons, *aside.buttons))
                aside = None
            replies.append(reply)
        if aside is not None:
            replies.append(aside)
        return replies

    def settled(self, left: Left | None, typed: str) -> str | None:
        """The line shown in place of the buttons of the question a turn left (a typed
        answer quoted, `back` said; "" for none); None when it left none."""
        if left is None:
            return None
        return self.say("messages/settled", how=left.value, answer=" ".join(typed.split()))

    def _say(self, say: Say, today: dt.date) -> Reply:
        context = _as_written(say.context)
        if say.template == "messages/ask" and context.get("editing"):
            context["tips"] = self._tips_for(context, today)
        return Reply(
            text=self.say(say.template, **context),
            buttons=self.buttons(say.choices),
            ref=say.ref,
            stale=say.stale,
        )

    def _tips_for(self, question: dict[str, Any], today: dt.date) -> list[str]:
        """What the review's checklist says about the answer being edited ("Improve:
        Interest" asks again with what to change)."""
        try:
            answers = answers_from_document(question["answers"])
        except AnswersError:
            return []  # an edit brought in a question not answered yet: no review to quote
        notes = self.notes(answers, int(question.get("version") or 0))
        checks = writer.check_notes(answers, notes, today=today)
        return [c.tip for c in checks if c.answer == question["step"] and c.tip and not c.ok]

    def _review(self, show: ShowNotes, today: dt.date) -> Reply:
        """Notes, the coach's checklist and actions in one reply; each answer a tip names
        gets one "Improve" button (the interview's own edit choice for that answer).
        With `show.copy`, only that note's text ("Copy-ready")."""
        answers = show.answers
        notes = self.notes(answers, show.version)
        if show.copy is not None:
            if not 1 <= show.copy <= len(notes):
                return self.no_such_note(show.copy, len(notes))
            return self.copy_ready(notes[show.copy - 1].body)
        checks = writer.check_notes(answers, notes, today=today)
        recipients = [person.email for person in answers.interviewers]
        views = tuple(
            self._note_view(note, number, len(notes), to, show.ref)
            for number, (note, to) in enumerate(zip(notes, recipients, strict=False), 1)
        )
        faulty = writer.sentences_to_check(notes, show.accepted)
        unsure, more = faulty[: writer.MAX_MARKED], len(faulty[writer.MAX_MARKED :])
        readings = writer.readings_to_check(notes, show.accepted)
        text = self.say(
            "messages/review",
            answers=answers,
            checks=checks,
            unsure=unsure,
            more=more,
            readings=readings,
        )
        to_edit = dict.fromkeys(
            [*(c.answer for c in checks if c.tip and c.answer), *(f.step for f in unsure)]
        )
        fixes = [edit_choice(answer) for answer in to_edit]
        buttons = self.buttons([*fixes, *show.choices])
        return Reply(text=text, notes=views, buttons=buttons, ref=show.ref)

    def _note_view(
        self, note: writer.Note, number: int, total: int, to: str | None, ref: str | None
    ) -> NoteView:
        """A note of the review: its "Copy-ready" button answers the review's question."""
        heading = self.say(
            "messages/note_heading", number=number, total=total, interviewer=note.interviewer
        )
        return self._view(heading, note.interviewer, to, note.subject, note.body, number, ref)

    def _view(
        self,
        heading: str,
        interviewer: str,
        to: str | None,
        subject: str,
        body: str,
        number: int,
        ref: str | None,
        *,
        listed: bool = False,
    ) -> NoteView:
        """A note with its drafts, and "Copy-ready" (`copy N`), or in a list "Show"
        (`notes N`)."""
        links = tuple(
            DraftLink(
                link.provider,
                self.say("drafts/label", provider=link.provider),
                link.url,
                link.whole,
            )
            for link in drafts.draft_links(to, subject, body, self.channel)
        )
        short = [link.label for link in links if not link.whole]
        action = Command.NOTES if listed else Command.COPY
        button = Button(
            self.say("commands/button", name="show" if listed else "copy"),
            f"{commands.SPECS[action].words[0]} {number}",
        )
        return NoteView(
            heading=heading,
            interviewer=interviewer,
            subject=subject,
            body=body,
            recipient=to,
            links=links,
            too_long=self.say("drafts/too_long", labels=short, number=number) if short else "",
            actions=(button,),
            actions_ref=ref,
            listed=listed,
        )

    def _saved_view(self, note: SavedNote, heading: str, *, listed: bool = False) -> NoteView:
        return self._view(
            heading,
            note.interviewer,
            note.recipient,
            note.subject,
            note.body,
            note.number,
            commands.COMMAND_REF,
            listed=listed,
        )

    def copy_ready(self, body: str) -> Reply:
        """A note's text alone, so select-all copies exactly the note."""
        return Reply(text=body, copy_ready=True)

    def buttons(self, choices: Sequence[Choice]) -> tuple[Button, ...]:
        return tuple(
            Button(
                label=self.say(
                    "messages/choice", value=c.value, detail=c.detail, current=c.current
                ),
                value=c.value,
            )
            for c in choices
        )

    # -- the commands ----------------------------------------------------------------------

    def usage(self, unknown: str | None = None) -> Reply:
        """Every command, spelt for this channel, with buttons for the first steps."""
        text = self.say("commands/usage", commands=commands.listed(), unknown=unknown)
        return Reply(
            text=text, buttons=self._command_buttons("start", "notes"), ref=commands.COMMAND_REF
        )

    def _command_buttons(self, *names: str) -> tuple[Button, ...]:
        return tuple(
            Button(
                label=self.say("commands/button", name=name),
                value=commands.SPECS[Command(name)].words[0],
            )
            for name in names
        )

    def notes_list(self, notes: Sequence[SavedNote]) -> Reply:
        """Every saved note in the text; the latest ten also with their drafts."""
        latest = list(reversed(notes[-LISTED_NOTES:]))
        text = self.say("commands/notes_list", notes=notes, shown=len(latest))
        return Reply(text=text, notes=self._listed(latest))

    def _listed(self, notes: Sequence[SavedNote]) -> tuple[NoteView, ...]:
        return tuple(
            self._saved_view(note, self.say("commands/listed_note", note=note), listed=True)
            for note in notes
        )

    def saved_note(self, notes: Sequence[SavedNote], number: int) -> Reply:
        """Note `number` in full, ready to copy, with its drafts as at the review."""
        chosen = next((note for note in notes if note.number == number), None)
        if chosen is None:
            return self.no_such_note(number, len(notes))
        view = self._saved_view(chosen, self.say("commands/saved_note_heading", note=chosen))
        return Reply(text=self.say("commands/saved_note", note=chosen), notes=(view,))

    def no_such_note(self, number: int, count: int) -> Reply:
        return Reply(text=self.say("commands/no_such_note", number=number, count=count))

    def saved_copy(self, notes: Sequence[SavedNote], number: int | None) -> Reply:
        """`copy N`: saved note N's text alone (the latest without a number)."""
        if number is None and notes:
            number = notes[-1].number
        chosen = next((note for note in notes if note.number == number), None)
        if chosen is None:
            return self.no_such_note(number or 0, len(notes))
        return self.copy_ready(chosen.body)

    def follow_up(self, note: SavedNote) -> Reply:
        """A follow-up note just written, ready to send."""
        heading = self.say("follow/follow_up_heading", note=note)
        return Reply(text="", notes=(self._saved_view(note, heading),))

    def interview_notes(
        self, notes: Sequence[SavedNote], choices: Sequence[Choice] = (), ref: str | None = None
    ) -> Reply:
        """An interview's saved notes in full ("Show the note" in a reminder), with the
        buttons that answer what the follow-through asks now ("Sent")."""
        views = tuple(
            self._saved_view(note, self.say("commands/saved_note_heading", note=note))
            for note in notes
        )
        text = self.say("follow/notes_shown", count=len(views), asking=bool(choices and views))
        buttons = self.buttons(choices) if views else ()
        return Reply(text=text, notes=views, buttons=buttons, ref=ref if buttons else None)

    # -- the Home tab ----------------------------------------------------------------------

    def home(
        self,
        interview: InterviewState | None,
        notes: tuple[int, Sequence[SavedNote]],
        scheduled: Sequence[ScheduledRecord],
        zone: tzinfo,
        now: dt.datetime,
    ) -> Home:
        """What the user has, in the words and commands of the DM: the interview open
        (`interview`, whose step is shown), the latest saved notes of `notes` (their
        count, and the latest ones) with their drafts, what is scheduled, and deleting."""
        if interview is not None and interview.status is not Status.DONE:
            number, total = question_number(interview.step, interview.answers)
            text = self.say(
                "home/start",
                company=interview.answers.get("company"),
                step=interview.step.value,
                number=number,
                total=total,
                cancelled=interview.status is Status.CANCELLED,
            )
            start = Reply(text, self._command_buttons("resume"), commands.COMMAND_REF)
        else:
            start = Reply(
                self.say("home/start", step=None),
                self._command_buttons("start"),
                commands.COMMAND_REF,
            )
        count, latest = notes
        listed = Reply(
            text=self.say("home/notes", count=count, shown=len(latest)), notes=self._listed(latest)
        )
        delete = Reply(
            self.say("home/delete"), self._command_buttons("delete_my_data"), commands.COMMAND_REF
        )
        return Home(
            start=start,
            notes=listed,
            reminders=self.reminders(scheduled, zone),
            delete=delete,
            delete_question=self.delete_confirmation(now, dialog=True),
        )

    def reminders(self, scheduled: Sequence[ScheduledRecord], zone: tzinfo) -> Reply:
        """What is scheduled, with a cancel button for each (the first ten)."""
        items = [_reminder_item(row, zone) for row in scheduled]
        text = self.say("commands/reminders", items=items)
        spec = commands.SPECS[Command.CANCEL_REMINDER]
        buttons = tuple(
            Button(
                self.say("commands/cancel_reminder_button", number=number),
                f"{spec.words[0]} {number}",
            )
            for number in range(1, min(len(items), MAX_CANCEL_BUTTONS) + 1)
        )
        return Reply(text=text, buttons=buttons, ref=commands.COMMAND_REF)

    def reminder_cancelled(self, row: ScheduledRecord, zone: tzinfo) -> Reply:
        return Reply(text=self.say("commands/reminder_cancelled", item=_reminder_item(row, zone)))

    def no_such_reminder(self, number: int, count: int) -> Reply:
        return Reply(text=self.say("commands/no_such_reminder", number=number, count=count))

    def delete_confirmation(self, now: dt.datetime, *, dialog: bool = False) -> Reply:
        """ "Delete everything?" with its buttons; in a `dialog` (Slack's, on the Home
        tab) the buttons are the dialog's, pressed at once."""
        ref = commands.delete_ref(now)
        confirm = commands.SPECS[Command.DELETE_CONFIRMED].words[0]
        keep = commands.SPECS[Command.KEEP_MY_DATA].words[0]
        buttons = (
            Button(self.say("commands/button", name="delete_confirmed"), confirm),
            Button(self.say("commands/button", name="keep_my_data"), keep),
        )
        text = self.say("commands/delete_confirm", dialog=dialog)
        return Reply(text=text, buttons=buttons, ref=ref)

    def deleted(self, conversations: int, notes: int) -> Reply:
        return Reply(
            text=self.say("commands/deleted", conversations=conversations, notes=notes),
            ends_interview=True,
        )

    def delete_stale(self) -> Reply:
        return Reply(text=self.say("commands/delete_stale"))

    def data_kept(self) -> Reply:
        return Reply(text=self.say("commands/delete_kept"))
