"""kill -9 during a turn: is any answer acknowledged and then lost?

For each database (a SQLite file; PostgreSQL when TEST_DATABASE_URL is set) and each
platform, each trial starts an interview for a new user on a real `thankyou serve`,
sends the first answer, kills the server (SIGKILL) at a random 0-100 ms after sending,
restarts it, and, if the platform got no 200, redelivers the same event as the platform
would (Slack: the same body with X-Slack-Retry-Num; Teams: the same activity); in half
of those trials the user, having seen no next question, first types the answer again.
Then it reads what was saved and what the user was sent. Prints figures; asserts
nothing.

    .venv/bin/python bench/kill_trials.py [--trials 40] [--seed 9]

Outcomes per trial: answered (saved once, next question sent), refused (nothing saved,
the user told so), lost (acknowledged, then not saved or never answered), shifted (the
answer landed in another field), duplicate (the next question sent twice).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import uuid
from collections import Counter
from dataclasses import dataclass

import aiohttp
from harness import (
    FakeConnector,
    FakeSlack,
    Reader,
    Server,
    databases,
    fake_platforms,
    post_slack,
    post_teams,
    slack_command_body,
    slack_message_body,
    teams_activity,
)

ANSWER = "Emily Carter, Director of Customer Success"
NEXT_QUESTION = "Which company"
REFUSED = "couldn't save"
SLACK_RETRIES = 3  # Slack retries a failed delivery up to three times


@dataclass
class Trial:
    killed: str  # where the kill landed: before the save, after it, after the reply
    acknowledged: bool
    retyped: bool
    redeliveries: int
    saved: bool
    shifted: bool
    next_questions: int
    told_refused: bool

    @property
    def outcome(self) -> str:
        if self.shifted:
            return "shifted"
        if self.saved and self.next_questions >= 1:
            return "duplicate" if self.next_questions > 1 else "answered"
        if not self.saved and self.told_refused:
            return "refused"
        return "lost" if self.acknowledged else "unacknowledged, never answered"


async def kill_during(server: Server, request: asyncio.Task[int], rng: random.Random) -> int:
    await asyncio.sleep(rng.uniform(0.0, 0.1))  # the kill's moment, not synchronisation
    await server.kill()
    return await request


async def slack_trial(
    session: aiohttp.ClientSession,
    server: Server,
    slack: FakeSlack,
    db: Reader,
    n: int,
    rng: random.Random,
) -> Trial:
    user = f"UKILL{n}{uuid.uuid4().hex[:6].upper()}"
    form = "application/x-www-form-urlencoded"
    assert await post_slack(session, server, slack_command_body(user), form) == 200
    body = slack_message_body(user, ANSWER, f"Ev{uuid.uuid4().hex[:12]}")
    sending = asyncio.create_task(post_slack(session, server, body, "application/json"))
    status = await kill_during(server, sending, rng)
    await server.start(session)
    killed = await slack_moment(slack, db, user)
    retries = 0
    acknowledged = status == 200
    retyped = not acknowledged and killed != "after reply" and rng.random() < 0.5
    if retyped:
        again = slack_message_body(user, ANSWER, f"Ev{uuid.uuid4().hex[:12]}")
        await post_slack(session, server, again, "application/json")
    while status != 200 and retries < SLACK_RETRIES:
        retries += 1
        status = await post_slack(session, server, body, "application/json", retry=retries)
    said = [p.text for p in slack.posted() if p.call.params.get("channel") == f"D{user}"]
    record = await db.conversation("slack", "T1", user)
    answers = record.state["answers"] if record else {}
    return Trial(
        killed=killed,
        acknowledged=acknowledged,
        retyped=retyped,
        redeliveries=retries,
        saved=bool(answers.get("interviewers")),
        shifted="company" in answers,
        next_questions=sum(NEXT_QUESTION in text for text in said),
        told_refused=any(REFUSED in text for text in said),
    )


async def slack_moment(slack: FakeSlack, db: Reader, user: str) -> str:
    said = [p.text for p in slack.posted() if p.call.params.get("channel") == f"D{user}"]
    record = await db.conversation("slack", "T1", user)
    saved = bool(record and record.state["answers"].get("interviewers"))
    return moment(saved, sum(NEXT_QUESTION in text for text in said))


async def teams_trial(
    session: aiohttp.ClientSession,
    server: Server,
    connector: FakeConnector,
    db: Reader,
    n: int,
    rng: random.Random,
) -> Trial:
    user = f"kill-{n}-{uuid.uuid4().hex[:6]}"
    start = teams_activity(connector, user, "thankyou", f"act-{uuid.uuid4().hex}")
    assert await post_teams(session, server, start) == 200
    answer = teams_activity(connector, user, ANSWER, f"act-{uuid.uuid4().hex}")
    sending = asyncio.create_task(post_teams(session, server, answer))
    status = await kill_during(server, sending, rng)
    await server.start(session)
    record = await db.conversation("msteams", "t1", user)
    replied = [p for p in connector.posted if p.conversation_id == f"a:{user}"]
    saved = bool(record and record.state["answers"].get("interviewers"))
    killed = moment(saved, sum(NEXT_QUESTION in p.text for p in replied))
    acknowledged = status == 200
    retyped = not acknowledged and killed != "after reply" and rng.random() < 0.5
    if retyped:
        again = teams_activity(connector, user, ANSWER, f"act-{uuid.uuid4().hex}")
        await post_teams(session, server, again)
    retries = 0
    while status != 200 and retries < SLACK_RETRIES:  # the connector redelivers likewise
        retries += 1
        status = await post_teams(session, server, answer)
    said = [p.text for p in connector.posted if p.conversation_id == f"a:{user}"]
    record = await db.conversation("msteams", "t1", user)
    answers = record.state["answers"] if record else {}
    return Trial(
        killed=killed,
        acknowledged=acknowledged,
        retyped=retyped,
        redeliveries=retries,
        saved=bool(answers.get("interviewers")),
        shifted="company" in answers,
        next_questions=sum(NEXT_QUESTION in text for text in said),
        told_refused=any("send that again" in text for text in said),
    )


def moment(saved: bool, replied: int) -> str:
    if not saved:
        return "before save"
    return "after reply" if replied else "saved, no reply"


def report(name: str, platform: str, trials: list[Trial]) -> None:
    outcomes = Counter(t.outcome for t in trials)
    outcomes.update({"lost": 0, "shifted": 0})  # printed even when none
    moments = Counter(t.killed for t in trials)
    acknowledged = sum(t.acknowledged for t in trials)
    redelivered = sum(t.redeliveries > 0 for t in trials)
    retyped = sum(t.retyped for t in trials)
    print(
        f"{name:10} {platform:6} trials {len(trials):3}  acknowledged before the kill "
        f"{acknowledged:3}  redelivered {redelivered:3} (typed again first {retyped})  "
        + "  ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
        + "\n"
        + " " * 18
        + "killed: "
        + ", ".join(f"{k} {v}" for k, v in sorted(moments.items()))
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=40, help="per platform and database")
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    timeout = aiohttp.ClientTimeout(total=30)
    async with (
        fake_platforms() as (slack, connector),
        databases() as found,
        aiohttp.ClientSession(timeout=timeout) as session,
    ):
        for name, url in found:
            server = Server(url, slack)
            await server.start(session)
            try:
                db = Reader(url)
                slack_trials = [
                    await slack_trial(session, server, slack, db, n, rng)
                    for n in range(args.trials)
                ]
                report(name, "slack", slack_trials)
                teams_trials = [
                    await teams_trial(session, server, connector, db, n, rng)
                    for n in range(args.trials)
                ]
                report(name, "teams", teams_trials)
            finally:
                await server.stop()


if __name__ == "__main__":
    asyncio.run(main())
