"""The interest quiz: answers become an interest profile, careers are ranked by how much of
their own profile the answers cover, and each result says which answers it came from."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .knowledge import KnowledgeBase

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
