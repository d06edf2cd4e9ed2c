"""Database locations: a SQLite file path, ``sqlite:///path`` or ``postgresql://...``.

Pure string work, so settings can check a location without loading a driver."""

from __future__ import annotations

import re
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


_FORMS = "use sqlite:///path/to/file.db or postgresql://user@host/database"


def location_problem(location: str) -> str | None:
    """What is wrong with a database location (a path, or a URL), in a few words, or None."""
    if is_postgres(location) or sqlite_path(location):
        return None
    return _FORMS.replace("use ", "use a file path, ", 1)


def url_problem(url: str) -> str | None:
    """What is wrong with a database URL (CAREERBOT_DATABASE_URL: a URL, never a bare path,
    so that a mistyped URL is never taken for the name of a new, empty SQLite file)."""
    if is_postgres(url) or (url.startswith(SQLITE_PREFIX) and len(url) > len(SQLITE_PREFIX)):
        return None
    return _FORMS


# A query parameter that carries a secret (libpq's and asyncpg's names).
_SECRET_PARAMETER = re.compile(r"(?i)([?&](?:ssl)?password=)[^&]*")


def redact(url: str) -> str:
    """``url`` without its password, for logs and errors: the credentials (whatever characters
    the password has) and a ``password=`` in the query. It may hide more than the password in
    odd URLs, never less."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return "(a database URL)"
    credentials, at, host = rest.rpartition("@")
    if at and ":" in credentials:
        rest = f"{credentials.split(':', 1)[0]}:***@{host}"
    return scheme + sep + _SECRET_PARAMETER.sub(r"\1***", rest)


def shown(location: str | Path) -> str:
    """The location for messages and logs: a server's password never appears."""
    return redact(str(location)) if is_postgres(location) else str(location)
