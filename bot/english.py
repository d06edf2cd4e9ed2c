"""Derive ``data/english_words.txt``: real English words that typo repair leaves alone.

Typo repair turns a word the knowledge base doesn't know into the closest one it does. A real
English word is rarely a typo: "wife" is not "life", "typically" is not "typicals". The list
comes from SCOWL's American English word list, as Debian ships it (package ``wamerican``).
"""

from __future__ import annotations

from pathlib import Path

WORDS_FILE = "english_words.txt"
DEFAULT_SOURCE = Path("/usr/share/dict/american-english")
MIN_LENGTH = 4  # shorter words are never repaired anyway (see bot/matcher.py)

NOTICE = """\
# Derived by `careerbot derive-words` from SCOWL's American English word list; do not edit.
# SCOWL (Spell Checker Oriented Word Lists), Copyright 2000-2011 by Kevin Atkinson.
# Permission to use, copy, modify, distribute and sell these word lists, the associated
# scripts, the output created from the scripts, and its documentation for any purpose is
# hereby granted without fee, provided that the above copyright notice appears in all copies
# and that both that copyright notice and this permission notice appear in supporting
# documentation. Kevin Atkinson makes no representations about the suitability of this array
# for any purpose. It is provided "as is" without express or implied warranty.
"""


def derive(source: Path) -> list[str]:
    """Lowercase alphabetic words of at least ``MIN_LENGTH`` letters, sorted."""
    words = set()
    for line in source.read_text(encoding="utf-8", errors="replace").splitlines():
        word = line.strip()
        if len(word) >= MIN_LENGTH and word.isascii() and word.isalpha() and word.islower():
            words.add(word)
    return sorted(words)


def write(data_dir: Path, words: list[str]) -> None:
    (data_dir / WORDS_FILE).write_text(NOTICE + "\n".join(words) + "\n", encoding="utf-8")
