"""The "forget me" confirmation: a button only the student it was shown to can press, and that
still works after a restart."""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from ..storage import StoreError
from .host import host

log = logging.getLogger(__name__)


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
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ForgetMeButton:
        return cls(int(match["user"]))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return interaction.user.id == self.user_id

    async def callback(self, interaction: discord.Interaction) -> None:
        # The deletion can outlast Discord's 3 seconds (a shared database, a busy disk): the
        # click is acknowledged first, and the message edited when it is done.
        await interaction.response.defer()
        try:
            # Returns only once the deletion is committed (and the write-ahead log emptied).
            removed = await host(interaction).store.delete_user(str(self.user_id))
        except StoreError:
            await interaction.edit_original_response(
                content=(
                    "Sorry, I couldn't delete your data just now: my storage isn't working. "
                    "Nothing was deleted yet. Please try again later, or tell a moderator."
                ),
                view=forget_view(self.user_id),
            )
            return
        log.info("deleted %d rows for a user on request", removed)
        await interaction.edit_original_response(
            content="Done: everything CareerBot stored about you is deleted.", view=None
        )


def forget_view(user_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ForgetMeButton(user_id))
    return view
