"""Shared fixtures: the shipped knowledge base, a temporary database, an engine, a chat helper."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.backends import open_store
from bot.config import SHIPPED_DATA_DIR
from bot.context import Scope
from bot.engine import Engine, Turn, TurnResult
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.matcher import Matcher
from bot.pgcluster import Cluster, throwaway_cluster
from bot.storage import Storage


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(SHIPPED_DATA_DIR)


@pytest.fixture(scope="session")
def matcher(kb: KnowledgeBase) -> Matcher:
    return Matcher(kb)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ for tests that break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA_DIR, target)
    return target


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


BACKENDS = ("sqlite", "postgres")


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """A PostgreSQL server of the tests' own (started the first time a test needs it)."""
    with throwaway_cluster() as cluster:
        yield cluster


_databases = itertools.count()


@pytest.fixture
def postgres_url(postgres: Cluster) -> str:
    """A fresh, empty database on the test server."""
    return postgres.create_database(f"test_{next(_databases)}")


@pytest.fixture(params=BACKENDS)
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each backend in turn: tests taking it run on both."""
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path / 'bot.db'}"


@pytest.fixture
async def store(tmp_path: Path):
    s = await open_store(tmp_path / "careerbot.db")
    yield s
    await s.close()


@pytest.fixture
def engine(kb: KnowledgeBase, store: Storage, clock: Clock, matcher: Matcher) -> Engine:
    return Engine(kb, store, clock=clock, context_ttl=1800, matcher=matcher)


_users = itertools.count()


class Conversation:
    """One student talking in one channel."""

    def __init__(self, engine: Engine, scope: Scope) -> None:
        self.engine = engine
        self.scope = scope

    async def say(self, text: str) -> TurnResult:
        return await self.engine.handle(Turn(self.scope, text))


@pytest.fixture
def student(engine: Engine) -> Conversation:
    return Conversation(engine, Scope("guild", "channel", f"student{next(_users)}"))


@pytest.fixture
def new_student(engine: Engine):
    def make(user: str | None = None, channel: str = "channel") -> Conversation:
        return Conversation(engine, Scope("guild", channel, user or f"student{next(_users)}"))

    return make
