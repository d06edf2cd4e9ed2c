"""A student's saved careers."""

from __future__ import annotations

from bot.reply import FollowUp, Reply

from .facts import cap, join_words, pay_summary
from .registry import Request, handler


@handler("save_career", careers=1, button="Save", uses_saved=True)
def save_career(req: Request) -> Reply:
    """Saves the career, or both careers of a pair ("save both")."""
    careers = req.careers or (req.one_career,)
    new = [c for c in careers if c.id not in req.saved]
    names = join_words([f"**{c.title}**" for c in new])
    if not new:
        text = join_words([c.title for c in careers]) + " already on your list."
        text = text.replace(" already", " is already" if len(careers) == 1 else " are already")
    else:
        text = f'Saved {names} to your list. Say "my list" any time to see it.'
    return Reply(
        text=text,
        save=tuple(c.id for c in new),
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


# "clear my list", "delete everything i saved": every career on it.
_EVERYTHING = frozenset({"clear", "everything", "all", "empty", "reset"})


@handler(
    "saved.remove",
    uses_saved=True,
    context_career=True,
    public="saved.list",
    teachable=False,
    suggested=False,
    cued_only=True,
)
def remove_saved(req: Request) -> Reply:
    """Takes the careers named (or the one being discussed) off the list, or all of it."""
    kb = req.kb
    listed = [kb.careers[c] for c in req.saved if c in kb.careers]
    named = list(req.careers)
    if not named and _EVERYTHING & set(req.tokens):
        named = listed
    on_list = [c for c in named if c.id in req.saved]
    if on_list:
        names = " and ".join(f"**{c.title}**" for c in on_list)
        return Reply(
            text=f"Took {names} off your list.",
            unsave=tuple(c.id for c in on_list),
            followups=(FollowUp("My list", "saved.list"),),
        )
    if named:
        names = " and ".join(c.title for c in named)
        return Reply(
            text=f"{names} {'is' if len(named) == 1 else 'are'} not on your list.",
            followups=(FollowUp("My list", "saved.list"),),
        )
    if not listed:
        return Reply(text="Your list is already empty.")
    return Reply(
        text="Which one should I take off your list?",
        followups=tuple(
            FollowUp(f"Remove {c.short_name}", "saved.remove", (c.id,)) for c in listed[:5]
        ),
    )
