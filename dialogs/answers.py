"""The answers document: everything the candidate told us, as plain data.

The interview fills it one step at a time; `thankyou compose FILE` reads it from JSON.
Both go through `answers_from_document`, so a document that the composer accepts is
exactly a document the interview could have produced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from email_validator import EmailNotValidError, validate_email

TONES = ("formal", "warm", "brief")
# The kind of interview; it shapes the note (templates/notes/stages/). None: a video or
# on-site interview, as notes were before stages existed.
STAGES = ("phone_screen", "video", "onsite", "final_round", "informational", "other")
MAX_ANSWER_CHARS = 1500
MAX_INTERVIEWERS = 6


class AnswersError(ValueError):
    """A field of an answers document is missing or wrong; `field` names it."""

    def __init__(self, field_name: str, problem: str) -> None:
        super().__init__(f"{field_name}: {problem}")
        self.field = field_name
        self.problem = problem


@dataclass(frozen=True)
class Interviewer:
    name: str
    title: str | None = None
    # One thing discussed with this person in particular (panels; optional).
    detail: str | None = None
    # The candidate's own wording for `detail`, when the writer asked (used as written).
    wording: str | None = None
    # Their address: the "To" of the note's drafts (bot/drafts.py), never in its text.
    email: str | None = None


@dataclass(frozen=True)
class Strengthen:
    """A question the candidate wishes they had answered better, and what they would add."""

    question: str
    addition: str
    interviewer: str | None = None  # who asked it (a panel), when the candidate says


@dataclass(frozen=True)
class Answers:
    candidate_name: str
    interviewers: tuple[Interviewer, ...]
    company: str
    role: str
    qualifications: str
    highlights: str
    interest: str
    email: str | None = None
    phone: str | None = None
    advantage: str | None = None
    interview_date: dt.date | None = None
    tone: str = "formal"
    # The candidate's own wording for an answer the writer was unsure how to rewrite:
    # {"qualifications": "I have three years as a CNA."}; used as written.
    wording: Mapping[str, str] = field(default_factory=dict)
    stage: str | None = None  # one of STAGES
    next_step: str | None = None  # after a phone screen: what the recruiter said comes next
    strengthen: Strengthen | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_panel(self) -> bool:
        return len(self.interviewers) > 1

    def to_document(self) -> dict[str, Any]:
        doc = asdict(self)
        doc.pop("extra")
        doc["wording"] = dict(self.wording)
        doc["interviewers"] = [asdict(i) for i in self.interviewers]
        doc["interview_date"] = self.interview_date.isoformat() if self.interview_date else None
        doc["strengthen"] = asdict(self.strengthen) if self.strengthen else None
        return doc


# The answers the writer may ask about, and so may hold the candidate's own wording.
WORDED = ("qualifications", "highlights", "interest", "advantage")
_REQUIRED_TEXT = ("candidate_name", "company", "role", "qualifications", "highlights", "interest")
_OPTIONAL_TEXT = ("advantage", "email", "phone", "next_step")


def _text(doc: Mapping[str, Any], key: str, *, required: bool) -> str | None:
    value = doc.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise AnswersError(key, "is missing or empty")
        return None
    if not isinstance(value, str):
        raise AnswersError(key, f"must be text, not {type(value).__name__}")
    if len(value) > MAX_ANSWER_CHARS:
        raise AnswersError(key, f"is {len(value)} characters; the limit is {MAX_ANSWER_CHARS}")
    return value.strip()


def _interviewer(item: Any, index: int) -> Interviewer:
    where = f"interviewers[{index}]"
    if isinstance(item, str):
        item = {"name": item}
    if not isinstance(item, Mapping):
        raise AnswersError(where, "must be an object with a name")
    name = _text(item, "name", required=False)
    if name is None:
        raise AnswersError(f"{where}.name", "is missing or empty")
    for key in ("title", "detail", "wording", "email"):
        value = item.get(key)
        if value is not None and not isinstance(value, str):
            raise AnswersError(f"{where}.{key}", "must be text or null")
    title = (item.get("title") or "").strip() or None
    detail = (item.get("detail") or "").strip() or None
    wording = (item.get("wording") or "").strip() or None
    email = _email((item.get("email") or "").strip(), f"{where}.email")
    return Interviewer(name=name, title=title, detail=detail, wording=wording, email=email)


def _email(typed: str, where: str) -> str | None:
    """An interviewer's address, checked and normalised without looking the domain up."""
    if not typed:
        return None
    try:
        return validate_email(typed, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise AnswersError(where, f"is not an e-mail address ({error})") from None


def answers_from_document(doc: Any) -> Answers:
    """Validate a parsed JSON document and return `Answers`; raise `AnswersError`."""
    if not isinstance(doc, Mapping):
        raise AnswersError("document", "must be a JSON object")
    stage = doc.get("stage")
    if stage is not None and stage not in STAGES:
        raise AnswersError("stage", f"must be one of {', '.join(STAGES)}")
    # An informational interview is about advice, not a pitch: no role, no qualifications.
    texts = {
        key: _text(
            doc, key, required=not (key in ("qualifications", "role") and stage == "informational")
        )
        for key in _REQUIRED_TEXT
    }
    optional = {key: _text(doc, key, required=False) for key in _OPTIONAL_TEXT}

    people = doc.get("interviewers")
    if not isinstance(people, list) or not people:
        raise AnswersError("interviewers", "must be a list of 1 to 6 people")
    if len(people) > MAX_INTERVIEWERS:
        raise AnswersError("interviewers", f"has {len(people)} people; at most 6")
    interviewers = tuple(_interviewer(p, i) for i, p in enumerate(people))

    if not optional["email"] and not optional["phone"]:
        raise AnswersError("email", "an e-mail or a phone number is needed")

    raw_date = doc.get("interview_date")
    interview_date = None
    if raw_date is not None:
        if not isinstance(raw_date, str):
            raise AnswersError("interview_date", "must be an ISO date such as 2026-11-24")
        try:
            interview_date = dt.date.fromisoformat(raw_date)
        except ValueError:
            raise AnswersError("interview_date", "must be an ISO date such as 2026-11-24") from None

    wording = doc.get("wording") or {}
    if not isinstance(wording, Mapping) or not all(
        key in WORDED and isinstance(value, str) for key, value in wording.items()
    ):
        raise AnswersError("wording", f"must map {', '.join(WORDED)} to text")
    for key in wording:
        _text(wording, key, required=False)  # the same length limit as the answers

    strengthen = _strengthen(doc.get("strengthen"), interviewers)

    tone = doc.get("tone") or "formal"
    if tone not in TONES:
        raise AnswersError("tone", f"must be one of {', '.join(TONES)}")

    return Answers(
        candidate_name=texts["candidate_name"] or "",
        interviewers=interviewers,
        company=texts["company"] or "",
        role=texts["role"] or "",
        qualifications=texts["qualifications"] or "",
        highlights=texts["highlights"] or "",
        interest=texts["interest"] or "",
        advantage=optional["advantage"],
        email=optional["email"],
        phone=optional["phone"],
        interview_date=interview_date,
        tone=tone,
        wording={k: v.strip() for k, v in wording.items() if v.strip()},
        stage=stage,
        next_step=optional["next_step"],
        strengthen=strengthen,
    )


def _strengthen(item: Any, interviewers: tuple[Interviewer, ...]) -> Strengthen | None:
    if item is None:
        return None
    if not isinstance(item, Mapping):
        raise AnswersError("strengthen", "must be an object with a question and an addition")
    question = _text(item, "question", required=True)
    addition = _text(item, "addition", required=True)
    who = item.get("interviewer")
    if who is not None and who not in [p.name for p in interviewers]:
        raise AnswersError("strengthen.interviewer", "must be one of the interviewers' names")
    return Strengthen(question=question or "", addition=addition or "", interviewer=who)
