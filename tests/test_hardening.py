"""Hardening, round two: what a red team found, each with the test that failed before the fix."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge.loader import MAX_YAML_BYTES


def _bomb(levels: int = 9, width: int = 9) -> str:
    """The "billion laughs" as more follow-up phrasings (intents.yaml ends with them): each
    entry an anchored list of aliases of the one before."""
    lines = [f'  - &l0 ["{"lol " * 8}"]']
    for n in range(1, levels):
        lines.append(f"  - &l{n} [" + ", ".join([f"*l{n - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def _problems(data_dir: Path) -> str:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(data_dir)
    return str(caught.value)


def test_a_yaml_alias_bomb_is_refused_at_once_naming_file_and_line(data_copy: Path):
    intents = data_copy / "intents.yaml"
    intents.write_text(intents.read_text() + _bomb())
    started = time.perf_counter()
    found = _problems(data_copy)
    elapsed = time.perf_counter() - started
    assert "intents.yaml:" in found and "aliases (*l0) are not allowed" in found
    # Expanded, this is 9**8 lists: minutes and gigabytes. Refused, it costs one ordinary load.
    assert elapsed < 30, elapsed


def test_a_duplicate_key_is_refused_with_its_line(data_copy: Path):
    synonyms = data_copy / "synonyms.yaml"
    text = synonyms.read_text().replace(
        "replacements:\n", "replacements:\n  sped: a\n  sped: b\n", 1
    )
    synonyms.write_text(text)
    found = _problems(data_copy)
    assert "synonyms.yaml:" in found and "duplicate key 'sped'" in found


def test_values_are_never_coerced_to_text(data_copy: Path):
    synonyms = data_copy / "synonyms.yaml"
    text = synonyms.read_text().replace("known_words:\n", "known_words:\n  - yes\n", 1)
    synonyms.write_text(text)
    found = _problems(data_copy)
    assert "known_words" in found and "must be a line of text" in found


def test_a_file_over_the_size_limit_is_refused_unread(data_copy: Path):
    topics = data_copy / "topics.yaml"
    topics.write_text("# padding\n" * (MAX_YAML_BYTES // 10 + 1))
    found = _problems(data_copy)
    assert "topics.yaml" in found and "the limit is" in found
