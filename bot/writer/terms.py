"""Names of tools, products, certifications, schools and places, written as their owners write
them: "kubernetes" -> "Kubernetes", "penn state" -> "Penn State", "cisco ccna" -> "Cisco CCNA".

The curated list is bot/writer/data/terms.txt (one term per line, grouped by field). It
leaves out every name that is also an ordinary word ("go", "rust", "slack", "excel",
"word"), since capitalising those would damage normal text. Only text typed in lower
case is changed; a term the user capitalised differently is kept as they wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path

from bot.writer.spelling import is_rare_word

TERMS_FILE = Path(__file__).resolve().parent / "data" / "terms.txt"


def read_terms(path: Path = TERMS_FILE) -> dict[str, str]:
    """{lower-case form: written form} from a terms file; headings start with "#"."""
    terms: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        term = line.strip()
        if term and not term.startswith("#"):
            terms[term.lower()] = term
    return terms


@cache
def tools() -> frozenset[str]:
    """The software, data and analytics terms (lower case): skills one talks about ("SQL",
    "AWS"), unlike credentials one holds ("CPR", "CDA")."""
    found, section = set(), ""
    for line in TERMS_FILE.read_text(encoding="utf-8").splitlines():
        term = line.strip()
        if term.startswith("#"):
            section = term.lstrip("# ").lower()
        elif term and section in ("software and it", "data and analytics"):
            found.add(term.lower())
    return frozenset(found)


@cache
def known_terms() -> Mapping[str, str]:
    """The curated terms, with the plurals of acronyms ("kpis" -> "KPIs", "ctes" -> "CTEs")."""
    terms = read_terms()
    plurals = {
        f"{key}s": f"{term}s"
        for key, term in terms.items()
        if term.isalpha() and term.isupper() and len(term) > 1 and f"{key}s" not in terms
    }
    # ...unless the plural is itself a word ("saps", "sass").
    plurals = {key: term for key, term in plurals.items() if is_rare_word(key)}
    return {**plurals, **terms}


@lru_cache(maxsize=256)
def _pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(r"(?<![\w@.#+-])(" + alternatives + r")(?![\w@#+]|\.\w)")


@cache
def _known_pattern() -> re.Pattern[str]:
    return _pattern(tuple(known_terms()))


def write_terms_properly(text: str, extra: Mapping[str, str] | None = None) -> str:
    """`text` with each known term typed in lower case written as its owner writes it.

    `extra` maps more lower-case forms to their written form: names the user gave and
    words they capitalised elsewhere in the interview.
    """
    terms = known_terms()
    text = _known_pattern().sub(lambda m: terms[m.group(1)], text)
    text = _names_of_places(_employers_in_context(_ambiguous_in_context(text)))
    if extra:
        text = _pattern(tuple(sorted(extra))).sub(lambda m: extra[m.group(1)], text)
    return text


def _listed(words: str) -> tuple[str, ...]:
    return tuple(words.split())


# Names that are ordinary words too: written as names only where a name is meant, next to
# another known term in a list ("go and postgres") or after "years of" / "in" / "with".
AMBIGUOUS = {
    w.lower(): w
    for w in _listed(
        """Go Rust Swift React Excel Spark Ruby Java Word Access Slack Outlook Teams
    Epic Canvas Square Angular Ember Express Flask Jest Julia Dart Elixir Scheme Oracle
    Target Snowflake Airflow Looker Confluence"""
    )
}
_AMBIGUOUS = re.compile(r"(?<![\w-])(" + "|".join(AMBIGUOUS) + r")(?![\w-])")
_GLUE = r"(?:,\s*|\s+and\s+|\s+or\s+|\s*/\s*|\s+&\s+)"
_AFTER_OF = re.compile(r"(?:\byears? of|\bin|\bwith|\busing|\bknow|\blearning)\s+$")
_ENDS_ITEM = re.compile(r"^\s*(?:[,.;/)]|$|and\b|or\b|with\b)")
# A tool is meant when one of these follows: "go services", "excel macros".
_TOOL_NOUNS = re.compile(
    r"^\s+(?:services?|microservices|developers?|engineers?|code|codebase|programming|"
    r"backend|apps?|applications?|scripts?|macros|formulas|spreadsheets?|sheets|"
    r"dashboards?|components?|hooks|channels?|workspace|modules?|libraries|stack)\b"
)
_WHOLE_ITEM = re.compile(r"(?:^|\n|[-•*]\s*)$")


@cache
def _neighbours() -> tuple[re.Pattern[str], re.Pattern[str]]:
    known = "|".join(re.escape(t) for t in _written_forms())
    return re.compile(rf"(?:{known}){_GLUE}$"), re.compile(rf"^{_GLUE}(?:{known})(?![\w])")


def _ambiguous_in_context(text: str) -> str:
    """ "go and Postgres", "6 years of go", "proficient in excel": the name is meant."""
    before_known, after_known = _neighbours()

    def written(match: re.Match[str]) -> str:
        before, after = text[: match.start()], text[match.end() :]
        named = (
            (_AFTER_OF.search(before) and _ENDS_ITEM.match(after))
            or (
                re.search(r"\b(?:know|learning|using|in)\s+$", before)
                and match.group(1) in ("excel", "word", "outlook", "access")
            )
            or before_known.search(before)
            or after_known.match(after)
            or _TOOL_NOUNS.match(after)
            or (_WHOLE_ITEM.search(before) and re.match(r"^\s*(?:,|\n|$)", after))
            or (match.group(1) == "excel" and _excel_is_the_name(before, after))
        )
        return AMBIGUOUS[match.group(1)] if named else match.group(1)

    return _AMBIGUOUS.sub(written, text)


# Employers whose names are ordinary words: a name only where someone works there.
_EMPLOYERS = {
    w.lower(): w for w in _listed("UPS Target Quest Chase Subway Gap Staples Ross Express Apple")
}
_EMPLOYER = re.compile(r"(?<![\w-])(" + "|".join(_EMPLOYERS) + r")(?![\w-])")


def _employers_in_context(text: str) -> str:
    def written(match: re.Match[str]) -> str:
        before, after = text[: match.start()], text[match.end() :]
        return _EMPLOYERS[match.group(1)] if _works_there(before, after) else match.group(1)

    return _EMPLOYER.sub(written, text)


_AT_A_PLACE = re.compile(
    r"\b(at|from|joined|left)\s+([a-z][a-z'’]{2,})(?=\s*(?:[.,;:!?)]|$|\b(?:for|as|since|"
    r"in|during|and|until|before|after|last|this|now|too)\b))"
)


def _names_of_places(text: str) -> str:
    """ "worked at kaiser for 2 years", "a nurse at ochsner": a word nobody uses but as a
    name, where a workplace stands, is that name ("Kaiser"); an ordinary word stays."""
    from bot.writer.chat import is_chat_word
    from bot.writer.spelling import is_rare_word

    def named(match: re.Match[str]) -> str:
        word = match.group(2)
        # "at laundromats", "at closing": things and doings, not a name
        plural = word.endswith(("s", "ing"))
        if plural or not is_rare_word(word) or is_chat_word(word) or "'" in word or "’" in word:
            return match.group()
        return f"{match.group(1)} {word[0].upper()}{word[1:]}"

    return _AT_A_PLACE.sub(named, text)


def _works_there(before: str, after: str) -> bool:
    """ "i drove for ups", "40 draws a day at quest", "a teller at chase since 2019"."""
    return bool(
        re.search(r"\b(?:at|for|with|from|joined|left)\s+$", before, flags=re.IGNORECASE)
        and re.match(
            r"^\s*(?:[,.;:!?)]|$|(?:for|as|during|in|and|since|until|before|after|"
            r"last|this|now|too|full|part)\b)",
            after,
        )
    )


def _excel_is_the_name(before: str, after: str) -> bool:
    """ "about excel and pivot tables", "good w excel": the verb "excel" follows its
    subject, "to" or a modal and is followed by "at" or "in" ("I excel at ...")."""
    verb_before = re.search(
        r"\b(?:i|we|you|they|he|she|to|can|could|will|would|should|always|really|truly|"
        r"also|and)\s+$",
        before,
        flags=re.IGNORECASE,
    )
    return not verb_before and not re.match(r"^\s+(?:at|in|as)\b", after)


@cache
def _written_forms() -> tuple[str, ...]:
    return tuple(sorted({*known_terms().values(), *AMBIGUOUS.values()}, key=len, reverse=True))


def is_known_term(word: str) -> bool:
    return word.lower() in known_terms()
