"""The Discord bot: one ``commands.Bot`` whose features are cogs loaded in ``setup_hook``."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from ..backends import open_store
from ..config import Settings
from ..engine import Engine
from ..knowledge import KnowledgeBase
from ..learning import compile_learning
from ..ratelimit import Cooldown, Limit, RateLimiter
from ..reply import STORAGE_FAILED
from ..storage import Storage, StoreError
from .forget import ForgetMeButton
from .options import TooLong
from .quizview import QuizButton
from .replies import FollowUpButton, within_limits

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.discordbot.cogs.chat",
    "bot.discordbot.cogs.students",
    "bot.discordbot.cogs.moderation",
    "bot.discordbot.cogs.maintenance",
)


def make_intents() -> discord.Intents:
    """Only what the bot uses: servers and their channels, messages in them and in DMs, and
    their text (privileged: enable Message Content in the Developer Portal too)."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = True
    return intents


# The bot never joins voice: no warnings about voice libraries it doesn't need.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


# A bot starting beside its database server (compose, a reboot) waits this long for it.
DATABASE_START_WAIT = 60.0

CLICKS_PER_MESSAGE = 2  # interactions allowed for each message the flood limits allow

# Commands that screen a student's words for safety before counting them against the flood
# limits (a student in crisis is always answered); they apply the limits themselves.
SCREENED_FIRST = frozenset({"ask"})


class LimitedTree(app_commands.CommandTree):
    """Every slash command counts against the student's flood limits, like a message."""

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.type is discord.InteractionType.autocomplete:
            return True  # keystrokes while typing an option are not requests
        command = interaction.command
        if command is not None and command.qualified_name in SCREENED_FIRST:
            return True
        return await within_limits(interaction)


def shard_options(settings: Settings) -> dict[str, Any]:
    """discord.py's sharding options: unset, the count Discord recommends, all in this process;
    set, this process runs CAREERBOT_SHARD_IDS (default: all) of CAREERBOT_SHARD_COUNT."""
    if settings.shard_count is None:
        return {}
    return {"shard_count": settings.shard_count, "shard_ids": settings.shard_ids or None}


class CareerBot(commands.AutoShardedBot):
    store: Storage
    engine: Engine

    def __init__(self, settings: Settings, kb: KnowledgeBase, **options: Any) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=make_intents(),
            # Decided once, here: whatever a student writes, the bot's messages ping nobody.
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            tree_cls=LimitedTree,
            **{**shard_options(settings), **options},
        )
        self.settings = settings
        self.initial_kb = kb
        self.limiter = RateLimiter(
            Limit(settings.rate_user_messages, settings.rate_user_seconds),
            Limit(settings.rate_channel_messages, settings.rate_channel_seconds),
        )
        # Slash commands and clicks: the same windows, a larger budget, since a student
        # exploring one answer clicks Pay, Skills, Outlook... in a few seconds.
        self.interaction_limiter = RateLimiter(
            Limit(settings.rate_user_messages * CLICKS_PER_MESSAGE, settings.rate_user_seconds),
            Limit(
                settings.rate_channel_messages * CLICKS_PER_MESSAGE, settings.rate_channel_seconds
            ),
        )
        # One staff alert per student per server in this time, however many messages follow.
        self.alert_cooldown = Cooldown(settings.safety_alert_cooldown_minutes * 60)
        self.failed_extensions: list[str] = []
        self._learning_locks: dict[str, asyncio.Lock] = {}

    async def setup_hook(self) -> None:
        self.store = await open_store(
            self.settings.database,
            wait=DATABASE_START_WAIT,
            pool_size=self.settings.database_pool_size,
        )
        self.store.on_learning_changed(self._learning_changed_elsewhere)
        self.engine = Engine.from_settings(self.initial_kb, self.store, self.settings)
        for guild in {item.guild for item in await self.store.learned()}:
            if self.serves(guild):
                await self.refresh_learning(guild)
        # Buttons that keep working after a restart: their custom ids carry what they need.
        self.add_dynamic_items(FollowUpButton, ForgetMeButton, QuizButton)
        self.tree.error(self.on_app_command_error)
        for extension in EXTENSIONS:
            try:
                await self.load_extension(extension)
            except Exception:
                # One broken feature must not keep the rest of the bot offline.
                log.exception("failed to load extension %s", extension)
                self.failed_extensions.append(extension)

    def serves(self, guild: str) -> bool:
        """Whether this process runs the shard of ``guild`` (Discord's rule: the server id's
        timestamp bits, modulo the shard count); with no shard ids set, it runs them all."""
        shards = self.settings.shard_ids
        if not shards or self.settings.shard_count is None or not guild.isdigit():
            return True
        return (int(guild) >> 22) % self.settings.shard_count in shards

    async def refresh_learning(self, guild: str) -> None:
        """Recompile a server's taught phrasings (in a thread) and use them at once. One
        refresh per server at a time, so an older compile never lands after a newer one."""
        lock = self._learning_locks.setdefault(guild, asyncio.Lock())
        async with lock:
            learned = await self.store.learned(guild)
            compiled = (
                await asyncio.to_thread(compile_learning, self.engine.kb, learned)
                if learned
                else None
            )
            self.engine.install_learning(guild, compiled)

    async def _learning_changed_elsewhere(self, guild: str | None) -> None:
        """Another process changed taught phrasings (a shared database): use them here too."""
        if guild is not None:
            guilds = {guild}
        else:  # any may have changed: those with phrasings now, and those that had some
            guilds = {item.guild for item in await self.store.learned()}
            guilds |= set(self.engine.learned_guilds())
        for name in sorted(g for g in guilds if self.serves(g)):
            await self.refresh_learning(name)

    async def on_ready(self) -> None:
        shards = sorted(self.shards)
        log.info(
            "connected as %s to %d server(s) on shard(s) %s of %s",
            self.user,
            len(self.guilds),
            ", ".join(map(str, shards)),
            self.shard_count,
        )

    async def on_message(self, message: discord.Message, /) -> None:
        """Chat is handled by the chat cog; there are no prefix commands to process."""

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            store = getattr(self, "store", None)
            if store is not None:
                await store.close()
                log.info("database closed")

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """One place turns every slash-command failure into a short private message."""
        if isinstance(error, app_commands.CheckFailure | TooLong):
            message = str(error) or "You can't use this command here."
        elif isinstance(error, app_commands.CommandInvokeError) and isinstance(
            error.original, StoreError
        ):
            message = STORAGE_FAILED  # logged where it failed, with the file and the reason
        else:
            log.error(
                "slash command %s failed",
                getattr(interaction.command, "qualified_name", "?"),
                exc_info=error,
            )
            message = "Sorry, something went wrong on my side. Please try again in a moment."
        try:
            if interaction.response.is_done():
                await interaction.followup.send(message, ephemeral=True)
            else:
                await interaction.response.send_message(message, ephemeral=True)
        except discord.HTTPException:
            log.warning("could not report an error to the user", exc_info=True)

    def is_moderator(self, interaction: discord.Interaction) -> bool:
        """Manage Server, or the configured moderator role (by name or id)."""
        perms = interaction.permissions
        if perms.manage_guild or perms.administrator:
            return True
        role = self.settings.moderator_role
        member = interaction.user
        if role and isinstance(member, discord.Member):
            return any(r.name == role or str(r.id) == role for r in member.roles)
        return False


class NotModerator(app_commands.CheckFailure):
    """Raised by moderator checks; turned into an ephemeral refusal."""
