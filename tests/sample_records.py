"""Two students and events to record: shared by the storage tests."""

from __future__ import annotations

import time

from bot.context import Scope
from bot.records import Event

ALICE = Scope("g1", "c1", "alice")
BOB = Scope("g1", "c1", "bob")


def event(
    scope: Scope,
    text: str = "hi",
    *,
    at: float = 1.0,
    intent: str = "greet",
    career: str | None = None,
    outcome: str = "answer",
) -> Event:
    return Event(
        at=at,
        scope=scope,
        intent=intent,
        career=career,
        outcome=outcome,
        confidence=1.0,
        text=text,
        began=time.monotonic(),  # the turn begins as it is made
    )
