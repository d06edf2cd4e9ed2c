"""What buttons and views need of the bot, as a small typed interface.

A button's callback gets the running client from ``interaction.client``; it reaches the engine
and the store through :class:`BotHost` instead of importing the client module (which imports
the buttons to register them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    import discord

    from ..engine import Engine
    from ..ratelimit import RateLimiter
    from ..storage import Storage


class BotHost(Protocol):
    @property
    def engine(self) -> Engine: ...

    @property
    def store(self) -> Storage: ...

    @property
    def interaction_limiter(self) -> RateLimiter: ...


def host(interaction: discord.Interaction) -> BotHost:
    """The bot behind an interaction (a ``CareerBot``, seen through its interface)."""
    return cast(BotHost, interaction.client)
