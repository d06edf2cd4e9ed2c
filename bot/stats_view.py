"""Statistics as text with bar charts: the same view for Discord embeds and the terminal."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from .records import Stats

UTC = ZoneInfo("UTC")

BAR_WIDTH = 12


def bar(count: int, largest: int, width: int = BAR_WIDTH) -> str:
    filled = round(width * count / largest) if largest else 0
    return "█" * filled + "░" * (width - filled)


def chart(rows: list[tuple[str, int]]) -> str:
    if not rows:
        return "(none)"
    largest = max(n for _, n in rows)
    return "\n".join(f"{bar(n, largest)} {n:>4}  {label}" for label, n in rows)


def local_hour(utc_hour: int, zone: tzinfo, now: datetime | None = None) -> str:
    """A UTC hour of the day as the school's clock shows it today ("14:00", "05:30")."""
    offset = (now or datetime.now(UTC)).astimezone(zone).utcoffset() or timedelta()
    minutes = (utc_hour * 60 + int(offset.total_seconds() // 60)) % (24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def stat_sections(
    stats: Stats, hours: list[tuple[int, int]], zone: tzinfo = UTC
) -> list[tuple[str, str]]:
    return [
        ("Top questions", chart(stats.top_intents)),
        ("Top careers", chart(stats.top_careers)),
        (f"Busiest hours ({zone})", chart([(local_hour(h, zone), n) for h, n in hours])),
    ]


def format_stats(stats: Stats, hours: list[tuple[int, int]], days: int, zone: tzinfo = UTC) -> str:
    lines = [
        f"CareerBot, last {days} day(s)",
        f"messages: {stats.messages}   students: {stats.students}   "
        f"answered: {stats.answer_rate:.0%}   clarifying questions: {stats.clarified}   "
        f"not understood: {stats.fallbacks}   safety answers: {stats.safety}",
    ]
    for title, body in stat_sections(stats, hours, zone):
        lines += ["", title, body]
    return "\n".join(lines)
