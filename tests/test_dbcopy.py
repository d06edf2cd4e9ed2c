"""``careerbot copy``: SQLite into PostgreSQL and back, every row and id kept."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from click.testing import CliRunner
from sample_records import event

from bot.backends import open_store
from bot.cli import main
from bot.context import Context, Scope
from bot.migrations import TABLES
from bot.storage import Storage, StoreError


async def _seed(store: Storage) -> None:
    for n in range(30):
        scope = Scope(f"g{n % 3}", "c", f"u{n % 7}")
        record = event(
            scope, f"message {n}", at=float(n), outcome="fallback" if n % 5 else "answer"
        )
        await store.record_turn(scope, Context(careers=["tutor"], updated_at=float(n)), record)
    await store.save_career("u1", "librarian", 1.0)
    await store.save_quiz("u2", [1, 0, 2], 2.0)
    await store.enable_channel("g1", "c1", "mod", 3.0)
    await store.set_safety_alerts("g1", "staff", "role9", "mod", 4.0)
    taught = await store.add_learned("g1", "book nerd pay", "career.salary", "librarian", 5.0)
    await store.remove_learned("g1", taught.id)  # ids with a gap, which must be kept
    await store.add_learned("g1", "teach lil kids", "career.overview", None, 6.0)
    await store.purge(before=10.0)  # some text gone, as in a real school's database
    await store.flush()


async def _rows(store: Storage) -> dict[str, list[tuple]]:
    found = {}
    for table in TABLES:
        found[table] = [row async for chunk in store.read_rows(table, 7) for row in chunk]
    return found


async def test_sqlite_to_postgres_and_back_keeps_every_row(tmp_path: Path, postgres_url: str):
    from bot.dbcopy import copy_database

    sqlite = await open_store(tmp_path / "school.db")
    await _seed(sqlite)
    original = await _rows(sqlite)
    assert all(original.values())  # every table has rows to copy
    postgres = await open_store(postgres_url)
    counts = await copy_database(sqlite, postgres)
    assert {c.table: c.destination for c in counts} == {t: len(r) for t, r in original.items()}
    assert await _rows(postgres) == original
    # New rows after the copy get new ids, never a copied one.
    again = await postgres.add_learned("g1", "new phrasing", "career.salary", None, 7.0)
    assert again.id > max(row[0] for row in original["learned_examples"])
    await postgres.remove_learned("g1", again.id)

    back = await open_store(tmp_path / "back.db")
    await copy_database(postgres, back)
    assert await _rows(back) == original
    with pytest.raises(StoreError, match="already has data"):
        await copy_database(sqlite, back)  # never into a database in use
    for store in (sqlite, postgres, back):
        await store.close()


def test_the_copy_command_reports_counts_and_refuses_mistakes(tmp_path, postgres_url):
    source = tmp_path / "school.db"

    async def seed() -> None:
        store = await open_store(source)
        await _seed(store)
        await store.close()

    asyncio.run(seed())
    runner = CliRunner()
    result = runner.invoke(main, ["copy", str(source), postgres_url])
    assert result.exit_code == 0, result.output
    assert "events: 30 row(s)" in result.output and "every table's count matches" in result.output
    again = runner.invoke(main, ["copy", str(source), postgres_url])
    assert again.exit_code == 1 and "already has data" in again.output
    missing = runner.invoke(main, ["copy", str(tmp_path / "nope.db"), postgres_url])
    assert missing.exit_code == 1 and "no database at" in missing.output
    assert not (tmp_path / "nope.db").exists()
    wrong = runner.invoke(main, ["copy", str(source), "mysql://x"])
    assert wrong.exit_code == 2 and "DESTINATION" in wrong.output
