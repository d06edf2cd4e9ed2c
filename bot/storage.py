"""Storage behind typed interfaces, one per concern, so a backend is a module, not a rewrite.

Code asks for the narrowest interface it uses (the engine: :class:`ConversationState` and
:class:`SavedCareers`; the quiz: :class:`QuizStore`); :class:`Storage` is all of them.
:func:`bot.backends.open_store` chooses the backend from a location. Every backend passes
``tests/test_storage_contract.py``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Protocol

from .context import Context, Scope
from .records import Event, Learned, MissedEvent, SafetyAlerts, Stats, UserData


class StoreError(Exception):
    """The database cannot be used as it is; the message says why and what to do."""


class StoreUnavailable(StoreError):
    """A database server cannot be reached (yet): an outage, not a mistake in the settings,
    so a supervisor should try again."""


class ConversationState(Protocol):
    """What the bot remembers of a conversation, and the event each turn leaves."""

    async def load_context(self, scope: Scope) -> Context: ...
    async def record_turn(self, scope: Scope, ctx: Context, event: Event) -> None: ...
    async def flush(self) -> None: ...
    def forgotten_since(self, user: str, began: float) -> bool:
        """Whether ``user`` was forgotten (or is being) since ``began`` (time.monotonic()):
        what a turn that began then must no longer write."""
        ...


class SavedCareers(Protocol):
    async def saved_careers(self, user: str) -> list[str]: ...
    async def save_career(self, user: str, career_id: str, at: float) -> bool: ...
    async def remove_saved(self, user: str, career_id: str) -> bool: ...


class TurnStorage(ConversationState, SavedCareers, Protocol):
    """What the engine needs to answer a turn."""


class GuildSettings(Protocol):
    """Per server: channels where the bot answers everything, where safety alerts go."""

    async def enable_channel(self, guild: str, channel: str, by: str, at: float) -> bool: ...
    async def disable_channel(self, guild: str, channel: str) -> bool: ...
    async def enabled_channels(self, guild: str) -> frozenset[str]: ...
    async def set_safety_alerts(
        self, guild: str, channel: str, role: str | None, by: str, at: float
    ) -> None: ...
    async def disable_safety_alerts(self, guild: str) -> bool: ...
    async def safety_alerts(self, guild: str) -> SafetyAlerts | None: ...


class EventLog(Protocol):
    """Statistics for moderators: counts, never who asked."""

    async def stats(self, guild: str, since: float) -> Stats: ...
    async def busiest_hours(self, guild: str, since: float) -> list[tuple[int, int]]: ...
    async def missed(
        self, guild: str, since: float, limit: int = 10
    ) -> list[tuple[float, str]]: ...
    async def last_guild(self, user: str) -> str | None: ...
    async def event_count(self) -> int: ...


class Learning(Protocol):
    """Missed questions to review, and the phrasings moderators taught."""

    async def review_events(self, guild: str, since: float) -> list[MissedEvent]: ...
    async def mark_resolved(self, event_ids: list[int]) -> None: ...
    async def add_learned(
        self, guild: str, text: str, intent: str, career: str | None, at: float
    ) -> Learned: ...
    async def learned(self, guild: str | None = None) -> list[Learned]: ...
    async def remove_learned(self, guild: str, learned_id: int) -> bool: ...


class QuizStore(Protocol):
    def forgotten_since(self, user: str, began: float) -> bool: ...
    async def quiz_answers(self, user: str) -> list[int] | None: ...
    async def save_quiz(self, user: str, answers: list[int], at: float) -> None: ...
    async def clear_quiz(self, user: str) -> None: ...


class Privacy(Protocol):
    """A student's data on request, and the retention window."""

    async def user_data(self, user: str) -> UserData: ...
    async def delete_user(self, user: str) -> int: ...
    async def purge(self, before: float) -> tuple[int, int]: ...


# Called with a server's id when another process changed its taught phrasings, or with None
# when any may have changed (after a lost connection to a shared database).
LearningChanged = Callable[[str | None], Awaitable[None]]


class ChangeFeed(Protocol):
    """Changes made by other processes sharing the database (none on SQLite: one process)."""

    def on_learning_changed(self, callback: LearningChanged) -> None: ...


class TableCopy(Protocol):
    """Rows table by table, for ``careerbot copy`` between backends (see bot/dbcopy.py)."""

    async def count_rows(self, table: str) -> int: ...
    def read_rows(self, table: str, chunk: int) -> AsyncIterator[list[tuple[Any, ...]]]: ...
    async def write_rows(self, table: str, rows: list[tuple[Any, ...]]) -> None: ...


class Storage(
    ConversationState,
    SavedCareers,
    GuildSettings,
    EventLog,
    Learning,
    QuizStore,
    Privacy,
    ChangeFeed,
    TableCopy,
    Protocol,
):
    """Every concern, as one backend provides them."""

    async def integrity_ok(self) -> bool: ...
    async def close(self) -> None: ...
