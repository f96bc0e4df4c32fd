"""Issue 21's classes of failure, each with several wordings of its own (none of them the
issue's examples): what the note says, as the interview shows it ("In your note"), and
whether the writer found a fault in it. A piece the writer cannot write well must always
carry a fault: where the expected sentence is None, the test asks only that it does.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from bot.writer import compose_notes, preview_answer
from bot.writer.compose import body_word_count, length_range
from bot.writer.said import REWRITTEN_FROM_CHAT, faults
from dialogs.answers import answers_from_document

BASE: dict[str, Any] = {
    "candidate_name": "sam reyes",
    "interviewers": [{"name": "Dana Lee"}],
    "company": "Harbor Clinic",
    "role": "Care Coordinator",
    "qualifications": "I coordinated care for 40 patients a week.",
    "highlights": "Care transitions.",
    "interest": "The new wing.",
    "email": "sam@example.com",
}


def doc(**changes: Any) -> dict[str, Any]:
    return {**BASE, **changes}


def reads(answer: str, typed: str, **changes: Any) -> tuple[tuple[str, ...], bool]:
    """The sentences the note says from `typed`, and whether the writer and proofreader
    found nothing wrong in them. A chat-typed answer's sentences are never sure (each is
    the writer's reading: `REWRITTEN_FROM_CHAT`); what these tests pin is that no rule
    finds a fault in a sentence written right, and some rule does in one written wrong."""
    preview = preview_answer(doc(**{answer: typed}, **changes), answer)
    assert preview is not None
    return preview.sentences, not faults(preview.reasons)


CASES = [
    # 1. A clause in a topic frame: a frame for clauses, or a sentence of its own.
    (
        "highlights",
        "the kitchen really prizes speed, i cut ticket times 20%",
        ("You mentioned that the kitchen really prizes speed.", "I cut ticket times 20%."),
    ),
    (
        "highlights",
        "the unit always stresses handoffs, i built our sbar template",
        ("You mentioned that the unit always stresses handoffs.", "I built our SBAR template."),
    ),
    (
        "highlights",
        "the crew values near miss reports, i logged 30 last year",
        ("You mentioned that the crew values near-miss reports.", "I logged 30 last year."),
    ),
    # 2. A question typed back: its indirect form.
    (
        "highlights",
        "how would you handle a no show - i keep a backup list of 5 drivers",
        (
            "I especially enjoyed our discussion of how I would handle a no-show.",
            "I keep a backup list of 5 drivers.",
        ),
    ),
    (
        "highlights",
        "what would you do if a patient refuses meds - i explain the risks and chart it",
        (
            "I especially enjoyed our discussion of what I would do if a patient refuses meds.",
            "I explain the risks and chart it.",
        ),
    ),
    (
        "highlights",
        "how does the team handle returns - built a returns checklist",
        (
            "I especially enjoyed our discussion of how the team handles returns.",
            "I built a returns checklist.",
        ),
    ),
    # 3. A verb phrase where a noun phrase belongs: "that you ...".
    (
        "interest",
        "promote from within",
        ("I was especially excited to hear that you promote from within.",),
    ),
    (
        "interest",
        "offer tuition reimbursement",
        ("I was especially excited to hear that you offer tuition reimbursement.",),
    ),
    # 4. Facts run together: two sentences.
    (
        "qualifications",
        "closed 40 accounts last yr plus 3 yrs of inside sales",
        ("I closed 40 accounts last year.", "I also have 3 years of inside sales experience."),
    ),
    (
        "qualifications",
        "built the schedule for 60 techs and also 5 years of hvac",
        ("I built the schedule for 60 techs.", "I also have 5 years of HVAC experience."),
    ),
    # 5. A description of the candidate: a trait, not a topic.
    ("advantage", "former marine", ("I am a former marine.",)),
    (
        "advantage",
        "2nd year pharmacy student at riverton, 3.8 gpa",
        ("I am a second-year pharmacy student at Riverton with a 3.8 GPA.",),
    ),
    ("qualifications", "retired firefighter", ("I am a retired firefighter.",)),
    # 6. Fragments: each one in a frame written for it, or not sure.
    (
        "interest",
        "family run. open weekends",
        (
            "I was especially excited to hear that Harbor Clinic is family-run.",
            "Learning about open weekends made me even more interested in the position.",
        ),
    ),
    # 7. Why the candidate wants the job, not only what the interviewer said.
    (
        "interest",
        "she said the clinic is adding saturday hours",
        ("I was especially excited to hear that the clinic is adding Saturday hours.",),
    ),
    (
        "interest",
        "you mentioned the team is moving to a 4 day week",
        ("I was especially excited to hear that the team is moving to a 4-day week.",),
    ),
    # 12. "them" meaning someone else stays.
    (
        "highlights",
        "if a customer is upset i let them vent first",
        ("If a customer is upset I let them vent first.",),
    ),
]


@pytest.mark.parametrize(("answer", "typed", "expected"), CASES, ids=[c[1] for c in CASES])
def test_each_class_is_written_in_the_shape_its_frame_takes(
    answer: str, typed: str, expected: tuple[str, ...]
) -> None:
    sentences, sure = reads(answer, typed)
    assert sentences == expected
    assert sure, sentences


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (
            "pay for certifications. great team",
            "I was especially excited to hear that you pay for certifications and that the "
            "team is great.",
        ),
        (
            "good pay good people",
            "I was especially excited to hear that the pay and the people are good.",
        ),
        ("nice coworkers", "I was especially excited to hear that the coworkers are nice."),
        ("it is a great company", "I was especially excited to hear that it is a great company."),
        (
            "you guys are known for great customer service",
            "I was especially excited to hear that you are known for great customer service.",
        ),
        (
            "your company has a great reputation in the community",
            "I was especially excited to hear that your company has a great reputation in the "
            "community.",
        ),
        (
            "the people are really nice",
            "I was especially excited to hear that the people are really nice.",
        ),
        (
            "close to home and good benefits",
            "I was especially excited to hear that Harbor Clinic is close to home and the "
            "benefits are good.",
        ),
    ],
)
def test_an_opinion_is_written_as_a_clause_and_asked_about(typed: str, expected: str) -> None:
    """ "good team" is the clause it means, "the team is good"; but an opinion read as
    news ("I was excited to hear that the team is good") is odd, so the writer is not sure
    of it and asks for the reason behind it."""
    sentences, sure = reads("interest", typed)
    assert sentences == (expected,) and not sure


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (
            "the new outlet store opening in may",
            "I was especially excited to hear about the new outlet store opening in May.",
        ),
        (
            "the clinic expanding in may",
            "I was especially excited to hear about the clinic expanding in May.",
        ),
        ("the store opens in may", "I was especially excited to hear that the store opens in May."),
    ],
)
def test_3_may_after_in_is_the_month(typed: str, written: str) -> None:
    """ "opening in May" is a noun phrase, not a clause with the modal "may"."""
    sentences, sure = reads("interest", typed)
    assert sentences == (written,) and sure, sentences


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (
            "the hub opening next spring sounds exciting, want to help set it up",
            ("The hub opening next spring sounds exciting.", "I want to help set it up."),
        ),
        ("the team seemed really close", ("The team seemed really close.",)),
        (
            "yall seem like you actually care about your employees",
            ("You seem like you actually care about your employees.",),
        ),
        ("the new wing looks amazing", ("The new wing looks amazing.",)),
    ],
)
def test_the_candidates_own_view_is_never_framed_as_news(
    typed: str, expected: tuple[str, ...]
) -> None:
    """7. "X sounds exciting" is how the candidate sees it: said as typed, never "I was
    excited to hear that X sounds exciting"."""
    sentences, _ = reads("interest", typed)
    assert sentences == expected


