"""When the follow-through messages are due: pure functions of `now` and the user's zone.

- The send reminder (`Remind me`): 18:00 on the user's day, in their time zone, or two
  hours from now when 18:00 has passed (`evening_reminder`).
- The "did you hear back?" check: on the date the interviewer gave (`they said by
  Friday`, a date), or 5 business days after the note was sent when the candidate is not
  sure; at 17:00 in the user's zone, the end of a working day (`heard_back_due`). A
  second check comes 5 business days after the follow-up (`next_check_due`).
- Business days skip Saturday and Sunday. Public holidays are not known: a check can
  fall on one (out of scope, see the README).

Every function takes `now` (timezone-aware) or a date; none reads the clock. Times come
back in UTC, as the scheduled_messages table keeps them. The user's zone is an IANA name:
Slack's `users.info` `tz`, Teams' `localTimezone`, the machine's in the terminal
(`machine_zone`); `zone_of` falls back to UTC for a missing or unknown one.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dialogs.parse import WEEKDAYS, Invalid
from dialogs.text import clean_text

UTC = ZoneInfo("UTC")
EVENING = dt.time(18, 0)  # the send reminder
LATE_DELAY = dt.timedelta(hours=2)  # ...or this long from now when 18:00 has passed
CHECK_TIME = dt.time(17, 0)  # "did you hear back?"
BUSINESS_DAYS_TO_WAIT = 5  # without a date, and between follow-ups
MAX_FOLLOW_UPS = 2  # then the bot stops asking, and says so
FURTHEST_REPLY_DAYS = 120  # a date further out than this is most likely a typo
SATURDAY = 5

_ZONE_NAME = re.compile(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+){0,2}")


def _known_zone(name: str | None) -> ZoneInfo | None:
    if not name or not _ZONE_NAME.fullmatch(name):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone_of(name: str | None, default: ZoneInfo = UTC) -> ZoneInfo:
    """The IANA zone `name` ("America/Los_Angeles"); `default` when it is missing or
    not a zone this machine knows (never an error: a reminder at a UTC hour beats none)."""
    return _known_zone(name) or default


def machine_zone() -> ZoneInfo:
    """The terminal's zone: $TZ if it names one, else the zone /etc/localtime links to
    (or holds), else UTC."""
    named = _known_zone(os.environ.get("TZ", "").lstrip(":"))
    if named is not None:
        return named
    localtime = Path("/etc/localtime")
    try:
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            return zone_of(target.split("zoneinfo/", 1)[1])
        with localtime.open("rb") as data:
            return ZoneInfo.from_file(data, key="localtime")
    except (OSError, ValueError):
        return UTC


def _check_aware(now: dt.datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")


def local_today(now: dt.datetime, zone: ZoneInfo) -> dt.date:
    """The user's date at `now` (the interview's `today` / `yesterday`)."""
    _check_aware(now)
    return now.astimezone(zone).date()


def at_local(day: dt.date, time: dt.time, zone: ZoneInfo) -> dt.datetime:
    """`time` on `day` in `zone`, in UTC. A wall time skipped by a DST change is read
    with the offset before it (PEP 495's fold=0), i.e. an hour later in real time."""
    return dt.datetime.combine(day, time, tzinfo=zone).astimezone(dt.UTC)


def evening_reminder(now: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """18:00 today in the user's zone, or `now` plus two hours if that is past (UTC)."""
    _check_aware(now)
    evening = at_local(local_today(now, zone), EVENING, zone)
    if evening > now:
        return evening
    return (now + LATE_DELAY).astimezone(dt.UTC)


def is_business_day(day: dt.date) -> bool:
    return day.weekday() < SATURDAY


def business_day_on_or_after(day: dt.date) -> dt.date:
    while not is_business_day(day):
        day += dt.timedelta(days=1)
    return day


def add_business_days(day: dt.date, count: int) -> dt.date:
    """`count` business days after `day` (Monday-Friday; `day` itself not counted):
    Friday + 5 is the next Friday, Saturday + 1 is Monday."""
    if count < 0:
        raise ValueError("count must not be negative")
    while count:
        day += dt.timedelta(days=1)
        if is_business_day(day):
            count -= 1
    return day


def heard_back_due(
    expected: dt.date | None, sent_on: dt.date, zone: ZoneInfo, now: dt.datetime
) -> dt.datetime:
    """When to ask "Did you hear back?" (UTC): at 17:00 on the `expected` date (moved to
    the Monday if it is a weekend), or 5 business days after `sent_on` when the candidate
    was not sure. A time already past (they expected a reply today, and it is evening)
    moves to the next business day."""
    _check_aware(now)
    day = (
        business_day_on_or_after(expected)
        if expected is not None
        else add_business_days(sent_on, BUSINESS_DAYS_TO_WAIT)
    )
    due = at_local(day, CHECK_TIME, zone)
    if due <= now:
        due = at_local(add_business_days(local_today(now, zone), 1), CHECK_TIME, zone)
    return due


def next_check_due(now: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The check after a follow-up was written: 5 business days later, at 17:00 (UTC)."""
    day = add_business_days(local_today(now, zone), BUSINESS_DAYS_TO_WAIT)
    return at_local(day, CHECK_TIME, zone)


def may_follow_up(follow_ups_so_far: int) -> bool:
    """Whether another follow-up may be offered: at most two, then the bot stops."""
    return follow_ups_so_far < MAX_FOLLOW_UPS


# -- "When do you expect to hear back?" ----------------------------------------------------


@dataclass(frozen=True)
class ExpectedReply:
    """The candidate's answer: a date, or None when they are not sure."""

    date: dt.date | None

    @property
    def sure(self) -> bool:
        return self.date is not None


_NOT_SURE = re.compile(
    r"(?:not sure|unsure|no idea|(?:i )?(?:don'?t|do not) know|dunno|idk|unknown|no clue|"
    r"(?:they )?(?:didn'?t|did not|never) say|not said|no date|not yet|no|none|\?+|skip|"
    r"who knows|no one knows|nobody knows)"
)
# Words around the date that say nothing about it.
_LEADS = re.compile(
    r"^(?:(?:they|he|she|the recruiter|recruiter|hr|it|we)\b\s*)?"
    r"(?:(?:said|say|says|told me|mentioned)\b\s*)?(?:that\b\s*)?"
    r"(?:(?:they will|they|i will|should|would|will|could|might|maybe|"
    r"probably|hopefully|hear back|get back to me|get back|let me know|decide|a decision|"
    r"decision|an answer|answer|reply|respond|back|know)\b\s*)*"
    r"(?:(?:by|on|before|until|till|around|about|within|no later than|sometime|some time)"
    r"\b\s*)?",
)
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "three": 3,
    "a few": 3,
    "few": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
MONTHS = (  # lower case, January first (the writer writes them out too)
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_AMOUNT = r"(?P<n>\d{1,3}|" + "|".join(sorted(map(re.escape, _NUMBERS), key=len, reverse=True))
_IN_DAYS = re.compile(
    rf"^(?:in\s+)?{_AMOUNT})\s+(?P<unit>business days?|working days?|days?|weeks?)"
    r"(?:\s+from now|\s+or so)?$"
)
_WEEKDAY = re.compile(r"^(?:(?P<which>this|next|coming|this coming)\s+)?(?P<day>[a-z]+)$")
_MONTH_DAY = re.compile(
    r"^(?:(?P<month>[a-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>[a-z]+)\.?)"
    r"(?:,?\s+(?P<year>\d{4}))?$"
)


def _weekday_index(word: str) -> int | None:
    for index, name in enumerate(WEEKDAYS):
        if len(word) >= 3 and name.startswith(word):
            return index
    return None


def _month_index(word: str) -> int | None:
    for index, name in enumerate(MONTHS):
        if len(word) >= 3 and name.startswith(word):
            return index + 1
    return None


def _friday_of_week(day: dt.date, weeks_ahead: int = 0) -> dt.date:
    monday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=weeks_ahead)
    return monday + dt.timedelta(days=4)


def _end_of_month(day: dt.date) -> dt.date:
    first_of_next = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return first_of_next - dt.timedelta(days=1)


def _relative(text: str, today: dt.date) -> dt.date | None:
    if text in ("today", "tonight", "end of day", "end of the day", "eod", "close of business"):
        return today
    if text in ("tomorrow", "tmrw", "tmr", "tomorrow morning", "tomorrow afternoon"):
        return today + dt.timedelta(days=1)
    if text in ("end of week", "end of the week", "this week", "eow", "the end of the week"):
        friday = _friday_of_week(today)
        return friday if friday >= today else _friday_of_week(today, 1)
    if text in ("next week", "end of next week", "the end of next week", "late next week"):
        return _friday_of_week(today, 1)
    if text in ("early next week", "beginning of next week", "start of next week"):
        return _friday_of_week(today, 1) - dt.timedelta(days=3)  # Tuesday
    if text in ("end of month", "end of the month", "this month", "the end of the month"):
        return _end_of_month(today)
    if text in ("next month", "end of next month"):
        return _end_of_month(_end_of_month(today) + dt.timedelta(days=1))
    return None


def _in_days(text: str, today: dt.date) -> dt.date | None:
    match = _IN_DAYS.match(text)
    if not match:
        return None
    raw = match.group("n")
    count = int(raw) if raw.isdigit() else _NUMBERS[raw]
    unit = match.group("unit")
    if unit.startswith(("business", "working")):
        return add_business_days(today, count)
    return today + dt.timedelta(days=count * (7 if unit.startswith("week") else 1))


def _weekday(text: str, today: dt.date) -> dt.date | None:
    match = _WEEKDAY.match(text)
    index = _weekday_index(match.group("day")) if match else None
    if match is None or index is None:
        return None
    which = match.group("which")
    if which == "next":  # the one in next week (Monday to Sunday)
        return today + dt.timedelta(days=(7 - today.weekday()) + index)
    ahead = (index - today.weekday()) % 7
    if which is None and ahead == 0:  # "by Friday", said on a Friday: a week from today
        ahead = 7
    return today + dt.timedelta(days=ahead)


def _calendar_date(text: str, today: dt.date) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    match = _MONTH_DAY.match(text)
    if not match:
        return None
    month = _month_index(match.group("month") or match.group("month2") or "")
    day = int(match.group("day") or match.group("day2") or 0)
    if month is None:
        return None
    year = int(match.group("year")) if match.group("year") else today.year
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise Invalid("reply_date") from None
    if not match.group("year") and (today - date).days > 31:  # "Jan 10" said in December
        try:
            date = date.replace(year=year + 1)
        except ValueError:
            raise Invalid("reply_date") from None
    return date


def expected_reply(raw: str, today: dt.date) -> ExpectedReply:
    """The answer to "When do you expect to hear back?": `they said by Friday`, `next
    week`, `in 2 weeks`, `Dec 4`, `2026-12-04`, or `not sure` (date None).

    `today` is the user's date (`local_today`). A bare weekday is the next one after
    today ("by Friday" on a Friday is a week away), "next Friday" the one in next week.
    Raises `Invalid` with "reply_date" (unreadable), "reply_date_past" or
    "reply_date_far" (more than 120 days away)."""
    text = clean_text(raw).lower().replace("’", "'")
    text = re.sub(r"[!.,;:]+$", "", text).strip()
    text = re.sub(r"\b(they|i|we|she|he)'ll\b", r"\1 will", text)
    if not text:
        raise Invalid("reply_date")
    if _NOT_SURE.fullmatch(text) or re.match(r"^(?:not sure|no idea|idk|dunno)\b", text):
        return ExpectedReply(None)
    text = _LEADS.sub("", text, count=1).strip()
    text = re.sub(r"^(?:the\s+)?(?=end\b|beginning\b|start\b)", "", text)
    date = (
        _relative(text, today)
        or _in_days(text, today)
        or _weekday(text, today)
        or _calendar_date(text, today)
    )
    if date is None:
        raise Invalid("reply_date")
    if date < today:
        raise Invalid("reply_date_past", date=date.isoformat())
    if (date - today).days > FURTHEST_REPLY_DAYS:
        raise Invalid("reply_date_far", date=date.isoformat(), limit=FURTHEST_REPLY_DAYS)
    return ExpectedReply(date)
