"""Typed models of the YAML knowledge base in ``data/``.

Every model forbids unknown fields so that a typo in a counselor's YAML (``aliasses:``) is an
error that names the field instead of being silently ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    field_validator,
    model_validator,
)

from .patterns import parse_pattern

PathwayId = Literal["teaching-training", "professional-support", "administration"]
RouteId = Literal[
    "bachelors-degree",
    "alternative-certification",
    "vocational-apprenticeship",
    "graduate-degree",
    "associate-degree",
]
# "career.salary", "save_career": what each intent needs is declared with its handler.
IntentId = Annotated[str, StringConstraints(pattern=r"^[a-z]+([._][a-z]+)*$")]

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

_PERIOD = re.compile(r"^\d{4}-\d{2}$")

# Levels of entry education, least school first: how careers are filtered, compared and
# ranked for the school a student wants.
LevelName = Literal[
    "high school diploma",
    "postsecondary certificate or some college",
    "associate's degree",
    "bachelor's degree",
    "master's degree",
    "doctorate",
]
LEVELS: tuple[str, ...] = get_args(LevelName)
_LEVEL_CUES = (
    ("high school", 0),
    ("certificate", 1),
    ("some college", 1),
    ("associate", 2),
    ("bachelor", 3),
    ("master", 4),
    ("doctor", 5),
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """Where a fact comes from: shown to students next to every figure."""

    name: Text
    url: HttpUrl


class Pay(Strict):
    """Median pay. ``basis`` is required when the figure is for a broader or related group."""

    median_annual: int | None = Field(default=None, gt=0)
    median_hourly: float | None = Field(default=None, gt=0)
    year: Text | None = None
    note: Text | None = None
    basis: Text | None = None
    source: Source | None = None

    @model_validator(mode="after")
    def _figures_need_a_source(self) -> Pay:
        has_figure = self.median_annual is not None or self.median_hourly is not None
        if has_figure and (self.source is None or not self.year):
            raise ValueError("a pay figure needs both 'year' and 'source'")
        return self


class Outlook(Strict):
    """Projected change in employment, with job counts."""

    percent: float | None = None
    period: Text | None = None
    wording: Text | None = None
    jobs: int | None = Field(default=None, gt=0)
    jobs_year: int | None = None
    annual_openings: int | None = Field(default=None, gt=0)
    note: Text | None = None
    basis: Text | None = None
    source: Source | None = None

    @field_validator("period")
    @classmethod
    def _period_shape(cls, period: str | None) -> str | None:
        if period is not None and not _PERIOD.match(period):
            raise ValueError("period must look like '2024-34'")
        return period

    @model_validator(mode="after")
    def _figures_need_a_source(self) -> Outlook:
        has_figure = any(v is not None for v in (self.percent, self.jobs, self.annual_openings))
        if has_figure and (self.source is None or not self.period):
            raise ValueError("an outlook figure needs both 'period' and 'source'")
        return self


class Education(Strict):
    typical: Text | None = None
    detail: Text
    routes: list[RouteId] = Field(min_length=1)
    licensing: list[Text] = Field(default_factory=list)
    source: Source

    @property
    def level(self) -> int | None:
        """The least school ``typical`` names, as an index of :data:`LEVELS` ("Master's degree
        (a doctorate is often preferred)" is a master's); None when no level is verified."""
        if self.typical is None:
            return None
        text = self.typical.lower()
        found = [level for cue, level in _LEVEL_CUES if cue in text]
        return min(found) if found else None


class Career(Strict):
    id: Slug
    title: Text
    short_name: Text
    pathway: PathwayId
    aliases: list[Text] = Field(min_length=1)
    # What the career does, as patterns that name it however it is worded ("<lead> .. daycare"
    # names "the lady who runs our daycare"): in the language of intents' cues.
    described: list[Pattern] = Field(default_factory=list)
    # Telltale words of the work, weaker than a description: what a student describing the job
    # would mention ("stutter", "housing"). Only a message that describes a job without naming
    # one reads them, and the career with the most of them wins (CareerDirectory.clued).
    clues: list[Pattern] = Field(default_factory=list)
    summary: Text
    duties: list[Text] = Field(min_length=1)
    skills: list[Text] = Field(min_length=1)
    education: Education
    pay: Pay
    outlook: Outlook
    schedule: Text | None = None  # hours and the working year, where a source says so
    work_settings: list[Text] = Field(default_factory=list)
    related: list[Slug] = Field(default_factory=list)
    # Whom people in this career usually answer to ("the boss of those teachers"): a career
    # of this file, when the cluster has one.
    led_by: Slug | None = None
    interests: list[Slug] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)


