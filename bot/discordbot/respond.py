"""Sending a :class:`~bot.reply.Reply` to Discord, as a message reply or an interaction answer."""

from __future__ import annotations

from typing import Any

import discord

from ..context import DM_GUILD, Scope
from ..reply import Reply
from .render import render

NO_PINGS = discord.AllowedMentions.none()


def scope_of(source: discord.Message | discord.Interaction) -> Scope:
    guild = source.guild
    channel = source.channel
    user = source.author if isinstance(source, discord.Message) else source.user
    return Scope(
        str(guild.id) if guild else DM_GUILD,
        str(channel.id) if channel else "unknown",
        str(user.id),
    )


def _messages(reply: Reply) -> list[tuple[str | None, dict[str, Any]]]:
    """The reply as one or more messages: the embed goes on the first, the buttons on the last."""
    from .components import follow_up_view

    rendered = render(reply)
    view = follow_up_view(rendered.followups)
    contents = rendered.contents or [""]
    messages = []
    for n, content in enumerate(contents):
        kwargs: dict[str, Any] = {"allowed_mentions": NO_PINGS}
        if n == 0 and rendered.embed is not None:
            kwargs["embed"] = rendered.embed
        if n == len(contents) - 1 and view is not None:
            kwargs["view"] = view
        messages.append((content or None, kwargs))
    return messages


async def reply_to_message(message: discord.Message, reply: Reply) -> None:
    for n, (content, kwargs) in enumerate(_messages(reply)):
        if n == 0:
            await message.reply(content, mention_author=False, **kwargs)
        else:
            await message.channel.send(content, **kwargs)


async def answer_interaction(
    interaction: discord.Interaction, reply: Reply, *, ephemeral: bool = False
) -> None:
    """Answer (or follow up, if already answered or deferred) within Discord's limits."""
    for content, kwargs in _messages(reply):
        if not interaction.response.is_done():
            await interaction.response.send_message(content, ephemeral=ephemeral, **kwargs)
        else:
            await interaction.followup.send(content, ephemeral=ephemeral, **kwargs)
