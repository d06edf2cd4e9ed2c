"""End-to-end proof that tests/fakediscord works with the real discord.py client.

A tiny throwaway bot (defined here, unrelated to bot/) connects to the fake over 127.0.0.1 and is
driven through messages, slash commands, autocomplete, deferrals, buttons and a gateway drop.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

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


# ---- shards and several guilds ------------------------------------------------------------------


def message_intents() -> discord.Intents:
    intents = discord.Intents.default()
    intents.message_content = True
    return intents


class ShardedBot(commands.AutoShardedBot):
    """TinyBot's commands and replies, on every shard of one process."""

    def __init__(self, **kwargs) -> None:
        super().__init__(
            command_prefix="!", intents=message_intents(), guild_ready_timeout=0.05, **kwargs
        )
        self.seen: list[discord.Message] = []

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        pass  # discord.py sleeps 5 s between the IDENTIFYs of two shards

    async def setup_hook(self) -> None:
        self.add_view(CounterView())
        add_commands(self.tree)

    on_message = TinyBot.on_message


class ShardClient(discord.Client):
    """A plain client for one shard, as one process of a bot split across processes runs."""

    def __init__(self, shard_id: int | None, shard_count: int | None) -> None:
        super().__init__(
            intents=message_intents(),
            guild_ready_timeout=0.05,
            shard_id=shard_id,
            shard_count=shard_count,
        )

    async def on_message(self, message: discord.Message) -> None:
        if not message.author.bot:
            await message.channel.send(f"shard {self.shard_id}: {message.content}")


def event_ids(fake: FakeDiscord, shard: int, event: str) -> set[str]:
    return {data["id"] for data in fake.sessions[shard].events(event)}


@pytest.fixture
async def sharded():
    async with running(shard_count=2) as fake:
        zero = fake.make_guild("Zero", shard=0)
        one = fake.make_guild("One", shard=1)
        bot = ShardedBot()  # no shard_count: discord.py asks GET /gateway/bot
        async with fake.bot_running(bot):
            await asyncio.wait_for(bot.wait_until_ready(), 5)
            yield fake, bot, zero, one


async def test_make_guild_picks_an_id_on_the_shard() -> None:
    fake = FakeDiscord(shard_count=4)
    assert fake.shard_for(fake.guild_id) == 0  # the main guild is always on shard 0
    guilds = [fake.make_guild(shard=shard) for shard in (3, 1, 2, 0, 3)]
    assert [(g.id >> 22) % 4 for g in guilds] == [g.shard for g in guilds] == [3, 1, 2, 0, 3]
    ids = [fake.guild_id, *(g.id for g in guilds), fake.snowflake()]
    assert ids == sorted(set(ids))  # fresh snowflakes, still increasing
    other = guilds[0]
    assert [fake.channels[c]["name"] for c in (other.general_id, other.other_id)] == [
        "general",
        "career-help",
    ]
    assert {c["guild_id"] for c in fake.guild_channels(other.id)} == {str(other.id)}
    assert fake.guild_roles(other.id)[0]["id"] == str(other.id)  # @everyone
    assert fake.permissions_for(fake.moderator, guild_id=other.id) & Perm.MANAGE_GUILD
    assert not fake.permissions_for(fake.student, guild_id=other.id) & Perm.MANAGE_GUILD
    with pytest.raises(ValueError):
        fake.make_guild(shard=4)


async def test_each_shard_gets_its_own_guilds(sharded) -> None:
    fake, bot, zero, one = sharded
    assert bot.shard_count == 2
    assert fake.live_shards() == {0, 1}
    assert fake.shard_identify_count == {0: 1, 1: 1} and fake.identify_count == 2
    assert [s.identify_payload["shard"] for s in fake.sessions.values()] == [[0, 2], [1, 2]]
    assert event_ids(fake, 0, "GUILD_CREATE") == {str(fake.guild_id), str(zero.id)}
    assert event_ids(fake, 1, "GUILD_CREATE") == {str(one.id)}
    [ready] = fake.sessions[1].events("READY")
    assert ready["guilds"] == [{"id": str(one.id), "unavailable": True}]
    assert {g.id for g in bot.guilds} == {fake.guild_id, zero.id, one.id}
    guild = bot.get_guild(one.id)
    assert guild is not None and guild.name == "One" and guild.shard_id == 1
    assert {c.id for c in guild.text_channels} == {one.general_id, one.other_id}
    assert guild.default_role.id == one.id
    assert guild.get_role(fake.moderator_role_id).permissions.manage_guild
    assert guild.member_count == len(fake.members)
    fetched = await bot.fetch_guild(one.id)
    assert fetched.name == "One"
    assert {r.id for r in await fetched.fetch_roles()} >= {one.id, fake.moderator_role_id}
    assert {c.id for c in await fetched.fetch_channels()} == {one.general_id, one.other_id}
    assert fake.unhandled == []


