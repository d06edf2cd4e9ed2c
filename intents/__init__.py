"""Intent handlers: one module per family, each registered by intent id in ``registry``.

Handlers take a :class:`~intents.registry.Request` and return a :class:`~bot.reply.Reply`; they
never touch Discord, storage or the matcher.
"""

from . import (
    careers,
    cluster,
    fallback,
    pathways,
    recommend,
    safety,
    saved,
    smalltalk,
    sources,
)
from .registry import (
    CLARIFY,
    DECLARATIONS,
    Request,
    declared,
    dispatch,
    handler,
    public_id,
    reports_careers,
    verify,
)

__all__ = [
    "CLARIFY",
    "DECLARATIONS",
    "Request",
    "careers",
    "cluster",
    "declared",
    "dispatch",
    "fallback",
    "handler",
    "pathways",
    "public_id",
    "recommend",
    "reports_careers",
    "safety",
    "saved",
    "smalltalk",
    "sources",
    "verify",
]
