"""Possible typos in the candidate's own answers, offered as "did you mean", never fixed.

pyspellchecker ships its English word list, so this works offline. A word is only a
suspect when it is a plain lower-case word of four letters or more that the dictionary
does not know, that is not a name the user gave (people, company, role, e-mail), and for
which the dictionary has a close spelling (one edit away). Names the dictionary does not
know usually have no such neighbour; trade words it does not know are listed below.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spellchecker import SpellChecker

from bot.writer.text import word_set

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


def _candidates(text: str) -> list[str]:
    """Plain lower-case words of `text` (hyphenated ones in parts): no e-mail, URL,
    digits or capitals inside; a capital that only starts a sentence is ignored."""
    words = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n", _NOT_WORDS.sub(" ", text)):
        for index, match in enumerate(_WORD.finditer(sentence)):
            word = match.group().replace("’", "'")
            if index == 0 and word[:1].isupper() and word[1:].islower():
                word = word.lower()
            if word.islower() and "'" not in word and len(word) >= MIN_LETTERS:
                words.append(word)
    return words


def find_typos(
    answers: Iterable[tuple[str, str]], names: Iterable[str], limit: int = 3
) -> list[Typo]:
    """Up to `limit` suspect words in (answer name, text) pairs, each with a suggestion.

    `names` are texts whose words are never suspects (people, company, role, e-mail).
    """
    spared = {w.lower() for name in names for w in re.findall(r"[\w'’-]+", name)}
    checker = _checker()
    found: list[Typo] = []
    seen: set[str] = set()
    for answer, text in answers:
        for word in _candidates(text):
            if word in seen or word in spared or word in _TRADE_WORDS:
                continue
            seen.add(word)
            if checker.known([word]) or (word.endswith("s") and checker.known([word[:-1]])):
                continue
            suggestion = checker.correction(word)
            if suggestion and suggestion != word:
                found.append(Typo(word, suggestion, answer))
                if len(found) == limit:
                    return found
    return found
