"""Recognize a student in crisis, in danger or being hurt, before anything else reads the message.

Pure and synchronous, like the matcher. :class:`SafetyScreen` compiles ``data/safety.yaml`` once
(``bot/knowledge/patterns.py`` has the pattern syntax):

- a category's ``patterns`` become one regular expression: any match fits the category;
- its ``cues`` are concepts weighed strong 3, medium 2, weak 1, each line counted once; a
  message whose cues add up to :data:`CUE_THRESHOLD` fits too, unless it is framed as a question
  about a job, a study or a story (``about_work``), which costs :data:`FRAME_PENALTY`;
- the longest word of a phrase also matches its plural or singular ("bridges", "pill").

A message goes through the same cleaning and slang expansion as the matcher's, plus a typo
repair of its own: a word the bot does not know, five letters or longer, that is one edit (two
from nine letters) from one of the file's ``typo_tolerant`` words and starts with the same
letter, is read as that word ("sucidal" -> "suicidal"); a dropped final g is put back
("thinkin"). Words the bot knows and the file's ``real_words`` are never repaired, so "amused"
never becomes "abused".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .cues import PatternCompiler
from .knowledge import KnowledgeBase
from .knowledge.models import SafetyCategory, SafetyRules
from .text import MAX_INPUT_CHARS, compile_phrases, join_spelled_out, tokenize

log = logging.getLogger(__name__)

SAFETY = "safety"  # the intent id of every safety answer

# Typo repair: words this short are never repaired (too many real words are one edit apart).
_MIN_REPAIRABLE = 5
_TWO_EDITS_FROM = 9
_REPAIR_CACHE_LIMIT = 20_000
_BLANK = "~"  # stands in for an ignored phrase: it is a word, so gaps still count it

# Cue weights: a strong cue is enough on its own, a medium one needs one more hint, weak ones
# only add up. Chosen with the counselors' reading of data/safety.yaml in mind: "rope" alone
# (2) is not enough, "rope" with "tonight" (3) is.
CUE_WEIGHTS = {"strong": 3, "medium": 2, "weak": 1}
CUE_THRESHOLD = 3
# In a message about a job, a study or a story (SafetyRules.about_work) every category's cue
# score is lowered by this much: a topic word alone (3) no longer fits, a disclosure needs 5
# ("i cant stop thinking about it" and a bridge and tonight). Measured on the safety sets:
# 1 let professional questions through, 3 missed disclosures in a career question.
FRAME_PENALTY = 2
# Cues add up only when they stand within this many words of each other (a sentence or two).
CUE_WINDOW = 30
# A message the bot did not understand, with cues adding up to this much but not to the
# threshold, gets one line pointing to a real person after the usual "I didn't catch that".
NEAR_MISS = 2
# Where one sentence ends and the next begins, for the frame of a job question (see _assess).
_SENTENCE_END = re.compile(r"[.!?\n]+")
_OWN_VOICE = frozenset("i im me my myself mine ive id ill".split())
_PEOPLE_IN_GENERAL = frozenset(
    "kids students children teens people clients patients someone somebody others".split()
)
_PUT_TO_THEM = ("do you ", "did you ", "have you ", "are you ", "would you ")


@dataclass(frozen=True, slots=True)
class Concern:
    """What the screen recognized: the most urgent category first."""

    category: str
    label: str
    matched: str  # the cleaned words that matched, for explain views and tests
    also: tuple[str, ...] = ()  # other categories the message fits too

    @property
    def categories(self) -> tuple[str, ...]:
        return (self.category, *self.also)


def describe(concern: Concern) -> str:
    """One line for explain views: what the screen recognized, and on which words."""
    also = f" (also {', '.join(concern.also)})" if concern.also else ""
    return f"safety:     {concern.category}{also}, matched '{concern.matched}'"


@dataclass(frozen=True, slots=True)
class Screening:
    """What the screen made of one message: a concern to answer, or perhaps only a hint."""

    concern: Concern | None
    hint: bool  # no concern, but cues add up to NEAR_MISS: worth pointing to a real person


@dataclass(frozen=True, slots=True)
class _Cue:
    weight: int
    regex: re.Pattern[str]
    first: frozenset[str] | None  # the words a match can start with; None: any


class SafetyScreen:
    def __init__(
        self, rules: SafetyRules, synonyms: Mapping[str, str], known_words: Collection[str]
    ) -> None:
        self.rules = rules
        self._synonyms = compile_phrases(synonyms)
        patterns = PatternCompiler(self._phrase, rules.words)
        self._ignore = patterns.either(rules.ignore)
        self._about_work = patterns.either(rules.about_work)
        self._categories: list[tuple[SafetyCategory, re.Pattern[str] | None, list[_Cue]]] = []
        for category in rules.categories:
            cues = [
                _Cue(weight, patterns.compile(p), patterns.first_words(p, plurals=False))
                for strength, weight in CUE_WEIGHTS.items()
                for p in getattr(category.cues, strength)
            ]
            self._categories.append((category, patterns.either(category.patterns), cues))
        self._protected = frozenset(known_words) | patterns.words | set(rules.real_words)
        # Letters spelled out one by one are joined only into the screen's own words.
        self._own_words = frozenset(patterns.words)
        self._by_initial: dict[str, list[str]] = {}
        for word in sorted({w for t in rules.typo_tolerant for w in tokenize(t)}):
            if word.isalpha() and len(word) >= _MIN_REPAIRABLE:
                self._by_initial.setdefault(word[0], []).append(word)
        self._repairs: dict[str, str | None] = {}

    def _phrase(self, text: str) -> list[str]:
        return self._synonyms.replace(tokenize(text))

    # ---- screening -----------------------------------------------------------------

    def _repair(self, word: str) -> str:
        if word in self._protected or not word.isalpha():
            return word
        if word.endswith("in") and word + "g" in self._protected:
            return word + "g"  # a dropped g: "thinkin", "givin", "cuttin"
        if len(word) < _MIN_REPAIRABLE:
            return word
        cached = self._repairs.get(word, ...)
        if cached is ...:
            limit = 2 if len(word) >= _TWO_EDITS_FROM else 1
            found = process.extractOne(
                word,
                self._by_initial.get(word[0], []),
                scorer=OSA.distance,
                score_cutoff=limit,
            )
            cached = found[0] if found else None
            if len(self._repairs) >= _REPAIR_CACHE_LIMIT:
                self._repairs.clear()  # hostile input must not grow memory without bound
            self._repairs[word] = cached
        return cached or word

    def normalize(self, text: str) -> str:
        """The message as the patterns see it: cleaned, typos repaired, slang expanded."""
        spelled = join_spelled_out(tokenize(text), self._own_words)
        tokens = [self._repair(t) for t in spelled]
        cleaned = " ".join(self._synonyms.replace(tokens))
        if self._ignore is not None:
            cleaned = self._ignore.sub(_BLANK, cleaned)
        return cleaned

    def screen(self, text: str) -> Concern | None:
        """The most urgent concern in ``text``, or None for an ordinary message."""
        return self.check(text).concern

    def check(self, text: str) -> Screening:
        """The most urgent concern in ``text``, or whether it at least hints at trouble."""
        found, best = self._assess(text)
        if not found:
            return Screening(None, hint=best >= NEAR_MISS)
        (first, matched), rest = found[0], found[1:]
        return Screening(
            Concern(first.id, first.label, matched, tuple(c.id for c, _ in rest)), True
        )

    def _assess(self, text: str) -> tuple[list[tuple[SafetyCategory, str]], int]:
        """The categories ``text`` fits (most urgent first), and the best cue score seen. The
        frame of a question about a job holds for its own sentence only: in "how much do
        counselors make? my brother keeps looking up bridges" the second sentence is read on
        its own, unframed."""
        cleaned = self.normalize(text)
        frame = self._about_work
        framed = frame is not None and frame.search(cleaned) is not None
        found, best = self._assess_cleaned(cleaned, FRAME_PENALTY if framed else 0)
        if found or frame is None or not framed or best + FRAME_PENALTY < CUE_THRESHOLD:
            return found, best  # (no sentence can reach what the whole message did not)
        # The message again without its job questions: the sentences it says in the
        # student's own voice, not about the people a job deals with ("i want to help kids
        # who are suicidal" still asks about the job), read together so that cues across
        # them still add up.
        rest: list[str] = []
        after_frame = False
        for sentence in _SENTENCE_END.split(text[:MAX_INPUT_CHARS]):
            part = self.normalize(sentence)
            if not part:
                continue
            # "what's it like being an ER nurse? do you see a lot of overdoses?": a question
            # put to the one in the job right after it still asks about the job.
            asks_them = after_frame and part.startswith(_PUT_TO_THEM)
            after_frame = bool(frame.search(part))
            if not (after_frame or asks_them or _PEOPLE_IN_GENERAL & set(part.split())):
                rest.append(part)
        unframed = " ".join(rest)
        if unframed == cleaned or not _OWN_VOICE & set(unframed.split()):
            return [], best
        found, score = self._assess_cleaned(unframed, 0)
        return found, max(best, score)

    def _assess_cleaned(
        self, cleaned: str, penalty: int
    ) -> tuple[list[tuple[SafetyCategory, str]], int]:
        words = set(cleaned.split())
        found: list[tuple[SafetyCategory, str]] = []
        best = 0
        for category, patterns, cues in self._categories:
            hit = patterns.search(cleaned) if patterns else None
            if hit is not None:
                found.append((category, hit.group(0)))
            elif cues:
                matched = _near_each_other(
                    [
                        (cleaned.count(" ", 0, m.start()), cue.weight, m.group(0))
                        for cue in cues
                        if (cue.first is None or not cue.first.isdisjoint(words))
                        and (m := cue.regex.search(cleaned))
                    ]
                )
                score = sum(w for w, _ in matched) - penalty
                best = max(best, score)
                if score >= CUE_THRESHOLD:
                    found.append((category, " + ".join(text for _, text in matched)))
        if found:
            log.debug("safety: %s (%r)", found[0][0].id, found[0][1])
        return found, best

    def self_test(self, more_safe: Collection[str] = ()) -> list[str]:
        """Problems with the rules: an example that does not match its category, or a safe
        example (``safe_examples`` and ``more_safe``, such as the example questions of
        intents.yaml) that sets the screen off."""
        problems = []
        for category in self.rules.categories:
            for example in category.examples:
                concern = self.screen(example)
                if concern is None or concern.category != category.id:
                    got = concern.category if concern else "nothing"
                    problems.append(
                        f"safety.yaml: {category.id}: example {example!r} is recognized as {got}"
                    )
        for example in (*self.rules.safe_examples, *more_safe):
            concern = self.screen(example)
            if concern is not None:
                problems.append(
                    f"safety.yaml: {example!r} must not set it off, but matches "
                    f"{concern.category} ({concern.matched!r})"
                )
        return problems


def _near_each_other(matches: list[tuple[int, int, str]]) -> list[tuple[int, str]]:
    """The cues (word position, weight, words) that count together: the heaviest set found
    within :data:`CUE_WINDOW` words of each other. In a long message, "no real plan" at the
    start and "campus" three sentences later are not one thought."""
    if len(matches) < 2:
        return [(w, t) for _, w, t in matches]
    best: list[tuple[int, str]] = []
    for start, _, _ in matches:
        window = [(w, t) for pos, w, t in matches if start <= pos < start + CUE_WINDOW]
        if sum(w for w, _ in window) > sum(w for w, _ in best):
            best = window
    return best


def check_safety(kb: KnowledgeBase, screen: SafetyScreen) -> list[str]:
    """The screen's self-test, with every example question of intents.yaml as a safe example:
    an ordinary career question must never be answered with help lines."""
    fill = {"{career}": "librarians", "{route}": "an apprenticeship", "{place}": "ohio"}
    questions = []
    for text in (*(e for spec in kb.intents.values() for e in spec.examples), *kb.followups):
        for slot, value in fill.items():
            text = text.replace(slot, value)
        questions.append(text)
    return screen.self_test(questions)
