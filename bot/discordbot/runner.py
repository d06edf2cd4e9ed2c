"""Start the Discord bot and stop it cleanly on Ctrl-C or SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

import aiohttp
import discord

from ..config import Settings
from ..knowledge import KnowledgeBase
from ..storage import StoreError, StoreUnavailable
from .client import CareerBot

log = logging.getLogger(__name__)


class StartupError(Exception):
    """The bot cannot start; the message says what to fix, in one line."""


async def run_bot(settings: Settings, kb: KnowledgeBase) -> None:
    assert settings.discord_token is not None
    token = settings.discord_token.get_secret_value().strip()
    bot = CareerBot(settings, kb)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        # Not available off the main thread or on Windows; Ctrl-C still works there.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    async with bot:
        runner = asyncio.create_task(_start(bot, token, stop), name="discord")
        stopper = asyncio.create_task(stop.wait(), name="stop")
        done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if stopper in done:
            log.info("shutting down")
        else:
            stopper.cancel()
        try:
            if runner in done:
                runner.result()
        except discord.LoginFailure as exc:
            raise StartupError(
                "Discord rejected DISCORD_TOKEN. Reset the token in the Developer Portal "
                "(your application > Bot) and put the new one in .env."
            ) from exc
        except StoreUnavailable:
            raise  # an outage, not a setting to fix: the supervisor retries
        except StoreError as exc:
            raise StartupError(str(exc)) from exc
        except discord.PrivilegedIntentsRequired as exc:
            raise StartupError(
                "Discord refused the Message Content intent. Turn it on in the Developer Portal "
                "(your application > Bot > Privileged Gateway Intents)."
            ) from exc
        finally:
            await bot.close()
            if not runner.done():
                runner.cancel()


# A school firewall or a network outage at start: try again, waiting longer each time.
FIRST_RETRY_SECONDS = 5.0
LONGEST_RETRY_SECONDS = 300.0
# Discord's own 5xx at start is an outage too, not the operator's mistake.
_UNREACHABLE = (
    aiohttp.ClientConnectionError,
    asyncio.TimeoutError,
    OSError,
    discord.DiscordServerError,
)


async def _start(bot: CareerBot, token: str, stop: asyncio.Event) -> None:
    """Log in, retrying with backoff while Discord can't be reached (saying so each time), then
    connect; discord.py reconnects by itself once connected. A stop request ends the wait."""
    delay = FIRST_RETRY_SECONDS
    while True:
        try:
            await bot.login(token)
            break
        except _UNREACHABLE as exc:
            log.warning(
                "cannot reach Discord (%s); retrying in %.0f s. Behind a firewall? Allow "
                "outgoing HTTPS to discord.com and gateway.discord.gg.",
                _reason(exc),
                delay,
            )
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
            return
        delay = min(delay * 2, LONGEST_RETRY_SECONDS)
    await bot.connect(reconnect=True)


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) < 160 else text[:157] + "..."


async def sync_commands(settings: Settings, kb: KnowledgeBase, guild_id: int | None) -> int:
    """Log in over HTTP only, publish the slash commands, and return how many were synced."""
    assert settings.discord_token is not None
    bot = CareerBot(settings, kb)
    async with bot:
        try:
            await bot.login(settings.discord_token.get_secret_value().strip())
        except discord.LoginFailure as exc:
            raise StartupError("Discord rejected DISCORD_TOKEN.") from exc
        guild = discord.Object(id=guild_id) if guild_id else None
        if guild is not None:
            bot.tree.copy_global_to(guild=guild)
        synced = await bot.tree.sync(guild=guild)
    return len(synced)
