"""Questions about one career (what it is, pay, education, skills, outlook) or two side by side."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from bot.context import MAX_COMPARED
from bot.knowledge.models import LEVELS, Career
from bot.reply import Field, FollowUp, Reply

from .facts import (
    NO_PAY_FIGURE,
    NO_PROJECTION,
    a,
    cap,
    count,
    describe_change,
    money,
    outlook_figure,
    outlook_summary,
    pay_figure,
    pay_summary,
    plural,
    source_line,
    typical_education,
    unique_sources,
)
from .registry import DECLARATIONS, Request, aspects, handler


def career_followups(career: Career, current: str) -> tuple[FollowUp, ...]:
    """A career card's buttons: its other aspects, then compare and save (every declared
    intent with a button, in the order they were declared)."""
    buttons = [d for d in aspects() if d.id != current] + [
        d for d in DECLARATIONS.values() if d.button and not d.aspect
    ]
    return tuple(FollowUp(d.button, d.id, (career.id,)) for d in buttons if d.button)


def _bullets(items: list[str] | tuple[str, ...]) -> str:
    return "\n".join(f"• {item}" for item in items)


@handler("career.overview", careers=1, aspect="overview", button="Overview")
def overview(req: Request) -> Reply:
    career = req.one_career
    edu = career.education.typical or "varies (see how to get there)"
    fields = (
        Field("What they do", _bullets(career.duties[:4])),
        Field("Median pay", pay_summary(career), inline=True),
        Field("Typical education", edu, inline=True),
        Field("Job outlook", outlook_summary(career), inline=True),
    )
    return Reply(
        title=career.title,
        text=career.summary,
        fields=fields,
        followups=career_followups(career, "career.overview"),
        sources=tuple(source_line(s) for s in career.sources),
    )


@handler("career.salary", careers=1, aspect="pay", button="Pay")
def salary(req: Request) -> Reply:
    career = req.one_career
    pay = career.pay
    figure = pay_figure(pay)
    if figure is None:
        text = (
            f"I don't have a verified pay figure for {plural(career.short_name)}: "
            "the U.S. Bureau of "
            "Labor Statistics doesn't publish one for this job on its own."
        )
        if pay.note:
            text += f" {pay.note}"
        sources: tuple[str, ...] = ()
    else:
        who = plural(career.short_name)
        text = f"Half of {who} earned more and half less than **{figure}** ({pay.year})."
        if pay.basis:
            text += f"\n{pay.basis}"
        if pay.note:
            text += f"\n{pay.note}"
        sources = (f"{source_line(pay.source)} ({pay.year} data)",) if pay.source else ()
        text += _place_note(req, "Pay")
    return Reply(
        title=f"{career.title}: pay",
        text=text,
        followups=career_followups(career, "career.salary"),
        sources=sources,
    )


def _place_note(req: Request, what: str) -> str:
    """A line saying the figures are national, when the student asked about one place."""
    place = req.place
    if place is None or place in req.kb.national_places:
        return ""
    where = f"your {place.split()[-1]}" if place.startswith("my ") else _place_name(place)
    return (
        f"\nThese are national figures. {what} in {where} can be higher or lower; your state's "
        "labor market information office publishes figures for each state."
    )


def _place_name(place: str) -> str:
    small = {"of", "the"}
    return " ".join(
        w.upper() if w in ("dc", "nyc") else w if w in small else w.capitalize()
        for w in place.split()
    )


@handler("career.education", careers=1, aspect="education", button="How to get there")
def education(req: Request) -> Reply:
    career = req.one_career
    edu = career.education
    routes = [req.kb.routes[r].title for r in edu.routes if r in req.kb.routes]
    fields = []
    if edu.typical:
        fields.append(Field("Typical entry education", edu.typical, inline=True))
    if routes:
        fields.append(Field("Routes in", "\n".join(routes), inline=True))
    if edu.licensing:
        fields.append(Field("License or certification", _bullets(edu.licensing)))
    text = edu.detail
    if asks_about_background_checks(req.text):
        # "do you need a background check": the yes or the honest "not verified", first
        unknown = (
            f"I don't have verified facts on background checks for {plural(career.short_name)}; "
            "ask your state's education department or the employer."
        )
        text = (background_check_line(career) or unknown) + "\n" + text
    if edu.licensing:
        text += "\nRules differ from state to state, so check your state's education department."
    return Reply(
        title=f"How to become {a(career.short_name)}",
        text=text,
        fields=tuple(fields),
        followups=career_followups(career, "career.education"),
        sources=(source_line(edu.source),),
    )


_BACKGROUND = re.compile(r"background check|fingerprint|criminal record|record check", re.I)


def asks_about_background_checks(text: str) -> bool:
    return bool(_BACKGROUND.search(text))


def background_check_line(career: Career) -> str | None:
    """The career's licensing line that names a background check, if the data has one."""
    return next((line for line in career.education.licensing if _BACKGROUND.search(line)), None)


