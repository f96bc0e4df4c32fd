"""Stage 5 of the writer, shapes: each piece of an answer in the shape its frames take.

A piece's kind (bot/writer/kinds.py) and the answer it belongs to decide its shape
(bot/writer/said.py):

- a deed is the candidate's ("led the migration" -> "I led the migration."), except a
  deed in the present tense in what the interview stressed or why the candidate wants the
  job, which is the employer's practice ("hire from within" -> the clause "you hire from
  within", for "I was glad to hear that {}.");
- a trait is "I am ...", a description of the candidate "I am a ..." ("nursing student
  at Dominican, 3.6 GPA" -> "I am a nursing student at Dominican with a 3.6 GPA."),
  experience "I have ...";
- a topic goes into topic frames; a plain opinion of the job typed as a noun phrase
  ("good team") becomes the clause it means ("the team is good");
- a question typed back becomes its indirect form, a topic ("how do you keep drivers on
  schedule" -> "how I keep drivers on schedule");
- what the interviewer said, in the interest answer ("you said the store opens in
  March"), becomes the clause it reports ("the store opens in March"): that answer says
  why the candidate wants the job;
- a clause whose subject is neither the candidate nor the reader, opening what the
  interview stressed, is a clause for "You mentioned that {}.";
- anything else is kept as typed, as a sentence, and the writer is not sure of it.
"""

from __future__ import annotations

import re

from bot.writer.kinds import (
    EXPERIENCE,
    EXPERIENCE_AFTER,
    PERSON_NOUNS,
    TRAITS,
    Kind,
    adjective_phrase,
    description,
    is_trait,
    kind_of,
    practice,
    reported,
)
from bot.writer.questions import indirect
from bot.writer.said import Part, Shape
from bot.writer.terms import is_known_term
from bot.writer.text import (
    bare_word,
    capitalise_first,
    end_sentence,
    join_list,
    strip_end,
    word_set,
)
from bot.writer.verbs import ing_form

# What employers do, typed as a bare verb phrase in why the candidate wants the job.
_EMPLOYER_VERBS = word_set(
    """hire promote offer pay provide cover reimburse train invest support value let allow
    give match encourage fund treat prioritize prioritise care develop mentor close"""
)
_TRAIT_ENDINGS = word_set("""certified licensed qualified trained registered""")
# Words that open a phrase adding detail to what came before: ", including 2 as chief".
_ELABORATIONS = word_set("""including especially mostly mainly such like plus""")
# Answers about the employer and the interview, where a present-tense deed is theirs.
ABOUT_EMPLOYER = frozenset({"highlights", "interest", "detail"})
# Answers about the candidate, where a description of a person is the candidate.
ABOUT_CANDIDATE = frozenset({"qualifications", "advantage", "strengthen"})
# Opinions typed as a bare noun phrase ("good team", "great benefits"): the clause they mean.
_OPINIONS = word_set(
    """good great nice strong friendly supportive flexible small big fast fun collaborative
    competitive amazing awesome excellent solid welcoming fair generous stable steady
    short easy clear decent cool positive diverse close tight-knit"""
)
# Praise that says no more than "I liked it" ("good team"), unlike "stable hours".
_VAGUE_PRAISE = word_set("good great nice amazing awesome cool excellent solid decent fun positive")
_PLURAL_ENDINGS = ("s",)


def _agree(noun: str) -> str:
    """ "is" or "are" for a noun phrase's head ("benefits are", "team is")."""
    head = bare_word(noun.split()[-1])
    plural = head.endswith(_PLURAL_ENDINGS) and not head.endswith(("ss", "us", "is"))
    return "are" if plural or head in ("people", "staff", "hours") else "is"


# "accessibility, way more than the posting": what the interview stressed, and against what.
_MORE_THAN_POSTING = re.compile(
    r"^(?P<topic>[^,]+?),?\s+(?P<degree>(?:far|much|a lot|even)\s+)?more than (?:the |what the )?"
    r"(?P<what>(?:job )?(?:posting|description|ad|listing|post|job description))"
    r"(?:\s+(?P<verb>did|said|says|mentioned|suggested|let on|made it sound|implied))?$",
    flags=re.IGNORECASE,
)
# "renewals, more than new leases": one thing stressed over another.
_MORE_THAN = re.compile(
    r"^(?P<topic>[^,]+?),\s+(?P<degree>(?:far|much|a lot|even)\s+)?more than (?P<other>[^,]+)$",
    flags=re.IGNORECASE,
)


