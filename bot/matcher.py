"""Turn a message into an :class:`Analysis`: clean tokens, entity hits and ranked intents.

Pure and synchronous. Everything that depends only on the knowledge base (vocabulary, alias
table, intent example index) is compiled once in :class:`Matcher.__init__`; ``analyze`` then
costs a few rapidfuzz calls over precompiled lists.

Steps for one message:

1. ``text.tokenize``: Unicode folding, Discord markup removed, punctuation to spaces.
2. Typo repair: a word the knowledge base does not know is replaced by the closest known word
   within a small edit distance (``libarians`` -> ``librarians``).
3. Phrase replacements from ``synonyms.yaml`` (``u`` -> ``you``, ``sped`` -> ``special education``).
4. Entities: the longest alias at each position names a career, a generic group ("teacher"),
   an education route, or a job outside the cluster.
5. Intents: entity spans become placeholders and the text is scored against every example
   phrasing with rapidfuzz's vectorized ``cdist``; an intent's cues (words or patterns such as
   ``how much|many .. school``, ``data/intents.yaml``) found in the template add a bonus.
"""

from __future__ import annotations

import functools
import itertools
import logging
import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from intents.registry import is_aspect

from .cues import PatternCompiler
from .directory import CareerDirectory
from .knowledge import KnowledgeBase
from .knowledge.patterns import Choice, parse_pattern, pattern_words
from .sounds import says_enough, sound_key
from .text import (
    COMPARING_WORDS,
    FILLER,
    QUESTION_WORDS,
    STOPWORDS,
    WH_WORDS,
    Phrase,
    asking_clauses,
    asking_sentences,
    compile_phrases,
    join_spelled_out,
    plural_forms,
    question_pieces,
    tokenize,
)

log = logging.getLogger(__name__)

CAREER_SLOT = "xcareerx"
ROUTE_SLOT = "xroutex"
PLACE_SLOT = "xplacex"
FOLLOWUP = "_followup"  # internal: "what about X?" keeps the previous question

# A word split in two is joined again only into a career's name word this long: shorter ones
# ("tutor", "dean") are as often two real words side by side.
_MIN_REJOINED = 7
# A typo is repaired into a word that only names a career ("libarian" -> "librarian") only
# from this many letters: a shorter word is more often slang ("prob" is "probably", not "prof").
_NAME_TYPO_MIN = 5
# Words shorter than this are never "corrected" (too many real words are one edit apart).
_MIN_CORRECTABLE = 4
# Points an intent gains per cue found in the message (at most two count).
_CUE_BONUS = 7.0
_MAX_CUE_HITS = 2
# The field a role works in, for naming a career by its field (see _compile_aliases).
_FIELD_OF = {
    "administrator": "administration",
    "psychologist": "psychology",
    "pathologist": "pathology",
    "counselor": "counseling",
    "worker": "work",
    "designer": "design",
    "developer": "development",
    "teacher": "teaching",
    "trainer": "training",
    "coordinator": "coordination",
    "manager": "management",
}

# How far an intent's score drops per point its word profile (all its examples together) is
# from the best-fitting profile: breaks ties between near-identical examples of two intents.
_CENTROID_WEIGHT = 0.2
# "2nd option", "the 3rd one": which choice, not which grade ("like 5th" is a grade).
_CHOICE = frozenset({"option", "choice", "one", "pick"})
_WHERE = frozenset({"at", "in", "on", "inside"})
# Where a described job stands against a career: "above the principals" ("a tutor over a para"
# is a preference, not a rank).
_RANKED_BY = frozenset({"above", "below", "beneath"})
_JOINERS = frozenset({"and", "or", "vs", "versus", "v"})
# Nouns of what is asked: a single word before one describes it ("technical skills", "special
# training"), even when the word is also part of a career's name.
_ASPECT_NOUNS = frozenset(
    "skill skills degree degrees requirements qualifications salary pay training "
    "certification certifications license licenses questions knowledge experience".split()
)
# Words between two careers that make them a pair: "librarian or tutor", "more than a tutor".
_PAIR_JOINERS = _JOINERS | {"with", "nor", "than"}  # not "from X to Y": a move, not a pair
_THAN_REACH = 4  # "harder [to teach] than": the comparing word this near before "than"
# Job words that also name a degree: "a specialist degree" is the Ed.S., not a specialist's.
_DEGREE_NAMES = frozenset({"specialist", "associate", "master", "bachelor", "doctor"})
# How the words for a person in a job end: "manager", "counselor", "specialist", "librarian".
_PERSON_NOUN = re.compile(r"(?:er|or|ist|ian|ant|ent|ar)$")
# Words for people that, after a distinctive word, make it name a career ("speech lady").
_PEOPLE = frozenset(
    "people person persons guy guys lady ladies folks staff man woman one ones dude".split()
)
# The head of a job title: with a career at hand, "the assistants there" or "their managers"
# is the relative whose name has it, though the word also appears in ordinary questions.
_ROLES = frozenset("assistant aide manager director supervisor".split())
_ROLE_FORMS = frozenset(p for w in _ROLES for p in (w, *plural_forms(w)))  # "managers" too
# Words for whoever leads a job, before "of" ("the boss of those teachers", "in charge of
# them"), and "their boss": the career that leads it (``led_by``), not the job itself.
_LEADS = frozenset("boss bosses supervisor supervisors head manager managers charge".split())
# The people a student talks about by their job ("my dad runs the training for new hires"),
# so that "my dads job" later is that career. Each is also read with an "s" ("my moms job").
KIN = frozenset(
    "mom mother mum dad father stepmom stepdad parent aunt auntie uncle sister brother sis bro "
    "cousin grandma grandpa grandmother grandfather nana godmother godfather neighbor friend "
    "bestie boyfriend girlfriend stepsister stepbrother".split()
)
# "my dad [runs training workshops for] new hires": the career within this many words.
_KIN_NEAR = 8
# After "my dad('s)": words that make it a question about that person's job.
_THEIR_JOB = frozenset("job jobs career work position role kind type field".split())
# Between "my dad" and a career, words that say the career is not his job but what he says,
# wants, feels or has ("my mom says librarians...", "my brother has a para").
_NOT_THEIR_JOB = frozenset(
    "says said say thinks think thought wants want wanted hates hate hated likes like liked "
    "loves love loved has have had knows know knew met meet told tells asked asks wish wishes "
    "me".split()
)
# Said alone, without "of": "the boss", "their supervisor" (not "my boss", "a boss").
_BOSSES = frozenset({"boss", "bosses", "supervisor", "supervisors"})
_BOSS_OF = frozenset({"the", "their", "his", "her"})
# What "of" points back with: "the boss of them", "of those people", "of that team".
_POINTERS = frozenset({"them", "those", "these", "that", "this"})
_POINTED = frozenset({"team", "teams", "group", "department", "staff"})
# A message whose subject is one of these, near its start, is about the career at hand.
_SUBJECTS = frozenset({"they", "he", "she"})  # not "it": "what would it take to..."
_SUBJECT_REACH = 3
_MIN_TAIL_WORDS = 3  # "..., but is the pay ok": the words after "but" are the question
_MOSTLY = 0.7  # asking sentences this much of a message are read with the whole of it
_ASKED_FROM = 8  # words: from this long, a message's asking part may be read apart
# After slang: "licensed" and "certified" are read as "license" and "certification".
_GOAL_WORDS = frozenset({"become", "becoming", "into", "license", "certification"})
_ARTICLES = frozenset({"a", "an", "the"})
_SCHOOL_STAGE = frozenset(
    "after finished finish finishing graduated graduate graduating dropped".split()
)
# Words between "at" and a place: which one ("at my old ..."), and other places listed with it
# ("at colleges or hs").
_PLACE_LIST = _ARTICLES | frozenset(
    "my our his her their old new local this or and college colleges school schools".split()
)
_SELF = frozenset({"am", "im", "was", "been"})  # "i am a", "i've been a": the student's own job
_OWN_JOB_WORDS = 4  # "i am a [9th grade] counselor": the job within this many words of "am"
_POSSESSIVES = frozenset({"my", "our", "his", "her", "your", "their", "moms", "dads"})
_REFERENCE_WORDS = 5  # at most this many words in "the ... one"
# Words that pick one of the careers at hand by place (the dialogue reads them), never by what
# it is: "the other one" is no career whose description says "other".
_BY_PLACE = frozenset(
    "other first second third 1st 2nd 3rd last middle former latter same next previous".split()
)
_JOIN_GAP = 3  # "a librarian or maybe a tutor": at most this many words between two careers
# How far from a generic word ("teacher") a level that narrows it may stand.
# Just before a cue, words that set its aspect aside: "not the pay", "not about the hours".
_SET_ASIDE_BEFORE = re.compile(
    r"(?:^|\s)(?:not|do not need|do not care about|never mind)"
    r"(?:\s+(?:the|their|his|her|about|about\s+the))?\s*$"
)
_NARROW_WINDOW = 8


_SUBJECT_BEFORE = (["they"], ["he"], ["she"], ["you"])


_BEING = frozenset({"is", "was", "works", "worked"})


def _kin(token: str) -> str | None:
    """The person a word names, as KIN spells it ("moms" is "mom")."""
    if token in KIN:
        return token
    if token.endswith("s") and token[:-1] in KIN:
        return token[:-1]
    return None


def _people_said(tokens: Sequence[str]) -> list[tuple[int, str]]:
    """Where the message says "my <person>" ("my dad", "my moms"), and who, in order."""
    return [
        (i, person)
        for i, tok in enumerate(tokens[:-1])
        if tok == "my" and (person := _kin(tokens[i + 1])) is not None
    ]


