"""What the bot remembers about one conversation (a guild, channel and user)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

# A comparison takes two careers, or up to this many named as a list ("librarian, tutor or
# para"): more would not fit side by side, and the comparison says which it shows.
MAX_COMPARED = 3
# The careers named together that the conversation keeps as its pair ("save librarian,
# tutor, para and school counselor", then "which one pays the most").
MAX_PAIR = 6

MAX_SOURCES = 20  # a reply cites a handful; a stored context is never trusted to be small
MAX_RECENT_CAREERS = 5
MAX_PEOPLE = 6  # people told about by their job ("my dad", "my aunt"), the latest kept

# The guild part of a scope outside any server.
DM_GUILD = "dm"
TERMINAL_GUILD = "cli"


@dataclass(frozen=True, slots=True)
class Scope:
    """Who is talking where. DMs and the terminal use a fixed guild/channel name."""

    guild: str
    channel: str
    user: str

    @property
    def key(self) -> str:
        return f"{self.guild}:{self.channel}:{self.user}"


@dataclass
class Pending:
    """A question the bot asked and is waiting to have answered."""

    kind: Literal["career", "intent", "compare"]
    intent: str
    options: list[str]
    careers: list[str] = field(default_factory=list)  # already known, e.g. one side of a compare
    misses: int = 0  # turns since it was asked that answered nothing ("hmm", "wait what")


@dataclass
class Context:
    careers: list[str] = field(default_factory=list)  # most recent first
    intent: str | None = None
    route: str | None = None
    pending: Pending | None = None
    suggestions: list[str] = field(default_factory=list)  # last recommended careers, in order
    # The last two careers named together, in the order named: "the first one", "the other".
    pair: list[str] = field(default_factory=list)
    compared: bool = False  # the last answer compared the pair ("and the outlook?" compares too)
    more: bool = False  # the last answer was cut short: "more" shows the rest
    sources: list[str] = field(default_factory=list)  # what the last sourced answer cited
    # The jobs of people the student told about: {"dad": career id}, for "my dads job".
    people: dict[str, str] = field(default_factory=dict)
    updated_at: float = 0.0

    @property
    def career(self) -> str | None:
        return self.careers[0] if self.careers else None

    def remember(self, careers: list[str]) -> None:
        merged = [*careers, *(c for c in self.careers if c not in careers)]
        self.careers = merged[:MAX_RECENT_CAREERS]

    def tell(self, people: Sequence[tuple[str, str]]) -> None:
        """Remember whose job each career is; the latest told win and the oldest go first."""
        for person, career in people:
            self.people.pop(person, None)
            self.people[person] = career
        while len(self.people) > MAX_PEOPLE:
            del self.people[next(iter(self.people))]

    def to_json(self) -> str:
        pending = self.pending
        return json.dumps(
            {
                "careers": self.careers,
                "intent": self.intent,
                "route": self.route,
                "pending": None
                if pending is None
                else {
                    "kind": pending.kind,
                    "intent": pending.intent,
                    "options": pending.options,
                    "careers": pending.careers,
                    "misses": pending.misses,
                },
                "suggestions": self.suggestions,
                "pair": self.pair,
                "compared": self.compared,
                "more": self.more,
                "sources": self.sources,
                "people": self.people,
                "updated_at": self.updated_at,
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, raw: str | None) -> Context:
        if not raw:
            return cls()
        try:
            data = json.loads(raw)
            pending = data.get("pending")
            return cls(
                careers=[str(c) for c in data.get("careers", [])][:MAX_RECENT_CAREERS],
                intent=data.get("intent"),
                route=data.get("route"),
                pending=Pending(**pending) if pending else None,
                suggestions=[str(c) for c in data.get("suggestions", [])],
                pair=[str(c) for c in data.get("pair", [])][:MAX_PAIR],
                compared=data.get("compared") is True,
                more=data.get("more") is True,
                sources=[str(x) for x in data.get("sources", [])][:MAX_SOURCES],
                people=_people(data.get("people")),
                updated_at=float(data.get("updated_at", 0.0)),
            )
        except (ValueError, TypeError, AttributeError):
            # A context saved by an older or broken version is not worth a crash: start fresh.
            return cls()


_MAX_ID_CHARS = 64  # a person word or a career id; a longer stored one is not ours


def _people(raw: object) -> dict[str, str]:
    """A stored ``people`` map, at most the latest MAX_PEOPLE of it; anything else in its
    place is dropped alone, not the whole context."""
    if not isinstance(raw, dict):
        return {}
    told = [
        (k, v)
        for k, v in raw.items()
        if isinstance(k, str) and isinstance(v, str) and max(len(k), len(v)) <= _MAX_ID_CHARS
    ]
    return dict(told[-MAX_PEOPLE:])
