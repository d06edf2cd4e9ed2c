"""The records storage keeps and returns, shared by every backend and their users."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from .context import Scope


@dataclass(frozen=True, slots=True)
class Event:
    at: float
    scope: Scope
    intent: str
    career: str | None
    outcome: str
    confidence: float
    text: str | None
    guess: str | None = None
    # When the turn read the conversation's context (time.monotonic() of this process); a turn
    # that began before its student was forgotten is never written. 0: unknown, the oldest.
    began: float = 0.0


@dataclass(frozen=True, slots=True)
class Learned:
    id: int
    guild: str
    text: str
    intent: str
    career: str | None
    added_at: float


@dataclass(frozen=True, slots=True)
class MissedEvent:
    id: int
    at: float
    channel: str
    user: str
    text: str
    outcome: str
    guess: str | None


@dataclass(frozen=True, slots=True)
class Stats:
    messages: int
    students: int
    answered: int
    clarified: int
    fallbacks: int
    top_intents: list[tuple[str, int]]
    top_careers: list[tuple[str, int]]
    safety: int = 0  # messages answered with help lines (a count, never who or what)

    @property
    def answer_rate(self) -> float:
        """Share of the career questions answered (safety answers are not career questions)."""
        asked = self.messages - self.safety
        return self.answered / asked if asked else 0.0


@dataclass(frozen=True, slots=True)
class SafetyAlerts:
    """Where a server's staff hear about a student who may need help."""

    guild: str
    channel: str
    role: str | None


class UserData(TypedDict):
    """Everything stored about one student, as ``/mydata`` shows and exports it."""

    quiz_answers: list[int] | None
    saved_careers: list[str]
    conversations: list[dict[str, object]]
    # Every logged message: when, where, what the bot understood, and the text while it is kept.
    messages: list[dict[str, object]]
    events: int
    events_with_text: int
    first_event_at: float | None
    last_event_at: float | None


# The columns behind each message in /mydata, in the order message_of reads them.
MESSAGE_COLUMNS = "at, guild_id, channel_id, intent, career, outcome, text"


def message_of(row: Sequence[Any]) -> dict[str, object]:
    """One logged message, as /mydata shows and exports it."""
    at, guild, channel, intent, career, outcome, text = row
    return {
        "at": at,
        "guild": guild,
        "channel": channel,
        "understood_as": intent,
        "career": career,
        "outcome": outcome,
        "text": text,
    }


# The columns missed_events reads, ordered by channel, student, time (REVIEW_ORDER).
REVIEW_COLUMNS = "id, at, channel_id, user_id, text, outcome, guess, resolved"
REVIEW_ORDER = "channel_id, user_id, at, id"


def missed_events(rows: Sequence[Sequence[Any]]) -> list[MissedEvent]:
    """Unresolved fallbacks, and clarifications the student never answered (a clarification
    followed by the same student's answered turn is not missed), oldest first."""
    missed: list[MissedEvent] = []
    for n, (eid, at, channel, user, text, outcome, guess, resolved) in enumerate(rows):
        if resolved or not text or outcome not in ("fallback", "clarify"):
            continue
        nxt = rows[n + 1] if n + 1 < len(rows) else None
        if (
            outcome == "clarify"
            and nxt is not None
            and (nxt[2], nxt[3]) == (channel, user)
            and nxt[5] == "answer"
        ):
            continue
        missed.append(MissedEvent(eid, at, channel, user, text, outcome, guess))
    missed.sort(key=lambda e: e.at)
    return missed