def emphasized(body: str) -> str | None:
    """ "accessibility, far more than the posting" -> "You emphasized accessibility far more
    than the posting did." (the question asked what the interview stressed, perhaps more
    than the posting did); None when the piece says something else."""
    match = _MORE_THAN_POSTING.match(body.strip())
    if not match:
        other = _MORE_THAN.match(body.strip())
        if not other or kind_of(other.group("topic")) is not Kind.TOPIC:
            return None
        if kind_of(other.group("other")) is not Kind.TOPIC:
            return None
        degree = (other.group("degree") or "").strip()
        degree = "far " if degree == "a lot" else f"{degree} " if degree else ""
        topic = other.group("topic").strip()
        return f"You emphasized {topic} {degree}more than {other.group('other').strip()}."
    if kind_of(match.group("topic")) is not Kind.TOPIC:
        return None
    degree = (match.group("degree") or "").strip()
    degree = "far " if degree == "a lot" else f"{degree} " if degree else ""
    verb = match.group("verb") or "did"
    topic = match.group("topic").strip(" ,")
    topic = topic[0].lower() + topic[1:] if topic[:1].isupper() and topic[1:2].islower() else topic
    return f"You emphasized {topic} {degree}more than the {match.group('what')} {verb}."


def gerund(phrase: str) -> str | None:
    """ "farm one neighborhood and mail them" -> "farming one neighborhood and mailing
    them": a verb phrase as the noun phrase a frame takes; None if a verb is unknown."""
    words = phrase.split()
    out = []
    for index, word in enumerate(words):
        at_start = index == 0 or bare_word(words[index - 1]) in ("and", "or", "then")
        if at_start and practice([word]):
            out.append(ing_form(bare_word(word)) + word[len(bare_word(word)) :])
        else:
            out.append(word)
    return " ".join(out) if out and out[0] != words[0] else None


def opinion_clause(words: list[str]) -> str | None:
    """ "good team" -> "the team is good"; "good shop good people" -> "the shop and the
    people are good"; None when the words are not such an opinion."""
    if len(words) not in (2, 4) or bare_word(words[0]) not in _OPINIONS:
        return None  # "good team", "good shop good people"; not "small group instruction"
    pairs: list[tuple[str, list[str]]] = []
    for word in [bare_word(w) for w in words]:
        if word in _OPINIONS and (not pairs or pairs[-1][1]):
            pairs.append((word, []))
        elif pairs and re.fullmatch(r"[a-z][a-z-]*", word):
            pairs[-1][1].append(word)
        else:
            return None
    if any(len(nouns) != 1 for _, nouns in pairs):
        return None
    if len({adjective for adjective, _ in pairs}) == 1:
        nouns = [" ".join(n) for _, n in pairs]
        verb = "are" if len(nouns) > 1 else _agree(nouns[0])
        return f"{join_list([f'the {n}' for n in nouns])} {verb} {pairs[0][0]}"
    return " and that ".join(f"the {' '.join(n)} {_agree(' '.join(n))} {a}" for a, n in pairs)


def article(phrase: str) -> str:
    """ "a" or "an" before `phrase`: "an RN", "a CNA", "an hour", "a union"."""
    first = phrase.split()[0] if phrase.split() else ""
    vowel = re.match(r"(?i)[aeio]|u(?!ni|s[eu])|h(?:our|onou?r)|\d*8|11|18", first)
    if first.isupper() and len(first) > 1:  # "an RN", "a CNA"
        vowel = re.match(r"[AEFHILMNORSX]", first)
    return "an" if vowel else "a"


def _listy(body: str, clause: str) -> tuple[str, ...]:
    """A description that strings several things together ("licensed PTA 2 years
    outpatient ortho and about 12 patients a day") reads as a list, not a sentence."""
    if body.count(" and ") > 1 or (
        re.search(r"\d", body)
        and not re.search(r"\b\d+(?:\.\d+)? (?:GPA|years?)\b|since \w+ \w+ \d+", body)
    ):
        return (f"unclear: {clause}",)
    return ()


def lower(text: str) -> str:
    """A deed's verb or a trait's adjective after "I" / "I am": "Mentored" -> "mentored"."""
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower() and not is_known_term(first):
        return text[0].lower() + text[1:]
    return text


