"""The PostgreSQL backend of :mod:`bot.storage`, through asyncpg: one database shared by every
CareerBot process (each serving some of the bot's shards).

What changes from SQLite, where one process owns the file:

* Caches are per process, so every change another process must see (a student forgotten,
  old text purged, a server's channels, alerts or taught phrasings) is announced with
  ``NOTIFY`` in the transaction that makes it; each process listens and drops what it held.
* A deletion takes an advisory lock on the student that every batch of turns also takes
  (shared), and leaves a short-lived marker (a hash, never the id) stamped with the server's
  clock at its commit. A batch drops that student's turns begun before the stamp, and each
  process, told of the deletion, drops the turns it holds and any turn begun before it heard.
  What remains is a window of a few milliseconds: a turn begun on another process's cached
  context after the stamp but before the notification reached it.
* The database can restart under a running bot: replies never wait on it, turns queued while
  it is away are kept (for :data:`RETRY_SECONDS`, at most :data:`MAX_QUEUED_TURNS`) and
  written once it is back, and a conversation not in memory starts fresh rather than failing
  the turn. The change feed is checked every :data:`FEED_CHECK_SECONDS`, since a connection
  cut without a reset never reports itself.

The schema version lives in the table ``careerbot_schema``; numbered scripts in
``bot/migrations/postgres/`` move it forward under an advisory lock (two processes starting
together migrate once). A database from a newer CareerBot is refused rather than touched.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import json
import logging
import secrets
import time
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import asyncpg

from .context import DM_GUILD, TERMINAL_GUILD, Context, Scope
from .forgetting import TurnGuard
from .locations import redact
from .migrations import TABLES, scripts, table_name
from .records import (
    MESSAGE_COLUMNS,
    REVIEW_COLUMNS,
    REVIEW_ORDER,
    Event,
    Learned,
    MissedEvent,
    SafetyAlerts,
    Stats,
    UserData,
    message_of,
    missed_events,
)
from .storage import LearningChanged, StoreError, StoreUnavailable

log = logging.getLogger(__name__)

SCHEMA_VERSION = len(scripts("postgres"))
CHANNEL = "careerbot"  # the NOTIFY channel every process listens on
# Advisory lock ids (first key): migrations, the retention purge, and students (second key).
_MIGRATION_LOCK = 0x43420001
_USER_LOCK = 0x43420002
_PURGE_LOCK = 0x43420003

# A queued turn older than this is dropped rather than written late: the database was away
# too long. Forget markers outlive it, so a turn written late never outlives a deletion.
RETRY_SECONDS = 300.0
FORGET_MARKER_SECONDS = 2 * RETRY_SECONDS
MAX_QUEUED_TURNS = 50_000
# Turns per transaction: each student in a batch holds an advisory lock until its commit, and
# the server's lock table is shared by every process (about 6,400 entries by default).
MAX_BATCH = 500
_CONTEXT_CACHE_SIZE = 10_000
_LONGEST_BACKOFF = 5.0
FEED_CHECK_SECONDS = 30.0

# Errors that mean "the database is away or busy, try again", not "this write is wrong".
_TRANSIENT: tuple[type[BaseException], ...] = (
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.OperatorInterventionError,  # shutting down, starting up
    asyncpg.exceptions.InsufficientResourcesError,  # too many connections
    asyncpg.exceptions.TransactionRollbackError,  # deadlock, serialization: retry
    asyncpg.exceptions.ReadOnlySQLTransactionError,  # a replica mid-failover
    asyncpg.exceptions.LockNotAvailableError,  # a lock_timeout
    OSError,
    TimeoutError,
)
_ERRORS: tuple[type[BaseException], ...] = (asyncpg.PostgresError, *_TRANSIENT)
# Among the InterfaceErrors, the one that means the URL itself is wrong (no database name, a
# bad sslmode): a setting to fix, never an outage to wait out.
_BAD_URL = asyncpg.exceptions.ClientConfigurationError

_UPSERT_CONTEXTS = (
    "INSERT INTO conversations (scope, user_id, context, updated_at) "
    "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[]) "
    "ON CONFLICT (scope) DO UPDATE SET context = excluded.context, updated_at = excluded.updated_at"
)
_INSERT_EVENTS = (
    "INSERT INTO events (at, guild_id, channel_id, user_id, intent, career, outcome, confidence, "
    "text, guess, turn_id) SELECT * FROM unnest($1::float8[], $2::text[], $3::text[], "
    "$4::text[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::text[], $10::text[], "
    "$11::uuid[]) ON CONFLICT (turn_id) DO NOTHING"
)
_DELETE_USER = (
    "DELETE FROM quiz_progress WHERE user_id = $1",
    "DELETE FROM conversations WHERE user_id = $1",
    "DELETE FROM saved_careers WHERE user_id = $1",
    "DELETE FROM events WHERE user_id = $1",
    # A moderator forgotten: the settings they made stay, without their name on them.
    "UPDATE guild_channels SET enabled_by = '' WHERE enabled_by = $1",
    "UPDATE safety_alerts SET set_by = '' WHERE set_by = $1",
)
_LEARNED_COLUMNS = "id, guild_id, text, intent, career, added_at"
_NOW = "extract(epoch FROM clock_timestamp())::float8"  # the server's clock, as seconds
# Ties broken byte by byte, as SQLite does, whatever the database's collation.
_BYTES = 'COLLATE "C"'


def user_hash(user: str) -> str:
    return hashlib.sha256(user.encode()).hexdigest()


def _pg_text(value: Any) -> Any:
    """Text PostgreSQL stores: no NUL character, valid UTF-8 (SQLite takes either)."""
    if isinstance(value, str):
        return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    return value


def _a_hash(value: object) -> str:
    """A forget notification's student: a hash (an older version sent the id itself)."""
    text = str(value)
    return (
        text if len(text) == 64 and all(c in "0123456789abcdef" for c in text) else user_hash(text)
    )


