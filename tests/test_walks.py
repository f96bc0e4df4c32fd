"""Random walks through the interview (issue 22): every path a person takes.

Each walk is 200 steps or more of what people do: answers (good, wrong, hostile), `back`,
`skip`, `keep`, `help` anywhere, `edit` of any answer at the review, renames and panels
that grow and shrink, another kind of interview, another tone or version, presses of
the buttons shown and of older ones, `cancel`, `resume` and `restart`. The interview and
the presenter run in process (no HTTP, no database): `dialogs.interview.handle` with the
note writer's judgement, then every output worded as the terminal words it, so every
review composes its notes and checklist.

After each turn: no turn failed, the state reads back from its JSON unchanged, every
reference inside the answers document points at something that exists (who asked the
better answer is on the panel, the question asked is one that applies), and at the
review the document is one `thankyou compose` accepts. CI runs 500 walks (WALKS sets
another number).
"""

from __future__ import annotations

import datetime as dt
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.presenter import Presenter
from bot.templating import Renderer
from bot.writer import preview_answer
from dialogs import interview
from dialogs.answers import answers_from_document
from dialogs.messages import Command, Incoming, Reply, ShowNotes
from dialogs.states import InterviewState, Status
from dialogs.steps import Step, applies, editable_steps

WALKS = int(os.environ.get("WALKS", "500"))
STEPS = 200
START = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)

# Answers for each question: good ones, and ones it must refuse kindly.
ANSWERS: dict[str, list[str]] = {
    "interviewers": [
        "Dana Lee, Marketing Director",
        "Dana Lee; Tom Becker",
        "Dana Leigh; Tom Baker",  # the same panel, names corrected
        "Tom Becker; Dana Lee; Sam Ortiz",  # reordered, one more
        "Sam Ortiz",
        "jordan kim eng mgr; dana lee director",  # titles without commas
        "jordan eng mgr",  # a title it is unsure of
        "Ana Silva; Ben Cho; Cy Diaz; Di Eng; Ed Fox; Flo Gray",
        "Ana Silva; Ben Cho; Cy Diaz; Di Eng; Ed Fox; Flo Gray; Gus Hale",  # seven: too many
        "1234",
    ],
    "company": ["brightpath health", "Acme Outdoor Co.", "x" * 250],
    "role": ["data analyst", "Charge Nurse"],
    "stage": ["phone_screen", "video", "onsite", "final_round", "informational", "other", "lunch"],
    "interview_date": ["today", "yesterday", "2026-11-20", "2030-01-01", "someday"],
    "qualifications": ["led the sql migration, cut costs 20%", "6 yrs of go and postgres"],
    "highlights": ["they stressed teamwork; i ran launches", "her advice to get certified"],
    "details": ["his question about experiment design", "the routing engine rewrite"],
    "next_step": ["a call with the hiring manager next week"],
    "interest": ["the new clinic they are opening", "great company!!"],
    "advantage": ["I speak Spanish and Portuguese", "n/a"],
    "strengthen": [
        "the scaling question: I load-tested our API to 10k rps",
        "the one about a/b testing, sorry i blanked. i ran 12 experiments",
        "no colon here",
    ],
    "strengthen_who": ["not sure", "1", "2", "Tom", "Dana Lee", "nobody"],
    "contact": ["maria@example.com (555) 201-7788", "maria@", "no contact"],
    "candidate_name": ["Maria Gonzalez", "jordan rivera"],
    "tone": ["formal", "warm", "brief", "loud"],
}
HOSTILE = ["", "   ", "{{ 7*7 }}", "<!channel> <b>hi</b>", "\x00\x07\u202e", "y" * 1600, "?"]
WORDS = [
    "back",
    "skip",
    "keep",
    "help",
    "?",
    "edit",
    "tone",
    "warm",
    "brief",
    "another version",
    "done",
]
RARE_WORDS = ["cancel", "restart", "yes", "no", "resume", "start fresh"]

# One step: what to do, and a number that picks among the ways to do it.
STEP = st.tuples(
    st.sampled_from(
        ["answer"] * 8
        + ["word"] * 4
        + ["press"] * 4
        + ["edit"] * 2
        + ["hostile", "old press", "rare", "command"]
    ),
    st.integers(min_value=0, max_value=1_000),
)