@handler("career.skills", careers=1, aspect="skills", button="Skills")
def skills(req: Request) -> Reply:
    career = req.one_career
    return Reply(
        title=f"Skills for {a(career.short_name)}",
        text=f"Skills that matter most for {plural(career.short_name)}:\n{_bullets(career.skills)}",
        followups=career_followups(career, "career.skills"),
        sources=tuple(source_line(s) for s in career.sources[:1]),
    )


@handler(
    "career.schedule",
    careers=1,
    aspect="schedule",
    button="Hours & year",
    public="career.overview",
    teachable=False,
)
def schedule(req: Request) -> Reply:
    career = req.one_career
    if career.schedule:
        text = career.schedule
    else:
        text = (
            f"I don't have verified facts about {plural(career.short_name)}' hours or working "
            "year; they depend on the employer, so ask one, or your school counselor."
        )
    return Reply(
        title=f"{career.title}: hours and the year",
        text=text,
        followups=career_followups(career, "career.schedule"),
        sources=tuple(source_line(s) for s in career.sources[:1]) if career.schedule else (),
    )


@handler("career.outlook", careers=1, aspect="outlook", button="Outlook")
def outlook(req: Request) -> Reply:
    career = req.one_career
    o = career.outlook
    if o.percent is None:
        text = f"I don't have a verified job projection for {plural(career.short_name)}."
        if o.note:
            text += f" {o.note}"
        return Reply(
            title=f"{career.title}: outlook",
            text=text,
            followups=career_followups(career, "career.outlook"),
        )
    lines = [
        f"Jobs for {plural(career.short_name)} are projected to {describe_change(o.percent)} over "
        f"{o.period}" + (f" ({o.wording.lower()})." if o.wording else ".")
    ]
    if o.basis:
        lines.append(o.basis)
    if o.jobs:
        lines.append(f"There were about {count(o.jobs)} jobs in {o.jobs_year}.")
    if o.annual_openings:
        lines.append(
            f"About {count(o.annual_openings)} openings are expected each year, mostly to replace "
            "people who retire or change jobs."
        )
    if o.note:
        lines.append(o.note)
    return Reply(
        title=f"{career.title}: outlook",
        text="\n".join(lines) + _place_note(req, "Demand"),
        followups=career_followups(career, "career.outlook"),
        sources=(f"{source_line(o.source)} (projections {o.period})",) if o.source else (),
    )


def _education_first(a: Career, b: Career) -> str:
    lines = [f"{cap(plural(c.short_name))}: {typical_education(c)}." for c in (a, b)]
    la, lb = a.education.level, b.education.level
    head = "How much school each usually takes:"
    if la is not None and lb is not None:
        if la == lb:
            head = f"Both usually start with a {LEVELS[la]}:"
        else:
            more = a if la > lb else b
            head = f"{cap(plural(more.short_name))} usually need more school:"
    return head + "\n" + "\n".join(lines)


def _outlook_first(a: Career, b: Career) -> str:
    lines = [f"{cap(plural(c.short_name))}: {outlook_summary(c)}" for c in (a, b)]
    pa, pb = a.outlook.percent, b.outlook.percent
    head = "Projected job growth:"
    shared = a.outlook.source and b.outlook.source and a.outlook.source.url == b.outlook.source.url
    if pa is not None and pb is not None and a.outlook.period == b.outlook.period:
        better = a if pa > pb else b
        if pa == pb and shared:
            head = "Both figures are the same projection, so they can't say which grows faster:"
        elif pa == pb:
            head = "They are projected to change at the same rate:"
        elif pa < 0 and pb < 0:
            head = f"Both are projected to shrink, {plural(better.short_name)} a little less:"
        elif pa > 0 and pb > 0:
            head = f"{cap(plural(better.short_name))} are projected to grow faster:"
        else:
            head = (
                f"Only {plural(better.short_name)} are projected to grow:"
                if max(pa, pb) > 0
                else head
            )
    return head + "\n" + "\n".join(lines)


def _skills_first(a: Career, b: Career) -> str:
    return _several_first((a, b), "career.skills")


def _duties_first(a: Career, b: Career) -> str:
    return _several_first((a, b), "career.overview")


