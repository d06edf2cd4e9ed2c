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
    guild = source.guild
    if guild is None:  # a DM: the server where the student last talked with the bot
        last = await bot.store.last_guild(str(user.id))
        guild = bot.get_guild(int(last)) if last and last.isdigit() else None
        if guild is None:
            return False
    alerts = await bot.store.safety_alerts(str(guild.id))
    if alerts is None or not bot.alert_cooldown.ready(f"{guild.id}:{user.id}"):
        return False
    channel = guild.get_channel(int(alerts.channel))
    if not isinstance(channel, discord.abc.Messageable):
        log.warning("safety alert channel %s of server %s is gone", alerts.channel, guild.id)
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
        log.warning("could not post a safety alert in server %s", guild.id, exc_info=True)
        return False
    log.info("safety alert (%s) posted in server %s", concern.category, guild.id)
    return True
