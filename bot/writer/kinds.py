"""Rule 4, what a piece of an answer is, so that it only goes into a frame written for it.

- a **sentence** has its own subject and verb ("Tom was really into the rewrite");
- a **deed** is something done, with no subject ("led the migration"): "I" is added;
- a **trait** describes the candidate ("fluent in Spanish", "CPR certified"): "I am";
- an **experience** is a length of time at something ("6 yrs of go"): "I have ...";
- a **topic** is what was talked about: a noun phrase, a gerund or a how/what/whether
  clause ("data governance", "how I'd measure onboarding"), fit for "our conversation
  about ...";
- anything else is **unclear** (a clause that leans on another: "because the new
  program ..."): the writer keeps it as typed and asks the candidate.

Verb forms come from lemminflect's tables (bot/writer/verbs.py); the word lists below
cover what a lemma table cannot tell, such as "advanced Excel" (an adjective) against
"automated the reports" (a deed).
"""

from __future__ import annotations

import enum
import re
from functools import lru_cache

from bot.writer.questions import is_direct_question
from bot.writer.text import bare_word, word_set
from bot.writer.verbs import inflection, is_adjective, verb_lemmas


class Kind(enum.StrEnum):
    SENTENCE = "sentence"
    DEED = "deed"
    TRAIT = "trait"
    EXPERIENCE = "experience"
    TOPIC = "topic"
    QUESTION = "question"  # typed back as heard: "how do you keep drivers on schedule"
    ADJECTIVE = "adjective"  # an adjective phrase with no subject: "family owned"
    UNCLEAR = "unclear"