def deed(body: str, also: bool) -> str:
    return capitalise_first(
        end_sentence(in_conversation(f"I {'also ' if also else ''}{lower(body)}"))
    )


# "python mattered most": the question's words, which need their setting in a note.
_MATTERED_MOST = re.compile(
    r"\b(mattered|matters|seemed to matter|was|were) (?:the )?most(?: important| relevant)?$",
    flags=re.IGNORECASE,
)


def in_conversation(sentence: str) -> str:
    """ "My month-end close experience mattered most" says to whom: "... in our conversation"."""
    bare = strip_end(sentence)
    if _MATTERED_MOST.search(bare):
        return bare + " in our conversation"
    return sentence


_BILINGUAL = re.compile(r"\bbilingual\s*\(?\s*([A-Za-z]+)\s*/\s*([A-Za-z]+)\s*\)?", re.I)


def _bilingual(body: str) -> str:
    """ "bilingual Arabic/English" -> "bilingual in Arabic and English"; "bilingual
    Spanish" -> "bilingual in Spanish"."""
    body = _BILINGUAL.sub(lambda m: f"bilingual in {m.group(1)} and {m.group(2)}", body)
    return re.sub(r"\bbilingual (?=[A-Z][a-z]+\b)", "bilingual in ", body)


def trait(body: str, also: bool) -> str:
    traits = [t.strip() for t in re.split(r",\s*", body) if t.strip()]
    # "forklift, reach truck and order picker certified": the items before the last share
    # its ending, one list ("I am forklift, reach truck and order picker certified.").
    for at in range(1, len(traits)):
        last = traits[at].split()
        if (
            " and " in traits[at]
            and bare_word(last[-1]) in _TRAIT_ENDINGS
            and all(not is_trait(t.split()) and len(t.split()) <= 3 for t in traits[:at])
        ):
            traits = [", ".join(traits[: at + 1]), *traits[at + 1 :]]
            break
    if len(traits) > 1 and any(" and " in t for t in traits):  # "licensed in A and B, X certified"
        return " ".join(trait(t, also and i == 0) for i, t in enumerate(traits))
    if len(traits) > 1 and all(is_trait(t.split()) for t in traits):
        body = join_list([lower(t) for t in traits])
    return end_sentence(f"I am {'also ' if also else ''}{lower(body)}")


def described(body: str, also: bool) -> str:
    """ "nursing student at Dominican, 3.6 GPA" -> "I am a nursing student at Dominican with
    a 3.6 GPA."; "former marine" -> "I am a former marine." """
    head, *more = [p.strip() for p in re.split(r",\s*", body) if p.strip()]
    head = lower(head)
    if bare_word(head.split()[0]) not in ("a", "an", "the", "my"):
        head = f"{article(head)} {head}"
    extras = []
    for extra in more:
        if re.match(r"^[\d.]+\s+(?:years?|months?)$", extra):  # "30 years"
            extras.append(f"with {extra} of experience")
        elif re.match(r"^[\d.]+\s+\w+$", extra):  # "3.6 GPA"
            extras.append(f"with {article(extra)} {extra}")
        else:
            extras.append(lower(extra))
    text = head + (" " + join_list(extras) if extras and extras[0].startswith("with") else "")
    if extras and not extras[0].startswith("with"):
        text = join_list([head, *extras])
    # "registered nurse for 5 years": a span takes the present perfect
    span = r"\bfor (?:\d+|a|two|three|four|five|six|many|several) (?:years?|months?)\b"
    be = "have been" if re.search(span, head) else "am"
    return end_sentence(f"I {'also ' if also else ''}{be} {text}")


