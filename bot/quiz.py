"""The interest quiz: answers become an interest profile, careers are ranked by how much of
their own profile the answers cover, and each result says which answers it came from."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from .knowledge import KnowledgeBase
from .knowledge.models import LEVELS, QuizQuestion
from .reply import FollowUp, Reply
from .storage import QuizStore

CAP = 2  # an interest counts as fully covered once answers give it this much weight
MIN_SLOTS = 2  # a career with one interest is not a full match on one answer
TOP = 3
_DEGREE = LEVELS.index("bachelor's degree")
# Each level of school past what the student wants takes this share off a career's score.
SCHOOL_STEP = 0.25


@dataclass(frozen=True)
class Fit:
    career: str
    score: int  # 0-100: how well the career and the student's answers cover each other
    reasons: tuple[str, ...]  # the student's own answers that point to it, most telling first
    more_school: bool = False  # usually needs more school than the student said they want


def profile(kb: KnowledgeBase, answers: list[int]) -> Counter[str]:
    weights: Counter[str] = Counter()
    for question, choice in zip(kb.quiz, answers, strict=False):
        if 0 <= choice < len(question.answers):
            weights.update(question.answers[choice].weights)
    return weights


def school_wanted(kb: KnowledgeBase, answers: list[int]) -> int | None:
    """The most school the student wants, as an index of LEVELS, if a question asked."""
    for question, choice in zip(kb.quiz, answers, strict=False):
        if 0 <= choice < len(question.answers) and question.answers[choice].school:
            return LEVELS.index(question.answers[choice].school)
    return None


def rank(kb: KnowledgeBase, answers: list[int]) -> list[Fit]:
    """Careers best first. A score is the mean of two coverages: how much of the career's
    interests the answers cover, and how much of the answers the career's interests explain,
    so neither a narrow career nor a broad one wins on a single answer."""
    weights = profile(kb, answers)
    wanted = school_wanted(kb, answers)
    given = sum(weights.values()) or 1
    scored = []
    for career in kb.careers.values():
        interests = career.interests
        slots: dict[str, float] = {}
        for interest in interests:
            group = kb.interests[interest].group if interest in kb.interests else None
            key = f"group:{group}" if group else interest
            slots[key] = max(slots.get(key, 0.0), min(weights[interest], CAP) / CAP)
        covered = sum(slots.values()) / max(len(slots), MIN_SLOTS)
        explained = sum(weights[i] for i in interests) / given
        score = (covered + explained) / 2
        level = career.education.level
        more_school = wanted is not None and level is not None and level > wanted
        if more_school and wanted is not None and level is not None:
            score *= max(0.0, 1 - SCHOOL_STEP * (level - wanted))
        elif level is None and wanted is not None and wanted < _DEGREE:
            # Requirements vary by state or employer: not known to fit a student who wants
            # little school, so it doesn't outrank the careers known to.
            score *= 1 - SCHOOL_STEP
        scored.append((score, explained, career.id, more_school))
    scored.sort(key=lambda s: (-s[0], -s[1], s[2]))
    return [
        Fit(cid, round(100 * score), _reasons(kb, answers, cid), more)
        for score, _, cid, more in scored
    ]


def _reasons(kb: KnowledgeBase, answers: list[int], career_id: str) -> tuple[str, ...]:
    """The answers that point to the career, the heaviest for it first."""
    interests = set(kb.careers[career_id].interests)
    found: list[tuple[int, int, str]] = []
    for question, choice in zip(kb.quiz, answers, strict=False):
        if 0 <= choice < len(question.answers):
            answer = question.answers[choice]
            weight = sum(w for i, w in answer.weights.items() if i in interests)
            if weight:
                found.append((-weight, len(found), answer.label))
    return tuple(label for _, _, label in sorted(found))


def match_words(score: int) -> str:
    """How well a career fits, said without overclaiming a precision the quiz doesn't have."""
    if score >= 70:
        return "a strong match"
    if score >= 45:
        return "a good match"
    return "a partial match"


def reason_line(fit: Fit, others: tuple[Fit, ...] = ()) -> str:
    """Why this result: the student's answers that point to it, those that set it apart from
    the other results first."""
    if not fit.reasons:
        return "A broad match for your answers."
    shared = {r for o in others for r in o.reasons}
    own = [r for r in fit.reasons if r not in shared] + [r for r in fit.reasons if r in shared]
    picked = " and ".join(f"“{r}”" for r in own[:2])
    return f"Because you picked {picked}."