def _count(status: str) -> int:
    """Rows a statement touched, from asyncpg's status ("DELETE 3", "INSERT 0 1")."""
    tail = status.rsplit(" ", 1)[-1]
    return int(tail) if tail.isdigit() else 0


@dataclass(slots=True)
class _Queued:
    context: tuple[str, str, str, float]
    event: tuple[Any, ...]
    user: str
    user_hash: str
    taken_at: float  # local wall clock when the turn read its context
    queued_at: float  # monotonic, for how long it may wait for the database


# A connection of its own, or one borrowed from the pool.
_Connection = asyncpg.Connection | asyncpg.pool.PoolConnectionProxy

_Method = TypeVar("_Method", bound=Callable[..., Awaitable[Any]])


def _guarded(what: str, writes: bool = False) -> Callable[[_Method], _Method]:
    """A database call whose failure is a StoreError saying what could not be done. A write
    (which the student is told about) first waits for the turns queued before it; it commits
    before it returns, so a confirmation is never sent for a write that was lost."""

    def wrap(method: _Method) -> _Method:
        @functools.wraps(method)
        async def guarded(self: PostgresStore, *args: Any, **kwargs: Any) -> Any:
            if writes:
                await self.flush()
            try:
                return await method(self, *args, **kwargs)
            except _ERRORS as exc:
                log.error("could not %s in %s: %s", what, self.name, _reason(exc))
                raise StoreError(f"could not {what}: {_reason(exc)}") from exc

        return guarded  # type: ignore[return-value]

    return wrap


