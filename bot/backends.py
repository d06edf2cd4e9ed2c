"""Choosing a storage backend from a location (``CAREERBOT_DATABASE_URL``, ``--db``)."""

from __future__ import annotations

from pathlib import Path

from .locations import is_postgres, location_problem, sqlite_path
from .postgres_store import PostgresStore
from .sqlite_store import SQLiteStore
from .storage import Storage, StoreError


async def open_store(location: str | Path, *, wait: float = 0.0, pool_size: int = 10) -> Storage:
    """The backend for ``location``: a SQLite file path, ``sqlite:///path``, ``:memory:`` or
    ``postgresql://...``. ``wait``: seconds to keep trying while a database server is not up
    yet (a bot starting beside its database); ``pool_size``: its connections."""
    text = str(location)
    if is_postgres(text):
        return await PostgresStore.open(text, wait=wait, pool_size=pool_size)
    path = sqlite_path(text)
    if not path:
        raise StoreError(f"unsupported database location '{text}': {location_problem(text)}")
    return await SQLiteStore.open(path)