DETERMINERS = word_set("a an the my our your their his her its this that these those")
SUBJECT_PRONOUNS = word_set(
    "i i'm i've i'd i'll we we're we've we'd we'll you you're you've they they're they've"
    " he she he's she's it it's there there's that's this everyone everybody nobody"
)
_AUX_AND_COMMON_VERBS = word_set(
    """is are was were am has have had will would can could should shall may might must
    did does made makes make led leads ran runs built builds grew grows cut won wrote
    taught drove sold kept brought began became took gave saw found held met spoke chose
    oversaw undertook rewrote spent sent stood felt thought knew got helps helped shows
    means seems excites excite appeals matters fits aligns resonates stands gets gives
    love loves want wants enjoy enjoys speak speaks sounds sound looks feels isn't let lets
    wasn't aren't weren't doesn't don't didn't won't can't couldn't"""
)
# Present-tense verbs that open a deed ("manage a team of 5", "love the mission").
_PRESENT_DEEDS = word_set(
    """manage oversee coordinate develop analyze analyse create maintain teach write speak
    mentor lead run build love enjoy want appreciate admire value believe know
    supervise train handle tutor bake have am was will plan hope intend hold bring
    work"""
)
# -ed words that are adjectives before a noun ("advanced Excel", "detailed reports").
_ED_ADJECTIVES = word_set(
    """experienced skilled certified qualified licensed interested motivated dedicated
    detailed organized organised talented seasoned advanced accomplished committed
    self-motivated red bed need speed seed feed shed hundred based related varied
    proficient united oriented excited thrilled impressed inspired surprised pleased
    automated distributed embedded integrated advanced applied lived proven mixed
    earned"""
)
# Words that open a self-description ("fluent in Spanish", "excited about the clinic").
TRAITS = word_set(
    """experienced skilled certified qualified licensed registered fluent proficient
    bilingual trilingual multilingual passionate organized organised detail-oriented
    motivated self-motivated dedicated comfortable familiar adept well-versed
    knowledgeable eager adaptable reliable analytical hardworking hard-working curious
    excited thrilled impressed inspired interested keen happy glad grateful drawn
    available able ready confident calm patient flexible creative energetic ordained
    admitted bonded insured good great strong solid fast quick comfortable"""
)
_DEED_ADVERBS = word_set("never always also successfully personally single-handedly recently")
# Words that open a step of a sequence, or add one: the piece is what follows.
_SEQUENCE = word_set("also then first next finally afterwards")
_PREPOSITIONS = word_set("about of in on for with to at by from into onto over under than like")
_WH_WORDS = word_set("how what why whether where which who whom")
_POSSESSIVES = word_set("my our your their his her its")
_TRAIT_ENDINGS = word_set("certified licensed qualified trained registered accredited")
_TRAIT_FOLLOWERS = word_set("in at with on to about and by for under")
_LEADING_ADVERBS = word_set("really very so especially also truly quite highly pretty")
_SUBORDINATORS = word_set(
    "because since although though when if while unless whereas as after before until once"
)
_RELATIVE_MARKERS = word_set("that which who whom whose")
_CLAUSE_JOINERS = word_set("and but so then because when while since as")
_NUMBER_WORDS = word_set("one two three four five six seven eight nine ten eleven twelve")
# "charge nurse 2 yrs": the length of time typed after what it was spent on.
EXPERIENCE_AFTER = re.compile(
    r"^(?P<rest>[^\d,;]+?(?<!\bin)(?<!\bwithin)(?<!\babout)(?<!\bafter)(?<!\bby)(?<!\bover)"
    r"(?<!\bnext)(?<!\blast)(?<!\bago))\s+(?:for\s+)?(?P<n>\d+(?:\.\d+)?\+?)\s*"
    r"(?P<unit>years?|months?)$",
    flags=re.IGNORECASE,
)
EXPERIENCE = re.compile(
    r"^(?P<n>(?:\d+(?:\.\d+)?\+?|about \d+|over \d+|" + "|".join(_NUMBER_WORDS) + r"))"
    r"\s*(?P<unit>years?|months?)\s+(?:of\s+)?(?P<rest>.+)$",
    flags=re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def past_tense(word: str, *, same_as_base: bool = True) -> bool:
    """ "managed", "led", "cut": a past-tense form of a verb. With `same_as_base` False,
    forms that are also the base ("cut", "cost", "set") do not count."""
    for lemma in verb_lemmas(word):
        if word in inflection(lemma, "VBD") and (same_as_base or word != lemma):
            return True
    return False


_SPANS = word_set("years year months month weeks week days day yrs yr hours")


def opens_deed(words: list[str]) -> bool:
    """A piece that begins with something done: "led the migration", "cut costs 20%"."""
    if len(words) < 2:
        return False
    first, after = bare_word(words[0]), bare_word(words[1])
    if first in _DEED_ADVERBS:  # "never missed a deadline", "successfully launched"
        return opens_deed(words[1:])
    if first in _PRESENT_DEEDS:
        return True
    if not past_tense(first):
        return _base_verb_phrase(words)
    if first in _ED_ADJECTIVES or is_adjective(first):
        # "automated the reports" is a deed; "advanced excel" is a skill; "managed social
        # media for 3 restaurants" a deed again, by what it was done for.
        later = [bare_word(w) for w in words[2:]]
        padded = [*later, "", ""]
        done_for = any(
            word in ("for", "at", "across", "with", "from", "by")
            and (padded[i + 1][:1].isdigit() or padded[i + 1] in DETERMINERS)
            and padded[i + 2] not in _SPANS  # "registered nurse for 5 years": a description
            for i, word in enumerate(later)
        )
        return (
            after in DETERMINERS
            or after[:1] in "0123456789$£€"
            or after in ("over", "all")
            or done_for
        )
    return True


# Verbs that open what an employer does, whatever follows ("offer tuition reimbursement").
_PRACTICE_VERBS = word_set("offer provide cover reimburse hire promote fund match")
# Words the verb tables list as verbs that open a piece as something else.
_NOT_VERBS = word_set("over under out up down off back around through past near like")
_PHRASE_STARTS = word_set(
    """from within with the a an our their your my its people us me them you everyone
    back up out off in on to into around over through weekly daily well early fast
    more less all every each both whatever what how"""
)


def _base_verb_phrase(words: list[str]) -> bool:
    """ "hire from within", "promote from within", "give back": a verb's base form, then
    what a verb takes, as the tagger reads it too ("design reviews" is a noun phrase)."""
    first = bare_word(words[0])
    if first in _PREPOSITIONS or first in _NOT_VERBS:
        return False
    if first not in [lemma.lower() for lemma in verb_lemmas(first)]:
        return False
    second = bare_word(words[1])
    if second[:1].isdigit() or second in _NUMBER_WORDS:
        return True  # "farm one neighborhood", "get 2+ years of ICU"
    if first in _PRACTICE_VERBS or (first == "pay" and second in ("for", "well", "weekly")):
        return True  # "offer tuition reimbursement", "hire from within", "pay for ..."
    if first in ("close", "near", "next") and second in ("to", "by"):
        return False  # "close to home": where, not what is done
    if second in ("and", "or") and len(words) > 3:  # "design and code my own sites"
        third = bare_word(words[2])
        if third in [lemma.lower() for lemma in verb_lemmas(third)]:
            return bare_word(words[3]) in _PHRASE_STARTS
    if second not in _PHRASE_STARTS:
        return False
    if second in DETERMINERS or second in ("them", "me", "us", "everyone", "people"):
        return True  # "document the refusal", "comfort the child": a verb and its object
    from bot.writer.tagger import tag

    tagged = tag(" ".join(words[:3]))
    return bool(tagged) and tagged[0][1] in ("VB", "VBP")


def _is_verb(words: list[str], i: int) -> bool:
    """Whether words[i] looks like the finite verb of a main clause."""
    word = bare_word(words[i])
    prev = bare_word(words[i - 1]) if i else ""
    before = bare_word(words[i - 2]) if i > 1 else ""
    nxt = bare_word(words[i + 1]) if i + 1 < len(words) else ""
    past = word not in _ED_ADJECTIVES and (
        (word.endswith("ed") and len(word) > 4) or past_tense(word, same_as_base=False)
    )
    if word == "may" and words[i][:1] == "M" and prev in _BEFORE_A_MONTH:
        return False  # "the store opening in May": the month, no modal
    if not (word in _AUX_AND_COMMON_VERBS or past):
        return _present_verb(words, i)
    if _relative_clause(words, i):
        return False
    if prev in _PREPOSITIONS and past:  # "about shared governance"
        return False
    if prev in _RELATIVE_MARKERS or prev == "to" or (past and (nxt == "by" or prev in DETERMINERS)):
        return False
    if prev in ("how", "what", "why", "whether", "where", "who") and i == 1:
        return False
    # "the audit I ran" is a noun phrase; "at Northwind I cut costs" is a clause.
    relative = bare_word(words[0]) in DETERMINERS
    return not (prev in SUBJECT_PRONOUNS and before and before not in _CLAUSE_JOINERS and relative)


_BEFORE_A_MONTH = word_set("in by since until from early late mid next last of through")
_VERB_ADVERBS = word_set(
    """really also always usually often still actually definitely truly clearly just
    genuinely specifically mainly mostly already now even never rarely constantly"""
)
_OBJECT_STARTS = DETERMINERS | word_set(
    "to in on with from for about at its their his her every each all no some more less"
)


def _present_verb(words: list[str], i: int) -> bool:
    """ "the crew really values safety walks", "the store opens a second location", "nurses
    write the protocols": a verb in the present tense, which the tables above leave out.
    A word is one after an adverb ("really values"), or after a noun and before what a
    verb takes (a determiner, a preposition, a number), where the tagger reads it so."""
    word = bare_word(words[i])
    lemmas = verb_lemmas(word)
    if not lemmas or i == 0:
        return False
    third = any(word in inflection(lemma, "VBZ") for lemma in lemmas)
    base = word in [lemma.lower() for lemma in lemmas]
    if not (third or base):
        return False
    prev = bare_word(words[i - 1])
    if prev in _VERB_ADVERBS and i > 1 and bare_word(words[i - 2]) not in _PREPOSITIONS:
        return True
    if prev.endswith(("'s", "’s")) or prev in _POSSESSIVES:
        return False  # "your firm's focus on": a noun after a possessive
    nxt_word = bare_word(words[i + 1]) if i + 1 < len(words) else ""
    if base and prev.endswith("s") and len(prev) >= 3 and nxt_word in ("to", "into", "up", "on"):
        return True  # "PEs move to PM", "nurses sign up"
    nxt = bare_word(words[i + 1]) if i + 1 < len(words) else ""
    if not nxt or prev in DETERMINERS or prev in _PREPOSITIONS or prev in _RELATIVE_MARKERS:
        return False
    if prev.endswith(("'s", "’s")) or prev in _POSSESSIVES:
        return False  # "your firm's focus on": a noun after a possessive
    plural_before = prev.endswith("s") and not prev.endswith("ss")
    if base and not third and not plural_before:
        return False  # "the product launch in": a singular subject takes "launches"
    determined = bare_word(words[0]) in DETERMINERS and third
    if determined and not prev.endswith("s") and i >= 2 and nxt:
        return True  # "the crew values near miss reports": a singular noun, then its verb
    if not (
        determined
        or nxt in _OBJECT_STARTS
        or nxt[:1].isdigit()
        or nxt in ("up", "out", "off", "down")
    ):
        return False
    from bot.writer.tagger import tag

    tagged = tag(" ".join(words))
    return i < len(tagged) and tagged[i][0].lower() == word and tagged[i][1] in ("VBZ", "VBP", "VB")


def _relative_clause(words: list[str], i: int) -> bool:
    """ "the way you talked", "the work your firm does": a verb inside a noun phrase."""
    if bare_word(words[0]) not in DETERMINERS or i < 2:
        return False
    prev, before = bare_word(words[i - 1]), bare_word(words[i - 2])
    if prev in ("you", "she", "he", "they", "we", "i") and before not in _CLAUSE_JOINERS:
        return True
    if i > 2 and before in DETERMINERS:  # "the new DC the team is opening": a 2nd noun phrase
        return True
    return i >= 3 and before in _POSSESSIVES and bare_word(words[i - 3]) not in _CLAUSE_JOINERS


def _is_unmarked_contraction(words: list[str]) -> bool:
    """ "its a great team", "im excited", "theres a lot": a clause typed without apostrophes."""
    first = bare_word(words[0])
    after = bare_word(words[1]) if len(words) > 1 else ""
    return first in ("im", "ive", "theres", "thats") or (
        first == "its" and after in ("a", "an", "the", "so", "very", "really", "such", "been")
    )


def is_trait(words: list[str]) -> bool:
    """ "fluent in Spanish", "bilingual, detail oriented", "CPR certified"."""
    while words and bare_word(words[0]) in _LEADING_ADVERBS:
        words = words[1:]
    if not words:
        return False
    first = bare_word(words[0])
    after = bare_word(words[1]) if len(words) > 1 else ""
    opens_aside = words[1].startswith("(") if len(words) > 1 else False
    if first in ("bilingual", "trilingual", "multilingual"):
        return True
    if first in TRAITS and (
        words[0].endswith(",") or not after or after in _TRAIT_FOLLOWERS or opens_aside
    ):
        return True
    if len(words) > 1 and bare_word(words[1]) in _TRAIT_ENDINGS:  # "board certified in X"
        return len(words) == 2 or bare_word(words[2]) in _TRAIT_FOLLOWERS
    return len(words) <= 6 and bare_word(words[-1]) in _TRAIT_ENDINGS


# Words that open a subordinate clause: a verb after one is not the main clause's.
_CLAUSE_OPENERS = word_set(
    "how what why when whenever where wherever whether if because since while although unless"
)


def has_main_clause(words: list[str]) -> bool:
    """Whether a verb of a main clause follows the first word ("ratios and how I'd manage
    6 patients" has none: its verbs are in the how-clause)."""
    inside = False  # in a subordinate clause, which runs to the next comma
    for index in range(1, len(words)):
        if bare_word(words[index]) in _CLAUSE_OPENERS:
            inside = True
        elif not inside and _is_verb(words, index):
            return True
        if words[index].endswith((",", ";")):
            inside = False
    return False


def kind_of(piece: str) -> Kind:
    """What `piece` (one clause or phrase of an answer, chat forms written out) is."""
    words = piece.split()
    if not words:
        return Kind.TOPIC
    first = bare_word(words[0])
    if first in _SEQUENCE and len(words) > 1:  # "also 6 yrs of go", "then talk to them"
        return kind_of(" ".join(words[1:]))
    if is_direct_question(words):
        return Kind.QUESTION
    if first in SUBJECT_PRONOUNS or _is_unmarked_contraction(words):
        return Kind.SENTENCE
    if first in _WH_WORDS:  # "how I'd measure onboarding": a topic (questions end in "?")
        return Kind.TOPIC
    if EXPERIENCE.match(piece) or (
        EXPERIENCE_AFTER.match(piece) and not has_main_clause(words) and not opens_deed(words)
    ):
        return Kind.EXPERIENCE
    if is_trait(words):
        return Kind.TRAIT
    if opens_deed(words):
        return Kind.DEED
    if first in _SUBORDINATORS:
        later_subject = any(
            bare_word(w) in ("i", "we")
            and (bare_word(words[i + 1]) in _AUX_AND_COMMON_VERBS or past_tense(words[i + 1]))
            for i, w in enumerate(words[2:-1], start=2)
        )
        if later_subject:  # "after the interview I sketched ..."
            return Kind.SENTENCE
        rest = piece.split(",", 1)
        if len(rest) == 2 and rest[1].split() and kind_of(rest[1].strip()) is Kind.SENTENCE:
            return Kind.SENTENCE
        return Kind.UNCLEAR
    if adjective_phrase(words):  # "family owned": "owned" is no main verb here
        return Kind.ADJECTIVE
    if has_main_clause(words):
        return Kind.UNCLEAR if _fragment_before_clause(words) else Kind.SENTENCE
    return Kind.TOPIC


def _fragment_before_clause(words: list[str]) -> bool:
    """ "former EMT so I speak the language": a phrase with no verb, then "so I ..."."""
    first = next(i for i in range(1, len(words)) if _is_verb(words, i))
    return (
        first >= 3
        and bare_word(words[first - 1]) in SUBJECT_PRONOUNS
        and bare_word(words[first - 2]) in ("so", "and", "but")
        and bare_word(words[0]) not in DETERMINERS
        and not words[0][:1].isupper()
    )


# -- what a piece says about whom ----------------------------------------------------------

# Compound adjectives people type about a workplace: "family owned", "fast paced".
_COMPOUND_ENDINGS = word_set(
    """owned paced driven oriented focused run based minded friendly centered centred
    operated funded sized"""
)
# Adjectives that open a phrase about a place or a job: "close to home", "walking distance".
_PLACE_ADJECTIVES = word_set(
    """close near nearby local remote hybrid flexible walkable unionized unionised
    nonprofit non-profit independent"""
)


def adjective_phrase(words: list[str]) -> bool:
    """ "family owned", "fast-paced", "close to home": a description with no subject."""
    if not words or len(words) > 6:
        return False
    bare = [bare_word(w) for w in words]
    if len(bare) == 2 and bare[1] in _COMPOUND_ENDINGS:
        return True
    if "-" in bare[0] and bare[0].rsplit("-", 1)[1] in _COMPOUND_ENDINGS:
        return len(bare) == 1  # "data-driven planning" is a noun phrase
    return bare[0] in _PLACE_ADJECTIVES and (len(bare) == 1 or bare[1] in ("to", "from", "by"))


# Nouns for a person, heading a description of the candidate ("nursing student at ...").
PERSON_NOUNS = word_set(
    """student graduate grad veteran vet marine soldier sailor airman nurse rn lpn cna emt
    paramedic teacher tutor coach mom dad mother father parent engineer developer
    designer analyst accountant cpa manager supervisor lead assistant technician tech
    electrician plumber carpenter welder mechanic driver chef cook server bartender
    barista cashier clerk intern apprentice volunteer speaker native mentor trainer
    therapist pharmacist paralegal attorney lawyer officer dispatcher scientist
    researcher writer editor photographer artist musician athlete captain founder owner
    consultant specialist coordinator director hygienist aide caregiver counselor
    counsellor major minor learner self-starter communicator leader player worker
    problem-solver solver fixer organizer organiser person speaker notary mls cvt rdh
    emt cpa pmp journeyman journeywoman"""
)
_DESCRIPTION_OPENERS = word_set("former ex ex- retired certified licensed registered")


def description(words: list[str]) -> bool:
    """A noun phrase that describes a person, the candidate: "nursing student at Dominican",
    "former marine", "bilingual CNA", "2nd year pharmacy student"."""
    if not words or len(words) > 12:
        return False
    head_part = " ".join(words).split(",")[0].split()
    cut = next(
        (i for i, w in enumerate(head_part) if bare_word(w) in _PREPOSITIONS | {"who", "with"}),
        len(head_part),
    )
    head = [bare_word(w) for w in head_part[:cut]]
    if not head or head[0] in DETERMINERS - {"a", "an"}:
        return False
    if head[-1] in PERSON_NOUNS:
        return True
    if len(head) > 2 and head[-2] in _TRAIT_ENDINGS:  # "ASCP certified MLS"
        return True
    return head[0] in _DESCRIPTION_OPENERS and len(head) > 1


# Verbs of wanting or liking: a present-tense deed with one is the candidate's own.
_CANDIDATE_VERBS = word_set(
    """want wanna love like enjoy hope need prefer appreciate admire miss aim plan
    look think believe feel know see"""
)


def practice(words: list[str]) -> bool:
    """A present-tense verb phrase that states what the employer does: "hire from within",
    "promote from within", "offer tuition reimbursement" (not "want to grow", "love the
    mission", which are the candidate's)."""
    if not words:
        return False
    first = bare_word(words[0])
    if first in _DEED_ADVERBS and len(words) > 1:
        first = bare_word(words[1])
    if first in _CANDIDATE_VERBS or past_tense(first, same_as_base=False):
        return False
    return first in [lemma.lower() for lemma in verb_lemmas(first)]


_REPORT = re.compile(
    r"^(?:you|they|the team|she|he|(?:the|your|my) \w+(?: \w+)?|"
    r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})"
    r"\s+(?:also\s+)?(?:said|says|mentioned|told me|explained|shared|noted|pointed out|"
    r"talked about how|were saying|was saying|let me know)\s+(?:that\s+)?(?P<clause>.+)$",
)


def reported(clause: str) -> str | None:
    """ "you said the store opens a second location in March" -> "the store opens a second
    location in March": what the interviewer said, as a clause (None if not a report)."""
    text = clause.strip()
    match = _REPORT.match(
        text[0].lower() + text[1:] if text[:2].lower() in ("yo", "th", "sh", "he") else text
    )
    if not match:
        return None
    said = match.group("clause")
    if not (has_main_clause(said.split()) or kind_of(said) is Kind.SENTENCE):
        return None
    if re.search(r",\s+(?:and|but|so|since|because|which)\b", said):
        return None  # a sentence of the candidate's own goes on after the report
    # "the VP said they have 2 hospitals": "they" is the employer the VP spoke for.
    return re.sub(r"^they(?=\b|['’])", "you", said, flags=re.IGNORECASE)