UNSURE = [
    # A frame never takes what it was not written for; where the writer cannot tell, it
    # says so rather than send the sentence as sure.
    ("interest", "really want to be part of that"),
    ("highlights", "on call and ownership far less than the posting let on, weird"),
    ("qualifications", "fluent in tagalog, open weekends"),
    ("advantage", "certified"),
    ("interest", "the remodel she showed me, whole front end getting redone"),
    ("qualifications", "12 yrs otr no accidents clean mvr"),
    ("highlights", "she stressed safety. he asked about forklifts"),
]


@pytest.mark.parametrize(("answer", "typed"), UNSURE, ids=[c[1] for c in UNSURE])
def test_what_the_writer_cannot_write_well_is_never_sure(answer: str, typed: str) -> None:
    panel = [{"name": "Dana Lee"}, {"name": "Tom Ruiz"}]
    preview = preview_answer(doc(interviewers=panel, **{answer: typed}), answer)
    assert preview is not None and not preview.sure, preview


@pytest.mark.parametrize(
    "typed",
    [
        "The panel kept coming back to reliability, which the posting barely mentioned.",
        "Hearing that Mercy is building a new platform for rural clinics, which I helped "
        "pilot at my last job, made me even more excited about this role.",
        "Our conversation about the night shift, and how the team covers it, stayed with me.",
    ],
)
def test_a_sentence_typed_with_care_stays_as_written(typed: str) -> None:
    """8. Well-written answers: kept whole, no lead-in, no connector, no "I made me"."""
    sentences, sure = reads("highlights", typed)
    assert sentences == (typed,) and sure


