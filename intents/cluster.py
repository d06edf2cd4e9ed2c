"""The cluster as a whole: overview, list of careers, continuing education, technology."""

from __future__ import annotations

from bot.knowledge.models import Fact, Topic
from bot.reply import Field, FollowUp, Reply

from .facts import cap, plural, source_line
from .registry import Request, handler


def _fact_line(fact: Fact) -> str:
    when = f" ({fact.year})" if fact.year else ""
    return f"• {fact.text}{when}"


def topic_reply(req: Request, topic: Topic, extra: tuple[Field, ...] = ()) -> Reply:
    text = topic.summary + "\n" + "\n".join(f"• {p}" for p in topic.points)
    fields = list(extra)
    if topic.facts:
        fields.append(Field("Facts", "\n".join(_fact_line(f) for f in topic.facts)))
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
    words = set(req.tokens)
    named = []
    cues = {
        "administration": {"administration", "admin", "leadership", "management", "administrative"},
        "professional-support": {"support", "counseling", "library"},
        "teaching-training": {"teaching", "training"},
    }
    for pathway, cue in cues.items():
        if words & cue:
            named.append(pathway)
    # "teaching and training" with nothing else means the whole list, not one pathway
    return named if len(named) == 1 else []


@handler("careers.list")
def careers_list(req: Request) -> Reply:
    kb = req.kb
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


@handler("technology", context_career=True)
def technology(req: Request) -> Reply:
    return topic_reply(req, req.kb.topics["technology"])