# One presenter for every walk, as a server has one per channel: the notes it composed
# for answers seen before are reused (the walks draw from a few answers).
PRESENTER = Presenter(Renderer("console"))


class Walk:
    def __init__(self) -> None:
        self.presenter = PRESENTER
        self.state: InterviewState | None = None
        self.now = START
        self.replies: list[Reply] = []
        self.refs: list[str] = []  # every ref buttons were shown with

    def incoming(self, kind: str, pick: int) -> Incoming:
        state = self.state
        step = state.step.value if state is not None else "interviewers"
        if kind == "answer":
            pool = ANSWERS.get(step) or WORDS
            return Incoming(text=pool[pick % len(pool)])
        if kind == "word":
            return Incoming(text=WORDS[pick % len(WORDS)])
        if kind == "rare":
            return Incoming(text=RARE_WORDS[pick % len(RARE_WORDS)])
        if kind == "hostile":
            return Incoming(text=HOSTILE[pick % len(HOSTILE)])
        if kind == "command":
            commands = [Command.START, Command.RESUME, Command.CANCEL, Command.START]
            return Incoming(command=commands[pick % len(commands)])
        if kind == "edit" and state is not None:
            fields = [s.value for s in editable_steps(state.answers)] or ["interviewers"]
            return Incoming(text=f"edit {fields[pick % len(fields)]}")
        buttons = [(b.value, r.ref) for r in self.replies for b in r.buttons]
        if kind == "press" and buttons:
            value, ref = buttons[pick % len(buttons)]
            return Incoming(text=value, ref=ref)
        if kind == "old press" and self.refs:
            pool = ANSWERS.get(step) or WORDS
            return Incoming(text=pool[pick % len(pool)], ref=self.refs[pick % len(self.refs)])
        return Incoming(text="help")

    def take(self, kind: str, pick: int) -> None:
        incoming = self.incoming(kind, pick)
        self.now += dt.timedelta(minutes=1 + pick % 3)
        turn = interview.handle(self.state, incoming, self.now, check_wording=preview_answer)
        # Worded as a channel words them: every review composes and checks its notes.
        self.replies = self.presenter.outputs(turn.outputs, self.now.date())
        self.refs += [r.ref for r in self.replies if r.ref and r.buttons]
        for output in turn.outputs:
            if isinstance(output, ShowNotes):
                assert self.replies and any(r.notes for r in self.replies)
        if turn.state is not None:
            self.state = turn.state
        if self.state is not None and self.state.status is Status.DONE:
            self.state = None  # the service starts afresh after `done`
        self.check()

    def check(self) -> None:
        state = self.state
        if state is None:
            return
        assert InterviewState.from_json(state.to_json()) == state
        answers = state.answers
        people = answers.get("interviewers") or []
        names = [p["name"] for p in people]
        assert len(people) <= 6 and all(name.strip() for name in names)
        asked = (answers.get("strengthen") or {}).get("interviewer")
        assert asked is None or asked in names, (asked, names)
        assert all(0 <= i < len(people) for i in getattr(state, "titles_to_confirm", []))
        if state.step is Step.DETAILS:
            assert 0 <= state.detail_index < len(people)
        if state.status is Status.ACTIVE and state.pending is None:
            assert state.step is Step.REVIEW or applies(state.step, answers), state.step
        if state.step is Step.REVIEW:
            answers_from_document(answers)  # what `thankyou compose` accepts


@settings(
    max_examples=WALKS,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(STEP, min_size=STEPS, max_size=STEPS))
def test_no_path_through_the_interview_breaks_it(steps: list[tuple[str, int]]) -> None:
    walk = Walk()
    for kind, pick in steps:
        walk.take(kind, pick)


def test_a_walk_reaches_the_review_and_edits_there() -> None:
    """The walks go where the defects were: to the review, and on from it."""
    walk = Walk()
    walk.take("command", 0)
    walk.take("answer", 1)  # a panel of two
    for _ in range(40):
        if walk.state is not None and walk.state.step is Step.REVIEW:
            break
        walk.take("answer", 0)
    assert walk.state is not None and walk.state.step is Step.REVIEW
    walk.take("edit", 0)  # the interviewers
    assert walk.state.step is Step.INTERVIEWERS
    walk.take("answer", 2)  # names corrected
    assert walk.state.step is Step.REVIEW
    assert [p["name"] for p in walk.state.answers["interviewers"]] == ["Dana Leigh", "Tom Baker"]
