"""Load ``data/*.yaml`` into a validated :class:`KnowledgeBase`.

Every problem is collected, not just the first, and each names the file, the entry (index, id
and line) and the field, so that a counselor editing YAML can fix it without reading Python.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..text import clean
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
    SafetyRules,
    SmallTalk,
    Topic,
)
from .patterns import Choice, PatternError, parse_pattern, word_lists_used

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

FILES = (
    "careers.yaml",
    "routes.yaml",
    "topics.yaml",
    "interests.yaml",
    "intents.yaml",
    "synonyms.yaml",
    "smalltalk.yaml",
    "out_of_scope.yaml",
    "quiz.yaml",
    "safety.yaml",
)


# The YAML files are a few hundred KB at most; far more is a mistake or an attack, refused
# before parsing. The derived text files (O*NET titles, English words) are a few MB.
MAX_YAML_BYTES = 1_000_000
MAX_TEXT_BYTES = 8_000_000


class _StrictConstructor(yaml.constructor.SafeConstructor):
    """PyYAML's safe constructor without duplicate keys (the second silently wins)."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[str] = set()
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key}'", key_node.start_mark
                )
            if key is not None:
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _StrictYamlLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    _StrictConstructor,
    yaml.resolver.Resolver,
):
    """The pure-Python strict loader: also refuses aliases (``*name``: a few KB of nested
    aliases expand to gigabytes, the "billion laughs"), naming the alias's own line."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _StrictConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None,
                None,
                f"aliases (*{event.anchor}) are not allowed here: write the text out",
                event.start_mark,
            )
        return super().compose_node(parent, index)


if yaml.__with_libyaml__:

    class _FastYamlLoader(_StrictConstructor, yaml.CSafeLoader):
        """libyaml's parser (ten times the speed: most of start-up was parsing) with the same
        constructor. It cannot refuse an alias as it reads one, so :func:`_parse` checks the
        tree and lets the pure-Python loader name the problem."""

else:  # pragma: no cover - PyYAML's wheels bundle libyaml
    _FastYamlLoader = None  # type: ignore[assignment,misc]


def _shares_a_node(root: Any) -> bool:
    """Whether an alias made one node appear twice in the tree (each node is visited once)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False


def _compose(loader_class: Any, text: str) -> tuple[Any, Any]:
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        return root, (loader.construct_document(root) if root is not None else None)
    finally:
        loader.dispose()


def _parse(text: str) -> tuple[Any, Any]:
    """One file's node tree (entry line numbers) and its data. Fast when the file is sound;
    anything wrong is parsed again by the pure-Python loader, whose messages people read."""
    # libyaml accepts tabs where the pure-Python parser refuses them: such a file is read by
    # the parser whose rules (and messages) the knowledge base is checked against.
    if _FastYamlLoader is not None and "\t" not in text:
        try:
            root, data = _compose(_FastYamlLoader, text)
        except yaml.YAMLError:
            pass
        else:
            if root is None or not _shares_a_node(root):
                return root, data
    return _compose(_StrictYamlLoader, text)


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    entry: str | None = None
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.entry:
            parts.append(self.entry)
        if self.field:
            parts.append(self.field)
        return ": ".join([*parts, self.message])