def _people_told(tokens: Sequence[str], hits: Sequence[EntityHit]) -> tuple[tuple[str, str], ...]:
    """ "my dad runs training workshops for new hires", "my aunt is a school counselor": each
    person's job, the first career named within a few words after "my <person>", and
    before anyone else is."""
    told: dict[str, str] = {}
    careers = [h for h in hits if h.kind == "career"]
    said = _people_said(tokens)
    for i, person in said:
        if person in told:
            continue
        nxt = next((h for h in careers if i + 2 <= h.start <= i + 2 + _KIN_NEAR), None)
        if nxt is None or any(i < j < nxt.start - 1 for j, _ in said):
            continue  # "my mom and my aunt are teachers": whose, it doesn't say
        if tokens[i + 2 : i + 3] and tokens[i + 2] in _THEIR_JOB:
            continue  # "my dads job, what degree": asked about, not told
        if _NOT_THEIR_JOB.intersection(tokens[i + 2 : nxt.start]):
            continue  # "my mom says librarians dont make much", "my brother has a para"
        told[person] = nxt.value
    return tuple(told.items())


def _jobs_asked_of(tokens: Sequence[str]) -> list[tuple[str, int, int]]:
    """ "what about my dads job", "what my uncle does": each person whose job is asked
    about, with where it is said."""
    asked = []
    for i, person in _people_said(tokens):
        after = tokens[i + 2 : i + 3]
        if after and after[0] in _THEIR_JOB:
            asked.append((person, i, i + 3))
        elif tokens[i - 1 : i] == ["what"]:  # "what my uncle does"
            asked.append((person, i, i + 2))
    return asked


def _add_people_jobs(
    tokens: list[str], hits: list[EntityHit], people: Mapping[str, str]
) -> list[EntityHit]:
    """The job the student told about before, for a question about that person's job, when
    the message names no career here."""
    if any(h.kind == "career" for h in hits):
        return hits
    for person, start, end in _jobs_asked_of(tokens):
        if person in people:
            hit = EntityHit("career", people[person], start, end, " ".join(tokens[start:end]))
            return sorted([*hits, hit], key=lambda h: h.start)
    return hits


def _untold(tokens: Sequence[str], hits: Sequence[EntityHit]) -> str | None:
    """A person whose job is asked about ("what does my grandpas job pay") though the
    message names no career and the student never told it: the bot cannot know it."""
    if any(h.kind == "career" for h in hits):
        return None
    return next((person for person, _, _ in _jobs_asked_of(tokens)), None)


def _below_their_winners(
    scores: tuple[IntentScore, ...], beaten: dict[str, set[str]]
) -> tuple[IntentScore, ...]:
    """ "where you take the informations of salary": an intent another one's cue outranks
    ranks below it, however like its examples the words are."""
    by_intent = {s.intent: s.score for s in scores}
    moved = []
    for s in scores:
        ceiling = min(
            (by_intent[w] for w in beaten.get(s.intent, ()) if w in by_intent), default=None
        )
        if ceiling is not None and s.score >= ceiling:
            s = IntentScore(s.intent, round(ceiling - 0.1, 1), s.example)
        moved.append(s)
    return tuple(sorted(moved, key=lambda s: s.score, reverse=True))


def said_of_someone(tokens: Sequence[str], i: int) -> bool:
    """The word at ``i`` is what someone the student knows is ("my dad is a manager", "my
    aunt is a school counselor")."""
    before = tokens[max(0, i - 5) : i]
    return "my" in before and bool(_BEING.intersection(before))


_FIRST_PERSON = frozenset({"i", "im", "me", "my"})
# Words for learners after a level: "middle school kids" are who is taught, wherever they stand;
# but not after words of the student's own place ("im one of the high school students").
_LEARNERS = frozenset("kids students children schoolers graders".split())
_OWN_PLACE = frozenset("in at was im am as we our of".split())

# How much an out-of-domain word costs: 0 unknown words keep the score, all unknown scales it
# by 1 - _UNKNOWN_WEIGHT. Unknown words are ones the knowledge base never uses.
_UNKNOWN_WEIGHT = 0.35

EntityKind = Literal["career", "group", "route", "other", "request", "place"]


@dataclass(frozen=True, slots=True)
class _Cue:
    owner: str  # the intent a cue points to, or the career a description names
    regex: re.Pattern[str]
    needs: frozenset[str]  # words a match must contain: without them the regex is not run
    # For a cue that starts with a prefix: what its first word starts with, after a space.
    starts: tuple[str, ...] = ()
    positions: int = 0  # words the pattern fixes (not its gaps): how specific it is

    def may_match(self, words: set[str], text: str) -> bool:
        """Whether the regex is worth running on ``text`` (its words, each after a space)."""
        if not self.needs <= words:
            return False
        return not self.starts or any(stem in text for stem in self.starts)


@dataclass(frozen=True, slots=True)
class EntityHit:
    kind: EntityKind
    value: str  # career id, group term, route id or an occupation outside the cluster
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class IntentScore:
    intent: str
    score: float
    example: str


@dataclass(frozen=True)
class Analysis:
    """Everything the matcher saw in one message; ``explain()`` renders it for humans."""

    text: str
    tokens: tuple[str, ...]
    corrections: tuple[tuple[str, str], ...]
    hits: tuple[EntityHit, ...]
    template: str
    scores: tuple[IntentScore, ...]
    cue_hits: dict[str, tuple[str, ...]] = field(default_factory=dict)  # intent: words matched
    coverage: float = 1.0  # share of content words the knowledge base knows
    # A long message's sentences that ask something: their cues and careers (else empty).
    asked_cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    asked_careers: tuple[str, ...] = ()
    # The people the message tells the job of: ("dad", career id) for "my dad is a para".
    people: tuple[tuple[str, str], ...] = ()
    # Someone whose job it asks about but which no one said ("what does my grandpas job pay").
    untold: str | None = None

    def of_kind(self, kind: EntityKind) -> list[str]:
        seen: list[str] = []
        for hit in self.hits:
            if hit.kind == kind and hit.value not in seen:
                seen.append(hit.value)
        return seen

    @property
    def careers(self) -> list[str]:
        return self.of_kind("career")

    @property
    def groups(self) -> list[str]:
        return self.of_kind("group")

    @property
    def routes(self) -> list[str]:
        return self.of_kind("route")

    @property
    def others(self) -> list[str]:
        return self.of_kind("other")

    @property
    def places(self) -> list[str]:
        return self.of_kind("place")

    @property
    def requests(self) -> list[str]:
        return self.of_kind("request")

    @functools.cached_property
    def asks_something(self) -> bool:
        """A question somewhere in the message: a question mark, a question word, or a clause
        that starts as a question ("bye. my mom is a librarian, does she need a masters").
        Read once per message, however many rules ask."""
        return (
            "?" in self.text
            or bool(WH_WORDS.intersection(self.tokens))
            or bool(question_pieces(self.text) or asking_clauses(self.text))
        )

    @property
    def top(self) -> IntentScore | None:
        return self.scores[0] if self.scores else None

    @property
    def subject(self) -> str | None:
        """The career a message is about when it names several in passing: one named as a
        goal ("go from para to licensed special ed teacher", "become a librarian"), else the
        first one the question names, else the first one named, passing over people the
        student knows ("my counselor said...") and the student's own job."""
        named = [h for h in self.hits if h.kind == "career"]
        goals = [h for h in named if self._is_goal(h)]
        # A goal in the story gives way to a career the question itself names ("she might
        # become a superintendent someday. but what i wonder is how much preschool teachers
        # make").
        if goals and not (self.asked_careers and goals[-1].value not in self.asked_careers):
            return goals[-1].value
        if self.asked_careers:
            return self.asked_careers[0]  # the one the question itself names
        # Not someone the student knows ("my counselor"), nor the student's own job ("I'm a
        # high school teacher and...").
        topics = [h for h in named if not self._someone_known(h)]
        chosen = topics or named
        return chosen[0].value if chosen else None

    def _is_goal(self, hit: EntityHit) -> bool:
        """A job named as what someone wants to become ("become a librarian")."""
        return bool(_GOAL_WORDS & set(self.tokens[max(0, hit.start - 3) : hit.start]))

    @property
    def outside_goal(self) -> str | None:
        """A job outside the cluster named as the goal, when no career is ("how to become a
        youtuber with a lot of subs": the subscribers are no substitute teachers)."""
        if any(self._is_goal(h) for h in self.hits if h.kind == "career"):
            return None
        for hit in self.hits:
            if hit.kind != "other" or not self._is_goal(hit):
                continue
            # "become a nurse or a school counselor": the career joined to it is a goal too
            joined = any(
                h.kind == "career"
                and _JOINERS & set(between := self.tokens[hit.end : h.start])
                and set(between) <= _JOINERS | _ARTICLES
                for h in self.hits
            )
            if not joined:
                return hit.value
        return None

    @property
    def moving_up(self) -> bool:
        """The student names their own job and, as the goal, a kind of job ("I'm a para,
        what would it take to become the teacher?"): the question is about the kind."""
        named = [h for h in self.hits if h.kind == "career"]
        return (
            bool(named)
            and all(self._own_job(h) for h in named)
            and any(self._is_goal(h) for h in self.hits if h.kind == "group")
        )

    def _own_job(self, hit: EntityHit) -> bool:
        """A career named as the speaker's own job ("I'm a para", "I'm a 9th grade counselor",
        "counselor here - ...")."""
        if _SELF & set(self.tokens[max(0, hit.start - _OWN_JOB_WORDS) : hit.start]):
            return True
        return hit.start == 0 and self.tokens[hit.end : hit.end + 1] == ("here",)

    def owned(self, hit: EntityHit) -> bool:
        """Whether a name is said as someone's own ("my teaching license", "my counselor")."""
        return bool(_POSSESSIVES & set(self.tokens[max(0, hit.start - 2) : hit.start]))

    def _someone_known(self, hit: EntityHit) -> bool:
        """A career named as someone the student knows or as the student's own job."""
        return self.owned(hit) or self._own_job(hit)

    @property
    def only_people_known(self) -> bool:
        """Every career named is someone the student knows ("my counselor mentioned...")."""
        named = [h for h in self.hits if h.kind in ("career", "group")]
        return bool(named) and all(self._someone_known(h) for h in named)

    @property
    def joined_careers(self) -> bool:
        """Two careers named side by side with a joiner ("librarian or tutor", "principal vs
        superintendent"), not merely both somewhere in a long message."""
        named = [h for h in self.hits if h.kind == "career"]
        for first, second in itertools.pairwise(named):
            between = self.tokens[first.end : second.start]
            if (
                first.value != second.value
                and len(between) <= _JOIN_GAP
                and _PAIR_JOINERS & set(between)
            ):
                return True
        return False

    @property
    def listed_careers(self) -> list[str]:
        """Three or more careers named one after another as a list ("librarian, tutor and
        para"), in order; empty when there is no such list."""
        named = [h for h in self.hits if h.kind == "career"]
        run: list[EntityHit] = []
        best: list[EntityHit] = []
        for hit in named:
            between = set(self.tokens[run[-1].end : hit.start]) if run else set()
            if run and (len(between) > _JOIN_GAP or not between <= _JOINERS | _ARTICLES):
                run = []
            if all(h.value != hit.value for h in run):
                run.append(hit)
            best = max(best, run, key=len)
        return [h.value for h in best] if len(best) >= 3 else []

    def explain(self, limit: int = 5) -> str:
        lines = [
            f"normalized: {' '.join(self.tokens) or '(empty)'}",
            f"template:   {self.template or '(empty)'}",
        ]
        if self.corrections:
            fixes = ", ".join(f"{a} -> {b}" for a, b in self.corrections)
            lines.append(f"typos:      {fixes}")
        lines.append(f"coverage:   {self.coverage:.2f} of content words are known")
        if self.hits:
            ents = ", ".join(f"{h.kind}:{h.value} ('{h.text}')" for h in self.hits)
            lines.append(f"entities:   {ents}")
        else:
            lines.append("entities:   none")
        lines.append("intents:")
        for s in self.scores[:limit]:
            kws = self.cue_hits.get(s.intent)
            extra = f" +cues {list(kws)}" if kws else ""
            lines.append(f'  {s.score:5.1f}  {s.intent:<22} ~ "{s.example}"{extra}')
        return "\n".join(lines)


