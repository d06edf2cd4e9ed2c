"""Derive the knowledge base's O*NET files from ``shared/reference/onet/`` (``careerbot
derive-onet``).

O*NET lists thousands of names for the cluster's occupations and about 48,000 titles outside it.
They are evidence to curate from, not gospel, so this keeps only what is safe to match:

- ``data/onet_aliases.tsv``: alternate titles of the O*NET codes behind each career, as extra
  names for it. Dropped: one-word titles, titles O*NET gives to several cluster codes or to codes
  inside and outside the cluster ("teacher", "counselor"), and titles that are already a
  curated alias, group word or route of the knowledge base.
- ``data/onet_other_titles.txt``: titles of occupations outside the cluster, so a question
  about one ("fitness trainer", "camp counselor", "lab technician") is answered with "not my
  area" rather than a cluster career's figures. Dropped: titles with a word of teaching or
  schooling in them ("dance teacher" is a question the bot should ask about, not refuse),
  titles of five or more words, and one-word titles unless they read as a job ("pediatrician",
  not "host" or "model") and are no word the knowledge base already uses.

Both files carry O*NET's attribution (CC BY 4.0).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import yaml

from .knowledge import KnowledgeBase
from .knowledge.patterns import pattern_words
from .text import compile_phrases, tokenize

ATTRIBUTION = (
    "This product includes information from the O*NET 30.0 Database by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 "
    "license. O*NET(R) is a trademark of USDOL/ETA."
)
ALIASES_FILE = "onet_aliases.tsv"
OTHER_TITLES_FILE = "onet_other_titles.txt"

# O*NET groups (shared/reference/onet/cluster_titles.yaml) behind each career. Groups without a
# career of their own ("all other" administrators and library workers) are left out.
GROUP_CAREERS = {
    "preschool_teachers": "preschool-teacher",
    "kindergarten_teachers": "elementary-teacher",
    "elementary_school_teachers": "elementary-teacher",
    "middle_school_teachers": "middle-school-teacher",
    "secondary_school_teachers": "high-school-teacher",
    "cte_teachers_secondary": "cte-teacher",
    "cte_teachers_middle_school": "cte-teacher",
    "special_education_teachers": "special-education-teacher",
    "adult_basic_secondary_esl_instructors": "adult-education-teacher",
    "postsecondary_teachers": "postsecondary-teacher",
    "substitute_teachers": "substitute-teacher",
    "tutors": "tutor",
    "teaching_assistants": "teacher-assistant",
    "training_and_development_specialists": "training-development-specialist",
    "educational_guidance_career_counselors": "school-counselor",
    "librarians_media_collections_specialists": "librarian",
    "library_technicians": "library-technician",
    "instructional_coordinators": "instructional-coordinator",
    "school_psychologists": "school-psychologist",
    "speech_language_pathologists": "speech-language-pathologist",
    "child_family_school_social_workers": "school-social-worker",
    "education_administrators_k12": "principal",
    "education_administrators_postsecondary": "postsecondary-administrator",
    "education_childcare_administrators_preschool": "childcare-director",
    "training_and_development_managers": "training-development-manager",
}

# A title outside the cluster with one of these words is not refused: it may be a kind of
# teacher or school job the student should be asked about. (Counselors, trainers and coaches
# outside schools, "mental health counselor", "fitness trainer", are refused: answering them
# with a school counselor's figures would be wrong.)
_SCHOOL_WORDS = frozenset(
    "teacher teachers teaching instructor instructors tutor tutoring professor professors "
    "educator educators education educational librarian library school schools college "
    "university academic student students curriculum instructional learning dean principal "
    "superintendent classroom faculty lecturer".split()
)
_PAREN = re.compile(r"\s*\(([^)]*)\)")
_MAX_OTHER_WORDS = 4
_MIN_ONE_WORD = 7
_JOB_ENDINGS = (
    "ician",
    "ologist",
    "iatrist",
    "apist",
    "grapher",
    "ographer",
    "pharmacist",
    "dentist",
    "engineer",
    "plumber",
    "mechanic",
    "surgeon",
    "nurse",
    "lawyer",
)


def _names(title: str) -> list[str]:
    """ "Pre-K Teacher (Prekindergarten Teacher)" is two names."""
    inner = _PAREN.findall(title)
    outer = _PAREN.sub("", title)
    return [n.strip() for n in (outer, *inner) if n.strip()]


def _lowercase_titles(path: Path) -> set[str]:
    with path.open(encoding="utf-8") as handle:
        rows = csv.reader(handle, delimiter="\t")
        next(rows, None)
        return {row[0].strip().lower() for row in rows if row}


def derive(kb: KnowledgeBase, onet_dir: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """(career id, alias) pairs and titles outside the cluster, both sorted."""
    cluster = yaml.safe_load((onet_dir / "cluster_titles.yaml").read_text(encoding="utf-8"))
    ambiguous = _lowercase_titles(onet_dir / "shared_titles.tsv") | _lowercase_titles(
        onet_dir / "cluster_multi_code_titles.tsv"
    )
    taken: set[str] = set()  # names the curated knowledge base already gives a meaning
    for career in kb.careers.values():
        taken.update(
            " ".join(tokenize(a)) for a in (career.title, career.short_name, *career.aliases)
        )
    for group in kb.groups:
        taken.update(" ".join(tokenize(a)) for a in (group.term, *group.aliases))
    for route in kb.routes.values():
        taken.update(" ".join(tokenize(a)) for a in route.aliases)
    taken.update(" ".join(tokenize(o)) for o in kb.other_occupations)

    owners: dict[str, set[str]] = {}
    for group_name, career_id in GROUP_CAREERS.items():
        for occupation in cluster["groups"].get(group_name, {}).get("occupations", []):
            titles = [*occupation.get("alternate_titles", []), *occupation.get("short_titles", [])]
            for title in titles:
                if title.lower() in ambiguous:
                    continue
                for name in _names(title):
                    key = " ".join(tokenize(name))
                    if len(key.split()) >= 2 and key not in taken:
                        owners.setdefault(key, set()).add(career_id)
    aliases = sorted((next(iter(c)), name) for name, c in owners.items() if len(c) == 1)

    # One-word titles only when they read as a job ("pediatrician", "electrician") and are
    # no word the knowledge base uses for anything else ("manager", "director", "coach").
    known = _words_of(kb)
    slang = compile_phrases(kb.synonyms)
    others: set[str] = set()
    with (onet_dir / "other_titles.txt").open(encoding="utf-8") as handle:
        for line in handle:
            title = line.split("\t")[0]
            for name in _names(title):
                words = tokenize(name)
                if len(words) == 1 and not (
                    len(words[0]) >= _MIN_ONE_WORD
                    and words[0].endswith(_JOB_ENDINGS)
                    and words[0] not in known
                ):
                    continue
                forms = [words]
                if words[-1] == "technician":  # "pharmacy tech", as people say it
                    forms.append([*words[:-1], "tech"])
                for form in forms:
                    key = " ".join(form)
                    # A title that slang rewrites ("ed tech" is educational technology here)
                    # means something else to the bot.
                    if slang.replace(form) != form:
                        continue
                    if (
                        len(form) <= _MAX_OTHER_WORDS
                        and not _SCHOOL_WORDS & set(form)
                        and not any(w.isdigit() for w in form)
                        and key not in taken
                        and key not in owners
                        and key not in ambiguous
                    ):
                        others.add(key)
    return aliases, sorted(others)


def _words_of(kb: KnowledgeBase) -> set[str]:
    """Every word the curated knowledge base uses: names, examples, slang, known words."""
    texts = [
        *(a for c in kb.careers.values() for a in (c.title, c.short_name, *c.aliases)),
        *(a for g in kb.groups for a in (g.term, *g.aliases)),
        *(e for spec in kb.intents.values() for e in spec.examples),
        *(w for spec in kb.intents.values() for cue in spec.cues for w in pattern_words(cue)),
        *kb.synonyms,
        *kb.synonyms.values(),
        *kb.known_words,
        *(k for i in kb.interests.values() for k in i.keywords),
    ]
    return {w for text in texts for w in tokenize(text.replace("{career}", " "))}


def write(data_dir: Path, aliases: list[tuple[str, str]], others: list[str]) -> None:
    header = [
        "# Derived by `careerbot derive-onet` from shared/reference/onet/; do not edit by hand.",
        f"# {ATTRIBUTION}",
    ]
    (data_dir / ALIASES_FILE).write_text(
        "\n".join([*header, "# career id<TAB>alias", *(f"{c}\t{a}" for c, a in aliases)]) + "\n",
        encoding="utf-8",
    )
    (data_dir / OTHER_TITLES_FILE).write_text(
        "\n".join([*header, "# occupations outside the cluster, one a line", *others]) + "\n",
        encoding="utf-8",
    )
