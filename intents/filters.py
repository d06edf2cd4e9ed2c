"""Which careers fit a condition: pay above or below an amount, how much school they take, who
they work with. Read from the student's words; computed from the knowledge base, never listed by
hand, so a new career or a new figure changes the answer by itself."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.knowledge import KnowledgeBase
from bot.knowledge.models import LEVELS, Career

# "over 100k", "more than $60,000", "at least 80 thousand", "under 50k", "over 5000 a month"
_AMOUNT = (
    r"\$?\s*(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?P<unit>k\b|grand\b|thousand\b)?"
    r"(?:\s*(?P<per>a month|per month|monthly|a year|per year|yearly|annually|an hour|per hour"
    r"|hourly|/hr|/hour)\b)?(?P<counted>\s+(?:students|kids|people|openings|jobs|hours|"
    r"employees|workers|words|miles|followers|schools)\b)?"
)
_ABOVE = r"over|above|more than|at least|greater than|higher than|past|[>]|minimum of"
_BELOW = r"under|below|less than|at most|lower than|[<]|max(?:imum)? of"
_PAY_BOUND = re.compile(
    rf"(?P<dir>{_ABOVE}|{_BELOW})\s*(?:like\s+|about\s+|around\s+)?"
    rf"(?:{_AMOUNT}|(?P<six>six[\s-]figures?))",
    re.IGNORECASE,
)
_SIX_FIGURES = re.compile(r"\bsix[\s-]figures?\b", re.IGNORECASE)
_BELOW_WORDS = re.compile(rf"^(?:{_BELOW})$", re.IGNORECASE)
_SMALLEST_SALARY = 10_000  # "over 2000" without a "k" is a count, not a year's pay

_LEVEL_WORDS = {
    "doctorate": r"phd|ph\.d|doctorate|doctoral|doctor's degree",
    "master's degree": r"master'?s|masters|grad(?:uate)? (?:school|degree)",
    "bachelor's degree": r"bachelor'?s|bachelors|(?:4|four)[\s-]year (?:college )?degree",
    "associate's degree": r"associate'?s|associates|(?:2|two)[\s-]year (?:college )?degree",
}
_LEVEL = {
    level: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for level, words in _LEVEL_WORDS.items()
}
# Less than a level: "without a master's", "don't need grad school", "no phd".
_NOT = (
    r"(?:without|no|w/o|skip(?:ping)?|(?:don'?t|do not|doesn'?t|does not|not|never) "
    r"(?:need|require|want|have|get|go to|going to)(?: to (?:go to|get|do|attend|finish))?"
    r"|(?:nothing|none|no jobs?|not anything) (?:that |which )?(?:needs?|requires?))"
)
_NOT_LEVEL = {
    level: re.compile(rf"\b{_NOT}\s+(?:a\s+|an\s+|any\s+)?(?:{words})\b", re.IGNORECASE)
    for level, words in _LEVEL_WORDS.items()
}
# No degree at all: "without a degree", "don't need college", "skip college".
_NO_DEGREE = re.compile(
    rf"\b{_NOT}\s+(?:a\s+|an\s+|any\s+)?(?:(?:4|four)[\s-]year\s+)?(?:college\s+)?"
    r"(?:degree|college|university|uni)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CareerFilter:
    """What the student asked the careers to meet; ``None`` fields are not asked."""

    min_pay: float | None = None
    max_pay: float | None = None
    below_level: int | None = None  # less school than this level (an index of LEVELS)
    level: int | None = None  # exactly this much school
    audiences: tuple[str, ...] = ()  # interest ids of the people worked with ("kids")

    def matches(self, career: Career) -> bool:
        pay = career.pay.median_annual
        if self.min_pay is not None and (pay is None or pay <= self.min_pay):
            return False
        if self.max_pay is not None and (pay is None or pay >= self.max_pay):
            return False
        level = career.education.level
        if self.below_level is not None and (level is None or level >= self.below_level):
            return False
        if self.level is not None and level != self.level:
            return False
        return not self.audiences or bool(set(self.audiences) & set(career.interests))

    @property
    def about_pay(self) -> bool:
        return self.min_pay is not None or self.max_pay is not None

    @property
    def about_school(self) -> bool:
        return self.below_level is not None or self.level is not None


def read_filter(
    text: str,
    kb: KnowledgeBase | None,
    tokens: tuple[str, ...] = (),
    audiences_alone: bool = False,
) -> CareerFilter | None:
    """The conditions a message puts on careers, or None when it puts none. Who the careers
    work with counts alone only when ``audiences_alone`` (a list was asked for: "which jobs
    work with teenagers"); otherwise it is what "which job fits me?" answers."""
    min_pay = max_pay = None
    for m in _PAY_BOUND.finditer(text):
        amount = 100_000.0 if m["six"] else _amount(m)
        if amount is None:
            continue
        if _BELOW_WORDS.match(m["dir"]):
            max_pay = amount
        else:
            min_pay = amount
    if min_pay is None and max_pay is None and _SIX_FIGURES.search(text):
        min_pay = 100_000.0  # "which jobs make six figures"
    below_level = level = None
    negated = [name for name, pattern in _NOT_LEVEL.items() if pattern.search(text)]
    # "nothing that needs a masters, which ones can i get with a 2 year degree": the level
    # they have in mind, below the one they rule out, is as far as they want to go.
    enough = [
        LEVELS.index(name)
        for name, pattern in _LEVEL.items()
        if name not in negated and pattern.search(text)
    ]
    if negated:
        below_level = min(LEVELS.index(name) for name in negated)
        if enough and min(enough) + 1 < below_level:
            below_level = min(enough) + 1
    elif _NO_DEGREE.search(text):
        # "without a degree" mostly means without a four-year one; each career listed shows
        # its own level, so an associate's is never hidden
        below_level = LEVELS.index("bachelor's degree")
    else:
        named = [name for name, pattern in _LEVEL.items() if pattern.search(text)]
        if len(named) == 1:
            level = LEVELS.index(named[0])
    audiences = _audiences(kb, tokens) if kb is not None else ()
    found = CareerFilter(min_pay, max_pay, below_level, level, audiences)
    if not (found.about_pay or found.about_school or (audiences_alone and audiences)):
        return None
    return found


# Every condition read_filter finds has one of these; dialogue asks on every message.
_MAY_FILTER = re.compile(
    r"\d|six[\s-]figure|degree|college|universit|\buni\b|bachelor|master|ph\.?d|doctor|"
    r"associate|grad(?:uate)?\s",
    re.IGNORECASE,
)
# "education jobs that need a master's": jobs asked for by what they need, a route named.
# "...no grad school, what can i do": what is left after a level is ruled out.
_JOBS_THAT = re.compile(
    r"\b(?:jobs?|careers?|positions|roles)\s+(?:that|which|where)\b"
    r"|\bwhat (?:else )?can (?:i|you|we) (?:do|be|become|work as)\b",
    re.I,
)
_LIST_WORDS = re.compile(r"\b(?:jobs?|careers?|options|positions|roles|professions)\b", re.I)
_WHICH_JOBS = re.compile(
    r"\b(?:what|which|list(?:\s+of)?|all(?:\s+the)?)\s+(?:\w+\s+){0,2}?"
    r"(?:jobs?|careers?|positions|roles|professions|ones)\b",
    re.I,
)
_THE_LISTED = re.compile(r"\b(?:those|these|ones|any|them)\b", re.I)
_ABOUT_ONE = re.compile(r"\b(?:they|them|it|that|this|she|he|one)\b", re.I)


def asks_to_filter(text: str, names_a_route: bool = False, after_list: bool = False) -> bool:
    """Does the message ask for the careers that meet a condition: a pay bound ("jobs under
    50k"), or a school one said of jobs ("what jobs don't need a degree")? "do they need a
    master's" is about the career at hand, not a list. ``after_list``: the bot's last answer
    was a list of careers, so "which of those don't need a bachelor's" filters it."""
    if not _MAY_FILTER.search(text):
        return False  # most messages: no amount and no school word, one quick scan
    found = read_filter(text, None)
    # "do they need a master's" is about them; "a list of careers that don't need one" asks
    which = _WHICH_JOBS.search(text) or _JOBS_THAT.search(text)
    listed = after_list and _THE_LISTED.search(text) is not None
    if found is None or (_ABOUT_ONE.search(text) and not which and not listed):
        return False
    # a route named with a level ("the graduate degree pathway") is about the route, unless
    # the message asks which jobs ("what jobs need a graduate degree")
    lists = which if names_a_route else _LIST_WORDS.search(text)
    return found.about_pay or bool(lists) or listed


# Words that set a kind of job aside ("other than teaching", "non-teaching", "don't involve
# teaching"; tokens are normalized, so "aren't" is "are not"), at most this many words before.
_SETTING_ASIDE = frozenset({"besides", "except", "excluding", "not", "non", "without"})
_SET_ASIDE_REACH = 3


def set_aside(tokens: Sequence[str], i: int) -> bool:
    """Whether the word at ``i`` is named to be left out: "jobs besides teaching", "careers
    other than teaching" (but "other teaching jobs" are teaching jobs)."""
    before = list(tokens[max(0, i - _SET_ASIDE_REACH) : i])
    other_than = any(before[j : j + 2] == ["other", "than"] for j in range(len(before)))
    return other_than or bool(_SETTING_ASIDE & set(before))


def _amount(m: re.Match[str]) -> float | None:
    """A year's pay from "60k", "$60,000", "5000 a month"; None for a count ("over 1000
    students"), an hourly wage or a number too small to be a salary ("over 18")."""
    if m["counted"]:
        return None
    per = (m["per"] or "").lower()
    if "hour" in per or "hr" in per:
        return None  # hourly wages are not what the filter compares
    value = float(m["number"].replace(",", ""))
    if m["unit"]:
        value *= 1000
    if "month" in per:
        value *= 12
    return value if value >= _SMALLEST_SALARY else None


def _audiences(kb: KnowledgeBase, tokens: tuple[str, ...]) -> tuple[str, ...]:
    # "kids" is also "kid": young children and children both
    words = " " + " ".join((*tokens, *(t[:-1] for t in tokens if t.endswith("s")))) + " "
    return tuple(
        i.id
        for i in kb.interests.values()
        if i.group == "age" and any(f" {k} " in words for k in i.keywords)
    )


def careers_meeting(kb: KnowledgeBase, wanted: CareerFilter) -> list[Career]:
    """The careers that meet ``wanted``: highest pay first when pay was asked, else least
    school first."""
    found = [c for c in kb.careers.values() if wanted.matches(c)]
    if wanted.about_pay:
        return sorted(found, key=lambda c: -(c.pay.median_annual or 0))
    return sorted(found, key=lambda c: (c.education.level or 0, c.short_name))
