"""Which careers fit a condition: pay above or below an amount, how much school they take, who
they work with. Read from the student's words; computed from the knowledge base, never listed by
hand, so a new career or a new figure changes the answer by itself."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge import KnowledgeBase
from bot.knowledge.models import LEVELS, Career

# "over 100k", "more than $60,000", "at least 80 thousand", "under 50k", "six figures"
_AMOUNT = r"\$?\s*(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?P<unit>k\b|grand\b|thousand\b)?"
_ABOVE = r"over|above|more than|at least|greater than|higher than|past|[>]|minimum of"
_BELOW = r"under|below|less than|at most|lower than|[<]|max(?:imum)? of"
_PAY_BOUND = re.compile(
    rf"(?P<dir>{_ABOVE}|{_BELOW})\s*(?:like\s+|about\s+|around\s+)?"
    rf"(?:{_AMOUNT}|(?P<six>six[\s-]figures?))",
    re.IGNORECASE,
)
_SIX_FIGURES = re.compile(r"\bsix[\s-]figures?\b", re.IGNORECASE)
_BELOW_WORDS = re.compile(rf"^(?:{_BELOW})$", re.IGNORECASE)

# How much school: "without a degree", "no bachelor's", "only a master's", "with a phd".
_NO_DEGREE = re.compile(
    r"\b(?:without|no|not|dont|don't|do not|doesnt|doesn't|skip(?:ping)?|never)\b"
    r"(?:\s+\w+){0,3}?\s+(?:a\s+|an\s+)?"
    r"(?:4|four)?[\s-]*(?:year\s+)?(?:college\s+)?(?:degree|college|bachelor'?s?|university)",
    re.IGNORECASE,
)
_LEVEL_WORDS = {
    "doctorate": r"phd|ph\.d|doctorate|doctoral|doctor's degree",
    "master's degree": r"master'?s|masters|grad(?:uate)? (?:school|degree)",
    "bachelor's degree": r"bachelor'?s|bachelors|4[\s-]year degree|four[\s-]year degree",
    "associate's degree": r"associate'?s|associates|2[\s-]year degree|two[\s-]year degree",
}
_LEVEL = {
    level: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for level, words in _LEVEL_WORDS.items()
}


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


def read_filter(text: str, kb: KnowledgeBase, tokens: tuple[str, ...] = ()) -> CareerFilter | None:
    """The conditions a message puts on careers, or None when it puts none."""
    min_pay = max_pay = None
    for m in _PAY_BOUND.finditer(text):
        amount = 100_000.0 if m["six"] else _amount(m["number"], m["unit"])
        if amount is None:
            continue
        if _BELOW_WORDS.match(m["dir"]):
            max_pay = amount
        else:
            min_pay = amount
    if min_pay is None and max_pay is None and _SIX_FIGURES.search(text):
        min_pay = 100_000.0  # "which jobs make six figures"
    below_level = level = None
    if _NO_DEGREE.search(text):
        below_level = LEVELS.index("bachelor's degree")
    else:
        named = [n for n, (lvl, pattern) in enumerate(_LEVEL.items()) if pattern.search(text)]
        if len(named) == 1:
            level = LEVELS.index(list(_LEVEL)[named[0]])
    audiences = _audiences(kb, tokens)
    found = CareerFilter(min_pay, max_pay, below_level, level, audiences)
    if not (found.about_pay or found.about_school):
        return None  # who they work with alone is what "which job fits me?" answers
    return found


def _amount(number: str, unit: str | None) -> float | None:
    value = float(number.replace(",", ""))
    if unit:
        value *= 1000
    elif value < 1000:
        return None  # "over 18": an age or a count, not a salary
    return value


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
    return sorted(found, key=lambda c: (c.education.level or 0, c.title))
