"""The benchmark's machinery (its figures are printed by `careerbot bench`, not asserted)."""

from __future__ import annotations

from bot.benchmark import _throughput, scaled_knowledge
from bot.matcher import Matcher


def test_scaled_knowledge_is_ten_times_larger(kb):
    big = scaled_knowledge(kb)
    assert len(big.careers) == 10 * len(kb.careers)
    examples = sum(len(i.examples) for i in kb.intents.values())
    assert sum(len(i.examples) for i in big.intents.values()) == 10 * examples
    matcher = Matcher(big)  # compiles and still finds the real careers
    assert matcher.analyze("how much do librarians make").careers == ["librarian"]


async def test_throughput_run_persists_every_turn(kb, location):
    turns_per_second, p50, p99 = await _throughput(kb, 3, 4, location)
    assert turns_per_second > 0
    assert 0 < p50 <= p99
