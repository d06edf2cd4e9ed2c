"""The quiz in Discord: one question at a time, answer buttons, back and cancel.

Every button's custom id names the student and the question, and progress lives in SQLite, so
a quiz resumes after a restart and a stale or foreign click changes nothing.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from ..quiz import QuizProgress, result_reply
from ..reply import STORAGE_FAILED
from ..storage import StoreError
from .host import host
from .render import LABEL_LIMIT, render
from .replies import NO_PINGS, follow_up_view, tell


def question_message(progress: QuizProgress, user_id: int, answers: list[int]):
    """(embed, view) for the next question."""
    index = len(answers)
    question = progress.kb.quiz[index]
    embed = discord.Embed(
        title=f"Question {index + 1} of {progress.total}",
        description=question.text,
        colour=0x2E86AB,
    )
    done = "●" * index + "○" * (progress.total - index)
    embed.set_footer(text=f"{done}  Your answers are saved: you can stop and come back.")
    view = discord.ui.View(timeout=None)
    for n, answer in enumerate(question.answers):
        view.add_item(QuizButton(user_id, f"{index}:{n}", answer.label, row=min(n // 3, 1)))
    if index > 0:
        view.add_item(QuizButton(user_id, "back", "Back", row=2))
    view.add_item(QuizButton(user_id, "cancel", "Cancel", row=2))
    return embed, view


def results_message(progress: QuizProgress, answers: list[int]):
    rendered = render(result_reply(progress.kb, answers))
    return rendered.embed, follow_up_view(rendered.followups)


class QuizButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"cbq:(?P<user>\d+):(?P<action>\d+:\d+|back|cancel)",
):
    def __init__(self, user_id: int, action: str, label: str = "", row: int | None = None) -> None:
        self.user_id = user_id
        self.action = action
        style = (
            discord.ButtonStyle.secondary
            if action in ("back", "cancel")
            else discord.ButtonStyle.primary
        )
        super().__init__(
            discord.ui.Button(
                label=label[:LABEL_LIMIT] or action,
                style=style,
                custom_id=f"cbq:{user_id}:{action}",
                row=row,
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> QuizButton:
        return cls(int(match["user"]), match["action"], getattr(item, "label", None) or "")

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.user_id:
            await interaction.response.send_message(
                "This is someone else's quiz. Start your own with /quiz.", ephemeral=True
            )
            return False
        # Not counted against the flood limits: a quiz is nine quick private clicks that
        # only edit the student's own message.
        return True

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self._step(interaction)
        except StoreError:
            await tell(interaction, STORAGE_FAILED)

    async def _step(self, interaction: discord.Interaction) -> None:
        bot = host(interaction)
        progress = QuizProgress(bot.engine.kb, bot.store)
        user = str(self.user_id)
        if self.action == "cancel":
            await progress.cancel(user)
            await interaction.response.edit_message(
                content="Quiz cancelled. Start again any time with /quiz.", embed=None, view=None
            )
            return
        if self.action == "back":
            answers = await progress.back(user)
        else:
            question, choice = (int(x) for x in self.action.split(":"))
            answered = await progress.answer(user, question, choice)
            # a stale button: show where the student really is
            answers = answered if answered is not None else await progress.current(user)
        if progress.finished(answers):
            await progress.cancel(user)
            embed, view = results_message(progress, answers)
            await interaction.response.edit_message(
                content=None, embed=embed, view=view, allowed_mentions=NO_PINGS
            )
            return
        embed, view = question_message(progress, self.user_id, answers)
        await interaction.response.edit_message(content=None, embed=embed, view=view)
