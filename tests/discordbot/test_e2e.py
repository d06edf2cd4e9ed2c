"""End to end: the real discord.py client, connected to a fake Discord on 127.0.0.1."""

from __future__ import annotations

import asyncio
import contextlib
import re
import shutil
import time
from pathlib import Path

import pytest
from fakediscord import ChannelOption, FakeDiscord, RoleOption

from bot.config import SHIPPED_DATA_DIR, Settings
from bot.discordbot.client import CareerBot
from bot.knowledge import load_knowledge

QUIET = 1.0  # how long to wait before concluding that the bot stays silent


class Running:
    """A CareerBot connected to the fake Discord; ``restart`` reconnects on the same database."""

    def __init__(self, fake: FakeDiscord, settings: Settings) -> None:
        self.fake = fake
        self.settings = settings
        self.bot: CareerBot | None = None
        self.task: asyncio.Task | None = None

    async def start(self) -> CareerBot:
        kb = load_knowledge(self.settings.data_dir)
        self.bot = CareerBot(self.settings, kb, guild_ready_timeout=0.05)
        self.task = asyncio.create_task(self.bot.start("FAKE.TOKEN.abc"))
        await self.fake.wait_until_identified()
        await asyncio.wait_for(self.bot.wait_until_ready(), 10)
        return self.bot

    async def stop(self) -> None:
        if self.bot is not None:
            await self.bot.close()
        if self.task is not None:
            await asyncio.wait_for(self.task, 10)

    async def restart(self) -> CareerBot:
        await self.stop()
        return await self.start()


@pytest.fixture
async def fake():
    server = FakeDiscord()
    await server.start()
    with server.patch():
        yield server
    await server.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA_DIR, target)
    return target


def bot_settings(tmp_path: Path, data_dir: Path, **extra: object) -> Settings:
    return Settings(
        db_path=tmp_path / "bot.db",
        data_dir=data_dir,
        moderator_role="Counselor",
        discord_token=None,
        listen_channels=[],
        **extra,
    )


@pytest.fixture
async def running(fake: FakeDiscord, tmp_path: Path, data_dir: Path):
    run = Running(fake, bot_settings(tmp_path, data_dir))
    await run.start()
    yield run
    await run.stop()


def bot_mention(fake: FakeDiscord) -> str:
    return f"<@{fake.bot_user['id']}>"


async def ask(fake: FakeDiscord, text: str, **kwargs) -> dict:
    await fake.send_message(f"{bot_mention(fake)} {text}", mentions=[fake.bot_user], **kwargs)
    sent = await fake.wait_for_bot_message(timeout=5)
    assert sent is not None, f"no answer to {text!r}"
    return sent


def embed_text(message: dict) -> str:
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts.append(embed.get("title") or "")
        parts.append(embed.get("description") or "")
        for f in embed.get("fields") or []:
            parts.extend((f["name"], f["value"]))
    return "\n".join(parts)


def buttons(message: dict) -> dict[str, str]:
    out = {}
    for row in message.get("components") or []:
        for item in row.get("components") or []:
            out[item.get("label")] = item.get("custom_id")
    return out


def subcommand(name: str, **options) -> list[dict]:
    types = {str: 3, int: 4, bool: 5}
    return [
        {
            "name": name,
            "type": 1,
            "options": [
                {"name": k, "type": types.get(type(v), 3), "value": v} for k, v in options.items()
            ],
        }
    ]


def is_ephemeral(response: dict) -> bool:
    if "ephemeral" in response:
        return bool(response["ephemeral"])
    return bool((response.get("data") or {}).get("flags", 0) & 64)


# ---- chat ---------------------------------------------------------------------------------


async def test_mention_gets_a_sourced_answer_that_pings_nobody(running, fake):
    sent = await ask(fake, "hw much do libarians make")
    text = embed_text(sent)
    assert "Librarian" in text
    assert "$64,320" in text and "May 2024" in text
    assert "Bureau of Labor Statistics" in text
    assert sent["allowed_mentions"]["parse"] == []
    assert not sent["allowed_mentions"].get("replied_user")
    assert sent.get("message_reference"), "answers reply to the student's message"
    assert {"Pay", "How to get there", "Skills", "Outlook", "Save"} & set(buttons(sent))