@pytest.mark.parametrize(
    ("answer", "typed"),
    [
        (
            "qualifications",
            "In my 2nd year at Northwind, I took over a 150+ account book and grew it by 18%.",
        ),
        (
            "qualifications",
            "Last year I closed $1.2M in new business, 140% of quota.",
        ),
        (
            "highlights",
            "At my current company, I helped plan our own switch, and on-time delivery held at "
            "98%.",
        ),
    ],
)
def test_8_polish_does_not_make_careful_writing_chat(answer: str, typed: str) -> None:
    """8. A sentence typed with care stays one sentence and sure, though the writer writes
    "2nd" as "second": an opening phrase is never framed as a topic ("I was glad to talk
    about in my second year ..."), a figure in apposition is no phrase tacked on."""
    sentences, sure = reads(answer, typed)
    assert len(sentences) == 1 and sure, sentences
    assert sentences[0].split()[0] == typed.split()[0], sentences


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (
            "She said the clinic opens a second site in May, and since I grew up in that "
            "town, I would love to help staff it.",
            "You said the clinic opens a second site in May, and since I grew up in that "
            "town, I would love to help staff it.",
        ),
        (
            "He mentioned that the route doubles in winter, and as someone who drove it for "
            "three years, I know where the delays come from.",
            "You mentioned that the route doubles in winter, and as someone who drove it for "
            "three years, I know where the delays come from.",
        ),
        (
            "His point about weekend coverage stayed with me, because when I was a charge "
            "nurse, I rebuilt our weekend schedule.",
            "Your point about weekend coverage stayed with me, because when I was a charge "
            "nurse, I rebuilt our weekend schedule.",
        ),
    ],
)
def test_a_careful_sentence_about_the_reader_stays_whole(typed: str, written: str) -> None:
    """8. A careful sentence whose "she" or "his" becomes "you" or "your" keeps its
    capital, so it is still kept as written: never cut after "and since ...," or
    "and as someone who ...,", the clause the rest of the sentence completes."""
    sentences, sure = reads("interest", typed)
    assert sentences == (written,) and sure


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (
            "the clinic opens a 2nd site in may, and since i grew up there, i'd love to help",
            "The clinic opens a second site in May, and since I grew up there, I'd love to help.",
        ),
        (
            "the team is adding a night shift, and because i worked nights 3 yrs, i want in",
            "The team is adding a night shift, and because I worked nights 3 years, I want in.",
        ),
        (
            "the store is remodeling in june, and as someone who did 2 remodels, i can help",
            "The store is remodeling in June, and as someone who did 2 remodels, I can help.",
        ),
    ],
)
def test_a_clause_opened_by_since_or_as_keeps_the_clause_it_belongs_to(
    typed: str, written: str
) -> None:
    """4, 8. Chat typed: a "since ..." or "as someone who ..." clause is never cut from
    the clause after its comma, which it belongs to ("... and since I grew up there.")."""
    sentences, _ = reads("interest", typed)
    assert sentences == (written,)


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (
            "im flexible with my class schedule and you said techs help run the flu clinics",
            ("I'm flexible with my class schedule.", "techs help run the flu clinics."),
        ),
        (
            "i know the area well and the manager mentioned they need weekend drivers",
            ("I know the area well.", "you need weekend drivers."),
        ),
        (
            "ive run 2 food trucks plus Marco said the chef gets a dish on every menu",
            ("I've run 2 food trucks.", "the chef gets a dish on every menu."),
        ),
    ],
)
def test_4_a_fact_then_what_was_said_are_two_sentences(
    typed: str, written: tuple[str, str]
) -> None:
    """4. The candidate's fact, then what the interviewer said, typed with "and": two
    sentences, never "I'm flexible ... and you said techs help ..."."""
    sentences, _ = reads("interest", typed)
    assert len(sentences) == 2 and sentences[0] == written[0], sentences
    assert sentences[1].endswith(written[1]) and " and you said" not in sentences[0]


@pytest.mark.parametrize(
    ("answer", "typed", "written"),
    [
        ("highlights", "she say the plant runs 3 shifts", "You said the plant runs 3 shifts."),
        ("highlights", "he tell me the route is 200 miles", "You told me the route is 200 miles."),
        ("highlights", "you ask me many times about safety", "You asked me many times about"),
        ("highlights", "she always asks about safety", "You always ask about safety."),
    ],
)
def test_what_the_interviewer_said_is_in_the_past(answer: str, typed: str, written: str) -> None:
    """Typed in the present ("she say"), what was said in the interview is past in the
    note; a habit ("always asks") stays present."""
    sentences, _ = reads(answer, typed)
    assert sentences[0].startswith(written), sentences


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (
            "you want to open a 2nd store in 2028 and i want to be there for that",
            "You want to open a second store in 2028, and I want to be there for that.",
        ),
        (
            "i rebuilt our intake and wait times went from 40 to 15 min",
            "I rebuilt our intake, and wait times went from 40 to 15 minutes.",
        ),
        (
            "i trained 6 new baristas and i do the cash out every night",
            "I trained 6 new baristas, and I do the cash out every night.",
        ),
        ("i cut costs and trained staff", "I cut costs and trained staff."),
        ("1 yr at trade school", "I have completed 1 year at trade school."),
        (
            "3 yrs volunteer math tutor at the middle school",
            "I have 3 years of volunteer math tutor experience at the middle school.",
        ),
        ("im organized and i never miss deadlines", "I'm organized, and I never miss deadlines."),
        (
            "im cpr and first aid certified and have a clean background check",
            "I'm CPR and first aid certified and have a clean background check.",
        ),
    ],
)
def test_a_second_whole_clause_after_and_takes_a_comma(typed: str, written: str) -> None:
    """Two whole clauses joined by "and" or "but" are parted by a comma; a verb that shares
    the first clause's subject ("and trained staff") is not."""
    sentences, _ = reads("qualifications", typed)
    assert sentences == (written,)


@pytest.mark.parametrize(
    "typed",
    [
        "nothing really",
        "Not sure.",
        "idk",
        "honestly nothing",
        "i dont know lol",
        "Nothing comes to mind",
        "can't think of anything else",
    ],
)
def test_an_answer_that_says_nothing_is_left_out(typed: str) -> None:
    """ "nothing really" as the advantage is no advantage: never "what I believe sets me
    apart: nothing really"."""
    answers = answers_from_document(doc(advantage=typed))
    for note in compose_notes(answers):
        assert typed.lower().rstrip(".") not in note.body.lower()
        assert "sets me apart" not in note.body