def _reason(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


class PostgresStore:
    """Every storage concern of :mod:`bot.storage` in one PostgreSQL database, shared by any
    number of processes. Open with :meth:`open`, close with :meth:`close`."""

    def __init__(self, pool: asyncpg.Pool, url: str) -> None:
        self._pool = pool
        self._url = url
        self.name = redact(url)
        self._origin = secrets.token_hex(8)  # this process, in its own notifications
        self._offset = 0.0  # the server's clock minus ours, for comparing with its stamps
        # Scope key -> (context JSON, its updated_at, its student's hash); valid while the
        # change feed runs (other processes announce what they delete or purge).
        self._contexts: OrderedDict[str, tuple[str, float, str]] = OrderedDict()
        self._channels: dict[str, frozenset[str]] = {}
        self._alerts: dict[str, SafetyAlerts | None] = {}
        self._guard = TurnGuard()  # students by hash: forgotten here or elsewhere
        self._learning_watchers: list[LearningChanged] = []
        self._listener: asyncpg.Connection | None = None
        self._listening: asyncio.Task[None] | None = None
        self._feed_lost_at: float | None = None
        self._feed_ok_at = time.time()  # when the change feed last answered
        self._tasks: set[asyncio.Task[Any]] = set()
        # Group commit, as on SQLite: one task writes the queued turns in batches.
        self._queue: list[_Queued] = []
        self._in_flight = 0
        self._writer: asyncio.Task[None] | None = None
        self._progress = asyncio.Condition()
        self._failures = 0  # failed batch attempts, so flush() can stop waiting on an outage
        self._enqueued = 0  # turns queued, and turns done with (written or dropped)
        self._done = 0
        self._write_failing = False
        self._read_failing = False
        self._queue_full = False
        self._closed = False

    @classmethod
    async def open(cls, url: str, *, pool_size: int = 10, wait: float = 0.0) -> PostgresStore:
        """Connect (retrying for ``wait`` seconds while the server is not up yet), migrate, and
        start listening for other processes' changes. Failures are one-line StoreErrors."""
        name = redact(url)
        deadline = time.monotonic() + wait
        delay = 0.5
        while True:
            try:
                pool = await asyncpg.create_pool(
                    url, min_size=1, max_size=pool_size, command_timeout=30, timeout=10
                )
                break
            except _BAD_URL as exc:
                raise StoreError(f"cannot use the database {name}: {_reason(exc)}") from exc
            except _TRANSIENT as exc:
                if time.monotonic() + delay > deadline:
                    raise StoreUnavailable(
                        f"cannot connect to the database {name}: {_reason(exc)}. Is PostgreSQL "
                        "running there, and is CAREERBOT_DATABASE_URL right?"
                    ) from exc
                log.warning("database %s not reachable (%s); retrying", name, _reason(exc))
                await asyncio.sleep(delay)
                delay = min(delay * 2, _LONGEST_BACKOFF)
            except (asyncpg.PostgresError, ValueError) as exc:  # bad password, no such database
                raise StoreError(f"cannot use the database {name}: {_reason(exc)}") from exc
        store = cls(pool, url)
        try:
            async with pool.acquire() as conn:
                await _migrate(conn, name)
            await store._listen()
        except StoreError:
            await store._close_pool()
            raise
        except _ERRORS as exc:  # lost, or out of connections, between connecting and now
            await store._close_pool()
            raise StoreUnavailable(f"cannot start on the database {name}: {_reason(exc)}") from exc
        except BaseException:
            await store._close_pool()
            raise
        store._spawn(store._watch_feed())
        return store

    async def close(self) -> None:
        if self._closed:
            return
        await self.flush()
        self._closed = True  # from here, turns are no longer taken
        unsaved = len(self._queue) + self._in_flight
        if unsaved:
            log.error("closing with %d turns not saved: %s is unreachable", unsaved, self.name)
        for task in [self._writer, self._listening, *self._tasks]:
            if task is not None and not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, *_ERRORS):
                    await task
        if self._listener is not None:
            with contextlib.suppress(*_ERRORS):
                await self._listener.close(timeout=5)
        await self._close_pool()

    async def _close_pool(self) -> None:
        try:
            await asyncio.wait_for(self._pool.close(), 10)
        except _ERRORS:
            self._pool.terminate()

    def _spawn(self, coro: Awaitable[Any]) -> None:
        """A background task, kept until it ends (a task nothing holds can vanish)."""
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def schema_version(self) -> int:
        async with self._pool.acquire() as conn:
            return await _version(conn)

    # ---- changes from other processes -------------------------------------------------

    def on_learning_changed(self, callback: LearningChanged) -> None:
        """``callback(guild)`` when another process changes a server's taught phrasings;
        ``callback(None)`` after a lost connection, when any of them may have changed."""
        self._learning_watchers.append(callback)

    async def _listen(self) -> None:
        previous, self._listener = self._listener, None
        if previous is not None and not previous.is_closed():
            previous.terminate()  # a half-set-up feed from an attempt that failed
        conn = await asyncpg.connect(self._url, timeout=10)
        try:
            await self._measure_offset(conn)
            await conn.add_listener(CHANNEL, self._on_notification)
        except BaseException:
            conn.terminate()
            raise
        conn.add_termination_listener(self._on_listener_lost)
        self._listener = conn
        self._feed_ok_at = time.time()

    async def _measure_offset(self, conn: _Connection) -> None:
        """The server's clock minus ours (markers are stamped with the server's)."""
        before = time.time()
        server = await conn.fetchval("SELECT extract(epoch FROM clock_timestamp())::float8")
        self._offset = float(server) - (before + time.time()) / 2

    async def _watch_feed(self) -> None:
        """A connection cut without a reset (a NAT's idle timeout) never says so: ask, and
        make sure a lost feed is always being brought back."""
        while not self._closed:
            await asyncio.sleep(FEED_CHECK_SECONDS)
            listener = self._listener
            if listener is None or listener.is_closed():
                self._on_listener_lost(None)  # (does nothing while a reconnect runs)
                continue
            try:
                await asyncio.wait_for(self._measure_offset(listener), 10)
            except Exception:
                listener.terminate()  # reports itself lost: _relisten takes over
                continue
            self._feed_ok_at = time.time()

    def _on_listener_lost(self, _conn: object) -> None:
        if self._feed_lost_at is None:
            # Notifications may have been missed since the feed last answered, not since now.
            self._feed_lost_at = self._feed_ok_at
        if not self._closed and (self._listening is None or self._listening.done()):
            self._listening = asyncio.get_running_loop().create_task(self._relisten())

    async def _relisten(self) -> None:
        """Listen again once the database is back, then catch up on what was missed."""
        delay = 0.5
        log.warning("lost the change feed of %s; reconnecting", self.name)
        while not self._closed:
            try:
                await self._listen()
                await self._catch_up()
            except Exception as exc:
                log.debug("change feed not back yet: %s", _reason(exc))
                await asyncio.sleep(delay)
                delay = min(delay * 2, _LONGEST_BACKOFF)
                continue
            if self._listener is None or self._listener.is_closed():
                continue  # lost again while catching up
            log.warning("change feed of %s is back", self.name)
            await self._learning_changed(None)
            return

    async def _catch_up(self) -> None:
        """What the notifications missed while the feed was down: deletions (from their
        markers), and every server's settings (cheap to read again). Conversations in memory
        stay: they are the newest state, and their turns may still be waiting to be written."""
        lost = (self._feed_lost_at or time.time()) - 1.0  # a second's margin for the clocks
        rows = await self._pool.fetch(
            "SELECT user_hash FROM forget_markers WHERE forgotten_at >= $1", lost + self._offset
        )
        for row in rows:
            self._forget_here(row[0])
        self._channels.clear()
        self._alerts.clear()
        self._feed_lost_at = None

    def _on_notification(
        self, _conn: _Connection, _pid: int, _channel: str, payload: object
    ) -> None:
        try:
            message = json.loads(str(payload))
            origin, kind, key = message["o"], message["k"], message.get("v")
            if origin == self._origin:
                return  # our own change: the caches are already right
            if kind == "forget":
                self._forget_here(_a_hash(key))
            elif kind == "purge":
                self._drop_contexts_before(float(key))
            elif kind == "guild":
                self._channels.pop(str(key), None)
                self._alerts.pop(str(key), None)
            elif kind == "learned":
                self._spawn(self._learning_changed(str(key)))
        except (ValueError, KeyError, TypeError):
            log.warning("ignoring a malformed change notification")

    async def _learning_changed(self, guild: str | None) -> None:
        for callback in self._learning_watchers:
            try:
                await callback(guild)
            except Exception:
                log.exception("reloading taught phrasings failed")

    @staticmethod
    async def _announce(conn: _Connection, origin: str, kind: str, key: str | None) -> None:
        """Tell the other processes, when (and only if) the transaction commits."""
        payload = json.dumps({"o": origin, "k": kind, "v": key})
        await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, payload)

    def _forget_here(self, hashed: str) -> None:
        """A student (by hash) was forgotten: drop what this process holds of them, and from
        now on any turn of theirs that began before this moment."""
        self._guard.forgotten(hashed)
        kept = [item for item in self._queue if item.user_hash != hashed]
        self._done += len(self._queue) - len(kept)
        self._queue = kept
        for key in [k for k, (_, _, h) in self._contexts.items() if h == hashed]:
            del self._contexts[key]

    def _drop_contexts_before(self, before: float) -> None:
        for key in [k for k, (_, at, _) in self._contexts.items() if at < before]:
            del self._contexts[key]

    # ---- context -------------------------------------------------------------------

    async def load_context(self, scope: Scope) -> Context:
        cached = self._contexts.get(scope.key)
        if cached is not None:
            self._contexts.move_to_end(scope.key)
            return Context.from_json(cached[0])
        try:
            raw = await self._pool.fetchval(
                "SELECT context FROM conversations WHERE scope = $1", scope.key
            )
        except _ERRORS as exc:
            # The student still gets an answer: this turn starts a fresh conversation.
            self._reading_failed(exc)
            return Context()
        self._reading_works()
        return Context.from_json(raw)

    def _reading_failed(self, exc: BaseException) -> None:
        if not self._read_failing:
            log.error(
                "cannot read from %s (%s): answering without conversation history until it "
                "recovers",
                self.name,
                _reason(exc),
            )
        self._read_failing = True

    def _reading_works(self) -> None:
        if self._read_failing:
            log.warning("reading from %s works again", self.name)
            self._read_failing = False

    def _cache(self, key: str, raw: str, updated_at: float, hashed: str) -> None:
        self._contexts[key] = (raw, updated_at, hashed)
        self._contexts.move_to_end(key)
        while len(self._contexts) > _CONTEXT_CACHE_SIZE:
            self._contexts.popitem(last=False)

    async def record_turn(self, scope: Scope, ctx: Context, event: Event) -> None:
        """Queue the context and the event for the next batch write (see SQLiteStore); a turn
        that began before its student was forgotten, or while they are, is dropped."""
        hashed = user_hash(scope.user)
        if self._closed or self._guard.forgotten_since(hashed, event.began):
            return
        # The turn's start on the wall clock, for other processes' forget markers.
        taken = time.time() - (time.monotonic() - event.began) if event.began else 0.0
        raw = ctx.to_json()
        self._cache(scope.key, raw, ctx.updated_at, hashed)
        if len(self._queue) >= MAX_QUEUED_TURNS:
            if not self._queue_full:
                log.error(
                    "%d turns waiting for %s: dropping the oldest", len(self._queue), self.name
                )
            self._queue_full = True
            del self._queue[0]
            self._done += 1
        self._queue.append(
            _Queued(
                (_pg_text(scope.key), _pg_text(scope.user), raw, ctx.updated_at),
                (
                    event.at,
                    _pg_text(scope.guild),
                    _pg_text(scope.channel),
                    _pg_text(scope.user),
                    event.intent,
                    event.career,
                    event.outcome,
                    event.confidence,
                    _pg_text(event.text),
                    event.guess,
                    # Written once even when a batch is retried after a COMMIT whose answer
                    # was lost with the connection: the server may have committed it.
                    uuid.uuid4(),
                ),
                scope.user,
                hashed,
                taken,
                time.monotonic(),
            )
        )
        self._enqueued += 1
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(self._write_queued())

    def forgotten_since(self, user: str, began: float) -> bool:
        return self._guard.forgotten_since(user_hash(user), began)

    async def flush(self) -> None:
        """Wait until every turn queued before this call is written (or dropped), or until an
        attempt fails (the turns stay queued and are retried; a moderator's /stats does not
        wait out an outage, nor for the turns a busy bot keeps queueing after it)."""
        target = self._enqueued
        failures = self._failures
        async with self._progress:
            await self._progress.wait_for(
                lambda: (
                    self._done >= target
                    or self._failures != failures
                    or self._writer is None
                    or self._writer.done()
                )
            )

    async def _write_queued(self) -> None:
        delay = 0.2
        try:
            while self._queue:
                batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
                self._in_flight = len(batch)
                try:
                    await self._write_batch(batch)
                except _TRANSIENT as exc:
                    self._requeue(batch, exc)
                    self._failures += 1
                    await self._settle()
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, _LONGEST_BACKOFF)
                    continue
                except Exception:
                    # Not an outage: one turn the server refuses must not take the others.
                    await self._write_one_by_one(batch)
                self._done += len(batch)
                self._in_flight = 0
                delay = 0.2
                self._queue_full = False
                if self._write_failing:
                    log.warning("writing to %s works again", self.name)
                    self._write_failing = False
                await self._settle()
        finally:
            self._in_flight = 0
            await self._settle()

    async def _write_one_by_one(self, batch: list[_Queued]) -> None:
        for item in batch:
            try:
                await self._write_batch([item])
            except Exception:
                self._failures += 1
                log.exception("dropped a turn that %s refused", self.name)

    async def _settle(self) -> None:
        async with self._progress:
            self._progress.notify_all()

    def _requeue(self, batch: list[_Queued], exc: BaseException) -> None:
        if not self._write_failing:
            log.error(
                "cannot write to %s (%s): answering, and keeping turns to write when it is back",
                self.name,
                _reason(exc),
            )
        self._write_failing = True
        oldest = time.monotonic() - RETRY_SECONDS
        kept = [item for item in batch if item.queued_at >= oldest]
        self._done += len(batch) - len(kept)
        if len(kept) < len(batch):
            log.error(
                "dropped %d turns queued more than %g s ago, unsaved",
                len(batch) - len(kept),
                RETRY_SECONDS,
            )
        merged = kept + self._queue
        self._done += max(0, len(merged) - MAX_QUEUED_TURNS)
        self._queue = merged[-MAX_QUEUED_TURNS:]
        self._in_flight = 0

    async def _write_batch(self, batch: list[_Queued]) -> None:
        users = sorted({item.user for item in batch})
        async with self._pool.acquire() as conn, conn.transaction():
            # Shared with other writers; a deletion of one of these students waits for us, and
            # we wait for a deletion in progress.
            await conn.execute(
                "SELECT pg_advisory_xact_lock_shared($1, hashtext(u)) FROM unnest($2::text[]) AS u",
                _USER_LOCK,
                users,
            )
            markers = await conn.fetch(
                "SELECT user_hash, forgotten_at FROM forget_markers "
                "WHERE user_hash = ANY($1::text[])",
                sorted({item.user_hash for item in batch}),
            )
            forgotten = {row[0]: row[1] for row in markers}
            batch = [
                item
                for item in batch
                if not self._guard.is_forgetting(item.user_hash)
                and not (
                    item.user_hash in forgotten
                    and item.taken_at + self._offset <= forgotten[item.user_hash]
                )
            ]
            latest = {item.context[0]: item.context for item in batch}
            if latest:
                await conn.execute(_UPSERT_CONTEXTS, *map(list, zip(*latest.values(), strict=True)))
                events = [item.event for item in batch]
                await conn.execute(_INSERT_EVENTS, *map(list, zip(*events, strict=True)))

    # ---- saved careers -------------------------------------------------------------

    @_guarded("read the saved careers")
    async def saved_careers(self, user: str) -> list[str]:
        # Not cached: a student's list is shared by every server, so by every process.
        rows = await self._pool.fetch(
            "SELECT career_id FROM saved_careers WHERE user_id = $1 "
            f"ORDER BY saved_at, career_id {_BYTES}",
            user,
        )
        return [row[0] for row in rows]

    @_guarded("save a career", writes=True)
    async def save_career(self, user: str, career_id: str, at: float) -> bool:
        status = await self._pool.execute(
            "INSERT INTO saved_careers (user_id, career_id, saved_at) VALUES ($1, $2, $3) "
            "ON CONFLICT DO NOTHING",
            user,
            career_id,
            at,
        )
        return _count(status) > 0

    @_guarded("remove a saved career", writes=True)
    async def remove_saved(self, user: str, career_id: str) -> bool:
        status = await self._pool.execute(
            "DELETE FROM saved_careers WHERE user_id = $1 AND career_id = $2", user, career_id
        )
        return _count(status) > 0

    # ---- guild settings ------------------------------------------------------------

    async def _guild_write(self, guild: str, sql: str, *args: Any) -> str:
        async with self._pool.acquire() as conn, conn.transaction():
            status = await conn.execute(sql, *args)
            await self._announce(conn, self._origin, "guild", guild)
        self._channels.pop(guild, None)
        self._alerts.pop(guild, None)
        return str(status)

    @_guarded("enable a channel", writes=True)
    async def enable_channel(self, guild: str, channel: str, by: str, at: float) -> bool:
        status = await self._guild_write(
            guild,
            "INSERT INTO guild_channels (guild_id, channel_id, enabled_by, enabled_at) "
            "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            guild,
            channel,
            by,
            at,
        )
        return _count(status) > 0

    @_guarded("disable a channel", writes=True)
    async def disable_channel(self, guild: str, channel: str) -> bool:
        status = await self._guild_write(
            guild,
            "DELETE FROM guild_channels WHERE guild_id = $1 AND channel_id = $2",
            guild,
            channel,
        )
        return _count(status) > 0

    async def enabled_channels(self, guild: str) -> frozenset[str]:
        cached = self._channels.get(guild)
        if cached is not None:
            return cached
        try:
            rows = await self._pool.fetch(
                "SELECT channel_id FROM guild_channels WHERE guild_id = $1", guild
            )
        except _ERRORS as exc:
            self._reading_failed(exc)
            return frozenset()  # until it is back: answer mentions and DMs only
        self._reading_works()
        found = frozenset(row[0] for row in rows)
        self._channels[guild] = found
        return found

    # ---- safety alerts -----------------------------------------------------------------

    @_guarded("turn safety alerts on", writes=True)
    async def set_safety_alerts(
        self, guild: str, channel: str, role: str | None, by: str, at: float
    ) -> None:
        await self._guild_write(
            guild,
            "INSERT INTO safety_alerts (guild_id, channel_id, role_id, set_by, set_at) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (guild_id) DO UPDATE SET "
            "channel_id = excluded.channel_id, role_id = excluded.role_id, "
            "set_by = excluded.set_by, set_at = excluded.set_at",
            guild,
            channel,
            role,
            by,
            at,
        )
        self._alerts[guild] = SafetyAlerts(guild, channel, role)

    @_guarded("turn safety alerts off", writes=True)
    async def disable_safety_alerts(self, guild: str) -> bool:
        status = await self._guild_write(
            guild, "DELETE FROM safety_alerts WHERE guild_id = $1", guild
        )
        self._alerts[guild] = None
        return _count(status) > 0

    @_guarded("read the safety alert settings")
    async def safety_alerts(self, guild: str) -> SafetyAlerts | None:
        if guild in self._alerts:
            return self._alerts[guild]
        row = await self._pool.fetchrow(
            "SELECT channel_id, role_id FROM safety_alerts WHERE guild_id = $1", guild
        )
        found = SafetyAlerts(guild, row[0], row[1]) if row else None
        self._alerts[guild] = found
        return found

    @_guarded("find the student's server")
    async def last_guild(self, user: str) -> str | None:
        await self.flush()
        value = await self._pool.fetchval(
            "SELECT guild_id FROM events WHERE user_id = $1 AND guild_id NOT IN ($2, $3) "
            "ORDER BY at DESC, id DESC LIMIT 1",
            user,
            DM_GUILD,
            TERMINAL_GUILD,
        )
        return str(value) if value is not None else None

    # ---- statistics ------------------------------------------------------------------

    @_guarded("read the statistics")
    async def stats(self, guild: str, since: float) -> Stats:
        await self.flush()
        async with self._pool.acquire() as conn:
            outcomes: dict[str, int] = {
                row[0]: row[1]
                for row in await conn.fetch(
                    "SELECT outcome, COUNT(*) FROM events WHERE guild_id = $1 AND at >= $2 "
                    "GROUP BY outcome",
                    guild,
                    since,
                )
            }
            students = await conn.fetchval(
                "SELECT COUNT(DISTINCT user_id) FROM events WHERE guild_id = $1 AND at >= $2",
                guild,
                since,
            )
            intents = await conn.fetch(
                "SELECT intent, COUNT(*) AS n FROM events WHERE guild_id = $1 AND at >= $2 "
                "AND outcome = 'answer' GROUP BY intent "
                f"ORDER BY n DESC, intent {_BYTES} LIMIT 5",
                guild,
                since,
            )
            careers = await conn.fetch(
                "SELECT career, COUNT(*) AS n FROM events WHERE guild_id = $1 AND at >= $2 "
                "AND career IS NOT NULL GROUP BY career "
                f"ORDER BY n DESC, career {_BYTES} LIMIT 5",
                guild,
                since,
            )
        return Stats(
            messages=sum(outcomes.values()),
            students=int(students or 0),
            answered=outcomes.get("answer", 0),
            clarified=outcomes.get("clarify", 0),
            fallbacks=outcomes.get("fallback", 0),
            top_intents=[(row[0], row[1]) for row in intents],
            top_careers=[(row[0], row[1]) for row in careers],
            safety=outcomes.get("safety", 0),
        )

    @_guarded("read the busiest hours")
    async def busiest_hours(self, guild: str, since: float) -> list[tuple[int, int]]:
        """(hour of day in UTC, messages), busiest first."""
        await self.flush()
        rows = await self._pool.fetch(
            "SELECT EXTRACT(HOUR FROM to_timestamp(at) AT TIME ZONE 'UTC')::int AS h, "
            "COUNT(*) AS n FROM events WHERE guild_id = $1 AND at >= $2 "
            "GROUP BY h ORDER BY n DESC, h LIMIT 5",
            guild,
            since,
        )
        return [(row[0], row[1]) for row in rows]

    @_guarded("read the missed questions")
    async def missed(self, guild: str, since: float, limit: int = 10) -> list[tuple[float, str]]:
        await self.flush()
        rows = await self._pool.fetch(
            "SELECT at, text FROM events WHERE guild_id = $1 AND at >= $2 "
            "AND outcome = 'fallback' AND text IS NOT NULL AND text != '' "
            "ORDER BY at DESC LIMIT $3",
            guild,
            since,
            limit,
        )
        return [(row[0], row[1]) for row in rows]

    @_guarded("count the messages")
    async def event_count(self) -> int:
        await self.flush()
        return int(await self._pool.fetchval("SELECT COUNT(*) FROM events"))

    # ---- review and learning -----------------------------------------------------------

    @_guarded("read the questions to review")
    async def review_events(self, guild: str, since: float) -> list[MissedEvent]:
        """Unresolved fallbacks, and clarifications the student never answered, oldest first."""
        await self.flush()
        rows = await self._pool.fetch(
            f"SELECT {REVIEW_COLUMNS} FROM events WHERE guild_id = $1 AND at >= $2 "
            f"ORDER BY {REVIEW_ORDER}",
            guild,
            since,
        )
        return missed_events([tuple(row) for row in rows])

    @_guarded("mark questions resolved", writes=True)
    async def mark_resolved(self, event_ids: list[int]) -> None:
        await self._pool.execute(
            "UPDATE events SET resolved = 1 WHERE id = ANY($1::bigint[])", list(event_ids)
        )

    @_guarded("save a taught phrasing", writes=True)
    async def add_learned(
        self, guild: str, text: str, intent: str, career: str | None, at: float
    ) -> Learned:
        async with self._pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(
                "INSERT INTO learned_examples (guild_id, text, intent, career, added_at) "
                "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (guild_id, text) DO UPDATE SET "
                "intent = excluded.intent, career = excluded.career, "
                f"added_at = excluded.added_at RETURNING {_LEARNED_COLUMNS}",
                guild,
                text,
                intent,
                career,
                at,
            )
            await self._announce(conn, self._origin, "learned", guild)
        assert row is not None
        return Learned(*row)

    @_guarded("read the taught phrasings")
    async def learned(self, guild: str | None = None) -> list[Learned]:
        if guild is None:
            rows = await self._pool.fetch(
                f"SELECT {_LEARNED_COLUMNS} FROM learned_examples ORDER BY guild_id, id"
            )
        else:
            rows = await self._pool.fetch(
                f"SELECT {_LEARNED_COLUMNS} FROM learned_examples WHERE guild_id = $1 ORDER BY id",
                guild,
            )
        return [Learned(*row) for row in rows]

    @_guarded("remove a taught phrasing", writes=True)
    async def remove_learned(self, guild: str, learned_id: int) -> bool:
        async with self._pool.acquire() as conn, conn.transaction():
            status = await conn.execute(
                "DELETE FROM learned_examples WHERE guild_id = $1 AND id = $2", guild, learned_id
            )
            await self._announce(conn, self._origin, "learned", guild)
        return _count(status) > 0

    # ---- quiz ---------------------------------------------------------------------------

    @_guarded("read the quiz progress")
    async def quiz_answers(self, user: str) -> list[int] | None:
        raw = await self._pool.fetchval(
            "SELECT answers FROM quiz_progress WHERE user_id = $1", user
        )
        if raw is None:
            return None
        try:
            return [int(a) for a in json.loads(raw)]
        except (ValueError, TypeError):
            return []  # unreadable progress: start over rather than crash

    @_guarded("save a quiz answer", writes=True)
    async def save_quiz(self, user: str, answers: list[int], at: float) -> None:
        await self._pool.execute(
            "INSERT INTO quiz_progress (user_id, answers, updated_at) VALUES ($1, $2, $3) "
            "ON CONFLICT (user_id) DO UPDATE SET answers = excluded.answers, "
            "updated_at = excluded.updated_at",
            user,
            json.dumps(answers),
            at,
        )

    @_guarded("clear quiz progress", writes=True)
    async def clear_quiz(self, user: str) -> None:
        await self._pool.execute("DELETE FROM quiz_progress WHERE user_id = $1", user)

    # ---- privacy ---------------------------------------------------------------------

    @_guarded("read your data")
    async def user_data(self, user: str) -> UserData:
        await self.flush()
        async with self._pool.acquire() as conn:
            conversations = [
                {"scope": row[0], "context": row[1], "updated_at": row[2]}
                for row in await conn.fetch(
                    "SELECT scope, context, updated_at FROM conversations WHERE user_id = $1 "
                    "ORDER BY scope",
                    user,
                )
            ]
            totals = await conn.fetchrow(
                "SELECT COUNT(*), COUNT(text), MIN(at), MAX(at) FROM events WHERE user_id = $1",
                user,
            )
            count, with_text, first, last = totals if totals else (0, 0, None, None)
            messages = [
                message_of(tuple(row))
                for row in await conn.fetch(
                    f"SELECT {MESSAGE_COLUMNS} FROM events WHERE user_id = $1 ORDER BY at, id",
                    user,
                )
            ]
        return {
            "quiz_answers": await self.quiz_answers(user),
            "saved_careers": await self.saved_careers(user),
            "conversations": conversations,
            "messages": messages,
            "events": int(count or 0),
            "events_with_text": int(with_text or 0),
            "first_event_at": first,
            "last_event_at": last,
        }

    @_guarded("delete your data", writes=True)
    async def delete_user(self, user: str) -> int:
        """Delete everything stored about ``user``, for every process; returns rows removed.

        While it runs, this process takes none of the student's turns; the marker, stamped
        again at the commit, keeps out turns other processes began before it; the notification
        makes them drop what they hold, and any turn begun before they heard of it."""
        hashed = user_hash(user)
        with self._guard.forgetting(hashed):
            self._forget_here(hashed)
            removed = 0
            async with self._pool.acquire() as conn:
                async with conn.transaction():
                    # Waits for every batch holding this student's turns (in any process) to
                    # commit, so the deletion below sees them.
                    await conn.execute(
                        "SELECT pg_advisory_xact_lock($1, hashtext($2))", _USER_LOCK, user
                    )
                    await conn.execute(
                        "INSERT INTO forget_markers (user_hash, forgotten_at) "
                        f"VALUES ($1, {_NOW}) ON CONFLICT (user_hash) "
                        "DO UPDATE SET forgotten_at = excluded.forgotten_at",
                        hashed,
                    )
                    await conn.execute(
                        f"DELETE FROM forget_markers WHERE forgotten_at < {_NOW} - $1",
                        FORGET_MARKER_SECONDS,
                    )
                    for statement in _DELETE_USER:
                        removed += _count(await conn.execute(statement, user))
                    await self._announce(conn, self._origin, "forget", hashed)
                # Stamped again now it is committed: turns begun until now are older. (If this
                # fails, the stamp of the transaction stands, a moment earlier.)
                with contextlib.suppress(*_ERRORS):
                    await conn.execute(
                        f"UPDATE forget_markers SET forgotten_at = {_NOW} WHERE user_hash = $1",
                        hashed,
                    )
            self._forget_here(hashed)  # and the turns that began while it ran
        return removed

    # ---- retention -------------------------------------------------------------------

    @_guarded("purge old data", writes=True)
    async def purge(self, before: float) -> tuple[int, int]:
        """Forget raw message text and idle conversations older than ``before``. Every bot
        process runs this hourly; one at a time does the work, the others find it done."""
        async with self._pool.acquire() as conn, conn.transaction():
            if not await conn.fetchval("SELECT pg_try_advisory_xact_lock($1)", _PURGE_LOCK):
                return 0, 0  # another process is purging right now
            texts = _count(
                await conn.execute(
                    "UPDATE events SET text = NULL WHERE at < $1 AND text IS NOT NULL", before
                )
            )
            contexts = _count(
                await conn.execute("DELETE FROM conversations WHERE updated_at < $1", before)
            )
            await conn.execute(
                f"DELETE FROM forget_markers WHERE forgotten_at < {_NOW} - $1",
                FORGET_MARKER_SECONDS,
            )
            if contexts:
                await self._announce(conn, self._origin, "purge", repr(before))
        self._drop_contexts_before(before)
        return texts, contexts

    # ---- inspection and copying ------------------------------------------------------

    @_guarded("check the database")
    async def integrity_ok(self) -> bool:
        """Every table there and readable, at the version this CareerBot knows."""
        async with self._pool.acquire() as conn:
            if await _version(conn) != SCHEMA_VERSION:
                return False
            for table in (*TABLES, "forget_markers"):
                await conn.fetchval(f"SELECT 1 FROM {table} LIMIT 1")
        return True

    @_guarded("count rows")
    async def count_rows(self, table: str) -> int:
        return int(await self._pool.fetchval(f"SELECT COUNT(*) FROM {table_name(table)}"))

    async def read_rows(self, table: str, chunk: int) -> AsyncIterator[list[tuple[Any, ...]]]:
        """Every row of ``table`` in key order, ``chunk`` at a time (a server-side cursor)."""
        columns = ", ".join(TABLES[table_name(table)])
        sql = f"SELECT {columns} FROM {table} ORDER BY {columns}"
        async with self._pool.acquire() as conn, conn.transaction():
            rows: list[tuple[Any, ...]] = []
            async for record in conn.cursor(sql, prefetch=chunk):
                rows.append(tuple(record))
                if len(rows) >= chunk:
                    yield rows
                    rows = []
            if rows:
                yield rows

    @_guarded("copy rows in", writes=True)
    async def write_rows(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        async with self._pool.acquire() as conn, conn.transaction():
            columns = TABLES[table_name(table)]
            await conn.copy_records_to_table(table, columns=list(columns), records=rows)
            if "id" in columns:  # new rows must not reuse a copied id
                await conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table_name(table)}))"
                )


