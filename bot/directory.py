"""The directory of careers: their names, groups and relations, looked up by name.

What the dialogue needs to know about careers, apart from reading a message: which careers a
generic word ("teacher") stands for, a career's siblings and related careers, which option a
short answer names ("the high school one"), and careers whose names look like some text (slash
command autocomplete, "did you mean"). Compiled once per knowledge base.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Sequence
from typing import NamedTuple

from rapidfuzz import fuzz, process

from .cues import PatternCompiler
from .knowledge import KnowledgeBase
from .knowledge.patterns import pattern_words
from .text import FILLER, STOPWORDS, compile_phrases, tokenize

# How closely a reply must repeat an option's label to choose it (rapidfuzz token_set_ratio).
_LABEL_MATCH = 85


class Clued(NamedTuple):
    """The careers a description fits best, and how many of their clues it mentions."""

    careers: list[str]
    clues: int


class CareerDirectory:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._synonyms = compile_phrases(kb.synonyms)
        self._compile_career_names()
        self._interest_phrases = {
            interest.id: [f" {' '.join(self.normalize(k))} " for k in interest.keywords]
            for interest in kb.interests.values()
        }
        self._group_members = {g.term: list(g.careers) for g in kb.groups}
        # The age groups youngest first, as interests.yaml lists them.
        self._age_rank = {
            i.id: n for n, i in enumerate(x for x in kb.interests.values() if x.group == "age")
        }
        # What a group's names say besides their generic word: "chemistry" of "chemistry
        # teacher" is a kind of subject teacher, an answer to "which kind of teacher?".
        heads = {w for g in kb.groups for w in self.normalize(g.term)}
        self._kind_words: dict[tuple[str, ...], str] = {}
        for group in kb.groups:
            for alias in group.aliases:
                name = self.normalize(alias)
                words = tuple(w for w in name if w not in heads)
                # Only a kind of teacher: "math" of "math teacher", never "job" of "job coach".
                if words and name[-1] in ("teacher", "teachers"):
                    self._kind_words.setdefault(words, group.term)
        # What each career's names, description and summary are about, as word stems: how
        # "the testing one" or "the daycare one" picks one of the careers just talked about.
        self._about: dict[str, frozenset[str]] = {}
        for profile in kb.careers.values():
            text = " ".join(
                [profile.title, profile.short_name, *profile.aliases, profile.summary]
                + [" ".join(pattern_words(p)) for p in profile.described]
            )
            self._about[profile.id] = frozenset(
                _stem(w) for w in self.normalize(text) if len(w) >= 3 and w not in FILLER
            )
        clues = PatternCompiler(self.normalize, kb.description_words)
        self._clues = {
            profile.id: [clues.compile(clue) for clue in profile.clues]
            for profile in kb.careers.values()
            if profile.clues
        }
        self._siblings: dict[str, list[str]] = {}
        for group in kb.groups:
            for career in group.careers:
                known = self._siblings.setdefault(career, [])
                known.extend(c for c in group.careers if c != career and c not in known)

    def normalize(self, text: str) -> list[str]:
        """The words of a name as messages are normalized: cleaned, slang expanded."""
        return self._synonyms.replace(tokenize(text))

    def _compile_career_names(self) -> None:
        """Normalized names of every career, for answers to "which one?", autocomplete and
        did-you-mean; the short name comes first in each career's list."""
        names: dict[str, str] = {}
        self._names_by_career: dict[str, list[str]] = {}
        for career in self.kb.careers.values():
            own = self._names_by_career.setdefault(career.id, [])
            for name in (career.short_name, career.title, *career.aliases):
                normalized = " ".join(self.normalize(name))
                names.setdefault(normalized, career.id)
                if normalized not in own:
                    own.append(normalized)
        self._career_names = list(names)
        self._career_name_owner = list(names.values())
        words: dict[str, set[str]] = {}
        for name, owner in names.items():
            for word in name.split():
                if len(word) >= 4 and word not in STOPWORDS:
                    words.setdefault(word, set()).add(owner)
        self._career_words = list(words)
        self._career_word_owners = [sorted(o) for o in words.values()]

    def suggest_careers(self, text: str, limit: int = 3) -> list[str]:
        """Careers whose names look like ``text`` (autocomplete, typed names)."""
        query = " ".join(self.normalize(text))
        if not query:
            return []
        found = process.extract(
            query, self._career_names, scorer=fuzz.WRatio, limit=limit * 6, score_cutoff=60
        )
        out: list[str] = []
        for _, _, idx in found:
            owner = self._career_name_owner[idx]
            if owner not in out:
                out.append(owner)
            if len(out) == limit:
                break
        return out

    def careers_like(self, tokens: tuple[str, ...], limit: int = 3) -> list[str]:
        """Careers with a name word close to a word of the message ("did you mean")."""
        out: list[str] = []
        for tok in sorted(set(tokens), key=len, reverse=True):
            if len(tok) < 4 or tok in STOPWORDS:
                continue
            found = process.extractOne(tok, self._career_words, scorer=fuzz.ratio, score_cutoff=75)
            if found is None:
                continue
            owners = self._career_word_owners[found[2]]
            if len(owners) == 1 and owners[0] not in out:
                out.append(owners[0])
            if len(out) == limit:
                break
        return out

    def titled(self, words: Sequence[str], careers: Collection[str]) -> list[str]:
        """The careers whose short name holds ``words`` ("preschool" is in the preschool
        teacher's, not in the childcare director's), else whose title does."""
        phrase = f" {' '.join(words)} "
        for index in (0, 1):
            found = sorted(
                c
                for c in careers
                if any(
                    phrase in f" {n} " for n in self._names_by_career.get(c, [])[index : index + 1]
                )
            )
            if found:
                return found
        return []

    def kind_named(self, tokens: tuple[str, ...], options: list[str]) -> list[str]:
        """The options of a narrower group a short answer names by its subject ("chemistry",
        "like math"): the subject teachers among the kinds of teacher offered."""
        words = tuple(t for t in tokens if t not in FILLER)
        term = self._kind_words.get(words)
        if term is None:
            return []
        return [c for c in options if c in self._group_members.get(term, ())]

    def referenced(self, words: Sequence[str], careers: Sequence[str]) -> str | None:
        """The one of ``careers`` that "the <words> one" means: the career whose names and
        description have the most of the words, among those the others do not all share."""
        if len(careers) < 2:
            return None
        stems = {_stem(w) for w in words if len(w) >= 3 and w not in FILLER}
        shared = frozenset.intersection(*(self._about.get(c, frozenset()) for c in careers))
        fit = {c: len((stems - shared) & self._about.get(c, frozenset())) for c in careers}
        best = max(fit.values())
        found = [c for c, n in fit.items() if n == best]
        return found[0] if best and len(found) == 1 else None

    def group_careers(self, term: str) -> list[str]:
        return list(self._group_members.get(term, ()))

    def siblings(self, career_id: str) -> list[str]:
        """Careers that share a group with ``career_id`` (other kinds of teacher)."""
        return list(self._siblings.get(career_id, ()))

    def route_fits_the_kind(self, route_id: str, term: str) -> bool:
        """Whether a route leads to several careers a generic word names ("alternative
        certification" for teachers): what it takes is then the same whatever the kind."""
        route = self.kb.routes.get(route_id)
        members = set(self._group_members.get(term, ()))
        return route is not None and len(members.intersection(route.careers)) >= 2

    def leader_of(self, career_id: str) -> str | None:
        """The career whose people usually lead ``career_id``'s ("the boss of those teachers")."""
        career = self.kb.careers.get(career_id)
        return career.led_by if career else None

    def led_by(self, career_id: str) -> list[str]:
        """The careers ``career_id``'s people usually lead ("the teachers there" of a daycare
        director: its preschool teachers)."""
        return [c.id for c in self.kb.careers.values() if c.led_by == career_id]

    def related_careers(self, career_id: str) -> list[str]:
        career = self.kb.careers.get(career_id)
        return list(career.related) if career else []

    def described(
        self, tokens: tuple[str, ...], options: list[str], ages_only: bool = False
    ) -> list[str]:
        """The options a description fits ("like for little kids"): the careers whose
        interests include the most of the interests the words name, best first. With
        ``ages_only``, only learners' ages given in years count ("3 or 4 years old"): in a
        question of its own, "kids" may be anyone's ("middle school kids")."""
        text = f" {' '.join(tokens)} "
        named = (
            set()
            if ages_only
            else {
                i
                for i, keywords in self._interest_phrases.items()
                if any(k in text for k in keywords)
            }
        )
        ages = {i for i in _ages_named(text, learners_only=ages_only) if i in self.kb.interests}
        if ages:
            # Ages in years say exactly who the learners are: "small children, 3 or 4 years
            # old" is the youngest, not every child.
            named = {i for i in named if self.kb.interests[i].group != "age"} | ages
        if not named:
            return []
        fit = {
            c: len(named & set(self.kb.careers[c].interests))
            for c in options
            if c in self.kb.careers
        }
        best = max(fit.values(), default=0)
        fitting = [c for c in options if best and fit.get(c) == best]
        # Among equal fits, with ages given in years, the careers whose learners are only
        # those ages: "3 and 4 year olds" is preschool, not elementary (which also has older
        # children). "Little kids" alone could be either, and stays a question.
        exact = [c for c in fitting if ages and self._ages_of(c) and self._ages_of(c) <= ages]
        if 0 < len(exact) < len(fitting):
            return exact
        # Else the ones whose learners are no older than the oldest named: "little kids like
        # 6 year olds" is elementary, not special education or subbing, which go on to teens.
        oldest = max((self._age_rank[a] for a in ages), default=None)
        younger = [
            c
            for c in fitting
            if oldest is not None
            and self._ages_of(c)
            and max(self._age_rank[a] for a in self._ages_of(c)) <= oldest
        ]
        return younger if 0 < len(younger) < len(fitting) else fitting

    def clued(
        self, tokens: tuple[str, ...], options: Collection[str] = (), containing: str = ""
    ) -> Clued:
        """The careers (of ``options``, or any) whose telltale words a description of a job
        mentions most ("pulls kids out to practice their r sounds"), in the knowledge base's
        order, and how many of their clue lines it mentions (each line once: "families" said
        twice is one clue, "families" and "housing" two). With ``containing``, only clues
        with that word count ("trains the teachers" for "teachers")."""
        counts = self._clue_counts(tokens, containing)
        counts = {c: n for c, n in counts.items() if not options or c in options}
        best = max(counts.values(), default=0)
        return Clued([c for c, n in counts.items() if best and n == best], best)

    @functools.lru_cache(maxsize=256)  # noqa: B019 - one directory per process, few inputs
    def _clue_counts(self, tokens: tuple[str, ...], containing: str) -> dict[str, int]:
        text = " ".join(tokens)
        return {
            career: sum(
                any(containing in m.group(0).split() for m in regex.finditer(text))
                if containing
                else regex.search(text) is not None
                for regex in regexes
            )
            for career, regexes in self._clues.items()
        }

    def _ages_of(self, career_id: str) -> set[str]:
        """The age groups a career's learners belong to (interests of the ``age`` group)."""
        return {
            i
            for i in self.kb.careers[career_id].interests
            if (interest := self.kb.interests.get(i)) is not None and interest.group == "age"
        }

    def pick_label(self, tokens: tuple[str, ...], intents: list[str]) -> str | None:
        """The intent whose label a reply repeats ("what a career is like"), if one clearly."""
        text = " ".join(tokens)
        if not text:
            return None
        scored = sorted(
            (
                (fuzz.token_set_ratio(text, " ".join(self.normalize(self.kb.intents[i].label))), i)
                for i in intents
                if i in self.kb.intents
            ),
            reverse=True,
        )
        if not scored or scored[0][0] < _LABEL_MATCH:
            return None
        if len(scored) > 1 and scored[0][0] - scored[1][0] < 10:
            return None
        return scored[0][1]

    def pick_option(self, tokens: tuple[str, ...], options: list[str]) -> str | None:
        """The option a short answer names ("the high school one"), if exactly one fits."""
        words = [t for t in tokens if t not in FILLER]
        if not words:
            return None
        query = " ".join(words)
        scored: list[tuple[float, float, str]] = []
        for option in options:
            names = self._names_by_career.get(option)
            if not names:
                continue
            best = max(fuzz.token_set_ratio(query, name) for name in names)
            # Ties ("high school" is in two careers' aliases) go to the career whose short
            # name (listed first) reads most like the answer.
            short = fuzz.ratio(query, names[0])
            scored.append((best, short, option))
        scored.sort(reverse=True)
        if not scored or scored[0][0] < 70:
            return None
        if (
            len(scored) > 1
            and scored[0][0] - scored[1][0] < 8
            and (scored[0][0] != scored[1][0] or scored[0][1] - scored[1][1] < 8)
        ):
            return None
        return scored[0][2]