@pytest.mark.parametrize(
    ("typed", "topic"),
    [
        ("lots of questions about patient privacy and hipaa", "patient privacy and HIPAA"),
        ("a bunch of questions on forklift safety", "forklift safety"),
        ("many questions about my gap year", "my gap year"),
    ],
)
def test_questions_about_a_topic_are_the_topic(typed: str, topic: str) -> None:
    """Never "our discussion of lots of questions about X": the topic is X."""
    sentences, _ = reads("highlights", typed)
    assert sentences == (f"I especially enjoyed our discussion of {topic}.",), sentences


@pytest.mark.parametrize(
    ("typed", "topic"),
    [
        ("the interview was mostly about excel and pivot tables", "Excel and pivot tables"),
        ("it was all about safety", "safety"),
        ("most of the questions were on conflict with drivers", "conflict with drivers"),
    ],
)
def test_what_the_interview_was_about_is_its_topic(typed: str, topic: str) -> None:
    """ "the interview was about X" says the topic X, never "You mentioned that the
    interview was about X"."""
    sentences, sure = reads("highlights", typed)
    assert len(sentences) == 1 and sentences[0].endswith(f" {topic}.") and sure, sentences
    assert "mentioned" not in sentences[0] and "interview was" not in sentences[0]


@pytest.mark.parametrize(
    ("answer", "typed", "expected"),
    [
        (
            "advantage",
            "i know the area really well, grew up here",
            "I know the area really well and grew up here.",
        ),
        (
            "qualifications",
            "built the dashboard, grew revenue 12%",
            "I built the dashboard, which grew revenue 12%.",
        ),
        (
            "interest",
            "love the mission, my grandma was in hospice and they were amazing",
            "My grandma was in hospice, and they were amazing.",
        ),
        (
            "interest",
            "my son went to the daycare there and they loved him",
            "My son went to the daycare there, and they loved him.",
        ),
        (
            "interest",
            "going to reach out to the 2 people he mentioned",
            "I am going to reach out to the 2 people you mentioned.",
        ),
        (
            "qualifications",
            "i handled social media for our church, grew ig from 300 to 2k",
            "I handled social media for our church and grew Instagram from 300 to 2,000.",
        ),
        (
            "qualifications",
            "built the model, saved 800k",
            "I built the model, which saved 800,000.",
        ),
        (
            "interest",
            "they let you choose your own clients after a year",
            "I was especially excited to hear that they let you choose your own clients after "
            "a year.",
        ),
        (
            "qualifications",
            "7 yrs in logistics, last 3 as a dispatcher for a 50 truck fleet",
            "For the last 3 years, I have worked as a dispatcher for a 50-truck fleet.",
        ),
        (
            "qualifications",
            "6 yrs warehouse, last 2 as lead on 2nd shift",
            "For the last 2 years, I have worked as a lead on second shift.",
        ),
        (
            "qualifications",
            "shift supervisor at chipotle, ran the line and did the schedule for 18 people",
            "I ran the line and did the schedule for 18 people.",
        ),
    ],
)
def test_12_they_and_which_mean_what_came_before(answer: str, typed: str, expected: str) -> None:
    """12. "grew up here" is no result to hang on "which"; "they" after a hospice or a
    daycare means its people, never the reader."""
    sentences, _ = reads(answer, typed)
    assert sentences[-1] == expected, sentences


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("cpr, bls and acls certified", "I am CPR, BLS and ACLS certified."),
        (
            "forklift, reach truck and order picker certified, bilingual spanish",
            "I am forklift, reach truck and order picker certified.",
        ),
        (
            "servsafe, cpr and first aid certified",
            "I am ServSafe, CPR and first aid certified.",
        ),
    ],
)
def test_5_a_list_that_ends_in_certified_is_one_credential_list(typed: str, first: str) -> None:
    """5. Never "what sets me apart: forklift. I am reach truck ... certified.": the items
    before "and ... certified" share it."""
    sentences, _ = reads("advantage", typed)
    assert sentences[0].startswith(first), sentences
    assert not any(s.endswith(": forklift.") for s in sentences)


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (
            "the interviewer focused on my leadership experience",
            "You focused on my leadership experience.",
        ),
        ("i told the interviewer about my gap year", "I told you about my gap year."),
        (
            "Managed social media for 3 local restaurants, grew followers by 40% in 6 months.",
            "I managed social media for 3 local restaurants, which grew followers by 40% in 6 "
            "months.",
        ),
    ],
)
def test_12_the_interviewer_is_you_and_a_deed_has_its_i(typed: str, written: str) -> None:
    """12. "the interviewer" is the one reader; a sentence typed with care that opens with
    what was done ("Managed ...") still gets its "I"."""
    sentences, _ = reads("highlights", typed)
    assert sentences == (written,), sentences


