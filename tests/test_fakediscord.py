"""End-to-end proof that tests/fakediscord works with the real discord.py client.

A tiny throwaway bot (defined here, unrelated to bot/) connects to the fake over 127.0.0.1 and is
driven through messages, slash commands, autocomplete, deferrals, buttons and a gateway drop.
"""

from __future__ import annotations

import asyncio

import discord
import pytest
from discord import app_commands
from discord.ext import commands
from fakediscord import FakeDiscord, Perm, running

CAREERS = ["teacher", "tutor", "school counselor", "librarian", "principal"]


class CounterView(discord.ui.View):
    """Persistent view: timeout=None and a fixed custom_id, registered with bot.add_view()."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Count", style=discord.ButtonStyle.primary, custom_id="fd:count")
    async def count(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(content=f"counted by {interaction.user.name}")


class TinyBot(commands.Bot):
    def __init__(self) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        # guild_ready_timeout: discord.py waits this long after the last GUILD_CREATE before
        # on_ready (default 2 s); keep tests fast.
        super().__init__(command_prefix="!", intents=intents, guild_ready_timeout=0.05)
        self.seen: list[discord.Message] = []

    async def setup_hook(self) -> None:
        self.add_view(CounterView())
        add_commands(self.tree)
        await self.tree.sync()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        self.seen.append(message)
        if message.guild is None:
            await message.channel.send(f"dm echo: {message.content}")
        elif self.user in message.mentions:
            text = message.content.replace(self.user.mention, "").strip()
            await message.reply(f"echo: {text}", allowed_mentions=discord.AllowedMentions.none())


def add_commands(tree: app_commands.CommandTree) -> None:
    @tree.command(description="Are you there?")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong", ephemeral=True)

    async def career_choices(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=c, value=c) for c in CAREERS if current.lower() in c]

    @tree.command(description="Look up a career")
    @app_commands.autocomplete(name=career_choices)
    async def career(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(f"career: {name}")

    @tree.command(description="Think, then answer")
    async def slow(interaction: discord.Interaction, topic: str, ephemeral: bool = False) -> None:
        await interaction.response.defer(thinking=True, ephemeral=ephemeral)
        await asyncio.sleep(0.01)
        await interaction.followup.send(f"thought about {topic}")

    @tree.command(description="Think, then edit")
    async def slowedit(interaction: discord.Interaction) -> None:
        await interaction.response.defer()
        await interaction.edit_original_response(content="edited", embed=discord.Embed(title="T"))

    @tree.command(description="Show the counter")
    async def menu(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("press it", view=CounterView())

    group = app_commands.Group(name="plan", description="Career plans")

    @group.command(name="add", description="Add a step")
    async def plan_add(interaction: discord.Interaction, step: str, weeks: int) -> None:
        await interaction.response.send_message(f"added {step} in {weeks} weeks")

    tree.add_command(group)

    @tree.command(description="Moderators only")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def reload(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("reloaded", ephemeral=True)

    @reload.error
    async def reload_error(interaction: discord.Interaction, error: Exception) -> None:
        await interaction.response.send_message(f"denied: {type(error).__name__}", ephemeral=True)


@pytest.fixture
async def fake():
    async with running() as fake:
        yield fake


@pytest.fixture
async def bot(fake: FakeDiscord):
    bot = TinyBot()
    async with fake.bot_running(bot):
        yield bot


async def test_connects_gets_ready_and_syncs(fake: FakeDiscord, bot: TinyBot) -> None:
    await asyncio.wait_for(bot.wait_until_ready(), 5)
    assert bot.user is not None and bot.user.id == fake.bot_user.id
    assert fake.identify_payload is not None
    assert fake.intents is not None and fake.intents & (1 << 15)  # message content
    guild = bot.get_guild(fake.guild_id)
    assert guild is not None and guild.name == fake.guild_name
    assert {c.id for c in guild.text_channels} == {fake.general_id, fake.other_id}
    assert guild.get_role(fake.moderator_role_id).name == "Counselor"
    assert guild.owner_id == fake.owner.id
    assert {c["name"] for c in fake.synced_commands} >= {"ping", "career", "slow", "plan"}
    assert ("GET", "/users/@me", None) in fake.requests
    assert fake.unhandled == []


async def test_mention_gets_reply(fake: FakeDiscord, bot: TinyBot) -> None:
    sent = await fake.send_message(f"{fake.bot_user.mention} hello there")
    reply = await fake.wait_for_bot_message(channel_id=fake.general_id)
    assert reply is not None
    assert reply["content"] == "echo: hello there"
    assert reply["allowed_mentions"] == {"parse": []}  # AllowedMentions.none()
    assert str(reply["message_reference"]["message_id"]) == sent["id"]  # as sent: an int
    assert reply["author"]["id"] == fake.bot_user["id"]
    method, path, body = fake.requests[-1]
    assert (method, path) == ("POST", f"/channels/{fake.general_id}/messages")
    assert body["content"] == "echo: hello there"
    # The bot saw a Member author with the guild attached.
    seen = bot.seen[-1]
    assert isinstance(seen.author, discord.Member) and seen.author.id == fake.student.id


async def test_plain_message_is_ignored_and_dm_is_answered(fake: FakeDiscord, bot: TinyBot) -> None:
    await fake.send_message("nobody mentioned", channel_id=fake.other_id)
    assert await fake.wait_for_bot_message(timeout=0.3) is None
    await fake.send_message("hi in private", dm=True, author=fake.moderator)
    reply = await fake.wait_for_bot_message(channel_id=fake.dm_channel_id(fake.moderator))
    assert reply is not None and reply["content"] == "dm echo: hi in private"
    assert "guild_id" not in reply


async def test_slash_ping_is_ephemeral(fake: FakeDiscord, bot: TinyBot) -> None:
    it = await fake.slash("ping")
    resp = await it.wait_response()
    assert resp["type"] == 4
    assert resp["data"]["content"] == "pong"
    assert resp["ephemeral"] is True


async def test_autocomplete_returns_choices(fake: FakeDiscord, bot: TinyBot) -> None:
    choices = await fake.autocomplete("career", {"name": "t"})
    assert [c["value"] for c in choices] == ["teacher", "tutor"]
    it = await fake.slash("career", {"name": "tutor"})
    assert (await it.wait_response())["data"]["content"] == "career: tutor"


async def test_deferred_then_followup(fake: FakeDiscord, bot: TinyBot) -> None:
    it = await fake.slash("slow", {"topic": "math", "ephemeral": True})
    resp = await it.wait_response()
    assert resp["type"] == 5
    assert resp["via"] == "followup"
    assert resp["data"]["content"] == "thought about math"
    assert resp["ephemeral"] is True
    assert [kind for kind, _ in it.log] == ["callback", "followup"]

    it = await fake.slash("slowedit")
    resp = await it.wait_response()
    assert (resp["type"], resp["via"], resp["ephemeral"]) == (5, "edit_original", False)
    assert resp["data"]["content"] == "edited"
    assert resp["data"]["embeds"][0]["title"] == "T"


async def test_subcommand_options(fake: FakeDiscord, bot: TinyBot) -> None:
    it = await fake.slash("plan add", {"step": "apply to college", "weeks": 3})
    resp = await it.wait_response()
    assert resp["data"]["content"] == "added apply to college in 3 weeks"


async def test_permissions_reach_app_command_checks(fake: FakeDiscord, bot: TinyBot) -> None:
    it = await fake.slash("reload", user=fake.moderator)
    assert (await it.wait_response())["data"]["content"] == "reloaded"
    it = await fake.slash("reload", user=fake.student)
    assert (await it.wait_response())["data"]["content"] == "denied: MissingPermissions"
    it = await fake.slash("reload", user=fake.student, permissions=Perm.BASIC | Perm.MANAGE_GUILD)
    assert (await it.wait_response())["data"]["content"] == "reloaded"


async def test_persistent_button_click(fake: FakeDiscord, bot: TinyBot) -> None:
    it = await fake.slash("menu")
    resp = await it.wait_response()
    button = resp["data"]["components"][0]["components"][0]
    assert button["custom_id"] == "fd:count"
    click = await fake.click("fd:count", message=resp["message"], user=fake.moderator)
    answer = await click.wait_response()
    assert answer["type"] == 7
    assert answer["data"]["content"] == "counted by moderator"
    assert fake.messages[int(resp["message"]["id"])]["content"] == "counted by moderator"


async def test_reconnect_after_gateway_drop(fake: FakeDiscord, bot: TinyBot) -> None:
    await fake.send_message(f"{fake.bot_user.mention} before")
    assert (await fake.wait_for_bot_message())["content"] == "echo: before"
    await fake.drop_gateway()
    assert fake.resume_count == 1 and fake.identify_count == 1
    await fake.send_message(f"{fake.bot_user.mention} after")
    reply = await fake.wait_for_bot_message()
    assert reply is not None and reply["content"] == "echo: after"


async def test_restarted_bot_identifies_again(fake: FakeDiscord) -> None:
    first = TinyBot()
    task = asyncio.create_task(first.start("FAKE.TOKEN.abc"))
    await fake.wait_until_identified()
    await first.close()
    await task
    second = TinyBot()
    task = asyncio.create_task(second.start("FAKE.TOKEN.abc"))
    try:
        await fake.wait_until_identified()  # waits for the new IDENTIFY, not the old session
        assert fake.identify_count == 2
        it = await fake.slash("ping")
        assert (await it.wait_response())["data"]["content"] == "pong"
    finally:
        await second.close()
        await task