class Matcher:
    """Compiled view of a knowledge base for matching messages."""

    def __init__(
        self,
        kb: KnowledgeBase,
        learned: Sequence[tuple[str, str]] = (),
        directory: CareerDirectory | None = None,
    ) -> None:
        """``learned``: (intent, phrasing) pairs a server's moderators taught. They score like
        shipped examples, but word weights and intent profiles come from the shipped examples
        only, so teaching one phrasing cannot shift how every other message is scored."""
        self.kb = kb
        self.learned = tuple(learned)
        # The careers' names and groups; a "what about X and Y" hint reads siblings from it.
        self.directory = directory or CareerDirectory(kb)
        self._synonyms = compile_phrases(kb.synonyms)
        self._aliases: dict[Phrase, tuple[EntityKind, str]] = {}
        self._alias_span = 1
        self._compile_aliases()
        self._compile_cues()
        self._compile_descriptions()
        self._vocab_by_len: dict[int, list[str]] = {}
        self._plain_by_len: dict[int, list[str]] = {}  # without words that only name careers
        self._by_sound: dict[str, list[str]] = {}  # known words by how they sound (sounds.py)
        self._vocab: set[str] = set()
        self._domain: set[str] = set()
        self._compile_vocabulary()
        self._distinctive: dict[Phrase, frozenset[str]] = {}
        self._job_nouns = self._compile_job_nouns()
        self._correction_cache: dict[str, str | None] = {}
        self._example_intents: list[str] = []
        self._example_texts: list[str] = []
        self._compile_examples()
        self._compile_token_index()
        self._distinctive = self._compile_distinctive()
        self._intent_ids = sorted(set(self._example_intents))
        self._intent_index = {i: n for n, i in enumerate(self._intent_ids)}
        self._example_intent_idx = np.array(
            [self._intent_index[i] for i in self._example_intents], dtype=np.int64
        )
        self._compile_centroids()
        self._rows_of_intent = [
            np.flatnonzero(self._example_intent_idx == n) for n in range(len(self._intent_ids))
        ]

    @property
    def vocabulary_size(self) -> int:
        return len(self._vocab)

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every word the knowledge base knows (never "corrected" into another one)."""
        return frozenset(self._vocab)

    # ---- compilation -------------------------------------------------------------------

    def normalize(self, text: str) -> list[str]:
        """Clean + synonyms, without typo repair (used for knowledge-base phrases)."""
        return self._synonyms.replace(tokenize(text))

    def _add_alias(self, phrase: str, kind: EntityKind, value: str) -> None:
        tokens = self.normalize(phrase)
        if not tokens:
            return
        variants = [tokens]
        bare = [t for t in tokens if t not in _ARTICLES]
        if len(bare) >= 2 and len(bare) < len(tokens):
            variants.append(bare)  # "director of daycare", as English learners write it
        for words in variants:
            for last in plural_forms(words[-1]):
                key = (*words[:-1], last)
                # First writer wins: careers come before groups and jobs outside the cluster.
                self._aliases.setdefault(key, (kind, value))
                self._alias_span = max(self._alias_span, len(key))

    def _compile_aliases(self) -> None:
        kb = self.kb
        for career in kb.careers.values():
            for alias in (*career.aliases, career.title, career.short_name):
                self._add_alias(alias, "career", career.id)
        for group in kb.groups:
            for alias in (group.term, *group.aliases):
                self._add_alias(alias, "group", group.term)
        for route in kb.routes.values():
            for alias in route.aliases:
                self._add_alias(alias, "route", route.id)
        for job in kb.other_occupations:
            self._add_alias(job, "other", job)
        for request in kb.other_requests:
            self._add_alias(request, "request", request)
        for place in kb.places:
            self._add_alias(place, "place", place)
        # A career's field is named like its role: "school social work", "college
        # administration", "substitute teaching". From its own names only ("social worker"
        # is an alias, but "social work" is more than schools'); every curated name wins.
        for career in kb.careers.values():
            for name in (career.title, career.short_name):
                words = name.split("(")[0].lower().split()
                if len(words) >= 2 and words[-1] in _FIELD_OF:
                    self._add_alias(
                        " ".join([*words[:-1], _FIELD_OF[words[-1]]]), "career", career.id
                    )
        # O*NET's names (bot/onet.py) come last: a curated alias always wins. They name careers
        # in full only: short names that context makes likely come from curated aliases.
        curated = set(self._aliases)
        for career_id, names in kb.derived_aliases.items():
            for alias in names:
                self._add_alias(alias, "career", career_id)
        self._derived = set(self._aliases) - curated
        # Tens of thousands of titles outside the cluster: kept as joined strings (a third of
        # the memory of token tuples), looked up after the aliases miss.
        self._other_titles: dict[str, str] = {}
        for title in kb.other_titles:
            # Already lowercase words (the derivation tokenized them): only slang to expand.
            tokens = self._synonyms.replace(title.split())
            if not tokens or tokens[0] in STOPWORDS:
                continue  # "IS Tech" is a job, but "is tech changing..." is not about it
            head = " ".join(tokens[:-1])
            for last in plural_forms(tokens[-1]):
                key = f"{head} {last}" if head else last
                if tuple(key.split()) not in self._aliases:
                    self._other_titles.setdefault(key, title)
        self._other_span = max((t.count(" ") + 1 for t in self._other_titles), default=0)
        self._entity_firsts = frozenset(key[0] for key in self._aliases) | {
            title.split(" ", 1)[0] for title in self._other_titles
        }

    def _phrase(self, text: str) -> list[str]:
        """A cue's words as a message's template has them (``{career}`` is the career slot)."""
        return self.normalize(text.replace("{career}", f" {CAREER_SLOT} "))

    def _compile_cues(self) -> None:
        """Every cue, indexed by the words a match can start with: a message tries only the
        cues that can start at one of its words (and the few that start with a prefix)."""
        patterns = PatternCompiler(self._phrase, self.kb.cue_words)
        self._cues_by_first: dict[str, list[_Cue]] = {}
        self._cues_any_start: list[_Cue] = []
        for spec in self.kb.intents.values():
            for pattern in spec.cues:
                regex = patterns.compile(pattern, capture_gaps=True)
                first = patterns.first_words(pattern)
                starts = _prefix_starts(patterns, pattern) if first is None else ()
                cue = _Cue(spec.id, regex, patterns.required_words(pattern), starts)
                if first is None:
                    self._cues_any_start.append(cue)
                for word in first or ():
                    self._cues_by_first.setdefault(word, []).append(cue)
        self._cue_words = patterns.words
        # Per intent, the intents whose cues make its own moot (IntentSpec.outranks).
        self._outranked: dict[str, frozenset[str]] = {}
        for spec in self.kb.intents.values():
            for lower in spec.outranks:
                self._outranked[lower] = self._outranked.get(lower, frozenset()) | {spec.id}

    def _compile_descriptions(self) -> None:
        """Careers' ``described`` patterns ("<lead> .. daycare"), indexed like the cues: each
        names its career wherever a message describes it."""
        patterns = PatternCompiler(self.normalize, self.kb.description_words)
        self._described_by_first: dict[str, list[_Cue]] = {}
        self._described_any_start: list[_Cue] = []
        for career in self.kb.careers.values():
            for pattern in career.described:
                first = patterns.first_words(pattern)
                starts = _prefix_starts(patterns, pattern) if first is None else ()
                regex = patterns.compile(pattern)
                fixed = sum(isinstance(part, Choice) for part in parse_pattern(pattern))
                cue = _Cue(career.id, regex, patterns.required_words(pattern), starts, fixed)
                if first is None:
                    self._described_any_start.append(cue)
                for word in first or ():
                    self._described_by_first.setdefault(word, []).append(cue)

    def _compile_vocabulary(self) -> None:
        kb = self.kb
        phrases: list[str] = []
        for career in kb.careers.values():
            phrases.extend((*career.aliases, career.title, career.short_name))
            phrases.extend(" ".join(pattern_words(p)) for p in career.described)
        phrases.extend(w.replace("_", " ") for ws in kb.description_words.values() for w in ws)
        for group in kb.groups:
            phrases.extend((group.term, *group.aliases))
        for route in kb.routes.values():
            phrases.extend(route.aliases)
        for interest in kb.interests.values():
            phrases.extend(interest.keywords)
        for spec in kb.intents.values():
            phrases.extend(spec.examples)
            phrases.extend(" ".join(pattern_words(cue)) for cue in spec.cues)
        phrases.extend(kb.followups)
        phrases.extend(kb.other_occupations)
        phrases.extend(a for names in kb.derived_aliases.values() for a in names)
        phrases.extend(text for _, text in self.learned)
        words: set[str] = set()
        for phrase in phrases:
            for tok in tokenize(_unslotted(phrase)):
                words.add(tok)
                if tok.isalpha():
                    words.update(plural_forms(tok))
        self._domain = words | {CAREER_SLOT, ROUTE_SLOT, PLACE_SLOT}
        # Slang and common words are known (never "corrected") but say nothing about the domain.
        for phrase in (*kb.synonyms.keys(), *kb.synonyms.values(), *kb.known_words):
            words.update(tokenize(phrase))
        self._vocab = words
        # Words of jobs outside the cluster are never "corrected" into a career word, but they
        # are not correction targets either (a typo of "librarian" must not become "lineman").
        self._protected = {
            form for title in kb.other_titles for w in title.split() for form in plural_forms(w)
        }
        self._protected.update(w for request in kb.other_requests for w in tokenize(request))
        # Places are where, never a typo of something else ("texas" is not "taxis").
        self._protected.update(w for place in kb.places for w in tokenize(place))
        # Words that only name careers ("prof", "para", "sped"): a short word one letter from
        # one is slang more often than a typo ("prob" is "probably", not "prof").
        names = {
            tok
            for career in kb.careers.values()
            for alias in (*career.aliases, career.short_name)
            for tok in tokenize(alias)
        }
        said = {
            tok
            for spec in kb.intents.values()
            for text in (*spec.examples, *(" ".join(pattern_words(c)) for c in spec.cues))
            for tok in tokenize(_unslotted(text))
        }
        self._name_only = names - said
        self._name_tokens = frozenset(names)
        self._name_words = frozenset(
            form for tok in names if len(tok) >= _MIN_REJOINED for form in plural_forms(tok)
        )
        for word in words:
            if word.isalpha() and len(word) >= _MIN_CORRECTABLE - 1:
                self._vocab_by_len.setdefault(len(word), []).append(word)
                if word not in self._name_only:
                    self._plain_by_len.setdefault(len(word), []).append(word)
                key = sound_key(word)
                if says_enough(key):
                    self._by_sound.setdefault(key, []).append(word)
        for bucket in (
            *self._vocab_by_len.values(),
            *self._plain_by_len.values(),
            *self._by_sound.values(),
        ):
            bucket.sort()

    def _compile_distinctive(self) -> dict[Phrase, frozenset[str]]:
        """Short names of careers, usable once context makes one career likely: an alias
        without its generic head ("high school" from "high school teacher") or a single alias
        word ("manager"). Each maps to every career it could name."""
        heads = {
            tok for phrase, (kind, _) in self._aliases.items() if kind == "group" for tok in phrase
        }
        # Words of ordinary questions ("long" in "how long does it take"), their plurals, and
        # the words of the intents' cues ("college", "needs") never name a career on their own.
        phrasing_words = {tok for text in self._example_texts for tok in text.split()}
        phrasing_words |= self._cue_words
        phrasing_words |= {p for w in list(phrasing_words) if w.isalpha() for p in plural_forms(w)}
        phrasing_words -= _ROLE_FORMS
        owners: dict[Phrase, set[str]] = {}
        for phrase, (kind, value) in self._aliases.items():
            if kind != "career" or phrase in self._derived:
                continue
            short = phrase[:-1]
            one_word = len(short) == 1 and short[0] in phrasing_words
            if len(phrase) >= 2 and phrase[-1] in heads and not one_word:
                owners.setdefault(short, set()).add(value)
            for tok in phrase:
                if tok not in heads and tok not in phrasing_words:
                    forms = plural_forms(tok) - phrasing_words if tok.isalpha() else {tok}
                    for form in forms:
                        owners.setdefault((form,), set()).add(value)  # "adult", "adults"
        everyday = {w for phrase in self.kb.known_words for w in tokenize(phrase)}
        return {
            phrase: frozenset(careers)
            for phrase, careers in owners.items()
            if not set(phrase) <= STOPWORDS
            and not (len(phrase) == 1 and phrase[0] in everyday)
            and len(" ".join(phrase)) > 2
            and not phrase[0].isdigit()
        }

    def _template_tokens(
        self,
        tokens: list[str],
        hints: Collection[str] = (),
        recent: Collection[str] = (),
        people: Mapping[str, str] | None = None,
    ) -> tuple[list[str], list[EntityHit]]:
        hits = self._find_entities(tokens)
        if people:
            hits = _add_people_jobs(tokens, hits, people)
        if any(h.kind == "group" for h in hits) and self._distinctive:
            hits = self._narrow_groups(tokens, hits)
        if (
            _JOINERS.intersection(tokens)
            and not any(h.kind == "career" for h in hits)
            # "do they do counseling or testing": what the careers at hand do
            and not (recent and _SUBJECTS.intersection(tokens[:_SUBJECT_REACH]))
        ):
            hits = self._add_joined_short_names(tokens, hits)
        if hints or hits or _PEOPLE.intersection(tokens):
            hits = self._add_hinted(tokens, hits, hints, recent)
        if not hits:
            hits = self._bare_short_name(tokens)
        if _LEADS.intersection(tokens):
            hits = self._add_leaders(tokens, hits, list(recent))
        hits = _not_ranked_by(tokens, hits)
        return _slotted(tokens, hits, _TEMPLATE_SLOTS), hits

    def _add_leaders(
        self, tokens: list[str], hits: list[EntityHit], recent: list[str]
    ) -> list[EntityHit]:
        """ "the boss of those teachers", "whos in charge of professors", "their supervisor":
        the career that leads the one named, or the one at hand; what the boss leads is not
        what is asked about. Only where the cluster has that career (``led_by``)."""
        out = list(hits)
        for i, tok in enumerate(tokens):
            if tok not in _LEADS or (tok == "charge" and tokens[i - 1 : i] != ["in"]):
                continue
            if (
                tokens[i + 1 : i + 2] != ["of"]
                and tok in _BOSSES
                and tokens[i - 1 : i]
                and (tokens[i - 1] in _BOSS_OF)
            ):
                # "what degree would the boss need", "and their supervisor?": of the career
                # at hand; beside a career named here ("do preschool teachers get along with
                # their boss") the boss is part of what is asked about it
                if any(h.kind == "career" for h in out):
                    continue
                led, end, taken = (recent[0] if recent else None), i + 1, None
            elif tokens[i + 1 : i + 2] == ["of"]:
                j = i + 2
                while j < len(tokens) and tokens[j] in _ARTICLES | {"all"}:
                    j += 1
                pointing = j < len(tokens) and tokens[j] in _POINTERS
                if pointing:
                    j += 1
                named = (h for h in out if h.start == j and h.kind in ("career", "group"))
                taken = next(named, None)
                if taken is not None and taken.kind == "career":
                    led, end = taken.value, taken.end
                elif taken is not None and recent and pointing:
                    # "those teachers": the kind at hand, if it is one of them
                    members = self.directory.group_careers(taken.value)
                    led, end = (recent[0] if recent[0] in members else None), taken.end
                elif pointing and recent and taken is None:
                    # "of that team", "of those people": the word for them is part of it
                    said = j < len(tokens) and tokens[j] in _PEOPLE | _POINTED
                    led, end = recent[0], j + int(said)
                else:
                    continue
            else:
                continue
            leader = self.directory.leader_of(led) if led else None
            if leader is None:
                continue
            out = [h for h in out if h is not taken]
            out.append(EntityHit("career", leader, i, end, " ".join(tokens[i:end])))
        return sorted(out, key=lambda h: h.start)

    def _compile_job_nouns(self) -> frozenset[str]:
        """The words that end careers' names and name a person ("manager", "counselor",
        "designer"): before an aspect's noun ("manager salary", "counselor requirements")
        such a word is whose it is, not what kind."""
        heads = {
            name.lower().split()[-1]
            for career in self.kb.careers.values()
            for name in (career.short_name, *career.aliases)
            if len(name.split()) >= 2
        }
        return frozenset(
            h
            for h in heads
            if _PERSON_NOUN.search(h) and not h.endswith("ment") and h not in _DEGREE_NAMES
        )

    def _bare_short_name(self, tokens: list[str]) -> list[EntityHit]:
        """A message that is nothing but words of a career's own name ("kindergarten", "special
        ed", "preschool?"): that career."""
        content = [(i, t) for i, t in enumerate(tokens) if t not in FILLER]
        if not 1 <= len(content) <= 2 or content[-1][0] - content[0][0] != len(content) - 1:
            return []
        start, end = content[0][0], content[-1][0] + 1
        words = tokens[start:end]
        # Only words of a career's own name or title: "testing" is what a school psychologist
        # does, but said alone it is someone trying the bot.
        owners = frozenset(
            self.directory.titled(words, self._distinctive.get(tuple(words), frozenset()))
        )
        if len(owners) != 1:
            return []
        return [EntityHit("career", next(iter(owners)), start, end, " ".join(words))]

    def _compile_examples(self) -> None:
        def add(intent: str, example: str) -> None:
            raw = _slotted_example(example)
            template, _ = self._template_tokens(self.normalize(raw))
            if template:
                self._example_intents.append(intent)
                self._example_texts.append(" ".join(template))

        for spec in self.kb.intents.values():
            for example in spec.examples:
                add(spec.id, example)
        for example in self.kb.followups:
            add(FOLLOWUP, example)
        self._base_count = len(self._example_texts)
        for intent, text in self.learned:
            if intent in self.kb.intents:
                add(intent, text.replace("{", "(").replace("}", ")"))

    def _compile_token_index(self) -> None:
        """Token -> examples containing it, and each example's size, for the overlap score."""
        postings: dict[str, list[int]] = {}
        sorted_texts = []
        for idx, text in enumerate(self._example_texts):
            sorted_texts.append(" ".join(sorted(set(text.split()))))
            for tok in set(text.split()):
                postings.setdefault(tok, []).append(idx)
        n = self._base_count
        # Inverse document frequency: "what" and "do" are in half the examples and say little;
        # "salary" is in a few and says a lot. Words no example uses weigh the most.
        self._unseen_idf = math.log(n + 1) + 1.0
        self._idf = {}
        for tok, ix in postings.items():
            df = sum(1 for i in ix if i < n)
            self._idf[tok] = math.log((n + 1) / (df + 1)) + 1.0 if df else self._unseen_idf
        self._postings = {t: np.array(ix, dtype=np.int64) for t, ix in postings.items()}
        sizes = [sum(self._idf[t] for t in set(text.split())) for text in self._example_texts]
        self._example_sizes = np.array(sizes, dtype=np.float32)
        self._sorted_examples = sorted_texts
        self._vocab_index = {t: i for i, t in enumerate(postings)}

    def _compile_centroids(self) -> None:
        """Each intent as one idf-weighted bag of the words of all its examples."""
        matrix = np.zeros((len(self._intent_ids), len(self._vocab_index)), dtype=np.float32)
        base = zip(
            self._example_texts[: self._base_count],
            self._example_intents[: self._base_count],
            strict=True,
        )
        for text, intent in base:
            row = self._intent_index[intent]
            for tok in set(text.split()):
                matrix[row, self._vocab_index[tok]] += self._idf[tok]
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self._centroids = matrix / np.maximum(norms, 1e-9)

    # ---- matching ----------------------------------------------------------------------

    @staticmethod
    def _max_edits(word: str) -> int:
        n = len(word)
        if n < _MIN_CORRECTABLE:
            return 0
        if n <= 8:
            return 1
        return 2

    def correct(self, word: str) -> str | None:
        """The known word closest to ``word``, or None when it is known or nothing is close."""
        if word in self._vocab or word in self._protected or not word.isalpha():
            return None
        cached = self._correction_cache.get(word, ...)
        if cached is not ...:
            return cached
        if word in self.kb.english_words:
            # A real word ("wife") is no typo, but "enjoyed" may be read as a known "enjoy".
            result = next((w for w in _forms(word) if w in self._vocab), None)
        else:
            result = self._closest(word)
        if len(self._correction_cache) < 50_000:
            self._correction_cache[word] = result
        return result

    def _closest(self, word: str) -> str | None:
        limit = self._max_edits(word)
        best: tuple[int, str] | None = None
        # Same length first, then one letter longer: a tie goes to the word the typo dropped a
        # letter from ("teachr" is "teacher", not "teach").
        n = len(word)
        names_too = n >= _NAME_TYPO_MIN
        buckets = self._vocab_by_len if names_too else self._plain_by_len
        for length in sorted(range(n - limit, n + limit + 1), key=lambda k: (abs(k - n), k < n)):
            bucket = buckets.get(length)
            if not bucket:
                continue
            found = process.extractOne(word, bucket, scorer=OSA.distance, score_cutoff=limit)
            if found is not None and (best is None or found[1] < best[0]):
                best = (found[1], found[0])
        key = sound_key(word)
        if best is not None and sound_key(best[1]) == key:
            return best[1]
        # Spelled by ear ("collij", "perfesser", "yeers"): a known word that sounds the same
        # is likelier than the one a letter or two away ("peers").
        alike = self._by_sound.get(key, ()) if says_enough(key) else ()
        scored = [
            (distance, w not in self._domain, w)
            for w in alike
            if (names_too or w not in self._name_only)
            and (distance := OSA.distance(word, w)) <= max(limit, n // 2)
            # One letter off ("libary") is a slip, likelier than a sound-alike ("labor").
            and (best is None or best[0] > 1 or distance <= best[0])
        ]
        if scored:
            return min(scored)[2]
        return best[1] if best else None

    def _add_hinted(
        self,
        tokens: list[str],
        hits: list[EntityHit],
        hints: Collection[str],
        recent: Collection[str] = (),
        again: bool = True,
    ) -> list[EntityHit]:
        """Add careers named by one distinctive word ("elementary", "dean"), but only ones the
        conversation makes likely: ``hints`` from context, or siblings of careers named here."""
        allowed = set(hints)
        # "elementary and middle school teachers": a short name joined to a named career by
        # "and"/"or"/"vs" names that career's sibling.
        joined: dict[int, set[str]] = {}  # by the end of the short name
        after: dict[int, set[str]] = {}  # by its start: "4th grade or 7th grade"
        for hit in hits:
            if hit.kind != "career":
                continue
            if hit.start >= 2 and tokens[hit.start - 1] in _JOINERS:
                joined[hit.start - 1] = set(self.directory.siblings(hit.value))
            elif hit.start >= 1 and tokens[hit.end : hit.end + 1] and tokens[hit.end] in _JOINERS:
                # "elementary, middle school and high school teachers": a list, its commas
                # gone; the short name just before the next of it is one of it too, if of a
                # kind with the one after the joiner ("middle school cte teacher or a tutor"
                # is one career, then another)
                nxt = next((h for h in hits if h.kind == "career" and h.start > hit.end), None)
                if nxt is not None:
                    joined[hit.start] = set(self.directory.siblings(hit.value)) & set(
                        self.directory.siblings(nxt.value)
                    )
            # "is middle school harder to teach than high school": the short name just
            # before the comparison is the other of the two ("teach than high school" may be
            # the one hit)
            than = next(
                (t for t in range(max(0, hit.start - 2), hit.end - 1) if tokens[t] == "than"),
                None,
            )
            if than is not None:
                reach = range(than - 1, max(0, than - _THAN_REACH) - 1, -1)
                word = next((j for j in reach if tokens[j] in COMPARING_WORDS), None)
                if word is not None and word >= 1:
                    joined[word] = set(self.directory.siblings(hit.value))
            if hit.end + 1 < len(tokens) and tokens[hit.end] in _JOINERS:
                # "teach at a college or (a) high school": an article may stand between
                start = hit.end + 1
                if tokens[start] in _ARTICLES and start + 1 < len(tokens):
                    start += 1
                after[start] = set(self.directory.siblings(hit.value))
        # "the curriculum people", "admissions ppl": a distinctive word naming who someone is.
        for i, tok in enumerate(tokens):
            if tok in _PEOPLE:
                for size in (1, 2):
                    if i - size >= 0:
                        joined.setdefault(i, set()).update(
                            self._distinctive.get(tuple(tokens[i - size : i]), ())
                        )
        hits = self._add_referenced(tokens, hits, list(recent))
        # "the lead teacher in the toddler room ... become the director": a role word names
        # the relative of a career the message names.
        related = (
            {r for h in hits if h.kind == "career" for r in self.directory.related_careers(h.value)}
            if _ROLE_FORMS.intersection(tokens)
            else set()
        )
        if not allowed and not joined and not after and not related:
            return hits
        covered = {i for h in hits for i in range(h.start, h.end)}
        found = [*hits]
        named = {h.value for h in hits}
        about_recent = bool(recent) and bool(_SUBJECTS.intersection(tokens[:_SUBJECT_REACH]))
        i = 0
        while i < len(tokens):
            for size in (3, 2, 1):
                span = range(i, i + size)
                if i + size > len(tokens) or covered.intersection(span):
                    continue
                owners = self._distinctive.get(tuple(tokens[i : i + size]), frozenset())
                if _is_place(tokens, i):
                    owners = frozenset()  # "she's one at my old elementary": where, not who
                if (
                    size == 1
                    and tokens[i + 1 : i + 2]
                    and tokens[i + 1] in _ASPECT_NOUNS
                    and tokens[i] not in self._job_nouns
                ):
                    # "technical skills": what kind of skills, not who; but "manager salary"
                    # is the manager's
                    owners = frozenset()
                if (
                    size == 1
                    and tokens[i][0].isdigit()
                    and tokens[i + 1 : i + 2]
                    and tokens[i + 1] in _CHOICE
                ):
                    owners = frozenset()  # "2nd option": which choice, not "2nd grade"
                likely = owners & (allowed | joined.get(i + size, set()) | after.get(i, set()))
                by_role = size == 1 and not likely and tokens[i] in _ROLE_FORMS
                if by_role and not said_of_someone(tokens, i):
                    # "my dad is a manager at a bank": his own job, not the relative of the
                    # career named after it.
                    likely = owners & related
                if size == 1 and about_recent and i + size not in joined and i not in after:
                    # "do they do therapy with kids": what the careers just discussed do, not
                    # another career ("speech therapy") by one of its words.
                    likely &= set(recent)
                if len(likely) > 1:
                    # "the manager" after a training specialist and manager were discussed:
                    # the careers already in the conversation come before their relatives.
                    likely &= set(recent)
                if len(likely) > 1:
                    # "the preschool one" of a preschool teacher and a childcare director:
                    # the one whose own name has the word.
                    titled = self.directory.titled(tokens[i : i + size], likely)
                    likely = frozenset(titled) if len(titled) == 1 else likely
                owner = next(iter(likely)) if len(likely) == 1 else None
                # A role said twice ("our director ... become the director") is found twice:
                # which one is the goal decides what is asked.
                if owner is not None and (owner not in named or by_role):
                    found.append(
                        EntityHit("career", owner, i, i + size, " ".join(tokens[i : i + size]))
                    )
                    named.add(owner)
                    i += size
                    break
            else:
                i += 1
        found.sort(key=lambda h: h.start)
        if again and len(found) > len(hits) and not about_recent:
            # "elementary, middle school and high school teachers": "middle school", found
            # beside "high school teachers", makes "elementary" beside it one of the list too
            return self._add_hinted(tokens, found, hints, recent, again=False)
        return found

    def _add_joined_short_names(self, tokens: list[str], hits: list[EntityHit]) -> list[EntityHit]:
        """ "deciding between elementary and special education": two short names joined to
        each other, each one career's and the two of a kind (siblings), name both, when the
        message names no career otherwise."""
        covered = {i for h in hits for i in range(h.start, h.end)}
        found = list(hits)
        for j, tok in enumerate(tokens):
            if tok not in _JOINERS or j in covered:
                continue
            left = self._short_name_at(tokens, j, before=True, covered=covered)
            right = self._short_name_at(tokens, j + 1, before=False, covered=covered)
            if left is None or right is None:
                continue
            (a, a_start, a_end), (b, b_start, b_end) = left, right
            if a != b and b in self.directory.siblings(a):
                found += [
                    EntityHit("career", a, a_start, a_end, " ".join(tokens[a_start:a_end])),
                    EntityHit("career", b, b_start, b_end, " ".join(tokens[b_start:b_end])),
                ]
                covered.update(range(a_start, b_end))
        return sorted(found, key=lambda h: h.start) if len(found) > len(hits) else hits

    def _short_name_at(
        self, tokens: list[str], edge: int, before: bool, covered: set[int]
    ) -> tuple[str, int, int] | None:
        """The one career whose short name ends just before ``edge`` (or starts at it), the
        longest that fits."""
        for size in (3, 2, 1):
            start, end = (edge - size, edge) if before else (edge, edge + size)
            if start < 0 or end > len(tokens) or covered.intersection(range(start, end)):
                continue
            words = tokens[start:end]
            owners = self._distinctive.get(tuple(words), frozenset())
            # Only words of its own title ("elementary", "special education"), not what it
            # is about ("therapy or testing" are what two careers do).
            if (
                len(owners) == 1
                and not _is_place(tokens, start)
                and self.directory.titled(words, owners)
            ):
                return next(iter(owners)), start, end
        return None

    def _add_referenced(
        self, tokens: list[str], hits: list[EntityHit], recent: list[str]
    ) -> list[EntityHit]:
        """ "the testing one", "the esl one": one of the careers just talked about, by what it
        is about, when no career is named here."""
        if len(recent) < 2 or any(h.kind == "career" for h in hits):
            return hits
        covered = {i for h in hits for i in range(h.start, h.end)}
        for end, tok in enumerate(tokens):
            if tok not in ("one", "ones"):
                continue
            # The words after the nearest "the": "the esl one" is "the english as a second
            # language one" once slang is expanded; in "the schooling for the first one" only
            # "first" is the name.
            start = next(
                (
                    i + 1
                    for i in range(end - 1, max(-1, end - _REFERENCE_WORDS - 2), -1)
                    if tokens[i] in ("the", "that")
                ),
                None,
            )
            if start is None or start == end or covered.intersection(range(start, end)):
                continue
            span = tokens[start:end]
            if QUESTION_WORDS.intersection(span):
                continue  # "the first, how do i become one": a question, not a name
            if _BY_PLACE.intersection(span):
                continue  # "the other one", "the last one": which by place, not by what it is
            owner = self.directory.referenced(span, recent)
            if owner is not None:
                hit = EntityHit("career", owner, start, end, " ".join(span))
                return sorted([*hits, hit], key=lambda h: h.start)
        return hits

    def _narrow_groups(self, tokens: list[str], hits: list[EntityHit]) -> list[EntityHit]:
        """A generic word with a level or setting beside it names one career: "teach high
        school history", "7th grade science teacher", "teacher of small kids in elementary
        school". The level is a career's short name (``_distinctive``) within
        ``_NARROW_WINDOW`` words, and exactly one of the group's careers owns it."""
        # A route's words may narrow a generic word too ("teach at a community college"), but
        # only a whole route, never a word of one.
        taken = {i for h in hits if h.kind not in ("group", "route") for i in range(h.start, h.end)}
        routes = [h for h in hits if h.kind == "route"]
        out: list[EntityHit] = []
        for hit in hits:
            if hit.kind != "group":
                out.append(hit)
                continue
            members = set(self.directory.group_careers(hit.value))
            # "teaches kids with autism at an elementary school, she's the main teacher": with
            # the kind already named, a level not right beside the word only says where.
            named_kind = any(h.kind == "career" and h.value in members for h in hits)
            found = None
            lo = max(0, hit.start - _NARROW_WINDOW)
            hi = min(len(tokens), hit.end + _NARROW_WINDOW)

            # The nearest level narrows, one after the word first on a tie: "teaching GED
            # classes for adults and teaching high school" has two teachers.
            def distance(start: int, hit: EntityHit = hit) -> tuple[int, bool]:
                gap = start - hit.end if start >= hit.end else hit.start - start
                return (gap, start < hit.start)

            for start in sorted(range(lo, hi), key=distance):
                if named_kind and distance(start)[0] > 1:
                    break
                for size in (3, 2, 1):
                    span = range(start, start + size)
                    if start + size > hi or taken.intersection(span):
                        continue
                    if hit.start < start + size and start < hit.end:
                        continue  # the generic word itself
                    if any(
                        (
                            r.start < start + size
                            and start < r.end
                            and not start <= r.start < r.end <= start + size
                        )
                        or r.start == start + size
                        for r in routes
                    ):
                        # Part of a route ("associate" of "associate degree"), or what kind
                        # of route it is ("vocational apprenticeship").
                        continue
                    if (
                        start + size < hit.start
                        and _FIRST_PERSON & set(tokens[start + size : hit.start])
                        and any(r.start == start and r.end == start + size for r in routes)
                    ):
                        # "start at community college if i want to teach": a route the
                        # student takes on the way, not where they would teach ("teach at a
                        # community college", "community college teacher").
                        continue
                    owners = self._distinctive.get(tuple(tokens[start : start + size]), frozenset())
                    narrowed = owners & members
                    if len(narrowed) == 1:
                        found = (
                            next(iter(narrowed)),
                            min(start, hit.start),
                            max(start + size, hit.end),
                        )
                        break
                if found:
                    break
            if found is None:
                # Farther away, only learners said by their level ("middle school kids are the
                # worst lol, what is it actually like teaching them"): one level, one kind.
                learners = self._learners_level(tokens, members, taken)
                found = (learners, hit.start, hit.end) if learners else None
            if found is None:
                out.append(hit)
                continue
            career, start, end = found
            out.append(EntityHit("career", career, start, end, " ".join(tokens[start:end])))
            taken.update(range(start, end))
        # A narrowed span may now cover another hit: keep the longest, in order.
        out.sort(key=lambda h: (h.start, -(h.end - h.start)))
        kept: list[EntityHit] = []
        for hit in out:
            if kept and hit.start < kept[-1].end:
                continue
            kept.append(hit)
        return kept

    def _learners_level(self, tokens: list[str], members: set[str], taken: set[int]) -> str | None:
        """The one career of ``members`` whose level a message names as its learners, a level
        followed by a word for them ("middle school kids", "high school students"); None for
        none or several."""
        owners: set[str] = set()
        for start in range(len(tokens)):
            for size in (3, 2, 1):
                after = start + size
                if after >= len(tokens) or tokens[after] not in _LEARNERS:
                    continue
                if taken.intersection(range(start, after)):
                    continue
                if _OWN_PLACE.intersection(tokens[max(0, start - 2) : start]):
                    continue
                found = self._distinctive.get(tuple(tokens[start:after]), frozenset()) & members
                if found:
                    owners |= found
                    break
        return next(iter(owners)) if len(owners) == 1 else None

    def _find_entities(self, tokens: list[str]) -> list[EntityHit]:
        hits: list[EntityHit] = []
        i = 0
        n = len(tokens)
        while i < n:
            if tokens[i] not in self._entity_firsts:
                i += 1  # most words start no name: passed over without a lookup per length
                continue
            for size in range(min(max(self._alias_span, self._other_span), n - i), 0, -1):
                words = tokens[i : i + size]
                found = self._aliases.get(tuple(words)) if size <= self._alias_span else None
                if found is None and size <= self._other_span:
                    title = self._other_titles.get(" ".join(words))
                    found = ("other", title) if title is not None else None
                if found is not None:
                    kind, value = found
                    hits.append(EntityHit(kind, value, i, i + size, " ".join(words)))
                    i += size
                    break
            else:
                i += 1
        hits = _outside_wins(hits)
        return self._described(tokens, hits)

    def _described(self, tokens: list[str], hits: list[EntityHit]) -> list[EntityHit]:
        """Careers a message describes instead of naming ("the person in charge of the whole
        district"). A name beats a description it overlaps, unless the description starts
        with it and goes on; a description beats the generic word or the job outside the
        cluster inside it ("the teacher who helps kids talk")."""
        words = set(tokens)
        padded = " " + " ".join(tokens)
        candidates: dict[int, _Cue] = {id(c): c for c in self._described_any_start}
        for word in words:
            for cue in self._described_by_first.get(word, ()):
                candidates[id(cue)] = cue
        if not candidates:
            return hits
        text = " ".join(tokens)
        found: list[EntityHit] = []
        # Of two descriptions of the same words, the one whose pattern fixes more of them:
        # "runs all the schools" is the superintendent's "<lead> .. all|every .. schools", not
        # the principal's "<lead> .. school".
        fixed: dict[EntityHit, int] = {}
        for cue in candidates.values():
            if not cue.may_match(words, padded):
                continue
            for m in cue.regex.finditer(text):
                start = text.count(" ", 0, m.start())
                end = start + m.group(0).count(" ") + 1
                hit = EntityHit("career", cue.owner, start, end, m.group(0))
                found.append(hit)
                fixed[hit] = max(fixed.get(hit, 0), cue.positions)
        if not found:
            return hits
        # "runs the library at school": what someone runs is the nearest thing named; the
        # rest says where ("<lead> .. school" of a principal is no better for being longer).
        found = [
            h
            for h in found
            if not any(
                o.start == h.start and o.end < h.end and tokens[o.end] in _WHERE for o in found
            )
        ]
        named = [h for h in hits if h.kind in ("career", "route", "request")]
        if any(h.kind == "career" for h in named):
            # "school social workers, do they work with sped kids too": what "they" do, the
            # career named, not another career described
            found = [h for h in found if tokens[h.start - 1 : h.start] not in _SUBJECT_BEFORE]
        kept: list[EntityHit] = []
        # longest first, then the most fixed, then leftmost; the career id settles a tie the
        # same way in every process (the candidates come from a set of words)
        for hit in sorted(found, key=lambda h: (h.start - h.end, -fixed[h], h.start, h.value)):
            # A description that starts with a name and goes on qualifies it ("teach adults
            # at big companies" is corporate training, not adult education).
            # One that ends with a name is about someone else ("the boss of all the
            # principals").
            # A route inside one only qualifies what it describes ("the director of a
            # licensed child care center").
            if not any(
                _overlap(hit, other)
                and not _heads(other, hit)
                and not _ends(other, hit)
                and not _denied(tokens, other)
                and not (other.kind == "route" and hit.start < other.start < other.end < hit.end)
                for other in named
            ) and not any(_overlap(hit, other) for other in kept):
                kept.append(hit)
        if not kept:
            return hits
        rest = [h for h in hits if not any(_overlap(h, d) for d in kept)]
        return sorted((*rest, *kept), key=lambda h: h.start)

    def _clean(self, text: str) -> tuple[list[str], list[tuple[str, str]]]:
        """Tokens with typos repaired and slang expanded, and the repairs made."""
        corrections: list[tuple[str, str]] = []
        fixed: list[str] = []
        for tok in self._rejoined(join_spelled_out(tokenize(text), self._vocab)):
            better = self.correct(tok)
            if better is not None:
                corrections.append((tok, better))
                fixed.append(better)
            else:
                fixed.append(tok)
        return self._synonyms.replace(fixed), corrections

    def _rejoined(self, tokens: list[str]) -> list[str]:
        """Words that dictation or a phone keyboard split ("super intendants", "princi pal"):
        two neighbours, one of them unknown and neither a word of a name, whose joined form is
        a word of a career's name or a typo of one. Joined, it is repaired like any typo."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            if i + 1 < len(tokens):
                first, second = tokens[i], tokens[i + 1]
                joined = first + second
                # The set lookups first: the typo repairs below are the costly part.
                if (
                    len(joined) >= _MIN_REJOINED
                    and joined.isalpha()
                    and (first not in self._vocab or second not in self._vocab)
                    and first not in self._name_tokens  # "teacher she" is two words
                    and second not in self._name_tokens
                    and second not in _JOINERS  # "libarian vs": a typo, then a pair
                    and second not in STOPWORDS
                    and self.correct(first) not in self._name_words
                    and (joined if joined in self._name_words else self.correct(joined))
                    in self._name_words
                ):
                    out.append(joined)
                    i += 2
                    continue
            out.append(tokens[i])
            i += 1
        return out

    def _asked(self, text: str) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
        """The cues and careers of the part of a long message that asks something: its
        asking sentences ("...I'd love to do this. What does that job usually pay?"), each
        read from its last "but" on ("I know they need a master's, but is the pay ok?")."""
        pieces = []
        # Its asking sentences, else its one asking clause ("thinking about becoming a speech
        # therapist, what do they do").
        clauses = asking_clauses(text)
        for piece in asking_sentences(text) or (clauses if len(clauses) == 1 else [text]):
            head, _, tail = piece.rpartition(" but ")
            pieces.append(tail if head and len(tail.split()) >= _MIN_TAIL_WORDS else piece)
        if sum(map(len, pieces)) >= _MOSTLY * len(text):
            return {}, ()  # no question, or one that is most of the message: read as a whole
        cues: dict[str, set[str]] = {}
        careers: list[str] = []
        for piece in pieces:
            tokens, _ = self._clean(piece)
            hits = self._find_entities(tokens)
            if any(h.kind == "group" for h in hits):
                hits = self._narrow_groups(tokens, hits)  # "certified to teach high school"
            for intent, words in self._cue_hits(_cue_text(tokens, hits)).items():
                cues.setdefault(intent, set()).update(words)
            for hit in hits:
                if hit.kind == "career" and hit.value not in careers:
                    careers.append(hit.value)
        return {i: tuple(sorted(w)) for i, w in cues.items()}, tuple(careers)

    def analyze(
        self,
        text: str,
        hints: Collection[str] = (),
        recent: Collection[str] = (),
        people: Mapping[str, str] | None = None,
    ) -> Analysis:
        """Analyze ``text``. ``hints`` are careers the conversation makes likely (see
        :func:`bot.dialogue.context_hints`): a single distinctive word may name them;
        ``recent``, the conversation's own careers, win when such a word fits several;
        ``people``, the jobs of people the student told about ("dad": a career id), name
        them again ("my dads job")."""
        tokens, corrections = self._clean(text)
        template_tokens, hits = self._template_tokens(tokens, hints, recent, people)
        hits = _without_retracted(tokens, hits)
        template = " ".join(template_tokens)
        # Distinct words: one unknown word repeated a hundred times is still one word.
        content = {t for t in template_tokens if t not in STOPWORDS and not t.isdigit()}
        coverage = sum(t in self._domain for t in content) / len(content) if content else 1.0
        asked_cues, asked_careers = self._asked(text) if len(tokens) > _ASKED_FROM else ({}, ())
        # In a long message, what its question asks outweighs what its story mentions ("...I'm
        # curious about e-learning development. Do designers need a degree?" asks no
        # professional development): only the intents its question cues, when it cues any.
        whole = self._cue_hits(_cue_text(tokens, hits))
        cue_hits = {
            intent: tuple(whole.get(intent) or words)
            for intent, words in (asked_cues or whole).items()
        }
        beaten: dict[str, set[str]] = {}
        for intent in [i for i in cue_hits if i in self._outranked]:
            if winners := self._outranked[intent] & cue_hits.keys():
                del cue_hits[intent]
                beaten[intent] = set(winners)
        scores = self._score_intents(template, cue_hits, coverage)
        if beaten:
            scores = _below_their_winners(scores, beaten)
        return Analysis(
            text=text,
            tokens=tuple(tokens),
            corrections=tuple(corrections),
            hits=tuple(hits),
            template=template,
            scores=scores,
            cue_hits=cue_hits,
            coverage=round(coverage, 3),
            asked_cues=asked_cues,
            asked_careers=asked_careers,
            people=_people_told(tokens, hits),
            untold=_untold(tokens, hits),
        )

    def _cue_hits(self, text: str) -> dict[str, list[str]]:
        """Per intent, the distinct words its cues matched in ``text``."""
        words = set(text.split())
        padded = " " + text
        candidates: dict[int, _Cue] = {id(c): c for c in self._cues_any_start}
        for word in words:
            for cue in self._cues_by_first.get(word, ()):
                candidates[id(cue)] = cue
        matches = []
        for cue in candidates.values():
            if not cue.may_match(words, padded):
                continue
            m = cue.regex.search(text)
            if m is not None:
                matches.append((cue.owner, m))
        # In the order the message says them (then by intent): the candidates come from a
        # set of words, whose order changes from one process to the next.
        matches.sort(key=lambda pair: (pair[1].start(), pair[0], pair[1].end()))
        found: dict[str, set[str]] = {}
        for intent, m in matches:
            if (
                is_aspect(intent)
                and _SET_ASIDE_BEFORE.search(text, 0, m.start())
                and any(other != intent and is_aspect(other) for other, _ in matches)
            ):
                continue  # "not the pay, the hours": the aspect set aside is not asked
            # An aspect's cue standing in another aspect's gap is what the message asks:
            # "what is their pay like" asks the pay, not what the job is like.
            gaps = [m.span(g) for g in range(1, (m.re.groups or 0) + 1) if m.start(g) < m.end(g)]
            if is_aspect(intent) and any(
                other != intent and is_aspect(other) and s <= inner.start() and inner.end() <= e
                for s, e in gaps
                for other, inner in matches
            ):
                continue
            found.setdefault(intent, set()).add(m.group(0))
        return {intent: sorted(words) for intent, words in found.items()}

    def _score_intents(
        self, template: str, cue_hits: dict[str, tuple[str, ...]], coverage: float = 1.0
    ) -> tuple[IntentScore, ...]:
        if not template:
            return ()
        combined = self._example_scores(template)
        combined *= 1.0 - _UNKNOWN_WEIGHT * (1.0 - coverage)
        best = np.full(len(self._intent_ids), -1.0, dtype=np.float32)
        np.maximum.at(best, self._example_intent_idx, combined)
        vec = np.zeros(len(self._vocab_index), dtype=np.float32)
        for tok in set(template.split()):
            j = self._vocab_index.get(tok)
            if j is not None:
                vec[j] = self._idf[tok]
        norm = float(np.linalg.norm(vec))
        if norm:
            fit = (self._centroids @ vec) / norm * 100.0
            best += _CENTROID_WEIGHT * (fit - fit.max())
        results: list[IntentScore] = []
        for idx, intent in enumerate(self._intent_ids):
            score = float(best[idx])
            cues = cue_hits.get(intent)
            if cues:
                score = min(100.0, score + _CUE_BONUS * min(len(cues), _MAX_CUE_HITS))
            results.append(IntentScore(intent, round(score, 1), ""))
        results.sort(key=lambda s: s.score, reverse=True)
        # Name the closest example for the few intents a debug view shows.
        named: list[IntentScore] = []
        for s in results[:5]:
            rows = self._rows_of_intent[self._intent_index[s.intent]]
            j = int(rows[int(np.argmax(combined[rows]))])
            named.append(IntentScore(s.intent, s.score, self._example_texts[j]))
        return tuple(named + results[5:])

    def _example_scores(self, template: str) -> np.ndarray:
        """Similarity (0-100) of ``template`` to every example phrasing.

        Half token overlap in the manner of rapidfuzz's ``token_set_ratio`` (an example wholly
        contained in the message scores 100, so a question buried in chatter is found), with
        words weighted by how rare they are among the examples; half ``ratio`` of the
        token-sorted strings (typo-tolerant, penalizes what the two do not share). The overlap
        comes from an inverted index, the ratio from one vectorized ``cdist`` call.
        """
        tokens = set(template.split())
        query_size = float(sum(self._idf.get(t, self._unseen_idf) for t in tokens))
        shared = np.zeros(len(self._example_texts), dtype=np.float32)
        for tok in tokens:
            rows = self._postings.get(tok)
            if rows is not None:
                shared[rows] += self._idf[tok]
        twice = 2.0 * shared
        only_example = self._example_sizes - shared
        only_query = query_size - shared
        with np.errstate(divide="ignore", invalid="ignore"):
            overlap = np.maximum(twice / (twice + only_example), twice / (twice + only_query))
        overlap = np.nan_to_num(overlap, nan=0.0) * 100.0
        ordered = " ".join(sorted(tokens))
        sort_ratio = process.cdist(
            [ordered], self._sorted_examples, scorer=fuzz.ratio, dtype=np.float32
        )[0]
        return 0.5 * overlap + 0.5 * sort_ratio


def _is_place(tokens: list[str], i: int) -> bool:
    """``tokens[i]`` is where someone is or was, not whom they teach: it follows "at" and at
    most two words that say which one ("at my old ...", "at colleges or hs"), or a stage of
    one's own schooling ("after", "finished")."""
    if i > 0 and tokens[i - 1] in _SCHOOL_STAGE:
        return True  # "never finished high school", "after high school": a stage of school
    for back in (1, 2, 3):
        if i - back < 0:
            return False
        if tokens[i - back] == "at":
            return all(t in _PLACE_LIST for t in tokens[i - back + 1 : i])
    return False