async def test_follow_up_in_the_same_channel_uses_context(running, fake):
    await ask(fake, "how much do librarians make")
    sent = await ask(fake, "how do i become one")
    assert "How to become a librarian" in embed_text(sent)


async def test_direct_message_is_answered(running, fake):
    await fake.send_message("what does a school counselor do", dm=True)
    sent = await fake.wait_for_bot_message(timeout=5)
    assert sent is not None
    assert "Counselor" in embed_text(sent)


async def test_unmentioned_message_in_a_normal_channel_is_ignored(running, fake):
    await fake.send_message("how much do librarians make")
    assert await fake.wait_for_bot_message(timeout=QUIET) is None


async def test_other_bots_are_ignored(running, fake):
    await fake.send_message(f"{bot_mention(fake)} hi", mentions=[fake.bot_user], bot_author=True)
    assert await fake.wait_for_bot_message(timeout=QUIET) is None


async def test_everyone_in_a_student_message_is_never_pinged(running, fake):
    sent = await ask(fake, "@everyone @here how much do tutors make", mention_everyone=True)
    assert sent["allowed_mentions"]["parse"] == []
    assert "@everyone" not in (sent.get("content") or "")
    assert "@here" not in embed_text(sent)


async def test_enabled_channel_answers_everything_until_disabled(running, fake):
    moderator = fake.moderator
    enable = await fake.slash(
        "careerbot", subcommand("enable"), user=moderator, channel_id=fake.general_id
    )
    assert is_ephemeral(await enable.wait_response())
    await fake.send_message("how much do tutors make")
    sent = await fake.wait_for_bot_message(timeout=5)
    assert sent is not None and "$40,090" in embed_text(sent)

    disable = await fake.slash(
        "careerbot", subcommand("disable"), user=moderator, channel_id=fake.general_id
    )
    await disable.wait_response()
    await fake.send_message("how much do tutors make")
    assert await fake.wait_for_bot_message(timeout=QUIET) is None


async def test_a_message_with_no_text_is_ignored_even_where_every_message_is_answered(
    running, fake
):
    enable = await fake.slash(
        "careerbot", subcommand("enable"), user=fake.moderator, channel_id=fake.general_id
    )
    await enable.wait_response()
    await fake.send_message("", embeds=[{"type": "image", "url": "https://example.com/cat.png"}])
    assert await fake.wait_for_bot_message(timeout=QUIET) is None  # no help card for a picture
    await fake.send_message("how much do tutors make")
    sent = await fake.wait_for_bot_message(timeout=5)
    assert sent is not None and "$40,090" in embed_text(sent)


# ---- buttons -----------------------------------------------------------------------------


async def test_buttons_answer_and_survive_a_restart(running, fake):
    sent = await ask(fake, "what does a librarian do")
    custom_id = buttons(sent)["Pay"]
    click = await fake.click(custom_id, message=sent)
    response = await click.wait_response()
    assert "$64,320" in embed_text(response["data"])
    assert is_ephemeral(response)

    await running.restart()
    again = await fake.click(custom_id, message=sent)
    response = await again.wait_response()
    assert "$64,320" in embed_text(response["data"])


async def test_more_button_shows_the_whole_answer_even_after_a_restart(running, fake):
    sent = await ask(fake, "how is technology changing jobs in education")
    brief = embed_text(sent)
    custom_id = buttons(sent)["More"]
    assert custom_id.endswith(":more")
    await running.restart()
    click = await fake.click(custom_id, message=sent)
    response = await click.wait_response()
    whole = embed_text(response["data"])
    assert len(whole) > len(brief)
    assert "More" not in buttons(response["data"])


async def test_save_button_saves_for_the_student_who_clicked(running, fake):
    sent = await ask(fake, "tell me about speech therapists")
    click = await fake.click(buttons(sent)["Save"], message=sent, user=fake.student)
    await click.wait_response()
    saved = await fake.slash("saved", user=fake.student)
    response = await saved.wait_response()
    assert is_ephemeral(response)
    assert "Speech-Language Pathologist" in embed_text(response["data"])


