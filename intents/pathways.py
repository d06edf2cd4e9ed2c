"""Education routes into the cluster (``pathway.info``)."""

from __future__ import annotations

from bot.reply import Field, FollowUp, Reply

from .facts import a, cap, facts_field, source_line
from .registry import Request, handler


@handler("pathway.info")
def pathway_info(req: Request) -> Reply:
    kb = req.kb
    route = req.route
    if route is None:
        lines = [f"• **{r.title}**: {r.summary}" for r in kb.routes.values()]
        return Reply(
            title="Ways into education careers",
            text="There is more than one road in:\n" + "\n".join(lines),
            followups=tuple(
                FollowUp(r.title, "pathway.info", route=r.id) for r in kb.routes.values()
            ),
        )
    fields = [Field("Steps", "\n".join(f"{n}. {s}" for n, s in enumerate(route.steps, 1)))]
    if route.facts:
        fields.append(facts_field(route.facts))
    careers = [kb.careers[c] for c in route.careers if c in kb.careers]
    if careers:
        fields.append(Field("Leads to", ", ".join(c.short_name for c in careers)))
    text = route.summary
    career = req.career
    if career is not None:
        if route.id in career.education.routes:
            text += f"\nThis is one of the usual routes to becoming {a(career.short_name)}."
        else:
            text += (
                f"\nThis isn't a usual route to becoming {a(career.short_name)}; "
                f"their typical education is: {career.education.typical or 'varied'}."
            )
    sources: list[str] = []
    for fact in route.facts:
        line = source_line(fact.source)
        if line not in sources:
            sources.append(line)
    ups = tuple(FollowUp(cap(c.short_name), "career.education", (c.id,)) for c in careers[:4])
    return Reply(
        title=route.title, text=text, fields=tuple(fields), followups=ups, sources=tuple(sources)
    )
