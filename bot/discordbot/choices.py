"""Autocomplete choices shared by student and moderator commands."""

from __future__ import annotations

from discord import app_commands

from ..engine import Engine

MAX_CHOICES = 25  # Discord's limit for autocomplete and choices


def career_choices(engine: Engine, current: str) -> list[app_commands.Choice[str]]:
    """Fuzzy and typo-tolerant on titles and aliases; every career A-Z when nothing is typed."""
    kb = engine.kb
    if current.strip():
        ids = engine.directory.suggest_careers(current, limit=MAX_CHOICES)
    else:
        ids = sorted(kb.careers, key=lambda c: kb.careers[c].title)
    return [app_commands.Choice(name=kb.careers[c].title[:100], value=c) for c in ids[:MAX_CHOICES]]
