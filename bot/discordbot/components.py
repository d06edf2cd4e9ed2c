"""Buttons that outlive the process: their custom ids carry everything needed to answer, and
``DynamicItem`` routes a click to them again after a restart."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from ..reply import FollowUp
from .render import LABEL_LIMIT, MAX_BUTTONS
from .respond import answer_interaction, scope_of

if TYPE_CHECKING:
    from .client import CareerBot

log = logging.getLogger(__name__)

_ID = r"[a-z0-9-]+"


class FollowUpButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"cb:(?P<intent>[a-z_.]+):(?P<careers>[a-z0-9,-]*):(?P<route>[a-z-]*)",
):
    """ "Pay", "How to get there", "Save"...: asks the engine directly, skipping matching."""

    def __init__(self, follow_up: FollowUp) -> None:
        self.follow_up = follow_up
        careers = ",".join(follow_up.careers)
        super().__init__(
            discord.ui.Button(
                label=follow_up.label[:LABEL_LIMIT],
                style=discord.ButtonStyle.secondary,
                custom_id=f"cb:{follow_up.intent}:{careers}:{follow_up.route or ''}"[:100],
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> FollowUpButton:
        careers = tuple(c for c in match["careers"].split(",") if re.fullmatch(_ID, c))
        follow_up = FollowUp(item.label or "", match["intent"], careers, match["route"] or None)
        return cls(follow_up)

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        bot: CareerBot = interaction.client  # type: ignore[assignment]
        up = self.follow_up
        result = await bot.engine.ask(scope_of(interaction), up.intent, up.careers, up.route)
        # Answer the student who clicked, privately: a click is not a message to the channel.
        await answer_interaction(interaction, result.reply, ephemeral=True)


class ForgetMeButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"cb-forget:(?P<user>\d+)"
):
    """Confirms "delete everything about me". Only the student it was shown to can press it."""

    def __init__(self, user_id: int) -> None:
        self.user_id = user_id
        super().__init__(
            discord.ui.Button(
                label="Delete everything",
                style=discord.ButtonStyle.danger,
                custom_id=f"cb-forget:{user_id}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> ForgetMeButton:
        return cls(int(match["user"]))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return interaction.user.id == self.user_id

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        bot: CareerBot = interaction.client  # type: ignore[assignment]
        removed = await bot.store.delete_user(str(self.user_id))
        log.info("deleted %d rows for a user on request", removed)
        await interaction.response.edit_message(
            content="Done: everything CareerBot stored about you is deleted.", view=None
        )


def follow_up_view(follow_ups: tuple[FollowUp, ...]) -> discord.ui.View | None:
    if not follow_ups:
        return None
    view = discord.ui.View(timeout=None)
    for up in follow_ups[:MAX_BUTTONS]:
        view.add_item(FollowUpButton(up))
    return view


def forget_view(user_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ForgetMeButton(user_id))
    return view


def _dynamic_items() -> tuple[type[Any], ...]:
    from .quizview import QuizButton

    return (FollowUpButton, ForgetMeButton, QuizButton)


DYNAMIC_ITEMS: tuple[type[Any], ...] = _dynamic_items()
