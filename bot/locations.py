"""Database locations: a SQLite file path, ``sqlite:///path`` or ``postgresql://...``.

Pure string work, so settings can check a location without loading a driver."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

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


def is_sqlite(location: str | Path) -> bool:
    return sqlite_path(location) is not None


# Query parameters that carry a secret (libpq's and asyncpg's names).
_SECRET_PARAMETERS = frozenset({"password", "sslpassword"})


def redact(url: str) -> str:
    """``url`` without its password (in the credentials or the query), for logs and errors."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if parts.password is not None:
            credentials, _, host = netloc.rpartition("@")
            netloc = f"{credentials.split(':', 1)[0]}:***@{host}"
        query = urlencode(
            [
                (key, "***" if key.lower() in _SECRET_PARAMETERS else value)
                for key, value in parse_qsl(parts.query, keep_blank_values=True)
            ],
            safe="*",
        )
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:  # not even a URL: show nothing of it
        return "(an unreadable database URL)"


def shown(location: str | Path) -> str:
    """The location for messages and logs: a server's password never appears."""
    return redact(str(location)) if is_postgres(location) else str(location)