class KnowledgeError(Exception):
    """The knowledge base has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the knowledge base:\n{lines}")


@dataclass(frozen=True)
class KnowledgeBase:
    careers: dict[str, Career]
    pathways: dict[str, Pathway]
    groups: tuple[CareerGroup, ...]
    routes: dict[str, Route]
    topics: dict[str, Topic]
    interests: dict[str, Interest]
    intents: dict[str, IntentSpec]
    followups: tuple[str, ...]
    cue_words: dict[str, tuple[str, ...]]  # the word lists intents' cues name as <list>
    description_words: dict[str, tuple[str, ...]]  # the lists careers' ``described`` name
    synonyms: dict[str, str]
    known_words: frozenset[str]
    places: tuple[str, ...]  # U.S. states and the like: where, never what or who
    national_places: tuple[str, ...]  # the places that are the whole country ("usa")
    smalltalk: SmallTalk
    other_occupations: tuple[str, ...]
    other_requests: tuple[str, ...]  # not about careers: homework, the student's own job
    quiz: tuple[QuizQuestion, ...]
    safety: SafetyRules
    source_dir: Path
    # Derived from O*NET (bot/onet.py): more names for careers, titles outside the cluster.
    derived_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    other_titles: tuple[str, ...] = ()
    # Real English words (bot/english.py): typo repair never turns one into another word.
    english_words: frozenset[str] = frozenset()

    def careers_in(self, pathway: str) -> list[Career]:
        return [c for c in self.careers.values() if c.pathway == pathway]


class _Reader:
    """Reads one YAML file and turns its entries into models, recording problems."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.name = path.name
        self.problems = problems
        self.data: dict[str, Any] = {}
        self.broken = False  # unreadable: its sections are not reported missing as well
        self._nodes: dict[str, list[Any]] = {}  # each top-level list's entry nodes
        self._place: dict[int, tuple[str, int]] = {}  # a validated entry: its list and index
        self.invalid_ids: dict[str, set[str]] = {}  # ids of entries that failed to validate
        self._read(path)

    def _read(self, path: Path) -> None:
        try:
            size = path.stat().st_size
            if size > MAX_YAML_BYTES:
                self.fail(f"is {size:,} bytes; the limit is {MAX_YAML_BYTES:,}")
                return
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.fail(f"file is missing (looked in {path.parent}; set CAREERBOT_DATA_DIR)")
            return
        except (OSError, UnicodeDecodeError) as exc:
            self.fail(f"cannot be read: {exc}")
            return
        try:
            root, data = _parse(text)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            detail = exc.problem or exc.context or "malformed YAML"
            if "block" in detail or "indent" in detail or "mapping values" in detail:
                # PyYAML's words for it; what a person fixes is the indentation
                detail += " (check the indentation of this line and the one above it)"
            self.fail(f"malformed YAML: {detail}", line=line)
            return
        except yaml.YAMLError as exc:
            self.fail(f"malformed YAML: {exc}")
            return
        if data is None:
            data = {}
        if not isinstance(data, dict):
            self.fail("the top level must be a mapping of section names")
            return
        self.data = data
        if isinstance(root, yaml.MappingNode):
            for key_node, value_node in root.value:
                if isinstance(value_node, yaml.SequenceNode):
                    self._nodes[key_node.value] = list(value_node.value)

    def fail(self, message: str, line: int | None = None) -> None:
        self.broken = True
        self.problem(message, line=line)

    def problem(
        self,
        message: str,
        entry: str | None = None,
        field: str | None = None,
        line: int | None = None,
    ) -> None:
        self.problems.append(Problem(self.name, message, entry, field, line))

    def section(self, key: str, kind: type, required: bool = True) -> Any:
        value = self.data.get(key)
        if value is None:
            if required and not self.broken:
                self.problem(f"section '{key}' is missing")
            return kind()
        if not isinstance(value, kind):
            self.problem(f"section '{key}' must be a {'list' if kind is list else 'mapping'}")
            return kind()
        return value

    def entries(self, key: str, model: type[M]) -> list[M]:
        """The valid entries of a list. Each keeps its place in the file, so every later problem
        about it names its own index and line, however many entries before it were invalid."""
        out: list[M] = []
        for i, raw in enumerate(self.section(key, list)):
            label = f"{key}[{i}]"
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                label += f" (id: {raw['id']})"
            try:
                entry = model.model_validate(raw)
            except ValidationError as exc:
                if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    # It exists, only wrongly written: what points to it is not wrong as well.
                    self.invalid_ids.setdefault(key, set()).add(raw["id"])
                for err in exc.errors():
                    field = ".".join(str(p) for p in err["loc"]) or None
                    self.problem(err["msg"], label, field, self.field_line(key, i, err["loc"]))
                continue
            self._place[id(entry)] = (key, i)
            out.append(entry)
        return out

    def entry_line(self, key: str, index: int) -> int | None:
        nodes = self._nodes.get(key, [])
        return nodes[index].start_mark.line + 1 if index < len(nodes) else None

    def field_line(self, key: str, index: int, loc: Sequence[Any]) -> int | None:
        """The line of a field inside an entry (``education.typical``, ``aliases.3``): the
        deepest part of ``loc`` the file has, else the entry's first line."""
        nodes = self._nodes.get(key, [])
        if index >= len(nodes):
            return None
        node, line = nodes[index], nodes[index].start_mark.line + 1
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                found = next((kv for kv in node.value if kv[0].value == str(part)), None)
                if found is None:
                    break
                line, node = found[0].start_mark.line + 1, found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if part >= len(node.value):
                    break
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line

    def at(self, entry: Any, field: str | None = None) -> tuple[str, int | None]:
        """The label ("careers[7] (id: librarian)") and line of a valid entry, at ``field``'s
        own line when the file has it."""
        key, index = self._place[id(entry)]
        ident = getattr(entry, "id", None) or getattr(entry, "term", None)
        label = f"{key}[{index}]" + (f" (id: {ident})" if ident else "")
        loc = field.split(".") if field else []
        return label, self.field_line(key, index, [int(p) if p.isdigit() else p for p in loc])