def experience(body: str, also: bool) -> str:
    """ "6 years of Go" -> "I have 6 years of Go experience"; "5 years in retail" ->
    "I have 5 years of experience in retail"."""
    after = EXPERIENCE_AFTER.match(body)
    if after and not EXPERIENCE.match(body):
        body = f"{after.group('n')} {after.group('unit')} of {after.group('rest')}"
    match = EXPERIENCE.match(body)
    if not match:
        return end_sentence(f"I {'also ' if also else ''}have {body}")
    number, unit, rest = match.group("n"), match.group("unit").lower(), match.group("rest")
    number = number if number[:1].isdigit() else number.lower()  # "Three years" mid-sentence
    have = f"I {'also ' if also else ''}have {number} {unit}"
    if bare_word(rest.split()[0]) in ("total", "combined", "overall") and len(rest.split()) > 1:
        have, rest = f"{have} in total", rest.split(" ", 1)[1]  # "7 yrs total in government"
    first = bare_word(rest.split()[0])
    schooling = r"^(?:(?:at|in|of)\s+)?(?:[\w-]+\s+){0,2}(?:school|college|university|academy)\b"
    if re.match(schooling, rest, re.IGNORECASE):
        # "1 yr at trade school": schooling completed, no experience
        done = f"I {'also ' if also else ''}have completed {number} {unit}"
        return end_sentence(
            f"{done} {rest}" if first in ("at", "in", "of") else f"{done} of {rest}"
        )
    if first in ("in", "at", "as", "with", "on", "across") or first.endswith("ing"):
        return end_sentence(f"{have} of experience {rest}")
    person = rest.split()[-1] if rest.split() else ""
    if len(rest.split()) <= 3 and bare_word(person) in PERSON_NOUNS and not is_known_term(person):
        # "Mechanic for 9 years" -> "9 years of experience as a mechanic"
        role = lower(rest)
        return end_sentence(f"{have} of experience as {article(role)} {role}")
    head = re.match(r"^(\S+(?: \S+){0,2}?) (at|in|for|with|on) (.+)$", rest)
    if head and not rest.lower().endswith(("experience", "background")):
        return end_sentence(f"{have} of {head.group(1)} experience {head.group(2)} {head.group(3)}")
    if rest.lower().endswith(("experience", "background")):
        return end_sentence(f"{have} of {rest}")
    return end_sentence(f"{have} of {rest} experience")


def shape_of(
    kind: Kind,
    clause: str,
    *,
    answer: str,
    also: bool,
    first: bool,
    company: str,
    stage: str | None = None,
) -> Part:
    """The part a piece of `kind` becomes in `answer` (see the module docstring)."""
    words = clause.split()
    if len(words) > 1 and bare_word(words[0]) in ("also", "plus"):  # "also 6 yrs of go"
        also, words = True, words[1:]
    step = ""
    sequence = bare_word(words[0]) in ("then", "next", "finally", "first")
    if len(words) > 1 and sequence and kind in (Kind.DEED, Kind.SENTENCE):
        step, words = words[0].lower(), words[1:]  # "then talk to them": "Then I would ..."
    if len(words) > 1 and bare_word(words[0]) in ("and", "but") and kind is Kind.SENTENCE:
        words = words[1:]  # a sentence of its own does not open with "And"
    body = " ".join(words)
    part = _shape(
        kind,
        clause,
        body,
        words,
        answer=answer,
        also=also,
        first=first,
        company=company,
        stage=stage,
    )
    if step and part.shape is Shape.SENTENCE:
        text = part.text
        part = Part(
            part.shape,
            f"{step.capitalize()} {text[0].lower()}{text[1:]}"
            if not text.startswith("I ")
            else f"{step.capitalize()} {text}",
            part.doubts,
        )
    return part


