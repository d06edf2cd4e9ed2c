"""JSON Schemas of the ``data/*.yaml`` files, generated from the models the loader validates
with, so an editor (VS Code's YAML extension) checks a file as a counselor types it.

``careerbot schemas`` writes them to ``data/schemas/``; each YAML file names its schema in its
first line (``# yaml-language-server: $schema=schemas/careers.schema.json``). The schema says
what each field takes; ``careerbot check`` still does the checks across files.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from .models import (
    Career,
    CareerGroup,
    IntentSpec,
    Interest,
    Pathway,
    QuizQuestion,
    Route,
    SafetyCategory,
    SafetyResource,
    SmallTalk,
    Text,
    Topic,
)

WordLists = dict[str, list[str]]


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CareersFile(_File):
    words: WordLists = Field(default_factory=dict)
    pathways: list[Pathway]
    groups: list[CareerGroup]
    careers: list[Career]


class RoutesFile(_File):
    routes: list[Route]


class TopicsFile(_File):
    topics: list[Topic]


class InterestsFile(_File):
    interests: list[Interest]


class IntentsFile(_File):
    words: WordLists = Field(default_factory=dict)
    intents: list[IntentSpec]
    followups: list[Text]


class QuizFile(_File):
    questions: list[QuizQuestion]


class SynonymsFile(_File):
    replacements: dict[str, str | None]
    known_words: list[Text] = Field(default_factory=list)
    places: list[Text] = Field(default_factory=list)
    national_places: list[Text] = Field(default_factory=list)


class OutOfScopeFile(_File):
    occupations: list[Text]
    requests: list[Text] = Field(default_factory=list)


class SafetyFile(_File):
    resources: list[SafetyResource]
    closing: Text
    school_contact: Text
    check_in: Text
    typo_tolerant: list[Text] = Field(default_factory=list)
    real_words: list[Text] = Field(default_factory=list)
    words: WordLists = Field(default_factory=dict)
    ignore: list[Text] = Field(default_factory=list)
    about_work: list[Text] = Field(default_factory=list)
    categories: list[SafetyCategory]
    safe_examples: list[Text] = Field(default_factory=list)


# Each YAML file of data/ and the model of its whole content: one place, read by the command
# that writes the schemas and by the test that keeps them current.
FILE_MODELS: dict[str, type[BaseModel]] = {
    "careers.yaml": CareersFile,
    "routes.yaml": RoutesFile,
    "topics.yaml": TopicsFile,
    "interests.yaml": InterestsFile,
    "intents.yaml": IntentsFile,
    "quiz.yaml": QuizFile,
    "smalltalk.yaml": SmallTalk,  # the file is the model itself
    "synonyms.yaml": SynonymsFile,
    "out_of_scope.yaml": OutOfScopeFile,
    "safety.yaml": SafetyFile,
}


def schema_name(yaml_file: str) -> str:
    return yaml_file.removesuffix(".yaml") + ".schema.json"


def schema_text(yaml_file: str) -> str:
    schema = FILE_MODELS[yaml_file].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"CareerBot {yaml_file}"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def modeline(yaml_file: str) -> str:
    return f"# yaml-language-server: $schema=schemas/{schema_name(yaml_file)}"


def write_schemas(data_dir: Path) -> list[Path]:
    """Write every schema to ``data_dir/schemas`` and make each YAML file name its schema in
    its first line. Returns the schema files written."""
    folder = data_dir / "schemas"
    folder.mkdir(exist_ok=True)
    written = []
    for yaml_file in FILE_MODELS:
        path = folder / schema_name(yaml_file)
        path.write_text(schema_text(yaml_file), encoding="utf-8")
        written.append(path)
        source = data_dir / yaml_file
        if source.exists():
            text = source.read_text(encoding="utf-8")
            if not text.startswith(modeline(yaml_file)):
                source.write_text(modeline(yaml_file) + "\n" + text, encoding="utf-8")
    return written