async def _version(conn: _Connection) -> int:
    if await conn.fetchval("SELECT to_regclass('careerbot_schema')") is None:
        return 0
    return int(await conn.fetchval("SELECT COALESCE(MAX(version), 0) FROM careerbot_schema"))


async def _migrate(conn: _Connection, name: str) -> None:
    # One process migrates; another starting at the same moment waits, then finds it done.
    await conn.execute("SELECT pg_advisory_lock($1)", _MIGRATION_LOCK)
    try:
        current = await _version(conn)
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{name} was written by a newer CareerBot (schema version {current}; this "
                f"version knows up to {SCHEMA_VERSION}). Upgrade CareerBot or set "
                "CAREERBOT_DATABASE_URL to another database. The database was not changed."
            )
        steps = scripts("postgres")
        if current and current < len(steps):
            log.info("upgrading %s from schema version %d to %d", name, current, len(steps))
        for number, script in steps[current:]:
            try:
                async with conn.transaction():
                    await conn.execute(
                        "CREATE TABLE IF NOT EXISTS careerbot_schema (version INTEGER NOT NULL)"
                    )
                    await conn.execute(script)
                    await conn.execute("INSERT INTO careerbot_schema VALUES ($1)", number)
            except asyncpg.PostgresError as exc:
                raise StoreError(
                    f"migration {number:04d} failed on {name}: {_reason(exc)}"
                ) from exc
    finally:
        with contextlib.suppress(*_ERRORS):
            await conn.execute("SELECT pg_advisory_unlock($1)", _MIGRATION_LOCK)
