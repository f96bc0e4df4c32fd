"""The interview's state between two turns: a typed value, saved as JSON.

The store keeps `to_json()` in the conversation row, and the service reads it back with
`from_json`. The JSON is the format saved since the first release (a dict of 14 keys),
so rows saved by earlier code load unchanged; `answers` stays the answers document
(dialogs/answers.py), plain JSON being filled in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any

from dialogs.follow_through import FollowThrough
from dialogs.steps import Step

STATE_VERSION = 1


def copy_json(value: Any) -> Any:
    """A deep copy of JSON data (dicts, lists and plain values), as the answers document
    is: three times faster than `copy.deepcopy`, which a turn called three times."""
    if isinstance(value, dict):
        return {key: copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_json(item) for item in value]
    return value


class Status(enum.Enum):
    ACTIVE = "active"
    CANCELLED = "cancelled"  # stopped by the user; their answers kept, resumable
    DONE = "done"  # notes saved


class Pending(enum.Enum):
    """A question the interview asked outside the principles, whose answer comes next."""

    RESUME = "resume"  # resume or start fresh?
    RESTART = "restart"  # really start over?
    EDIT = "edit"  # which answer to edit?
    WORDING = "wording"  # is this how the writer should say it?
    REWORD = "reword"  # the candidate's own wording of an answer shown (`shown`)
    TITLE = "title"  # is "Eng Mgr" Jordan's title? (dialogs/titles.py)


@dataclass
class InterviewState:
    interview_id: str
    started: dt.datetime
    touched: dt.datetime
    region: str  # for phone numbers
    status: Status = Status.ACTIVE
    step: Step = Step.INTERVIEWERS
    detail_index: int = 0  # which panelist's details are being asked
    pending: Pending | None = None
    return_to_review: bool = False  # an answer edited from the review goes back to it
    version: int = 0  # "another version" of the notes
    seq: int = 0  # turns so far
    # The turn that first asked the question shown now: with interview_id, the ref of
    # its buttons, the same on every copy of it (asked again after `help`, say). None in
    # a state saved before it existed: the ref was the turn's.
    asked: int | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)  # from the platform's profile
    # The user's IANA time zone (Slack's users.info, Teams' localTimezone), when known:
    # "today" in the interview and the follow-through's reminders are theirs.
    time_zone: str | None = None
    # After `done`: was the note sent, did they answer (dialogs/follow_through.py).
    follow_through: FollowThrough | None = None
    # How many times the writer asked about an answer's wording (at most twice).
    wording_asks: int = 0
    # The answer last shown "In your note" ("interest", or "detail:1" for a panelist's),
    # which a typed `reword` rewords; None once the next answer is given. While REWORD is
    # pending, the answer being reworded: a Reword button names its own, so pressed on an
    # older line it may be an earlier answer's.
    shown: str | None = None
    # Answers whose sentences the candidate saw flagged and accepted as they read.
    accepted: list[str] = field(default_factory=list)
    # Interviewers whose title was split off their name unsure (Pending.TITLE asks).
    titles_to_confirm: list[int] = field(default_factory=list)

    @property
    def ref(self) -> str:
        """Identifies the question now shown, so a stale button can be told apart."""
        return f"{self.interview_id}.{self.seq if self.asked is None else self.asked}"

    def copy(self) -> InterviewState:
        """A copy a turn can change without touching this one."""
        follow = dataclasses.replace(self.follow_through) if self.follow_through else None
        return dataclasses.replace(
            self,
            answers=copy_json(self.answers),
            defaults=dict(self.defaults),
            follow_through=follow,
            accepted=list(self.accepted),
            titles_to_confirm=list(self.titles_to_confirm),
        )

    def to_json(self) -> dict[str, Any]:
        # The keys added since the first release are written only when set, so a row
        # saved before them reads back exactly as it was.
        later: dict[str, Any] = {}
        if self.time_zone:
            later["time_zone"] = self.time_zone
        if self.follow_through is not None:
            later["follow_through"] = self.follow_through.to_json()
        if self.asked is not None:
            later["asked"] = self.asked
        if self.titles_to_confirm:
            later["titles_to_confirm"] = list(self.titles_to_confirm)
        if self.wording_asks:
            later["wording_asks"] = self.wording_asks
        if self.shown:
            later["shown"] = self.shown
        if self.accepted:
            later["accepted"] = list(self.accepted)
        return {
            "v": STATE_VERSION,
            "interview_id": self.interview_id,
            "seq": self.seq,
            "status": self.status.value,
            "step": self.step.value,
            "detail_index": self.detail_index,
            "pending": self.pending.value if self.pending else None,
            "return_to_review": self.return_to_review,
            "version": self.version,
            "answers": copy_json(self.answers),
            "defaults": dict(self.defaults),
            "region": self.region,
            "started": self.started.isoformat(),
            "touched": self.touched.isoformat(),
            **later,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> InterviewState:
        pending, follow = data.get("pending"), data.get("follow_through")
        return cls(
            interview_id=str(data["interview_id"]),
            seq=int(data["seq"]),
            status=Status(data["status"]),
            step=Step(data["step"]),
            detail_index=int(data.get("detail_index") or 0),
            pending=Pending(pending) if pending else None,
            return_to_review=bool(data.get("return_to_review")),
            version=int(data.get("version") or 0),
            answers=copy_json(data.get("answers") or {}),
            defaults=dict(data.get("defaults") or {}),
            region=str(data.get("region") or "US"),
            started=dt.datetime.fromisoformat(data["started"]),
            touched=dt.datetime.fromisoformat(data["touched"]),
            time_zone=data.get("time_zone") or None,
            follow_through=FollowThrough.from_json(follow) if follow else None,
            asked=int(data["asked"]) if data.get("asked") is not None else None,
            titles_to_confirm=[int(i) for i in data.get("titles_to_confirm") or []],
            wording_asks=int(data.get("wording_asks") or 0),
            shown=data.get("shown") or None,
            accepted=[str(a) for a in data.get("accepted") or []],
        )
