"""The answer to a student in crisis, in danger or being hurt: warm, short, and a real person.

Everything it says is in ``data/safety.yaml`` (reviewed by counselors): the category's opening,
the help lines of every category the message fits (most urgent first), then the nudge towards a
trusted adult and the school's own contact when one is configured. No career content, no
buttons: nothing that pushes the conversation on.
"""

from __future__ import annotations

from bot.reply import Reply
from bot.safety import SAFETY

from .registry import Request, handler


@handler(SAFETY, teachable=False, suggested=False, matched=False)
def safety(req: Request) -> Reply:
    rules = req.kb.safety
    by_id = {c.id: c for c in rules.categories}
    categories = [by_id[c] for c in req.concern if c in by_id] or [rules.categories[0]]
    first = categories[0]
    lines: list[str] = []
    for category in categories:
        lines += [rules.resources[r].line for r in category.resources if r in rules.resources]
    resources = list(dict.fromkeys(lines))  # each help line once, in order of urgency
    parts = [first.opening]
    if first.extra:
        parts.append(first.extra)
    parts += ["\n".join(f"• {line}" for line in resources), rules.closing]
    if req.contact:
        parts.append(rules.school_contact.replace("{contact}", req.contact))
    return Reply(text="\n\n".join(parts))