# ---- student slash commands --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "options", "expected"),
    [
        (
            "career",
            [
                {"name": "name", "type": 3, "value": "librarian"},
                {"name": "aspect", "type": 3, "value": "pay"},
            ],
            "$64,320",
        ),
        ("career", [{"name": "name", "type": 3, "value": "principal"}], "Principal"),
        ("careers", [], "Teaching"),
        ("careers", [{"name": "pathway", "type": 3, "value": "administration"}], "superintendent"),
        (
            "compare",
            [
                {"name": "first", "type": 3, "value": "librarian"},
                {"name": "second", "type": 3, "value": "tutor"},
            ],
            "higher median pay",
        ),
        (
            "routes",
            [{"name": "route", "type": 3, "value": "vocational-apprenticeship"}],
            "apprentice",
        ),
        ("routes", [], "bachelor"),
        (
            "ask",
            [{"name": "question", "type": 3, "value": "are speech therapists in demand"}],
            "2024-34",
        ),
        ("help", [], "Education and Training"),
    ],
)
async def test_student_commands_answer(running, fake, name, options, expected):
    interaction = await fake.slash(name, options, user=fake.student)
    response = await interaction.wait_response()
    assert expected.lower() in embed_text(response["data"]).lower()


async def test_career_autocomplete_tolerates_typos(running, fake):
    choices = await fake.autocomplete(
        "career", [{"name": "name", "type": 3, "value": "libarian", "focused": True}]
    )
    assert 0 < len(choices) <= 25
    assert choices[0]["value"] == "librarian"
    empty = await fake.autocomplete(
        "career", [{"name": "name", "type": 3, "value": "", "focused": True}]
    )
    assert len(empty) == 25


async def test_mydata_and_forgetme_delete_everything(running, fake):
    student = fake.student
    await fake.send_message(
        f"{bot_mention(fake)} save librarian", mentions=[fake.bot_user], author=student
    )
    assert await fake.wait_for_bot_message(timeout=5)

    mine = await fake.slash("mydata", user=student)
    response = await mine.wait_response()
    assert is_ephemeral(response)
    assert "Librarian" in embed_text(response["data"])

    forget = await fake.slash("forgetme", user=student)
    prompt = await forget.wait_response()
    assert is_ephemeral(prompt)
    confirm = buttons(prompt["data"])["Delete everything"]
    done = await fake.click(confirm, message=prompt["data"], user=student)
    assert "deleted" in embed_text((await done.wait_response(follow=True))["data"])
    data = await running.bot.store.user_data(str(student["id"]))
    assert data["saved_careers"] == [] and data["events"] == 0 and data["conversations"] == []


async def test_forgetme_and_quiz_clicks_say_when_the_database_cannot_be_written(running, fake):
    import sqlite3

    student = fake.student
    await fake.send_message(
        f"{bot_mention(fake)} save librarian", mentions=[fake.bot_user], author=student
    )
    assert await fake.wait_for_bot_message(timeout=5)
    prompt = await (await fake.slash("forgetme", user=student)).wait_response()
    quiz = await (await fake.slash("quiz", user=student)).wait_response()
    store = running.bot.store
    await store.flush()
    await store._db.execute("PRAGMA busy_timeout = 10")
    blocker = sqlite3.connect(running.settings.db_path)
    blocker.execute("BEGIN IMMEDIATE")  # the database can't be written (locked, full...)
    try:
        confirm = buttons(prompt["data"])["Delete everything"]
        done = await (
            await fake.click(confirm, message=prompt["data"], user=student)
        ).wait_response(follow=True)
        assert "couldn't delete" in embed_text(done["data"])
        assert "Delete everything" in buttons(done["data"])  # it can be tried again
        answer = next(
            cid for label, cid in buttons(quiz["data"]).items() if label not in ("Back", "Cancel")
        )
        click = await fake.click(answer, message=quiz["data"], user=student)
        assert "couldn't save" in embed_text((await click.wait_response())["data"])
    finally:
        blocker.rollback()
        blocker.close()
    data = await store.user_data(str(student["id"]))
    assert data["saved_careers"] == ["librarian"]  # nothing was deleted behind its back


# ---- moderator commands ------------------------------------------------------------------


async def test_student_is_refused_moderator_commands(running, fake):
    interaction = await fake.slash("careerbot", subcommand("stats"), user=fake.student)
    response = await interaction.wait_response()
    assert is_ephemeral(response)
    assert "moderator" in embed_text(response["data"]).lower()


async def test_moderator_role_may_use_moderator_commands(running, fake):
    counselor = fake.make_user("counselor", roles=[fake.moderator_role_id])
    interaction = await fake.slash(
        "careerbot", subcommand("channels"), user=counselor, roles=[fake.moderator_role_id]
    )
    response = await interaction.wait_response()
    assert "mention" in embed_text(response["data"]).lower()


