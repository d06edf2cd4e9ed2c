"""The accuracy bar on the labeled student messages (tests/eval/*.yaml).

The sets were written blind to the bot's own example phrasings; ``holdout.yaml`` was not used
while tuning the matcher. The bar holds on both sets together.
"""

from __future__ import annotations

from bot.evaluation import EVAL_DIR, default_sets, load_set, run_evaluation
from intents import public_id


async def test_evaluation_sets_are_large_enough():
    messages = conversations = 0
    for path in default_sets():
        m, c = load_set(path)
        messages += len(m)
        conversations += len(c)
    assert messages >= 200
    assert conversations >= 30


async def test_accuracy_bar(kb):
    reports = await run_evaluation(kb, default_sets())
    overall = reports[-1].summary()
    assert reports[-1].name == "all"
    assert overall["exact_accuracy"] >= 0.95, overall
    assert overall["confidently_wrong_rate"] <= 0.01, overall


async def test_accuracy_bar_on_the_development_sets(kb):
    # tests/eval/more: 25 sets, 7,171 turns in the styles of real students and third-party
    # questions, read while changing the matcher (tests/eval/blind is kept unread, not a bar).
    sets = sorted((EVAL_DIR / "more").glob("*.yaml"))
    assert len(sets) >= 25
    overall = (await run_evaluation(kb, sets))[-1].summary()
    assert overall["exact_accuracy"] >= 0.95, overall
    assert overall["confidently_wrong_rate"] <= 0.02, overall
    assert overall["answerable_to_fallback"] <= 0.01, overall


async def test_every_intent_is_evaluated(kb):
    reports = await run_evaluation(kb, default_sets())
    evaluated = set(reports[-1].summary()["per_intent"])
    assert {public_id(i) for i in kb.intents} | {"fallback"} <= evaluated
