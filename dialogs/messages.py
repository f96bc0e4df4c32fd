"""What goes into the interview and what comes out of it: platform-neutral data.

Adapters turn a platform event into `Incoming`; the interview answers with outputs
(`Say`, `ShowNotes`) that name a template and its context; the service renders them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from dialogs.answers import Answers

if TYPE_CHECKING:
    from dialogs.states import InterviewState


class Command(enum.Enum):
    """What the user asked for. Every channel spells these its own way (dialogs/commands.py
    reads them all); the service handles each one once."""

    MESSAGE = "message"  # the user typed something or pressed a button
    START = "start"  # the user asked for an interview (`thankyou chat`, `/thankyou`)
    RESUME = "resume"  # the user asked to carry on where they left off
    CANCEL = "cancel"  # the user asked to stop (answers kept)
    HELP = "help"  # what can I type? (during an interview: help with the question)
    NOTES = "notes"  # the saved notes; with `Incoming.number`, that note in full
    DELETE_MY_DATA = "delete_my_data"  # asks for a confirmation first
    DELETE_CONFIRMED = "delete_confirmed"  # the confirmation (fresh: see commands.py)
    KEEP_MY_DATA = "keep_my_data"  # the confirmation declined
    REMINDERS = "reminders"  # what is scheduled: reminders and "did you hear back?"
    CANCEL_REMINDER = "cancel_reminder"  # with `Incoming.number`: that one
    COPY = "copy"  # saved note `Incoming.number`'s text alone, to copy (the latest if none)


# The commands that run the interview; the others are answered without touching it.
INTERVIEW_COMMANDS = frozenset({Command.MESSAGE, Command.START, Command.RESUME, Command.CANCEL})


@dataclass(frozen=True)
class Profile:
    """What the platform knows about the user, offered as defaults (never required)."""

    name: str | None = None
    email: str | None = None
    time_zone: str | None = None  # an IANA name: "America/Los_Angeles"


@dataclass(frozen=True)
class Incoming:
    text: str = ""
    command: Command = Command.MESSAGE
    # The reference of the question whose button was pressed; None when typed.
    ref: str | None = None
    profile: Profile = field(default_factory=Profile)
    number: int | None = None  # `notes 2`: which note
    # Typed words that are no command, given where only commands are expected (Slack's
    # `/thankyou frobnicate`): the help says it did not understand them.
    unknown: str | None = None


@dataclass(frozen=True)
class Choice:
    """A button; pressing it is the same as typing `value`.

    Its label is worded in templates/messages/choice.txt.j2 from `value`, `detail` and
    `current`.
    """

    value: str
    detail: str | None = None
    current: bool = False  # stands for the answer saved now: its label says so


@dataclass(frozen=True)
class Say:
    """A message from templates/`template`.txt.j2 with `context`."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()
    # Identifies the question the choices belong to, so stale buttons can be told apart.
    ref: str | None = None
    stale: bool = False  # says the button pressed no longer counts: it changed nothing
    # A line that opens the next message rather than standing as one ("In your note:
    # ..."): Slack shows it as a context block, Teams as subtle text, the terminal dimmed.
    aside: bool = False


@dataclass(frozen=True)
class ShowNotes:
    """The review: the composed note(s) for `answers`, the principle checklist, and the
    review actions. The service adds an "edit" action for each principle that is thin."""

    answers: Answers
    version: int = 0
    choices: tuple[Choice, ...] = ()
    ref: str | None = None
    # Answers whose sentences the candidate saw and accepted ("ok"): not marked again.
    accepted: tuple[str, ...] = ()
    # Only note `copy` (1-based), its text alone to copy ("Copy-ready"): no review.
    copy: int | None = None


Output = Say | ShowNotes


class Written(Protocol):
    """How the note writer will say an answer (bot/writer/preview.py)."""

    @property
    def interviewer(self) -> str: ...
    @property
    def sentences(self) -> tuple[str, ...]: ...
    @property
    def sure(self) -> bool: ...
    @property
    def faults(self) -> tuple[str, ...]: ...  # what a rule found wrong (not only "rewritten")


# Asks the note writer about one answer of the answers so far: (document, answer key,
# interviewer index for a panel detail) -> how it will read (and whether the writer is
# sure of it), or None when it says nothing.
CheckWording = Callable[[Mapping[str, Any], str, "int | None"], "Written | None"]


class Outcome(enum.Enum):
    CONTINUES = "continues"
    FINISHED = "finished"  # the user said done: save the final notes
    CANCELLED = "cancelled"