async def test_moderator_stats_missed_and_explain(running, fake):
    await ask(fake, "how much do librarians make")
    await ask(fake, "qwzx plorp")
    stats = await fake.slash("careerbot", subcommand("stats", days=7), user=fake.moderator)
    text = embed_text((await stats.wait_response())["data"])
    assert "Messages" in text and "Students" in text

    missed = await fake.slash("careerbot", subcommand("missed"), user=fake.moderator)
    assert "qwzx plorp" in embed_text((await missed.wait_response())["data"])

    explain = await fake.slash(
        "careerbot",
        subcommand("explain", message="hw much do libarians make"),
        user=fake.moderator,
    )
    text = embed_text((await explain.wait_response())["data"])
    assert "libarians -> librarians" in text and "career.salary" in text


async def test_reload_keeps_the_old_knowledge_base_on_error(running, fake, data_dir):
    (data_dir / "careers.yaml").write_text("careers: [\n")
    reload = await fake.slash("careerbot", subcommand("reload"), user=fake.moderator)
    response = await reload.wait_response()
    assert "kept serving the old one" in embed_text(response["data"])
    assert "careers.yaml" in embed_text(response["data"])
    sent = await ask(fake, "how much do librarians make")
    assert "$64,320" in embed_text(sent)


async def test_only_the_owner_publishes_everywhere_and_no_command_shows_twice(running, fake):
    refused = await fake.slash(
        "careerbot", subcommand("sync", where="everywhere"), user=fake.moderator
    )
    assert "Only the bot's owner" in embed_text((await refused.wait_response())["data"])
    assert fake.global_commands == []
    here = await fake.slash("careerbot", subcommand("sync", where="here"), user=fake.moderator)
    await here.wait_response()
    assert fake.guild_commands.get(fake.guild_id)  # a server copy, while nothing is global

    everywhere = await fake.slash(
        "careerbot", subcommand("sync", where="everywhere"), user=fake.owner
    )
    assert "every server" in embed_text((await everywhere.wait_response())["data"])
    assert fake.global_commands
    assert not fake.guild_commands.get(fake.guild_id)  # its copies gone: none listed twice
    again = await fake.slash("careerbot", subcommand("sync", where="here"), user=fake.moderator)
    assert "already gets" in embed_text((await again.wait_response())["data"])
    assert not fake.guild_commands.get(fake.guild_id)


async def test_review_of_5000_misses_is_deferred_within_discords_3_seconds(running, fake):
    from bot.context import Context, Scope
    from bot.records import Event

    store = running.bot.store
    now = time.time()
    for n in range(5000):
        scope = Scope(str(fake.guild_id), "c", f"u{n % 300}")
        text = f"qwzx plorp {n % 700} blorf {n}"
        event = Event(now - n, scope, "fallback", None, "fallback", 0.1, text, None)
        await store.record_turn(scope, Context(updated_at=now - n), event)
    await store.flush()
    started = time.monotonic()
    review = await fake.slash("careerbot review", {}, user=fake.moderator)
    response = await review.wait_response(timeout=60)
    assert response["type"] == 5  # deferred: "thinking..." at once
    assert review.callback_at - started < 3, review.callback_at - started
    assert "time(s)" in embed_text(response["data"])


async def test_sync_is_a_moderator_action(running, fake):
    sync = await fake.slash("careerbot", subcommand("sync", where="here"), user=fake.moderator)
    response = await sync.wait_response()
    assert "Synced" in embed_text(response["data"])
    names = {c["name"] for c in fake.synced_commands}
    assert {"career", "compare", "careerbot", "forgetme"} <= names
    group = next(c for c in fake.synced_commands if c["name"] == "careerbot")
    assert str(group.get("default_member_permissions")) == "32"  # Manage Server


# ---- connection and process lifecycle ----------------------------------------------------


async def test_bot_resumes_after_the_gateway_drops(running, fake):
    await fake.drop_gateway()
    sent = await ask(fake, "how much do tutors make")
    assert "$40,090" in embed_text(sent)