_INFLECTIONS = ("s", "es", "ed", "d", "ing", "ly")


def _forms(word: str) -> list[str]:
    """Other forms of ``word``, nearest first: "enjoyed" gives "enjoy", "enjoys"...; "wife"
    never gives "life"."""
    stems = [*sorted(_stems(word) - {word}, key=len, reverse=True), word]
    return [
        form for stem in stems for form in (stem, *(stem + e for e in _INFLECTIONS)) if form != word
    ]


def _stems(word: str) -> set[str]:
    return {word} | {
        word[: -len(e)] for e in _INFLECTIONS if word.endswith(e) and len(word) > len(e) + 2
    }


_DENIALS = frozenset({"not", "never", "nor"})  # after slang: "isnt" is read "is not"


def _denied(tokens: list[str], hit: EntityHit) -> bool:
    """A name said to be what someone is not ("works in a library but isn't the librarian"):
    the description around it wins."""
    return bool(_DENIALS & set(tokens[max(0, hit.start - 3) : hit.start]))


def _prefix_starts(patterns: PatternCompiler, pattern: str) -> tuple[str, ...]:
    """What a match of a cue that may start with any word starts with, after a space (see
    :meth:`_Cue.may_match`)."""
    return tuple(f" {stem}" for stem in patterns.first_stems(pattern))


