"""The storage contract: what every backend must do, run against each of them.

A new backend is a module that passes this suite: add it to ``BACKENDS`` in conftest.py with
a way to make a fresh location (SQLite: a file; PostgreSQL: a new database on the tests' own
server).
"""

import asyncio

import pytest
from sample_records import ALICE, BOB, event

from bot.backends import open_store
from bot.context import Context, Pending, Scope
from bot.records import Event, SafetyAlerts


@pytest.fixture
async def store(location):
    s = await open_store(location)
    yield s
    await s.close()


async def test_context_round_trips_through_a_reopen(location):
    store = await open_store(location)
    ctx = Context(
        careers=["librarian"],
        intent="career.salary",
        pending=Pending("career", "career.salary", ["tutor", "librarian"], misses=1),
        updated_at=5.0,
    )
    await store.record_turn(ALICE, ctx, event(ALICE))
    await store.close()

    reopened = await open_store(location)  # a fresh process: no cache
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


async def test_purge_removes_old_text_and_keeps_counts(store):
    old = event(ALICE, "my secret message", at=100.0)
    new = event(BOB, "recent", at=10_000.0)
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
        record = event(scope, "x", at=at, intent=intent, career=career, outcome=outcome)
        await store.record_turn(scope, Context(updated_at=at), record)
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


async def test_safety_alert_settings_survive_a_reopen(location):
    store = await open_store(location)
    assert await store.safety_alerts("g1") is None
    await store.set_safety_alerts("g1", "staff", "role9", "mod1", 1.0)
    await store.set_safety_alerts("g1", "staff2", None, "mod1", 2.0)
    await store.close()
    store = await open_store(location)
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


async def test_taught_phrasings_and_review_state(store):
    taught = await store.add_learned("g1", "book nerd pay", "career.salary", "librarian", 1.0)
    again = await store.add_learned("g1", "book nerd pay", "career.salary", "tutor", 2.0)
    assert again.id == taught.id and again.career == "tutor"  # one phrasing per server
    assert [item.text for item in await store.learned("g1")] == ["book nerd pay"]
    assert await store.learned("g2") == []
    await store.record_turn(
        ALICE, Context(), Event(1.0, ALICE, "fallback", None, "fallback", 0.1, "qq")
    )
    (missed,) = await store.review_events("g1", 0.0)
    await store.mark_resolved([missed.id])
    assert await store.review_events("g1", 0.0) == []
    assert await store.remove_learned("g1", taught.id)
    assert not await store.remove_learned("g1", taught.id)


async def test_quiz_progress_and_enabled_channels(store):
    assert await store.quiz_answers("alice") is None
    await store.save_quiz("alice", [1, 0, 2], 1.0)
    assert await store.quiz_answers("alice") == [1, 0, 2]
    await store.clear_quiz("alice")
    assert await store.quiz_answers("alice") is None
    assert await store.enable_channel("g1", "c1", "mod", 1.0)
    assert not await store.enable_channel("g1", "c1", "mod", 2.0)
    assert await store.enabled_channels("g1") == frozenset({"c1"})
    assert await store.disable_channel("g1", "c1")
    assert await store.enabled_channels("g1") == frozenset()


async def test_purges_and_deletions_while_turns_arrive_lose_no_turn(store):

    async def students() -> None:
        for n in range(3000):
            scope = Scope("g", "c", f"u{n % 97}")
            event = Event(2000.0 + n, scope, "career.salary", None, "answer", 0.9, "hi", None)
            await store.record_turn(scope, Context(updated_at=2000.0 + n), event)
            if n % 50 == 0:
                await asyncio.sleep(0)

    async def upkeep() -> None:
        for n in range(60):
            await asyncio.gather(
                store.purge(before=0.0),  # nothing old: must change nothing
                store.delete_user(f"gone{n}"),  # someone else: must change nothing
                store.save_career(f"saver{n}", "librarian", 1.0),
            )

    await asyncio.gather(students(), upkeep())
    assert await store.event_count() == 3000
    for n in range(60):
        assert await store.saved_careers(f"saver{n}") == ["librarian"]


async def test_a_forget_me_leaves_nothing_even_with_turns_in_flight(store):
    scope = Scope("g", "c", "u1")

    async def turn(n: int) -> None:
        event = Event(3000.0 + n, scope, "fallback", None, "fallback", 0.1, "my secret", None)
        await store.record_turn(scope, Context(updated_at=3000.0 + n), event)

    await turn(0)
    # A turn queued, a save of someone else holding the writer, then the deletion and one
    # more turn while it runs: nothing of u1's may be written after "deleted".
    await asyncio.gather(
        store.save_career("u2", "librarian", 1.0), store.delete_user("u1"), turn(1)
    )
    await store.flush()
    data = await store.user_data("u1")
    assert data["messages"] == [] and data["conversations"] == []


async def test_a_turn_begun_before_a_forget_me_is_not_written_after_it(store):
    import time

    scope = Scope("g", "c", "u1")

    def turn(began: float, text: str) -> Event:
        return Event(5.0, scope, "greet", None, "answer", 1.0, text, began=began)

    first = time.monotonic()  # a turn begins: it reads the student's context
    ctx = await store.load_context(scope)
    await store.delete_user("u1")  # meanwhile the student asks to be forgotten
    second = time.monotonic()  # another turn of theirs begins on the same channel
    fresh = await store.load_context(scope)
    ctx.careers = ["tutor"]
    await store.record_turn(scope, ctx, turn(first, "old"))  # never written
    assert store.forgotten_since("u1", first) and not store.forgotten_since("u1", second)
    await store.record_turn(scope, fresh, turn(second, "new"))  # a new conversation: kept
    await store.record_turn(scope, fresh, turn(second, "new, part two"))  # of the same turn
    await store.flush()
    data = await store.user_data("u1")
    assert [m["text"] for m in data["messages"]] == ["new", "new, part two"]
    assert "tutor" not in str(data["conversations"])


async def test_a_confirmed_write_does_not_wait_for_turns_queued_after_it(store):
    """A busy bot never empties its queue: a save waits for the turns before it, not forever."""
    talking = True

    async def busy_channel() -> None:
        n = 0
        while talking:
            scope = Scope("g", "c", f"u{n % 50}")
            await store.record_turn(scope, Context(updated_at=1.0), event(scope))
            n += 1
            await asyncio.sleep(0.001)  # a turn a millisecond: a very busy bot, never idle

    chatter = asyncio.create_task(busy_channel())
    try:
        await asyncio.sleep(0.05)
        assert await asyncio.wait_for(store.save_career("alice", "tutor", 1.0), 10)
        await asyncio.wait_for(store.flush(), 10)
    finally:
        talking = False
        await chatter
