"""Possible typos in the candidate's own answers, offered as "did you mean", never fixed.

pyspellchecker ships its English word list, so this works offline. A word is only a
suspect when it is a plain lower-case word of four letters or more, as the candidate
typed it (a capital or a digit means they meant it: "Kafka", "S3"), typed only once in
the interview (the same spelling twice is deliberate: "sortation"), still in the notes
as composed (the writer may have dropped or fixed it: "theyre"), not a name the user
gave (people, company, role, e-mail), not a word of a trade (data/vocabulary.txt, with
its inflections, and the words below), unknown to the dictionary, and one edit away
from a word it knows. Names the dictionary does not know usually have no such neighbour.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spellchecker import SpellChecker

from bot.writer.text import word_set

VOCABULARY_FILE = Path(__file__).resolve().parent / "data" / "vocabulary.txt"

# Workplace and technical words the dictionary lacks or would "correct" (sql -> sol).
_TRADE_WORDS = word_set(
    """api apis etl elt saas paas iaas crm erp seo sem kpi kpis okr okrs roi b2b b2c ux ui
    qa ci cd ml ai llm llms nlp sql nosql jira figma postgres postgresql mysql devops
    devsecops mlops fintech edtech healthtech insurtech proptech covid onboarding
    offboarding runbook runbooks frontend backend fullstack microservice microservices
    javascript typescript nodejs kubernetes docker terraform ansible github gitlab
    bitbucket tableau looker dbt snowflake airflow databricks redshift bigquery hubspot
    salesforce zendesk intercom shopify wordpress photoshop figjam canva analytics
    dashboards dashboarding workflow workflows stakeholder stakeholders upskilling
    reskilling cross-functional scrum kanban agile sprint sprints standup standups
    roadmap roadmaps onsite offsite hybrid telehealth ehr emr webinar webinars ebook
    podcast podcasts influencer influencers rebrand rebranding omnichannel ecommerce
    e-commerce chatbot chatbots"""
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]|[A-Za-z]")
_NOT_WORDS = re.compile(r"\S+@\S+|\b(?:https?://|www\.)\S+|\S*\d\S*")
MIN_LETTERS = 4
# Endings a trade word takes ("triage" -> "triaged", "cobot" -> "cobots"), and what the
# word ended with before them.
_INFLECTIONS = (
    ("ies", "y"),
    ("ied", "y"),
    ("ing", ""),
    ("ing", "e"),
    ("ers", ""),
    ("er", ""),
    ("es", ""),
    ("ed", ""),
    ("ed", "e"),
    ("s", ""),
    ("d", ""),
)


@cache
def vocabulary() -> frozenset[str]:
    """The trade words of data/vocabulary.txt (one a line, `#` starts a heading)."""
    lines = VOCABULARY_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        word for line in lines if (word := line.strip().lower()) and not word.startswith("#")
    )


def is_trade_word(word: str) -> bool:
    """A job or industry word, or one of its inflections: "sortation", "triaged"."""
    words = vocabulary()
    if word in words or word in _TRADE_WORDS:
        return True
    for ending, before in _INFLECTIONS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            forms = {stem + before}
            if len(stem) > 3 and stem[-1] == stem[-2]:  # "kitted" from "kit"
                forms.add(stem[:-1])
            if forms & words or forms & _TRADE_WORDS:
                return True
    return False


@dataclass(frozen=True)
class Typo:
    word: str
    suggestion: str
    answer: str  # which answer it is in ("qualifications", ...)


@cache
def _checker() -> SpellChecker:
    checker = SpellChecker(distance=1)
    checker.word_frequency.load_words(sorted(_TRADE_WORDS))
    return checker


# Above this count in the dictionary's frequency list a word is ordinary English ("coach",
# "code"); below RARE it is a name or a term ("Kafka", "Priya", "CNA").
COMMON = 10_000
RARE = 1_000


def frequency(word: str) -> int:
    return int(_checker().word_frequency[word.lower()])


def is_common_word(word: str) -> bool:
    return frequency(word) >= COMMON


def is_rare_word(word: str) -> bool:
    return frequency(word) < RARE


def warm_up() -> None:
    """Load the dictionary now (about 0.4 s) rather than on some user's first review."""
    _checker()


def _words_typed(text: str) -> list[str]:
    """Every word of `text` as typed (hyphenated ones in parts), without e-mail
    addresses, URLs and words with digits."""
    return [m.group().replace("’", "'") for m in _WORD.finditer(_NOT_WORDS.sub(" ", text))]


def _candidates(text: str) -> list[str]:
    """The plain lower-case words of `text`: a word with a capital is meant as typed."""
    return [
        word
        for word in _words_typed(text)
        if word.islower() and "'" not in word and len(word) >= MIN_LETTERS
    ]


def find_typos(
    answers: Iterable[tuple[str, str]],
    names: Iterable[str],
    written: str | None = None,
    limit: int = 3,
) -> list[Typo]:
    """Up to `limit` suspect words in (answer name, text) pairs, each with a suggestion.

    `names` are texts whose words are never suspects (people, company, role, e-mail);
    `written`, the notes as composed: a word no longer in them is not a suspect.
    """
    answers = list(answers)
    spared = {w.lower() for name in names for w in re.findall(r"[\w'’-]+", name)}
    typed = Counter(word for _, text in answers for word in _words_typed(text))
    kept = None if written is None else {w.lower() for w in _words_typed(written)}
    checker = _checker()
    found: list[Typo] = []
    seen: set[str] = set()
    for answer, text in answers:
        for word in _candidates(text):
            if word in seen or word in spared or typed[word] > 1 or is_trade_word(word):
                continue
            seen.add(word)
            if kept is not None and word not in kept:
                continue
            if checker.known([word]) or (word.endswith("s") and checker.known([word[:-1]])):
                continue
            suggestion = checker.correction(word)
            if suggestion and suggestion != word:
                found.append(Typo(word, suggestion, answer))
                if len(found) == limit:
                    return found
    return found
