"""The SQLite backend of :mod:`bot.storage`, through aiosqlite.

One database file in WAL mode. The schema version lives in ``PRAGMA user_version``; numbered
scripts in ``bot/migrations/sqlite/`` move it forward one step at a time, each in its own
transaction. A database from a newer CareerBot is refused rather than touched.
"""

from __future__ import annotations

import asyncio
import errno
import functools
import json
import logging
import os
import sqlite3
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

try:
    import fcntl
except ImportError:  # Windows: no single-instance lock
    fcntl = None  # type: ignore[assignment]

from .context import DM_GUILD, TERMINAL_GUILD, Context, Scope
from .forgetting import TurnGuard
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
from .storage import LearningChanged, StoreError

log = logging.getLogger(__name__)

_CONTEXT_CACHE_SIZE = 10_000
# Where an operator points CareerBot at another file (named in errors).
_SETTING = "CAREERBOT_DB_PATH (or CAREERBOT_DATABASE_URL)"


_UPSERT_CONTEXT = (
    "INSERT INTO conversations (scope, user_id, context, updated_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (scope) DO UPDATE SET context = excluded.context, updated_at = excluded.updated_at"
)
_INSERT_EVENT = (
    "INSERT INTO events (at, guild_id, channel_id, user_id, intent, career, outcome, confidence, "
    "text, guess) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


_INSERT_SAVED = (
    "INSERT OR IGNORE INTO saved_careers (user_id, career_id, saved_at) VALUES (?, ?, ?)"
)
_DELETE_SAVED = "DELETE FROM saved_careers WHERE user_id = ? AND career_id = ?"
_DELETE_USER = (
    "DELETE FROM quiz_progress WHERE user_id = ?",
    "DELETE FROM conversations WHERE user_id = ?",
    "DELETE FROM saved_careers WHERE user_id = ?",
    "DELETE FROM events WHERE user_id = ?",
    # A moderator forgotten: the settings they made stay, without their name on them.
    "UPDATE guild_channels SET enabled_by = '' WHERE enabled_by = ?",
    "UPDATE safety_alerts SET set_by = '' WHERE set_by = ?",
)


def migrations() -> list[tuple[int, str]]:
    return scripts("sqlite")


SCHEMA_VERSION = len(migrations())

_Method = TypeVar("_Method", bound=Callable[..., Awaitable[Any]])


def _writes(what: str) -> Callable[[_Method], _Method]:
    """A write the student or moderator is told about: a failure (a full disk, a read-only
    file) is rolled back and raised as a StoreError that says what could not be done, so the
    caller can say so instead of confirming."""

    def wrap(method: _Method) -> _Method:
        @functools.wraps(method)
        async def guarded(self: SQLiteStore, *args: Any, **kwargs: Any) -> Any:
            # After the turns queued before it, and alone on the connection: a rollback here
            # can only ever undo this write, never a batch of turns in flight.
            await self.flush()
            async with self._write_lock:
                try:
                    return await method(self, *args, **kwargs)
                except sqlite3.Error as exc:
                    await self._rollback_quietly()
                    log.error("could not %s in %s: %s", what, self.path, exc)
                    raise StoreError(f"could not {what}: {exc}") from exc

        return guarded  # type: ignore[return-value]

    return wrap


class SQLiteStore:
    """Every storage concern of :mod:`bot.storage` in one SQLite file. Open with :meth:`open`
    (or :func:`bot.storage.open_store`), close with :meth:`close`."""

    def __init__(
        self, db: aiosqlite.Connection, path: str, reader: aiosqlite.Connection | None = None
    ) -> None:
        self._db = db
        # WAL lets a second connection read while the first writes, so a student's first
        # message never waits behind a large batch write.
        self._reader = reader or db
        self.path = path
        # Write-through cache: this process is the only writer, so a context read back from
        # SQLite on every turn would only repeat what was just written.
        self._contexts: OrderedDict[str, str] = OrderedDict()
        self._saved: OrderedDict[str, tuple[str, ...]] = OrderedDict()
        self._channels: dict[str, frozenset[str]] = {}
        self._alerts: dict[str, SafetyAlerts | None] = {}
        # Turns waiting to be written. One background task writes them in batches (group
        # commit), so many concurrent conversations share one transaction instead of each
        # paying for its own, and a reply never waits on the disk.
        self._queue: list[tuple[tuple, tuple]] = []
        self._writer: asyncio.Task[None] | None = None
        # One write at a time on the writer connection: a batch of turns, or a write a
        # student is told about (see _writes).
        self._write_lock = asyncio.Lock()
        self._guard = TurnGuard()
        # Turns queued and turns done with (written, failed or dropped), so a flush waits for
        # the turns queued before it, not for a queue that a busy bot never empties.
        self._enqueued = 0
        self._done = 0
        self._progress = asyncio.Condition()
        self._write_failing = False
        self._lock: _InstanceLock | None = None
        self._closed = False

    @classmethod
    async def open(cls, path: str | Path) -> SQLiteStore:
        """Open (creating or upgrading) the database at ``path``. Every way this can fail at
        start-up is a StoreError of one line that names the file and what to do."""
        path = str(path)
        lock = None
        if path != ":memory:":
            lock = _prepare_file(Path(path))
        try:
            db = await aiosqlite.connect(path)
        except sqlite3.Error as exc:
            _release(lock)
            raise StoreError(_cannot_open(path, exc)) from exc
        try:
            await db.execute("PRAGMA busy_timeout = 5000")
            await _refuse_newer(db, path)  # before WAL, which rewrites the file header
            await db.execute("PRAGMA journal_mode = WAL")
            await db.execute("PRAGMA synchronous = NORMAL")
            await db.execute("PRAGMA foreign_keys = ON")
            # Deleted rows are overwritten, not just unlinked: "deleted" means gone.
            await db.execute("PRAGMA secure_delete = ON")
            await _migrate(db, path)
        except sqlite3.Error as exc:
            await db.close()
            _release(lock)
            raise StoreError(_cannot_open(path, exc)) from exc
        except BaseException:
            await db.close()
            _release(lock)
            raise
        reader = None
        if path != ":memory:":
            reader = await aiosqlite.connect(path)
            await reader.execute("PRAGMA busy_timeout = 5000")
        store = cls(db, path, reader)
        store._lock = lock
        return store

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            await self.flush()
            await self._write_lock.acquire()  # a write in progress finishes first
            if self._reader is not self._db:
                await self._reader.close()
            await self._db.close()
        finally:
            _release(self._lock)
            self._lock = None

    async def _checkpoint(self) -> None:
        """Copy the WAL into the database and empty it, so deleted text is in neither file."""
        for _ in range(5):
            try:
                async with self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cur:
                    row = await cur.fetchone()
            except sqlite3.Error as exc:
                # The deletion is committed; only the emptying of the log waits for next time.
                log.warning("could not empty the write-ahead log of %s: %s", self.path, exc)
                return
            if row is None or row[0] == 0:
                return
            await asyncio.sleep(0.05)  # a reader is mid-query: try again shortly
        log.warning(
            "could not empty the write-ahead log of %s; it will be on the next delete", self.path
        )

    async def schema_version(self) -> int:
        async with self._db.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    # ---- context -------------------------------------------------------------------

    async def load_context(self, scope: Scope) -> Context:
        cached = self._contexts.get(scope.key)
        if cached is not None:
            self._contexts.move_to_end(scope.key)
            return Context.from_json(cached)
        async with self._reader.execute(
            "SELECT context FROM conversations WHERE scope = ?", (scope.key,)
        ) as cur:
            row = await cur.fetchone()
        return Context.from_json(row[0] if row else None)

    def _cache(self, key: str, raw: str) -> None:
        self._contexts[key] = raw
        self._contexts.move_to_end(key)
        while len(self._contexts) > _CONTEXT_CACHE_SIZE:
            self._contexts.popitem(last=False)

    async def record_turn(self, scope: Scope, ctx: Context, event: Event) -> None:
        """Queue the conversation's context and the event for the next batch write.

        Reads see the new context at once (cache); :meth:`flush` waits until it is on disk.
        A turn that began before its student was forgotten, or while they are, is dropped.
        """
        if self._guard.forgotten_since(scope.user, event.began):
            return
        raw = ctx.to_json()
        self._cache(scope.key, raw)
        self._queue.append(
            (
                (scope.key, scope.user, raw, ctx.updated_at),
                (
                    event.at,
                    scope.guild,
                    scope.channel,
                    scope.user,
                    event.intent,
                    event.career,
                    event.outcome,
                    event.confidence,
                    event.text,
                    event.guess,
                ),
            )
        )
        self._enqueued += 1
        self._start_writer()

    def forgotten_since(self, user: str, began: float) -> bool:
        return self._guard.forgotten_since(user, began)

    def _start_writer(self) -> None:
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_queued())

    async def flush(self) -> None:
        """Wait until every turn queued before this call has been written (or has failed to
        be, or was dropped)."""
        target = self._enqueued
        async with self._progress:
            await self._progress.wait_for(
                lambda: self._done >= target or self._writer is None or self._writer.done()
            )

    async def _settle(self, finished: int) -> None:
        self._done += finished
        async with self._progress:
            self._progress.notify_all()

    async def _write_queued(self) -> None:
        try:
            await self._write_batches()
        finally:
            await self._settle(0)  # the writer is done: flushes waiting on it return

    async def _write_batches(self) -> None:
        while self._queue:
            batch: list[tuple[tuple, tuple]] = []
            try:
                async with self._write_lock:
                    # Taken under the lock: a deletion holding it has already removed its
                    # student's turns from the queue, so none is written back after it.
                    batch, self._queue = self._queue, []
                    if not batch:
                        continue
                    latest = {row[0]: row for row, _ in batch}  # one context write each
                    try:
                        await self._db.executemany(_UPSERT_CONTEXT, list(latest.values()))
                        await self._db.executemany(_INSERT_EVENT, [event for _, event in batch])
                        await self._db.commit()
                    except sqlite3.Error:
                        await self._rollback_quietly()
                        raise
            except sqlite3.Error as exc:
                if not self._write_failing:
                    log.error(
                        "cannot write to %s (%s): answering without saving until it recovers",
                        self.path,
                        exc,
                    )
                self._write_failing = True
                await self._settle(len(batch))
                continue
            await self._settle(len(batch))
            if self._write_failing:
                log.warning("writing to %s works again", self.path)
                self._write_failing = False

    def _drop_queued(self, user: str) -> None:
        kept = [item for item in self._queue if item[0][1] != user]
        self._done += len(self._queue) - len(kept)
        self._queue = kept

    async def _rollback_quietly(self) -> None:
        try:
            await self._db.rollback()
        except sqlite3.Error:
            log.debug("rollback failed", exc_info=True)

    # ---- saved careers -------------------------------------------------------------

    async def saved_careers(self, user: str) -> list[str]:
        cached = self._saved.get(user)
        if cached is not None:
            self._saved.move_to_end(user)
            return list(cached)
        async with self._db.execute(
            "SELECT career_id FROM saved_careers WHERE user_id = ? ORDER BY saved_at, career_id",
            (user,),
        ) as cur:
            saved = [row[0] async for row in cur]
        self._saved[user] = tuple(saved)
        while len(self._saved) > _CONTEXT_CACHE_SIZE:
            self._saved.popitem(last=False)
        return saved

    @_writes("save a career")
    async def save_career(self, user: str, career_id: str, at: float) -> bool:
        """Add a career to the user's list; False when it was already there."""
        current = await self.saved_careers(user)
        if career_id in current:
            return False
        # Committed before the student is told "Saved": a crash right after loses nothing.
        await self._db.execute(_INSERT_SAVED, (user, career_id, at))
        await self._db.commit()
        self._saved[user] = (*current, career_id)
        return True

    @_writes("remove a saved career")
    async def remove_saved(self, user: str, career_id: str) -> bool:
        current = await self.saved_careers(user)
        if career_id not in current:
            return False
        await self._db.execute(_DELETE_SAVED, (user, career_id))
        await self._db.commit()
        self._saved[user] = tuple(c for c in current if c != career_id)
        return True

    # ---- guild settings ------------------------------------------------------------

    @_writes("enable a channel")
    async def enable_channel(self, guild: str, channel: str, by: str, at: float) -> bool:
        cur = await self._db.execute(
            "INSERT OR IGNORE INTO guild_channels (guild_id, channel_id, enabled_by, enabled_at) "
            "VALUES (?, ?, ?, ?)",
            (guild, channel, by, at),
        )
        await self._db.commit()
        self._channels.pop(guild, None)
        return cur.rowcount > 0

    @_writes("disable a channel")
    async def disable_channel(self, guild: str, channel: str) -> bool:
        cur = await self._db.execute(
            "DELETE FROM guild_channels WHERE guild_id = ? AND channel_id = ?", (guild, channel)
        )
        await self._db.commit()
        self._channels.pop(guild, None)
        return cur.rowcount > 0

    async def enabled_channels(self, guild: str) -> frozenset[str]:
        cached = self._channels.get(guild)
        if cached is not None:
            return cached
        async with self._reader.execute(
            "SELECT channel_id FROM guild_channels WHERE guild_id = ?", (guild,)
        ) as cur:
            found = frozenset([row[0] async for row in cur])
        self._channels[guild] = found
        return found

    # ---- safety alerts -----------------------------------------------------------------

    @_writes("turn safety alerts on")
    async def set_safety_alerts(
        self, guild: str, channel: str, role: str | None, by: str, at: float
    ) -> None:
        await self._db.execute(
            "INSERT INTO safety_alerts (guild_id, channel_id, role_id, set_by, set_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET "
            "channel_id = excluded.channel_id, role_id = excluded.role_id, "
            "set_by = excluded.set_by, set_at = excluded.set_at",
            (guild, channel, role, by, at),
        )
        await self._db.commit()
        self._alerts[guild] = SafetyAlerts(guild, channel, role)

    @_writes("turn safety alerts off")
    async def disable_safety_alerts(self, guild: str) -> bool:
        cur = await self._db.execute("DELETE FROM safety_alerts WHERE guild_id = ?", (guild,))
        await self._db.commit()
        self._alerts[guild] = None
        return cur.rowcount > 0

    async def safety_alerts(self, guild: str) -> SafetyAlerts | None:
        if guild in self._alerts:
            return self._alerts[guild]
        async with self._reader.execute(
            "SELECT channel_id, role_id FROM safety_alerts WHERE guild_id = ?", (guild,)
        ) as cur:
            row = await cur.fetchone()
        found = SafetyAlerts(guild, row[0], row[1]) if row else None
        self._alerts[guild] = found
        return found

    async def last_guild(self, user: str) -> str | None:
        """The server where ``user`` last talked with the bot (for alerts about a DM)."""
        await self.flush()
        async with self._db.execute(
            "SELECT guild_id FROM events WHERE user_id = ? AND guild_id NOT IN (?, ?) "
            "ORDER BY at DESC, id DESC LIMIT 1",
            (user, DM_GUILD, TERMINAL_GUILD),
        ) as cur:
            row = await cur.fetchone()
        return row[0] if row else None

    # ---- statistics ------------------------------------------------------------------

    async def stats(self, guild: str, since: float) -> Stats:
        """Counts for moderators: never who asked, only how often."""
        await self.flush()
        args = (guild, since)
        async with self._db.execute(
            "SELECT outcome, COUNT(*) FROM events WHERE guild_id = ? AND at >= ? GROUP BY outcome",
            args,
        ) as cur:
            outcomes = {row[0]: row[1] async for row in cur}
        async with self._db.execute(
            "SELECT COUNT(DISTINCT user_id) FROM events WHERE guild_id = ? AND at >= ?", args
        ) as cur:
            row = await cur.fetchone()
            students = int(row[0]) if row else 0
        async with self._db.execute(
            "SELECT intent, COUNT(*) AS n FROM events WHERE guild_id = ? AND at >= ? "
            "AND outcome = 'answer' GROUP BY intent ORDER BY n DESC, intent LIMIT 5",
            args,
        ) as cur:
            intents = [(row[0], row[1]) async for row in cur]
        async with self._db.execute(
            "SELECT career, COUNT(*) AS n FROM events WHERE guild_id = ? AND at >= ? "
            "AND career IS NOT NULL GROUP BY career ORDER BY n DESC, career LIMIT 5",
            args,
        ) as cur:
            careers = [(row[0], row[1]) async for row in cur]
        return Stats(
            messages=sum(outcomes.values()),
            students=students,
            answered=outcomes.get("answer", 0),
            clarified=outcomes.get("clarify", 0),
            fallbacks=outcomes.get("fallback", 0),
            top_intents=intents,
            top_careers=careers,
            safety=outcomes.get("safety", 0),
        )

    async def missed(self, guild: str, since: float, limit: int = 10) -> list[tuple[float, str]]:
        """Recent messages the bot could not answer (text kept within the retention window)."""
        await self.flush()
        async with self._db.execute(
            "SELECT at, text FROM events WHERE guild_id = ? AND at >= ? AND outcome = 'fallback' "
            "AND text IS NOT NULL AND text != '' ORDER BY at DESC LIMIT ?",
            (guild, since, limit),
        ) as cur:
            return [(row[0], row[1]) async for row in cur]

    # ---- review and learning -----------------------------------------------------------

    async def review_events(self, guild: str, since: float) -> list[MissedEvent]:
        """Unresolved fallbacks, and clarifications the student never answered, oldest first."""
        await self.flush()
        async with self._db.execute(
            f"SELECT {REVIEW_COLUMNS} FROM events WHERE guild_id = ? AND at >= ? "
            f"ORDER BY {REVIEW_ORDER}",
            (guild, since),
        ) as cur:
            return missed_events([row async for row in cur])

    @_writes("mark questions resolved")
    async def mark_resolved(self, event_ids: list[int]) -> None:
        await self._db.executemany(
            "UPDATE events SET resolved = 1 WHERE id = ?", [(i,) for i in event_ids]
        )
        await self._db.commit()

    @_writes("save a taught phrasing")
    async def add_learned(
        self, guild: str, text: str, intent: str, career: str | None, at: float
    ) -> Learned:
        await self._db.execute(
            "INSERT INTO learned_examples (guild_id, text, intent, career, added_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, text) DO UPDATE SET "
            "intent = excluded.intent, career = excluded.career, added_at = excluded.added_at",
            (guild, text, intent, career, at),
        )
        await self._db.commit()
        async with self._db.execute(
            "SELECT id, guild_id, text, intent, career, added_at FROM learned_examples "
            "WHERE guild_id = ? AND text = ?",
            (guild, text),
        ) as cur:
            row = await cur.fetchone()
        assert row is not None
        return Learned(*row)

    async def learned(self, guild: str | None = None) -> list[Learned]:
        sql = (
            "SELECT id, guild_id, text, intent, career, added_at FROM learned_examples "
            "WHERE guild_id = ? ORDER BY id"
            if guild is not None
            else "SELECT id, guild_id, text, intent, career, added_at FROM learned_examples "
            "ORDER BY guild_id, id"
        )
        async with self._db.execute(sql, (guild,) if guild is not None else ()) as cur:
            return [Learned(*row) async for row in cur]

    @_writes("remove a taught phrasing")
    async def remove_learned(self, guild: str, learned_id: int) -> bool:
        cur = await self._db.execute(
            "DELETE FROM learned_examples WHERE guild_id = ? AND id = ?", (guild, learned_id)
        )
        await self._db.commit()
        return cur.rowcount > 0

    async def busiest_hours(self, guild: str, since: float) -> list[tuple[int, int]]:
        """(hour of day in UTC, messages), busiest first."""
        await self.flush()
        async with self._db.execute(
            "SELECT CAST(strftime('%H', at, 'unixepoch') AS INTEGER) AS h, COUNT(*) AS n "
            "FROM events WHERE guild_id = ? AND at >= ? GROUP BY h ORDER BY n DESC, h LIMIT 5",
            (guild, since),
        ) as cur:
            return [(row[0], row[1]) async for row in cur]

    # ---- quiz ---------------------------------------------------------------------------

    async def quiz_answers(self, user: str) -> list[int] | None:
        """The answers so far, or None when no quiz is in progress."""
        async with self._db.execute(
            "SELECT answers FROM quiz_progress WHERE user_id = ?", (user,)
        ) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        try:
            return [int(a) for a in json.loads(row[0])]
        except (ValueError, TypeError):
            return []  # unreadable progress: start over rather than crash

    @_writes("save a quiz answer")
    async def save_quiz(self, user: str, answers: list[int], at: float) -> None:
        await self._db.execute(
            "INSERT INTO quiz_progress (user_id, answers, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET answers = excluded.answers, "
            "updated_at = excluded.updated_at",
            (user, json.dumps(answers), at),
        )
        await self._db.commit()

    @_writes("clear quiz progress")
    async def clear_quiz(self, user: str) -> None:
        await self._db.execute("DELETE FROM quiz_progress WHERE user_id = ?", (user,))
        await self._db.commit()

    # ---- privacy ---------------------------------------------------------------------

    async def user_data(self, user: str) -> UserData:
        """Everything stored about one user, for "what do you store about me"."""
        await self.flush()
        async with self._db.execute(
            "SELECT scope, context, updated_at FROM conversations WHERE user_id = ?", (user,)
        ) as cur:
            conversations = [
                {"scope": row[0], "context": row[1], "updated_at": row[2]} async for row in cur
            ]
        async with self._db.execute(
            "SELECT COUNT(*), SUM(text IS NOT NULL), MIN(at), MAX(at) FROM events "
            "WHERE user_id = ?",
            (user,),
        ) as cur:
            row = await cur.fetchone()
        count, with_text, first, last = row if row else (0, 0, None, None)
        async with self._db.execute(
            f"SELECT {MESSAGE_COLUMNS} FROM events WHERE user_id = ? ORDER BY at, id", (user,)
        ) as cur:
            messages = [message_of(row) async for row in cur]
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

    @_writes("delete your data")
    async def delete_user(self, user: str) -> int:
        """Delete everything stored about ``user``; returns the number of rows removed."""
        with self._guard.forgetting(user):
            # Turns queued since the flush would write the student back after the deletion.
            self._drop_queued(user)
            removed = 0
            for statement in _DELETE_USER:
                cur = await self._db.execute(statement, (user,))
                removed += max(cur.rowcount, 0)
            await self._db.commit()
            self._drop_queued(user)  # and those that arrived while it ran
            # Before anything else can run: a turn must never read the deleted context.
            self._saved.pop(user, None)
            for key in [k for k in self._contexts if k.endswith(f":{user}")]:
                del self._contexts[key]
        await self._checkpoint()
        return removed

    # ---- retention -------------------------------------------------------------------

    @_writes("purge old data")
    async def purge(self, before: float) -> tuple[int, int]:
        """Forget raw message text and idle conversations older than ``before``.

        Events stay (without text) so statistics keep their counts. Returns
        (messages whose text was removed, conversations removed).
        """
        texts = await self._db.execute(
            "UPDATE events SET text = NULL WHERE at < ? AND text IS NOT NULL", (before,)
        )
        contexts = await self._db.execute(
            "DELETE FROM conversations WHERE updated_at < ?", (before,)
        )
        await self._db.commit()
        self._contexts.clear()  # cheap to rebuild; never serve a purged context
        await self._checkpoint()
        return max(texts.rowcount, 0), max(contexts.rowcount, 0)

    # ---- inspection ----------------------------------------------------------------

    async def event_count(self) -> int:
        await self.flush()
        async with self._db.execute("SELECT COUNT(*) FROM events") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def integrity_ok(self) -> bool:
        async with self._db.execute("PRAGMA integrity_check") as cur:
            row = await cur.fetchone()
        return bool(row and row[0] == "ok")

    def on_learning_changed(self, callback: LearningChanged) -> None:
        """Never called: one process owns a SQLite file (the instance lock), and it refreshes
        its own taught phrasings as it changes them."""

    # ---- copying (careerbot copy) ------------------------------------------------------

    async def count_rows(self, table: str) -> int:
        await self.flush()
        async with self._db.execute(f"SELECT COUNT(*) FROM {table_name(table)}") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def read_rows(self, table: str, chunk: int) -> AsyncIterator[list[tuple[Any, ...]]]:
        columns = ", ".join(TABLES[table_name(table)])
        sql = f"SELECT {columns} FROM {table} ORDER BY {columns}"
        async with self._db.execute(sql) as cur:
            while rows := await cur.fetchmany(chunk):
                yield [tuple(row) for row in rows]

    @_writes("copy rows in")
    async def write_rows(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        columns = TABLES[table_name(table)]
        marks = ", ".join("?" * len(columns))
        await self._db.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
        )
        await self._db.commit()