class Left(enum.Enum):
    """How a turn left the question shown before it. Its buttons then give way (Slack,
    Teams), so only the question being asked has live ones."""

    ANSWERED = "answered"  # answered, typed or pressed: a typed answer is shown instead
    BACK = "back"  # left with `back`
    CLOSED = "closed"  # asked again below (after `help`, say), or set aside (`cancel`)


@dataclass(frozen=True)
class Turn:
    # None: nothing to save (the user has no interview, or the turn changed nothing)
    state: InterviewState | None
    outputs: tuple[Output, ...]
    outcome: Outcome = Outcome.CONTINUES
    # How the question shown before this turn was left; None: it was not (a stale press,
    # a new interview).
    left: Left | None = None


# -- what the service hands to an adapter, rendered and ready to lay out -----------------


@dataclass(frozen=True)
class ConversationKey:
    """Whose interview: (platform, tenant, user). Slack: team id; Teams: tenant id."""

    platform: str
    tenant: str
    user: str


def conversation_key(platform: str, tenant: str | None, user: str | None) -> ConversationKey:
    """Build a key, refusing missing parts: a key without a tenant would leak across them."""
    for name, value in (("platform", platform), ("tenant", tenant), ("user", user)):
        if not value or not str(value).strip():
            raise ValueError(f"conversation key needs a {name}")
    return ConversationKey(platform=platform, tenant=str(tenant), user=str(user))


@dataclass(frozen=True)
class EventId:
    """A platform event's identity for idempotency (Slack team + event_id, Teams activity)."""

    platform: str
    tenant: str
    event_id: str


@dataclass(frozen=True)
class Button:
    label: str
    value: str


@dataclass(frozen=True)
class DraftLink:
    """A link that opens the note as an e-mail draft: Gmail, Outlook on the web, or the
    mail app (`mailto:`). `whole` is False when the note was too long for the link: it
    then fills in only the recipient and the subject (bot/drafts.py)."""

    provider: str  # gmail, outlook, outlook_personal or mailto
    label: str
    url: str
    whole: bool = True


@dataclass(frozen=True)
class NoteView:
    heading: str  # e.g. "Note 1 of 2 – to Dana Lee"
    interviewer: str
    subject: str
    body: str
    recipient: str | None = None  # the interviewer's address, when given: the drafts' "To"
    # The drafts to open it in (Gmail, Outlook, the mail app).
    links: tuple[DraftLink, ...] = ()
    # Said next to the links when one of them had to leave the note out ("the note is
    # too long for a link: paste it"); empty when every link carries the whole note.
    too_long: str = ""
    # Buttons for this note ("Copy-ready", "Show"), answered with `actions_ref`.
    actions: tuple[Button, ...] = ()
    actions_ref: str | None = None
    # One line of a list (the saved notes, the Home tab): heading, links and actions,
    # without the subject and body.
    listed: bool = False


@dataclass(frozen=True)
class Reply:
    """One message to the user. `text` is plain text with user input unescaped: the
    adapter escapes it for its platform. `notes` are laid out so they copy cleanly."""

    text: str
    buttons: tuple[Button, ...] = ()
    ref: str | None = None  # identifies the question the buttons answer
    notes: tuple[NoteView, ...] = ()
    # The interview finished or was cancelled with this reply (the terminal exits).
    ends_interview: bool = False
    # The button pressed no longer counts (an earlier question's, an interview's that is
    # over): the adapter leaves the pressed message as it was.
    stale: bool = False
    # A line that opens the message, set apart from it: the answer just given as it will
    # read in the note. Slack: a context block; Teams: subtle text; the terminal: dimmed.
    preface: str = ""
    # Set on the first reply of a turn that answered or left the question shown before
    # it: the adapter takes the buttons off every earlier question still showing them
    # (the pressed one says what was chosen) and shows this line, when not empty, in
    # place of the buttons of the last one ("✓ You answered: yesterday"). None: earlier
    # messages stay as they are (a command, a stale press).
    settles: str | None = None
    # `text` is a note's text and nothing else ("Copy-ready"): shown verbatim, with no
    # formatting, so a long press or select-all copies exactly the note.
    copy_ready: bool = False


@dataclass(frozen=True)
class Home:
    """What a user has here, in four parts, as Slack's Home tab shows it (Teams' welcome
    shows `notes`): each part a `Reply` worded by the same presenter as the messages."""

    start: Reply  # "Write a thank-you note", or "Resume" with the company and the step
    notes: Reply  # the latest saved notes with their drafts, and how to list the rest
    reminders: Reply  # what is scheduled, each with "Cancel"
    delete: Reply  # "Delete my data", asking first (`delete_question`)
    # The confirmation asked before deleting, as the DM asks it.
    delete_question: Reply