def _shape(
    kind: Kind,
    clause: str,
    body: str,
    words: list[str],
    *,
    answer: str,
    also: bool,
    first: bool,
    company: str,
    stage: str | None,
) -> Part:
    if kind is Kind.TOPIC and answer == "next_step":
        return Part(Shape.TOPIC, _determined(body))
    if answer in ABOUT_EMPLOYER and (reported_clause := _that_clause(body)):
        # "that they want someone bilingual": a clause, for "You mentioned that {}."
        return Part(Shape.CLAUSE, reported_clause)
    if kind is Kind.TOPIC:
        opinion = opinion_clause(body.split()) if answer in ABOUT_EMPLOYER else None
        if opinion:
            # "good team" -> "the team is good": in "I was excited to hear that {}" an
            # opinion reads as news; the candidate is asked for the reason behind it.
            vague = bare_word(body.split()[0]) in _VAGUE_PRAISE
            doubts = (f"an opinion, not a reason: {clause}",) if vague else ()
            return Part(Shape.CLAUSE, opinion, doubts)
        if answer in ABOUT_CANDIDATE and description(body.split()):
            return Part(
                Shape.SENTENCE, capitalise_first(described(body, also)), _listy(body, clause)
            )
        return Part(Shape.TOPIC, body)
    if kind is Kind.QUESTION:
        turned = indirect(body)
        if turned is None:
            return Part(
                Shape.SENTENCE,
                capitalise_first(end_sentence(body + "?")),
                (f"a question: {clause}",),
            )
        return Part(Shape.TOPIC, turned)
    if answer == "highlights" and (stressed := emphasized(body)):
        return Part(Shape.SENTENCE, stressed)
    if kind is Kind.DEED and stage == "informational" and practice(body.split()):
        if answer == "highlights":  # the advice: "get licensed first" -> "getting licensed first"
            advice = gerund(body)
            if advice:
                return Part(Shape.TOPIC, advice)
        if answer == "interest":  # what the candidate will do with it
            return Part(Shape.SENTENCE, deed(f"will {lower(body)}", also))
    if kind is Kind.DEED:
        if answer == "interest" and practice(body.split()):
            # "hire from within" is the employer's; "grow the wine program" may be the
            # candidate's wish: the writer is sure only of what employers do.
            verb = bare_word(body.split()[0])
            doubts = () if verb in _EMPLOYER_VERBS else (f"whose deed: {clause}",)
            return Part(Shape.CLAUSE, f"you {lower(body)}", doubts)
        if answer == "strengthen" and practice(body.split()):  # what they would do now
            return Part(Shape.SENTENCE, deed(f"would {lower(body)}", also))
        return Part(Shape.SENTENCE, deed(body, also))
    if kind is Kind.TRAIT and answer in ABOUT_CANDIDATE and description(body.split()):
        return Part(Shape.SENTENCE, capitalise_first(described(body, also)), _listy(body, clause))
    if kind is Kind.TRAIT:
        written = capitalise_first(trait(_bilingual(body), also))
        # "fluent in Spanish, open availability": what the last part says is unclear.
        trailing = any(
            kind_of(item) is Kind.TOPIC and bare_word(item.split()[0]) not in _ELABORATIONS
            for item in body.split(", ")[1:]
        )
        unsure: tuple[str, ...] = (f"unclear: {clause}",) if trailing else _listy(body, clause)
        if len(body.split()) == 1 and bare_word(body) in _TRAIT_ENDINGS:
            unsure = (f"certified in what: {clause}",)  # "certified" alone says too little
        return Part(Shape.SENTENCE, written, unsure)
    if kind is Kind.EXPERIENCE:
        had = capitalise_first(experience(body, also))
        rest = re.sub(r"^.*?\b(?:years?|months?)\b", "", body)
        odd = (
            re.search(r"\b(?:no|never|not|clean|then)\b", body)
            or re.search(r",\s+(?!(?:including|especially|mostly|mainly|mostly in|all)\b)", body)
            or (len(rest.split()) > 5 and not re.search(r"\b(?:in|at|as|with|on|for|of)\b", rest))
            or (not EXPERIENCE.match(body) and not EXPERIENCE_AFTER.match(body))
        )
        return Part(Shape.SENTENCE, had, (f"unclear: {clause}",) if odd else ())
    if kind is Kind.ADJECTIVE:
        if answer in ABOUT_EMPLOYER and company:
            said = f"{company} is {lower(body)}"
            head, _, rest = body.partition(" and ")
            if rest and not adjective_phrase(rest.split()):
                # "close to home and good benefits": the second part is no description
                opinion = opinion_clause(rest.split())
                if opinion is None:
                    return Part(Shape.CLAUSE, said, (f"unclear: {clause}",))
                said = f"{company} is {lower(head)} and {opinion}"
                vague = bare_word(rest.split()[0]) in _VAGUE_PRAISE
                doubts = (f"an opinion, not a reason: {clause}",) if vague else ()
                return Part(Shape.CLAUSE, said, doubts)
            return Part(Shape.CLAUSE, said)
        if answer in ABOUT_CANDIDATE:
            return Part(Shape.SENTENCE, capitalise_first(trait(body, also)))
        return Part(Shape.SENTENCE, capitalise_first(end_sentence(clause)), (f"unclear: {clause}",))
    if kind is Kind.SENTENCE and answer == "highlights" and (about := _INTERVIEW_ABOUT.match(body)):
        # "the interview was mostly about excel and pivot tables": the topic is what it says
        return Part(Shape.TOPIC, about.group("topic"))
    if kind is Kind.SENTENCE:
        report = reported(clause) if answer == "interest" else None
        if report:
            return Part(Shape.CLAUSE, report)
        if answer in ABOUT_EMPLOYER and _own_view(words):
            # "the hub opening next spring sounds exciting": the candidate's own view, as
            # typed; never "I was excited to hear that ... sounds exciting".
            return Part(Shape.SENTENCE, capitalise_first(end_sentence(body)))
        if answer == "interest" and stage != "informational" and _about_the_employer(words):
            # "the team is adding a second CMM": a fact, which says why only in a frame
            # such as "I was especially excited to hear that {}."
            clause_text = body[0].lower() + body[1:] if _lowerable(words[0]) else body
            doubts = (f"an opinion, not a reason: {clause}",) if _praise_only(words) else ()
            return Part(Shape.CLAUSE, clause_text, doubts)
        if answer == "highlights" and first and _other_subject(words):
            return Part(Shape.CLAUSE, body)
        if len(words) > 2 and words[0] == "I" and bare_word(words[1]) in TRAITS:
            # "I thrilled about the clinic": the verb was left out; the writer supplies it.
            supplied = "I am " + " ".join(words[1:])
            return Part(Shape.SENTENCE, end_sentence(supplied), (f"supplied a verb: {clause}",))
        return Part(Shape.SENTENCE, capitalise_first(end_sentence(in_conversation(body))))
    return Part(Shape.SENTENCE, capitalise_first(end_sentence(clause)), (f"unclear: {clause}",))


