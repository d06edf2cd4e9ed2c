"""Background upkeep: raw message text is purged after the retention window."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from discord.ext import commands, tasks

if TYPE_CHECKING:
    from ..client import CareerBot

log = logging.getLogger(__name__)


class Maintenance(commands.Cog):
    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.purge_old_text.start()

    async def cog_unload(self) -> None:
        self.purge_old_text.cancel()

    @tasks.loop(hours=1)
    async def purge_old_text(self) -> None:
        days = self.bot.settings.retention_days
        try:
            texts, conversations = await self.bot.store.purge(time.time() - days * 86_400)
        except Exception:
            log.exception("retention purge failed; will retry in an hour")
            return
        if texts or conversations:
            log.info(
                "purged the text of %d messages and %d conversations older than %g days",
                texts,
                conversations,
                days,
            )


async def setup(bot: CareerBot) -> None:
    await bot.add_cog(Maintenance(bot))
