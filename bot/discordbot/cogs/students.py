"""Slash commands for students: careers, comparisons, routes, questions, saved list, privacy."""

from __future__ import annotations

import io
import json
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from intents.registry import aspects

from ...engine import Turn
from ...quiz import QuizProgress
from ..alerts import alert_staff
from ..choices import MAX_CHOICES, career_choices
from ..forget import forget_view
from ..options import Name, Question
from ..quizview import question_message, results_message
from ..replies import NO_PINGS, answer_interaction, scope_of, within_limits

if TYPE_CHECKING:
    from ..client import CareerBot

log = logging.getLogger(__name__)


# "/career aspect:" choices: every intent declared as one side of a career.
ASPECTS = {d.aspect: d.id for d in aspects() if d.aspect}


class Students(commands.Cog):
    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    # ---- helpers -------------------------------------------------------------------

    def resolve_career(self, value: str) -> str | None:
        """The chosen id, or the best match for text typed without picking a suggestion."""
        if value in self.bot.engine.kb.careers:
            return value
        found = self.bot.engine.directory.suggest_careers(value, limit=1)
        return found[0] if found else None

    async def unknown_career(self, interaction: discord.Interaction, value: str) -> None:
        await interaction.response.send_message(
            "I don't know that career. Start typing and pick one of the suggestions, "
            "or use /careers to see them all.",
            ephemeral=True,
        )

    async def career_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return career_choices(self.bot.engine, current)

    # ---- commands ------------------------------------------------------------------

    @app_commands.command(name="career", description="Learn about one education career")
    @app_commands.describe(name="The career (start typing)", aspect="What you want to know")
    @app_commands.autocomplete(name=career_autocomplete)
    @app_commands.choices(aspect=[app_commands.Choice(name=a, value=a) for a in ASPECTS])
    async def career(
        self,
        interaction: discord.Interaction,
        name: Name,
        aspect: app_commands.Choice[str] | None = None,
    ) -> None:
        career = self.resolve_career(name)
        if career is None:
            return await self.unknown_career(interaction, name)
        intent = ASPECTS[aspect.value] if aspect else "career.overview"
        result = await self.bot.engine.ask(scope_of(interaction), intent, (career,))
        await answer_interaction(interaction, result.reply)

    @app_commands.command(name="careers", description="List the careers, by cluster pathway")
    @app_commands.describe(pathway="Only one pathway")
    @app_commands.choices(
        pathway=[
            app_commands.Choice(name="Teaching and training", value="teaching-training"),
            app_commands.Choice(name="Professional support", value="professional-support"),
            app_commands.Choice(name="Administration", value="administration"),
        ]
    )
    async def careers(
        self, interaction: discord.Interaction, pathway: app_commands.Choice[str] | None = None
    ) -> None:
        result = await self.bot.engine.ask(
            scope_of(interaction), "careers.list", pathway=pathway.value if pathway else None
        )
        await answer_interaction(interaction, result.reply)

    @app_commands.command(name="compare", description="Compare two careers side by side")
    @app_commands.autocomplete(first=career_autocomplete, second=career_autocomplete)
    async def compare(self, interaction: discord.Interaction, first: Name, second: Name) -> None:
        a, b = self.resolve_career(first), self.resolve_career(second)
        if a is None or b is None:
            return await self.unknown_career(interaction, first if a is None else second)
        if a == b:
            await interaction.response.send_message(
                "Pick two different careers to compare.", ephemeral=True
            )
            return
        result = await self.bot.engine.ask(scope_of(interaction), "career.compare", (a, b))
        await answer_interaction(interaction, result.reply)

    @app_commands.command(name="routes", description="Ways into education careers")
    @app_commands.choices(
        route=[
            app_commands.Choice(name="Bachelor's degree + license", value="bachelors-degree"),
            app_commands.Choice(
                name="Alternative certification", value="alternative-certification"
            ),
            app_commands.Choice(
                name="Apprenticeship / vocational training", value="vocational-apprenticeship"
            ),
            app_commands.Choice(name="Graduate degree", value="graduate-degree"),
            app_commands.Choice(name="Associate degree", value="associate-degree"),
        ]
    )
    async def routes(
        self, interaction: discord.Interaction, route: app_commands.Choice[str] | None = None
    ) -> None:
        result = await self.bot.engine.ask(
            scope_of(interaction), "pathway.info", route=route.value if route else None
        )
        await answer_interaction(interaction, result.reply)

    @app_commands.command(name="ask", description="Ask CareerBot anything about education careers")
    @app_commands.describe(question="Your question, in your own words")
    async def ask(self, interaction: discord.Interaction, question: Question) -> None:
        # Read from the same bounded prefix as a chat message (CAREERBOT_MAX_MESSAGE_CHARS).
        question = question[: self.bot.settings.max_message_chars]
        screening = self.bot.engine.screen(question)
        # Screened first: a student in crisis is answered whatever the flood limits say.
        if screening.concern is None and not await within_limits(interaction):
            return
        result = await self.bot.engine.handle(Turn(scope_of(interaction), question), screening)
        # A safety answer is private: only the student sees it.
        for reply in result.replies:
            await answer_interaction(interaction, reply, ephemeral=result.concern is not None)
        if result.concern is not None:
            await alert_staff(self.bot, interaction, result.concern)

    @app_commands.command(name="saved", description="Your saved careers (only you see this)")
    async def saved(self, interaction: discord.Interaction) -> None:
        result = await self.bot.engine.ask(scope_of(interaction), "saved.list")
        await answer_interaction(interaction, result.reply, ephemeral=True)

    async def saved_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        kb = self.bot.engine.kb
        saved = await self.bot.store.saved_careers(str(interaction.user.id))
        needle = current.casefold().strip()
        return [
            app_commands.Choice(name=kb.careers[c].title[:100], value=c)
            for c in saved
            if c in kb.careers and needle in kb.careers[c].title.casefold()
        ][:MAX_CHOICES]

    @app_commands.command(name="unsave", description="Remove a career from your saved list")
    @app_commands.autocomplete(career=saved_autocomplete)
    async def unsave(self, interaction: discord.Interaction, career: Name) -> None:
        removed = await self.bot.store.remove_saved(str(interaction.user.id), career)
        kb = self.bot.engine.kb
        title = kb.careers[career].title if career in kb.careers else "That career"
        text = f"Removed {title} from your list." if removed else f"{title} isn't on your list."
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)

    @app_commands.command(name="quiz", description="A short quiz that suggests careers for you")
    async def quiz(self, interaction: discord.Interaction) -> None:
        progress = QuizProgress(self.bot.engine.kb, self.bot.store)
        answers = await progress.current(str(interaction.user.id))
        if progress.finished(answers):  # finished earlier but never shown: show the results
            await progress.cancel(str(interaction.user.id))
            embed, view = results_message(progress, answers)
        else:
            embed, view = question_message(progress, interaction.user.id, answers)
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)

    @app_commands.command(name="help", description="What CareerBot can do")
    async def help(self, interaction: discord.Interaction) -> None:
        result = await self.bot.engine.ask(scope_of(interaction), "help")
        await answer_interaction(interaction, result.reply, ephemeral=True)

    @app_commands.command(name="mydata", description="See what CareerBot stores about you")
    async def mydata(self, interaction: discord.Interaction) -> None:
        data = await self.bot.store.user_data(str(interaction.user.id))
        kb = self.bot.engine.kb
        saved = [kb.careers[c].title for c in data["saved_careers"] if c in kb.careers]
        conversations = data["conversations"]
        lines = [
            f"Saved careers: {', '.join(saved) if saved else 'none'}",
            f"Conversations remembered: {len(conversations)} (last careers and question, "
            "forgotten after a while)",
            f"Messages logged: {data['events']} ({data['events_with_text']} with their text, "
            "kept only for the retention window). The file has every one of them, with what "
            "I understood.",
        ]
        export = json.dumps(data, indent=1, default=str)
        file = discord.File(io.BytesIO(export.encode()), filename="careerbot-my-data.json")
        await interaction.response.send_message(
            "\n".join(lines) + "\nUse /forgetme to delete all of it.",
            file=file,
            ephemeral=True,
        )

    @app_commands.command(
        name="forgetme", description="Delete everything CareerBot stores about you"
    )
    async def forgetme(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            "This deletes your saved careers, your conversation memory and your logged "
            "messages. It can't be undone.",
            view=forget_view(interaction.user.id),
            ephemeral=True,
        )


async def setup(bot: CareerBot) -> None:
    await bot.add_cog(Students(bot))
