"""Numbered schema migrations, one folder per backend: ``NNNN_what.sql``, applied in order,
each in its own transaction, never edited once released (a change is a new number)."""

from __future__ import annotations

import re
from importlib import resources

from ..storage import StoreError

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def scripts(backend: str) -> list[tuple[int, str]]:
    """The migration scripts of ``backend`` ("sqlite", "postgres") in order; numbers must run
    1, 2, 3... without gaps."""
    found = []
    for entry in resources.files(f"bot.migrations.{backend}").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.read_text(encoding="utf-8")))
    found.sort()
    for expected, (number, _) in enumerate(found, 1):
        if number != expected:
            raise StoreError(f"{backend} migration {expected:04d} is missing (found {number:04d})")
    return found


# The tables and columns both backends' migrations create, with the same meaning and key
# order: what `careerbot copy` moves, and the only table names the stores put in SQL text.
TABLES: dict[str, tuple[str, ...]] = {
    "conversations": ("scope", "user_id", "context", "updated_at"),
    "saved_careers": ("user_id", "career_id", "saved_at"),
    "events": (
        "id",
        "at",
        "guild_id",
        "channel_id",
        "user_id",
        "intent",
        "career",
        "outcome",
        "confidence",
        "text",
        "guess",
        "resolved",
    ),
    "guild_channels": ("guild_id", "channel_id", "enabled_by", "enabled_at"),
    "learned_examples": ("id", "guild_id", "text", "intent", "career", "added_at"),
    "quiz_progress": ("user_id", "answers", "updated_at"),
    "safety_alerts": ("guild_id", "channel_id", "role_id", "set_by", "set_at"),
}


def table_name(name: str) -> str:
    """``name`` when it is one of CareerBot's tables (safe to put in SQL text), else an error."""
    if name not in TABLES:
        raise StoreError(f"no table {name!r}")
    return name
