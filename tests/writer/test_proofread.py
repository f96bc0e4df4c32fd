"""The proofreader: each rule with sentences it must pass and sentences it must flag, and
the tagger under it (TextBlob's bundled lexicon, loaded without NLTK or any download)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.writer.frames import Written
from bot.writer.proofreading import proofread
from bot.writer.said import Shape
from bot.writer.tagger import tag


def reasons(
    sentence: str, shape: Shape = Shape.SENTENCE, slot: str | None = None, answer: str = "x"
) -> tuple[str, ...]:
    written = Written(answer, sentence, shape, sentence if slot is None else slot, ())
    flags = proofread([written])
    return flags[0].reasons if flags else ()


@pytest.mark.parametrize(
    "sentence",
    [
        "I led the migration to Kubernetes, which cut deploy time from 40 minutes to 6.",
        "You asked how I would handle a late shipment.",
        "The crew really values safety walks.",
        "Hearing about the new onboarding academy made me even more excited to join.",
        "I am fluent in Spanish and Tagalog.",
        "Last year I closed 74 loans totaling about $21 million.",
        "I also run our TikTok.",
        "Because I grew up in a family that always rented, I have made those programs a specialty.",
        "I am a certified emergency nurse, I precept new graduates, and I led the sepsis work.",
        "I average 3 maintenance agreements sold a week.",
        # Words the lexicon does not know, read from where they stand.
        "I load-tested our API to 10,000 requests a second.",
        "We re-designed the intake flow, and I double-checked every chart.",
        "I was excited to hear about the onboarding academy and its mentoring programme.",
        "84% of my students passed the state exam.",
        "I was an aide in high school, so I know how athletes train.",
        "The app serves older adults, which is why I applied.",
        "You asked whether she would join the team.",
        "I learned which fabrics survive hospital-grade cleaning.",
        "I ran a 3-day sales conference for 300 people in May.",
        "I have worked one day a week at the clinic for 2 years.",
        "I would do the same for any patient.",
        "We talked about the same problem, and I spoke to the team.",
        "I am ACLS certified, and I am a CMA.",
        "I am BLS and ACLS certified.",
        "I speak Spanish and Vietnamese.",
        # Short sentences with a complement, lists of names, verbs the tagger reads as
        # nouns, and an article a few modifiers before its noun.
        "I speak Vietnamese.",
        "You explained how the night shift rotation works.",
        "I have both.",
        "It is not just about sales.",
        "I do the ordering for the kitchen.",
        "Right now leads sit for days.",
        "I want to learn from experienced engineers.",
        "I did about 1,200 quads last year.",
        "I have thought about what I do if the customer says the price is too high.",
        "I closed $140,000 in new business and served 12,000 customers.",
        "I applied because the challenges of payroll, tax and audit are what I enjoy most.",
        "I want to help, not just watch.",
        "Like many nurses on nights, I chart as I go.",
        "I am in trade school now.",
        "The team is opening a new neuro ICU next year.",
        # A single capitalised word after "at" or "for" is an employer's name.
        "I was a bank teller for 3 years at Chase and balanced my drawer every day.",
        "I worked for Target through college.",
        "I am bilingual.",
        "I speak Somali, Arabic and English.",
        "I know what to do when a child bites.",
        "I would manage 6 patients when one is going downhill.",
        "My two years as a foster care case manager mattered most.",
        # A habit takes the present: "3 times a week".
        "I check the cooler temperatures 3 times a shift.",
        "I was named employee of the month 4 times.",
        "Over the last four years I have managed the payables for a 300-bed hospital, "
        "processing about 1,200 invoices a month.",
        # A clause opened by "if", "since" or "as" takes the comma that closes it.
        "You said that the manager will call this week and that, if she likes my "
        "portfolio, I will meet the team.",
        "We covered the schedule, and since I work nights now, I can start on days.",
        "The role grows next year, and as someone who trained new hires, I would help.",
    ],
)
def test_sentences_that_read_right_pass(sentence: str) -> None:
    assert reasons(sentence) == ()


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Really want to be part of that.", "no subject"),
        # A count of times with the present tense: what happened, in the past.
        ("I get employee of the month 4 times.", "present tense for what happened"),
        ("My previous boss can give great reference.", "needs an article"),
        ("Such as tell me about a time you failed.", "the rest of an earlier sentence"),
        ("I balanced a drawer of about 20,000 every day.", "a sum without its currency"),
        ("I manage a 200,000 program budget.", "a sum without its currency"),
        ("I do from my last job.", "nothing after 'do'"),
        ("We did at my old clinic.", "nothing after 'did'"),
        ("I closed 140,000 in new business in Q3.", "a sum without its currency"),
        ("I especially enjoyed our discussion of my portfolio, especially the logos.", "twice"),
        ("You want analysts who can tell us why sales moved not just send a report.", "not just"),
        (
            "The team is buying 3 hotels so a lot of modeling, which I want to learn.",
            "no verb after 'so'",
        ),
        ("Including the night shift and weekends.", "the rest of an earlier sentence"),
        ("I can run the pass when chef is off.", "needs an article"),
        (
            "I grew our Instagram to 11,000 followers, mostly reels and customer photos.",
            "tacked on",
        ),
        ("I ran the RFIs in Procore, plus AutoCAD and Bluebeam for markups.", "tacked on"),
        ("I stay.", "too short"),
        ("I miss that.", "too short"),
        ("We win the regional award three times.", "present tense for what happened"),
        ("You call me twice about the schedule.", "present tense for what happened"),
        ("Family owned.", "no finite verb"),
        ("I made me even more excited about this role.", "'I ... me'"),
        ("And the team was great.", "opens with 'And'"),
        ("I ran ops for 3 yrs.", "chat form"),
        ("I led the the team.", "twice"),
        ("I hit quota last year (about 118% of it.", "unpaired"),
        ("The Team was great to meet.", "capital inside"),
        ("I cut it from 3 weeks to 5 days also 4 years of Salesforce admin.", "run together"),
        ("I worked front desk at a hotel.", "needs an article"),
        ("It have 200 rooms.", "does not agree"),
        ("I want learn more about the hotel business.", "'to' missing"),
        ("The room was not ready, I give the guest a free breakfast.", "joined by a comma"),
        ("I do the beos and the timelines.", "clipped word"),
        ("I have my forklift cert and a lot of stuff.", "informal"),
        ("90% renewed.", "opens with a figure"),
        ("The users are older adults which is.", "stops after"),
        ("14 people under me and mispicks went from 40 a week to 10.", "opens with a figure"),
        ("3 of my students won state awards last spring.", "opens with a figure"),
        ("I was an aide in high school so I get athletes.", "comma missing before 'so'"),
        ("We opened a second clinic so the team grew fast.", "comma missing before 'so'"),
        ("The app serves older adults which is my grandma.", "comma missing before 'which'"),
        ("I rebuilt the intake form which saved an hour a day.", "comma missing before 'which'"),
        ("She asked a lot about delegating.", "who 'She' means"),
        ("He was tough but fair.", "who 'He' means"),
        ("I rebuilt onboarding, and 90 day turnover fell to 19%.", "hyphen missing"),
        ("I ran a 3 day sales conference for 300 people.", "hyphen missing"),
        ("I managed a 140 seat restaurant.", "hyphen missing"),
        ("The team wants notes done same day.", "'the' missing before 'same'"),
        ("I ship orders same week.", "'the' missing before 'same'"),
        ("We talked westgard rules for ten minutes.", "word missing after 'talked'"),
        ("We spoke budgets most of the hour.", "word missing after 'spoke'"),
        ("You want techs who diagnose electrical not just swap parts.", "comma missing before"),
        ("I am bilingual CMA.", "'CMA' needs an article"),
        ("I am senior SDR.", "'SDR' needs an article"),
    ],
)
def test_sentences_a_careful_writer_would_not_send_are_flagged(sentence: str, reason: str) -> None:
    found = reasons(sentence)
    assert any(reason in r for r in found), found


@pytest.mark.parametrize(
    ("sentence", "slot", "flagged"),
    [
        ("I especially enjoyed our discussion of patient education.", "patient education", False),
        (
            "I especially enjoyed our discussion of how I keep drivers on schedule.",
            "how I keep drivers on schedule",
            False,
        ),
        (
            "I especially enjoyed our discussion of the crew really values safety walks.",
            "the crew really values safety walks",
            True,
        ),
        ("I was especially excited to hear about hire from within.", "hire from within", True),
        (
            "I especially enjoyed talking with you about how do you keep drivers on schedule.",
            "how do you keep drivers on schedule",
            True,
        ),
        ("I was especially excited to hear about good team.", "good team", True),
        ("I would also mention never late on a delivery.", "never late on a delivery", True),
    ],
)
def test_a_topic_frame_takes_only_a_noun_phrase_gerund_or_wh_clause(
    sentence: str, slot: str, flagged: bool
) -> None:
    assert bool(reasons(sentence, Shape.TOPIC, slot, "highlights")) is flagged


def test_a_clause_frame_takes_only_a_whole_clause() -> None:
    frame = "You mentioned that {}."
    whole, piece = "the store opens a second location in March", "a second location in March"
    assert reasons(frame.format(whole), Shape.CLAUSE, whole) == ()
    assert reasons(frame.format(piece), Shape.CLAUSE, piece)


def test_no_two_sentences_of_a_note_open_alike() -> None:
    first = Written("x", "It was a pleasure to meet the team.", Shape.SENTENCE, "", ())
    second = Written("y", "It was a pleasure to hear about the clinic.", Shape.SENTENCE, "", ())
    flags = proofread([first, second])
    assert [f.sentence for f in flags] == [second.sentence]
    assert "opens like an earlier sentence" in flags[0].reasons[0]


def test_a_sentence_kept_as_the_candidate_typed_it_gets_the_rules_of_grammar_only() -> None:
    """Their own capitals and long sentences are theirs; a chat form or "And" is not."""
    kept = "Ms. Montgomery stressed reporting and Compliance far more than the posting did."
    assert not proofread([Written("h", kept, Shape.SENTENCE, kept, (), kept=True)])
    chatty = "I ran ops for 3 yrs and it went well."
    assert proofread([Written("h", chatty, Shape.SENTENCE, chatty, (), kept=True)])


def test_the_writers_own_doubts_are_flags_too() -> None:
    written = Written(
        "x", "I am fluent in Spanish, open availability.", Shape.SENTENCE, "", ("unclear",)
    )
    assert proofread([written])[0].reasons[0] == "unclear"


def test_the_tagger_reads_contractions_numbers_and_possessives() -> None:
    assert tag("I'm sure it's 40% more.") == (
        ("I", "PRP"),
        ("'m", "VBP"),
        ("sure", "JJ"),
        ("it", "PRP"),
        ("'s", "VBZ"),
        ("40%", "CD"),
        ("more", "JJR"),
        (".", "."),
    )
    assert ("'s", "POS") in tag("Willow Creek's students read every day.")


@pytest.mark.parametrize(
    ("text", "word", "label"),
    [
        ("I load-tested our API", "load-tested", "VBD"),  # a compound verb after "I"
        ("we hand-picked the team", "hand-picked", "VBD"),
        ("a well-known firm", "well-known", "JJ"),  # a compound adjective stays one
        ("its mentoring programme and more", "programme", "NN"),  # an unknown noun
        ("the new intake", "intake", "NN"),
        ("the clients come in with distrust", "come", "VB"),  # after a noun: a verb
    ],
)
def test_the_tagger_reads_unknown_words_from_where_they_stand(
    text: str, word: str, label: str
) -> None:
    assert dict(tag(text))[word] == label


def test_the_tagger_ships_its_model_and_loads_without_nltk() -> None:
    """Nothing is downloaded, and NLTK (33 MiB in a server) is never imported."""
    code = (
        "import sys; from bot.writer import tagger; tagger.warm_up(); "
        "assert tagger.tag('The store opens in March.')[2] == ('opens', 'VBZ'); "
        "assert 'nltk' not in sys.modules and 'textblob' not in sys.modules; print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "ok", done.stderr


@pytest.mark.parametrize(
    ("slot", "flagged"),
    [
        ("real emergencies, actually helping people", True),
        ("the training program, 16 weeks with a preceptor", True),
        ("the night shift, mostly the ICU float pool", True),
        ("SQL, Python and Tableau", False),
        ("the skills test, then a panel with the team", False),
        ("the onboarding academy", False),
    ],
)
def test_a_topic_frame_takes_one_phrase_or_a_list(slot: str, flagged: bool) -> None:
    """A second phrase after a comma in a frame for a noun phrase reads as two things run
    together; a list ("A, B and C") and a sequence ("..., then ...") do not."""
    sentence = f"I was especially excited to hear about {slot}."
    found = reasons(sentence, Shape.TOPIC, slot)
    assert ("two phrases run together after a comma" in found) is flagged, found


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("The pay is far better than what I make now.", True),
        ("I was especially excited to hear about good pay and good hours.", True),
        ("I was especially excited to hear that it pays better.", True),
        ("I was especially excited to hear about money.", True),
        ("I was especially excited to hear about the pay and benefits.", True),
        ("Learning that the shelter will raise money for families made the role appealing.", False),
        ("I was glad to learn that you pay for certifications.", False),
    ],
)
def test_the_pay_is_no_reason_to_give_an_interviewer(sentence: str, flagged: bool) -> None:
    """Why the candidate wants the job is the work: a note that says the pay is better is
    asked about; what the employer pays for (certifications) is another thing."""
    found = reasons(sentence, answer="interest")
    assert any(r.startswith("the pay as the reason") for r in found) is flagged, found


def test_a_degree_is_a_noun_in_a_topic_and_a_colon_opens_a_bare_noun_phrase() -> None:
    slot = "tuition reimbursement for the master's"
    assert reasons(f"I was especially excited to hear about {slot}.", Shape.TOPIC, slot) == ()
    slot = "local anesthesia certification"
    sentence = f"It was great to talk through what I would bring: {slot}."
    assert reasons(sentence, Shape.TOPIC, slot, answer="qualifications") == ()


@pytest.mark.parametrize(
    ("sentence", "shape", "slot", "answer", "reason"),
    [
        (
            "I was happy to talk about CDA and CPR/first aid.",
            Shape.TOPIC,
            "CDA and CPR/first aid",
            "qualifications",
            "credentials where a topic belongs",
        ),
        (
            "I was glad to tell you about ACLS, BLS and PALS.",
            Shape.TOPIC,
            "ACLS, BLS and PALS",
            "advantage",
            "credentials where a topic belongs",
        ),
        (
            "I was especially excited to hear that you just bought a lathe and nobody is "
            "trained on it yet.",
            Shape.CLAUSE,
            "you just bought a lathe and nobody is trained on it yet",
            "interest",
            "two clauses in a frame for one",
        ),
        (
            "I was especially excited to hear that you pay for the license and the vans are new.",
            Shape.CLAUSE,
            "you pay for the license and the vans are new",
            "interest",
            "two clauses in a frame for one",
        ),
        (
            "I would check the chart and call the doctor and then tell the nurse and chart it.",
            Shape.SENTENCE,
            None,
            "strengthen",
            "a chain of 'and'",
        ),
    ],
)
def test_what_a_frame_or_a_sentence_holds_too_much_of(
    sentence: str, shape: Shape, slot: str | None, answer: str, reason: str
) -> None:
    assert reason in reasons(sentence, shape, slot, answer=answer)


@pytest.mark.parametrize(
    ("sentence", "shape", "slot", "answer"),
    [
        (
            "I was happy to talk about inventory and scheduling.",
            Shape.TOPIC,
            "inventory and scheduling",
            "qualifications",
        ),
        (
            "I was glad to have the chance to talk about SQL, AWS and Tableau.",
            Shape.TOPIC,
            "SQL, AWS and Tableau",
            "qualifications",
        ),
        (
            "I was especially excited to hear that you're opening a night shift and need leads.",
            Shape.CLAUSE,
            "you're opening a night shift and need leads",
            "interest",
        ),
        ("I cut costs and trained staff and wrote the manual.", Shape.SENTENCE, None, "x"),
    ],
)
def test_one_topic_one_clause_and_two_ands_pass(
    sentence: str, shape: Shape, slot: str | None, answer: str
) -> None:
    found = reasons(sentence, shape, slot, answer=answer)
    assert not any(
        r in found
        for r in (
            "credentials where a topic belongs",
            "two clauses in a frame for one",
            "a chain of 'and'",
        )
    ), found


@pytest.mark.parametrize(
    ("slot", "flagged"),
    [
        ("building a portfolio with real case studies and learn Figma", True),
        ("getting licensed first and save money", True),
        ("building a portfolio and learning Figma", False),
        ("shadowing a nurse and asking questions", False),
    ],
)
def test_a_gerund_and_a_verb_are_not_joined_in_a_topic(slot: str, flagged: bool) -> None:
    sentence = f"Your advice about {slot} was especially helpful."
    found = reasons(sentence, Shape.TOPIC, slot, answer="highlights")
    assert any(r.startswith("a gerund and a verb") for r in found) is flagged, found


@pytest.mark.parametrize(
    ("slot", "flagged"),
    [
        ("my gap in employment", True),
        ("the fact that I have no warehouse experience", True),
        ("how I handled a mistake at my last job", True),
        ("why I was laid off", True),
        ("teamwork", False),
        ("how I handle a difficult customer", False),
    ],
)
def test_a_hard_subject_is_not_enjoyed(slot: str, flagged: bool) -> None:
    sentence = f"I especially enjoyed our discussion of {slot}."
    found = reasons(sentence, Shape.TOPIC, slot, answer="highlights")
    assert any(r.startswith("enjoyed a hard subject") for r in found) is flagged, found
