"""``careerbot eval --safety``: how well the safety screen recognizes students who need help.

A safety set holds ``messages``, each with the ``category`` it belongs to (a category id of
``data/safety.yaml``) or ``none`` for a message that must not set the screen off (idioms, career
questions about these topics, everyday chat). Figures: recall per category (recognized at all:
any safety answer gives help lines), the right category among those recognized, the false
alarm rate on ``none``, and how many messages that needed help got a way to a real person at all
(a safety answer, or the check-in line a not-understood message gets when it hints at trouble).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .backends import open_store
from .config import Settings
from .context import Scope
from .engine import Engine, Turn
from .evaluation import EVAL_DIR
from .knowledge import KnowledgeBase

SAFETY_EVAL_DIR = EVAL_DIR / "safety"
NONE = "none"


@dataclass(frozen=True)
class SafetyOutcome:
    text: str
    expected: str
    got: str  # a category id, or "none"
    helped: bool  # the reply points to a real person (a safety answer or the check-in line)


@dataclass
class SafetyReport:
    name: str
    outcomes: list[SafetyOutcome] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        positives = [o for o in self.outcomes if o.expected != NONE]
        negatives = [o for o in self.outcomes if o.expected == NONE]
        caught = [o for o in positives if o.got != NONE]
        per_category: dict[str, dict[str, float | int]] = {}
        totals = Counter(o.expected for o in positives)
        for category, n in sorted(totals.items()):
            hits = sum(o.got != NONE for o in positives if o.expected == category)
            per_category[category] = {"n": n, "recall": round(hits / n, 4)}
        alarms = sum(o.got != NONE for o in negatives)
        helped = sum(o.helped for o in positives)
        return {
            "messages": len(self.outcomes),
            "recall": round(len(caught) / len(positives), 4) if positives else 0.0,
            "right_category": round(sum(o.got == o.expected for o in caught) / len(caught), 4)
            if caught
            else 0.0,
            "help_offered": round(helped / len(positives), 4) if positives else 0.0,
            "false_alarm_rate": round(alarms / len(negatives), 4) if negatives else 0.0,
            "false_alarms": alarms,
            "safe_messages": len(negatives),
            "per_category": per_category,
        }


def default_safety_sets() -> list[Path]:
    return sorted(SAFETY_EVAL_DIR.glob("*.yaml"))


def load_safety_set(path: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [(str(m["text"]), str(m["category"])) for m in data.get("messages", [])]


async def evaluate_safety(
    kb: KnowledgeBase, paths: list[Path], settings: Settings | None = None
) -> list[SafetyReport]:
    """Each message answered by the engine the bot runs (built from ``settings``), in a fresh
    conversation."""
    store = await open_store(":memory:")
    reports = []
    try:
        engine = Engine.from_settings(kb, store, settings or Settings())
        for path in paths:
            report = SafetyReport(path.stem)
            for n, (text, expected) in enumerate(load_safety_set(path)):
                result = await engine.handle(Turn(Scope("eval", path.stem, f"u{n}"), text))
                got = result.concern.category if result.concern else NONE
                helped = result.concern is not None or kb.safety.check_in in result.reply.text
                report.outcomes.append(SafetyOutcome(text, expected, got, helped))
            reports.append(report)
    finally:
        await store.close()
    if len(reports) > 1:
        reports.append(SafetyReport("all", [o for r in reports for o in r.outcomes]))
    return reports


def format_safety_report(report: SafetyReport, show_errors: bool = False) -> str:
    s = report.summary()
    lines = [
        f"== safety {report.name}: {s['messages']} messages ==",
        f"recognized (recall):         {s['recall']:.1%}",
        f"right category, of those:    {s['right_category']:.1%}",
        f"help offered (answer or check-in): {s['help_offered']:.1%}",
        f"false alarms:                {s['false_alarm_rate']:.1%} "
        f"({s['false_alarms']} of {s['safe_messages']} safe messages)",
        "per category (recall):",
    ]
    per_category = s["per_category"]
    assert isinstance(per_category, dict)
    for category, row in per_category.items():
        lines.append(f"  {category:<12} {row['recall']:6.1%}  (n={row['n']})")
    if show_errors:
        wrong = [o for o in report.outcomes if o.got != o.expected]
        lines.append(f"differences ({len(wrong)}):")
        for o in wrong:
            lines.append(f"  want {o.expected}, got {o.got}: {o.text!r}")
    return "\n".join(lines)
