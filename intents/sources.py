"""Where the facts come from: the sources of the last answer the student was shown (the engine
keeps them in the conversation), as lines to paste into a school project; with none, the
publishers the knowledge base cites."""

from __future__ import annotations

from collections import Counter

from bot.reply import Reply, publisher

from .registry import Request, handler

_LISTED = 5  # publishers named in the general answer, most cited first


@handler("sources", context_career=True, public="help", teachable=False)
def sources(req: Request) -> Reply:
    if req.cited:
        lines = "\n".join(f"• {_citation(line)}" for line in req.cited)
        return Reply(
            title="Sources",
            text=(
                "Where my last answer's facts come from. To cite one in a project, copy its "
                "line and add the date you read it:\n" + lines
            ),
            whole=True,
        )
    return Reply(title="Where my facts come from", text=_all_publishers(req), whole=True)


def _citation(line: str) -> str:
    """'Name <url> (note)' as 'Name. url (note).'"""
    name, _, rest = line.partition(" <")
    url, _, note = rest.partition(">")
    note = note.strip()
    return f"{name}. {url}" + (f" {note}." if note else ".") if url else line


def _all_publishers(req: Request) -> str:
    """Every publisher the knowledge base cites, most cited first: computed, never listed."""
    kb = req.kb
    names: Counter[str] = Counter()
    for career in kb.careers.values():
        for source in (*career.sources, career.pay.source, career.outlook.source):
            if source is not None:
                names[publisher(source.name)] += 1
    facts = [f for t in kb.topics.values() for f in t.facts]
    facts += [f for r in kb.routes.values() for f in r.facts]
    for fact in facts:
        names[publisher(fact.source.name)] += 1
    ranked = [name for name, _ in names.most_common()]
    listed = "\n".join(f"• {name}" for name in ranked[:_LISTED])
    if len(ranked) > _LISTED:
        listed += f"\n• and {len(ranked) - _LISTED} more, each named with the facts it gives"
    pay_years = sorted({c.pay.year for c in kb.careers.values() if c.pay.year})
    periods = sorted({c.outlook.period for c in kb.careers.values() if c.outlook.period})
    return (
        "Every figure I show comes with its year and its source: pay is the median for "
        f"{', '.join(pay_years)}, and job outlook is the projection for {', '.join(periods)}. "
        "I cite:\n"
        f"{listed}\n"
        'Ask about a career, then say "sources" to get lines you can paste into a project.'
    )