# The first words of a subject that is someone else's ("the crew", "your nurses").
_DETERMINED = word_set("""the a an their your this these those its his her every each""")


def _other_subject(words: list[str]) -> bool:
    """ "the crew really values safety walks": a clause about someone else, for a frame
    such as "You mentioned that {}." (not "I ran ...", "the team asked ...", nor a
    sentence that goes on about the candidate: "the head coach was out so we talked")."""
    lowered = [bare_word(w) for w in words]
    if lowered[0] not in _DETERMINED or lowered[:2] in (["the", "team"], ["the", "panel"]):
        return False
    if len(lowered) > 1 and lowered[1] in _THE_INTERVIEW:
        return False  # "the interview went well": no one mentioned that
    if any(w in _PERSONAL for w in lowered) or any(w in _INTERVIEW_VERBS for w in lowered[1:4]):
        return False
    return kind_of(" ".join(words)) is Kind.SENTENCE


# What the interview was about, typed as a sentence about the interview itself.
_INTERVIEW_ABOUT = re.compile(
    r"^(?:the|our|my)?\s*(?:interview|conversation|call|meeting|discussion|questions?|it|"
    r"most of (?:it|the (?:interview|call|questions)))\s+(?:was|were|is|went|focused|centered|"
    r"revolved|stayed)\s+(?:mostly|mainly|all|really|pretty much|a lot|largely)?\s*"
    r"(?:about|on|around)\s+(?P<topic>\S.*)$",
    flags=re.IGNORECASE,
)


def _that_clause(body: str) -> str | None:
    """ "that you want someone bilingual" -> "you want someone bilingual"; None when what
    follows "that" is no clause ("that new wing")."""
    words = body.split()
    if len(words) < 3 or bare_word(words[0]) != "that":
        return None
    rest = " ".join(words[1:])
    return rest if kind_of(rest) is Kind.SENTENCE else None


def _praise_only(words: list[str]) -> bool:
    """ "it is a great company", "the people are really nice": a clause that says only
    that something is good, which "I was excited to hear that {}" reads as news."""
    lowered = [bare_word(w) for w in words]
    said = " ".join(lowered)
    if re.search(r"\b(?:known|famous|well known|recognized) for\b|\breputation\b", said):
        return True  # "you are known for great customer service": what everyone knows
    for index, word in enumerate(lowered):
        if word in ("is", "are", "was", "were", "seems", "seem", "'s", "has", "have"):
            rest = [w for w in lowered[index + 1 :] if w not in _PRAISE_FILLERS]
            # "is great", "is a great company", "has a great reputation in the community"
            short = len(rest) <= 3 or (word in ("has", "have") and len(rest) <= 5)
            return bool(rest) and rest[0] in _VAGUE_PRAISE and short
    return False


