"""Database locations: a SQLite file path, ``sqlite:///path`` or ``postgresql://...``.

Pure string work, so settings can check a location without loading a driver."""

from __future__ import annotations

from pathlib import Path

SQLITE_PREFIX = "sqlite:///"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(location: str | Path) -> bool:
    return str(location).startswith(POSTGRES_SCHEMES)


def sqlite_path(location: str | Path) -> str | None:
    """The file of a SQLite location (a path, ``sqlite:///path`` or ``:memory:``), or None."""
    text = str(location)
    if text.startswith(SQLITE_PREFIX):
        return text[len(SQLITE_PREFIX) :]
    if "://" in text:
        return None
    return text


def location_problem(location: str) -> str | None:
    """What is wrong with a database location, in a few words, or None."""
    if is_postgres(location) or sqlite_path(location):
        return None
    return "use a file path, sqlite:///path/to/file.db or postgresql://user@host/database"


def is_sqlite(location: str | Path) -> bool:
    return sqlite_path(location) is not None


def redact(url: str) -> str:
    """``url`` without its password, for logs and messages."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    return f"{scheme}{sep}{credentials.split(':', 1)[0]}:***@{host}"


def shown(location: str | Path) -> str:
    """The location for messages and logs: a server's password never appears."""
    return redact(str(location)) if is_postgres(location) else str(location)
