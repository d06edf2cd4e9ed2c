"""The one place handlers are registered, by intent id."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.knowledge import KnowledgeBase
from bot.knowledge.models import Career, Route
from bot.reply import Reply

CLARIFY = "_clarify"  # not an intent: the handler that asks "which one?"


@dataclass(frozen=True)
class Request:
    """Everything a handler may use. Chat, slash commands, buttons and the CLI all build one."""

    intent: str
    kb: KnowledgeBase
    careers: tuple[Career, ...] = ()
    route: Route | None = None
    tokens: tuple[str, ...] = ()
    saved: tuple[str, ...] = ()
    options: tuple[str, ...] = ()  # career or intent ids offered in a clarification
    reason: str | None = None
    outside: str | None = None
    suggestions: tuple[str, ...] = ()
    career_suggestions: tuple[str, ...] = ()
    pathway: str | None = None  # a cluster pathway chosen explicitly (slash command)
    concern: tuple[str, ...] = ()  # safety categories the message fits, most urgent first
    contact: str | None = None  # the school's own safety contact, when configured
    check_in: bool = False  # not understood, but hints at trouble: point to a real person

    @property
    def career(self) -> Career | None:
        return self.careers[0] if self.careers else None


Handler = Callable[[Request], Reply]
HANDLERS: dict[str, Handler] = {}


def handler(*intent_ids: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        for intent_id in intent_ids:
            if intent_id in HANDLERS:
                raise RuntimeError(f"two handlers for intent '{intent_id}'")
            HANDLERS[intent_id] = func
        return func

    return register


def dispatch(intent: str) -> Handler:
    return HANDLERS.get(intent) or HANDLERS["fallback"]
