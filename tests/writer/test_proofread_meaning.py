"""The proofreader's rules about meaning (bot/writer/proofreading/meaning.py): a reason to
want the job that is only a convenience or a compliment, a pronoun with nothing to mean,
a noun twice in a breath. Each with wordings it must flag and wordings it must pass."""

from __future__ import annotations

import pytest

from bot.writer.frames import Written
from bot.writer.proofreading import proofread
from bot.writer.said import Shape


def reasons(*sentences: str, answer: str = "interest") -> tuple[str, ...]:
    """The reasons given for the last of `sentences`, said in this order from one answer."""
    said = [Written(answer, s, Shape.SENTENCE, s, ()) for s in sentences]
    flags = {flag.sentence: flag.reasons for flag in proofread(said)}
    return flags.get(sentences[-1], ())


def flagged_by(start: str, *sentences: str, answer: str = "interest") -> bool:
    return any(r.startswith(start) for r in reasons(*sentences, answer=answer))


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("I was glad to hear that the depot is close to my house.", True),
        ("The office is 10 minutes from home, which I love.", True),
        ("A short commute means a lot to me.", True),
        ("Learning that the store is near my apartment made the role even more appealing.", True),
        ("I was glad to hear that the clinic is close to the hospital.", False),
        ("The route runs close to the river.", False),
    ],
)
def test_a_convenience_is_no_reason_to_want_the_job(sentence: str, flagged: bool) -> None:
    assert flagged_by("a convenience as the reason", sentence) is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("The team seems great, and the benefits are good.", True),
        ("The people are really nice.", True),
        ("The culture seems welcoming.", True),
        ("The team is great at onboarding, and I want to learn how you do it.", False),
        ("The benefits are good, and the tuition program would pay for my BSN.", False),
    ],
)
def test_praise_is_no_reason_to_want_the_job(sentence: str, flagged: bool) -> None:
    assert flagged_by("praise, not a reason", sentence) is flagged


@pytest.mark.parametrize(
    ("said", "flagged"),
    [
        (("The manager asked about it twice.",), True),
        (("I fix it before the guests notice.",), True),
        (("That is exactly my strength.",), True),
        (("I rebuilt the intake form.", "I fix it every quarter."), False),
        (("It was great to meet the team.",), False),
        (("I keep the schedule and update it every week.",), False),
        (("That block is where I grew up.",), False),
    ],
)
def test_a_pronoun_needs_something_before_it_to_mean(said: tuple[str, ...], flagged: bool) -> None:
    assert flagged_by("nothing before", *said, answer="highlights") is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("The panel described a panel that meets weekly.", True),
        ("The clinic runs a clinic every Saturday.", True),
        ("I own billing end to end.", False),
        ("I used my thesis study as case study number one.", False),
        ("I met the team and the team lead.", False),
    ],
)
def test_a_noun_twice_in_a_breath(sentence: str, flagged: bool) -> None:
    found = any("twice in a few words" in r for r in reasons(sentence, answer="highlights"))
    assert found is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("You asked about the way how I train new hires.", True),
        ("We talked about 3 ways how the unit cuts falls.", True),
        ("You asked how I train new hires.", False),
        ("We talked about 3 ways the unit cuts falls.", False),
    ],
)
def test_way_or_how_not_both(sentence: str, flagged: bool) -> None:
    assert flagged_by("'way", sentence, answer="highlights") is flagged
