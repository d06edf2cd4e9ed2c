"""Free chat: mentions, DMs and every message in channels moderators enabled."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from ...engine import Turn
from ...ratelimit import Verdict
from ..alerts import alert_staff
from ..replies import NO_PINGS, SLOW_DOWN, reply_to_message, scope_of

if TYPE_CHECKING:
    from ..client import CareerBot

log = logging.getLogger(__name__)


class Chat(commands.Cog):
    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    async def should_answer(self, message: discord.Message) -> bool:
        if message.author.bot or message.webhook_id is not None:
            return False  # never other bots (or itself): no loops
        if message.guild is None:
            return True
        me = self.bot.user
        if me is not None and me in message.mentions:
            return True
        channel_id = message.channel.id
        if channel_id in self.bot.settings.listen_channels:
            return True
        enabled = await self.bot.store.enabled_channels(str(message.guild.id))
        return str(channel_id) in enabled

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if not message.content.strip():
            return  # an image or a sticker with no words: nothing was asked
        if not await self.should_answer(message):
            return
        # Answered from a bounded prefix: a wall of text is never processed whole.
        text = message.content[: self.bot.settings.max_message_chars]
        me = self.bot.user
        if me is not None:
            text = text.replace(f"<@{me.id}>", " ").replace(f"<@!{me.id}>", " ")
        if not text.strip():
            text = "help"  # a bare mention: say what the bot can do
        # A student in crisis is answered before, and whatever, the flood limits say.
        screening = self.bot.engine.screen(text)
        if screening.concern is None:
            verdict = self.bot.limiter.check(str(message.author.id), str(message.channel.id))
            if verdict is Verdict.SILENT:
                return
            if verdict is Verdict.NOTICE:
                await message.reply(SLOW_DOWN, mention_author=False, allowed_mentions=NO_PINGS)
                return
        try:
            result = await self.bot.engine.handle(Turn(scope_of(message), text), screening)
            for reply in result.replies:  # one for each question the message asked
                await reply_to_message(message, reply)
            if result.concern is not None:
                await alert_staff(self.bot, message, result.concern)
        except discord.HTTPException:
            log.warning("could not reply in channel %s", message.channel.id, exc_info=True)
        except Exception:
            log.exception("failed to answer a message")


async def setup(bot: CareerBot) -> None:
    await bot.add_cog(Chat(bot))
