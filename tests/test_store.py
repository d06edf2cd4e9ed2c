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


async def test_purge_removes_old_text_and_keeps_counts(store):
    old = Event(
        at=100.0,
        scope=ALICE,
        intent="greet",
        career=None,
        outcome="answer",
        confidence=1.0,
        text="my secret message",
    )
    new = Event(
        at=10_000.0,
        scope=BOB,
        intent="greet",
        career=None,
        outcome="answer",
        confidence=1.0,
        text="recent",
    )
    await store.record_turn(ALICE, Context(updated_at=100.0), old)
    await store.record_turn(BOB, Context(updated_at=10_000.0), new)
    texts, conversations = await store.purge(before=5_000.0)
    assert (texts, conversations) == (1, 1)
    assert await store.event_count() == 2
    alice = await store.user_data("alice")
    assert alice["events"] == 1 and alice["events_with_text"] == 0
    assert alice["conversations"] == []
    assert (await store.user_data("bob"))["events_with_text"] == 1


async def test_delete_user_empties_every_table(store):
    await store.record_turn(ALICE, Context(careers=["tutor"], updated_at=1.0), event(ALICE))
    await store.save_career("alice", "tutor", 1.0)
    await store.record_turn(BOB, Context(updated_at=1.0), event(BOB))
    assert await store.delete_user("alice") >= 3
    data = await store.user_data("alice")
    assert data == {**data, "saved_careers": [], "conversations": [], "events": 0}
    assert (await store.load_context(ALICE)).careers == []
    assert (await store.user_data("bob"))["events"] == 1


async def test_deletion_is_complete_in_every_table_with_user_data(tmp_path):
    path = tmp_path / "bot.db"
    store = await ConversationStore.open(path)
    for scope in (ALICE, Scope("g2", "c9", "alice"), Scope("dm", "d1", "alice")):
        await store.record_turn(scope, Context(careers=["tutor"], updated_at=1.0), event(scope))
    await store.save_career("alice", "librarian", 1.0)
    await store.record_turn(BOB, Context(updated_at=1.0), event(BOB))
    await store.delete_user("alice")
    await store.close()
    with sqlite3.connect(path) as raw:
        tables = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        checked = 0
        for table in tables:
            columns = [c[1] for c in raw.execute(f"PRAGMA table_info({table})")]
            if "user_id" in columns:
                rows = raw.execute(f"SELECT COUNT(*) FROM {table} WHERE user_id = 'alice'")
                assert rows.fetchone()[0] == 0, table
                checked += 1
        assert checked >= 3
        assert raw.execute("SELECT COUNT(*) FROM events WHERE user_id = 'bob'").fetchone()[0] == 1


async def test_oldest_schema_upgrades_with_every_row_kept(tmp_path):
    from bot.store import migrations

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
    store = await ConversationStore.open(path)
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


async def test_statistics_on_a_seeded_database(store):
    from bot.stats_view import format_stats

    hour = 3600.0
    rows = [
        ("s1", "career.salary", "librarian", "answer", 10 * hour),
        ("s1", "career.education", "librarian", "answer", 10 * hour + 60),
        ("s2", "career.salary", "tutor", "answer", 14 * hour),
        ("s3", "fallback", None, "fallback", 14 * hour + 60),
        ("s3", "career.salary", None, "clarify", 14 * hour + 120),
    ]
    for user, intent, career, outcome, at in rows:
        scope = Scope("school", "c", user)
        await store.record_turn(
            scope,
            Context(updated_at=at),
            Event(
                at=at,
                scope=scope,
                intent=intent,
                career=career,
                outcome=outcome,
                confidence=0.9,
                text="x",
            ),
        )
    other = Scope("elsewhere", "c", "s9")
    await store.record_turn(other, Context(updated_at=1.0), event(other))

    stats = await store.stats("school", since=0.0)
    assert (stats.messages, stats.students) == (5, 3)
    assert (stats.answered, stats.clarified, stats.fallbacks) == (3, 1, 1)
    assert stats.answer_rate == 0.6
    assert stats.top_intents[0] == ("career.salary", 2)
    assert stats.top_careers == [("librarian", 2), ("tutor", 1)]
    hours = await store.busiest_hours("school", since=0.0)
    assert hours == [(14, 3), (10, 2)]
    text = format_stats(stats, hours, 7)
    assert "students: 3" in text and "14:00" in text and "█" in text
    assert "s1" not in text  # counted, never listed


async def test_safety_alert_settings_survive_a_reopen(tmp_path):
    from bot.store import ConversationStore, SafetyAlerts

    path = tmp_path / "alerts.db"
    store = await ConversationStore.open(path)
    assert await store.safety_alerts("g1") is None
    await store.set_safety_alerts("g1", "staff", "role9", "mod1", 1.0)
    await store.set_safety_alerts("g1", "staff2", None, "mod1", 2.0)
    await store.close()
    store = await ConversationStore.open(path)
    try:
        assert await store.safety_alerts("g1") == SafetyAlerts("g1", "staff2", None)
        assert await store.disable_safety_alerts("g1")
        assert await store.safety_alerts("g1") is None
        assert not await store.disable_safety_alerts("g1")
    finally:
        await store.close()


async def test_last_guild_skips_direct_messages_and_the_terminal(store):
    from bot.context import DM_GUILD, TERMINAL_GUILD

    for at, guild in ((1.0, "school-a"), (2.0, "school-b"), (3.0, DM_GUILD), (4.0, TERMINAL_GUILD)):
        scope = Scope(guild, "c", "kid")
        await store.record_turn(
            scope, Context(), Event(at, scope, "greet", None, "answer", 1, None)
        )
    assert await store.last_guild("kid") == "school-b"
    assert await store.last_guild("nobody") is None
