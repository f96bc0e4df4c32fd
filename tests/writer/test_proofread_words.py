"""The proofreader's rules about words and small phrases (bot/writer/proofreading/words.py),
each with wordings it must flag and wordings like them it must leave alone. None of these
sentences is from the chat corpus: the corpus measures the rules, these pin them."""

from __future__ import annotations

import pytest

from bot.writer.frames import Written
from bot.writer.proofreading import proofread
from bot.writer.said import Shape


def reasons(
    sentence: str,
    shape: Shape = Shape.SENTENCE,
    slot: str | None = None,
    names: frozenset[str] = frozenset(),
) -> tuple[str, ...]:
    written = Written("qualifications", sentence, shape, sentence if slot is None else slot, ())
    flags = proofread([written], names)
    return flags[0].reasons if flags else ()


def flagged_by(sentence: str, start: str, **kwargs: object) -> bool:
    return any(r.startswith(start) for r in reasons(sentence, **kwargs))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("I ran the zephtronix line for 2 years.", True),  # a brand typed in lower case
        ("I stocked vortexia and glimmerwave products.", True),
        ("I know bluvana inside out.", True),
        ("I have 5 years of QRTX experience.", True),  # a guess at an acronym
        ("I studied at Riverton for 2 years.", False),  # capitalised as a name
        ("I ran the onboarding programme.", False),  # a British spelling
        ("I ran the Salesforce reports for 2 years.", False),  # a known term
        ("I ran the Harbin account for 2 years.", False),  # a name the candidate gave
        ("I ran the intake desk for 2 years.", False),
        ("I send notes through the app every day.", False),
        ("I did the pre-op checklists.", False),
    ],
)
def test_a_word_nobody_knows_is_checked(sentence: str, flagged: bool) -> None:
    names = frozenset({"Harbin"})
    assert flagged_by(sentence, "a word I don't know", names=names) is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("I install maybe 40 panels a week.", True),
        ("I answered like 60 calls a shift.", True),
        ("We saved probably $3,000 a month.", True),
        ("I install about 40 panels a week.", False),
        ("I would like 2 weeks to finish.", False),
        ("Maybe I could shadow the team.", False),
    ],
)
def test_a_hedge_before_a_figure(sentence: str, flagged: bool) -> None:
    assert flagged_by(sentence, "a hedge before a figure") is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("The clinic is opening a urgent care site.", True),
        ("The clinic is opening a office downtown.", True),
        ("I wrote an new checklist.", True),
        ("You start a evening shift next month.", True),
        ("I am a union member.", False),
        ("I was an honors student.", False),
        ("I am an RN.", False),
        ("She runs a one-person office.", False),
        ("I have 4 years of FP&A experience.", False),
    ],
)
def test_an_article_fits_the_sound_of_its_word(sentence: str, flagged: bool) -> None:
    found = flagged_by(sentence, "'a' before") or flagged_by(sentence, "'an' before")
    assert found is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("I am a welder since 2019.", True),
        ("I work at the plant since last March.", True),
        ("I never miss a shift in 3 years.", True),
        ("I plan to stay for 5 years.", False),
        ("I want to grow here for the next 10 years.", False),
        ("I have been a welder since 2019.", False),
        ("I have worked at the plant since last March.", False),
        ("I work 3 nights a week.", False),
        ("I started 3 years ago.", False),
    ],
)
def test_the_present_does_not_fit_a_span_up_to_now(sentence: str, flagged: bool) -> None:
    assert flagged_by(sentence, "the present with a span") is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("I handle the front desk, phones, scheduling, billing.", True),
        ("I check every load, seals, temps, paperwork.", True),
        ("I handle the front desk, phones, scheduling and billing.", False),
        ("I speak Somali, Arabic, and English.", False),
        (
            "I taught the new hires, and I sometimes led the huddle, which helped the "
            "night shift settle in quickly.",
            False,
        ),
    ],
)
def test_a_list_needs_its_and(sentence: str, flagged: bool) -> None:
    assert flagged_by(sentence, "a list without 'and'") is flagged