def _without_retracted(tokens: list[str], hits: list[EntityHit]) -> list[EntityHit]:
    """ "wait not principals, i meant superintendents": a career the message says it is not
    about ("not", "not the" just before it) is dropped when it names another that it is."""
    careers = [h for h in hits if h.kind == "career"]
    retracted = [
        h
        for h in careers
        if (h.start >= 1 and tokens[h.start - 1] in _DENIALS)
        or (h.start >= 2 and tokens[h.start - 2] in _DENIALS and tokens[h.start - 1] in _ARTICLES)
        or tokens[h.start] in _DENIALS  # a description read from "not a teacher assistant..."
    ]
    # "not teaching, i meant do you need any degree at all": the generic word set aside for
    # what the student meant instead (then the career at hand).
    retracted += [
        h
        for h in hits
        if h.kind == "group"
        and h.start >= 1
        and tokens[h.start - 1] in _DENIALS
        and {"meant", "mean"}.intersection(tokens[h.end :])
    ]
    if not retracted or len(retracted) == len(careers):
        return hits
    return [h for h in hits if h not in retracted]


def _ends(name: EntityHit, description: EntityHit) -> bool:
    """Whether ``name`` is the last words of a longer ``description``."""
    return name.end == description.end and name.start > description.start


def _overlap(a: EntityHit, b: EntityHit) -> bool:
    return a.start < b.end and b.start < a.end


