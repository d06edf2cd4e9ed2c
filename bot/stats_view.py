"""Statistics as text with bar charts: the same view for Discord embeds and the terminal."""

from __future__ import annotations

from .records import Stats

BAR_WIDTH = 12


def bar(count: int, largest: int, width: int = BAR_WIDTH) -> str:
    filled = round(width * count / largest) if largest else 0
    return "█" * filled + "░" * (width - filled)


def chart(rows: list[tuple[str, int]]) -> str:
    if not rows:
        return "(none)"
    largest = max(n for _, n in rows)
    return "\n".join(f"{bar(n, largest)} {n:>4}  {label}" for label, n in rows)


def stat_sections(stats: Stats, hours: list[tuple[int, int]]) -> list[tuple[str, str]]:
    return [
        ("Top questions", chart(stats.top_intents)),
        ("Top careers", chart(stats.top_careers)),
        ("Busiest hours (UTC)", chart([(f"{h:02d}:00", n) for h, n in hours])),
    ]


def format_stats(stats: Stats, hours: list[tuple[int, int]], days: int) -> str:
    lines = [
        f"CareerBot, last {days} day(s)",
        f"messages: {stats.messages}   students: {stats.students}   "
        f"answered: {stats.answer_rate:.0%}   clarifying questions: {stats.clarified}   "
        f"not understood: {stats.fallbacks}   safety answers: {stats.safety}",
    ]
    for title, body in stat_sections(stats, hours):
        lines += ["", title, body]
    return "\n".join(lines)