@pytest.mark.parametrize(
    ("slot", "flagged"),
    [
        ("quality over speed", True),
        ("retention rather than new accounts", True),
        ("safety instead of production numbers", True),
        ("speed and accuracy at the same time", True),
        ("how I calm a customer over the phone", False),
        ("what changed over 3 years", False),
        ("quality and speed", False),
    ],
)
def test_a_comparison_is_no_topic(slot: str, flagged: bool) -> None:
    sentence = f"I enjoyed discussing {slot}."
    assert flagged_by(sentence, "a comparison in a topic", shape=Shape.TOPIC, slot=slot) is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("Drug test on Monday you will send the address.", True),
        ("Background check next week they will email me.", True),
        ("I rebuilt the schedule 3 times I kept overtime under 5%.", True),
        ("I start in March you can reach me any time.", True),
        ("I trained the cashiers we hired in June.", False),  # a relative clause
        ("I cleaned the fryers they never cleaned.", False),
        ("You asked what tools I have used.", False),
        ("Before nursing school I worked as a CNA.", False),
    ],
)
def test_a_clause_run_into_the_one_before(sentence: str, flagged: bool) -> None:
    assert flagged_by(sentence, "a clause run into") is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("I look forward to the panel, maybe a skills test.", True),
        ("You will call me on Friday, probably after lunch.", True),
        ("I look forward to the panel and a skills test.", False),
        ("Maybe the most useful part was the ride-along.", False),
    ],
)
def test_a_hedge_tacked_on(sentence: str, flagged: bool) -> None:
    assert flagged_by(sentence, "a hedge tacked on") is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("You said half the orders come from the app now which surprised me.", True),
        ("They changed the schedule recently which helped a lot.", True),
        ("You said half the orders come from the app, which surprised me.", False),
        ("I chose the route which saved an hour.", False),
    ],
)
def test_which_needs_a_noun_or_a_comma(sentence: str, flagged: bool) -> None:
    assert flagged_by(sentence, "'which' with no noun") is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("I have 3 years of weekends experience.", True),
        ("I have 2 years of dialysis units experience.", True),
        ("I have 3 years of sales experience.", False),
        ("I have 3 years of weekend experience.", False),
        ("I have 3 years of experience on weekends.", False),
    ],
)
def test_a_plural_is_no_modifier(sentence: str, flagged: bool) -> None:
    assert flagged_by(sentence, "a plural as a modifier") is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("I am electrician since last year.", True),
        ("I worked 2 years as dispatcher for a towing company.", True),
        ("I have 3 years as RN on a cardiac floor.", True),
        ("I am an electrician.", False),
        ("I worked 2 years as lead dispatcher.", False),
        ("I am certified.", False),
        ("I worked as a dispatcher.", False),
    ],
)
def test_a_persons_job_takes_its_article(sentence: str, flagged: bool) -> None:
    assert flagged_by(sentence, "an article missing") is flagged


@pytest.mark.parametrize(
    ("slot", "flagged"),
    [
        ("forklift license current", True),
        ("my passport valid", True),
        ("trial prep", False),
        ("what I would do if the price is too high", False),
        ("patient education", False),
    ],
)
def test_a_topic_ends_in_its_noun(slot: str, flagged: bool) -> None:
    sentence = f"I would start with {slot}."
    found = flagged_by(sentence, "a topic that ends in an adjective", shape=Shape.TOPIC, slot=slot)
    assert found is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("The panel asked a ton.", True),
        ("I passed the road test first try.", True),
        ("I had no idea the clinic was that big.", True),
        ("The clinic is super busy on Mondays.", True),
        ("I passed the road test on my first attempt.", False),
        ("I was a super user for the new system.", False),
        ("The panel asked many questions.", False),
    ],
)
def test_informal_phrases(sentence: str, flagged: bool) -> None:
    assert flagged_by(sentence, "an informal") is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("At my first clinic my charge nurse taught me to chart.", True),
        ("During my last contract the plant manager asked me to stay.", True),
        ("In my old store the owner let me run the register.", True),
        ("At my first clinic, my charge nurse taught me to chart.", False),
        ("Last year I closed 40 loans.", False),
        ("In 2023 I led the move to the new site.", False),
        ("At the clinic I chart as I go.", False),
    ],
)
def test_an_opening_phrase_takes_its_comma(sentence: str, flagged: bool) -> None:
    assert flagged_by(sentence, "a comma missing after the opening phrase") is flagged


@pytest.mark.parametrize(
    ("slot", "flagged"),
    [
        ("weekends off every other week and the new trucks", True),
        ("home every night", True),
        ("the new trucks", False),
        ("talking every day with the families", False),
    ],
)
def test_how_often_is_no_part_of_a_topic(slot: str, flagged: bool) -> None:
    sentence = f"I am especially interested in {slot}."
    assert (
        flagged_by(sentence, "how often, inside a topic", shape=Shape.TOPIC, slot=slot) is flagged
    )


