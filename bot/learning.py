"""Learning from missed questions: group them, merge taught phrasings, export them as YAML.

Pure functions over plain data; the store keeps the rows, the Discord cog and the CLI call these.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import yaml
from rapidfuzz import fuzz, process

from intents.registry import declared

from .knowledge import KnowledgeBase
from .matcher import Matcher
from .records import Learned, MissedEvent
from .text import clean

SAME_QUESTION = 82  # token_set_ratio at which two missed messages count as one question


@dataclass
class MissedGroup:
    """Near-duplicates and typos of one question; ``text`` is its first wording, as seen."""

    text: str
    events: list[MissedEvent] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.events)

    @property
    def id(self) -> int:
        """A stable name for the group: its first event's id. New misses join a group without
        changing it, so "teach group 812" means the question the moderator read."""
        return min(e.id for e in self.events)

    @property
    def first_seen(self) -> float:
        return min(e.at for e in self.events)

    @property
    def last_seen(self) -> float:
        return max(e.at for e in self.events)

    @property
    def best_guess(self) -> str | None:
        guesses = Counter(e.guess for e in self.events if e.guess)
        return guesses.most_common(1)[0][0] if guesses else None

    @property
    def event_ids(self) -> list[int]:
        return [e.id for e in self.events]


def group_containing(groups: Sequence[MissedGroup], event_id: int) -> MissedGroup | None:
    return next((g for g in groups if any(e.id == event_id for e in g.events)), None)


def group_missed(events: Sequence[MissedEvent]) -> list[MissedGroup]:
    """Greedy clustering by rapidfuzz similarity; most frequent group first."""
    groups: list[MissedGroup] = []
    keys: list[str] = []
    for event in events:
        key = clean(event.text)
        if not key:
            continue
        match = (
            process.extractOne(key, keys, scorer=fuzz.token_set_ratio, score_cutoff=SAME_QUESTION)
            if keys
            else None
        )
        if match is None:
            groups.append(MissedGroup(event.text, [event]))
            keys.append(key)
        else:
            groups[match[2]].events.append(event)
    groups.sort(key=lambda g: (-g.count, -g.last_seen))
    return groups


@dataclass(frozen=True)
class GuildLearning:
    """A server's taught phrasings, its compiled matcher, and the phrasings by normalized text."""

    learned: tuple[Learned, ...]
    matcher: Matcher
    exact: dict[str, tuple[str, str | None]]


def compile_learning(kb: KnowledgeBase, learned: Sequence[Learned]) -> GuildLearning:
    matcher = Matcher(kb, [(item.intent, item.text) for item in learned])
    exact = {
        " ".join(matcher.analyze(item.text).tokens): (item.intent, item.career)
        for item in learned
        if item.intent in kb.intents and (item.career is None or item.career in kb.careers)
    }
    return GuildLearning(tuple(learned), matcher, exact)


def validate_teaching(kb: KnowledgeBase, intent: str, career: str | None) -> str | None:
    """Why this mapping cannot be taught, or None when it is valid."""
    declaration = declared(intent)
    if intent not in kb.intents or declaration is None:
        return f"unknown intent '{intent}'"
    if not declaration.teachable:
        return f"'{intent}' can't be taught"
    if career is not None and career not in kb.careers:
        return f"unknown career '{career}'"
    return None


def teachable_intents(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(intent id, label) of every intent moderators may teach, in the file's order."""
    return [
        (intent, spec.label)
        for intent, spec in kb.intents.items()
        if (d := declared(intent)) is not None and d.teachable
    ]


def export_yaml(learned: Sequence[Learned], kb: KnowledgeBase) -> str:
    """Learned phrasings in ``data/intents.yaml``'s own shape, ready to merge."""
    matcher = Matcher(kb)
    by_intent: dict[str, list[str]] = {}
    notes: list[str] = []
    for item in learned:
        text = " ".join(item.text.split())
        if item.career and matcher.analyze(text).careers != [item.career]:
            notes.append(
                f"'{text}' was taught for {item.career}, which it does not name: "
                f"add the words it uses to that career's aliases in careers.yaml"
            )
        by_intent.setdefault(item.intent, []).append(text)
    document = {
        "intents": [
            {"id": intent, "examples": sorted(set(examples))}
            for intent, examples in sorted(by_intent.items())
        ]
    }
    header = [
        "# Phrasings moderators taught CareerBot, in data/intents.yaml's format.",
        "# Merge each list into the matching intent's examples, then run `careerbot check`.",
        *(f"# NOTE: {n}" for n in notes),
    ]
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(header) + "\n" + body
