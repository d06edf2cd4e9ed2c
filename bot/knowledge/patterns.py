"""The small phrase-pattern language of ``data/safety.yaml``, parsed without any other data.

A pattern is words in order, matched as whole words on a cleaned message:

- ``a|b``: either word (or phrase written with ``_``: ``feel_unsafe|not_safe``);
- ``word*``: any word that starts with ``word``;
- ``<name>``: any entry of the word list ``name`` (the file's ``words:`` section), also as an
  option: ``<family>|<partner>``;
- ``..``: up to :data:`GAP_WORDS` other words in between;
- ``{career}``: where a career is named (intent cues, which match the message's template).

Parsing only checks the syntax; turning the words into a regular expression needs the
knowledge base's normalization and lives with the matcher that uses it (``bot/safety.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ``..`` allows this many words in between: enough for "my dad (gets drunk and) hits me",
# short enough that two unrelated halves of a long message do not meet.
GAP_WORDS = 3

SLOT = "{career}"  # where a career is named (the matcher's cues only)
_CLASS = re.compile(r"^<([a-z0-9]+(?:-[a-z0-9]+)*)>$")
_WORD = re.compile(r"^[\w'\u2019-]+\*?$")  # apostrophes are dropped when matching


@dataclass(frozen=True, slots=True)
class Gap:
    """Up to ``GAP_WORDS`` words of anything."""


@dataclass(frozen=True, slots=True)
class Choice:
    """One position: any of ``options``. An option ending in ``*`` is a prefix, ``<name>`` a
    word list, and ``_`` joins the words of a phrase."""

    options: tuple[str, ...]

    @property
    def word_lists(self) -> list[str]:
        return [m[1] for m in map(_CLASS.match, self.options) if m]


Part = Gap | Choice


class PatternError(ValueError):
    """A pattern that cannot be parsed; the message says what to change."""


def parse_pattern(pattern: str) -> tuple[Part, ...]:
    parts: list[Part] = []
    for raw in pattern.split():
        if raw == "..":
            if not parts or isinstance(parts[-1], Gap):
                raise PatternError("'..' must stand between two words")
            parts.append(Gap())
            continue
        options = tuple(raw.split("|"))
        for option in options:
            if _CLASS.match(option) or option == SLOT:
                continue
            if not option or not all(_WORD.match(w) for w in option.split("_")):
                raise PatternError(
                    f"'{raw}' is not a word, word|word, word*, <list>, {SLOT} or '..'"
                )
            if "*" in option[:-1]:
                # Only a whole option is a prefix: "take*_over" would be read as "take over".
                raise PatternError(f"'{option}': only the last word of a phrase may end in *")
        parts.append(Choice(options))
    if not parts:
        raise PatternError("the pattern is empty")
    if isinstance(parts[-1], Gap):
        raise PatternError("'..' must stand between two words")
    return tuple(parts)


def word_lists_used(parts: tuple[Part, ...]) -> list[str]:
    return [name for p in parts if isinstance(p, Choice) for name in p.word_lists]


def pattern_words(pattern: str) -> list[str]:
    """The plain words a pattern is written with (prefixes as their stems, no word lists):
    what a vocabulary needs to know so that typo repair leaves them alone."""
    words: list[str] = []
    for part in parse_pattern(pattern):
        if isinstance(part, Choice):
            for option in part.options:
                if not option.startswith("<") and option != SLOT:
                    words.extend(option.rstrip("*").split("_"))
    return words
