"""When the bot did not understand, or needs the student to choose before it answers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from bot.knowledge.models import LEVELS, Career, Source
from bot.reply import FollowUp, Reply

from .careers import asks_about_background_checks, background_check_line
from .facts import cap, cite, join_words, pay_figure, pay_summary, plural, unique_sources
from .registry import ACKNOWLEDGED, CLARIFY, Request, declared, handler


@handler("fallback", teachable=False, suggested=False, matched=False)
def fallback(req: Request) -> Reply:
    kb = req.kb
    if req.reason == "outside_cluster" and req.outside:
        return Reply(
            text=(
                f"I only know careers in **Education and Training**, so I can't answer about "
                f"{plural(req.outside)}. I can tell you about teachers, counselors, librarians, "
                'trainers, principals and more: say "list careers" to see them all.'
            ),
            followups=(FollowUp("List careers", "careers.list"),),
        )
    if req.reason == "not_career":
        return Reply(
            text=(
                "That's not something I can help with: I only answer questions about careers in "
                "education. For homework, your teacher or a classmate is the best bet. You can "
                'ask me things like "how much do librarians make?" or "how do i become a '
                'teacher?".'
            ),
            followups=(FollowUp("Help", "help"),),
        )
    if req.reason == "error":
        return Reply(text="Sorry, something went wrong on my side. Please try asking again.")
    if req.reason == ACKNOWLEDGED and not req.options and not req.check_in:
        return Reply(
            text='👍 Ask me anything else about careers in education, or say "help" for ideas.',
            followups=(FollowUp("Help", "help"),),
        )
    lines = ["Sorry, I didn't catch that."]
    if req.check_in:
        lines.append(kb.safety.check_in)
    still = [kb.careers[c] for c in req.options if c in kb.careers]
    if req.open_intent and still:
        # The question the bot asked is still open: ask it again, with its choices.
        topic = req.label(req.open_intent)
        lines.append(
            f"Which one should I tell you about {topic} for? "
            + " · ".join(f"{n}. {c.short_name}" for n, c in enumerate(still, 1))
        )
        choices = tuple(FollowUp(cap(c.short_name), req.open_intent, (c.id,)) for c in still)
        return Reply(text="\n".join(lines), followups=choices, options=tuple(c.id for c in still))
    ups: list[FollowUp] = []
    named = [kb.careers[c] for c in req.career_suggestions if c in kb.careers]
    topics = [i for i in req.suggestions if (d := declared(i)) and d.suggested and i in kb.intents]
    if topics or named:
        guesses = [req.label(i) for i in topics[:2]] + [c.short_name for c in named[:2]]
        lines.append("Did you mean: " + ", or ".join(guesses) + "?")
        ups.extend(FollowUp(cap(c.short_name), "career.overview", (c.id,)) for c in named[:3])
    lines.append(
        'I answer questions about careers in education, like "how much do librarians make?" '
        'or "how do i become a teacher?". Say "help" for more.'
    )
    ups.append(FollowUp("Help", "help"))
    return Reply(text="\n".join(lines), followups=tuple(ups))


@handler(CLARIFY, teachable=False, suggested=False, matched=False)
def clarify(req: Request) -> Reply:
    kb = req.kb
    topic = req.label(req.intent)
    if req.reason == "close_intents":
        career = req.career
        about = f" about {plural(career.short_name)}" if career else ""
        choices = " or ".join(req.label(i) for i in req.options if i in kb.intents)
        return Reply(
            text=f"Do you want to know{about}: {choices}?",
            followups=tuple(
                FollowUp(cap(req.label(i)), i, tuple(c.id for c in req.careers))
                for i in req.options
            ),
            options=req.options,
        )
    options = [kb.careers[c] for c in req.options if c in kb.careers]
    if req.intent == "career.compare" and req.careers:
        first = req.careers[0]
        text = f"Compare {plural(first.short_name)} with which career?"
        if options:
            text += " For example: " + ", ".join(c.short_name for c in options) + "."
        return Reply(
            text=text,
            followups=tuple(
                FollowUp(cap(c.short_name), "career.compare", (first.id, c.id)) for c in options
            ),
            options=tuple(c.id for c in options),
        )
    if options:
        reason = req.reason or ""
        group = reason.removeprefix("group:") if reason.startswith("group:") else "career"
        general = _across(req, options)
        # After a general answer, the choices take one line; alone, one line each.
        joint = " · " if general else "\n"
        numbered = joint.join(f"{n}. {c.short_name}" for n, c in enumerate(options, 1))
        if reason == "clued" and len(options) == 1:
            question = f"From what you describe, that may be a {options[0].short_name}. Is it?"
        elif reason == "clued":
            question = "From what you describe, it could be more than one job. Which do you mean?"
        else:
            question = f"Which kind of {group} do you mean?"
        return Reply(
            text=(f"{general}\n\n" if general else "")
            + f"{question} I can tell you about {topic} for:\n"
            + numbered,
            followups=tuple(FollowUp(cap(c.short_name), req.intent, (c.id,)) for c in options),
            options=tuple(c.id for c in options),
            sources=_sources_across(req.intent, options) if general else (),
            whole=True,  # the question and its choices are never moved behind "More"
        )
    return Reply(
        text=(
            f"Which career do you mean? I can tell you about {topic} for any education career, "
            "for example librarians, school counselors or high school teachers."
        ),
        followups=(FollowUp("List careers", "careers.list"),),
    )


def _across(req: Request, careers: list[Career]) -> str | None:
    """The general answer for a generic word, before narrowing: the range of pay across the
    kinds, or the route every kind can start from. None when there is no honest one."""
    if req.intent == "career.salary":
        paid = [c for c in careers if c.pay.median_annual is not None and not c.pay.basis]
        if len(paid) < 2:
            return None
        low = min(paid, key=lambda c: c.pay.median_annual or 0)
        high = max(paid, key=lambda c: c.pay.median_annual or 0)
        same = low.pay.source and high.pay.source and low.pay.source.name == high.pay.source.name
        if same and low.pay.year == high.pay.year:
            return (
                f"It depends on the kind: the median pay runs from {pay_figure(low.pay)} for "
                f"{plural(low.short_name)} to {pay_figure(high.pay)} for "
                f"{plural(high.short_name)} ({cite(low.pay.source, low.pay.year)})."
            )
        return (
            f"It depends on the kind: median pay runs from {pay_summary(low)} for "
            f"{plural(low.short_name)} to {pay_summary(high)} for {plural(high.short_name)}."
        )
    if req.intent == "career.education":
        return _education_across(req, careers)
    if req.intent == "career.schedule":
        return _schedule_across(careers)
    if req.intent == "career.outlook":
        return _outlook_across(careers)
    if req.intent == "career.skills":
        return _skills_across(careers)
    return None


def _skills_across(careers: list[Career]) -> str | None:
    """The skills most of the kinds offered share (two in three or more), most shared first."""
    if len(careers) < 2:
        return None
    counts = Counter(skill for c in careers for skill in dict.fromkeys(c.skills))
    common = [skill for skill, n in counts.most_common() if n * 3 >= len(careers) * 2]
    if not common:
        return None
    every = all(counts[skill] == len(careers) for skill in common)
    who = "every kind needs" if every else "most kinds need"
    return f"It depends on the kind, but {who} {join_words([s.lower() for s in common])}."


def _education_across(req: Request, careers: list[Career]) -> str | None:
    """How much school each kind takes, grouped by level, then what a license asks and the
    route they share: the same for all of them, so said once."""
    by_level: dict[int, list[str]] = {}
    own_lines: list[str] = []
    for c in careers:
        typical, level = c.education.typical, c.education.level
        if typical is None or level is None:
            continue
        if typical.lower().startswith(LEVELS[level].split()[0].lower()) and ";" not in typical:
            by_level.setdefault(level, []).append(plural(c.short_name))
        else:  # "Doctorate for most 4-year colleges; a master's for many community colleges"
            own_lines.append(f"• {cap(plural(c.short_name))}: {typical[:1].lower()}{typical[1:]}")
    lines = [
        f"• {cap(LEVELS[level])}: {join_words(names)}" for level, names in sorted(by_level.items())
    ] + own_lines
    if not lines:
        return None
    head = ["It depends on the kind. Usual entry education:"]
    tail = []
    licensed = [c for c in careers if background_check_line(c)]
    if licensed:
        line = (
            f"For {join_words([plural(c.short_name) for c in licensed])}, getting licensed "
            "usually includes a background check (the rules differ by state)."
        )
        if asks_about_background_checks(req.text):
            head.insert(0, line)  # what was asked, first
        else:
            tail.append(line)
    if _HOW_LONG.search(req.text):
        tail.append(
            "How many years each degree takes depends on the program; I don't have verified "
            "figures for that."
        )
    shared = set.intersection(*(set(c.education.routes) for c in careers))
    route = next((req.kb.routes[r] for r in sorted(shared) if r in req.kb.routes), None)
    if route is not None:
        tail.append(f"Every one of them can start with **{route.title}**.")
    return "\n".join(head + lines + tail)


_HOW_LONG = re.compile(r"how long|how many years|years of", re.I)


def _schedule_across(careers: list[Career]) -> str | None:
    """Each kind's hours and working year, kinds with the same facts on one line."""
    by_text: dict[str, list[str]] = {}
    for c in careers:
        if c.schedule:
            by_text.setdefault(c.schedule, []).append(plural(c.short_name))
    if not by_text:
        return None
    lines = [f"• {cap(join_words(names))}: {text}" for text, names in by_text.items()]
    return "It depends on the kind:\n" + "\n".join(lines)


def _outlook_across(careers: list[Career]) -> str | None:
    """The projected change for each kind, on one line, from one source and period."""
    known = [c for c in careers if c.outlook.percent is not None and not c.outlook.basis]
    periods = {c.outlook.period for c in known}
    if len(known) < 2 or len(periods) != 1:
        return None
    changes = ", ".join(
        f"{c.short_name} {'+' if (c.outlook.percent or 0) > 0 else ''}{c.outlook.percent:g}%"
        for c in known
    )
    source = known[0].outlook.source
    where = f"; {source.name}" if source else ""
    return f"It depends on the kind. Projected change in jobs, {periods.pop()}{where}: {changes}."


def _sources_across(intent: str, careers: list[Career]) -> tuple[str, ...]:
    """Where a general answer's facts come from: each kind's source for that aspect."""
    picked: dict[str, Callable[[Career], Source | None]] = {
        "career.salary": lambda c: None if c.pay.basis else c.pay.source,
        "career.education": lambda c: c.education.source,
        "career.outlook": lambda c: None if c.outlook.basis else c.outlook.source,
        "career.schedule": lambda c: c.sources[0] if c.schedule else None,
    }
    pick = picked.get(intent)
    return unique_sources(pick(c) for c in careers) if pick else ()
