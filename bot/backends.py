"""Choosing a storage backend from a location (``CAREERBOT_DB_PATH``, ``--db``)."""

from __future__ import annotations

from pathlib import Path

from .sqlite_store import SQLiteStore
from .storage import Storage, StoreError

SQLITE_PREFIX = "sqlite:///"


async def open_store(location: str | Path) -> Storage:
    """The backend for ``location``: a SQLite file path, ``sqlite:///path`` or ``:memory:``."""
    text = str(location)
    if text.startswith(SQLITE_PREFIX):
        text = text[len(SQLITE_PREFIX) :]
    elif "://" in text:
        raise StoreError(f"unsupported database location '{text}': use a file path or sqlite:///")
    return await SQLiteStore.open(text)