def _what_it_is(kb: KnowledgeBase, fit: Fit) -> str:
    """What sets the career apart from the other results: a duty, and the school it takes."""
    career = kb.careers[fit.career]
    duty = career.duties[0]
    text = f" You'd {duty[:1].lower()}{duty[1:].rstrip('.')}."
    typical = career.education.typical
    if typical is None:
        return text
    if fit.more_school:
        return (
            text
            + f" It usually takes more school than you want: {typical[:1].lower()}{typical[1:]}."
        )
    return text + f" Usually starts with: {typical[:1].lower()}{typical[1:]}."


def result_reply(kb: KnowledgeBase, answers: list[int]) -> Reply:
    """The top careers, how well each fits and why, with buttons to open or save them."""
    fits = rank(kb, answers)[:TOP]
    lines = []
    followups: list[FollowUp] = []
    for n, fit in enumerate(fits, 1):
        career = kb.careers[fit.career]
        others = tuple(f for f in fits if f is not fit)
        lines.append(
            f"**{n}. {career.title}**: {match_words(fit.score)}. "
            f"{reason_line(fit, others)}{_what_it_is(kb, fit)}"
        )
        followups.append(FollowUp(f"Open: {career.short_name}", "career.overview", (career.id,)))
    followups += [
        FollowUp(f"Save: {kb.careers[f.career].short_name}", "save_career", (f.career,))
        for f in fits
    ]
    return Reply(
        title="Your quiz results",
        text="\n".join(lines)
        + "\nA match says how well your answers and each career's usual interests line up; "
        "it's a starting point to explore, not a verdict.",
        followups=tuple(followups),
        options=tuple(f.career for f in fits),
    )


def choice_from_text(question: QuizQuestion, text: str) -> int | None:
    """The answer a student typed, by its number or its words ("teens", "a library"). Every
    word that says something must match a word of the answer; a tie or a "not" asks again."""
    text = text.strip().lower()
    if text.isdigit():
        n = int(text)
        return n - 1 if 1 <= n <= len(question.answers) else None
    words = [w for w in _plain(text).split() if len(w) > 2 and w not in _SAYS_NOTHING]
    if not words or any(w in _NEGATIONS for w in _plain(text).split()):
        return None
    fits = []
    for n, answer in enumerate(question.answers):
        label = _plain(answer.label).split()
        # a word or its beginning: "teens" is "teen(agers)"
        scores = [
            max(max(fuzz.ratio(w, word), fuzz.ratio(w, word[: len(w)])) for word in label)
            for w in words
        ]
        if min(scores) >= QUIZ_TEXT_CUTOFF:
            fits.append((sum(scores) / len(scores), n))
    fits.sort(reverse=True)
    if not fits or (len(fits) > 1 and fits[0][0] - fits[1][0] < _CLEAR_LEAD):
        return None
    return fits[0][1]


QUIZ_TEXT_CUTOFF = 80  # a typed word this close to a word of an answer names it ("teens")
_CLEAR_LEAD = 5  # two answers closer than this: ask again rather than guess
_SAYS_NOTHING = frozenset("the and with for you like really most want would".split())
_NEGATIONS = frozenset("not no never dont don't nothing none".split())
_NUMBER_WORDS = {"2": "two", "4": "four", "1": "one"}


def _plain(text: str) -> str:
    """Lowercase words, hyphens as spaces, small numbers spelled out ("4-year": "four year")."""
    words = text.lower().replace("-", " ").split()
    return " ".join(_NUMBER_WORDS.get(w, w) for w in words)


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
        began = time.monotonic()
        answers = await self.current(user)
        if question != len(answers) or question >= self.total:
            return None
        if not 0 <= choice < len(self.kb.quiz[question].answers):
            return None
        if self.store.forgotten_since(user, began):
            return None  # read before the student was forgotten: never written back
        answers.append(choice)
        await self.store.save_quiz(user, answers, self.clock())
        return answers

    async def back(self, user: str) -> list[int]:
        began = time.monotonic()
        answers = (await self.current(user))[:-1]
        if not self.store.forgotten_since(user, began):
            await self.store.save_quiz(user, answers, self.clock())
        return answers

    async def cancel(self, user: str) -> None:
        await self.store.clear_quiz(user)

    def finished(self, answers: list[int]) -> bool:
        return len(answers) >= self.total