def _pay_first(a: Career, b: Career) -> str:
    """Which pays more, framed honestly: one shared figure, or a small gap, is said as such."""
    pa, pb = a.pay.median_annual, b.pay.median_annual
    if not (pa and pb):
        missing = a if not pa else b
        return (
            f"There's {NO_PAY_FIGURE} for {plural(missing.short_name)}, so I can't say "
            "which pays more."
        )
    year = a.pay.year if a.pay.year == b.pay.year else f"{a.pay.year} and {b.pay.year}"
    same_page = _same_page(a, b)
    higher, lower = (a, b) if pa >= pb else (b, a)
    hi, lo = max(pa, pb), min(pa, pb)
    if pa == pb and same_page:
        text = (
            f"Both figures are the same median, {money(pa)} a year ({year}), so they can't "
            "say which pays more."
        )
    elif hi - lo < SMALL_PAY_GAP * hi:
        text = (
            f"Their median pay is about the same: {money(hi)} a year for "
            f"{plural(higher.short_name)} and {money(lo)} for {plural(lower.short_name)} "
            f"({year})."
        )
    else:
        text = (
            f"{cap(plural(higher.short_name))} have the higher median pay: {money(hi)} vs "
            f"{money(lo)} a year ({year})."
        )
    if lower.pay.basis or higher.pay.basis:
        text += " One of these figures is for the closest broader group."
    return text


# Pay within this share of each other is "about the same": medians are survey estimates.
SMALL_PAY_GAP = 0.03

# A comparison asked about one aspect leads with that aspect (pay leads otherwise).
_FOCUSED = {
    "career.salary": _pay_first,
    "career.overview": _duties_first,
    "career.education": _education_first,
    "career.outlook": _outlook_first,
    "career.skills": _skills_first,
}


def _column(career: Career) -> str:
    lines = [
        f"Pay: {pay_figure(career.pay) or NO_PAY_FIGURE}"
        + (f" ({career.pay.year})" if career.pay.year and pay_figure(career.pay) else ""),
        f"Education: {typical_education(career)}",
        f"Outlook: {outlook_figure(career.outlook) or NO_PROJECTION}",
    ]
    return "\n".join(lines)


def _pay_ranked(careers: Sequence[Career]) -> str:
    """Several careers' median pay, highest first, framed as honestly as two: a shared
    figure or a small gap is said as such, a broader group's figure is marked, and one
    without a verified figure says so."""
    known = sorted((c for c in careers if c.pay.median_annual), key=lambda c: -_median(c))
    lines = [
        f"{cap(plural(c.short_name))}: {money(_median(c))} a year ({c.pay.year})"
        + (" (closest broader group)" if c.pay.basis else "")
        for c in known
    ]
    lines += [f"{cap(plural(c.short_name))}: {NO_PAY_FIGURE}" for c in careers if c not in known]
    notes = []
    for higher, lower in itertools.pairwise(known):
        names = f"{plural(higher.short_name)} and {plural(lower.short_name)}"
        if _median(higher) == _median(lower) and _same_page(higher, lower):
            notes.append(f"{cap(names)} share one figure, so it can't say which pays more.")
        elif _median(higher) - _median(lower) < SMALL_PAY_GAP * _median(higher):
            notes.append(f"{cap(names)} are about the same.")
    return "\n".join(["Median pay, highest first:", *lines, *notes])


def _median(career: Career) -> float:
    return career.pay.median_annual or 0.0


def _same_page(a: Career, b: Career) -> bool:
    return bool(a.pay.source and b.pay.source and a.pay.source.url == b.pay.source.url)


# One line per career, in the order named: the lead of a comparison on these aspects (for
# two careers, education and outlook have leads of their own).
_EACH = {
    "career.overview": ("What each one does:", lambda c: c.summary),
    "career.education": (
        "How much school each usually takes:",
        typical_education,
    ),
    "career.outlook": ("Projected job growth:", outlook_summary),
    "career.skills": ("The skills each one leans on:", lambda c: ", ".join(c.skills[:3]) + "."),
}


def _several_first(careers: Sequence[Career], focus: str | None) -> str:
    if focus not in _EACH:
        return _pay_ranked(careers)
    head, line = _EACH[focus]
    return head + "\n" + "\n".join(f"{cap(plural(c.short_name))}: {line(c)}" for c in careers)


@handler("career.compare", careers=2, button="Compare")
def compare(req: Request) -> Reply:
    """Two careers side by side, or several named as a list: one line each for all of them
    (a ranking leaves none out), cards for the first MAX_COMPARED."""
    careers = req.careers[:MAX_COMPARED]
    if len(req.careers) == 2:
        a, b = careers
        text = _FOCUSED.get(req.focus or "career.salary", _pay_first)(a, b)
    else:
        text = _several_first(req.careers, req.focus)
    if len(req.careers) > MAX_COMPARED:
        text += f"\nSide by side below: the first {len(careers)} of the {len(req.careers)}."
    sources = unique_sources(
        s for c in req.careers for s in (c.pay.source, c.education.source, c.outlook.source)
    )
    return Reply(
        title=" vs ".join(c.title for c in careers),
        text=text,
        fields=tuple(Field(c.title, _column(c), inline=True) for c in careers),
        followups=tuple(
            FollowUp(f"More on {c.short_name}", "career.overview", (c.id,)) for c in careers
        ),
        sources=sources,
    )