def test_a_piece_that_says_nothing_is_left_out_of_its_answer() -> None:
    """ "no idea, she said HR will reach out": never "I look forward to no idea."."""
    answers = answers_from_document(
        doc(stage="phone_screen", next_step="no idea, she said HR will reach out")
    )
    body = compose_notes(answers)[0].body
    assert "no idea" not in body.lower() and "HR will reach out" in body


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("whats your biggest weakness", "what my biggest weakness is"),
        ("what is your greatest strength?", "what my greatest strength is"),
        ("what's the hardest part of the job", "what the hardest part of the job is"),
    ],
)
def test_13_a_what_is_question_is_named_in_its_indirect_form(question: str, named: str) -> None:
    """Never "your question on what's your biggest weakness"."""
    answers = answers_from_document(
        doc(strengthen={"question": question, "addition": "i am learning to delegate"})
    )
    body = compose_notes(answers)[0].body
    assert named in body and question.rstrip("?") not in body, body


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("that they want someone bilingual", "You mentioned that you want someone bilingual."),
        (
            "that the night shift is short staffed",
            "You mentioned that the night shift is short staffed.",
        ),
    ],
)
def test_1_a_that_clause_goes_in_a_frame_for_clauses(typed: str, written: str) -> None:
    """1. Never "our discussion of that you want someone bilingual"."""
    sentences, _ = reads("highlights", typed)
    assert sentences == (written,), sentences


def test_a_comma_inside_brackets_splits_nothing() -> None:
    """ "a recent grad (BS Nursing, May 2026), did my capstone ...": never "I may 2026)"."""
    sentences, _ = reads(
        "qualifications", "I'm a recent grad (BS Nursing, May 2026), did my capstone in the ED"
    )
    assert sentences[0] == "I'm a recent grad (BS Nursing, May 2026).", sentences
    assert not any("may 2026)" in s.lower() and "(" not in s for s in sentences)


def test_connectors_are_rare_and_never_doubled() -> None:
    answers = answers_from_document(
        doc(
            qualifications="I led the billing team. I also cut denials 30%. I trained 12 coders.",
            advantage="I also speak Spanish and Tagalog.",
        )
    )
    for tone in ("formal", "warm", "brief"):
        for version in range(4):
            body = compose_notes(answers, tone=tone, version=version)[0].body
            assert not re.search(r"\b(?:Also|In addition|Plus|What is more),? I also\b", body)
            openers = re.findall(r"(?:^|\. )(In addition|Also|Plus|What is more|Further),", body)
            assert len(openers) <= 1, body


def test_a_stock_sentence_never_comes_twice_nor_opens_like_another() -> None:
    answers = answers_from_document(doc(qualifications="nursing", highlights="safety"))
    for tone in ("formal", "warm", "brief"):
        for version in range(6):
            body = compose_notes(answers, tone=tone, version=version)[0].body
            sentences = re.split(r"(?<=[.?!])\s+", " ".join(body.split("\n\n")[1:-1]))
            openings = [" ".join(s.lower().split()[:4]) for s in sentences if s]
            assert len(openings) == len(set(openings)), body


