"""Two bot processes, shards 0 and 1 of 2, sharing one PostgreSQL database, against a fake
Discord that routes each server to its shard as Discord does ((guild_id >> 22) % 2)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest
from fakediscord import ChannelOption, FakeDiscord, FakeGuild

from bot.locations import redact

LAUNCH = Path(__file__).resolve().parent.parent / "fakediscord" / "launch.py"
TOKEN = "A" * 24 + ".BBBBBB." + "C" * 27  # shaped like a token; the fake accepts any


class Shard:
    """``careerbot run`` for one shard, in its own process."""

    def __init__(self, fake: FakeDiscord, shard: int, database: str, cwd: Path) -> None:
        self.fake = fake
        self.shard = shard
        self.database = database
        self.cwd = cwd
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CAREERBOT_")}
        env.update(
            DISCORD_TOKEN=TOKEN,
            CAREERBOT_DATABASE_URL=self.database,
            CAREERBOT_SHARD_COUNT="2",
            CAREERBOT_SHARD_IDS=str(self.shard),
            CAREERBOT_MODERATOR_ROLE="Counselor",
            CAREERBOT_LOG_LEVEL="WARNING",
        )
        before = self.fake.shard_identify_count.get(self.shard, 0)
        self.proc = await asyncio.create_subprocess_exec(
            *(sys.executable, str(LAUNCH), self.fake.base_url, "--", "run"),
            env=env,
            cwd=self.cwd,  # no .env here
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(300):
            if self.fake.shard_identify_count.get(self.shard, 0) > before:
                break
            await asyncio.sleep(0.1)
        await self.fake.wait_until_identified(shard=self.shard, timeout=30)

    async def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()  # no goodbye: a crashed machine
        await self.proc.wait()

    async def stop(self) -> str:
        """SIGTERM (the clean shutdown); what it logged."""
        if self.proc is None:
            return ""
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(self.proc.communicate(), 20)
        return err.decode(errors="replace")


async def ask(fake: FakeDiscord, guild: FakeGuild, text: str, user) -> str:
    await fake.send_message(
        f"{fake.bot_user.mention} {text}",
        mentions=[fake.bot_user],
        author=user,
        channel_id=guild.general_id,
    )
    reply = await fake.wait_for_bot_message(channel_id=guild.general_id, timeout=15)
    assert reply is not None, f"no answer in {guild.name} to {text!r}"
    return reply["content"] + " ".join(str(e) for e in reply.get("embeds", []))


@pytest.fixture
async def world(postgres_url: str, tmp_path: Path):
    fake = FakeDiscord(shard_count=2)
    await fake.start()
    first = fake.guilds[fake.guild_id]
    second = fake.make_guild("Second School", shard=1)
    assert (first.shard, second.shard) == (0, 1)
    staff = fake.make_staff_channel(guild_id=second.id)
    shards = [Shard(fake, n, postgres_url, tmp_path) for n in (0, 1)]
    try:
        # In turn: the second waits while the first migrates the new database, as in real life.
        for shard in shards:
            await shard.start()
        yield fake, first, second, shards, staff
    finally:
        logs = [await shard.stop() for shard in shards]
        await fake.close()
        for n, text in enumerate(logs):
            print(f"--- shard {n} ---\n{text}", file=sys.stderr)  # shown when the test fails
        assert redact(postgres_url) == postgres_url  # (no password here to leak)


async def test_two_shard_processes_share_state_and_survive_each_other(world, postgres_url):
    fake, first, second, shards, staff = world
    student = fake.student

    # Each process answers the servers of its own shard (the fake delivers nothing else).
    assert "librarian" in (await ask(fake, first, "how much do librarians make", student)).lower()
    assert (
        "counselor" in (await ask(fake, second, "tell me about school counselors", student)).lower()
    )
    saved = await ask(fake, second, "save it", student)
    assert "saved" in saved.lower()

    # A student forgotten through shard 0 is forgotten by shard 1 too: its cache, its queue.
    forget = await fake.slash("forgetme", user=student, channel_id=first.general_id)
    prompt = await forget.wait_response()
    confirm = next(
        c["custom_id"]
        for row in prompt["data"]["components"]
        for c in row["components"]
        if c.get("label") == "Delete everything"
    )
    done = await fake.click(confirm, message=prompt["data"], user=student)
    assert "deleted" in str((await done.wait_response(follow=True))["data"]).lower()
    conn = await asyncpg.connect(postgres_url)
    try:
        for table in ("events", "conversations", "saved_careers", "quiz_progress"):
            rows = await conn.fetchval(
                f"SELECT COUNT(*) FROM {table} WHERE user_id = $1", str(student.id)
            )
            assert rows == 0, table
    finally:
        await conn.close()
    mine = await fake.slash("mydata", user=student, channel_id=second.general_id)
    assert "counselor" not in str((await mine.wait_response())["data"]).lower()
    # Shard 1 no longer remembers what "they" were: it asks, and quotes no one's pay.
    follow = await ask(fake, second, "how much do they make", student)
    assert "which" in follow.lower() and "$" not in follow

    # A student in crisis in a DM (DMs all reach shard 0) alerts the staff of their school,
    # whose server shard 1 serves: the settings are shared, the alert goes over HTTP.
    on = await fake.slash(
        "careerbot safety-alerts",
        {"channel": ChannelOption(staff)},
        user=fake.moderator,
        channel_id=second.general_id,
    )
    assert "Safety alerts are on" in str((await on.wait_response())["data"])
    assert await fake.wait_for_bot_message(channel_id=staff, timeout=10)  # hello
    await fake.send_message("i dont want to be alive anymore", author=student, dm=True)
    answer = await fake.wait_for_bot_message(channel_id=fake.dm_channel_id(student), timeout=15)
    assert answer is not None and "988" in answer["content"]
    alert = await fake.wait_for_bot_message(channel_id=staff, timeout=15)
    assert alert is not None and f"<@{student.id}>" in alert["content"]

    # Shard 0 dies; shard 1 keeps serving its server.
    await shards[0].kill()
    assert "teacher" in (await ask(fake, second, "how do i become a teacher", student)).lower()

    # Restarted, shard 0 resumes its server, on the same shared state.
    await shards[0].start()
    assert "librarian" in (await ask(fake, first, "how much do librarians make", student)).lower()


def test_a_process_serves_only_the_servers_of_its_shards(kb):
    from bot.config import Settings
    from bot.discordbot.client import CareerBot

    def on_shard(shard: int) -> str:
        return str(((1000 + shard) << 22) + 5)  # timestamp bits 1000 + n: shard n of 4

    some = CareerBot(Settings(shard_count=4, shard_ids="1,2", discord_token=None), kb)
    assert [some.serves(on_shard(n)) for n in range(4)] == [False, True, True, False]
    every = CareerBot(Settings(shard_count=4, discord_token=None), kb)
    assert all(every.serves(on_shard(n)) for n in range(4))
