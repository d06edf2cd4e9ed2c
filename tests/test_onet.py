"""The O*NET-derived names: what they add, what they must never do."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.config import SHIPPED_DATA_DIR
from bot.onet import ALIASES_FILE, ATTRIBUTION, OTHER_TITLES_FILE, derive
from bot.text import tokenize


def test_derived_files_carry_the_attribution():
    for name in (ALIASES_FILE, OTHER_TITLES_FILE):
        assert ATTRIBUTION in (SHIPPED_DATA_DIR / name).read_text(encoding="utf-8")


def test_the_derivation_keeps_only_what_is_safe_to_match(kb, tmp_path):
    """A small O*NET folder in the real files' shapes, with one title of each kind."""
    groups = {
        "librarians_media_collections_specialists": {
            "occupations": [
                {
                    "alternate_titles": [
                        "Hospital Librarian",  # kept: one career, two words
                        "Archivist",  # dropped: one word
                        "Teacher Librarian",  # dropped: also another cluster code's
                        "Librarian",  # dropped: already a curated name
                        "Digital Archives Librarian (DAL)",  # kept; "dal" is one word
                    ]
                }
            ]
        },
        "tutors": {"occupations": [{"alternate_titles": ["GMAT Instructor"]}]},
    }
    (tmp_path / "cluster_titles.yaml").write_text(yaml.safe_dump({"groups": groups}))
    (tmp_path / "shared_titles.tsv").write_text(
        "title_lowercased\tcluster\tother\nlife coach\tx\ty\n"
    )
    (tmp_path / "cluster_multi_code_titles.tsv").write_text(
        "title_lowercased\tcluster_codes\nteacher librarian\ta,b\n"
    )
    (tmp_path / "other_titles.txt").write_text(
        "hvac installer\t49-9021.00\n"  # kept
        "fitness trainer\t39-9031.00\n"  # dropped: already in out_of_scope.yaml
        "dance teacher\t25-3021.00\n"  # dropped: a school word
        "life coach\t21-1019.00\n"  # dropped: also a cluster title
        "plumber\t47-2152.00\n"  # dropped: already in out_of_scope.yaml
        "host\t35-9031.00\n"  # dropped: one word that doesn't read as a job
        "podiatrist\t29-1081.00\n"  # kept: one word that does
        "pharmacy technician\t29-2052.00\n"  # kept, and as "pharmacy tech"
        "ed technician\t25-9099.00\n"  # dropped as "ed tech": slang for something else
        "senior vice president of global sales operations\t11-1011.00\n"  # dropped: long
    )
    aliases, others = derive(kb, tmp_path)
    assert aliases == [
        ("librarian", "digital archives librarian"),
        ("librarian", "hospital librarian"),
        ("tutor", "gmat instructor"),
    ]
    assert others == [
        "ed technician",
        "hvac installer",
        "pharmacy tech",
        "pharmacy technician",
        "podiatrist",
    ]


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


def test_english_words_keep_only_plain_lowercase_words_and_carry_scowls_notice(tmp_path):
    from bot.english import NOTICE, WORDS_FILE, derive, write

    source = tmp_path / "words"
    source.write_text("wife\nWife\nAlbert\ncat\nfiancée\nteacher's\nlibrary\n", encoding="utf-8")
    words = derive(source)
    assert words == ["library", "wife"]  # no names, short words, accents or possessives
    write(tmp_path, words)
    text = (tmp_path / WORDS_FILE).read_text(encoding="utf-8")
    assert text.startswith(NOTICE) and "Kevin Atkinson" in text
    shipped = (Path(__file__).parents[1] / "data" / WORDS_FILE).read_text(encoding="utf-8")
    assert shipped.startswith(NOTICE)
