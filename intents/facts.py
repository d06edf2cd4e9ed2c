"""Figures as students see them: always with the year and the source."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from bot.knowledge.models import Career, Fact, Outlook, Pay, Source
from bot.reply import Field


def money(amount: float) -> str:
    return f"${amount:,.2f}" if amount < 1000 else f"${amount:,.0f}"


def count(n: int) -> str:
    return f"{n:,}"


def cite(source: Source | None, year: str | None = None) -> str:
    if source is None:
        return ""
    return f"{source.name}, {year}" if year else source.name


def source_line(source: Source) -> str:
    return f"{source.name} <{source.url}>"


def unique_sources(sources: Iterable[Source | None]) -> tuple[str, ...]:
    """Each source once (by address), as ``source_line`` shows it, in the order first cited."""
    seen: dict[str, str] = {}
    for source in sources:
        if source is not None:
            seen.setdefault(str(source.url), source_line(source))
    return tuple(seen.values())


def pay_figure(pay: Pay) -> str | None:
    """'$64,320 a year ($30.92 an hour)' or None when no figure is verified."""
    if pay.median_annual is not None and pay.median_hourly is not None:
        return f"{money(pay.median_annual)} a year ({money(pay.median_hourly)} an hour)"
    if pay.median_annual is not None:
        return f"{money(pay.median_annual)} a year"
    if pay.median_hourly is not None:
        return f"{money(pay.median_hourly)} an hour"
    return None


def pay_summary(career: Career) -> str:
    """One line: the median with year and source, or an honest 'no figure'."""
    figure = pay_figure(career.pay)
    if figure is None:
        return "No verified pay figure is published for this job."
    kind = "median for the closest group" if career.pay.basis else "median"
    return f"{figure} ({kind}; {cite(career.pay.source, career.pay.year)})"


# What is said where a figure or level is missing: never a guess.
NO_PAY_FIGURE = "no verified pay figure"
NO_TYPICAL_LEVEL = "no single typical level verified"
NO_PROJECTION = "no verified projection"


def typical_education(career: Career) -> str:
    return career.education.typical or NO_TYPICAL_LEVEL


def outlook_figure(outlook: Outlook) -> str | None:
    if outlook.percent is None:
        return None
    sign = "+" if outlook.percent > 0 else ""
    pct = f"{outlook.percent:g}"
    wording = f", {outlook.wording.lower()}" if outlook.wording else ""
    return f"{sign}{pct}% over {outlook.period}{wording}"


def outlook_summary(career: Career) -> str:
    figure = outlook_figure(career.outlook)
    if figure is None:
        return "No verified projection is published for this job."
    kind = "closest group; " if career.outlook.basis else ""
    return f"{figure} ({kind}{cite(career.outlook.source)})"


def describe_change(percent: float) -> str:
    if percent > 0:
        return f"grow about {percent:g}%"
    if percent < 0:
        return f"shrink about {abs(percent):g}%"
    return "stay about the same"


def cap(text: str) -> str:
    """Capitalize the first letter only ("CTE teacher" stays "CTE teacher")."""
    return text[:1].upper() + text[1:]


def plural(name: str) -> str:
    """ "librarians", "coaches", "nannies"; a name already plural stays as it is."""
    if name.endswith("s"):
        return name
    if name.endswith(("ch", "sh", "x", "z")):
        return f"{name}es"
    if name.endswith("y") and len(name) > 1 and name[-2] not in "aeiou":
        return f"{name[:-1]}ies"
    return f"{name}s"


def a(name: str) -> str:
    """The name with its indefinite article: "an instructional designer"."""
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_DIGIT = re.compile(r"\d")


def fact_line(fact: Fact, usual_year: str | None = None) -> str:
    """A fact as a bullet. Its year is said once for the list (``usual_year``, in the field's
    name); a fact from another year, or one with a figure in it, keeps its own."""
    has_figure = _DIGIT.search(fact.text) is not None
    shown = fact.year and (has_figure or fact.year != usual_year)
    return f"• {fact.text} ({fact.year})" if shown else f"• {fact.text}"


def facts_field(facts: Sequence[Fact]) -> Field:
    """The "Facts" of a topic or a route: the year most of them are from, in the name."""
    years = Counter(f.year for f in facts if f.year)
    usual = years.most_common(1)[0][0] if years else None
    name = f"Facts ({usual} unless dated)" if usual else "Facts"
    return Field(name, "\n".join(fact_line(f, usual) for f in facts))