@pytest.mark.parametrize("stage", [None, "phone_screen", "final_round"])
def test_9_a_long_note_is_made_to_fit_without_cutting_a_figure_or_a_name(stage: str | None) -> None:
    long = (
        "I ran the night shift for three years at Mercy General. "
        "I care a great deal about the people I work with every single day. "
        "I always try to listen carefully and to learn from everyone around me. "
        "I cut overtime 18% by rebuilding the staffing grid in Kronos. "
        "I believe that teamwork is what makes a unit work well over time. "
    )
    answers = answers_from_document(
        doc(stage=stage, qualifications=long * 2, highlights=long, interest=long)
    )
    low, high = length_range(answers.tone, stage)
    for note in compose_notes(answers):
        assert low <= body_word_count(note.body) <= high, note.body
        # The figures and names of the first sentences stay, whole.
        assert "Mercy General" in note.body


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("20 hrs/wk of ops work", "20 hours a week of operations work"),
        ("the q about mgrs and certs", "the question about managers and certifications"),
        ("biz side, 12 pts a shift on the unit", "business side, 12 patients a shift on the unit"),
        ("see you thurs, start jan 15", "see you Thursday, start January 15"),
        ("advanced excel, epic charting on the unit", "advanced Excel, Epic charting on the unit"),
        ("grew our ig 4k to 31k, 3.6 gpa", "grew our Instagram 4,000 to 31,000, 3.6 GPA"),
        ("load-tested to 10k rps", "load-tested to 10,000 requests a second"),
        (
            "typing 90 wpm, 500 QPS on the api",
            "typing 90 words a minute, 500 queries a second on the API",
        ),
        # Compounds that print hyphenates, and "co" for the company.
        ("sold to mid market and mid size accounts", "sold to mid-market and mid-size accounts"),
        (
            "we do the lab work in house, the in house team",
            "we do the lab work in-house, the in-house team",
        ),
        ("the go to person for escalations", "the go-to person for escalations"),
        (
            "a state certified aide, cross trained on the line",
            "a state-certified aide, cross-trained on the line",
        ),
        (
            "ran it at my last co and a small co before",
            "ran it at my last company and a small company before",
        ),
        ("go to the floor, mid of the year, Acme Co", "go to the floor, mid of the year, Acme Co"),
        # Ordinals in words (a date keeps its own), "first-year" before whom it describes.
        ("a 1st yr pharmd student, my 3rd hotel", "a first-year PharmD student, my third hotel"),
        ("taught 5th grade math, start june 2nd", "taught fifth-grade math, start June 2nd"),
        ("open a 2nd site by mid march", "open a second site by mid-March"),
        # A hedge or a laugh that closes a sentence goes; "what I think" is no hedge.
        ("that's what the chef wanted i guess", "that's what the chef wanted"),
        ("the pay is good lol", "the pay is good"),
        ("it is what i think.", "it is what I think."),
        # A base verb after "is" with its object: the -ing form.
        ("the hotel is change all the rooms", "the hotel is changing all the rooms"),
        ("we are plan a new wing", "we are planning a new wing"),
        ("the goal is double the revenue", "the goal is double the revenue"),
        # "w" for "with"; a count and its unit before a noun; compound adjectives; Excel.
        (
            "98% resolution w 300 calls, good w excel",
            "98% resolution with 300 calls, good with Excel",
        ),
        ("a 120 room hotel, a 12 member team", "a 120-room hotel, a 12-member team"),
        ("its employee owned, a fast paced floor", "it's employee-owned, a fast-paced floor"),
        (
            "a locally owned shop, the team focused on safety",
            "a locally owned shop, the team focused on safety",
        ),
        ("i excel at scheduling", "I excel at scheduling"),
        # "200+" is more than 200; millions with no currency sign; ", especially"; "asap".
        (
            "handled 200+ scripts a day, 500+ days safe",
            "handled more than 200 scripts a day, more than 500 days safe",
        ),
        ("ran a store doing 2M a year", "ran a store doing 2 million a year"),
        ("my portfolio esp the rebrand", "my portfolio, especially the rebrand"),
        ("they need someone asap", "they need someone as soon as possible"),
        # The present perfect that "since" and "for 3 years" take, typed in the present.
        ("i am working in retail since 2015", "I have been working in retail since 2015"),
        ("i tutor math for 3 years", "I have tutored math for 3 years"),
        # A plural owner's apostrophe: "kids' lives".
        (
            "a difference in kids lives, near my kids school",
            "a difference in kids' lives, near my kids' school",
        ),
        ("students grades, a childrens hospital", "students' grades, a children's hospital"),
        ("the kids need help", "the kids need help"),
        ("my uncles business, my moms restaurant", "my uncle's business, my mom's restaurant"),
        ("my sons are grown", "my sons are grown"),
        (
            "my students pass rate, students test scores",
            "my students' pass rate, students' test scores",
        ),
        ("taught algebra 1 and chemistry ii", "taught Algebra 1 and Chemistry II"),
        # A phrasal verb used as a noun, a period's end, a degree's apostrophe.
        (
            "about 150 check ins a day, a follow up call",
            "about 150 check-ins a day, a follow-up call",
        ),
        ("i check in guests and follow up with them", "I check in guests and follow up with them"),
        ("a 99% on time rate, be on time for shifts", "a 99% on-time rate, be on time for shifts"),
        ("how i'd cover call outs and sign ups", "how I'd cover call-outs and sign-ups"),
        ("same day callbacks, a full time job", "same-day callbacks, a full-time job"),
        ("my food handlers card", "my food handler's card"),
        (
            "cut no shows, bilingual span/eng, lockout tagout",
            "cut no-shows, bilingual Spanish/English, lockout/tagout",
        ),
        # ... and never where the words are something else.
        (
            "i plan to stay for 5 years, my friends all said so",
            "I plan to stay for 5 years, my friends all said so",
        ),
        ("a drop in sales, a walk in the park", "a drop in sales, a walk in the park"),
        (
            "going to the gym helps, which is something i believe",
            "going to the gym helps, which is something I believe",
        ),
        ("closed 12 deals my first year", "closed 12 deals in my first year"),
        (
            "i loved my first year, he says my first year was great",
            "I loved my first year, he says my first year was great",
        ),
        (
            "at the same time all day, next day delivery",
            "at the same time all day, next-day delivery",
        ),
        (
            "3 years in long term care, in the long term",
            "3 years in long-term care, in the long term",
        ),
        (
            "i work full time now, the same day as my exam",
            "I work full time now, the same day as my exam",
        ),
        (
            "ive used it 3 years, closed it four months early",
            "I've used it for 3 years, closed it four months early",
        ),
        ("my CDL A, 500k miles accident free", "my CDL-A, 500,000 miles accident-free"),
        # Degrees, "eng/spanish", "I've got".
        (
            "my associates in business admin, my bachelors online",
            "my associate's in business administration, my bachelor's online",
        ),
        ("my associates at the firm", "my associates at the firm"),
        (
            "bilingual eng/spanish, ive got my own car",
            "bilingual English/Spanish, I have my own car",
        ),
        (
            "month end close, a masters in public health",
            "month-end close, a master's in public health",
        ),
        # Employers whose names are ordinary words, where someone works there.
        ("drove for ups, 40 draws a day at quest", "drove for UPS, 40 draws a day at Quest"),
        # A word used only as a name, where a workplace stands.
        (
            "worked at kaiser for 2 yrs, a nurse at ochsner",
            "worked at Kaiser for 2 years, a nurse at Ochsner",
        ),
        (
            "at laundromats, at bedtime, at triage, for pricing",
            "at laundromats, at bedtime, at triage, for pricing",
        ),
        ("ups and downs, target the right buyers", "ups and downs, target the right buyers"),
        # Retirement plans are no thousands.
        (
            "the 401k match, a 403b plan, 40k followers",
            "the 401(k) match, a 403(b) plan, 40,000 followers",
        ),
        # "by end of next week" takes its article; "by end of day" is an idiom.
        ("they'll call by end of next week", "they'll call by the end of next week"),
        ("notes done by end of day", "notes done by end of day"),
        # A hedge before when: "..., probably next Tuesday".
        ("a 2nd interview probably next tues", "a second interview, probably next Tuesday"),
        (
            "been a nanny for 5 yrs, been doing dispatch 5 yrs",
            "I have been a nanny for 5 years, I have been doing dispatch for 5 years",
        ),
        ("we run the clinic for two years", "we have run the clinic for two years"),
        (
            "i worked there for 3 years, i go for 2 hours a day",
            "I worked there for 3 years, I go for 2 hours a day",
        ),
    ],
)
def test_10_chat_forms_and_casing(typed: str, written: str) -> None:
    from bot.writer.chat import write_out_chat
    from bot.writer.terms import write_terms_properly

    assert write_terms_properly(write_out_chat(typed)) == written