class CareerGroup(Strict):
    """A generic word ("teacher") that names several careers: the bot asks which one."""

    term: Text
    aliases: list[Text] = Field(default_factory=list)
    careers: list[Slug] = Field(min_length=2)


class Fact(Strict):
    text: Text
    year: Text | None = None
    source: Source


class Route(Strict):
    """An education route into the cluster (a ``pathway.info`` answer)."""

    id: RouteId
    title: Text
    aliases: list[Text] = Field(min_length=1)
    summary: Text
    steps: list[Text] = Field(min_length=1)
    facts: list[Fact] = Field(default_factory=list)
    careers: list[Slug] = Field(default_factory=list)


class Topic(Strict):
    """A cluster-wide topic: the overview, continuing education, technology."""

    id: Literal["cluster-overview", "continuing-education", "technology"]
    title: Text
    summary: Text
    points: list[Text] = Field(min_length=1)
    facts: list[Fact] = Field(default_factory=list)
    careers: list[Slug] = Field(default_factory=list)


class Pathway(Strict):
    """A cluster pathway (teaching-training, professional-support, administration)."""

    id: PathwayId
    title: Text
    summary: Text


class Interest(Strict):
    """An interest a student can name ("kids", "computers"), used by ``recommend``."""

    id: Slug
    label: Text
    keywords: list[Text] = Field(min_length=1)
    # Interests in one group are alternatives (a tutor works with children *or* teens): a
    # career's fit counts the best-covered one of the group, not all of them.
    group: Slug | None = None


class IntentSpec(Strict):
    id: IntentId
    examples: list[Text] = Field(min_length=1)
    label: Text  # how people call it: "pay", "how to get there"
    # Words or patterns that point to the intent wherever they stand in a message.
    cues: list[Pattern] = Field(default_factory=list)
    # Intents whose cues this one's make moot when a message has both: "which career would
    # suit me" cues the list ("which career") inside a recommendation ("suit me").
    outranks: list[IntentId] = Field(default_factory=list)


class SmallTalk(Strict):
    greet: list[Text] = Field(min_length=1)
    goodbye: list[Text] = Field(min_length=1)
    thanks: list[Text] = Field(min_length=1)


class QuizAnswer(Strict):
    """An answer adds weight to interests, or says how much school the student wants (the
    most: careers that usually need more rank lower)."""

    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    weights: dict[Slug, Annotated[int, Field(ge=1, le=3)]] = Field(default_factory=dict)
    school: LevelName | None = None

    @model_validator(mode="after")
    def _says_something(self) -> QuizAnswer:
        if not self.weights and self.school is None:
            raise ValueError("an answer needs 'weights' or 'school'")
        return self


class QuizQuestion(Strict):
    """One quiz question; at most 5 answers so they fit one row of buttons."""

    id: Slug
    text: Text
    answers: list[QuizAnswer] = Field(min_length=2, max_length=5)


def _parsed(pattern: str) -> str:
    parse_pattern(pattern)  # a PatternError (a ValueError) names what to change
    return pattern


Pattern = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_parsed)]


class SafetyResource(Strict):
    """A help line (988, Crisis Text Line, ...): the line shown to students, and its sources."""

    id: Slug
    name: Text
    line: Text
    sources: list[Source] = Field(min_length=1)


class SafetyCues(Strict):
    """Concepts that point to a category, one pattern a line, weighed by strength."""

    strong: list[Pattern] = Field(default_factory=list)
    medium: list[Pattern] = Field(default_factory=list)
    weak: list[Pattern] = Field(default_factory=list)


class SafetyCategory(Strict):
    """One kind of crisis: how it is recognized and how the bot answers it."""

    id: Slug
    label: Text  # what staff see in an alert
    opening: Text
    resources: list[Slug] = Field(min_length=1)
    extra: Text | None = None
    patterns: list[Pattern] = Field(min_length=1)
    cues: SafetyCues = Field(default_factory=lambda: SafetyCues())
    examples: list[Text] = Field(min_length=1)  # must match: checked by `careerbot check`


@dataclass(frozen=True)
class SafetyRules:
    """``data/safety.yaml``, validated: categories in the order they are tried."""

    resources: dict[str, SafetyResource]
    categories: tuple[SafetyCategory, ...]
    words: dict[str, tuple[str, ...]]
    typo_tolerant: tuple[str, ...]
    real_words: tuple[str, ...]
    ignore: tuple[str, ...]
    about_work: tuple[str, ...]
    closing: str
    school_contact: str  # has a {contact} placeholder
    check_in: str
    safe_examples: tuple[str, ...]