def _heads(a: EntityHit, b: EntityHit) -> bool:
    """``a`` is how ``b`` begins, and ``b`` goes on."""
    return a.start == b.start and a.end < b.end


def _not_ranked_by(tokens: list[str], hits: list[EntityHit]) -> list[EntityHit]:
    """Beside another career, one named as where that one stands is no career asked about:
    "the job above the principals that runs the whole district"."""
    careers = [h for h in hits if h.kind == "career"]
    if len({h.value for h in careers}) < 2:
        return hits
    ranked = [h for h in careers if _RANKED_BY & set(tokens[max(0, h.start - 2) : h.start])]
    if not ranked or len(ranked) == len(careers):
        return hits
    return [h for h in hits if h not in ranked]


def _outside_wins(hits: list[EntityHit]) -> list[EntityHit]:
    """A career word right before a job outside the cluster is part of that job's title:
    "principal software engineer", "principal investigator"; so is a generic word right after
    one: "guitar lesson teachers", "pottery class instructor"."""
    out: list[EntityHit] = []
    for hit in hits:
        if hit.kind == "other" and out and out[-1].kind == "career" and out[-1].end == hit.start:
            head = out.pop()
            hit = EntityHit("other", hit.value, head.start, hit.end, f"{head.text} {hit.text}")
        elif hit.kind == "group" and out and out[-1].kind == "other" and out[-1].end == hit.start:
            job = out.pop()
            hit = EntityHit("other", job.value, job.start, hit.end, f"{job.text} {hit.text}")
        out.append(hit)
    return out


