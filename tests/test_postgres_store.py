"""What only the PostgreSQL backend does: its migrations, complete deletion checked table by
table, and several processes sharing one database (each store here plays one process)."""

from __future__ import annotations

import asyncio
import time

import asyncpg
import pytest
from sample_records import ALICE, BOB, event

from bot.backends import open_store
from bot.context import Context, Scope
from bot.engine import Engine, Turn
from bot.locations import redact
from bot.postgres_store import SCHEMA_VERSION, PostgresStore, user_hash
from bot.storage import StoreError


async def _raw(url: str) -> asyncpg.Connection:
    return await asyncpg.connect(url)


async def _eventually(check, seconds: float = 5.0) -> None:
    """Until ``check()`` holds: a notification crosses between processes asynchronously."""
    deadline = time.monotonic() + seconds
    while not await check():
        assert time.monotonic() < deadline, "never happened"
        await asyncio.sleep(0.02)


async def test_a_new_database_is_migrated_once_even_by_two_processes_at_once(postgres_url):
    first, second = await asyncio.gather(open_store(postgres_url), open_store(postgres_url))
    try:
        assert await first.schema_version() == SCHEMA_VERSION
        conn = await _raw(postgres_url)
        assert await conn.fetchval("SELECT COUNT(*) FROM careerbot_schema") == SCHEMA_VERSION
        await conn.close()
    finally:
        await first.close()
        await second.close()


async def test_a_database_from_a_newer_version_is_refused_untouched(postgres_url):
    store = await open_store(postgres_url)
    await store.close()
    conn = await _raw(postgres_url)
    await conn.execute("INSERT INTO careerbot_schema VALUES ($1)", SCHEMA_VERSION + 5)
    await conn.execute("CREATE TABLE mystery (x int)")
    tables = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    with pytest.raises(StoreError, match="newer CareerBot"):
        await open_store(postgres_url)
    after = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    assert sorted(after) == sorted(tables)
    await conn.close()


async def test_connection_errors_are_one_line_and_never_show_the_password(postgres):
    url = f"postgresql://postgres:hunter2@127.0.0.1:{postgres.port}/no_such_database"
    with pytest.raises(StoreError) as caught:
        await open_store(url)
    assert "hunter2" not in str(caught.value) and "no_such_database" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert redact(url) == f"postgresql://postgres:***@127.0.0.1:{postgres.port}/no_such_database"
    with pytest.raises(StoreError, match="cannot connect"):
        await open_store("postgresql://postgres@127.0.0.1:1/x")  # nothing listens there


async def test_deletion_is_complete_in_every_table_with_user_data(postgres_url):
    store = await open_store(postgres_url)
    for scope in (ALICE, Scope("g2", "c9", "alice"), Scope("dm", "d1", "alice")):
        await store.record_turn(scope, Context(careers=["tutor"], updated_at=1.0), event(scope))
    await store.save_career("alice", "librarian", 1.0)
    await store.save_quiz("alice", [1, 2], 1.0)
    await store.enable_channel("g1", "c1", "alice", 1.0)  # alice is a moderator there too
    await store.set_safety_alerts("g1", "staff", None, "alice", 1.0)
    await store.record_turn(BOB, Context(updated_at=1.0), event(BOB))
    await store.delete_user("alice")
    assert await store.enabled_channels("g1") == frozenset({"c1"})  # her settings stay
    await store.close()
    conn = await _raw(postgres_url)
    try:
        columns = await conn.fetch(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public'"
        )
        checked = 0
        for table, column in columns:
            rows = await conn.fetchval(
                f"SELECT COUNT(*) FROM {table} WHERE {column}::text = 'alice'"
            )
            assert rows == 0, (table, column)  # the id in no column of any table
            checked += 1
        assert checked > 30
        assert await conn.fetchval("SELECT COUNT(*) FROM events WHERE user_id = 'bob'") == 1
        # What stays a few minutes is a hash, so turns in flight elsewhere are not written back.
        assert await conn.fetchval("SELECT user_hash FROM forget_markers") == user_hash("alice")
    finally:
        await conn.close()


async def test_a_save_is_committed_before_it_is_confirmed(postgres_url):
    store = await open_store(postgres_url)
    assert await store.save_career("alice", "librarian", 1.0)
    conn = await _raw(postgres_url)  # another process sees it at once
    assert await conn.fetchval("SELECT career_id FROM saved_careers") == "librarian"
    await conn.close()
    await store.close()


async def test_a_forget_me_in_one_process_empties_the_others_cache_and_queue(postgres_url):
    here = await open_store(postgres_url)
    there = await open_store(postgres_url)
    try:
        assert isinstance(here, PostgresStore)
        await here.record_turn(ALICE, Context(careers=["tutor"], updated_at=1.0), event(ALICE))
        await here.flush()
        assert (await here.load_context(ALICE)).careers == ["tutor"]  # cached here
        # A turn this process took just before the deletion elsewhere, not yet written.
        stale = (ALICE, Context(careers=["tutor"], updated_at=2.0), event(ALICE, "secret"))
        here._writer = asyncio.get_running_loop().create_future()  # hold the writer back
        await here.record_turn(*stale)
        held = list(here._queue)
        await there.delete_user("alice")

        async def forgotten_here() -> bool:
            return (await here.load_context(ALICE)).careers == []

        await _eventually(forgotten_here)
        assert here._queue == []  # dropped on the notification
        # Even had the batch been in flight already, the marker keeps it out.
        await here._write_batch(held)
        here._writer = None
        data = await there.user_data("alice")
        assert data["messages"] == [] and data["conversations"] == []
        # A turn after the deletion is a new conversation, and is kept.
        await here.record_turn(ALICE, Context(updated_at=3.0), event(ALICE, "new"))
        await here.flush()
        assert [m["text"] for m in (await there.user_data("alice"))["messages"]] == ["new"]
    finally:
        await here.close()
        await there.close()


