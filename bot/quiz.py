"""The interest quiz: answers become an interest profile, careers are ranked by how much of
their own profile the answers cover, and each result says which answers it came from."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

from .knowledge import KnowledgeBase
from .reply import FollowUp, Reply
from .storage import QuizStore

CAP = 2  # an interest counts as fully covered once answers give it this much weight
TOP = 3


@dataclass(frozen=True)
class Fit:
    career: str
    score: int  # 0-100: how much of the career's interest profile the answers cover
    reasons: tuple[str, ...]  # the student's own answers that point to it


def profile(kb: KnowledgeBase, answers: list[int]) -> Counter[str]:
    weights: Counter[str] = Counter()
    for question, choice in zip(kb.quiz, answers, strict=False):
        if 0 <= choice < len(question.answers):
            weights.update(question.answers[choice].weights)
    return weights


def rank(kb: KnowledgeBase, answers: list[int]) -> list[Fit]:
    weights = profile(kb, answers)
    scored = []
    for career in kb.careers.values():
        interests = career.interests
        slots: dict[str, float] = {}
        for interest in interests:
            group = kb.interests[interest].group if interest in kb.interests else None
            key = f"group:{group}" if group else interest
            slots[key] = max(slots.get(key, 0.0), min(weights[interest], CAP) / CAP)
        covered = sum(slots.values()) / len(slots)
        total = sum(weights[i] for i in interests)
        reasons = []
        for question, choice in zip(kb.quiz, answers, strict=False):
            if 0 <= choice < len(question.answers):
                answer = question.answers[choice]
                if set(answer.weights) & set(interests):
                    reasons.append(answer.label)
        scored.append((covered, total, career.id, tuple(reasons)))
    scored.sort(key=lambda s: (-s[0], -s[1], s[2]))
    return [Fit(cid, round(100 * covered), reasons) for covered, _, cid, reasons in scored]


def reason_line(fit: Fit) -> str:
    if not fit.reasons:
        return "A broad match for your answers."
    picked = " and ".join(f"“{r}”" for r in fit.reasons[:2])
    return f"Because you picked {picked}."


def result_reply(kb: KnowledgeBase, answers: list[int]) -> Reply:
    """The top careers with their fit and the answers behind each, with buttons to open or save."""
    fits = rank(kb, answers)[:TOP]
    lines = []
    followups: list[FollowUp] = []
    for n, fit in enumerate(fits, 1):
        career = kb.careers[fit.career]
        lines.append(f"**{n}. {career.title}**: {fit.score}% fit. {reason_line(fit)}")
        followups.append(FollowUp(f"Open: {career.short_name}", "career.overview", (career.id,)))
    followups += [
        FollowUp(f"Save: {kb.careers[f.career].short_name}", "save_career", (f.career,))
        for f in fits
    ]
    return Reply(
        title="Your quiz results",
        text="\n".join(lines)
        + "\nThe fit says how much of each career's typical interests your answers covered.",
        followups=tuple(followups),
        options=tuple(f.career for f in fits),
    )


class QuizProgress:
    """Progress per student, saved after every answer so a quiz resumes after a restart."""

    def __init__(self, kb: KnowledgeBase, store: QuizStore, clock=time.time) -> None:
        self.kb = kb
        self.store = store
        self.clock = clock

    @property
    def total(self) -> int:
        return len(self.kb.quiz)

    async def current(self, user: str) -> list[int]:
        """Answers so far; a new quiz (or progress from a longer, older quiz) starts empty."""
        answers = await self.store.quiz_answers(user)
        if answers is None or len(answers) > self.total:
            return []
        return answers

    async def answer(self, user: str, question: int, choice: int) -> list[int] | None:
        """Record ``choice`` for ``question``; None when that button is stale (already answered
        or out of range), so a double click never skips a question."""
        answers = await self.current(user)
        if question != len(answers) or question >= self.total:
            return None
        if not 0 <= choice < len(self.kb.quiz[question].answers):
            return None
        answers.append(choice)
        await self.store.save_quiz(user, answers, self.clock())
        return answers

    async def back(self, user: str) -> list[int]:
        answers = (await self.current(user))[:-1]
        await self.store.save_quiz(user, answers, self.clock())
        return answers

    async def cancel(self, user: str) -> None:
        await self.store.clear_quiz(user)

    def finished(self, answers: list[int]) -> bool:
        return len(answers) >= self.total
