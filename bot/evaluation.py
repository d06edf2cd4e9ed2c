"""``careerbot eval``: accuracy on labeled student messages and multi-turn conversations.

An evaluation file holds ``messages`` (each answered in a fresh conversation) and
``conversations`` (turns answered in order, in one conversation). Each item names the expected
``intent`` and ``career`` (null when none or generic), optionally ``careers`` for a compare.

Figures: exact accuracy (intent and career both right), per-intent accuracy, fallback precision
and recall, and the rate of confidently wrong answers (the bot answered, without asking or
falling back, and got the intent or the career wrong).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

import yaml

from .backends import open_store
from .config import Settings
from .context import Scope
from .engine import Engine, Turn, TurnResult
from .knowledge import KnowledgeBase
from .records import Learned

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "eval"
EVAL_GUILD = "eval"


@dataclass(frozen=True)
class Expected:
    text: str
    intent: str
    career: str | None
    careers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    expected: Expected
    intent: str
    career: str | None
    careers: tuple[str, ...]
    kind: str
    where: str
    # In a conversation, after a turn the bot fell back or asked on: is what it understood kept?
    after_miss: bool = False
    chars: int = 0  # length of the reply text, as ``careerbot chat --json`` prints it
    first_line: str = ""

    @property
    def intent_ok(self) -> bool:
        return self.intent == self.expected.intent

    @property
    def exact(self) -> bool:
        if not self.intent_ok or self.career != self.expected.career:
            return False
        if self.expected.careers:
            return set(self.careers) == set(self.expected.careers)
        return True

    @property
    def confidently_wrong(self) -> bool:
        return self.kind == "answer" and self.intent != "fallback" and not self.exact


@dataclass
class Report:
    name: str
    outcomes: list[Outcome] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        n = len(self.outcomes)
        exact = sum(o.exact for o in self.outcomes)
        predicted_fb = [o for o in self.outcomes if o.intent == "fallback"]
        expected_fb = [o for o in self.outcomes if o.expected.intent == "fallback"]
        true_fb = [o for o in predicted_fb if o.expected.intent == "fallback"]
        after_miss = [o for o in self.outcomes if o.after_miss and o.expected.intent != "fallback"]
        per_intent: dict[str, dict[str, float]] = {}
        groups: dict[str, list[Outcome]] = defaultdict(list)
        for o in self.outcomes:
            groups[o.expected.intent].append(o)
        for intent, items in sorted(groups.items()):
            per_intent[intent] = {
                "n": len(items),
                "exact": round(sum(o.exact for o in items) / len(items), 3),
            }
        return {
            "turns": n,
            "exact_accuracy": round(exact / n, 4) if n else 0.0,
            "intent_accuracy": round(sum(o.intent_ok for o in self.outcomes) / n, 4) if n else 0.0,
            "fallback_precision": round(len(true_fb) / len(predicted_fb), 4)
            if predicted_fb
            else 1.0,
            "fallback_recall": round(len(true_fb) / len(expected_fb), 4) if expected_fb else 1.0,
            # Questions the bot could answer that got "I didn't catch that".
            "answerable_to_fallback": round(
                (len(predicted_fb) - len(true_fb)) / (n - len(expected_fb)), 4
            )
            if n > len(expected_fb)
            else 0.0,
            "confidently_wrong_rate": round(sum(o.confidently_wrong for o in self.outcomes) / n, 4)
            if n
            else 0.0,
            "clarification_rate": round(sum(o.kind == "clarify" for o in self.outcomes) / n, 4)
            if n
            else 0.0,
            "after_miss_turns": len(after_miss),
            "after_miss_exact": round(sum(o.exact for o in after_miss) / len(after_miss), 4)
            if after_miss
            else 1.0,
            "per_intent": per_intent,
        }

    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.exact]

    def lengths(self) -> dict[str, dict[str, int]]:
        """Reply length per answered intent (what the bot understood): turns, median, max."""
        groups: dict[str, list[int]] = defaultdict(list)
        for o in self.outcomes:
            groups[o.intent].append(o.chars)
        return {
            intent: {"n": len(sizes), "median": int(median(sizes)), "max": max(sizes)}
            for intent, sizes in sorted(groups.items())
        }


def default_sets() -> list[Path]:
    return sorted(EVAL_DIR.glob("*.yaml"))


def _expected(raw: dict[str, Any]) -> Expected:
    return Expected(
        text=str(raw["text"]),
        intent=str(raw["intent"]),
        career=raw.get("career"),
        careers=tuple(raw.get("careers") or ()),
    )


def load_set(path: Path) -> tuple[list[Expected], list[tuple[str, list[Expected]]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    messages = [_expected(m) for m in data.get("messages", [])]
    conversations = [
        (str(c.get("name", f"conversation {i}")), [_expected(t) for t in c["turns"]])
        for i, c in enumerate(data.get("conversations", []))
    ]
    return messages, conversations


def _outcome(
    expected: Expected, result: TurnResult, where: str, after_miss: bool = False
) -> Outcome:
    return Outcome(
        expected,
        result.intent,
        result.career,
        tuple(result.careers),
        result.kind,
        where,
        after_miss,
        len(text := result.to_json()["text"]),
        text.split("\n", 1)[0],
    )


async def evaluate_set(engine: Engine, path: Path, ids: itertools.count) -> Report:
    messages, conversations = load_set(path)
    report = Report(path.stem)
    for expected in messages:
        scope = Scope(EVAL_GUILD, "messages", f"u{next(ids)}")
        result = await engine.handle(Turn(scope, expected.text))
        report.outcomes.append(_outcome(expected, result, "message"))
    for name, turns in conversations:
        scope = Scope(EVAL_GUILD, "conversations", f"u{next(ids)}")
        missed = False
        for n, expected in enumerate(turns, 1):
            result = await engine.handle(Turn(scope, expected.text))
            report.outcomes.append(_outcome(expected, result, f"{name} #{n}", missed))
            missed = missed or result.kind in ("fallback", "clarify")
    return report


async def run_evaluation(
    kb: KnowledgeBase,
    paths: list[Path],
    learned: Sequence[Learned] = (),
    settings: Settings | None = None,
) -> list[Report]:
    """One report per file, then one for all files together; ``learned`` adds a server's
    taught phrasings, as that server's students would meet them. The engine is built from
    ``settings`` (the configured threshold and margin) like the bot's own."""
    store = await open_store(":memory:")
    try:
        engine = Engine.from_settings(kb, store, settings or Settings())
        if learned:
            engine.set_learned(EVAL_GUILD, list(learned))
        ids = itertools.count()
        reports = [await evaluate_set(engine, p, ids) for p in paths]
    finally:
        await store.close()
    if len(reports) > 1:
        combined = Report("all", [o for r in reports for o in r.outcomes])
        reports.append(combined)
    return reports