async def test_sigterm_shuts_down_cleanly_and_closes_the_database(fake, tmp_path, data_dir):
    import os
    import signal
    import sqlite3

    from bot.discordbot.runner import run_bot

    settings = Settings(
        db_path=tmp_path / "bot.db", data_dir=data_dir, discord_token="FAKE.TOKEN.abc"
    )
    task = asyncio.create_task(run_bot(settings, load_knowledge(data_dir)))
    await fake.wait_until_identified()
    await ask(fake, "how much do librarians make")
    os.kill(os.getpid(), signal.SIGTERM)
    await asyncio.wait_for(task, 15)
    with sqlite3.connect(tmp_path / "bot.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 1


async def test_flooding_student_gets_one_notice_and_others_are_still_served(running, fake):
    limit = running.settings.rate_user_messages
    flooder = fake.make_user("flooder")
    for n in range(limit + 4):
        await fake.send_message(f"{bot_mention(fake)} how much do tutors make {n}", author=flooder)
    replies = []
    while (sent := await fake.wait_for_bot_message(timeout=QUIET)) is not None:
        replies.append(sent)
    notices = [r for r in replies if "faster than I can keep up" in (r.get("content") or "")]
    assert len(replies) == limit + 1
    assert len(notices) == 1
    other = await ask(fake, "how much do librarians make", author=fake.student)
    assert "$64,320" in embed_text(other)


async def test_slash_commands_and_clicks_count_against_the_flood_limits(running, fake):
    from bot.discordbot.client import CLICKS_PER_MESSAGE

    limit = running.settings.rate_user_messages * CLICKS_PER_MESSAGE
    flooder = fake.make_user("commander")
    commands = [
        await fake.slash("career", {"name": "librarian"}, user=flooder) for _ in range(limit + 4)
    ]
    answered = []
    for command in commands:
        with contextlib.suppress(TimeoutError):  # held back: no answer at all
            answered.append(await command.wait_response(timeout=QUIET))
    texts = [embed_text(r["data"]) for r in answered]
    assert sum("Librarian" in t for t in texts) == limit
    assert sum("faster than I can keep up" in t for t in texts) == 4  # each, privately
    # A click is one more request from the same student: held back too, with the private
    # notice (an interaction left unanswered shows "interaction failed").
    card = next(r for r in answered if "Librarian" in embed_text(r["data"]))
    click = await fake.click(buttons(card["data"])["Pay"], message=card["message"], user=flooder)
    held = await click.wait_response(timeout=QUIET)
    assert "faster than I can keep up" in embed_text(held["data"]) and is_ephemeral(held)
    # Others are served, and a student in crisis still reaches help through /ask.
    other = await fake.slash("career", {"name": "librarian"}, user=fake.student)
    assert "Librarian" in embed_text((await other.wait_response())["data"])
    crisis = await fake.slash("ask", {"question": "i want to kill myself"}, user=flooder)
    assert "988" in embed_text((await crisis.wait_response())["data"])


async def test_very_long_message_is_answered_from_a_bounded_prefix(running, fake):
    sent = await ask(fake, "how much do librarians make " + "blah " * 1500)
    assert "$64,320" in embed_text(sent)


# ---- moderators teach the bot -----------------------------------------------------------


async def test_moderator_reviews_teaches_and_students_get_answers(running, fake):
    question = "yo wats the bag for book nerds at skool"
    for text in (question, question + "??", "yo wats the bag 4 book nerds at skool"):
        sent = await ask(fake, text)
        assert "didn't catch that" in embed_text(sent)

    review = await fake.slash("careerbot review", {}, user=fake.moderator)
    listing = embed_text((await review.wait_response())["data"])
    assert "3 time(s)" in listing and "book nerds" in listing
    group = _group_id(listing, "book nerds")

    refused = await fake.slash(
        "careerbot teach",
        {"group": group, "intent": "career.salary", "career": "librarian"},
        user=fake.student,
    )
    assert "moderator" in embed_text((await refused.wait_response())["data"]).lower()

    teach = await fake.slash(
        "careerbot teach",
        {"group": group, "intent": "career.salary", "career": "librarian"},
        user=fake.moderator,
    )
    assert "Learned" in embed_text((await teach.wait_response())["data"])

    sent = await ask(fake, question)
    assert "$64,320" in embed_text(sent)

    review = await fake.slash("careerbot review", {}, user=fake.moderator)
    assert "No unanswered" in embed_text((await review.wait_response())["data"])

    learned = await fake.slash("careerbot learned", {}, user=fake.moderator)
    text = embed_text((await learned.wait_response())["data"])
    assert "book nerds" in text and "career.salary" in text

    bad = await fake.slash(
        "careerbot teach",
        {"question": "how much $$", "intent": "career.salary", "career": "astronaut"},
        user=fake.moderator,
    )
    assert "unknown career 'astronaut'" in embed_text((await bad.wait_response())["data"])
    refused = await fake.slash(
        "careerbot teach", {"question": "hmm", "intent": "fallback"}, user=fake.moderator
    )
    assert "unknown intent" in embed_text((await refused.wait_response())["data"])


def _group_id(listing: str, words: str) -> int:
    line = next(line for line in listing.splitlines() if words in line)
    match = re.search(r"\*\*#(\d+)\*\*", line)
    assert match, line
    return int(match[1])


async def test_teach_by_group_teaches_what_review_showed_whatever_arrived_since(running, fake):
    for _ in range(2):
        await ask(fake, "yo wats the bag for book nerds at skool")
    review = await fake.slash("careerbot review", {"days": 7}, user=fake.moderator)
    listing = embed_text((await review.wait_response())["data"])
    group = _group_id(listing, "book nerds")
    # Newer, more frequent misses: a group number by position would now name one of these.
    for _ in range(3):
        await ask(fake, "qwzx plorp blorf")
    teach = await fake.slash(
        "careerbot teach",
        {"group": group, "intent": "career.salary", "career": "librarian"},
        user=fake.moderator,
    )
    assert "book nerds" in embed_text((await teach.wait_response())["data"])
    review = await fake.slash("careerbot review", {}, user=fake.moderator)
    listing = embed_text((await review.wait_response())["data"])
    assert "qwzx plorp" in listing and "book nerds" not in listing
    gone = await fake.slash(
        "careerbot teach", {"group": group, "intent": "career.salary"}, user=fake.moderator
    )
    assert "no unanswered group" in embed_text((await gone.wait_response())["data"])


async def test_an_oversized_teach_question_is_refused_and_not_stored(running, fake):
    teach = await fake.slash(
        "careerbot teach",
        {"question": "x" * 100_000, "intent": "career.salary"},
        user=fake.moderator,
    )
    assert "too long" in embed_text((await teach.wait_response())["data"])
    assert await running.bot.store.learned() == []


async def test_teach_offers_every_teachable_intent_by_its_label(running, fake):
    choices = await fake.autocomplete(
        "careerbot teach", {"intent": "", "question": "x"}, user=fake.moderator, focused="intent"
    )
    labels = {c["value"]: c["name"] for c in choices}
    assert labels["career.salary"] == "pay"
    assert "save_career" in labels
    assert "fallback" not in labels and "safety" not in labels


async def test_taught_phrasing_survives_a_restart(running, fake):
    teach = await fake.slash(
        "careerbot teach",
        {
            "question": "whos the boss of the whole district",
            "intent": "career.overview",
            "career": "superintendent",
        },
        user=fake.moderator,
    )
    await teach.wait_response()
    await running.restart()
    sent = await ask(fake, "whos the boss of the whole district")
    assert "Superintendent" in embed_text(sent)


# ---- the interest quiz -------------------------------------------------------------------


def quiz_title(response: dict) -> str:
    return ((response["data"].get("embeds") or [{}])[0]).get("title") or ""


def answer_ids(response: dict) -> list[str]:
    return [
        cid for label, cid in buttons(response["data"]).items() if label not in ("Back", "Cancel")
    ]


async def test_quiz_flow_with_progress_back_cancel_and_resume(running, fake, kb):
    total = len(kb.quiz)
    student = fake.student
    start = await (await fake.slash("quiz", user=student)).wait_response()
    assert is_ephemeral(start)
    assert quiz_title(start) == f"Question 1 of {total}"
    assert "Back" not in buttons(start["data"])

    step = await (
        await fake.click(answer_ids(start)[0], message=start["data"], user=student)
    ).wait_response()
    assert quiz_title(step) == f"Question 2 of {total}"

    stranger = await fake.click(answer_ids(step)[0], message=step["data"], user=fake.moderator)
    assert "someone else's quiz" in embed_text((await stranger.wait_response())["data"])

    back = await (
        await fake.click(buttons(step["data"])["Back"], message=step["data"], user=student)
    ).wait_response()
    assert quiz_title(back) == f"Question 1 of {total}"

    step = await (
        await fake.click(answer_ids(back)[1], message=back["data"], user=student)
    ).wait_response()
    step = await (
        await fake.click(answer_ids(step)[0], message=step["data"], user=student)
    ).wait_response()
    assert quiz_title(step) == f"Question 3 of {total}"

    await running.restart()
    resumed = await (await fake.slash("quiz", user=student)).wait_response()
    assert quiz_title(resumed) == f"Question 3 of {total}"

    cancel = await (
        await fake.click(buttons(resumed["data"])["Cancel"], message=resumed["data"], user=student)
    ).wait_response()
    assert "cancelled" in embed_text(cancel["data"])
    fresh = await (await fake.slash("quiz", user=student)).wait_response()
    assert quiz_title(fresh) == f"Question 1 of {total}"


async def test_quiz_results_open_and_save_careers(running, fake, kb):
    student = fake.student
    step = await (await fake.slash("quiz", user=student)).wait_response()
    for _ in range(len(kb.quiz)):
        step = await (
            await fake.click(answer_ids(step)[0], message=step["data"], user=student)
        ).wait_response()
    assert quiz_title(step) == "Your quiz results"
    text = embed_text(step["data"])
    assert "match" in text and "Because you picked" in text
    labels = buttons(step["data"])
    save = next(cid for label, cid in labels.items() if label.startswith("Save:"))
    opened = next(cid for label, cid in labels.items() if label.startswith("Open:"))
    card = await (await fake.click(opened, message=step["data"], user=student)).wait_response()
    assert "What they do" in embed_text(card["data"])
    await (await fake.click(save, message=step["data"], user=student)).wait_response()
    saved = await (await fake.slash("saved", user=student)).wait_response()
    assert "1." in embed_text(saved["data"])


# ---- student safety -----------------------------------------------------------------------


class Staffed:
    """A running bot in a server with a staff-only channel and a crisis-team role."""

    def __init__(self, run: Running, staff: int, role: int) -> None:
        self.run, self.staff, self.role = run, staff, role


@pytest.fixture
async def staffed(fake: FakeDiscord, tmp_path: Path, data_dir: Path):
    staff = fake.make_staff_channel()
    role = fake.make_role("Crisis Team")
    settings = bot_settings(
        tmp_path, data_dir, safety_contact="Mr. Okafor in the counseling office"
    )
    run = Running(fake, settings)
    await run.start()
    yield Staffed(run, staff, role)
    await run.stop()


async def turn_alerts_on(fake: FakeDiscord, staffed: Staffed) -> None:
    it = await fake.slash(
        "careerbot safety-alerts",
        {"channel": ChannelOption(staffed.staff), "role": RoleOption(staffed.role)},
        user=fake.moderator,
    )
    response = await it.wait_response()
    assert is_ephemeral(response)
    assert "Safety alerts are on" in embed_text(response["data"])
    hello = await fake.wait_for_bot_message(channel_id=staffed.staff, timeout=5)
    assert hello is not None and "safety alerts here" in hello["content"]


async def test_a_student_in_crisis_gets_a_discreet_answer_and_staff_an_alert(staffed, fake):
    await turn_alerts_on(fake, staffed)
    sent = await ask(fake, "i dont want to be alive anymore", author=fake.student)
    assert sent["channel_id"] == str(fake.general_id)
    assert not sent.get("embeds") and not sent.get("components")
    assert "988" in sent["content"] and "Mr. Okafor in the counseling office" in sent["content"]
    assert sent["allowed_mentions"]["parse"] == []

    alert = await fake.wait_for_bot_message(channel_id=staffed.staff, timeout=5)
    assert alert is not None
    content = alert["content"]
    assert f"<@&{staffed.role}>" in content and f"<@{fake.student.id}>" in content
    assert "suicide or self-harm" in content
    assert f"/channels/{fake.guild_id}/{fake.general_id}/" in content  # the jump link
    assert "alive anymore" not in content  # the student's words stay where they wrote them
    mentions = alert["allowed_mentions"]
    assert mentions["parse"] == [] and [int(r) for r in mentions["roles"]] == [staffed.role]
    assert not mentions.get("users")

    # A second message soon after is answered, but staff are not alerted again.
    again = await ask(fake, "i want to kms", author=fake.student)
    assert "988" in again["content"]
    assert await fake.wait_for_bot_message(channel_id=staffed.staff, timeout=QUIET) is None


async def test_no_alert_anywhere_when_the_server_has_not_opted_in(staffed, fake):
    sent = await ask(fake, "my dad hits me", author=fake.student)
    assert "1-800-422-4453" in sent["content"]
    assert await fake.wait_for_bot_message(timeout=QUIET) is None


async def test_a_flooding_student_in_crisis_is_still_answered(staffed, fake):
    limit = staffed.run.settings.rate_user_messages
    for n in range(limit + 2):
        await fake.send_message(
            f"{bot_mention(fake)} how much do tutors make {n}", author=fake.student
        )
    while await fake.wait_for_bot_message(timeout=QUIET) is not None:
        pass
    sent = await ask(fake, "i feel so hopeless and alone", author=fake.student)
    assert "988" in sent["content"]


async def test_a_crisis_in_a_dm_alerts_the_server_the_student_last_used(staffed, fake):
    await turn_alerts_on(fake, staffed)
    await ask(fake, "how much do tutors make", author=fake.student)
    await fake.send_message("im being bullied every day", author=fake.student, dm=True)
    reply = await fake.wait_for_bot_message(timeout=5)
    assert reply is not None and "741741" in reply["content"]
    alert = await fake.wait_for_bot_message(channel_id=staffed.staff, timeout=5)
    assert alert is not None and "direct message" in alert["content"]
    assert "bullying" in alert["content"] and "every day" not in alert["content"]


async def test_ask_in_crisis_answers_privately(staffed, fake):
    it = await fake.slash("ask", {"question": "i want to end it all"}, user=fake.student)
    response = await it.wait_response()
    assert is_ephemeral(response)
    assert "988" in embed_text(response["data"])


async def test_alerts_refuse_a_channel_everyone_can_read(staffed, fake):
    it = await fake.slash(
        "careerbot safety-alerts", {"channel": ChannelOption(fake.general_id)}, user=fake.moderator
    )
    text = embed_text((await it.wait_response())["data"])
    assert "only staff can see" in text
    status = await fake.slash("careerbot safety-alerts", {}, user=fake.moderator)
    assert "Safety alerts are off" in embed_text((await status.wait_response())["data"])


async def test_students_cannot_change_alerts_and_moderators_can_turn_them_off(staffed, fake):
    it = await fake.slash(
        "careerbot safety-alerts", {"channel": ChannelOption(staffed.staff)}, user=fake.student
    )
    assert "Only moderators" in embed_text((await it.wait_response())["data"])
    await turn_alerts_on(fake, staffed)
    off = await fake.slash("careerbot safety-alerts-off", {}, user=fake.moderator)
    assert "Safety alerts are off" in embed_text((await off.wait_response())["data"])
    await ask(fake, "i want to kill myself", author=fake.student)
    assert await fake.wait_for_bot_message(channel_id=staffed.staff, timeout=QUIET) is None


async def test_a_safety_message_never_shows_in_moderator_lists(staffed, fake):
    await ask(fake, "i want to kill myself", author=fake.student)
    missed = await fake.slash("careerbot missed", {}, user=fake.moderator)
    assert "Nothing missed" in embed_text((await missed.wait_response())["data"])
    review = await fake.slash("careerbot review", {}, user=fake.moderator)
    assert "No unanswered" in embed_text((await review.wait_response())["data"])


async def test_a_message_with_two_questions_gets_two_answers(running, fake):
    first = await ask(fake, "how much do librarians make? and how do i become one")
    assert "$64,320" in embed_text(first)
    second = await fake.wait_for_bot_message(timeout=5)
    assert second is not None and "How to become a librarian" in embed_text(second)


async def test_reload_compiles_off_the_event_loop(running, fake, monkeypatch):
    import threading

    from bot.engine import Engine

    on_loop = []
    original = Engine.compile

    def spy(self, kb):
        on_loop.append(threading.current_thread() is threading.main_thread())
        return original(self, kb)

    monkeypatch.setattr(Engine, "compile", spy)
    reload = await fake.slash("careerbot", subcommand("reload"), user=fake.moderator)
    response = await reload.wait_response()
    assert "Reloaded" in embed_text(response["data"])
    assert on_loop == [False]