_PRAISE_FILLERS = word_set("a an so really very such super pretty just")
_THE_INTERVIEW = word_set("interview interviews conversation call meeting questions question")
_VIEW_VERBS = word_set("sounds seems looks feels sounded seemed looked felt seem sound look")


def _own_view(words: list[str]) -> bool:
    """ "the new hub sounds exciting", "the team seemed really close": how the candidate
    sees it (a verb of seeming), which no "I was glad to hear that" can frame."""
    lowered = [bare_word(w) for w in words]
    return any(w in _VIEW_VERBS for w in lowered[1:]) and lowered[0] not in ("i", "we")


def _about_the_employer(words: list[str]) -> bool:
    """A clause whose subject is the employer, the team or the work, not the candidate:
    "the team is adding a second CMM", "you're launching a wholesale line"."""
    lowered = [bare_word(w) for w in words]
    if lowered[0] in _NOT_A_SUBJECT:
        return False
    if any(w in ("i", "i'm", "i've", "i'd", "i'll", "me", "my") for w in lowered):
        return False  # "... and I want to cross train": the candidate's own reason
    if any(w in _REPORTING for w in lowered):
        return False  # "the VP said they ...": said in their own words, not heard
    return kind_of(" ".join(words)) is Kind.SENTENCE


_NOT_A_SUBJECT = word_set(
    """i i'm i've i'd i'll my me that's that it's not just and but also so very really
    sounds seems smaller bigger"""
)
_REPORTING = word_set("""said says mentioned explained told tells described shared""")


def _determined(phrase: str) -> str:
    """ "hiring manager call next week" -> "the hiring manager call next week": the step
    the recruiter named, with the article a careful writer gives it; so is each later step
    ("..., then a mock call and panel" -> "... and a panel")."""
    head, sep, rest = phrase.partition(", then ")
    if sep:
        return f"{_determined(head)}, then {_later_steps(rest)}"
    return _first_determined(phrase)


def _later_steps(steps: str) -> str:
    """ "a mock discovery call and panel" -> "a mock discovery call and a panel"."""
    items = steps.split(" and ")
    if len(items) < 2 or not items[0].split() or bare_word(items[0].split()[0]) not in ("a", "an"):
        return steps
    fixed = [items[0]]
    for item in items[1:]:
        words = item.split()
        if len(words) <= 2 and words and bare_word(words[-1]) in _STEP_NOUNS:
            item = f"{article(item)} {item}"
        fixed.append(item)
    return " and ".join(fixed)


_STEP_NOUNS = word_set(
    """panel interview call test assessment screen screening check presentation tour
    shadow visit meeting demo exercise"""
)


def _first_determined(phrase: str) -> str:
    from bot.writer.tagger import tag

    first = phrase.split()[0] if phrase.split() else ""
    bare = bare_word(first)
    tags = tag(phrase)
    # "hiring manager call", "typing test": a gerund naming a kind of noun; "shadowing a
    # nurse", "onboarding next week" are steps of their own.
    compound = (
        len(tags) > 1
        and bare.endswith("ing")
        and tags[0][1] in ("VBG", "NN")
        and tags[1][1] in ("NN", "NNS")
    )
    if (
        not bare
        or not tags
        or (tags[0][1] not in ("NN", "JJ", "NNP") and not compound)
        or bare in ("the", "a", "an", "my", "your", "our", "their", "his", "her", "another")
        or bare.endswith("s")
        or (bare.endswith("ing") and not compound)
        or (first[:1].isupper() and not first.isupper())
        or first[:1].isdigit()
    ):
        return phrase
    return f"the {phrase}"


def _lowerable(word: str) -> bool:
    """The first word of a clause put mid-sentence loses its capital unless it is a name."""
    return (
        word[:1].isupper()
        and word[1:].islower()
        and word.lower()
        in (
            "the",
            "a",
            "an",
            "you",
            "you're",
            "your",
            "they",
            "they're",
            "their",
            "it",
            "its",
            "there",
            "this",
            "these",
            "most",
            "every",
            "each",
            "all",
            "some",
            "our",
        )
    )


_PERSONAL = word_set("""i we you me us my our your i'm we're you're so because""")
_INTERVIEW_VERBS = word_set(
    """asked stressed emphasized emphasised said mentioned wanted kept focused talked told
    spent pushed"""
)


__all__ = ["adjective_phrase", "shape_of"]
