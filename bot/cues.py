"""Compile phrase patterns (``bot/knowledge/patterns.py``) into regular expressions.

A pattern is matched on a cleaned message: its words joined by single spaces, after the same
cleaning and slang expansion the pattern's own words go through (``phrase``). The safety screen
and the matcher's intent cues both compile their patterns here, so the two read a pattern the
same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from .knowledge.patterns import GAP_WORDS, Choice, Gap, Part, parse_pattern
from .text import plural_forms

# The last word of a phrase this long or longer also matches its plural or singular ("bridge",
# "bridges"); shorter words have short plurals that are other words ("i" and "is").
MIN_PLURAL = 5


class PatternCompiler:
    """Turns patterns into regex source. ``phrase`` cleans a pattern's words the way messages
    are cleaned; ``lists`` are the word lists a ``<name>`` option may name."""

    def __init__(
        self,
        phrase: Callable[[str], list[str]],
        lists: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self._phrase = phrase
        self._raw_lists = dict(lists or {})
        # Every word some pattern needs as written: typo repair must never rewrite one.
        self.words: set[str] = set()
        self._lists = {
            name: [self._option(entry) for entry in entries]
            for name, entries in self._raw_lists.items()
        }

    def _parts(self, pattern: str) -> list[Part]:
        """The pattern's parts, with plain words that slang reads as one phrase joined: "grad
        school" is "graduate school", which "grad" and "school" one by one are not."""
        parts: list[Part] = []
        for part in parse_pattern(pattern):
            prev = parts[-1] if parts else None
            if _plain(part) and _plain(prev):
                assert isinstance(part, Choice) and isinstance(prev, Choice)
                words = [prev.options[0], part.options[0]]
                apart = [w for o in words for w in self._phrase(o.replace("_", " "))]
                together = self._phrase(" ".join(words).replace("_", " "))
                if together != apart:
                    parts[-1] = Choice(("_".join(words),))
                    continue
            parts.append(part)
        return parts

    def _option(self, option: str) -> str:
        """One option of a choice as a regex: a phrase, a prefix or a word list."""
        if option.startswith("<"):
            return "(?:" + "|".join(self._lists.get(option[1:-1], ["(?!)"])) + ")"
        prefix = option.endswith("*")
        words = self._phrase(option.rstrip("*").replace("_", " "))
        if not words:
            return "(?!)"  # slang that expands to nothing can never match
        self.words.update(words if not prefix else words[:-1])
        head = " ".join(map(re.escape, words[:-1]))
        if prefix:
            last = re.escape(words[-1]) + r"\S*"
        elif len(words[-1]) >= MIN_PLURAL:
            last = "(?:" + "|".join(sorted(map(re.escape, plural_forms(words[-1])))) + ")"
        else:
            last = re.escape(words[-1])
        return f"{head} {last}" if head else last

    def _first_options(self, pattern: str) -> list[str]:
        """The options a match's first word comes from, word lists spelled out."""
        first = self._parts(pattern)[0]
        assert isinstance(first, Choice)
        options: list[str] = []
        for option in first.options:
            if option.startswith("<"):
                options.extend(self._raw_lists.get(option[1:-1], ()))
            else:
                options.append(option)
        return options

    def first_words(self, pattern: str, plurals: bool = True) -> frozenset[str] | None:
        """Every word a match of ``pattern`` can start with, or None when any word can (a
        prefix): a pattern whose first words are not in the message need not be tried.
        ``plurals=False`` leaves out the plural of a one-word option: the safety screen's
        cue weights were set with one-word cues tried only as written."""
        options = self._first_options(pattern)
        words: set[str] = set()
        for option in options:
            phrase = self._phrase(option.rstrip("*").replace("_", " "))
            if option.endswith("*") and len(phrase) == 1:
                return None
            if plurals and len(phrase) == 1 and len(phrase[0]) >= MIN_PLURAL:
                words.update(plural_forms(phrase[0]))  # a one-word option matches its plural
            else:
                words.update(phrase[:1])
        return frozenset(words)

    def first_stems(self, pattern: str) -> tuple[str, ...]:
        """What every match's first word starts with (a prefix's stem, or a word): a cue that
        may start with any word still needs one of these in the message."""
        options = self._first_options(pattern)
        stems = []
        for option in options:
            phrase = self._phrase(option.rstrip("*").replace("_", " "))
            if not phrase:
                return ()  # slang that reads as nothing: no stem to look for
            stems.append(phrase[0])
        return tuple(sorted(set(stems)))

    def required_words(self, pattern: str) -> frozenset[str]:
        """Words every match of ``pattern`` contains as written: a message lacking one of
        them cannot match, so the regex need not run."""
        needed: set[str] = set()
        for part in self._parts(pattern):
            if not isinstance(part, Choice) or len(part.options) != 1:
                continue
            option = part.options[0]
            if option.startswith(("<", "{")) or option.endswith("*"):
                continue
            words = self._phrase(option.replace("_", " "))
            # The last word may match in its plural (see _option), the others as written.
            needed.update(words if words and len(words[-1]) < MIN_PLURAL else words[:-1])
        return frozenset(needed)

    def source(self, pattern: str, capture_gaps: bool = False) -> str:
        """The regex source of one pattern (not anchored to whole words: see :meth:`compile`).
        With ``capture_gaps`` each ``..`` is a group: what stands in it was not the cue."""
        regex = ""
        after_gap = False
        for part in self._parts(pattern):
            if isinstance(part, Gap):
                gap = rf"(?:\S+ ){{0,{GAP_WORDS}}}"
                regex += f" ({gap})" if capture_gaps else f" (?:{gap})"
                after_gap = True
                continue
            assert isinstance(part, Choice)
            piece = "(?:" + "|".join(self._option(o) for o in part.options) + ")"
            regex += piece if after_gap or not regex else " " + piece
            after_gap = False
        return regex

    def compile(self, pattern: str, capture_gaps: bool = False) -> re.Pattern[str]:
        return whole_words(self.source(pattern, capture_gaps))

    def either(self, patterns: Sequence[str]) -> re.Pattern[str] | None:
        """One regex for many patterns, each matched as whole words; None for no patterns."""
        if not patterns:
            return None
        return whole_words("|".join(f"(?:{self.source(p)})" for p in patterns))


def _plain(part: Part | None) -> bool:
    """One plain word or phrase: no choice, list, slot or prefix."""
    return (
        isinstance(part, Choice)
        and len(part.options) == 1
        and not part.options[0].startswith(("<", "{"))
        and not part.options[0].endswith("*")
    )


def whole_words(source: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\S)(?:{source})(?!\S)")
