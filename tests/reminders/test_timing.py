"""When follow-through messages are due: 18:00 in the user's zone, business days, the
expected-reply answer. Every function takes `now`: the clock is the test's."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from dialogs.parse import Invalid
from dialogs.timing import (
    UTC,
    add_business_days,
    evening_reminder,
    expected_reply,
    heard_back_due,
    local_today,
    machine_zone,
    may_follow_up,
    next_check_due,
    zone_of,
)

LOS_ANGELES = ZoneInfo("America/Los_Angeles")
BERLIN = ZoneInfo("Europe/Berlin")
WEDNESDAY = dt.date(2026, 12, 2)
THURSDAY = dt.date(2026, 12, 3)
FRIDAY = dt.date(2026, 12, 4)
SATURDAY = dt.date(2026, 12, 5)


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)  # type: ignore[misc]


def local(when: dt.datetime, zone: ZoneInfo) -> str:
    return when.astimezone(zone).strftime("%a %Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("now", "zone", "expected_utc", "expected_local"),
    [
        # Morning in Los Angeles: 18:00 PST is 02:00 UTC the next day.
        (utc(2026, 12, 2, 15, 0), LOS_ANGELES, utc(2026, 12, 3, 2, 0), "Wed 2026-12-02 18:00"),
        # Afternoon in Berlin: 18:00 CET is 17:00 UTC.
        (utc(2026, 12, 2, 15, 0), BERLIN, utc(2026, 12, 2, 17, 0), "Wed 2026-12-02 18:00"),
        # 23:30 UTC: still Wednesday afternoon in Los Angeles, already Thursday in Berlin.
        (utc(2026, 12, 2, 23, 30), LOS_ANGELES, utc(2026, 12, 3, 2, 0), "Wed 2026-12-02 18:00"),
        (utc(2026, 12, 2, 23, 30), BERLIN, utc(2026, 12, 3, 17, 0), "Thu 2026-12-03 18:00"),
        # Summer time: 18:00 PDT is 01:00 UTC, 18:00 CEST is 16:00 UTC.
        (utc(2026, 7, 1, 16, 0), LOS_ANGELES, utc(2026, 7, 2, 1, 0), "Wed 2026-07-01 18:00"),
        (utc(2026, 7, 1, 9, 0), BERLIN, utc(2026, 7, 1, 16, 0), "Wed 2026-07-01 18:00"),
        # The day the US clocks go forward (8 March 2026), and Berlin's (29 March).
        (utc(2026, 3, 8, 18, 0), LOS_ANGELES, utc(2026, 3, 9, 1, 0), "Sun 2026-03-08 18:00"),
        (utc(2026, 3, 29, 9, 0), BERLIN, utc(2026, 3, 29, 16, 0), "Sun 2026-03-29 18:00"),
    ],
)
def test_the_reminder_is_at_18_local(
    now: dt.datetime, zone: ZoneInfo, expected_utc: dt.datetime, expected_local: str
) -> None:
    due = evening_reminder(now, zone)
    assert due == expected_utc
    assert due.tzinfo == dt.UTC
    assert local(due, zone) == expected_local


@pytest.mark.parametrize("zone", [LOS_ANGELES, BERLIN], ids=str)
def test_after_18_local_the_reminder_is_two_hours_away(zone: ZoneInfo) -> None:
    evening = dt.datetime(2026, 12, 2, 19, 30, tzinfo=zone)
    assert evening_reminder(evening, zone) == (evening + dt.timedelta(hours=2)).astimezone(dt.UTC)
    six = dt.datetime(2026, 12, 2, 18, 0, tzinfo=zone)  # 18:00 exactly has passed
    assert evening_reminder(six, zone) == (six + dt.timedelta(hours=2)).astimezone(dt.UTC)
    before = dt.datetime(2026, 12, 2, 17, 59, tzinfo=zone)
    assert local(evening_reminder(before, zone), zone) == "Wed 2026-12-02 18:00"


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        evening_reminder(dt.datetime(2026, 12, 2, 12), BERLIN)


def test_the_users_today_is_in_their_zone() -> None:
    now = utc(2026, 12, 2, 23, 30)
    assert local_today(now, LOS_ANGELES) == WEDNESDAY
    assert local_today(now, BERLIN) == THURSDAY


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (THURSDAY, 5, dt.date(2026, 12, 10)),  # Thu -> next Thu, across the weekend
        (FRIDAY, 5, dt.date(2026, 12, 11)),
        (FRIDAY, 1, dt.date(2026, 12, 7)),  # the Monday
        (SATURDAY, 1, dt.date(2026, 12, 7)),
        (SATURDAY, 5, dt.date(2026, 12, 11)),
        (WEDNESDAY, 0, WEDNESDAY),
        (WEDNESDAY, 10, dt.date(2026, 12, 16)),
    ],
)
def test_business_days_skip_the_weekend(start: dt.date, count: int, expected: dt.date) -> None:
    assert add_business_days(start, count) == expected
    assert expected.weekday() < 5 or count == 0


def test_not_sure_means_five_business_days_at_17_local() -> None:
    """Sent on a Thursday in Berlin: "did you hear back?" on the next Thursday at 17:00."""
    now = dt.datetime(2026, 12, 3, 20, 0, tzinfo=BERLIN)
    due = heard_back_due(None, THURSDAY, BERLIN, now)
    assert local(due, BERLIN) == "Thu 2026-12-10 17:00"
    assert due == utc(2026, 12, 10, 16, 0)


def test_the_date_they_gave_and_a_weekend_date() -> None:
    now = dt.datetime(2026, 12, 2, 9, 0, tzinfo=LOS_ANGELES)
    assert local(heard_back_due(FRIDAY, WEDNESDAY, LOS_ANGELES, now), LOS_ANGELES) == (
        "Fri 2026-12-04 17:00"
    )
    assert local(heard_back_due(SATURDAY, WEDNESDAY, LOS_ANGELES, now), LOS_ANGELES) == (
        "Mon 2026-12-07 17:00"
    )


def test_a_check_already_past_moves_to_the_next_business_day() -> None:
    friday_evening = dt.datetime(2026, 12, 4, 19, 0, tzinfo=BERLIN)
    due = heard_back_due(FRIDAY, WEDNESDAY, BERLIN, friday_evening)
    assert local(due, BERLIN) == "Mon 2026-12-07 17:00"


def test_the_second_check_and_at_most_two_follow_ups() -> None:
    now = dt.datetime(2026, 12, 4, 10, 0, tzinfo=LOS_ANGELES)  # a Friday
    assert local(next_check_due(now, LOS_ANGELES), LOS_ANGELES) == "Fri 2026-12-11 17:00"
    assert [may_follow_up(n) for n in range(4)] == [True, True, False, False]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("they said by Friday", FRIDAY),
        ("by friday", FRIDAY),
        ("Fri", FRIDAY),
        ("this friday", FRIDAY),
        ("next Friday", dt.date(2026, 12, 11)),
        ("by Wednesday", dt.date(2026, 12, 9)),  # said on a Wednesday: a week away
        ("they'll let me know by monday", dt.date(2026, 12, 7)),
        ("they said they would get back to me by Thursday.", THURSDAY),
        ("tomorrow", THURSDAY),
        ("end of the week", FRIDAY),
        ("next week", dt.date(2026, 12, 11)),
        ("early next week", dt.date(2026, 12, 8)),
        ("in 2 weeks", dt.date(2026, 12, 16)),
        ("a couple of weeks", dt.date(2026, 12, 16)),
        ("within 5 business days", dt.date(2026, 12, 9)),
        ("in three days", SATURDAY),
        ("Dec 4", FRIDAY),
        ("December 4th, 2026", FRIDAY),
        ("4 december", FRIDAY),
        ("the 10th of January", None),  # not a form it reads
        ("jan 10", dt.date(2027, 1, 10)),  # said in December: next January
        ("2026-12-10", dt.date(2026, 12, 10)),
        ("end of month", dt.date(2026, 12, 31)),
    ],
)
def test_the_expected_reply_as_typed(typed: str, expected: dt.date | None) -> None:
    if expected is None:
        with pytest.raises(Invalid) as raised:
            expected_reply(typed, WEDNESDAY)
        assert raised.value.problem == "reply_date"
        return
    answer = expected_reply(typed, WEDNESDAY)
    assert answer.date == expected and answer.sure


@pytest.mark.parametrize(
    "typed", ["not sure", "Not sure.", "no idea", "idk", "I don't know", "they didn't say", "?"]
)
def test_not_sure(typed: str) -> None:
    answer = expected_reply(typed, WEDNESDAY)
    assert answer.date is None and not answer.sure


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", "reply_date"),
        ("whenever the moon is full", "reply_date"),
        ("feb 30", "reply_date"),
        ("2026-11-20", "reply_date_past"),
        ("nov 30", "reply_date_past"),
        ("2027-06-01", "reply_date_far"),
    ],
)
def test_answers_it_cannot_use(typed: str, problem: str) -> None:
    with pytest.raises(Invalid) as raised:
        expected_reply(typed, WEDNESDAY)
    assert raised.value.problem == problem


def test_zones_fall_back_to_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    assert zone_of("America/Los_Angeles") == LOS_ANGELES
    for bad in (None, "", "Not/AZone", "../../etc/passwd", "Europe/Berlin\x00"):
        assert zone_of(bad) is UTC
    assert zone_of("Nowhere/Atall", default=BERLIN) is BERLIN
    monkeypatch.setenv("TZ", "Europe/Berlin")
    assert machine_zone() == BERLIN
