"""The shipped knowledge base is valid and complete; broken YAML is reported precisely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.config import SHIPPED_DATA_DIR
from bot.knowledge import KnowledgeError, load_knowledge
from intents import DECLARATIONS, public_id, verify

CAREER_IDS = {
    "preschool-teacher", "elementary-teacher", "middle-school-teacher", "high-school-teacher",
    "special-education-teacher", "cte-teacher", "adult-education-teacher",
    "postsecondary-teacher", "substitute-teacher", "tutor", "teacher-assistant",
    "training-development-specialist", "school-counselor", "librarian", "library-technician",
    "instructional-coordinator", "instructional-designer", "school-psychologist",
    "speech-language-pathologist", "school-social-worker", "principal", "superintendent",
    "postsecondary-administrator", "childcare-director", "training-development-manager",
}  # fmt: skip
ROUTE_IDS = {
    "bachelors-degree",
    "alternative-certification",
    "vocational-apprenticeship",
    "graduate-degree",
    "associate-degree",
}


def test_every_public_career_id_is_present(kb):
    assert set(kb.careers) == CAREER_IDS


# The public intent ids of DESIGN.md; "fallback" and "safety" are answered without examples.
INTENT_IDS = set(
    "greet goodbye thanks help cluster.overview careers.list career.overview career.salary "
    "career.education career.skills career.outlook career.compare pathway.info "
    "continuing_education technology recommend save_career saved.list fallback safety".split()
)


def test_every_route_and_intent_is_covered(kb):
    assert set(kb.routes) == ROUTE_IDS
    # Kinds of a question answered under its id (the school year, sources) add no public id.
    assert {public_id(i) for i in kb.intents} == INTENT_IDS - {"fallback", "safety"}
    assert {public_id(i) for i in DECLARATIONS} - {"_clarify"} == INTENT_IDS
    assert verify(kb) == []


def test_an_intent_block_without_a_handler_is_named(kb):
    import dataclasses

    from bot.knowledge.models import IntentSpec

    extra = IntentSpec(id="career.vibes", label="the vibe", examples=["what is the vibe"])
    broken = dataclasses.replace(kb, intents={**kb.intents, "career.vibes": extra})
    (problem,) = verify(broken)
    assert "career.vibes" in str(problem) and "no handler" in str(problem)
    missing = dataclasses.replace(
        kb, intents={k: v for k, v in kb.intents.items() if k != "technology"}
    )
    assert any("'technology' has a handler but no block" in str(p) for p in verify(missing))


def test_every_figure_has_year_and_source(kb):
    for career in kb.careers.values():
        if career.pay.median_annual or career.pay.median_hourly:
            assert career.pay.year and career.pay.source, career.id
        if career.outlook.percent is not None:
            assert career.outlook.period and career.outlook.source, career.id


def test_seed_names_are_aliases(matcher):
    seed = {
        "e-learning specialist": "instructional-designer",
        "educational technology consultant": "instructional-designer",
        "curriculum developer": "instructional-coordinator",
        "professor": "postsecondary-teacher",
        "vocational trainer": "cte-teacher",
        "workforce development specialist": "training-development-specialist",
        "career counselor": "school-counselor",
    }
    for phrase, career in seed.items():
        assert matcher.analyze(f"what does a {phrase} do").careers == [career], phrase


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1))


def _problems(data_dir: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_dir)
    return [str(p) for p in info.value.problems]


def test_malformed_yaml_names_file_and_line(data_copy):
    path = data_copy / "intents.yaml"
    lines = path.read_text().splitlines()
    lines.insert(12, "  - id: [unclosed")
    path.write_text("\n".join(lines))
    problems = _problems(data_copy)
    assert len(problems) == 1
    assert re.match(r"intents\.yaml:\d+: malformed YAML", problems[0])


def test_bad_field_names_file_entry_and_field(data_copy):
    path = data_copy / "careers.yaml"
    data = yaml.safe_load(path.read_text())
    index = next(i for i, c in enumerate(data["careers"]) if c["id"] == "librarian")
    data["careers"][index]["pay"]["median_annual"] = -5
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    problems = _problems(data_copy)
    assert any(
        p.startswith("careers.yaml:")
        and f"careers[{index}] (id: librarian)" in p
        and "pay.median_annual" in p
        for p in problems
    ), problems


def test_unknown_field_is_an_error(data_copy):
    path = data_copy / "careers.yaml"
    data = yaml.safe_load(path.read_text())
    data["careers"][0]["aliasses"] = ["oops"]
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    assert any("aliasses" in p and "Extra inputs" in p for p in _problems(data_copy))


def test_unknown_related_career_is_an_error(data_copy):
    path = data_copy / "careers.yaml"
    data = yaml.safe_load(path.read_text())
    data["careers"][0]["related"] = ["astronaut-teacher"]
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    assert any(
        "unknown career id 'astronaut-teacher'" in p and "related" in p
        for p in _problems(data_copy)
    )


def test_duplicate_career_id_is_an_error(data_copy):
    path = data_copy / "careers.yaml"
    data = yaml.safe_load(path.read_text())
    data["careers"][1]["id"] = data["careers"][0]["id"]
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    assert any("duplicate id" in p for p in _problems(data_copy))


def test_colliding_aliases_are_an_error(data_copy):
    path = data_copy / "careers.yaml"
    data = yaml.safe_load(path.read_text())
    data["careers"][1]["aliases"].append(data["careers"][0]["aliases"][0])
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    assert any("is also used by" in p for p in _problems(data_copy))


def test_pay_without_source_is_an_error(data_copy):
    path = data_copy / "careers.yaml"
    data = yaml.safe_load(path.read_text())
    career = next(c for c in data["careers"] if c["pay"].get("median_annual"))
    del career["pay"]["source"]
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    assert any("needs both 'year' and 'source'" in p for p in _problems(data_copy))


def test_missing_file_is_reported(data_copy):
    (data_copy / "routes.yaml").unlink()
    assert any(p.startswith("routes.yaml: file is missing") for p in _problems(data_copy))


def test_all_problems_are_reported_at_once(data_copy):
    (data_copy / "topics.yaml").write_text("topics: [")
    (data_copy / "smalltalk.yaml").write_text("greet: []\n")
    problems = _problems(data_copy)
    assert any(p.startswith("topics.yaml") for p in problems)
    assert any(p.startswith("smalltalk.yaml") for p in problems)


def test_the_json_schemas_are_current_and_every_file_names_its_own():
    import json

    import yaml

    from bot.knowledge.schemas import FILE_MODELS, modeline, schema_name, schema_text

    for yaml_file, model in FILE_MODELS.items():
        source = SHIPPED_DATA_DIR / yaml_file
        assert source.read_text().startswith(modeline(yaml_file)), yaml_file
        written = (SHIPPED_DATA_DIR / "schemas" / schema_name(yaml_file)).read_text()
        assert written == schema_text(yaml_file), f"run `careerbot schemas` ({yaml_file})"
        assert json.loads(written)["type"] == "object"
        # The schema describes the file as it is: the shipped file passes its own model.
        model.model_validate(yaml.safe_load(source.read_text()))


def test_a_schema_catches_what_a_counselor_mistypes():
    from pydantic import ValidationError

    from bot.knowledge.schemas import RoutesFile

    with pytest.raises(ValidationError, match="summery"):
        RoutesFile.model_validate({"routes": [{"id": "graduate-degree", "summery": "x"}]})
