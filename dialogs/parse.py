"""Turning what a user typed into a clean answer, or a specific reason it is not one.

Each parser raises `Invalid(problem, **details)`; `problem` names a branch of
templates/messages/invalid.txt.j2, so the wording lives with the other sentences.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from dialogs.answers import MAX_ANSWER_CHARS, MAX_INTERVIEWERS
from dialogs.text import capitalise_name, clean_text
from dialogs.titles import split_title

MAX_NAME_CHARS = 120
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Invalid(ValueError):
    def __init__(self, problem: str, **details: Any) -> None:
        super().__init__(problem)
        self.problem = problem
        self.details = details


def free_text(raw: str) -> str:
    """Any non-empty answer up to the length limit; never truncated."""
    text = clean_text(raw)
    if not text:
        raise Invalid("empty")
    if len(text) > MAX_ANSWER_CHARS:
        raise Invalid("too_long", length=len(text), limit=MAX_ANSWER_CHARS)
    return text


@dataclass(frozen=True)
class ParsedInterviewer:
    name: str
    title: str | None
    # The title was split off the end of a name typed without a comma ("jordan kim eng
    # mgr"); `title_sure` False: it may be part of the name, so the interview asks.
    title_from_name: bool = False
    title_sure: bool = True
    email: str | None = None  # the draft's recipient; never written into the note


def interviewers(raw: str) -> list[ParsedInterviewer]:
    """'Name, Title' one per line or separated by ';' – 1 to 6 people. A title typed
    after the name without a comma is split off (dialogs/titles.py)."""
    text = free_text(raw)
    entries = [e.strip(" -•*\t") for e in re.split(r"[;\n]", text)]
    entries = [e for e in entries if e]
    if not entries:
        raise Invalid("empty")
    if len(entries) > MAX_INTERVIEWERS:
        raise Invalid("too_many_interviewers", count=len(entries), limit=MAX_INTERVIEWERS)
    people = []
    for typed in entries:
        entry, email = interviewer_email(typed)
        name, _, title = entry.partition(",")
        name, title = name.strip(), title.strip(" ,")
        if not re.search(r"[^\W\d_]", name):
            raise Invalid("interviewer_name", entry=typed)
        if len(name) > MAX_NAME_CHARS:
            raise Invalid("name_too_long", entry=name[:40], limit=MAX_NAME_CHARS)
        split = split_title(name) if "," not in entry else None  # "Name Title," is a name
        if split is not None:
            people.append(
                ParsedInterviewer(
                    name=capitalise_name(split.name),
                    title=split.title,
                    title_from_name=True,
                    title_sure=split.sure,
                    email=email,
                )
            )
            continue
        people.append(ParsedInterviewer(capitalise_name(name), title or None, email=email))
    return people


# An address inside an interviewer's entry: "Dana Lee, Director, dana@acme.com",
# "Dana Lee <dana@acme.com>", "Dana Lee (dana@acme.com)". Something on both sides of
# the @, so a Slack mention ("@dana") stays part of the name.
_ADDRESS = re.compile(r"<?(?:mailto:)?([^\s,;<>()]+@[^\s,;<>()]+?)[.:]?>?(?=[\s,;)]|$)")


def interviewer_email(entry: str) -> tuple[str, str | None]:
    """An interviewer's entry without the e-mail address typed in it, and that address
    (checked and normalised by email-validator, without looking the domain up); raises
    `Invalid` for an address that is not one, or for two addresses."""
    found = list(_ADDRESS.finditer(entry))
    if not found:
        return entry, None
    if len(found) > 1:
        raise Invalid("interviewer_emails", entry=entry)
    match = found[0]
    typed = match.group(1)
    try:
        email = validate_email(typed, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise Invalid("interviewer_email", email=typed, reason=str(error)) from None
    rest = entry[: match.start()] + entry[match.end() :]
    rest = re.sub(r"\(\s*\)|<\s*>", "", rest)  # the brackets the address was in
    rest = re.sub(r"\s*,(\s*,)+", ",", rest)  # "Dana Lee, , Director"
    return rest.strip(" ,;-–—:\t"), email


def person_name(raw: str) -> str:
    text = free_text(raw)
    if "\n" in text or not re.search(r"[^\W\d_]", text):
        raise Invalid("person_name")
    if len(text) > MAX_NAME_CHARS:
        raise Invalid("name_too_long", entry=text[:40], limit=MAX_NAME_CHARS)
    return capitalise_name(text)


def interview_date(raw: str, today: dt.date) -> dt.date:
    """'today', 'yesterday', a weekday (the most recent one) or an ISO date; not future."""
    text = clean_text(raw).lower().strip(" .!")
    text = re.sub(r"^(on|last)\s+", "", text)
    if text in ("today", "this morning", "this afternoon"):
        return today
    if text == "yesterday":
        return today - dt.timedelta(days=1)
    for index, day in enumerate(WEEKDAYS):
        if text in (day, day[:3]):
            return today - dt.timedelta(days=(today.weekday() - index) % 7)
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise Invalid("date") from None
    if date > today:
        raise Invalid("date_future", date=date.isoformat())
    if (today - date).days > 366:
        raise Invalid("date_old", date=date.isoformat())
    return date


@dataclass(frozen=True)
class Contact:
    email: str | None
    phone: str | None


_EMAIL_TOKEN = re.compile(r"[^\s,;<>()]*@[^\s,;<>()]*")


def contact(raw: str, region: str) -> Contact:
    """An e-mail and/or a phone number, in either order, at least one of them."""
    text = free_text(raw)
    email = None
    token = _EMAIL_TOKEN.search(text)
    if token:
        candidate = token.group(0).strip(".:")
        try:
            email = validate_email(candidate, check_deliverability=False).normalized
        except EmailNotValidError as error:
            raise Invalid("email", email=candidate, reason=str(error)) from None
        text = text[: token.start()] + " " + text[token.end() :]
    phone = None
    if re.search(r"\d", text):
        phone = phone_number(text, region)
    if not email and not phone:
        raise Invalid("contact_missing")
    return Contact(email=email, phone=phone)


def phone_number(text: str, region: str) -> str:
    """Find one phone number in `text` and format it for a signature."""
    match = next(
        iter(
            phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE)
        ),
        None,
    )
    if match is None:
        raise Invalid("phone", phone=text.strip(" :,;"))
    number = match.number
    if number.country_code == phonenumbers.country_code_for_region(region):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# What people type for each kind of interview (the buttons send the first word).
_STAGE_WORDS = {
    "phone_screen": ("phone screen", "phone", "screen", "screening", "recruiter", "call"),
    "video": ("video", "hiring manager", "zoom", "teams", "video call", "virtual"),
    "onsite": ("on-site", "onsite", "on site", "panel", "in person", "in-person", "loop"),
    "final_round": ("final round", "final", "executive", "last round"),
    "informational": ("informational", "info", "coffee chat", "networking", "advice"),
    "other": ("other", "something else"),
}


def stage(raw: str) -> str:
    """The kind of interview, from a button value or the words people type for it."""
    text = re.sub(r"[^\w -]", " ", clean_text(raw).lower().replace("/", " "))
    text = " ".join(text.split())
    for value, words in _STAGE_WORDS.items():
        if text == value or text == value.replace("_", " ") or text in words:
            return value
    phrases = sorted(
        ((word, value) for value, words in _STAGE_WORDS.items() for word in words),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    for word, value in phrases:  # "video call" before "call"
        if re.search(rf"\b{re.escape(word)}\b", text):
            return value
    raise Invalid("stage")


# Where a strengthen answer turns from the question to what the candidate would add.
_ADDITION_START = re.compile(
    r"\s*(?:\n|\s[-–—]+\s|:\s|\s->\s|\s=>\s|;\s)\s*"
    r"|\s*,?\s+(?=(?:i would|i'd|id|i should have|i wish i had|what i'd|what i would)\s"
    r"(?:add|say|have said|mention|have mentioned|explained?)\b)",
    flags=re.IGNORECASE,
)


# Without a colon or a new line, the question ends at the first comma or full stop:
# "the one about a/b testing, i ran 12 experiments".
_FIRST_BREAK = re.compile(r"\s*[,.;]\s+")


def strengthen(raw: str) -> tuple[str, str]:
    """ "the scaling question: I load-tested to 10k rps" -> (question, addition); with
    no colon, dash or new line, split at the first comma or full stop."""
    text = free_text(raw)
    match = _ADDITION_START.search(text) or _FIRST_BREAK.search(text)
    if not match:
        raise Invalid("strengthen")
    question, addition = text[: match.start()].strip(" ,.-"), text[match.end() :].strip()
    if not re.search(r"\w", question) or not re.search(r"\w", addition):
        raise Invalid("strengthen")
    return question, addition
