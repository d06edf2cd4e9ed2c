"""The cluster as a whole: overview, list of careers, continuing education, technology."""

from __future__ import annotations

from dataclasses import replace

from bot.knowledge import KnowledgeBase
from bot.knowledge.models import LEVELS, Career, Topic
from bot.reply import Field, FollowUp, Reply

from .facts import (
    a,
    cap,
    facts_field,
    join_words,
    money,
    pay_summary,
    plural,
    source_line,
    typical_education,
    unique_sources,
)
from .filters import CareerFilter, careers_meeting, read_filter, set_aside
from .registry import Request, handler


def topic_reply(req: Request, topic: Topic, extra: tuple[Field, ...] = ()) -> Reply:
    text = topic.summary + "\n" + "\n".join(f"• {p}" for p in topic.points)
    fields = list(extra)
    if topic.facts:
        fields.append(facts_field(topic.facts))
    sources: list[str] = []
    for fact in topic.facts:
        line = source_line(fact.source)
        if line not in sources:
            sources.append(line)
    ups = tuple(
        FollowUp(cap(req.kb.careers[c].short_name), "career.overview", (c,))
        for c in topic.careers[:4]
        if c in req.kb.careers
    )
    return Reply(
        title=topic.title, text=text, fields=tuple(fields), followups=ups, sources=tuple(sources)
    )


@handler("cluster.overview")
def overview(req: Request) -> Reply:
    reply = topic_reply(req, req.kb.topics["cluster-overview"])
    return Reply(
        title=reply.title,
        text=reply.text,
        fields=reply.fields,
        followups=(FollowUp("List the careers", "careers.list"), *reply.followups),
        sources=reply.sources,
    )


def _pathways_named(req: Request) -> list[str]:
    named = []
    cues = {
        "administration": {"administration", "admin", "leadership", "management", "administrative"},
        "professional-support": {"support", "counseling", "library"},
        "teaching-training": {"teaching", "training"},
    }
    tokens = req.tokens
    excluded = []
    for pathway, cue in cues.items():
        said = [i for i, t in enumerate(tokens) if t in cue]
        if any(set_aside(tokens, i) for i in said):
            excluded.append(pathway)  # "jobs besides teaching", "ones that aren't teaching"
        elif said:
            named.append(pathway)
    if excluded:
        return [p for p in req.kb.pathways if p not in excluded]
    # "teaching and training" with nothing else means the whole list, not one pathway
    return named if len(named) == 1 else []


@handler("careers.list")
def careers_list(req: Request) -> Reply:
    kb = req.kb
    wanted = read_filter(req.text, kb, req.tokens, audiences_alone=True)
    if wanted is not None and req.pathway is None:
        return filtered_list(req, wanted)
    chosen = [req.pathway] if req.pathway else _pathways_named(req) or list(kb.pathways)
    fields = []
    for pid in chosen:
        pathway = kb.pathways[pid]
        names = ", ".join(c.short_name for c in kb.careers_in(pid))
        fields.append(Field(pathway.title, names))
    intro = (
        "Careers in the Education and Training cluster, by pathway. Ask about any of them, "
        'for example "what does an instructional designer do?"'
    )
    return Reply(
        title="Careers in Education and Training",
        text=intro,
        fields=tuple(fields),
        followups=(FollowUp("Which job fits me?", "recommend"),),
    )


def filtered_list(req: Request, wanted: CareerFilter) -> Reply:
    """The careers that meet what the student asked, each with the figure that meets it. The
    list is shown whole: it was read from the student's words, which "More" could not replay."""
    kb = req.kb
    found = careers_meeting(kb, wanted)
    asked = _asked(wanted, kb)
    lines = [f"• {cap(c.short_name)}: {_why_it_meets(c, wanted)}" for c in found]
    cited = list(found)
    if found:
        text = f"{len(found)} of the {len(kb.careers)} careers I know {asked}"
        if wanted.about_pay:
            text += f" (median pay, {_years(found)})"
        text += ":\n" + "\n".join(lines)
    else:
        text = f"None of the {len(kb.careers)} careers I know {asked}."
        if wanted.about_pay:
            # the best paid of those that meet everything else asked
            others = careers_meeting(kb, replace(wanted, min_pay=None, max_pay=None))
            if others:
                top = max(others, key=lambda c: c.pay.median_annual or 0)
                school = _asked_school(wanted)
                among = f"those that do {school}" if school else "them "
                text += (
                    f" The highest median pay among {among}is {a(top.short_name)}'s: "
                    f"{pay_summary(top)}."
                )
                cited = [top]
    if wanted.about_school:
        unknown = [c.short_name for c in kb.careers.values() if c.education.level is None]
        if unknown:
            text += (
                f"\nNot counted: {join_words(unknown)}, whose requirements vary by state or "
                "employer."
            )
    sources = unique_sources(
        c.pay.source if wanted.about_pay else c.education.source for c in cited
    )
    return Reply(
        title="Careers that fit",
        text=text,
        followups=tuple(FollowUp(cap(c.short_name), "career.overview", (c.id,)) for c in found[:4]),
        sources=tuple(sources),
        whole=True,
    )


def _years(careers: list[Career]) -> str:
    return ", ".join(sorted({c.pay.year for c in careers if c.pay.year}))


def _asked_school(wanted: CareerFilter) -> str:
    if wanted.below_level is not None:
        return f"need less than a {LEVELS[wanted.below_level]} "
    if wanted.level is not None:
        return f"start with a {LEVELS[wanted.level]} "
    return ""


def _asked(wanted: CareerFilter, kb: KnowledgeBase) -> str:
    parts = []
    if wanted.min_pay is not None:
        parts.append(f"pay more than {money(wanted.min_pay)} a year")
    if wanted.max_pay is not None:
        parts.append(f"pay less than {money(wanted.max_pay)} a year")
    if wanted.below_level is not None:
        parts.append(f"usually need less than a {LEVELS[wanted.below_level]}")
    if wanted.level is not None:
        parts.append(f"usually start with a {LEVELS[wanted.level]}")
    text = " and ".join(parts)
    if not wanted.audiences:
        return text
    if not text:  # "which jobs work with teenagers": who they work with is all that was asked
        # interests.yaml labels them "working with teens": the list says "work with teens"
        labels = [kb.interests[a].label.removeprefix("working ") for a in wanted.audiences]
        return "work " + " or ".join(dict.fromkeys(labels))
    return f"{text}, working with the people you named"


def _why_it_meets(career: Career, wanted: CareerFilter) -> str:
    facts = []
    if wanted.about_pay:
        group = " (closest group's median)" if career.pay.basis else ""
        facts.append(f"{money(career.pay.median_annual or 0)} a year{group}")
    if wanted.about_school or not facts:
        facts.append(typical_education(career))
    return "; ".join(facts)


@handler("continuing_education", context_career=True)
def continuing_education(req: Request) -> Reply:
    extra: tuple[Field, ...] = ()
    career = req.career
    if career is not None and career.education.licensing:
        extra = (
            Field(
                f"For {plural(career.short_name)}",
                "\n".join(f"• {line}" for line in career.education.licensing),
            ),
        )
    return topic_reply(req, req.kb.topics["continuing-education"], extra)


@handler("technology", context_career=True, answers_generally=True)
def technology(req: Request) -> Reply:
    return topic_reply(req, req.kb.topics["technology"])
