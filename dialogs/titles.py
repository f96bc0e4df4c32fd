"""Job titles typed after a name without a comma: "jordan kim eng mgr" is Jordan Kim,
Eng Mgr.

People list their interviewers the way they chat, and a title often follows the name
with no comma. A run of title words at the end of an entry (at least one of them a word
that names a job, not only a qualifier such as "senior" or "product") is split off as
the title. Where the split could be wrong, because the name would be a single word or
the run starts with a word that is also a surname ("Lead", "Eng"), the interview asks
("Is 'Eng Mgr' Jordan's title?") instead of deciding; otherwise it says what it did in
its next message. The coach's greeting check uses the same words to notice a title left
inside a name.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.text import capitalise_name


def _listed(words: str) -> list[str]:
    return words.split()


# Words that name a job or a function: one of them makes a run of words a title. The
# value is how a title writes the word when it is not simply capitalised.
ROLE_WORDS: dict[str, str] = {
    **dict.fromkeys(
        _listed(
            """manager mgr director dir recruiter recruiting engineer eng engr lead head vp
        president officer supervisor coordinator specialist analyst associate consultant
        partner principal founder cofounder chief chair chairman chairwoman chairperson
        administrator admin executive exec architect designer developer scientist
        researcher nurse physician surgeon doctor dean provost superintendent principal
        teacher professor instructor counselor counsellor attorney counsel paralegal
        accountant controller treasurer auditor underwriter actuary owner operator
        foreman forewoman superintendent planner buyer merchandiser editor producer
        strategist advisor adviser generalist sourcer steward"""
        ),
        "",
    ),
    "hr": "HR",
    "vp": "VP",
    "svp": "SVP",
    "evp": "EVP",
    "avp": "AVP",
    "ceo": "CEO",
    "cto": "CTO",
    "cfo": "CFO",
    "coo": "COO",
    "cmo": "CMO",
    "cio": "CIO",
    "ciso": "CISO",
    "cpo": "CPO",
    "cno": "CNO",
    "cro": "CRO",
    "gm": "GM",
    "pm": "PM",
    "tpm": "TPM",
    "em": "EM",
    "rn": "RN",
    "np": "NP",
    "md": "MD",
    "ta": "TA",
    "hrbp": "HRBP",
}
# Words that qualify a title but name no job on their own ("senior", "product").
QUALIFIER_WORDS: dict[str, str] = {
    **dict.fromkeys(
        _listed(
            """senior junior staff assistant associate deputy acting interim regional area
        district national global general managing executive principal lead chief head
        hiring talent acquisition people product program project engineering software
        data marketing sales operations ops finance financial account accounts customer
        success support service services design brand content growth business technical
        tech nursing clinical medical patient care quality safety security legal
        compliance risk research store shop warehouse logistics supply chain plant site
        field team department division group of and the for"""
        ),
        "",
    ),
    "sr": "Sr.",
    "jr": "Jr.",
    "it": "IT",
    "qa": "QA",
    "ux": "UX",
    "ui": "UI",
    "r&d": "R&D",
}
# Title words that are also surnames or given names: a run starting with one is asked
# about rather than split ("Dana Lead" may be her name).
NAME_LIKE = frozenset(
    _listed("lead head chief dean partner admin buyer chair steward foreman principal nurse")
)
# Words a title run may not start with (they join the words around them).
_JOINERS = frozenset({"of", "and", "the", "for"})


@dataclass(frozen=True)
class TitleSplit:
    name: str
    title: str
    sure: bool


def _bare(word: str) -> str:
    return word.lower().strip(".,")


def is_title_word(word: str) -> bool:
    bare = _bare(word)
    return bare in ROLE_WORDS or bare in QUALIFIER_WORDS


def names_a_job(word: str) -> bool:
    """A word that names a job on its own: "mgr", "recruiter", "VP"."""
    return _bare(word) in ROLE_WORDS


def _written(word: str) -> str:
    bare = _bare(word)
    spelt = ROLE_WORDS.get(bare) or QUALIFIER_WORDS.get(bare)
    return spelt or capitalise_name(word.lower())


def written_title(words: list[str]) -> str:
    """A title run written as a title: "eng mgr" -> "Eng Mgr", "vp of hr" -> "VP of HR"."""
    return " ".join(
        word.lower() if index and _bare(word) in _JOINERS else _written(word)
        for index, word in enumerate(words)
    )


def split_title(entry: str) -> TitleSplit | None:
    """The title at the end of a name typed without a comma, if there is one."""
    words = entry.split()
    start = len(words)
    while start > 1 and is_title_word(words[start - 1]):
        start -= 1
    while start < len(words) and _bare(words[start]) in _JOINERS:
        start += 1
    run = words[start:]
    if not run or not any(names_a_job(word) for word in run):
        return None
    name = " ".join(words[:start])
    sure = start >= 2 and _bare(run[0]) not in NAME_LIKE
    return TitleSplit(name=name, title=written_title(run), sure=sure)


def title_in_name(name: str) -> str | None:
    """A job word left inside a name ("Jordan Kim Eng Mgr": "Mgr"), for the greeting
    check; None when the name has none."""
    words = name.split()
    for word in words[1:]:
        bare = _bare(word)
        if bare in ROLE_WORDS and bare not in NAME_LIKE:
            return word
    return None