# Ages as learners are named: "3 and 4 year olds", "11 12 yr olds", "ages 5", "little kids like
# 3 or 4", "teens like 16 17", "children of 6 years"; each becomes the age group (an interest)
# it falls in. (Only read in a description of learners: an answer to "which kind?", a liking.)
_PAIR = r"(?<!\d)(\d{1,2})(?:(?: (?:and|or|to))? (\d{1,2}))?(?!\d)"
_AGES = re.compile(
    rf"\b{_PAIR} (?:years?|yrs?)(?: olds?)?\b"
    r"|\b(?:age|ages|aged) (\d{1,2})\b"
    rf"|\b(?:kids|children|teens|teenagers|students) (?:like |around |about )?{_PAIR}\b"
)
# Upper bounds (exclusive): 11 to 13 are middle school's preteens, 14 to 17 high school's teens.
_AGE_GROUPS = (
    (5, "young-children"),
    (11, "children"),
    (14, "preteens"),
    (18, "teens"),
    (200, "adults"),
)


def _ages_named(text: str, learners_only: bool = False) -> set[str]:
    """The age groups ``text`` names. With ``learners_only``, only ages said of learners
    ("kids 3 or 4 years old", "for 10 year olds"): not the student's own ("i'm 16 years old")
    nor a length of time ("after 4 years of college")."""
    found: set[str] = set()
    for match in _AGES.finditer(text):
        if learners_only and not _of_learners(text, match):
            continue
        for number in filter(None, match.groups()):
            age = int(number)
            found.add(next(group for limit, group in _AGE_GROUPS if age < limit))
    return found


def _of_learners(text: str, match: re.Match[str]) -> bool:
    said = match.group(0)
    if not (
        " old" in f" {said}" or said.startswith(("age", "kids", "children", "teens", "students"))
    ):
        return False  # "4 years of college" is how long, not how old
    before = text[: match.start()].split()[-1:]
    return not _OWN_AGE & set(before)  # "i'm 16 years old", "i was 12"


_OWN_AGE = frozenset({"im", "am", "was", "turning", "turn", "turned"})


def _stem(word: str) -> str:
    """A word's first letters: "testing", "tests" and "tested" alike, coarse on purpose (it
    only ever chooses among two or three careers already named)."""
    return word[:4] if len(word) > 4 else word
