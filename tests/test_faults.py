"""Faults: a full disk, a killed process. The bot keeps answering and loses nothing committed."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
import textwrap
import time

from bot.backends import open_store
from bot.context import Scope
from bot.engine import Engine, Turn


async def _set_max_pages(engine: Engine, pages: int | None) -> None:
    db = engine.store._db  # the writer connection: simulate a full disk under it
    if pages is None:
        await db.execute("PRAGMA max_page_count = 1073741823")
    else:
        async with db.execute("PRAGMA page_count") as cur:
            current = (await cur.fetchone())[0]
        await db.execute(f"PRAGMA max_page_count = {current + pages}")


async def test_full_disk_keeps_answering_logs_once_and_recovers(engine, caplog):
    scope = Scope("g", "c", "full")
    await _set_max_pages(engine, 0)
    caplog.set_level(logging.WARNING, logger="bot.sqlite_store")
    for n in range(60):
        result = await engine.handle(Turn(scope, f"how much do librarians make {'x' * 400} {n}"))
        assert result.career == "librarian"
        await engine.store.flush()
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "answering without saving" in errors[0].getMessage()

    await _set_max_pages(engine, None)
    before = await engine.store.event_count()
    await engine.handle(Turn(scope, "how do i become one"))
    assert await engine.store.event_count() == before + 1
    assert any("works again" in r.getMessage() for r in caplog.records)


WRITER = textwrap.dedent(
    """
    import asyncio, sys
    from bot.config import SHIPPED_DATA_DIR
    from bot.context import Scope
    from bot.engine import Engine, Turn
    from bot.knowledge import load_knowledge
    from bot.backends import open_store

    async def main():
        store = await open_store(sys.argv[1])
        engine = Engine(load_knowledge(SHIPPED_DATA_DIR), store)
        n = 0
        while True:
            await engine.handle(Turn(Scope("g", "c", f"u{n % 50}"), "how much do tutors make"))
            n += 1
            if n % 100 == 0:
                await store.flush()
                print(n, flush=True)

    asyncio.run(main())
    """
)


def test_killed_mid_write_loses_nothing_committed(location):
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, location],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "CAREERBOT_LOG_LEVEL": "WARNING"},
    )
    committed = 0
    try:
        deadline = time.monotonic() + 60
        while committed < 500 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            committed = int(line)  # every turn up to here was flushed and committed
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    assert committed >= 500, "the writer never got going"

    async def check() -> tuple[bool, int]:
        store = await open_store(location)  # the lock of a killed process is gone with it
        try:
            return await store.integrity_ok(), await store.event_count()
        finally:
            await store.close()

    intact, events = asyncio.run(check())
    assert intact and events >= committed
