"""Cross-check the knowledge base's figures against the verified reference file.

``shared/reference/occupations.yaml`` holds every verified fact with its source. Each figure in
``data/`` must equal the reference's figure for that career (or, with ``basis`` set, the figure
of the closest broader group the reference names), and every number written in prose must occur
in the reference too. This is how "never invent a number" is enforced rather than hoped for.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from . import KnowledgeBase

DEFAULT_REFERENCE = (
    Path(__file__).resolve().parents[3] / "shared" / "reference" / "occupations.yaml"
)
_NUMBER = re.compile(r"(?<![\w.])\$?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)%?")


def _numbers(text: str) -> set[str]:
    return {m.group(1).replace(",", "") for m in _NUMBER.finditer(text)}


def _allowed(entry: dict[str, Any], own: str, *alternates: str) -> tuple[set[float], set[float]]:
    """(own figures, figures of related or parent groups) for one field."""
    mine = {entry[own]} if entry.get(own) is not None else set()
    others: set[float] = set()
    groups = [entry.get("related_figures") or {}]
    detail = entry.get("detail") or {}
    groups += [v for k, v in detail.items() if k.startswith("parent_") and isinstance(v, dict)]
    for group in groups:
        for key in (own, *alternates):
            if group.get(key) is not None:
                others.add(group[key])
    return mine, others


def check_against_reference(kb: KnowledgeBase, reference: Path) -> list[str]:
    """Every mismatch between ``kb`` and the reference, as readable lines (empty when clean)."""
    ref = yaml.safe_load(reference.read_text(encoding="utf-8"))
    by_id = {o["id"]: o for o in ref["occupations"]}
    ref_text_numbers = _numbers(reference.read_text(encoding="utf-8"))
    problems: list[str] = []

    for career in kb.careers.values():
        entry = by_id.get(career.id)
        if entry is None:
            problems.append(f"{career.id}: not in the reference")
            continue
        checks = [
            (
                "pay.median_annual",
                career.pay.median_annual,
                career.pay.basis,
                _allowed(entry, "median_annual_pay"),
            ),
            (
                "pay.median_hourly",
                career.pay.median_hourly,
                career.pay.basis,
                _allowed(entry, "median_hourly_pay"),
            ),
            (
                "outlook.percent",
                career.outlook.percent,
                career.outlook.basis,
                _allowed(entry, "job_outlook_percent", "job_outlook_percent_2024_34"),
            ),
            (
                "outlook.jobs",
                career.outlook.jobs,
                career.outlook.basis,
                _allowed(entry, "number_of_jobs", "number_of_jobs_2024", "jobs_2024"),
            ),
            (
                "outlook.annual_openings",
                career.outlook.annual_openings,
                career.outlook.basis,
                _allowed(entry, "annual_openings"),
            ),
        ]
        for name, value, basis, (mine, others) in checks:
            if value is None:
                continue
            if value in mine:
                continue
            if value in others:
                if not basis:
                    problems.append(
                        f"{career.id}: {name} {value} is a broader group's figure; "
                        "set 'basis' to say so"
                    )
                continue
            problems.append(
                f"{career.id}: {name} {value} is not in the reference "
                f"(reference: {sorted(mine) or 'none'})"
            )
        entry_numbers = _numbers(yaml.safe_dump(entry))
        prose = [
            career.summary,
            *career.duties,
            career.education.detail,
            *career.education.licensing,
            *career.work_settings,
            career.schedule or "",
            career.education.typical or "",
            career.pay.note or "",
            career.pay.basis or "",
            career.outlook.note or "",
            career.outlook.basis or "",
        ]
        for text in prose:
            for number in _numbers(text) - entry_numbers - _YEARS_AND_SMALL:
                problems.append(
                    f'{career.id}: the number {number} in "{text[:60]}..." is not '
                    "in the reference entry"
                )

    for kind, items in (("routes", kb.routes.values()), ("topics", kb.topics.values())):
        for item in items:
            texts = [
                item.summary,
                *getattr(item, "steps", []),
                *getattr(item, "points", []),
                *(f.text for f in item.facts),
            ]
            for text in texts:
                for number in _numbers(text) - ref_text_numbers - _YEARS_AND_SMALL:
                    problems.append(
                        f"{kind}/{item.id}: the number {number} in "
                        f'"{text[:60]}..." is not in the reference'
                    )
    return problems


# Counting words such as "1-2 years" or "3 sub-clusters" are not figures to verify.
_YEARS_AND_SMALL = {str(n) for n in range(0, 13)}