def format_lengths(report: Report) -> str:
    lines = [f"== {report.name}: reply length in characters, per intent understood =="]
    lines.append(f"  {'intent':<22} {'n':>5} {'median':>7} {'max':>6}")
    for intent, row in report.lengths().items():
        lines.append(f"  {intent:<22} {row['n']:>5} {row['median']:>7} {row['max']:>6}")
    return "\n".join(lines)


def format_report(report: Report, show_errors: bool = False) -> str:
    s = report.summary()
    lines = [
        f"== {report.name}: {s['turns']} turns ==",
        f"exact accuracy (intent + career): {s['exact_accuracy']:.1%}",
        f"intent accuracy:                  {s['intent_accuracy']:.1%}",
        f"fallback precision / recall:      {s['fallback_precision']:.1%} / "
        f"{s['fallback_recall']:.1%}",
        f"confidently wrong:                {s['confidently_wrong_rate']:.1%}",
        f"answerable sent to fallback:      {s['answerable_to_fallback']:.1%}",
        f"clarifying questions asked:       {s['clarification_rate']:.1%}",
        f"after a miss or a question:       {s['after_miss_exact']:.1%} exact "
        f"(n={s['after_miss_turns']})",
        "per intent (exact):",
    ]
    for intent, row in s["per_intent"].items():
        lines.append(f"  {intent:<22} {row['exact']:6.1%}  (n={row['n']})")
    if show_errors:
        misses = report.misses()
        lines.append(f"misses ({len(misses)}):")
        for o in misses:
            want = f"{o.expected.intent}/{o.expected.career}"
            got = f"{o.intent}/{o.career}"
            lines.append(f"  [{o.kind}] {o.expected.text!r}: want {want}, got {got} ({o.where})")
    return "\n".join(lines)
