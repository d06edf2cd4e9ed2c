"""What only the SQLite backend does: its file, WAL, migrations, and complete deletion checked
table by table."""

import sqlite3

import pytest
from sample_records import ALICE, BOB, event

from bot.context import Context, Scope
from bot.sqlite_store import SCHEMA_VERSION, SQLiteStore, migrations
from bot.storage import StoreError


@pytest.fixture
async def store(tmp_path):
    s = await SQLiteStore.open(tmp_path / "bot.db")
    yield s
    await s.close()


async def test_new_database_is_migrated_to_newest_version(store):
    assert await store.schema_version() == SCHEMA_VERSION
    assert SCHEMA_VERSION >= 1


async def test_database_uses_wal(tmp_path, store):
    with sqlite3.connect(tmp_path / "bot.db") as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_database_from_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE mystery (x)")
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer CareerBot"):
        await SQLiteStore.open(path)
    assert path.read_bytes() == before


async def test_deletion_is_complete_in_every_table_with_user_data(tmp_path):
    path = tmp_path / "bot.db"
    store = await SQLiteStore.open(path)
    for scope in (ALICE, Scope("g2", "c9", "alice"), Scope("dm", "d1", "alice")):
        await store.record_turn(scope, Context(careers=["tutor"], updated_at=1.0), event(scope))
    await store.save_career("alice", "librarian", 1.0)
    await store.enable_channel("g1", "c1", "alice", 1.0)  # alice is a moderator there too
    await store.set_safety_alerts("g1", "staff", None, "alice", 1.0)
    await store.record_turn(BOB, Context(updated_at=1.0), event(BOB))
    await store.delete_user("alice")
    await store.close()
    with sqlite3.connect(path) as raw:
        tables = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        checked = 0
        for table in tables:
            for column in [c[1] for c in raw.execute(f"PRAGMA table_info({table})")]:
                rows = raw.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = 'alice'")
                assert rows.fetchone()[0] == 0, (table, column)  # in no column of any table
                checked += 1
        assert checked > 30
        assert raw.execute("SELECT COUNT(*) FROM events WHERE user_id = 'bob'").fetchone()[0] == 1


async def test_oldest_schema_upgrades_with_every_row_kept(tmp_path):
    path = tmp_path / "old.db"
    first_version, first_script = migrations()[0]
    with sqlite3.connect(path) as raw:
        raw.executescript(first_script)
        raw.execute(f"PRAGMA user_version = {first_version}")
        raw.execute(
            "INSERT INTO conversations VALUES ('g:c:alice', 'alice', "
            '\'{"careers": ["tutor"], "intent": "career.salary"}\', 5.0)'
        )
        raw.execute("INSERT INTO saved_careers VALUES ('alice', 'librarian', 2.0)")
        raw.execute(
            "INSERT INTO events (at, guild_id, channel_id, user_id, intent, career, "
            "outcome, confidence, text) VALUES (3.0, 'g', 'c', 'alice', "
            "'career.salary', 'tutor', 'answer', 0.9, 'how much do tutors make')"
        )
    store = await SQLiteStore.open(path)
    try:
        assert await store.schema_version() == SCHEMA_VERSION
        ctx = await store.load_context(Scope("g", "c", "alice"))
        assert (ctx.careers, ctx.intent) == (["tutor"], "career.salary")
        assert await store.saved_careers("alice") == ["librarian"]
        data = await store.user_data("alice")
        assert data["events"] == 1 and data["events_with_text"] == 1
        assert await store.enabled_channels("g") == frozenset()  # the newer table exists
        assert await store.integrity_ok()
    finally:
        await store.close()


def test_broken_context_json_starts_fresh():
    assert Context.from_json("{not json") == Context()
    assert Context.from_json('{"careers": 5}') == Context()
