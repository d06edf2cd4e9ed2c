"""Replies in Discord: a :class:`~bot.reply.Reply` sent as a message reply or an interaction
answer, with its follow-up buttons.

The buttons outlive the process: their custom ids carry everything needed to answer, and
``DynamicItem`` routes a click to them again after a restart.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from ..context import DM_GUILD, Scope
from ..ratelimit import Verdict
from ..reply import FollowUp, Reply
from .host import host
from .render import LABEL_LIMIT, MAX_BUTTONS, render

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()

_ID = r"[a-z0-9-]+"


def scope_of(source: discord.Message | discord.Interaction) -> Scope:
    guild = source.guild
    channel = source.channel
    user = source.author if isinstance(source, discord.Message) else source.user
    return Scope(
        str(guild.id) if guild else DM_GUILD,
        str(channel.id) if channel else "unknown",
        str(user.id),
    )


class FollowUpButton(
    discord.ui.DynamicItem[discord.ui.Button],
    # ":more" at the end asks for the whole answer (the "More" button).
    template=r"cb:(?P<intent>[a-z_.]+):(?P<careers>[a-z0-9,-]*):(?P<route>[a-z-]*)"
    r"(?::(?P<more>more))?",
):
    """ "Pay", "How to get there", "Save"...: asks the engine directly, skipping matching."""

    def __init__(self, follow_up: FollowUp) -> None:
        self.follow_up = follow_up
        careers = ",".join(follow_up.careers)
        more = ":more" if follow_up.more else ""
        super().__init__(
            discord.ui.Button(
                label=follow_up.label[:LABEL_LIMIT],
                style=discord.ButtonStyle.primary
                if follow_up.more
                else discord.ButtonStyle.secondary,
                custom_id=f"cb:{follow_up.intent}:{careers}:{follow_up.route or ''}{more}"[:100],
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> FollowUpButton:
        careers = tuple(c for c in match["careers"].split(",") if re.fullmatch(_ID, c))
        follow_up = FollowUp(
            getattr(item, "label", None) or "",
            match["intent"],
            careers,
            match["route"] or None,
            more=match["more"] is not None,
        )
        return cls(follow_up)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await within_limits(interaction)

    async def callback(self, interaction: discord.Interaction) -> None:
        up = self.follow_up
        result = await host(interaction).engine.ask(
            scope_of(interaction), up.intent, up.careers, up.route, detail=up.more
        )
        # Answer the student who clicked, privately: a click is not a message to the channel.
        await answer_interaction(interaction, result.reply, ephemeral=True)


def follow_up_view(follow_ups: tuple[FollowUp, ...]) -> discord.ui.View | None:
    if not follow_ups:
        return None
    view = discord.ui.View(timeout=None)
    for up in follow_ups[:MAX_BUTTONS]:
        view.add_item(FollowUpButton(up))
    return view


def _messages(reply: Reply) -> list[tuple[str | None, dict[str, Any]]]:
    """The reply as one or more messages: the embed goes on the first, the buttons on the last."""
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


SLOW_DOWN = (
    "You're sending messages faster than I can keep up with. Give me a few seconds, then ask again."
)


async def within_limits(interaction: discord.Interaction) -> bool:
    """The flood limits for a slash command or a click (their own budget, in the same windows
    as messages): over them, a private notice each time."""
    limiter = host(interaction).interaction_limiter
    verdict = limiter.check(str(interaction.user.id), channel_key(interaction))
    if verdict is not Verdict.ALLOW:
        # An interaction must be answered, or Discord shows the student "interaction failed":
        # the same private notice each time (a message in a channel gets it once).
        await tell(interaction, SLOW_DOWN)
    return verdict is Verdict.ALLOW


def channel_key(interaction: discord.Interaction) -> str:
    """The flood limits' key for where an interaction happened (a DM has no channel id)."""
    return str(interaction.channel_id) if interaction.channel_id else "dm"


async def tell(interaction: discord.Interaction, text: str) -> None:
    """A short private message to whoever clicked or typed the command, answered or not."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)
    except discord.HTTPException:
        log.warning("could not tell the user what happened", exc_info=True)


async def answer_interaction(
    interaction: discord.Interaction, reply: Reply, *, ephemeral: bool = False
) -> None:
    """Answer (or follow up, if already answered or deferred) within Discord's limits."""
    for content, kwargs in _messages(reply):
        if not interaction.response.is_done():
            await interaction.response.send_message(content, ephemeral=ephemeral, **kwargs)
        else:
            await interaction.followup.send(
                content or discord.utils.MISSING, ephemeral=ephemeral, **kwargs
            )
