"""Moderator commands, in one group hidden from students and checked again when run."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import logging
import time
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from ...knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from ...learning import (
    MissedGroup,
    export_yaml,
    group_containing,
    group_missed,
    teachable_intents,
    validate_teaching,
)
from ...records import Stats
from ...sanitize import neutralize
from ...stats_view import stat_sections
from ...validation import problems_with
from ..choices import career_choices
from ..client import NotModerator
from ..options import Name, Question, Taught
from ..render import CONTENT_LIMIT, trim
from ..replies import NO_PINGS

if TYPE_CHECKING:
    from ..client import CareerBot

log = logging.getLogger(__name__)

DAY = 86_400.0


def _with_career_names(stats: Stats, kb: KnowledgeBase) -> Stats:
    careers = [
        (kb.careers[c].short_name if c in kb.careers else c, n) for c, n in stats.top_careers
    ]
    return dataclasses.replace(stats, top_careers=careers)


def _alert_channel_problem(channel: discord.TextChannel, role: discord.Role | None) -> str | None:
    """Why alerts cannot go to ``channel`` (pinging ``role``), or None when they can."""
    guild = channel.guild
    if not channel.permissions_for(guild.me).send_messages:
        return f"I can't post in <#{channel.id}>. Let me view it and send messages there."
    if channel.permissions_for(guild.default_role).view_channel:
        return (
            f"everyone in the server can read <#{channel.id}>. Alerts name a student, so pick "
            "a channel only staff can see."
        )
    if role is not None and role.is_default():
        return "@everyone can't be the alert role; pick a staff role, or none."
    return None


def _code(text: str) -> str:
    """Text inside a code block, with any backticks defused."""
    return "```\n" + text.replace("`", "'") + "\n```"


REVIEW_DAYS_MAX = 365  # the furthest back review looks, and where teach finds a group


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class Moderation(commands.GroupCog, group_name="careerbot", group_description="Moderate CareerBot"):
    """``/careerbot ...``: hidden from students by default permissions, checked at run time."""

    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot
        super().__init__()

    # Discord hides the group from members without Manage Server; this check also refuses
    # anyone who calls it anyway (old clients, changed server settings).
    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.guild is None:
            raise NotModerator("Moderator commands work in a server, not in DMs.")
        if not self.bot.is_moderator(interaction):
            role = self.bot.settings.moderator_role
            extra = f" or the {role} role" if role else ""
            raise NotModerator(
                f"Only moderators can use this: it needs the Manage Server permission{extra}."
            )
        return True

    @app_commands.command(name="enable", description="Answer every message in a channel")
    async def enable(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        target = channel or interaction.channel
        assert interaction.guild is not None and target is not None
        added = await self.bot.store.enable_channel(
            str(interaction.guild.id), str(target.id), str(interaction.user.id), time.time()
        )
        text = (
            f"I'll answer every message in <#{target.id}> now."
            if added
            else f"I already answer every message in <#{target.id}>."
        )
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)

    @app_commands.command(name="disable", description="Answer only mentions in a channel")
    async def disable(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        target = channel or interaction.channel
        assert interaction.guild is not None and target is not None
        removed = await self.bot.store.disable_channel(str(interaction.guild.id), str(target.id))
        text = (
            f"In <#{target.id}> I'll only answer when mentioned."
            if removed
            else f"<#{target.id}> wasn't enabled; I only answer mentions there."
        )
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)

    @app_commands.command(
        name="channels", description="Channels where CareerBot answers everything"
    )
    async def channels(self, interaction: discord.Interaction) -> None:
        assert interaction.guild is not None
        enabled = await self.bot.store.enabled_channels(str(interaction.guild.id))
        configured = {str(c) for c in self.bot.settings.listen_channels}
        if not enabled and not configured:
            text = "No channels are enabled: I answer mentions and DMs only."
        else:
            lines = [f"• <#{c}>" for c in sorted(enabled)]
            lines += [f"• <#{c}> (from settings)" for c in sorted(configured - enabled)]
            text = "I answer every message in:\n" + "\n".join(lines)
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)

    @app_commands.command(
        name="safety-alerts", description="Where staff hear about a student who may need help"
    )
    @app_commands.describe(
        channel="A staff-only channel for the alerts (leave out to see the current setting)",
        role="A role to ping with each alert (optional)",
    )
    async def safety_alerts(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel | None = None,
        role: discord.Role | None = None,
    ) -> None:
        guild = interaction.guild
        assert guild is not None
        if channel is None:
            current = await self.bot.store.safety_alerts(str(guild.id))
            if current is None:
                text = (
                    "Safety alerts are off. Turn them on with `/careerbot safety-alerts "
                    "channel:#staff-channel` so a real person hears when a student may need help."
                )
            else:
                ping = f", pinging <@&{current.role}>" if current.role else ""
                text = f"Safety alerts go to <#{current.channel}>{ping}."
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)
            return
        problem = _alert_channel_problem(channel, role)
        if problem:
            await interaction.response.send_message(
                f"Safety alerts stay as they were: {problem}",
                ephemeral=True,
                allowed_mentions=NO_PINGS,
            )
            return
        await self.bot.store.set_safety_alerts(
            str(guild.id),
            str(channel.id),
            str(role.id) if role else None,
            str(interaction.user.id),
            time.time(),
        )
        ping = f" and ping <@&{role.id}>" if role else ""
        await channel.send(
            "CareerBot will post safety alerts here: when a student's message sounds like "
            "they may be in crisis, in danger or being hurt. Each alert names the student and "
            "links to the message; it never copies the text.",
            allowed_mentions=NO_PINGS,
        )
        await interaction.response.send_message(
            f"Safety alerts are on: I'll post in <#{channel.id}>{ping}.",
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )

    @app_commands.command(name="safety-alerts-off", description="Stop posting safety alerts")
    async def safety_alerts_off(self, interaction: discord.Interaction) -> None:
        assert interaction.guild is not None
        removed = await self.bot.store.disable_safety_alerts(str(interaction.guild.id))
        text = (
            "Safety alerts are off. Students still get help lines; staff are no longer told."
            if removed
            else "Safety alerts were already off."
        )
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="reload", description="Reload the knowledge base from data/")
    async def reload(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        data_dir = self.bot.settings.data_dir
        try:
            kb = await asyncio.to_thread(load_knowledge, data_dir)
            found = await asyncio.to_thread(problems_with, kb)
        except KnowledgeError as exc:
            found = [str(p) for p in exc.problems]
        if found:
            log.warning("reload refused: %d problem(s)", len(found))
            problems = "\n".join(found[:15])
            more = len(found) - 15
            if more > 0:
                problems += f"\n… and {more} more"
            await interaction.followup.send(
                trim(
                    "The knowledge base has problems, so I kept serving the old one:\n"
                    + _code(problems),
                    CONTENT_LIMIT,
                ),
                ephemeral=True,
            )
            return
        # Compiling takes about a second of CPU: in a worker thread, so replies never stall.
        compiled = await asyncio.to_thread(self.bot.engine.compile, kb)
        self.bot.engine.install(compiled)
        await interaction.followup.send(
            f"Reloaded: {len(kb.careers)} careers, {len(kb.intents)} intents.", ephemeral=True
        )

    @app_commands.command(name="stats", description="What students asked, in numbers")
    @app_commands.describe(days="How many days back (default 7)")
    async def stats(
        self,
        interaction: discord.Interaction,
        days: app_commands.Range[int, 1, REVIEW_DAYS_MAX] = 7,
    ) -> None:
        assert interaction.guild is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        stats = await self.bot.store.stats(str(interaction.guild.id), time.time() - days * DAY)
        kb = self.bot.engine.kb
        embed = discord.Embed(title=f"CareerBot, last {days} day(s)", colour=0x2E86AB)
        embed.add_field(name="Messages", value=str(stats.messages))
        embed.add_field(name="Students", value=str(stats.students))
        embed.add_field(name="Answered", value=f"{stats.answer_rate:.0%}")
        embed.add_field(name="Clarifying questions", value=str(stats.clarified))
        embed.add_field(name="Not understood", value=str(stats.fallbacks))
        embed.add_field(name="Safety answers", value=str(stats.safety))
        hours = await self.bot.store.busiest_hours(
            str(interaction.guild.id), time.time() - days * DAY
        )
        named = _with_career_names(stats, kb)
        for title, body in stat_sections(named, hours, self.bot.settings.zone):
            embed.add_field(name=title, value=f"```\n{body}\n```"[:1024], inline=False)
        await interaction.followup.send(embed=embed, ephemeral=True)

    @app_commands.command(name="missed", description="Recent questions CareerBot couldn't answer")
    async def missed(
        self, interaction: discord.Interaction, days: app_commands.Range[int, 1, 90] = 7
    ) -> None:
        assert interaction.guild is not None
        rows = await self.bot.store.missed(str(interaction.guild.id), time.time() - days * DAY)
        if not rows:
            await interaction.response.send_message(
                f"Nothing missed in the last {days} day(s).", ephemeral=True
            )
            return
        lines = [f"• <t:{int(at)}:R> {neutralize(text, 150)}" for at, text in rows]
        await interaction.response.send_message(
            trim("Questions I couldn't answer:\n" + "\n".join(lines), CONTENT_LIMIT),
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )

    @app_commands.command(name="explain", description="Show how a message would be matched")
    async def explain(self, interaction: discord.Interaction, message: Question) -> None:
        text = self.bot.engine.explain(message)
        await interaction.response.send_message(
            trim(_code(text), CONTENT_LIMIT), ephemeral=True, allowed_mentions=NO_PINGS
        )

    # ---- teaching ----------------------------------------------------------------------

    async def _groups(self, guild: str, days: int) -> list[MissedGroup]:
        events = await self.bot.store.review_events(guild, time.time() - days * DAY)
        # Thousands of misses take seconds to group: in a worker thread, off the event loop.
        return await asyncio.to_thread(group_missed, events)

    @app_commands.command(name="review", description="Questions CareerBot missed, grouped")
    @app_commands.describe(days="How many days back (default 30)")
    async def review(
        self,
        interaction: discord.Interaction,
        days: app_commands.Range[int, 1, REVIEW_DAYS_MAX] = 30,
    ) -> None:
        assert interaction.guild is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        groups = await self._groups(str(interaction.guild.id), days)
        if not groups:
            await interaction.followup.send(
                f"No unanswered questions in the last {days} day(s).", ephemeral=True
            )
            return
        lines = []
        for group in groups[:15]:
            guess = f" · guess: {group.best_guess}" if group.best_guess else ""
            lines.append(
                f"**#{group.id}** {neutralize(group.text, 120)} · {group.count} time(s) · first "
                f"<t:{int(group.first_seen)}:R>, last <t:{int(group.last_seen)}:R>{guess}"
            )
        lines.append(
            "Teach one with `/careerbot teach group:<#number> intent:<what it asks> "
            "career:<if it is about one>`. A group keeps its number as new misses join it."
        )
        await interaction.followup.send(
            trim("\n".join(lines), CONTENT_LIMIT), ephemeral=True, allowed_mentions=NO_PINGS
        )

    async def career_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return career_choices(self.bot.engine, current)

    async def intent_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        needle = current.casefold().strip()
        return [
            app_commands.Choice(name=label[:100], value=intent)
            for intent, label in teachable_intents(self.bot.engine.kb)
            if needle in label.casefold() or needle in intent
        ][:25]

    @app_commands.command(name="teach", description="Map a missed question to the right answer")
    @app_commands.describe(
        group="The group's #number from /careerbot review",
        question="Or type the question",
        intent="What the question asks",
        career="The career it is about, if any",
    )
    @app_commands.autocomplete(intent=intent_autocomplete, career=career_autocomplete)
    async def teach(
        self,
        interaction: discord.Interaction,
        intent: Name,
        group: app_commands.Range[int, 1] | None = None,
        question: Taught | None = None,
        career: Name | None = None,
    ) -> None:
        assert interaction.guild is not None
        guild = str(interaction.guild.id)
        kb = self.bot.engine.kb
        problem = validate_teaching(kb, intent, career)
        if problem is None and group is None and not question:
            problem = "give a group number from /careerbot review, or the question itself"
        if problem:
            await interaction.response.send_message(f"Can't teach that: {problem}.", ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        resolved_ids: list[int] = []
        if group is not None:
            # By its identity, whatever window review used and whatever arrived since.
            chosen = group_containing(await self._groups(guild, REVIEW_DAYS_MAX), group)
            if chosen is None:
                await interaction.followup.send(
                    f"There is no unanswered group #{group} (taught already, or past the "
                    "retention window); run /careerbot review again.",
                    ephemeral=True,
                )
                return
            # The wording review showed: the group's own event, whatever joined it since.
            text = next(e.text for e in chosen.events if e.id == group)
            resolved_ids = chosen.event_ids
        else:
            assert question is not None
            text = question
        await self.bot.store.add_learned(guild, text, intent, career, time.time())
        if resolved_ids:
            await self.bot.store.mark_resolved(resolved_ids)
        await self.bot.refresh_learning(guild)
        about = f" about {kb.careers[career].short_name}" if career else ""
        await interaction.followup.send(
            f"Learned: “{neutralize(text, 200)}” → {kb.intents[intent].label}{about}. "
            "It works from now on in this server.",
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )

    @app_commands.command(name="learned", description="Phrasings taught in this server")
    async def learned(self, interaction: discord.Interaction) -> None:
        assert interaction.guild is not None
        items = await self.bot.store.learned(str(interaction.guild.id))
        if not items:
            await interaction.response.send_message("Nothing taught yet.", ephemeral=True)
            return
        lines = [
            f"`#{item.id}` {neutralize(item.text, 120)} → {item.intent}"
            + (f" ({item.career})" if item.career else "")
            for item in items
        ]
        await interaction.response.send_message(
            trim("\n".join(lines), CONTENT_LIMIT), ephemeral=True, allowed_mentions=NO_PINGS
        )

    @app_commands.command(name="unlearn", description="Remove a taught phrasing by its #id")
    async def unlearn(self, interaction: discord.Interaction, learned_id: int) -> None:
        assert interaction.guild is not None
        guild = str(interaction.guild.id)
        removed = await self.bot.store.remove_learned(guild, learned_id)
        if removed:
            await self.bot.refresh_learning(guild)
        text = f"Removed #{learned_id}." if removed else f"There is no #{learned_id} here."
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="export", description="Learned phrasings as YAML for data/")
    async def export(self, interaction: discord.Interaction) -> None:
        assert interaction.guild is not None
        items = await self.bot.store.learned(str(interaction.guild.id))
        text = export_yaml(items, self.bot.engine.kb)
        file = discord.File(io.BytesIO(text.encode()), filename="learned-intents.yaml")
        await interaction.response.send_message(
            f"{len(items)} learned phrasing(s), in data/intents.yaml's format.",
            file=file,
            ephemeral=True,
        )

    @app_commands.command(name="sync", description="Publish the slash commands to Discord")
    async def sync(
        self, interaction: discord.Interaction, where: Literal["here", "everywhere"] = "here"
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        tree, here = self.bot.tree, interaction.guild
        assert here is not None
        if where == "everywhere":
            # Every server sees the result: the application's owner decides, not any server's
            # moderators.
            if not await self.bot.is_owner(interaction.user):
                await interaction.followup.send(
                    "Only the bot's owner can publish the commands to every server. "
                    "`/careerbot sync where:here` publishes them to this one.",
                    ephemeral=True,
                )
                return
            synced = await tree.sync()
            await _drop_server_copies(tree, here)  # else this server would list each twice
            await interaction.followup.send(
                f"Synced {len(synced)} commands to every server (may take up to an hour).",
                ephemeral=True,
            )
            return
        if await tree.fetch_commands():
            # Published globally already: a server copy would show every command twice.
            await _drop_server_copies(tree, here)
            await interaction.followup.send(
                "This server already gets the commands published to every server, so it has "
                "no copies of its own (none shown twice).",
                ephemeral=True,
            )
            return
        tree.copy_global_to(guild=here)
        synced = await tree.sync(guild=here)
        await interaction.followup.send(
            f"Synced {len(synced)} commands to this server.", ephemeral=True
        )


async def _drop_server_copies(tree: app_commands.CommandTree, guild: discord.abc.Snowflake) -> None:
    tree.clear_commands(guild=guild)
    await tree.sync(guild=guild)


async def setup(bot: CareerBot) -> None:
    await bot.add_cog(Moderation(bot))
