"""Two students and an event to record: shared by the storage tests."""

from bot.context import Scope
from bot.records import Event

ALICE = Scope("g1", "c1", "alice")
BOB = Scope("g1", "c1", "bob")


def event(scope: Scope, text: str = "hi") -> Event:
    return Event(
        at=1.0,
        scope=scope,
        intent="greet",
        career=None,
        outcome="answer",
        confidence=1.0,
        text=text,
    )
