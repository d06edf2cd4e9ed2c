"""Text options of slash commands, bounded where they arrive.

Discord shows a command's length limits, but a raw interaction can carry any length (discord.py
does not check ``Range`` on arrival), so each text option is checked again here, before a
handler sees it or anything is stored. The limits are declared once, below.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

QUESTION_CHARS = 500  # /ask, /careerbot explain
TAUGHT_CHARS = 300  # /careerbot teach question: a phrasing, not an essay
NAME_CHARS = 100  # a career, an intent: autocomplete values


class TooLong(app_commands.AppCommandError):
    """A text option over its limit; the message is what the user sees."""

    def __init__(self, name: str, limit: int) -> None:
        super().__init__(f"That {name} is too long: keep it to {limit:,} characters at most.")


class BoundedText(app_commands.Transformer):
    """A string option of at most ``limit`` characters, enforced on arrival."""

    def __init__(self, limit: int, name: str = "text") -> None:
        self.limit = limit
        self.name = name

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.string

    @property
    def min_value(self) -> int:
        return 1

    @property
    def max_value(self) -> int:
        return self.limit

    async def transform(self, interaction: discord.Interaction, value: Any, /) -> str:
        text = str(value)
        if len(text) > self.limit:
            raise TooLong(self.name, self.limit)
        return text


Question = app_commands.Transform[str, BoundedText(QUESTION_CHARS, "question")]
Taught = app_commands.Transform[str, BoundedText(TAUGHT_CHARS, "question")]
Name = app_commands.Transform[str, BoundedText(NAME_CHARS, "name")]
