"""A student's saved careers."""

from __future__ import annotations

from bot.reply import FollowUp, Reply

from .facts import cap, pay_summary
from .registry import Request, handler


@handler("save_career", careers=1, button="Save", uses_saved=True)
def save_career(req: Request) -> Reply:
    career = req.one_career
    already = career.id in req.saved
    text = (
        f"{career.title} is already on your list."
        if already
        else f'Saved **{career.title}** to your list. Say "my list" any time to see it.'
    )
    return Reply(
        text=text,
        save=None if already else career.id,
        followups=(FollowUp("My list", "saved.list"),),
    )


@handler("saved.list", uses_saved=True)
def saved_list(req: Request) -> Reply:
    kb = req.kb
    careers = [kb.careers[c] for c in req.saved if c in kb.careers]
    if not careers:
        return Reply(
            title="Your saved careers",
            text='Your list is empty. Ask about a career, then say "save it" to keep it here.',
        )
    lines = [f"{n}. **{c.title}**: {pay_summary(c)}" for n, c in enumerate(careers, 1)]
    return Reply(
        title="Your saved careers",
        text="\n".join(lines),
        followups=tuple(
            FollowUp(cap(c.short_name), "career.overview", (c.id,)) for c in careers[:5]
        ),
    )