def _unique(reader: _Reader, key: str, items: Iterable[Any], id_of: Callable[[Any], str]) -> dict:
    seen: dict[str, Any] = {}
    for item in items:
        ident = id_of(item)
        if ident in seen:
            label, line = reader.at(item, "id")
            reader.problem(f"duplicate id '{ident}'", label, "id", line)
        else:
            seen[ident] = item
    return seen


def load_knowledge(data_dir: Path | str) -> KnowledgeBase:
    """Load and validate the knowledge base; raise :class:`KnowledgeError` listing every problem."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    readers = {name: _Reader(data_dir / name, problems) for name in FILES}

    careers_r = readers["careers.yaml"]
    pathways = _unique(
        careers_r, "pathways", careers_r.entries("pathways", Pathway), lambda p: p.id
    )
    groups = careers_r.entries("groups", CareerGroup)
    careers = _unique(careers_r, "careers", careers_r.entries("careers", Career), lambda c: c.id)
    description_words = _pattern_lists(
        careers_r, "careers", careers.values(), lambda c: c.described, "described"
    )
    _pattern_lists(careers_r, "careers", careers.values(), lambda c: c.clues, "clues")

    routes_r = readers["routes.yaml"]
    routes = _unique(routes_r, "routes", routes_r.entries("routes", Route), lambda r: r.id)
    topics_r = readers["topics.yaml"]
    topics = _unique(topics_r, "topics", topics_r.entries("topics", Topic), lambda t: t.id)
    interests_r = readers["interests.yaml"]
    interests = _unique(
        interests_r, "interests", interests_r.entries("interests", Interest), lambda i: i.id
    )
    # Like careers: an interest wrongly written is one problem, not one per use of it.
    known_interests = (
        None
        if interests_r.broken
        else set(interests) | interests_r.invalid_ids.get("interests", set())
    )
    intents_r = readers["intents.yaml"]
    intents = _unique(
        intents_r, "intents", intents_r.entries("intents", IntentSpec), lambda i: i.id
    )
    followups = _texts(intents_r, "followups")
    cue_words = _pattern_lists(intents_r, "intents", intents.values(), lambda i: i.cues, "cues")

    synonyms_r = readers["synonyms.yaml"]
    synonyms: dict[str, str] = {}
    for key, value in synonyms_r.section("replacements", dict).items():
        if not isinstance(value, str | None) or not isinstance(key, str):
            synonyms_r.problem("a replacement must map text to text", f"replacements: {key!r}")
            continue
        synonyms[key] = value or ""
    known_words = frozenset(_texts(synonyms_r, "known_words", required=False))
    national_places = tuple(_texts(synonyms_r, "national_places", required=False))
    places = tuple(_texts(synonyms_r, "places", required=False)) + national_places

    smalltalk_r = readers["smalltalk.yaml"]
    smalltalk = None
    try:
        smalltalk = SmallTalk.model_validate(smalltalk_r.data)
    except ValidationError as exc:
        if not smalltalk_r.broken:
            for err in exc.errors():
                smalltalk_r.problem(err["msg"], field=".".join(map(str, err["loc"])))

    other = tuple(_texts(readers["out_of_scope.yaml"], "occupations"))
    requests = tuple(_texts(readers["out_of_scope.yaml"], "requests", required=False))

    quiz_r = readers["quiz.yaml"]
    quiz = list(
        _unique(
            quiz_r, "questions", quiz_r.entries("questions", QuizQuestion), lambda q: q.id
        ).values()
    )
    for question in quiz:
        for n, answer in enumerate(question.answers):
            _require_known(
                quiz_r,
                question,
                f"answers.{n}.weights",
                answer.weights,
                known_interests,
                "interest id",
                " (see interests.yaml)",
            )

    safety = _load_safety(readers["safety.yaml"])
    # With careers.yaml unreadable, what points to careers can't be checked: its one problem
    # is reported, not a follow-on "unknown career id" for everything that names a career.
    known_careers = (
        None if careers_r.broken else set(careers) | careers_r.invalid_ids.get("careers", set())
    )
    derived_aliases = _derived_aliases(data_dir / "onet_aliases.tsv", known_careers, problems)
    other_titles = _lines(data_dir / "onet_other_titles.txt")
    english_words = frozenset(_lines(data_dir / "english_words.txt"))

    _check_references(
        known_careers,
        careers_r,
        routes_r,
        topics_r,
        intents_r,
        careers,
        groups,
        routes,
        topics,
        known_interests,
        intents,
    )

    if problems:
        raise KnowledgeError(problems)
    assert smalltalk is not None
    kb = KnowledgeBase(
        careers=careers,
        pathways=pathways,
        groups=tuple(groups),
        routes=routes,
        topics=topics,
        interests=interests,
        intents=intents,
        followups=tuple(followups),
        cue_words=cue_words,
        description_words=description_words,
        synonyms=synonyms,
        known_words=known_words,
        places=places,
        national_places=national_places,
        smalltalk=smalltalk,
        other_occupations=other,
        other_requests=requests,
        quiz=tuple(quiz),
        safety=safety,
        source_dir=data_dir,
        derived_aliases=derived_aliases,
        other_titles=other_titles,
        english_words=english_words,
    )
    log.debug("loaded %d careers, %d intents from %s", len(careers), len(intents), data_dir)
    return kb


def _lines(path: Path) -> tuple[str, ...]:
    """The lines of an optional derived text file, comments and blanks skipped."""
    if not path.exists():
        return ()
    text = _bounded_text(path)
    return tuple(s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#"))


def _bounded_text(path: Path) -> str:
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise KnowledgeError(
            [Problem(path.name, f"is {size:,} bytes; the limit is {MAX_TEXT_BYTES:,}")]
        )
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise KnowledgeError(
            [Problem(path.name, f"is not UTF-8 text (byte {exc.start}): save it as UTF-8")]
        ) from None


def _derived_aliases(
    path: Path, careers: Collection[str] | None, problems: list[Problem]
) -> dict[str, tuple[str, ...]]:
    """``career id<TAB>alias`` lines (``careerbot derive-onet``), grouped by career."""
    out: dict[str, list[str]] = {}
    if not path.exists():
        return {}
    for n, line in enumerate(_bounded_text(path).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        career, _, alias = line.partition("\t")
        if (careers is not None and career not in careers) or not alias.strip():
            problems.append(
                Problem(
                    path.name, f"expected 'career id<TAB>alias' with a known id: {line!r}", line=n
                )
            )
            continue
        out.setdefault(career, []).append(alias.strip())
    return {c: tuple(a) for c, a in out.items()}


def _texts(reader: _Reader, key: str, required: bool = True) -> list[str]:
    """A section that is a list of plain strings; anything else is reported, not coerced."""
    out: list[str] = []
    for i, item in enumerate(reader.section(key, list, required=required)):
        if isinstance(item, str) and item.strip():
            out.append(item.strip())
        else:
            reader.problem("must be a line of text", f"{key}[{i}]", None, reader.entry_line(key, i))
    return out


def _text(reader: _Reader, key: str) -> str:
    value = reader.data.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip()
    if not reader.broken:
        reader.problem("must be a line of text", None, key)
    return ""


def _load_safety(reader: _Reader) -> SafetyRules:
    """``safety.yaml``: the syntax of every pattern, and every list and help line it names."""
    resources = _unique(
        reader, "resources", reader.entries("resources", SafetyResource), lambda r: r.id
    )
    categories = _unique(
        reader, "categories", reader.entries("categories", SafetyCategory), lambda c: c.id
    )
    words = _word_lists(reader)
    ignore = _texts(reader, "ignore", required=False)
    about_work = _texts(reader, "about_work", required=False)
    safe_examples = _texts(reader, "safe_examples", required=False)
    school_contact = _text(reader, "school_contact")
    if school_contact and "{contact}" not in school_contact:
        reader.problem(
            "must contain {contact}, where the school's contact goes", None, "school_contact"
        )

    def require_lists(pattern: str, entry: str, field: str | None, line: int | None) -> None:
        _require_lists(reader, words, pattern, entry, field, line)

    for key, patterns in (("ignore", ignore), ("about_work", about_work)):
        for i, pattern in enumerate(patterns):
            require_lists(pattern, f"{key}[{i}]", None, reader.entry_line(key, i))
    for category in categories.values():
        label, _ = reader.at(category)
        _require_known(
            reader,
            category,
            "resources",
            category.resources,
            resources,
            "help line id",
            " (see resources:)",
        )
        cues = category.cues
        for key, patterns in (
            ("patterns", category.patterns),
            ("cues.strong", cues.strong),
            ("cues.medium", cues.medium),
            ("cues.weak", cues.weak),
        ):
            for n, pattern in enumerate(patterns):
                require_lists(pattern, label, f"{key}.{n}", reader.at(category, f"{key}.{n}")[1])
        _no_cue_twice(reader, category, label)
    return SafetyRules(
        resources=resources,
        categories=tuple(categories.values()),
        words=words,
        typo_tolerant=tuple(_texts(reader, "typo_tolerant", required=False)),
        real_words=tuple(_texts(reader, "real_words", required=False)),
        ignore=tuple(ignore),
        about_work=tuple(about_work),
        closing=_text(reader, "closing"),
        school_contact=school_contact,
        check_in=_text(reader, "check_in"),
        safe_examples=tuple(safe_examples),
    )


def _word_lists(reader: _Reader) -> dict[str, tuple[str, ...]]:
    """A file's ``words:`` section: named lists of words or ``_``-joined phrases, which its
    patterns name as ``<list>``."""
    words: dict[str, tuple[str, ...]] = {}
    for name, entries in (reader.section("words", dict, required=False) or {}).items():
        if not isinstance(entries, list) or not all(isinstance(w, str) for w in entries):
            reader.problem("a word list must be a list of words", f"words: {name}")
            continue
        for word in entries:
            try:
                parts = parse_pattern(word)
            except PatternError as exc:
                reader.problem(str(exc), f"words: {name}")
                continue
            if len(parts) != 1 or word_lists_used(parts) or "|" in word:
                reader.problem(
                    f"'{word}' must be one word or a phrase joined with _", f"words: {name}"
                )
        words[str(name)] = tuple(entries)
    return words


def _pattern_lists(
    reader: _Reader,
    key: str,
    entries: Iterable[Any],
    patterns_of: Callable[[Any], Sequence[str]],
    field: str,
) -> dict[str, tuple[str, ...]]:
    """A file's word lists, after checking that every pattern of its entries names only lists
    the file has (``intents[3] (id: career.salary): cues.2``)."""
    words = _word_lists(reader)
    for entry in entries:
        for n, pattern in enumerate(patterns_of(entry)):
            label, line = reader.at(entry, f"{field}.{n}")
            _require_lists(reader, words, pattern, label, f"{field}.{n}", line)
    return words


def _require_lists(
    reader: _Reader,
    words: Mapping[str, Sequence[str]],
    pattern: str,
    entry: str,
    field: str | None,
    line: int | None,
) -> None:
    """A pattern's syntax, and that every ``<list>`` it names is in the file's ``words:``."""
    try:
        used = word_lists_used(parse_pattern(pattern))
    except PatternError as exc:
        reader.problem(str(exc), entry, field, line)
        return
    for name in used:
        if name not in words:
            reader.problem(f"unknown word list <{name}> (see words:)", entry, field, line)


def _no_cue_twice(reader: _Reader, category: Any, label: str) -> None:
    """A word that is a whole cue in two of a category's cue lines would count twice, silently
    weighing more than its line says ("friday" once among the days and once alone)."""
    seen: dict[str, str] = {}
    for key in ("strong", "medium", "weak"):
        for n, pattern in enumerate(getattr(category.cues, key)):
            try:
                parts = parse_pattern(pattern)
            except PatternError:
                continue  # reported by the syntax check
            if len(parts) != 1 or not isinstance(parts[0], Choice):
                continue
            here = f"cues.{key}.{n}"
            for option in parts[0].options:
                if option in seen:
                    reader.problem(
                        f"'{option}' is also a cue in {seen[option]}: it would count twice",
                        label,
                        here,
                        reader.at(category, here)[1],
                    )
                seen.setdefault(option, here)


def _check_references(
    known,
    careers_r,
    routes_r,
    topics_r,
    intents_r,
    careers,
    groups,
    routes,
    topics,
    interests,
    intents,
) -> None:
    """Cross-file checks: ids that must exist, aliases that must not collide. A career that is
    in careers.yaml but wrongly written is reported once, where it is: the ids that point to
    it are not reported as unknown as well (``known`` has them; None: careers.yaml could not
    be read, so nothing is checked against it)."""
    for career in careers.values():
        label, line = careers_r.at(career, "related")
        for rel in career.related:
            if known is not None and rel not in known:
                careers_r.problem(f"unknown career id '{rel}'", label, "related", line)
            elif rel == career.id:
                careers_r.problem("a career cannot be related to itself", label, "related", line)
        if career.led_by is not None:
            label, line = careers_r.at(career, "led_by")
            if known is not None and career.led_by not in known:
                careers_r.problem(f"unknown career id '{career.led_by}'", label, "led_by", line)
            elif career.led_by == career.id:
                careers_r.problem("a career cannot lead itself", label, "led_by", line)
        _require_known(
            careers_r,
            career,
            "interests",
            career.interests,
            interests,
            "interest id",
            " (see interests.yaml)",
        )

    owner: dict[str, str] = {}
    for career in careers.values():
        for alias in (career.title, *career.aliases):
            key = clean(alias)
            if key in owner and owner[key] != career.id:
                label, line = careers_r.at(career, "aliases")
                careers_r.problem(
                    f"alias '{alias}' is also used by '{owner[key]}'", label, "aliases", line
                )
            owner.setdefault(key, career.id)
    for group in groups:
        label, line = careers_r.at(group, "aliases")
        _require_known(careers_r, group, "careers", group.careers, known)
        for alias in (group.term, *group.aliases):
            key = clean(alias)
            if key in owner:
                careers_r.problem(
                    f"'{alias}' is already an alias of '{owner[key]}'", label, "aliases", line
                )
            owner.setdefault(key, f"group:{group.term}")

    route_owner: dict[str, str] = {}
    for route in routes.values():
        _require_known(routes_r, route, "careers", route.careers, known)
        for alias in route.aliases:
            key = clean(alias)
            if route_owner.get(key, route.id) != route.id:
                label, line = routes_r.at(route, "aliases")
                routes_r.problem(
                    f"alias '{alias}' is also used by '{route_owner[key]}'", label, "aliases", line
                )
            route_owner.setdefault(key, route.id)
    for topic in topics.values():
        _require_known(topics_r, topic, "careers", topic.careers, known)
    for spec in intents.values():
        _require_known(intents_r, spec, "outranks", spec.outranks, intents, "intent id")
        if spec.id == "fallback":
            label, line = intents_r.at(spec)
            intents_r.problem(
                "fallback needs no examples; it is what the bot says when nothing fits",
                label,
                None,
                line,
            )


def _require_known(
    reader: _Reader,
    entry: Any,
    field: str,
    ids: Iterable[str],
    known: Collection[str] | None,
    what: str = "career id",
    hint: str = "",
) -> None:
    """Report every id in ``ids`` that is not in ``known`` (None: not checkable), at the
    field's own line."""
    if known is None:
        return
    for ident in ids:
        if ident not in known:
            label, line = reader.at(entry, field)
            reader.problem(f"unknown {what} '{ident}'{hint}", label, field, line)