@pytest.mark.parametrize(
    ("slot", "flagged"),
    [
        ("nights and weekends and floating to the ICU", True),
        ("Excel, QuickBooks, Gusto, ADP and Paychex", True),
        ("nights and weekends", False),
        ("Excel, QuickBooks and Gusto", False),
    ],
)
def test_a_topic_is_one_thing_or_a_short_list(slot: str, flagged: bool) -> None:
    sentence = f"I was glad to discuss {slot}."
    found = any(
        r.startswith(("a topic joined by 'and' twice", "a list of four things"))
        for r in reasons(sentence, shape=Shape.TOPIC, slot=slot)
    )
    assert found is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("I offer 1 plan instead of three.", True),
        ("Only 1 client left in two years.", True),
        ("I was case study #1 in the deck.", False),
        ("I finished in 1 year.", False),
        ("I cut costs by $1 million.", False),
    ],
)
def test_one_is_written_out(sentence: str, flagged: bool) -> None:
    assert flagged_by(sentence, "'1' where a letter writes 'one'") is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("You asked about inventory, how I count the walk-in.", True),
        ("The panel asked about billing, why I left my last job.", True),
        ("You asked how I count the walk-in.", False),
        ("You asked about inventory, and I explained how I count the walk-in.", False),
    ],
)
def test_a_question_is_not_tacked_on_after_a_comma(sentence: str, flagged: bool) -> None:
    assert flagged_by(sentence, "a question tacked on after a comma") is flagged


@pytest.mark.parametrize(
    ("slot", "flagged"),
    [
        ("engineering is in every meeting", True),
        ("winter is for training", True),
        ("the design team is in the room early", False),
        ("Parcelnest is remote", False),
        ("nurses get a say in scheduling", False),
    ],
)
def test_a_clause_names_its_subject(slot: str, flagged: bool) -> None:
    sentence = f"I was glad to hear that {slot}."
    found = flagged_by(sentence, "a subject with no article", shape=Shape.CLAUSE, slot=slot)
    assert found is flagged


@pytest.mark.parametrize(
    ("slot", "flagged"),
    [
        ("new building", True),
        ("bigger warehouse", True),
        ("growing fast", True),
        ("expanding quickly", True),
        ("flexible scheduling", False),
        ("the new building", False),
        ("paid training", False),
        ("patient education", False),
    ],
)
def test_a_topic_is_a_noun_phrase_with_its_article(slot: str, flagged: bool) -> None:
    sentence = f"Learning about {slot} made me even more interested in the position."
    found = any(
        r.startswith(("an article missing", "a verb phrase, not a topic"))
        for r in reasons(sentence, shape=Shape.TOPIC, slot=slot)
    )
    assert found is flagged


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("You give me a case about a late truck.", True),
        ("The panel asks me to walk through a budget.", True),
        ("You also show me the floor and ask me about safety.", True),
        ("You gave me a case about a late truck.", False),
        ("You give new hires a mentor for 90 days.", False),  # what the team does
        ("You want someone who can train the night crew.", False),
    ],
)
def test_what_the_interviewer_did_takes_the_past(sentence: str, flagged: bool) -> None:
    written = Written("highlights", sentence, Shape.SENTENCE, sentence, ())
    flags = proofread([written])
    found = bool(flags) and any(
        r.startswith("the present for what happened in the interview") for r in flags[0].reasons
    )
    assert found is flagged


@pytest.mark.parametrize(
    ("slot", "flagged"),
    [
        ("at the county fair on weekends", True),
        ("in person with the branch manager", True),
        ("during flu season", True),
        ("the county fair", False),
        ("how I work in a team", False),
    ],
)
def test_a_topic_is_no_place_or_time(slot: str, flagged: bool) -> None:
    sentence = f"I was glad to talk about {slot}."
    found = flagged_by(sentence, "a topic that opens with", shape=Shape.TOPIC, slot=slot)
    assert found is flagged


@pytest.mark.parametrize(
    ("slot", "flagged"),
    [
        ("night shift in the new building in May", True),
        ("new warehouse on the east side", True),
        ("bigger team next year", True),
        ("the night shift in the new building", False),
        ("conflict with drivers", False),  # abstract, bare as it should be
        ("tuition help for the master's", False),
        ("flexible scheduling for students", False),
    ],
)
def test_a_topic_that_opens_with_a_bare_singular_noun(slot: str, flagged: bool) -> None:
    sentence = f"I was especially excited to hear about {slot}."
    found = flagged_by(sentence, "an article missing", shape=Shape.TOPIC, slot=slot)
    assert found is flagged