async def test_messages_go_to_the_shard_of_their_guild(sharded) -> None:
    fake, bot, zero, one = sharded
    for guild, shard in ((one, 1), (zero, 0)):
        sent = await fake.send_message(f"{fake.bot_user.mention} hi", channel_id=guild.other_id)
        assert sent["guild_id"] == str(guild.id)
        reply = await fake.wait_for_bot_message(channel_id=guild.other_id)
        assert reply is not None and reply["content"] == "echo: hi"
        assert reply["guild_id"] == str(guild.id)
        assert sent["id"] in event_ids(fake, shard, "MESSAGE_CREATE")
        assert sent["id"] not in event_ids(fake, 1 - shard, "MESSAGE_CREATE")
        assert bot.seen[-1].guild.id == guild.id
    dm = await fake.send_message("psst", dm=True)
    reply = await fake.wait_for_bot_message(channel_id=fake.dm_channel_id())
    assert reply is not None and reply["content"] == "dm echo: psst"
    assert dm["id"] in event_ids(fake, 0, "MESSAGE_CREATE")
    assert dm["id"] not in event_ids(fake, 1, "MESSAGE_CREATE")


async def test_interactions_go_to_the_shard_of_their_guild(sharded) -> None:
    fake, _, _, one = sharded
    it = await fake.slash("reload", user=fake.moderator, channel_id=one.general_id)
    assert it.payload["guild_id"] == str(one.id) == it.payload["guild"]["id"]
    assert it.payload["authorizing_integration_owners"] == {"0": str(one.id)}
    assert (await it.wait_response())["data"]["content"] == "reloaded"
    assert it.payload["id"] in event_ids(fake, 1, "INTERACTION_CREATE")
    it = await fake.slash("reload", user=fake.student, channel_id=one.general_id)
    assert (await it.wait_response())["data"]["content"] == "denied: MissingPermissions"

    resp = await (await fake.slash("menu", channel_id=one.other_id)).wait_response()
    assert resp["message"]["guild_id"] == str(one.id)
    click = await fake.click("fd:count", message=resp["message"], user=fake.moderator)
    assert click.payload["guild_id"] == str(one.id)
    assert (await click.wait_response())["data"]["content"] == "counted by moderator"
    assert click.payload["id"] in event_ids(fake, 1, "INTERACTION_CREATE")

    it = await fake.slash("ping", dm=True)
    assert (await it.wait_response())["data"]["content"] == "pong"
    assert it.payload["id"] in event_ids(fake, 0, "INTERACTION_CREATE")


async def test_one_shard_resumes_alone(sharded) -> None:
    fake, _, _, one = sharded
    await fake.drop_gateway(shard=1)
    assert fake.shard_resume_count == {0: 0, 1: 1}
    assert fake.shard_identify_count == {0: 1, 1: 1}
    await fake.send_message(f"{fake.bot_user.mention} back", channel_id=one.general_id)
    reply = await fake.wait_for_bot_message(channel_id=one.general_id)
    assert reply is not None and reply["content"] == "echo: back"


async def test_one_client_per_shard_sees_only_its_guilds() -> None:
    async with running(shard_count=2) as fake:
        one = fake.make_guild("One", shard=1)
        first, second = ShardClient(0, 2), ShardClient(1, 2)
        async with fake.bot_running(first), fake.bot_running(second):
            await fake.wait_until_identified(shard=1)
            assert {g.id for g in first.guilds} == {fake.guild_id}
            assert {g.id for g in second.guilds} == {one.id}
            for text, channel_id, shard in (
                ("in one", one.general_id, 1),
                ("in main", fake.general_id, 0),
                ("in a DM", fake.dm_channel_id(), 0),
            ):
                await fake.send_message(text, channel_id=channel_id)
                reply = await fake.wait_for_bot_message(channel_id=channel_id)
                assert reply is not None and reply["content"] == f"shard {shard}: {text}"


async def test_identify_for_a_wrong_shard_is_refused() -> None:
    async with running(shard_count=2) as fake:
        for shard_id, shard_count, code in ((2, 2, 4010), (0, 3, 4010), (None, None, 4011)):
            client = ShardClient(shard_id, shard_count)
            try:
                with pytest.raises(discord.ConnectionClosed) as refused:
                    await asyncio.wait_for(client.start("FAKE.TOKEN.abc"), 5)
                assert refused.value.code == code
            finally:
                await client.close()
        assert fake.identify_count == 0 and fake.live_shards() == set()


async def test_launch_runs_careerbot_in_another_process(fake: FakeDiscord, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREERBOT_")}
    env.update(
        DISCORD_TOKEN="A" * 24 + ".BBBBBB." + "C" * 27,
        CAREERBOT_DB_PATH=str(tmp_path / "bot.db"),
        CAREERBOT_LOG_LEVEL="WARNING",
    )
    launch = Path(__file__).parent / "fakediscord" / "launch.py"
    proc = await asyncio.create_subprocess_exec(
        *(sys.executable, str(launch), fake.base_url, "--", "run"),
        env=env,
        cwd=tmp_path,  # no .env
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        await fake.wait_until_identified(timeout=30)
        await fake.send_message("hello", dm=True)
        reply = await fake.wait_for_bot_message(timeout=10)
        assert reply is not None and reply["content"]
        assert ("GET", "/users/@me", None) in fake.requests  # recorded, as for a bot in-process
    finally:
        if proc.returncode is None:
            proc.terminate()  # the bot's clean shutdown on SIGTERM
        _, err = await asyncio.wait_for(proc.communicate(), 15)
        print(err.decode(errors="replace"), file=sys.stderr)  # shown if the test fails
    assert proc.returncode == 0
