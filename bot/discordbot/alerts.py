"""Telling a server's staff, when the server opted in, that a student may need help.

What staff see is decided here and documented in the README's privacy section: the category,
the student (as a mention, so staff can act, but without a ping), where it happened with a jump
link, and never the message text. Only the configured role is pinged.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from ..safety import Concern
from ..storage import StoreError

if TYPE_CHECKING:
    from ..records import SafetyAlerts
    from .client import CareerBot

log = logging.getLogger(__name__)


def alert_text(
    concern: Concern, alerts: SafetyAlerts, user_id: int, where: str, jump_url: str | None
) -> str:
    ping = f"<@&{alerts.role}> " if alerts.role else ""
    link = f" ([jump to the message]({jump_url}))" if jump_url else ""
    return (
        f"{ping}**CareerBot safety alert: {concern.label}**\n"
        f"A student may need help: <@{user_id}> {where}{link}.\n"
        "CareerBot answered with help lines and urged them to talk to a trusted adult. It "
        "doesn't copy the message here. This alert comes from a phrase screen and can be "
        "wrong; please check in with the student."
    )


async def alert_staff(
    bot: CareerBot, source: discord.Message | discord.Interaction, concern: Concern
) -> bool:
    """Post an alert in the staff channel of the student's server; False when none was sent
    (alerts off, no server known, cooling down, or Discord refused)."""
    user = source.author if isinstance(source, discord.Message) else source.user
    try:
        if source.guild is not None:
            guild_id = source.guild.id
        else:  # a DM: the server where the student last talked with the bot
            last = await bot.store.last_guild(str(user.id))
            if not (last and last.isdigit()):
                return False
            guild_id = int(last)
        alerts = await bot.store.safety_alerts(str(guild_id))
    except StoreError:
        log.error("could not read where to send a safety alert; staff were not alerted")
        return False
    if alerts is None or not bot.alert_cooldown.ready(f"{guild_id}:{user.id}"):
        return False
    channel: discord.abc.Messageable | None
    guild = bot.get_guild(guild_id)
    if guild is not None:
        found = guild.get_channel(int(alerts.channel))
        channel = found if isinstance(found, discord.abc.Messageable) else None
    elif bot.serves(str(guild_id)):
        channel = None  # a server of our own shards the bot is no longer in
    else:
        # That server is on a shard another process serves (DMs all arrive on shard 0):
        # the channel is known from the shared settings, and the message goes over HTTP.
        channel = bot.get_partial_messageable(int(alerts.channel), guild_id=guild_id)
    if channel is None:
        log.warning("safety alert channel %s of server %s is gone", alerts.channel, guild_id)
        return False
    if source.guild is None:
        where, jump = "wrote to CareerBot in a direct message (staff can't open it)", None
    elif isinstance(source, discord.Message):
        where, jump = f"wrote in <#{source.channel.id}>", source.jump_url
    else:
        where, jump = f"used /ask in <#{source.channel_id}> (the answer was private)", None
    mentions = discord.AllowedMentions(
        everyone=False,
        users=False,
        roles=[discord.Object(int(alerts.role))] if alerts.role else False,
        replied_user=False,
    )
    try:
        await channel.send(
            alert_text(concern, alerts, user.id, where, jump),
            allowed_mentions=mentions,
            suppress_embeds=True,
        )
    except discord.HTTPException:
        log.warning("could not post a safety alert in server %s", guild_id, exc_info=True)
        return False
    log.info("safety alert (%s) posted in server %s", concern.category, guild_id)
    return True
