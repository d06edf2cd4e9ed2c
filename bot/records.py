"""The records storage keeps and returns, shared by every backend and their users."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

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