def _cue_text(tokens: list[str], hits: Sequence[EntityHit]) -> str:
    """What cues are matched on: the message with each career or job as the career slot, so
    the words of a name ask nothing ("high school" is not "how much school"), but a route's
    words kept ("license", "master degree" say what is asked). Hedges go: "what do they
    even make" asks what "what do they make" asks."""
    return " ".join(t for t in _slotted(tokens, hits, _JOB_SLOTS) if t not in _HEDGES)


# Words that soften or stress a question without changing what it asks.
_HEDGES = frozenset(
    "even actually really usually typically normally generally basically honestly literally "
    "lowkey highkey realistically roughly".split()
)


_JOB_SLOTS = {"career": CAREER_SLOT, "group": CAREER_SLOT, "other": CAREER_SLOT}
# A request's words stay in the template; a route and a place have slots of their own.
_TEMPLATE_SLOTS = _JOB_SLOTS | {"route": ROUTE_SLOT, "place": PLACE_SLOT}


# The slots an example may have, and the word each stands as in a template.
_EXAMPLE_SLOTS = {"{career}": CAREER_SLOT, "{route}": ROUTE_SLOT, "{place}": PLACE_SLOT}


def _unslotted(text: str) -> str:
    """An example's words without its slots."""
    for slot in _EXAMPLE_SLOTS:
        text = text.replace(slot, " ")
    return text


def _slotted_example(text: str) -> str:
    """An example with each slot as its template word."""
    for slot, word in _EXAMPLE_SLOTS.items():
        text = text.replace(slot, f" {word} ")
    return text


def _slotted(tokens: list[str], hits: Sequence[EntityHit], slots: dict[str, str]) -> list[str]:
    """``tokens`` with each hit of a kind in ``slots`` replaced by that kind's slot word."""
    out: list[str] = []
    by_start = {h.start: h for h in hits if h.kind in slots}
    i = 0
    while i < len(tokens):
        hit = by_start.get(i)
        if hit is None:
            out.append(tokens[i])
            i += 1
        else:
            out.append(slots[hit.kind])
            i = hit.end
    return out
