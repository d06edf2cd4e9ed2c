"""The O*NET-derived names: what they add, what they must never do."""

from __future__ import annotations

import pytest

from bot.config import REPO_DATA_DIR
from bot.knowledge.reference import DEFAULT_REFERENCE
from bot.onet import ALIASES_FILE, ATTRIBUTION, OTHER_TITLES_FILE, derive
from bot.text import tokenize

ONET = DEFAULT_REFERENCE.parent / "onet"


def test_derived_files_carry_the_attribution():
    for name in (ALIASES_FILE, OTHER_TITLES_FILE):
        assert ATTRIBUTION in (REPO_DATA_DIR / name).read_text(encoding="utf-8")


def test_the_shipped_files_are_what_the_derivation_writes(kb):
    aliases, others = derive(kb, ONET)
    assert dict(kb.derived_aliases) == _grouped(aliases)
    assert list(kb.other_titles) == others


def _grouped(pairs):
    out = {}
    for career, alias in pairs:
        out.setdefault(career, []).append(alias)
    return {c: tuple(a) for c, a in out.items()}


def test_derived_names_never_take_a_curated_meaning(kb):
    curated = set()
    for career in kb.careers.values():
        curated.update(
            " ".join(tokenize(a)) for a in (career.title, career.short_name, *career.aliases)
        )
    for group in kb.groups:
        curated.update(" ".join(tokenize(a)) for a in (group.term, *group.aliases))
    derived = {a for names in kb.derived_aliases.values() for a in names}
    assert not derived & curated
    assert not set(kb.other_titles) & curated
    assert all(len(a.split()) >= 2 for a in derived)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("how much does a fitness trainer make", "other", "fitness trainer"),
        ("camp counselor pay", "other", "camp counselor"),
        ("lab technician salary", "other", "lab technician"),
        ("hospital librarian pay", "career", "librarian"),
        ("what does an instructional coach do", "career", "instructional-coordinator"),
    ],
)
def test_a_name_from_onet_is_found(matcher, text, kind, value):
    hits = matcher.analyze(text).hits
    assert [(h.kind, h.value) for h in hits] == [(kind, value)]


def test_a_school_word_keeps_a_title_out_of_the_refusals(kb):
    assert "dance teacher" not in kb.other_titles
    assert not any("teacher" in t.split() for t in kb.other_titles)
