"""200 concurrent conversations of 20 turns on one database, on each backend: no lost or
crossed state."""

from __future__ import annotations

import asyncio
import logging

from bot.backends import open_store
from bot.context import Scope
from bot.engine import Engine, Turn

CONVERSATIONS = 200
TURNS = 20


async def test_concurrent_conversations_keep_their_own_state(kb, location, caplog):
    caplog.set_level(logging.WARNING)
    careers = sorted(kb.careers)
    store = await open_store(location)
    engine = Engine(kb, store)

    async def talk(n: int) -> None:
        career = careers[n % len(careers)]
        name = kb.careers[career].short_name
        scope = Scope("g", f"c{n % 7}", f"user{n}")
        script = [f"tell me about {name}s", "save it", "how much do they make"]
        script += ["how do i become one", "what skills do they need", "are they in demand"] * 6
        for turn, text in enumerate(script[:TURNS]):
            result = await engine.handle(Turn(scope, text))
            if turn >= 2:
                assert result.career == career, (n, text, result.career)
            await asyncio.sleep(0)  # interleave with the other conversations

    await asyncio.gather(*(talk(n) for n in range(CONVERSATIONS)))
    assert await store.event_count() == CONVERSATIONS * TURNS
    await store.close()

    reopened = await open_store(location)  # a fresh process: nothing cached
    try:
        for n in range(CONVERSATIONS):
            career = careers[n % len(careers)]
            assert await reopened.saved_careers(f"user{n}") == [career]
            ctx = await reopened.load_context(Scope("g", f"c{n % 7}", f"user{n}"))
            assert ctx.career == career
        assert await reopened.integrity_ok()
    finally:
        await reopened.close()
    assert not [r for r in caplog.records if "locked" in r.getMessage()]
