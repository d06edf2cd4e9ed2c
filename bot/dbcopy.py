"""``careerbot copy``: a school's whole database from one backend to another (SQLite into
PostgreSQL when it outgrows one process, and back), every table, then every count checked.

The destination must be empty: a copy never merges into, or overwrites, a database in use.
Ids are kept (events and taught phrasings are referred to by id), and PostgreSQL's id
sequences are moved past the copied ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .migrations import TABLES
from .storage import Storage, StoreError

CHUNK = 5_000  # rows read and written at a time: memory stays flat for any size of school


@dataclass(frozen=True, slots=True)
class Copied:
    table: str
    source: int
    destination: int

    @property
    def ok(self) -> bool:
        return self.source == self.destination


async def copy_database(
    source: Storage, destination: Storage, progress: Callable[[str], None] = lambda _: None
) -> list[Copied]:
    """Copy every table; the per-table counts on both sides (equal, or a StoreError)."""
    await source.flush()
    occupied = [table for table in TABLES if await destination.count_rows(table)]
    if occupied:
        raise StoreError(
            "the destination already has data (" + ", ".join(occupied) + "): copy into a new, "
            "empty database"
        )
    for table in TABLES:
        copied = 0
        async for rows in source.read_rows(table, CHUNK):
            await destination.write_rows(table, rows)
            copied += len(rows)
        progress(f"{table}: {copied} row(s)")
    counts = [
        Copied(table, await source.count_rows(table), await destination.count_rows(table))
        for table in TABLES
    ]
    wrong = [c for c in counts if not c.ok]
    if wrong:
        raise StoreError(
            "the copy is incomplete: "
            + ", ".join(f"{c.table} has {c.destination} of {c.source} rows" for c in wrong)
        )
    return counts
