"""Suggest careers from the interests a student names ("i like kids and art")."""

from __future__ import annotations

from bot.knowledge import KnowledgeBase
from bot.reply import FollowUp, Reply

from .facts import cap, join_words, pay_summary
from .registry import Request, handler

TOP = 3


def interests_in(tokens: tuple[str, ...], kb: KnowledgeBase) -> list[str]:
    """Interest ids whose keywords appear in the (normalized) tokens, in order of mention."""
    text = f" {' '.join(tokens)} "
    found: list[tuple[int, str]] = []
    for interest in kb.interests.values():
        positions = []
        for keyword in interest.keywords:
            needle = f" {' '.join(keyword.lower().split())} "
            at = text.find(needle)
            if at == -1 and not needle.endswith("s "):
                at = text.find(needle[:-1] + "s ")
            if at != -1:
                positions.append(at)
        if positions:
            found.append((min(positions), interest.id))
    return [i for _, i in sorted(found)]


def rank_careers(interests: list[str], kb: KnowledgeBase) -> list[tuple[str, list[str]]]:
    """Careers sharing the most interests, each with the interests it matched."""
    scored = []
    for career in kb.careers.values():
        shared = [i for i in interests if i in career.interests]
        if shared:
            # Favour careers whose profile is mostly about what the student named.
            score = len(shared) + len(shared) / len(career.interests)
            scored.append((score, career.id, shared))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [(cid, shared) for _, cid, shared in scored]


@handler("recommend")
def recommend(req: Request) -> Reply:
    kb = req.kb
    interests = interests_in(req.tokens, kb)
    if not interests:
        examples = ", ".join(i.label for i in list(kb.interests.values())[:6])
        return Reply(
            title="Let's find a fit",
            text=(
                "Tell me what you enjoy and I'll suggest careers. For example: "
                '"i like kids and art" or "i\'m into computers and helping people".\n'
                f"Some things people mention: {examples}.\n"
                f"Or take the short interest quiz: {req.quiz_hint}"
            ),
            followups=(FollowUp("List all careers", "careers.list"),),
        )
    ranked = rank_careers(interests, kb)[:TOP]
    lines = []
    for n, (cid, shared) in enumerate(ranked, 1):
        career = kb.careers[cid]
        why = " and ".join(kb.interests[i].label for i in shared)
        lines.append(f"{n}. **{career.title}**: fits {why}. Pay: {pay_summary(career)}.")
    labels = join_words([kb.interests[i].label for i in interests])
    text = f"You mentioned {labels}. These careers could fit:\n" + "\n".join(lines)
    text += (
        f'\nAsk "tell me more about the first one", or take the interest quiz ({req.quiz_hint}).'
    )
    return Reply(
        title="Careers that could fit you",
        text=text,
        followups=tuple(
            FollowUp(cap(kb.careers[cid].short_name), "career.overview", (cid,))
            for cid, _ in ranked
        ),
        options=tuple(cid for cid, _ in ranked),
        whole=True,  # read from the student's words: a "More" could not ask again
    )
