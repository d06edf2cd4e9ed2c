import sqlite3

import pytest

from bot.context import Context, Pending, Scope
from bot.store import SCHEMA_VERSION, ConversationStore, Event, StoreError

ALICE = Scope("g1", "c1", "alice")
BOB = Scope("g1", "c1", "bob")


def event(scope: Scope, text: str = "hi") -> Event:
    return Event(
        at=1.0,
        scope=scope,
        intent="greet",
        career=None,
        outcome="answer",
        confidence=1.0,
        text=text,
    )


@pytest.fixture
async def store(tmp_path):
    s = await ConversationStore.open(tmp_path / "bot.db")
    yield s
    await s.close()


async def test_new_database_is_migrated_to_newest_version(store):
    assert await store.schema_version() == SCHEMA_VERSION
    assert SCHEMA_VERSION >= 1


async def test_database_uses_wal(tmp_path, store):
    with sqlite3.connect(tmp_path / "bot.db") as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_context_round_trips_through_sqlite(tmp_path):
    path = tmp_path / "bot.db"
    store = await ConversationStore.open(path)
    ctx = Context(
        careers=["librarian"],
        intent="career.salary",
        pending=Pending("career", "career.salary", ["tutor", "librarian"]),
        updated_at=5.0,
    )
    await store.record_turn(ALICE, ctx, event(ALICE))
    await store.close()

    reopened = await ConversationStore.open(path)  # a fresh process: no cache
    loaded = await reopened.load_context(ALICE)
    await reopened.close()
    assert loaded == ctx


async def test_contexts_do_not_leak_between_scopes(store):
    await store.record_turn(ALICE, Context(careers=["tutor"], updated_at=1.0), event(ALICE))
    assert (await store.load_context(BOB)).careers == []
    assert (await store.load_context(Scope("g1", "c2", "alice"))).careers == []


async def test_saved_careers_are_per_user_and_deduplicated(store):
    assert await store.save_career("alice", "librarian", 1.0)
    assert not await store.save_career("alice", "librarian", 2.0)
    assert await store.save_career("alice", "tutor", 3.0)
    assert await store.saved_careers("alice") == ["librarian", "tutor"]
    assert await store.saved_careers("bob") == []
    assert await store.remove_saved("alice", "librarian")
    assert await store.saved_careers("alice") == ["tutor"]


async def test_events_are_logged(store):
    await store.record_turn(ALICE, Context(updated_at=1.0), event(ALICE))
    await store.record_turn(BOB, Context(updated_at=1.0), event(BOB))
    assert await store.event_count() == 2
    assert await store.integrity_ok()


async def test_database_from_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE mystery (x)")
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer CareerBot"):
        await ConversationStore.open(path)
    assert path.read_bytes() == before


def test_broken_context_json_starts_fresh():
    assert Context.from_json("{not json") == Context()
    assert Context.from_json('{"careers": 5}') == Context()