def test_10_titles_emails_and_the_readers_own_name() -> None:
    answers = answers_from_document(
        doc(
            role="sr billing mgr",
            email="SAM.REYES@EXAMPLE.COM",
            interviewers=[{"name": "Dr. Rosa da Silva"}, {"name": "tom o'brien"}],
            highlights="dr da silva said the clinic is adding saturday hours",
        )
    )
    to_rosa, to_tom = compose_notes(answers)
    assert to_rosa.subject == "Thank you – Senior Billing Manager interview"
    assert to_rosa.body.startswith("Dear Dr. da Silva,")
    assert "You said the clinic is adding Saturday hours." in to_rosa.body
    assert "da Silva" not in to_rosa.body.split("\n\n", 1)[1]  # "you" in her own note
    assert "Rosa said the clinic is adding Saturday hours." in to_tom.body
    assert "sam.reyes@example.com" in to_rosa.body and "SAM" not in to_rosa.body


def test_11_a_phone_screen_keeps_the_concrete_result_and_asks_a_whole_question() -> None:
    answers = answers_from_document(
        doc(
            stage="phone_screen",
            qualifications="grew followers from 4k to 31k in a year, ran the brand account",
            next_step="video call w hiring mgr next week then a panel",
        )
    )
    body = compose_notes(answers)[0].body
    assert "from 4,000 to 31,000" in body
    questions = [s for s in re.split(r"(?<=[.?!])\s+", body) if s.endswith("?")]
    assert questions and all(not re.search(r"\bbefore \w+ \w+ call\b", q) for q in questions)


@pytest.mark.parametrize(
    ("question", "addition", "expected"),
    [
        (
            "the forecasting question",
            "i totally blanked on it. what i'd say now: i'd start from last year's seasonality",
            ("your question on forecasting", "I'd start from last year's seasonality."),
        ),
        (
            "the budgeting q",
            "ugh i messed that one up. better answer: i cut freight spend 12% by consolidating",
            ("your question on budgeting", "I cut freight spend 12% by consolidating."),
        ),
        (
            "how do you prioritize tickets",
            "i said first come first served which wasn't great. i'd sort by customer impact",
            ("how I prioritize tickets", "I'd sort by customer impact."),
        ),
    ],
)
def test_13_a_better_answer_is_one_calm_point(
    question: str, addition: str, expected: tuple[str, str]
) -> None:
    answers = answers_from_document(
        doc(strengthen={"question": question, "addition": addition, "interviewer": None})
    )
    body = compose_notes(answers)[0].body
    topic, point = expected
    assert topic in body and point in body, body
    for feeling in ("blanked", "messed", "ugh", "better answer", "what i'd say", "wasn't great"):
        assert not re.search(rf"\b{re.escape(feeling)}\b", body.lower()), body
    assert "question on the" not in body


@pytest.mark.parametrize(
    ("addition", "kept"),
    [
        # An apology word that is the point itself, not about the answer given.
        ("apologize, then tell them honestly what happened and fix it the same day", "fix it"),
        ("i forgot to mention my salesforce certification", "Salesforce certification"),
        ("my answer was too generic. i would add that i set up weekly check-ins", "check-ins"),
        ("i should have said that i trained 12 new hires", "I trained 12 new hires."),
        # What follows "but" after the answer given is the point.
        ("honestly i said money but really its growth, theres no room to move up", "no room"),
        ("i said i like working alone but i actually love a team", "I actually love a team."),
        # A label before a colon goes; a colon inside the point stays.
        ("Real reason: I want to run my own route by next year.", "I want to run my own route"),
        (
            "I'd add that I use a simple triage: safety first, then anything blocking a driver.",
            "I use a simple triage: safety first, then anything blocking a driver.",
        ),
    ],
)
def test_13_a_better_answer_never_loses_its_point(addition: str, kept: str) -> None:
    """What the candidate would add is said (asked about when it is no whole sentence),
    never dropped in silence with the apology around it."""
    answers = answers_from_document(
        doc(strengthen={"question": "the tools question", "addition": addition})
    )
    note = compose_notes(answers)[0]
    assert kept in note.body, note.body
    assert not re.search(r"\b(?:forgot|generic|should have said)\b", note.body.lower())


def test_13_the_clauses_a_lead_in_led_become_the_sentences_own() -> None:
    answers = answers_from_document(
        doc(
            strengthen={
                "question": "the deadlines question",
                "addition": "i would add that i set deadlines two weeks early, and that i "
                "send a draft with placeholders",
            }
        )
    )
    body = compose_notes(answers)[0].body
    assert "I set deadlines two weeks early, and I send a draft with placeholders." in body