async def test_settings_and_taught_phrasings_changed_elsewhere_are_seen_here(postgres_url):
    here = await open_store(postgres_url)
    there = await open_store(postgres_url)
    changed: list[str | None] = []

    async def recompile(guild: str | None) -> None:
        changed.append(guild)

    here.on_learning_changed(recompile)
    try:
        assert await here.enabled_channels("g1") == frozenset()  # cached empty
        assert await here.safety_alerts("g1") is None
        await there.enable_channel("g1", "c1", "mod", 1.0)
        await there.set_safety_alerts("g1", "staff", None, "mod", 1.0)
        await there.add_learned("g1", "book nerd pay", "career.salary", "librarian", 1.0)

        async def seen() -> bool:
            return await here.enabled_channels("g1") == frozenset({"c1"}) and "g1" in changed

        await _eventually(seen)
        assert (await here.safety_alerts("g1")).channel == "staff"
        assert changed == ["g1"]  # its own changes are not echoed back to the one who made them
        await here.add_learned("g1", "another", "career.salary", None, 2.0)
        await asyncio.sleep(0.2)
        assert changed == ["g1"]
    finally:
        await here.close()
        await there.close()


async def test_a_database_restart_mid_burst_loses_no_turn_and_recovers(
    postgres, postgres_url, kb, caplog
):
    store = await open_store(postgres_url)
    engine = Engine(kb, store)
    changed: list[str | None] = []

    async def recompile(guild: str | None) -> None:
        changed.append(guild)

    store.on_learning_changed(recompile)
    answered = 0

    async def student(n: int, turns: int) -> None:
        nonlocal answered
        scope = Scope("g", "c", f"s{n}")
        for t in range(turns):
            text = "how much do librarians make" if t % 2 else "how do i become a librarian"
            result = await engine.handle(Turn(scope, text))
            assert result.career == "librarian"  # answered, database or not
            answered += 1
            await asyncio.sleep(0.01)

    burst = asyncio.gather(*(student(n, 60) for n in range(20)))
    await asyncio.sleep(0.15)
    # A crash of the server (no clean shutdown), and its restart, while students talk.
    await asyncio.to_thread(postgres.restart, "immediate")
    await burst
    assert answered == 20 * 60
    await _eventually(lambda: _count_is(store, 20 * 60), seconds=30)
    await _eventually(_true_when(lambda: None in changed), seconds=30)  # the feed is back
    assert any("keeping turns" in r.getMessage() for r in caplog.records)
    assert await store.save_career("s1", "tutor", 1.0)  # writes a student is told about work
    await store.close()


async def _count_is(store, expected: int) -> bool:
    try:
        return await store.event_count() == expected
    except StoreError:
        return False


def _true_when(condition):
    async def check() -> bool:
        return bool(condition())

    return check


def test_an_unreachable_server_is_an_outage_and_a_wrong_database_a_setting(postgres):
    from click.testing import CliRunner

    from bot.cli import main

    runner = CliRunner()
    down = runner.invoke(main, ["stats", "--guild", "1", "--db", "postgresql://u@127.0.0.1:1/x"])
    assert down.exit_code == 1 and "cannot connect" in down.output  # systemd restarts it
    wrong = postgres.url_of("no_such_database")
    mistake = runner.invoke(main, ["stats", "--guild", "1", "--db", wrong])
    assert mistake.exit_code == 78 and "no_such_database" in mistake.output  # it does not


async def test_a_deletion_missed_while_the_change_feed_was_down_is_caught_up(postgres_url):
    here = await open_store(postgres_url)
    there = await open_store(postgres_url)
    try:
        await here.record_turn(ALICE, Context(careers=["tutor"], updated_at=1.0), event(ALICE))
        await here.flush()
        assert (await here.load_context(ALICE)).careers == ["tutor"]  # cached here
        back = asyncio.Event()
        listen = here._listen

        async def listen_later() -> None:
            await back.wait()  # the feed stays down until the deletion is over
            await listen()

        here._listen = listen_later
        conn = await _raw(postgres_url)
        await conn.execute("SELECT pg_terminate_backend($1)", here._listener.get_server_pid())
        await conn.close()
        await _eventually(_true_when(lambda: here._feed_lost_at is not None))
        await there.delete_user("alice")  # its notification reaches no one here
        back.set()

        async def caught_up() -> bool:
            return here._feed_lost_at is None and (await here.load_context(ALICE)).careers == []

        await _eventually(caught_up)
    finally:
        await here.close()
        await there.close()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql:/u:hunter2@db/careerbot",  # a slash short: not a URL at all
        "host=db password=hunter2",  # libpq's other form: never a SQLite file
    ],
)
def test_a_malformed_database_url_is_refused_without_its_password(url, monkeypatch):
    from bot.config import SettingsError, load_settings

    monkeypatch.setenv("CAREERBOT_DATABASE_URL", url)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "CAREERBOT_DATABASE_URL" in str(caught.value) and "hunter2" not in str(caught.value)


def test_redaction_hides_passwords_whatever_their_characters():
    assert redact("postgresql://u:pa/ss@h/db") == "postgresql://u:***@h/db"
    assert redact("postgresql://u:pa?ss@h/db") == "postgresql://u:***@h/db"
    assert redact("postgresql://u:p%40w@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert (
        redact("postgresql://u@h/db?sslmode=require&password=se%2Fcret")
        == "postgresql://u@h/db?sslmode=require&password=***"
    )
    assert redact("postgresql://u@h/db") == "postgresql://u@h/db"  # nothing to hide