async def _user_version(db: aiosqlite.Connection) -> int:
    async with db.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def _refuse_newer(db: aiosqlite.Connection, path: str) -> None:
    current = await _user_version(db)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer CareerBot (schema version {current}; this version "
            f"knows up to {SCHEMA_VERSION}). Upgrade CareerBot or point {_SETTING} at "
            "another file. The database was not changed."
        )


async def _migrate(db: aiosqlite.Connection, path: str) -> None:
    current = await _user_version(db)
    steps = migrations()
    if current and current < len(steps):
        # An upgrade is worth an operator's notice; creating a new database is not.
        log.info("upgrading %s from schema version %d to %d", path, current, len(steps))
    for number, script in steps[current:]:
        log.debug("migrating %s to schema version %d", path, number)
        # executescript commits first; wrap each step so a failure leaves the old version.
        try:
            await db.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
        except aiosqlite.Error as exc:
            await db.rollback()
            raise StoreError(f"migration {number:04d} failed on {path}: {exc}") from exc


class _InstanceLock:
    """One CareerBot process per database file: a second one would serve stale state from its
    caches and write deleted data back. An exclusive ``flock`` on ``<db>.lock``, released when
    the store closes or the process dies."""

    def __init__(self, path: Path, handle: Any) -> None:
        self.path = path
        self.handle = handle

    @classmethod
    def acquire(cls, db: Path) -> _InstanceLock | None:
        if fcntl is None:  # not a POSIX system: no lock, as before
            return None
        path = db.with_name(db.name + ".lock")
        try:
            handle = open(path, "a+")  # noqa: SIM115 (held open for the store's lifetime)
        except OSError as exc:
            raise StoreError(f"cannot create {path}: {exc.strerror}") from exc
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES):
                handle.close()  # a file system without locks (some network shares): run without
                log.warning("cannot lock %s (%s): not guarding against a second process", path, exc)
                return None
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise StoreError(
                f"{db} is in use by another CareerBot process (pid {holder}): stop it first, "
                f"or set {_SETTING} to another file"
            ) from exc
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        return cls(path, handle)

    def release(self) -> None:
        try:
            self.handle.close()  # closing drops the flock
        except OSError:
            log.debug("closing %s failed", self.path, exc_info=True)


def _release(lock: _InstanceLock | None) -> None:
    if lock is not None:
        lock.release()


def _prepare_file(path: Path) -> _InstanceLock | None:
    """The checks SQLite would report as a traceback, as one line each; then the lock."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file: set {_SETTING} to a file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"cannot create the folder {path.parent} for the database {path} ({exc.strerror}): "
            f"set {_SETTING} to a file in a folder CareerBot can write"
        ) from exc
    return _InstanceLock.acquire(path)


def _cannot_open(path: str, exc: sqlite3.Error) -> str:
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return (
            f"{path} is not a CareerBot database or is damaged ({text}): move it away to start "
            f"a new one, or set {_SETTING} to another file"
        )
    if "readonly" in text or "unable to open" in text:
        return f"cannot write {path} ({text}): check that its folder exists and is writable"
    return f"cannot open {path}: {text}"