@pytest.mark.parametrize(
    ("question", "named"),
    [
        (
            "how would you handle a director who doesn't send you reports",
            "how I would handle a director who doesn't send me reports",
        ),
        ("what would you do if a client yelled at you", "what I would do if a client yelled at me"),
        (
            "can you walk me through a time you failed",
            "whether I can walk you through a time I failed",
        ),
        ("what would you change about my team", "what I would change about your team"),
    ],
)
def test_2_a_question_typed_back_keeps_who_is_who(question: str, named: str) -> None:
    """The interviewer's "you" is the candidate: "I" as a subject, "me" as an object;
    the interviewer's own "me" and "my" are "you" and "your"."""
    from bot.writer.questions import indirect

    assert indirect(question) == named


@pytest.mark.parametrize(
    ("next_step", "written"),
    [
        ("hiring manager call next week", "the hiring manager call next week"),
        ("typing test and a writing sample", "the typing test and a writing sample"),
        ("shadowing a nurse on friday", "shadowing a nurse on Friday"),
        ("onboarding next week", "onboarding next week"),
        (
            "hiring manager call next week, then a mock call and panel",
            "the hiring manager call next week, then a mock call and a panel",
        ),
        (
            "in person interview with the manager",
            "the in-person interview with the manager",
        ),
        (
            "phone screen, then an assessment and tour",
            "the phone screen, then an assessment and a tour",
        ),
    ],
)
def test_11_the_next_step_gets_its_article(next_step: str, written: str) -> None:
    answers = answers_from_document(doc(stage="phone_screen", next_step=next_step))
    body = compose_notes(answers)[0].body
    assert written in body, body


@pytest.mark.parametrize(
    ("qualifications", "point"),
    [
        ("ran the team's social accounts. closed 127% of quota last year", "127% of quota"),
        ("team player. hit 127% of quota in q3", "127% of quota in Q3"),
        ("good with people, cut wait times from 40 to 12 minutes", "from 40 to 12 minutes"),
    ],
)
def test_11_a_phone_screen_says_the_most_specific_point(qualifications: str, point: str) -> None:
    answers = answers_from_document(doc(stage="phone_screen", qualifications=qualifications))
    note = compose_notes(answers)[0]
    said = [w.sentence for w in note.written if w.answer == "qualifications"]
    assert len(said) == 1 and point in said[0], said


def test_14_an_informational_interview_needs_no_role() -> None:
    document = doc(
        stage="informational",
        highlights="getting a data certification before moving into product",
        interest="signed up for the google data analytics cert, starts next month",
    )
    del document["role"], document["qualifications"]
    notes = compose_notes(answers_from_document(json.loads(json.dumps(document))))
    assert notes[0].subject == "Thank you for your advice"
    assert "  " not in notes[0].body and " the  " not in notes[0].body


@pytest.mark.parametrize(
    "typed",
    [
        "ran the front desk for 3 yrs",
        "i speak spanish and tagalog",
        "safety, i ran our toolbox talks",
        "- dispatch\n- scheduling",
    ],
)
def test_a_chat_typed_answer_is_never_sure_and_a_careful_one_is(typed: str) -> None:
    preview = preview_answer(doc(qualifications=typed), "qualifications")
    assert preview is not None and not preview.sure
    assert REWRITTEN_FROM_CHAT in preview.reasons
    careful = "I ran the front desk at a 200-room hotel for three years."
    kept = preview_answer(doc(qualifications=careful), "qualifications")
    assert kept is not None and kept.sure and kept.sentences == (careful,)


@pytest.mark.parametrize(
    "typed",
    [
        "I completed my Au.D. at the University of Iowa in 2022 and have since worked at an "
        "ENT practice in Des Moines.",
        "I earned my Ph.D. in chemistry at Rice and spent two years in industry.",
        "I finished my Psy.D. last spring, and I have seen clients at a community clinic since.",
    ],
)
def test_a_degree_with_dots_does_not_end_a_careful_sentence(typed: str) -> None:
    preview = preview_answer(doc(qualifications=typed), "qualifications")
    assert preview is not None
    assert preview.sentences == (typed,) and preview.sure


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("volunteered at lincoln park zoo", "I volunteered at Lincoln Park Zoo."),
        (
            "3 yrs at cedar hollow wildlife park",
            "I have 3 years of experience at Cedar Hollow Wildlife Park.",
        ),
        ("i did story time at oak lawn library", "I did story time at Oak Lawn Library."),
        ("i walk dogs at the park", "I walk dogs at the park."),  # no name: as typed
        ("2 yrs at a dog park", "I have 2 years of experience at a dog park."),
    ],
)
def test_a_place_typed_in_lower_case_gets_its_capitals(typed: str, written: str) -> None:
    sentences, _ = reads("qualifications", typed)
    assert sentences == (written,)


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("how do u handle a defensive hive", "how I handle a defensive hive"),
        ("what would u do if a truck breaks down", "what I would do if a truck breaks down"),
        ("why do u want to leave ur job", "why I want to leave my job"),
        ("how do you handle a defensive hive", "how I handle a defensive hive"),
    ],
)
def test_2_a_question_typed_with_chat_forms_turns_as_one_typed_in_full(
    question: str, topic: str
) -> None:
    from bot.writer.strengthen import question_topic

    assert question_topic(question) == topic
