"""Decide what to do with an analyzed message, given the conversation so far.

Pure functions: :func:`decide` turns an :class:`~bot.matcher.Analysis` and a
:class:`~bot.context.Context` into a :class:`Decision` (answer, ask a clarifying question, or
fall back), and :func:`advance` writes the decision back into the context. The rules:

- What a message asks comes from its cues first (``data/intents.yaml``), then from how it
  reads against the examples: "what do they make" is pay.
- Two careers are a comparison only when joined or compared; named in passing, the subject
  (:attr:`~bot.matcher.Analysis.subject`) is the one asked about.
- Below the confidence threshold the bot falls back, with "did you mean" suggestions, unless a
  cue says clearly what is asked.
- A question about a career with no career named uses the conversation's last career; with a
  generic word ("teachers") or none known, the bot asks which career instead of guessing.
- A job outside the cluster ("nurses") is never answered with a cluster career's figures.
- Two aspects scored too close to call ("pay" vs "education") get a clarifying question.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from typing import Literal

from intents.filters import asks_to_filter, set_aside
from intents.registry import ACKNOWLEDGED, careers_needed, declared, is_aspect, public_id

from .context import MAX_COMPARED, MAX_PAIR, Context, Pending
from .directory import CareerDirectory
from .matcher import CAREER_SLOT, FOLLOWUP, Analysis, EntityHit, said_of_someone
from .text import (
    COMPARING_WORDS,
    FILLER,
    STOPWORDS,
    SUPERLATIVES,
    WH_WORDS,
    clean,
    question_pieces,
)

ORDINALS = {
    "first": 0, "1": 0, "1st": 0,
    "second": 1, "2": 1, "2nd": 1,
    "third": 2, "3": 2, "3rd": 2,
    "fourth": 3, "4": 3, "4th": 3,
    "fifth": 4, "5": 4, "5th": 4,
    "last": -1,
}  # fmt: skip
# Words before a generic one that make it what someone must be or is measured against:
# "have to be a teacher first", "make more than teachers".
_PREDICATE = frozenset({"be", "been", "being", "than", "as"})
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those", "same"})
_LEARNERS = frozenset({"kids", "children", "teens", "teenagers", "students", "ones", "age", "ages"})
_AGE_WORDS = frozenset({"year", "years", "yr", "yrs", "old", "olds", "grade", "grader", "graders"})
PRONOUNS = frozenset({"they", "them", "their", "it", "that", "this", "one", "those", "he", "she"})
# "never mind that", "forget it", "scratch that": the pronoun sets the career aside.
_SETTING_ASIDE = frozenset({"mind", "forget", "scratch", "skip", "ignore"})


def _points_back(tokens: tuple[str, ...]) -> bool:
    """A pronoun that points back at what was being discussed, not one that sets it aside."""
    return any(
        t in PRONOUNS and (i == 0 or tokens[i - 1] not in _SETTING_ASIDE)
        for i, t in enumerate(tokens)
    )


_BOTH = frozenset({"both", "them", "all", "two"})
_ALL_OF_THEM = frozenset({"all", "three", "3"})
_WHICH = frozenset({"which", "who", "whos", "what"})
_PAIR_FILLER = frozenset({"other", "save", "about", "what", "how", "for", "too", "also"}) | _BOTH


def _comparative(word: str) -> bool:
    """ "steadier", "busier", "happier": read as a comparative only after "which" and two
    careers, where "cashier" or "frontier" hardly stand."""
    return len(word) >= 6 and word.endswith("ier")


# Words that ask for a comparison outright ("better" may be "i feel better").
_COMPARING = frozenset(
    "compare comparing comparison difference differences different differ vs versus".split()
)
_FOCUS_FLOOR = 45.0  # an aspect scoring at least this in a comparison is what it is about
# The reason of an answer to a message that names a career and asks nothing readable.
NAMED_ONLY = "named_only"
# A question the bot asked ("which kind of teacher?") outlives this many turns that answer
# nothing ("hmm", "wait what", "lol"), so the answer that follows them still answers it.
MAX_PENDING_MISSES = 2
# "idk", "not sure", "any of them" in answer to "which kind?": still to be chosen (after
# slang: "idk" is read "i do not know", "dont" "do not"). A bare "no" is not among them.
_UNSURE_MARKS = frozenset(
    "know unsure sure idea care any anything whatever whichever either all".split()
)
_UNSURE = _UNSURE_MARKS | frozenset("do not no of matter does really to be honest".split())
YES = frozenset({"yes", "yeah", "yea", "yep", "yup", "sure", "ok", "okay", "correct", "right", "y"})

DecisionKind = Literal["answer", "clarify", "fallback", "safety"]


@dataclass(frozen=True)
class Policy:
    """Thresholds for answering; scores are rapidfuzz's 0-100."""

    threshold: float = 62.0
    clarify_margin: float = 2.5
    suggestion_floor: float = 45.0
    # A message that names a career but is below the threshold: the best aspect (pay, skills...)
    # is still taken when it scores at least this much, else the career's overview.
    named_floor: float = 48.0
    # ...and it is answered outright only when it leads the next aspect by this much.
    named_margin: float = 8.0
    # Below the threshold, a reading whose cue the message has is still answered from this.
    cued_floor: float = 45.0
    # ...and a cued aspect of the career being discussed from this, among unknown words
    # ("my aunt is one and says the pay is bad").
    at_hand_floor: float = 40.0
    # "what about subs", "and in ohio?" after a question: the same question from this, even
    # among words the bot doesn't know ("nah thats lowkey low. what about subs").
    followup_floor: float = 50.0
    # A reading the message's cues ask wins over a general one at most this far ahead of it.
    cued_gap: float = 12.0
    # A short "aight thx", "kk bye" with a small-talk cue is small talk from this.
    small_talk_floor: float = 40.0
    # A question naming nothing, with none of its intent's cues and less than this share of
    # its words known, is about something else ("recommend a good laptop").
    off_topic_coverage: float = 0.75


@dataclass
class Decision:
    kind: DecisionKind
    intent: str
    confidence: float
    careers: list[str] = field(default_factory=list)
    route: str | None = None
    options: list[str] = field(default_factory=list)  # career or intent ids for a clarification
    reason: str | None = None  # why a fallback or clarification happened
    outside: str | None = None  # the job outside the cluster that was asked about
    suggestions: list[str] = field(default_factory=list)  # did-you-mean intent ids
    asked: str | None = None  # for a job outside the cluster: what was asked about it
    career_suggestions: list[str] = field(default_factory=list)
    focus: str | None = None  # for a comparison: the aspect asked about ("which needs more school")
    detail: bool = False  # the whole answer, "More" included
    # A miss while the bot's question is still open: the question, asked again in the reply.
    still_open: Pending | None = None

    @property
    def career(self) -> str | None:
        """The one career answered about (None for compares, routes and clarifications)."""
        if self.kind == "answer" and len(self.careers) == 1 and self.intent != "pathway.info":
            return self.careers[0]
        return None


def _ordinal(analysis: Analysis) -> int | None:
    tokens = analysis.tokens
    age_at = -9  # where the last number read as an age stood
    for n, tok in enumerate(tokens):
        if tok in ORDINALS:
            if tok.isdigit() and (
                _AGE_WORDS & set(tokens[n + 1 : n + 4])
                or _LEARNERS & set(tokens[max(0, n - 3) : n])
                or n - age_at <= 2  # "3 or 4" after "little kids like"
            ):
                age_at = n
                continue  # "3 and 4 year olds", "little kids like 3 or 4": ages, not options
            return ORDINALS[tok]
    return None


def _pick(options: list[str], index: int | None) -> str | None:
    if index is None or not options:
        return None
    if index == -1 or index < len(options):
        return options[index]
    return None


def _asks_in_general(analysis: Analysis, policy: Policy) -> bool:
    """A confident, cued question about no career (a route, the cluster, technology), not
    about the student ("like for little kids" is what "which job fits me?" asks about too)."""
    top = analysis.top
    if top is None or top.score < policy.threshold or top.intent not in analysis.cue_hits:
        return False
    declaration = declared(top.intent)
    return (
        careers_needed(top.intent) == 0
        and declaration is not None
        and not declaration.small_talk
        and top.intent != "recommend"
    )


def _resolve_pending(
    analysis: Analysis, ctx: Context, directory: CareerDirectory, policy: Policy
) -> Decision | None:
    pending = ctx.pending
    if pending is None:
        return None
    top = analysis.top
    if pending.kind in ("career", "compare"):
        chosen = [c for c in analysis.careers if not pending.options or c in pending.options]
        if not chosen:
            pick = _pick(pending.options, _ordinal(analysis))
            if pick is None and len(pending.options) == 1 and YES & set(analysis.tokens):
                pick = pending.options[0]
            if pick is None and pending.options:
                pick = directory.pick_option(analysis.tokens, pending.options)
            unsure = set(analysis.tokens) - FILLER
            if pick is None and pending.options and unsure & _UNSURE_MARKS and unsure <= _UNSURE:
                # "idk", "any of them": the choices again (the general answer comes with them).
                return Decision(
                    "clarify",
                    pending.intent,
                    0.8,
                    careers=list(pending.careers),
                    options=list(pending.options),
                    reason="carried",
                )
            # A reply that describes (ages, interests) and asks nothing new, however long;
            # "what's a teacher residency program" asks something of its own.
            answers = (_is_short(analysis) or not analysis.cue_hits) and not _asks_in_general(
                analysis, policy
            )
            if pick is None and pending.options and answers:
                fitting = directory.kind_named(analysis.tokens, pending.options)
                fitting = fitting or directory.described(analysis.tokens, pending.options)
                if len(fitting) == 1:
                    careers = [*pending.careers, fitting[0]]
                    return Decision(
                        "answer", pending.intent, 0.8, careers=careers, reason="described"
                    )
                if 1 < len(fitting) < len(pending.options):
                    # "like for little kids": fewer kinds to choose from, asked again.
                    return Decision(
                        "clarify",
                        pending.intent,
                        0.8,
                        careers=list(pending.careers),
                        options=fitting,
                        reason="narrowed",
                    )
            chosen = [pick] if pick else []
        if not chosen:
            return None
        careers = [*pending.careers, *(c for c in chosen if c not in pending.careers)]
        confidence = max(top.score / 100 if top else 0.0, 0.8)
        if pending.intent == "career.compare" and len(careers) < 2:
            return _ask_second_career(careers, confidence, directory)
        return Decision("answer", pending.intent, confidence, careers=careers)
    # A choice between two intents.
    pick = _pick(pending.options, _ordinal(analysis))
    if pick is None:
        pick = directory.pick_label(analysis.tokens, pending.options)  # the button's own words
    if pick is None:
        hinted = [i for i in pending.options if i in analysis.cue_hits]
        pick = hinted[0] if len(hinted) == 1 else None
    if pick is None and top and top.intent in pending.options and top.score >= 50:
        pick = top.intent
    if pick is None:
        return None
    return Decision("answer", pick, 0.8, careers=list(pending.careers))


def _is_short(analysis: Analysis) -> bool:
    """A reply of a few words, the way people answer a question put to them (numbers aside:
    "like for 3 and 4 year olds")."""
    return len({t for t in analysis.tokens if not t.isdigit()} - FILLER) <= 5


def _saying(analysis: Analysis) -> set[str]:
    """The words of a message that say something: no fillers, no function words."""
    return set(analysis.tokens) - FILLER - STOPWORDS


def _is_short_follow_up(analysis: Analysis) -> bool:
    """Short, or short in the words that say something: "how do they compare pay wise"."""
    return _is_short(analysis) or len(_saying(analysis)) <= _SHORT_CONTENT_WORDS


_SHORT_CONTENT_WORDS = 3


_LONG_WORDS = 6  # words that say something (not fillers, not function words)


def _is_long(analysis: Analysis) -> bool:
    """More than a follow-up: "the first one" is short, a story with a question is long."""
    return len(_saying(analysis)) > _LONG_WORDS


def _is_bare_answer(analysis: Analysis) -> bool:
    """Nothing but a career and filler words: "high school teachers", "the first one"."""
    words = set(analysis.template.split()) - {CAREER_SLOT} - FILLER
    return not words or words <= set(ORDINALS) | YES


def _fresh_question(analysis: Analysis, ctx: Context, policy: Policy) -> bool:
    """A new, confident question that should replace a pending one."""
    top = analysis.top
    if top is not None and top.intent == FOLLOWUP:
        # "and compared to teaching high school?" reads as "and <career>" as much as it asks
        # for a comparison: the reading its words cue.
        top = next(
            (
                s
                for s in analysis.scores[1:2]
                if s.intent in analysis.cue_hits and top.score - s.score < policy.clarify_margin
            ),
            top,
        )
    if top is None or top.score < policy.threshold or top.intent == FOLLOWUP:
        return False
    if _is_bare_answer(analysis):
        return False
    if _is_short(analysis) and top.intent not in analysis.cue_hits:
        return False  # "like for little kids, preschool" answers the question; it asks nothing
    if (
        ctx.pending is not None
        and top.intent not in analysis.cue_hits
        and analysis.careers
        and set(analysis.careers) <= set(ctx.pending.options)
    ):
        return False  # "the kind that works with kids who have disabilities": one of the choices
    return ctx.pending is not None and top.intent != ctx.pending.intent


def context_hints(ctx: Context, directory: CareerDirectory) -> set[str]:
    """Careers a single distinctive word may name in the next message: the conversation's
    careers, the options of a pending question, and their siblings ("what about elementary?")."""
    hints = set(ctx.careers) | set(ctx.suggestions)  # "the preschool one" of suggestions too
    if ctx.pending:
        hints.update(ctx.pending.options)
    for career in list(hints):
        hints.update(directory.siblings(career))
    for career in ctx.careers[:2]:
        hints.update(directory.related_careers(career))
    return hints


def decide(
    analysis: Analysis, ctx: Context, directory: CareerDirectory, policy: Policy
) -> Decision:
    decision = _decide(analysis, ctx, directory, policy)
    if _keeps_pending(decision, ctx) and decision.kind == "fallback":
        return replace(decision, still_open=ctx.pending)
    return decision


def _keeps_pending(decision: Decision, ctx: Context) -> bool:
    """A turn that answers nothing ("hmm", "lol ok", "wait what", "thanks") leaves the bot's
    open question open: "high school" after it still answers "which kind of teacher?"."""
    pending = ctx.pending
    if pending is None or pending.misses >= MAX_PENDING_MISSES or decision.careers:
        return False
    if pending.kind != "career":
        return False  # "compare with which?" and "pay or school?" are asked once
    if decision.kind == "fallback":
        return decision.outside is None and decision.reason in (
            "low_confidence",
            "empty",
            ACKNOWLEDGED,
        )
    declaration = declared(decision.intent)
    return decision.kind == "answer" and declaration is not None and declaration.small_talk


def _decide(
    analysis: Analysis, ctx: Context, directory: CareerDirectory, policy: Policy
) -> Decision:
    resolved = _resolve_pending(analysis, ctx, directory, policy)
    top = analysis.top
    # A description answering "which kind?" ("like for little kids") is an answer, even when it
    # reads like a question of its own ("kids" is also what "which job fits me?" is about).
    described = resolved is not None and resolved.reason in ("described", "narrowed")
    if resolved is not None and (described or not _fresh_question(analysis, ctx, policy)):
        return resolved

    if top is None:
        return Decision("fallback", "fallback", 0.0, reason="empty")

    confidence = round(top.score / 100, 3)
    careers = [] if analysis.moving_up else analysis.careers
    if (
        analysis.requests
        and not _job_in_question(analysis)
        and (not careers or top.intent not in analysis.cue_hits or _request_first(analysis))
    ):
        # Homework, the student's own job, a joke: not a career question, said plainly.
        return Decision("fallback", "fallback", confidence, reason="not_career")
    if _about_their_own_life(analysis):
        return Decision("fallback", "fallback", confidence, reason="not_career")
    if analysis.outside_goal is not None and analysis.careers:
        return Decision(
            "fallback",
            "fallback",
            confidence,
            reason="outside_cluster",
            outside=analysis.outside_goal,
            asked=top.intent if is_aspect(top.intent) else None,
        )
    if analysis.untold is not None and is_aspect(top.intent) and ctx.career in ctx.people.values():
        # "what does my grandpas job pay" while the aunt's job is at hand: not hers; the bot
        # was never told what he does. (Untold of anyone, the job at hand is likely theirs.)
        return Decision("clarify", top.intent, confidence, reason="no_career")
    more = _more_of_last(analysis, ctx)
    if more is not None:
        return more
    if (
        not careers
        and not analysis.groups
        and asks_to_filter(
            analysis.text, bool(analysis.routes), after_list=ctx.intent == "careers.list"
        )
    ):
        # "jobs under 50k", "which pay more than 45,000": the list that meets it
        return Decision("answer", "careers.list", max(confidence, 0.8))
    if (
        len(careers) >= 3
        and "careers.list" in analysis.cue_hits
        and "career.compare" not in analysis.cue_hits
        and not _saves_something(analysis)
        and _named_as_examples(analysis)
    ):
        # "list jobs like tutor, teacher aide and library assistant that don't need a
        # degree": careers named as examples of the list asked for.
        return Decision("answer", "careers.list", confidence)
    if _sets_aside_its_group(analysis):
        # "which ones aren't teaching", "jobs that don't involve teaching": the list without
        # them, not "which kind of teacher?".
        return Decision("answer", "careers.list", confidence)
    pair = _pair_follow_up(analysis, ctx, policy) or _pair_question(analysis, ctx)
    if pair is not None:
        return pair
    remark = _remark_on_the_last_answer(analysis, ctx)
    if remark is not None:
        return remark
    named = _aspect_named_alone(analysis, ctx)
    if named is not None and ctx.career is not None:
        # "and school?", "what about the education for that": one aspect of the career at
        # hand, said by its noun alone.
        return Decision("answer", named, max(confidence, 0.8), careers=[ctx.career])
    small = _small_talk(analysis, policy) or _small_talk_about_someone(analysis, policy)
    if small is not None:
        return Decision("answer", small, confidence)
    if _uncued_small_talk(analysis):
        # "ok", "lol ok": heard; "so confusing" read like "ok cool thanks": not understood.
        heard = _ACKNOWLEDGING & set(analysis.tokens)
        reason = ACKNOWLEDGED if heard else "low_confidence"
        return _fallback(analysis, policy, directory, confidence, reason=reason)
    if _off_topic(analysis, ctx, policy):
        return _fallback(analysis, policy, directory, confidence, reason="low_confidence")
    if top.score < policy.threshold:
        cued = _cued_aspects(analysis)
        at_hand = None if careers or analysis.others or analysis.groups else ctx.career
        if (
            at_hand
            and len(cued) == 1
            and (
                top.score >= policy.at_hand_floor
                or _only_its_cue(analysis, cued[0])
                # "could i do it if i have a lisp myself" (not "thats a lot of school")
                or (_points_back(analysis.tokens) and analysis.asks_something)
            )
        ):
            # "she says the pay is bad, is it": a cued aspect of the career being discussed.
            return Decision("answer", cued[0], confidence, careers=[at_hand])
        pointed = _aspect_pointed_at(analysis, policy) if at_hand else None
        if at_hand and pointed is not None:
            # "how long would i be in school for that": no cue, but it points back at the
            # career being discussed and reads clearly as one aspect of it.
            return Decision("answer", pointed, confidence, careers=[at_hand])
        if (
            top.intent == FOLLOWUP
            and top.score >= policy.followup_floor
            and (careers or analysis.places)
            and not analysis.others
            and len(careers) <= 1
            and ctx.intent is not None
            and is_aspect(ctx.intent)
            and not analysis.cue_hits
        ):
            return Decision("answer", ctx.intent, confidence, careers=careers or ctx.careers[:1])
        if (
            "careers.list" in analysis.cue_hits
            and not careers
            and not analysis.groups
            and not analysis.others
            and _asks_for_a_list(analysis)
        ):
            # "which careers involve working with teenagers": the list, read for what it asks.
            return Decision("answer", "careers.list", confidence)
        rescued = _cued_reading(analysis, policy)
        if rescued == "saved.list" and _saves_something(analysis):
            rescued = "save_career"  # "put it on my saved list": the one being discussed
            if ctx.career and not careers:
                return Decision("answer", rescued, confidence, careers=[ctx.career])
        if (
            rescued is not None
            and careers_needed(rescued) == 1
            and not careers
            and not analysis.others
            and not analysis.groups
            and _describes_a_job(analysis)
            and directory.clued(analysis.tokens).careers
        ):
            # "who is the person that does home visits for families": a job described in a
            # sentence the bot cannot otherwise read.
            return _clarify_career(analysis, rescued, confidence, directory, ctx)
        if rescued is not None and not careers and not analysis.others:
            # A terse or odd message whose one cue says what it asks ("teacher license
            # renewal", "NCSP renewal hours"): that reading, rather than "I didn't catch that".
            if careers_needed(rescued) == 0:
                return Decision("answer", rescued, confidence, route=_route(analysis, rescued))
            if careers_needed(rescued) == 1 and analysis.groups:
                known = _from_groups_or_context(analysis, ctx, directory)
                if known:  # "my science teacher... what skills did she need", about the kind
                    return Decision("answer", rescued, confidence, careers=known)
                return _clarify_career(analysis, rescued, confidence, directory, ctx)
            if (
                careers_needed(rescued) == 1
                and ctx.career
                and _points_back(analysis.tokens)
                and (
                    (rescued in _LIST_ACTIONS and _SAVING_VERBS & set(analysis.tokens))
                    or analysis.asks_something
                )
            ):
                # "bet, add it": what its cue asks, of the career at hand ("thats a lot of
                # school" asks nothing)
                return Decision("answer", rescued, confidence, careers=[ctx.career])
        if _path_to_named_career(analysis, careers):
            on_path = analysis.subject or careers[0]
            return Decision("answer", "career.education", confidence, careers=[on_path])
        if (
            rescued is not None
            and careers_needed(rescued) == 0
            and analysis.asked_cues
            and not analysis.asked_careers
            and not analysis.others
        ):
            # "...I love training new hires. Which education career would suit me?": the
            # question names no career, and asks nothing about the one in the story.
            return Decision("answer", rescued, confidence, route=_route(analysis, rescued))
        if careers and not analysis.others:
            # A career named in a sentence the bot cannot otherwise read ("doing a report on
            # SLPs for health class"): what the career is like, with buttons for the rest,
            # rather than "I didn't catch that".
            if len(careers) >= 2 and _sounds_like_compare(analysis):
                return Decision(
                    "answer",
                    "career.compare",
                    confidence,
                    careers=_compared(analysis, careers),
                    focus=_compare_focus(analysis),
                )
            talked_about = ctx.career
            if (
                len(careers) == 1
                and "career.compare" in analysis.cue_hits
                and talked_about is not None
                and talked_about != careers[0]
            ):
                # "how does that stack up against teaching high school", about a professor.
                return Decision(
                    "answer",
                    "career.compare",
                    confidence,
                    careers=[talked_about, careers[0]],
                    focus=_compare_focus(analysis),
                )
            subject = analysis.subject if len(careers) > 1 else careers[0]
            return _ask_what_about(analysis, ctx, policy, subject or careers[0], confidence)
        return _fallback(analysis, policy, directory, confidence, reason="low_confidence")

    read = _not_small_talk(analysis, policy, top.intent)
    intent = _what_it_asks(analysis, _cued_near_tie(analysis, ctx, policy, read))
    if (
        len(careers) >= 2
        and intent not in analysis.cue_hits
        and careers_needed(intent) != 2
        and "career.compare" in (analysis.asked_cues or analysis.cue_hits)
    ):
        # "how do tutors stack up against librarians": two careers and a comparison asked
        # for, whatever uncued reading scores higher ("how do X move up to Y").
        intent = "career.compare"
    if (
        intent in ("recommend", "cluster.overview")
        and not careers
        and _asks_for_a_list(analysis)
        and (intent == "recommend" or _jobs_of_the_cluster(analysis))
    ):
        # "show me careers that work with little kids", "which jobs work with teenagers",
        # "any jobs in this cluster where you don't grade papers": the careers that meet it,
        # asked of jobs, not of the student's own likes or of the cluster as a whole.
        intent = "careers.list"
    if intent == "recommend" and len(careers) >= 2 and analysis.joined_careers:
        # "speech therapist versus school psychologist for someone who likes one-on-one
        # work": which of the two fits is the two side by side.
        intent = "career.compare"
    if intent in ("career.overview", "pathway.info") and _path_to_named_career(analysis, careers):
        intent = "career.education"
    declaration = declared(intent)
    if declaration is not None and declaration.cued_only and intent not in analysis.cue_hits:
        return _fallback(analysis, policy, directory, confidence, reason="low_confidence")
    if (
        is_aspect(intent)
        and ("career.compare" in analysis.cue_hits or _than_that(analysis))
        and len(careers) == 1
        and ctx.career not in (None, careers[0])
    ):
        # "is that the same thing as a school counselor?", "is that more than regular
        # elementary teachers": the career at hand beside the one named.
        intent = "career.compare"
    if (
        intent == "pathway.info"
        and "career.education" in analysis.cue_hits
        and "pathway.info" not in analysis.cue_hits  # "what is the graduate pathway" stays
        and (careers or (ctx.career and not analysis.groups))
    ):
        intent = "career.education"  # "do you have to get a masters?" about one career
    if len(careers) >= 2 and not _sounds_like_compare(analysis) and careers_needed(intent) != 2:
        # Two careers in passing ("my counselor said she's the school psychologist. how do
        # you become one"): the question is about the one it is about.
        careers = [analysis.subject or careers[0]]
    if (
        len(careers) == 1
        and ctx.career is not None
        and ctx.career != careers[0]
        and intent == "career.education"
        and _named_as_first_step(analysis)
    ):
        # "do u have to be a professor first" about a dean: what it takes to become one
        # ("the skills to be a good preschool teacher first" stays about the teacher).
        careers = [ctx.career]
    if intent == "saved.list" and _saves_something(analysis):
        intent = "save_career"  # "put librarian in my saved", "i want both of those saved"
    if careers_needed(intent) == 1 and not careers and not analysis.groups and not ctx.career:
        # A near-tie with a question that needs no career: prefer the reading the bot can
        # answer ("what jobs are there" is the career list, not "which career's outlook?").
        runner_up = next((s for s in analysis.scores[1:3] if s.intent != FOLLOWUP), None)
        cued = [
            s.intent
            for s in analysis.scores[1:3]
            if careers_needed(s.intent) == 0 and s.intent in analysis.cue_hits
        ]
        if (
            runner_up is not None
            and careers_needed(runner_up.intent) == 0
            and top.score - runner_up.score < policy.clarify_margin
            and (
                runner_up.intent in analysis.cue_hits
                or top.intent not in analysis.cue_hits
                or _route_named(analysis, runner_up.intent)
            )
        ):
            intent = runner_up.intent
        elif cued:
            intent = cued[0]  # "where does your salary info come from" is about the bot
    if (
        analysis.others
        and not careers
        and not analysis.groups
        and intent != "recommend"
        and not (ctx.career and intent == "career.education" and _background_only(analysis))
    ):
        asked = ctx.intent if intent == FOLLOWUP else intent
        return Decision(
            "fallback",
            "fallback",
            confidence,
            reason="outside_cluster",
            outside=analysis.others[0],
            asked=asked,
        )

    if (
        intent == "career.education"
        and not careers
        and not analysis.groups
        and ctx.intent == "pathway.info"
        and ctx.route is not None
        and _points_back(analysis.tokens)
    ):
        # "what is alternative certification?" then "how long does that take": the route
        # just explained, not the career talked about before it.
        return Decision("answer", "pathway.info", confidence, route=ctx.route)
    if intent == FOLLOWUP:
        if analysis.routes and not careers:  # "what about apprenticeships?"
            return Decision("answer", "pathway.info", confidence, route=analysis.routes[0])
        if (
            ctx.intent == "save_career"
            and _TOO & set(analysis.tokens)
            and not WH_WORDS & set(analysis.tokens)
        ):
            intent = "save_career"  # "save it" then "and the daycare one too" (not "what about")
        else:
            intent = ctx.intent if ctx.intent and is_aspect(ctx.intent) else "career.overview"

    suggestion = _pick(ctx.suggestions, _ordinal(analysis)) if not careers else None
    if suggestion and (careers_needed(intent) == 1 or intent == FOLLOWUP):
        careers = [suggestion]

    close = _too_close(analysis, policy)
    if close and not careers and not analysis.groups and ctx.career is None:
        close = None  # nothing to answer about yet; the career question comes first
    if close and intent not in close:
        close = None  # "are preschool teachers underpaid": a cue chose the aspect over both

    if careers_needed(intent) == 2 and not careers and analysis.routes and not ctx.careers:
        # "the difference between a bachelor's with licensure and alternative certification":
        # routes, not careers.
        return Decision("answer", "pathway.info", confidence, route=analysis.routes[0])
    if careers_needed(intent) == 2 and len(careers) <= 1 and _credentials_compared(analysis):
        # "instructional design certificate vs masters", "school psych eds vs phd": two ways
        # into one career, compared: what it takes to get there.
        known = careers or ([ctx.career] if ctx.career else [])
        if known:
            # "which pays more, eds or phd": the aspect asked, else what it takes
            asked = _compare_focus(analysis) or "career.education"
            return Decision("answer", asked, confidence, careers=known[:1])
        return Decision(
            "answer", "pathway.info", confidence, route=next(iter(analysis.routes), None)
        )
    if careers_needed(intent) == 2:
        focus = _compare_focus(analysis)
        if (
            focus is not None
            and not careers
            and ctx.career
            and analysis.groups
            and ctx.career not in directory.group_careers(analysis.groups[0])
            and _group_as_predicate(analysis)
            and not _COMPARING & set(analysis.tokens)  # "how does that compare to..." compares
        ):
            # "do they make more than teachers?" about an instructional coordinator: that
            # career's pay, not a comparison with a kind of teacher still to be chosen.
            return Decision("answer", focus, confidence, careers=[ctx.career])
        return _compare(analysis, ctx, careers, confidence, directory)

    if careers_needed(intent) == 1:
        if len(careers) >= 2 and is_aspect(intent) and _sounds_like_compare(analysis):
            # "between a librarian and a tutor, what skills do you need": both, side by side.
            focus = intent if intent != "career.overview" else _compare_focus(analysis)
            return Decision(
                "answer",
                "career.compare",
                confidence,
                careers=_compared(analysis, careers),
                focus=focus,
            )
        if not careers:
            known = _from_groups_or_context(analysis, ctx, directory)
            if (
                known is None
                and intent == "career.education"
                and (
                    "pathway.info" in analysis.cue_hits
                    or _degree_named_alone(analysis, ctx)
                    or _route_for_every_kind(analysis, directory)
                )
                and "continuing_education" not in analysis.cue_hits
            ):
                # A route named and no career ("is a master's required for most education
                # jobs"): the route, with the careers it leads to, rather than "which career?".
                # "are there apprenticeships for becoming a teacher?", "ways to become a
                # teacher if my degree is in biology": the routes, the same for every kind of
                # teacher, rather than "which kind?".
                route = analysis.routes[0] if analysis.routes else None
                return Decision("answer", "pathway.info", confidence, route=route)
            if (
                known is None
                and not analysis.groups
                and not (ctx.pending is not None and intent in analysis.cue_hits)
                and (_mostly_unknown(analysis, policy) or _asks_nothing_of_a_career(analysis, ctx))
                # "the person who builds training modules and storyboards": unknown words
                # that describe one of the careers.
                and not (_describes_a_person(analysis) and directory.clued(analysis.tokens).careers)
            ):
                # "tell me about world war 2", "how do i get my toddler to sleep": about
                # something the bot doesn't know, not a career to be chosen (but "what
                # skills do u need to survive that" while "which kind?" is open asks it).
                return _fallback(analysis, policy, directory, confidence, reason="off_topic")
            if known is None:
                return _clarify_career(analysis, intent, confidence, directory, ctx)
            careers = known
        if intent == "save_career" and len(careers) >= 2 and analysis.joined_careers:
            # "save librarian and tutor", "save the principal, the dean and the
            # superintendent": every one named
            return Decision("answer", intent, confidence, careers=_compared(analysis, careers))
        if close is not None:
            return Decision(
                "clarify",
                intent,
                confidence,
                careers=careers[:1],
                options=close,
                reason="close_intents",
            )
        return Decision("answer", intent, confidence, careers=careers[:1])

    if intent == "pathway.info":
        route = analysis.routes[0] if analysis.routes else None
        if route is None and PRONOUNS & set(analysis.tokens):
            route = ctx.route  # "how long does that route take?"
        career = careers[0] if careers else (ctx.career if not analysis.groups else None)
        if route is None and career is not None:
            # "how long does that take usually" with no route named or talked about: the
            # path to the career at hand; "is it worth it" (like "is <route> worth it") what
            # its cue asks of the career.
            cued = _cued_aspects(analysis)
            asked = cued[0] if len(cued) == 1 and "pathway.info" not in analysis.cue_hits else None
            return Decision("answer", asked or "career.education", confidence, careers=[career])
        if (
            route is None
            and ctx.pending is not None
            and ctx.pending.kind == "career"
            and "pathway.info" not in analysis.cue_hits  # "what's a teacher residency?"
        ):
            # "how long does that take" while "which kind of teacher?" is open: the path to
            # the one still to be chosen.
            return _clarify_career(analysis, "career.education", confidence, directory, ctx)
        if route is None and not analysis.hits and "pathway.info" not in analysis.cue_hits:
            # "how long does pizza take to cook": it reads like "how long does <route> take",
            # but names no route, no career and nothing of the kind.
            return _fallback(analysis, policy, directory, confidence, reason="off_topic")
        return Decision("answer", intent, confidence, careers=careers[:1], route=route)

    declaration = declared(intent)
    if declaration is None or not declaration.context_career:
        careers = []  # the cluster, the list, help: about no career, whatever was named
    elif analysis.asked_cues:
        # "I teach 2nd grade... How is AI changing jobs in education?": only a career the
        # question itself names.
        careers = list(analysis.asked_careers)
    if (
        declaration is not None
        and declaration.context_career
        and not careers
        and ctx.career
        and not analysis.groups  # "what do teachers have to keep doing": teachers in general
        and (PRONOUNS & set(analysis.tokens))
    ):
        careers = [ctx.career]  # "what tech do they use?" while talking about one career

    if intent == "sources":
        # "where's that from?": the sources of the answer just given, about its careers
        careers = list(analysis.careers) or (
            ctx.pair if ctx.intent == "career.compare" else ctx.careers[:1]
        )
        return Decision(
            "answer", intent, confidence, careers=careers[:2], route=ctx.route, focus=ctx.intent
        )
    return Decision("answer", intent, confidence, careers=careers[:2])


def _ask_what_about(
    analysis: Analysis, ctx: Context, policy: Policy, career: str, confidence: float
) -> Decision:
    """A career named in a message the bot cannot otherwise read: answer the one reading that
    clearly leads (``named_margin``), or else ask what about it, offering the likeliest aspects,
    instead of guessing. Either way the career is kept for the next message."""
    likely = _named_aspect(analysis, ctx, policy)
    cued = _cued_aspects(analysis)
    if len(cued) == 1:
        # The message says what it asks ("how much school", "the bag"): answer that.
        return Decision("answer", cued[0], confidence, careers=[career])
    if not cued and likely == "career.overview":
        if is_aspect(ctx.intent) and not _is_long(analysis) and ctx.intent:
            # "no i meant the ones in schools": the question before, about this career.
            return Decision("answer", ctx.intent, confidence, careers=[career])
        # "doing a report on SLPs": nothing asked but the career, so what it is like.
        return Decision("answer", likely, confidence, careers=[career], reason=NAMED_ONLY)
    aspects = [s for s in analysis.scores if is_aspect(s.intent) or s.intent == FOLLOWUP]
    if (
        len(aspects) >= 2
        and aspects[0].score >= policy.named_floor
        and aspects[0].score - aspects[1].score >= policy.named_margin
    ):
        # One reading stands out: answer it (the career's card has buttons for the rest).
        return Decision("answer", likely, confidence, careers=[career])
    options = [likely] if likely != "career.overview" else []
    options += [
        s.intent
        for s in analysis.scores
        if is_aspect(s.intent) and s.intent not in options and s.intent != "career.overview"
    ][: 2 - len(options)]
    return Decision(
        "clarify",
        likely,
        confidence,
        careers=[career],
        options=["career.overview", *options],
        reason="close_intents",
    )


# "more", "tell me the rest", "go on": the whole of the last answer. Only these words and the
# ones around them in such a request: "who needs more school" is a question of its own.
_ASKS_MORE = frozenset("more rest details detail elaborate continue everything full expand".split())
_AROUND_MORE = frozenset(
    "tell me show give say some info information about it that pls plz can you could "
    "keep going on read see want wanna whole all of answer".split()
)


_REMARK_WORDS = 6  # a remark on the last answer is short


def _remark_on_the_last_answer(analysis: Analysis, ctx: Context) -> Decision | None:
    """ "why is it so low?", "no i mean after like 10 years": a short remark on the answer
    just given, naming nothing new and cueing no other question, is that question again
    about the same career."""
    if ctx.intent is None or not is_aspect(ctx.intent) or ctx.career is None:
        return None
    if ctx.pending is not None or analysis.hits or _is_long(analysis):
        return None
    tokens = analysis.tokens
    if len(set(tokens) - FILLER) > _REMARK_WORDS:
        return None
    cued = [i for i in analysis.cue_hits if i != ctx.intent]
    why = tokens[:1] == ("why",) or tokens[:2] == ("how", "come")
    meant = any(tokens[i : i + 2] in (("i", "mean"), ("i", "meant")) for i in range(len(tokens)))
    if cued or not ((why and _points_back(tokens)) or meant):
        return None
    return Decision("answer", ctx.intent, 0.8, careers=[ctx.career])


def _more_of_last(analysis: Analysis, ctx: Context) -> Decision | None:
    """A short request for more, about nothing new: the last answer in full. After an answer
    that had nothing more to show, the career's whole overview."""
    if ctx.intent is None or ctx.pending is not None:
        return None
    if analysis.careers or analysis.groups or analysis.routes or analysis.others:
        return None
    words = set(analysis.tokens) - FILLER
    keep_going = analysis.tokens[-2:] in (("go", "on"), ("keep", "going"))
    if not (words & _ASKS_MORE or keep_going) or words - _ASKS_MORE - _AROUND_MORE:
        return None
    if any(intent != "career.overview" for intent in analysis.cue_hits):
        return None  # "more about the pay": a question of its own
    intent = ctx.intent
    declaration = declared(intent)
    careers: list[str] = []
    if intent == "career.compare":
        careers = list(ctx.pair)
    elif ctx.career and (
        careers_needed(intent) == 1 or (declaration and declaration.context_career)
    ):
        careers = [ctx.career]
    if not ctx.more:
        if ctx.career is None:
            return None
        intent, careers = "career.overview", [ctx.career]
    route = ctx.route if intent == "pathway.info" else None
    return Decision("answer", intent, 0.9, careers=careers, route=route, detail=True)


def _not_small_talk(analysis: Analysis, policy: Policy, intent: str) -> str:
    """Small talk is a short message: in a longer one, a goodbye's "later" or "have to go"
    yields to what else its cues ask ("would i have to go to grad school")."""
    declaration = declared(intent)
    # Help read from its examples alone ("what do you do") is small talk too: "do u have to
    # pick a subject" is not a question about the bot.
    chat = intent == "help" and intent not in analysis.cue_hits
    if declaration is None or not (declaration.small_talk or chat):
        return intent
    cued = [
        s.intent
        for s in analysis.scores
        if s.intent in analysis.cue_hits
        and s.intent != FOLLOWUP
        and not ((d := declared(s.intent)) is not None and d.small_talk)
    ]
    # "what is ceu", "what is praxis": small talk read from how the sentence is built, while
    # its one word asks about something else.
    asks = intent not in analysis.cue_hits and [c for c in cued if c != "career.overview"]
    if len(set(analysis.tokens) - FILLER) <= _SMALL_TALK_WORDS and not asks:
        return intent
    if cued:
        return cued[0]
    if analysis.careers and analysis.asks_something:
        # "my cousin is a school psychologist. how long did she have to go to school?": a
        # longer message that asks about a career is no goodbye, whatever phrase of one it
        # holds ("ok bye, i have to go talk to my school counselor now" still is).
        readings = [
            s
            for s in analysis.scores
            if s.intent != FOLLOWUP and not ((d := declared(s.intent)) and d.small_talk)
        ]
        if not readings:
            return intent
        # ...and a question about it asks one of its aspects, when one is about as close.
        aspect = next((s for s in readings if is_aspect(s.intent)), None)
        if aspect is not None and readings[0].score - aspect.score < policy.clarify_margin:
            return aspect.intent
        return readings[0].intent
    return intent


_YIELDS_TO_A_TOPIC = frozenset({"career.overview", "career.outlook", "career.skills"})
_LIST_ACTIONS = frozenset({"save_career", "saved.remove"})  # what is done to a named career


_DEGREE_WORDS = frozenset(
    "degree degrees master masters doctorate phd associate associates bachelor bachelors".split()
)


def _degree_named_alone(analysis: Analysis, ctx: Context) -> bool:
    """A degree named with no career, no kind of job and no question open ("is a master's
    required for most education jobs"), not a teaching license (how any teacher starts)."""
    routes = [h for h in analysis.hits if h.kind == "route"]
    return (
        bool(routes)
        and not analysis.groups
        and ctx.pending is None
        and all(_DEGREE_WORDS & set(h.text.split()) for h in routes)
    )


def _cued_near_tie(analysis: Analysis, ctx: Context, policy: Policy, intent: str) -> str:
    """A question about a career (named, or the one being discussed) that its cues ask, a
    little behind a general reading with none of its own: "compare that with being a nursing
    professor at a community college" reads like "can I become X with a community college",
    but it asks for a comparison; "do u have to teach first" about a principal asks how to
    get there, not about teachers' continuing education."""
    top = analysis.scores[0]
    # What teachers in general do, their future or their skills, asked along with a topic of
    # the field ("will automation change what teachers do day to day", "tech skills
    # educators need"): the topic answers it for all of them; pay and school have general
    # answers of their own (the range across the kinds).
    broad = intent not in analysis.cue_hits or intent in _YIELDS_TO_A_TOPIC
    if careers_needed(intent) != 0 and broad and analysis.groups and not analysis.careers:
        # "will robots be teachers one day", "will automation change what teachers do day
        # to day": a cued question about the field, a little behind an aspect read from the
        # examples or from an overview's broad cue, which would only ask "which kind of
        # teacher?".
        # Farther behind too, when nothing cues the top reading: "CEUs for educators
        # online", "how many PD hours do teachers need" read like "teachers" alone.
        topics = [
            s
            for s in analysis.scores[1:]
            if (top.score - s.score < policy.cued_gap or broad)
            and (_field_topic(analysis, s.intent) or _route_named(analysis, s.intent))
        ]
        if topics:
            return topics[0].intent  # the best-read of them ("online CEUs": the CEUs)
    if intent in analysis.cue_hits:
        return intent
    if careers_needed(intent) != 0:
        # "how does that compare to being a teacher", about a librarian: it reads like "what
        # does it take to be a teacher", but its one cue asks for a comparison.
        compare = next((s for s in analysis.scores if s.intent == "career.compare"), None)
        if (
            compare is not None
            and "career.compare" in analysis.cue_hits
            and _COMPARING & set(analysis.tokens)
            and not _cued_aspects(analysis)
            and (analysis.careers or ctx.career)
            and top.score - compare.score < policy.cued_gap
        ):
            return "career.compare"
        if intent == "career.overview":
            # "could i teach middle schoolers if im shy": the career named reads like a bare
            # "tell me about X", a hair ahead of the aspect the words ask; "delete the
            # trainer one" asks to take it off the list.
            asked = [
                s
                for s in analysis.scores[1:3]
                if (is_aspect(s.intent) or s.intent in _LIST_ACTIONS)
                and s.intent in analysis.cue_hits
                and top.score - s.score < policy.clarify_margin
            ]
            if len(asked) == 1:
                return asked[0].intent
        return intent
    if not analysis.careers and not ctx.career:
        if analysis.routes and intent != "pathway.info":
            # "are there apprenticeships in education": the route it names, cued, a little
            # behind the list of jobs.
            route = next((s for s in analysis.scores[1:3] if s.intent == "pathway.info"), None)
            if (
                route is not None
                and "pathway.info" in analysis.cue_hits
                and top.score - route.score < policy.cued_gap
            ):
                return "pathway.info"
        if analysis.routes or analysis.groups:
            return intent  # about the route or the kind of job named, whatever else it cues
        # A general question its own words cue, a little behind one they don't: "what is this
        # bot" asks about the bot, however much it reads like "what is this cluster".
        general = [
            s
            for s in analysis.scores[1:3]
            if s.intent in analysis.cue_hits
            and careers_needed(s.intent) == 0
            and top.score - s.score < policy.cued_gap
        ]
        return general[0].intent if len(general) == 1 else intent
    cued = [
        s
        for s in analysis.scores[1:]
        if s.intent in analysis.cue_hits
        and careers_needed(s.intent) > 0
        and top.score - s.score < policy.cued_gap
    ]
    return cued[0].intent if len(cued) == 1 else intent


def _field_topic(analysis: Analysis, intent: str) -> bool:
    """A cued question about the field that may be about a career too (technology)."""
    declaration = declared(intent)
    return (
        intent in analysis.cue_hits
        and careers_needed(intent) == 0
        and declaration is not None
        and declaration.context_career
    )


def _route_named(analysis: Analysis, intent: str) -> bool:
    """A question about a route the message names ("what is a grow your own teacher
    program")."""
    return intent == "pathway.info" and bool(analysis.routes)


# Words a request for a list of careers has ("jobs in schools besides X", "other roles").
_LISTED_WORDS = frozenset(
    "job jobs career careers role roles option options position positions list kinds types "
    "other others besides".split()
)


def _what_it_asks(analysis: Analysis, intent: str) -> str:
    """The intent read from the examples, unless the message's cues name one other aspect:
    "what do they make" is about pay, however much it reads like "what do they do"."""
    cued = _cued_aspects(analysis)
    if (
        intent == "career.compare"
        and len(analysis.careers) < 2
        and "career.compare" not in analysis.cue_hits
    ):
        # "teacher assistant need university or no?" reads like "X or Y", with one career.
        return cued[0] if len(cued) == 1 else "career.overview"
    if (
        intent == "careers.list"
        and analysis.careers
        and "careers.list" not in analysis.cue_hits
        and not _LISTED_WORDS & set(analysis.tokens)
    ):
        # "speech therapist in schools caseload" reads like "jobs in schools besides X", but
        # asks for no list: it is about the career it names.
        return cued[0] if len(cued) == 1 else "career.overview"
    declaration = declared(intent)
    general = (
        declaration is not None
        and careers_needed(intent) == 0
        and not declaration.context_career
        and not declaration.small_talk
        and intent not in ("recommend", "help")
    )
    if general and analysis.subject and not analysis.only_people_known and len(cued) == 1:
        # "pick something from the education cluster... what does a superintendent do": a
        # career named and an aspect asked outweigh the words of a general question ("my
        # counselor mentioned the cluster, explain it": not when the career is who said it).
        return cued[0]
    if (
        intent in ("career.education", "pathway.info")
        and "continuing_education" in analysis.cue_hits
        and not [i for i in cued if i not in ("career.education", "career.overview")]
    ):
        # "does the license need renewing", "a masters after teaching a few years: worth it?"
        return "continuing_education"
    if (
        intent in _GENERAL_TOPICS
        and not analysis.careers
        and any(c.split()[:2] == ["are", "you"] for c in analysis.cue_hits.get("help", ()))
    ):
        return "help"  # "r u an ai or a real person" asks about the bot, not about AI
    if intent == "help" and not analysis.careers and _with_a_route(analysis):
        return "pathway.info"  # "what can you do with a major in education": the route
    if intent in ("cluster.overview", "pathway.info") and _asks_for_careers(analysis):
        # "which careers in the cluster need only a high school diploma": careers, filtered.
        return "careers.list"
    if intent == "recommend" and analysis.careers:
        if intent not in analysis.cue_hits:
            # "i wanna be like my counselor when i grow up": the career named, not a
            # suggestion.
            return "career.overview"
        specific = [i for i in cued if i != "career.overview"]
        if len(specific) == 1:
            # "i want to work with kids?? ... do u need a bachelors to teach kindergarten":
            # what it asks about the career it names.
            return specific[0]
    if intent == "careers.list" and _RECOMMEND_WORDS & {
        w for cue in analysis.cue_hits.get("recommend", ()) for w in cue.split()
    }:
        return "recommend"  # "which careers would you recommend for someone who..."
    saving = "save_career" in analysis.cue_hits or (
        "saved.list" in analysis.cue_hits and _saves_something(analysis)
    )
    if saving and _is_short(analysis) and analysis.careers:
        return "save_career"  # "add principal too", "i want the principal one saved"
    if not (is_aspect(intent) or intent == FOLLOWUP):
        return intent
    # An overview cue ("stressful") outweighs an aspect only read from the examples; against
    # a cued aspect it is too broad ("what is their pay like").
    if len(cued) == 1 and (cued[0] != "career.overview" or intent not in analysis.cue_hits):
        return cued[0]
    if len(cued) > 1:
        # "what skill is necessary": the aspect named right after the question word is
        # what is asked; the rest says something about it.
        asked = _asked_by_name(analysis, cued)
        if asked is not None:
            return asked
        # "is becoming a principal worth it financially": becoming one is what is weighed,
        # not how; the other aspect is asked.
        rest = [i for i in cued if not _only_becoming(analysis, i)]
        if len(rest) == 1:
            return rest[0]
    return intent


def _only_becoming(analysis: Analysis, intent: str) -> bool:
    return intent == "career.education" and set(analysis.cue_hits.get(intent, ())) <= _BECOMING


_BECOMING = frozenset({"become", "becoming"})


def _asked_by_name(analysis: Analysis, cued: list[str]) -> str | None:
    text = f" {' '.join(analysis.tokens)} "
    named = [
        intent
        for intent in cued
        if any(
            f" {wh} {cue.split()[0]} " in text
            for cue in analysis.cue_hits.get(intent, ())
            for wh in ("what", "which")
        )
    ]
    return named[0] if len(named) == 1 else None


def _with_a_route(analysis: Analysis) -> bool:
    """ "... with a major in education": a route is what the question is done with."""
    return any(
        h.kind == "route" and "with" in analysis.tokens[max(0, h.start - 2) : h.start]
        for h in analysis.hits
    )


_GENERAL_TOPICS = frozenset({"technology", "cluster.overview", "careers.list"})
# Asking for a recommendation, not stating a like ("i like the idea... which pay the most").
_RECOMMEND_WORDS = frozenset({"recommend", "suggest", "suit", "suits", "fit", "fits"})


def _asks_for_careers(analysis: Analysis) -> bool:
    """A sentence of the message starts by asking which careers ("Which education jobs...",
    "what careers...", "list the careers..."), not "What is the cluster, and what kinds of
    jobs does it include?"."""
    said = [cue.split()[:2] for cue in analysis.cue_hits.get("careers.list", ())]
    starts = [clean(piece).split()[:2] for piece in question_pieces(analysis.text)]
    return any(cue[0] in _LISTING and start[: len(cue)] == cue for cue in said for start in starts)


_LISTING = frozenset({"which", "what", "list"})


# Small talk is a short message: "aight thx", "ok bye", not "thanks, how do i become one".
_SMALL_TALK_WORDS = 4


_AS_A_JOB = _BECOMING | {"as", "being"}
# Words of earning; "make" is one only beside them or with a cue ("they make the lessons?").
_EARNING = frozenset(
    {"earn", "money", "paid", "pay", "salary", "salaries", "paycheck", "wage", "wages", "income"}
)
_PAY_WORDS = _EARNING | {"make"}


def _job_in_question(analysis: Analysis) -> bool:
    """ "how much will i make as a school counselor": the student's own pay, in a job of the
    cluster named as the one they would do, is that job's pay, not a personal question."""
    about_pay = all(_PAY_WORDS & set(h.text.split()) for h in analysis.hits if h.kind == "request")
    return about_pay and any(
        h.kind in ("career", "group")
        and _AS_A_JOB & set(analysis.tokens[max(0, h.start - 2) : h.start])
        for h in analysis.hits
    )


def _request_first(analysis: Analysis) -> bool:
    """ "write me a cover letter for a kindergarten teacher job": the request is what is
    asked, the career only what it is about ("do teachers write a lesson plan?" is not)."""
    starts = {h.kind: h.start for h in reversed(analysis.hits)}
    return "request" in starts and "career" in starts and starts["request"] < starts["career"]


def _small_talk(analysis: Analysis, policy: Policy) -> str | None:
    """A short message with a greeting's, a goodbye's or a thanks's cue, naming nothing."""
    if analysis.hits or len(set(analysis.tokens) - FILLER) > _SMALL_TALK_WORDS:
        return None
    return _cued_small_talk(analysis, policy)


def _cued_small_talk(analysis: Analysis, policy: Policy) -> str | None:
    """The small talk whose cue the message has, when it cues nothing else."""
    talk = [
        s
        for s in analysis.scores
        if s.intent in analysis.cue_hits
        and (d := declared(s.intent)) is not None
        and d.small_talk
        and s.score >= policy.small_talk_floor
    ]
    others = [i for i in analysis.cue_hits if (d := declared(i)) is None or not d.small_talk]
    return talk[0].intent if talk and not others else None


_EXAMPLE_MARKS = frozenset({"like", "such", "including", "eg", "example", "examples"})


def _named_as_examples(analysis: Analysis) -> bool:
    """Careers given as examples of a kind ("jobs like tutor, aide and library assistant"),
    not the ones asked about ("which pays the most, librarian, tutor or para?")."""
    first = next((h for h in analysis.hits if h.kind == "career"), None)
    return first is not None and bool(
        _EXAMPLE_MARKS & set(analysis.tokens[max(0, first.start - 3) : first.start])
    )


_JOBS_PLURAL = frozenset(
    {"jobs", "careers", "roles", "positions", "ones", "options", "them", "those", "these"}
)
_LISTING = frozenset({"which", "what", "show", "list", "any", "name"})
_ABOUT_ME = frozenset({"i", "im", "my", "myself", "id", "ive", "mine"})
_TELLING = frozenset({"show", "tell", "give", "list", "name"})  # "show me": no self-description


def _asks_for_a_list(analysis: Analysis) -> bool:
    """Jobs asked for by what they involve ("which jobs work with teenagers"), with nothing
    said about the student ("i like kids, what fits me" asks for a suggestion)."""
    tokens = analysis.tokens
    if not (_JOBS_PLURAL & set(tokens) and _LISTING & set(tokens)):
        return False
    about_me = _ABOUT_ME & set(tokens) or any(
        t == "me" and (i == 0 or tokens[i - 1] not in _TELLING) for i, t in enumerate(tokens)
    )
    return not about_me


# An aspect said by a noun alone, as a follow-up: "and school?", "the pay?".
_ASPECT_NOUNS = {
    **dict.fromkeys(
        "education school schooling degree degrees college requirements certification "
        "license licensing qualifications credentials".split(),
        "career.education",
    ),
    **dict.fromkeys(_EARNING, "career.salary"),
    **dict.fromkeys("outlook future demand growth".split(), "career.outlook"),
    **dict.fromkeys("skills qualities".split(), "career.skills"),
}
_POINTING = PRONOUNS | {"ones"}


def _aspect_named_alone(analysis: Analysis, ctx: Context) -> str | None:
    """The aspect a short follow-up names with nothing else, about the career at hand."""
    if ctx.career is None or analysis.hits or ctx.pending is not None or _is_long(analysis):
        return None
    tokens = analysis.tokens
    if not (analysis.asks_something or tokens[:1] in (("and",), ("the",)) or len(tokens) <= 2):
        return None  # "thats a lot of school": a reaction, not a question
    words = _saying(analysis) - _POINTING
    if words & (COMPARING_WORDS | _WHICH):
        return None  # "which pays more": a comparison, if anything
    aspects = {_ASPECT_NOUNS.get(w) for w in words}
    if not words or len(words) > 2 or len(aspects) != 1 or None in aspects:
        return None
    return aspects.pop()


def _than_that(analysis: Analysis) -> bool:
    """ "is that more than ...", "is it less than ...": what was just said, measured
    against something else."""
    tokens = analysis.tokens
    return "than" in tokens and bool(COMPARING_WORDS & set(tokens)) and _points_back(tokens)


def _jobs_of_the_cluster(analysis: Analysis) -> bool:
    """Jobs asked for before the cluster is named ("what jobs are in the cluster"), not the
    cluster asked about first ("what is the cluster? name 3 careers in it")."""
    tokens = analysis.tokens
    jobs = next((i for i, t in enumerate(tokens) if t in _JOBS_PLURAL), None)
    cluster = next((i for i, t in enumerate(tokens) if t == "cluster"), None)
    return jobs is not None and (cluster is None or jobs < cluster)


def _small_talk_about_someone(analysis: Analysis, policy: Policy) -> str | None:
    """Thanks or a goodbye that mentions someone the student knows by their job, and asks
    nothing: "ok bye, my tutor just got here" is a goodbye, not a question about tutors."""
    if not analysis.careers or analysis.asks_something:
        return None
    named = [h for h in analysis.hits if h.kind in ("career", "group")]
    if not all(_someone_known(analysis, h) for h in named):
        return None
    return _cued_small_talk(analysis, policy)


def _someone_known(analysis: Analysis, hit: EntityHit) -> bool:
    """A career said as someone's own ("my tutor") or as what someone the student knows is
    ("my aunt is a school counselor")."""
    return analysis.owned(hit) or said_of_someone(analysis.tokens, hit.start)


def _sets_aside_its_group(analysis: Analysis) -> bool:
    """A message naming a kind of job only to leave it out, and reading like a list."""
    groups = [h for h in analysis.hits if h.kind == "group"]
    if not groups or analysis.careers or len(groups) != len(analysis.hits):
        return False
    if not all(set_aside(analysis.tokens, h.start) for h in groups):
        return False
    return any(s.intent == "careers.list" for s in analysis.scores[:_LIST_NEAR])


_LIST_NEAR = 4  # how near the top the list's reading must be


def _about_their_own_life(analysis: Analysis) -> bool:
    """ "why did my principal give me a bad evaluation", "is my principal allowed to take my
    phone": every career named is someone the student knows, and the question is about what
    happened to them, not about the job (nothing the bot answers is cued)."""
    named = [h for h in analysis.hits if h.kind == "career"]
    if not named or analysis.cue_hits or len(analysis.hits) != len(named):
        return False  # "can my counselor help me pick a career" asks something we answer
    tokens = analysis.tokens
    if not all(tokens[h.start - 1 : h.start] == ("my",) for h in named):
        return False
    inside = {i for h in named for i in range(h.start - 1, h.end)}
    return any(t in ("me", "my") for i, t in enumerate(tokens) if i not in inside)


_ACK_WORDS = 3  # "lol ok", "got it", "thats a lot": an acknowledgement is a few words
_ACKNOWLEDGING = frozenset(
    "ok okay k kk cool got alright aight bet nice sure oh ah wow lot interesting".split()
)


def _only_its_cue(analysis: Analysis, intent: str) -> bool:
    """Nothing but the words of one cue ("per hour?", "hourly?"), however low the examples
    score so short a message."""
    words = {w for cue in analysis.cue_hits.get(intent, ()) for w in cue.split()}
    return bool(words) and _saying(analysis) <= words


def _uncued_small_talk(analysis: Analysis) -> bool:
    """A short message that reads like a goodbye or a thanks only from the examples, without
    one of their cues ("ok" reads like "ok im out", "thats a lot of school" like "thats
    helpful"): an acknowledgement is neither."""
    top = analysis.top
    return (
        top is not None
        and top.intent in ("goodbye", "thanks")
        and not analysis.cue_hits  # "per hour?" asks about pay, however it scores
        and not analysis.hits
        and len(set(analysis.tokens) - FILLER) <= _ACK_WORDS
    )


def _asks_nothing_of_a_career(analysis: Analysis, ctx: Context) -> bool:
    """A message that names no job and whose words cue nothing, with no "which kind?" open:
    its reading came from how its sentence is built ("how do i get ..."), not from its words
    ("what job in a school is good for him" cues a suggestion)."""
    return not analysis.cue_hits and ctx.pending is None and not ctx.suggestions


def _mostly_unknown(analysis: Analysis, policy: Policy) -> bool:
    return not analysis.routes and analysis.coverage < policy.off_topic_coverage


def _off_topic(analysis: Analysis, ctx: Context, policy: Policy) -> bool:
    top = analysis.top
    if top is None or analysis.hits or ctx.pending is not None:
        return False
    if (
        ctx.career
        and _points_back(analysis.tokens)
        and _cued_aspects(analysis)
        and analysis.asks_something
    ):
        return False  # "could i do it if i have a lisp myself": an aspect of the one at hand
    declaration = declared(top.intent)
    if declaration is None or declaration.small_talk or careers_needed(top.intent) != 0:
        return False
    if any(
        s.intent in analysis.cue_hits and top.score - s.score <= policy.cued_gap
        for s in analysis.scores[:3]
    ):
        return False  # a close reading its own words cue ("how long does that take usually")
    return analysis.coverage < policy.off_topic_coverage


# Cues of keeping a credential up: with a continuing-education cue, these are about renewing.
_KEEPING_UP = {"continuing_education", "career.education", "pathway.info", "career.overview"}


def _cued_reading(analysis: Analysis, policy: Policy) -> str | None:
    """The best-scoring intent near the top whose cues the message has, when it clearly
    leads every other cued one. Small talk is not read from a typo repair alone: "who won
    the lakers game last night" is no goodbye for a "laters"."""
    repaired = {fixed for _, fixed in analysis.corrections}
    cued = [
        s
        for s in analysis.scores[:3]
        if s.intent in analysis.cue_hits
        and s.intent != FOLLOWUP
        and not (
            (d := declared(s.intent)) is not None
            and d.small_talk
            and {w for cue in analysis.cue_hits[s.intent] for w in cue.split()} <= repaired
        )
    ]
    if not cued and (analysis.groups or analysis.careers) and len(analysis.cue_hits) == 1:
        # "What benefits are typically offered to public school teachers?": a job named and
        # one thing asked about it, however little the sentence is like the examples.
        only = next(iter(analysis.cue_hits))
        if is_aspect(only) or _field_topic(analysis, only):
            return only
    if not cued or cued[0].score < policy.cued_floor:
        return None
    if "continuing_education" in analysis.cue_hits and set(analysis.cue_hits) <= _KEEPING_UP:
        return "continuing_education"  # "teacher license renewal": keeping one, not getting it
    if len(cued) > 1 and cued[0].score - cued[1].score < policy.named_margin:
        return None
    return cued[0].intent


def _path_to_named_career(analysis: Analysis, careers: list[str]) -> bool:
    """ "My kid keeps talking about being a superintendent. What's the education path?": a
    path asked, no route named, a career named: the path to that career."""
    return (
        bool(careers)
        and "pathway.info" in (analysis.asked_cues or analysis.cue_hits)
        and "career.overview" not in analysis.cue_hits
        and not analysis.routes
        and not analysis.others
        and not _cued_aspects(analysis)
    )


def _route(analysis: Analysis, intent: str) -> str | None:
    return analysis.routes[0] if intent == "pathway.info" and analysis.routes else None


def _cued_aspects(analysis: Analysis) -> list[str]:
    """The aspects (pay, skills...) whose cues the message has, the overview only when no
    other aspect is cued ("what does a principal do, and the pay?" asks about pay too)."""
    for hits in (analysis.asked_cues, analysis.cue_hits):  # the question's own words first
        cued = [i for i in hits if is_aspect(i)]
        specific = [i for i in cued if i != "career.overview"]
        if any(
            _asks_what_it_is(cue) and analysis.template.endswith(cue.split(" ", 1)[1])
            for cue in hits.get("career.overview", ())
        ):
            # "...she wants to become a curriculum specialist, what is that": the career
            # named, then what it is asked; the rest is the story.
            return ["career.overview"]
        if cued:
            return specific or cued
    return []


_THE_ONE_NAMED = frozenset({"that", "this", "it", "those"})


def _asks_what_it_is(cue: str) -> bool:
    """An overview cue matched as a career then "what is that" ("what job is that")."""
    words = cue.split()
    return len(words) >= 3 and words[0] == CAREER_SLOT and words[-1] in _THE_ONE_NAMED


def _aspect_pointed_at(analysis: Analysis, policy: Policy) -> str | None:
    """The aspect a message asks of "they" / "that" when it names nothing and cues nothing:
    the best reading, when it is an aspect and clearly leads every other aspect."""
    if analysis.hits or analysis.cue_hits or not _points_back(analysis.tokens):
        return None
    aspects = [s for s in analysis.scores if is_aspect(s.intent)]
    top = analysis.top
    if not aspects or top is None or aspects[0] is not top or top.score < policy.named_floor:
        return None
    if len(aspects) > 1 and top.score - aspects[1].score < policy.named_margin:
        return None
    if top.intent == "career.salary" and not _EARNING & set(analysis.tokens):
        return None  # without a cue, "they make the lessons?" is making, not earning
    return top.intent


def _named_aspect(analysis: Analysis, ctx: Context, policy: Policy) -> str:
    """What to say about a career named in a message read with little confidence."""
    best = next(
        (s for s in analysis.scores[:3] if is_aspect(s.intent) or s.intent == FOLLOWUP), None
    )
    if best is None or best.score < policy.named_floor:
        return "career.overview"
    if best.intent == FOLLOWUP:  # "nah thats low. what about subs": the last question again
        return ctx.intent if ctx.intent and is_aspect(ctx.intent) else "career.overview"
    return best.intent


def _pair_follow_up(analysis: Analysis, ctx: Context, policy: Policy) -> Decision | None:
    """After two careers: "the first one" and "the second" are the pair in the order named,
    "the other one" is the one not just answered about, "save both" saves the two. Only
    short messages that name no career of their own."""
    ordinal = _pair_ordinal(analysis, ctx, policy)
    if ordinal is not None:
        return ordinal
    if analysis.careers or analysis.others or len(ctx.careers) < 2:
        return None
    tokens = set(analysis.tokens)
    saves = "save_career" in analysis.cue_hits or _saves_something(analysis)
    if saves and tokens & _BOTH and _is_short(analysis):
        # "save both", "save all three": the ones just compared, else the last two discussed
        # "all three" is the three set side by side, even after "the second one".
        whole = ctx.compared or bool(tokens & _ALL_OF_THEM)
        saved = ctx.pair if whole and len(ctx.pair) >= 2 else ctx.careers[:2]
        return Decision("answer", "save_career", 0.9, careers=list(saved))
    words = _saying(analysis) - _PAIR_FILLER  # "tell me more about" says nothing
    if len(words) > 2:
        return None
    if _the_other(analysis.tokens):
        pair = ctx.pair if ctx.career in ctx.pair and len(ctx.pair) == 2 else ctx.careers[:2]
        other = pair[1] if pair[0] == ctx.career else pair[0]
        return Decision("answer", _asked_about(analysis, ctx, policy), 0.9, careers=[other])
    return None


def _the_other(tokens: tuple[str, ...]) -> bool:
    """ "the other one", "what about the other": not "are there other options"."""
    return any(
        t == "other" and tokens[i + 1 : i + 2] in ((), ("one",), ("ones",), ("1",))
        for i, t in enumerate(tokens)
    )


_PAIR_ORDINALS = {
    "first": 0,
    "1st": 0,
    "former": 0,
    "second": 1,
    "2nd": 1,
    "latter": -1,  # the last of them, two or three
    "third": 2,
    "3rd": 2,
}


# Place words that pick one only before "one": "the last one", "the middle one".
_PLACE_BEFORE_ONE = frozenset({"last", "middle"})


def _ordinal_words(tokens: tuple[str, ...]) -> list[str]:
    """The words that pick one of the careers by place; "last" and "middle" only as "the last
    one", "the middle one" (not "last year", "middle school")."""
    return [
        t
        for i, t in enumerate(tokens)
        if t in _PAIR_ORDINALS
        or (t in _PLACE_BEFORE_ONE and tokens[i + 1 : i + 2] in (("one",), ("1",)))
    ]


def _pair_ordinal(analysis: Analysis, ctx: Context, policy: Policy) -> Decision | None:
    """ "how much school does the first one need" after two careers were named together, or
    talked about one after the other (see advance). A career "named" by the ordinal word
    itself ("first" of first grade) does not count."""
    if len(ctx.pair) < 2 or ctx.pending is not None:
        return None
    words = _ordinal_words(analysis.tokens)
    if len(words) != 1 or _is_long(analysis):
        return None
    own = [h for h in analysis.hits if h.kind == "career" and not set(h.text.split()) <= set(words)]
    if own:
        return None
    if any(analysis.tokens[h.end : h.end + 1] == (words[0],) for h in analysis.hits):
        return None  # "do you need to be a teacher first": before, not the first of them
    if words[0] == "middle":
        if len(ctx.pair) != 3:
            return None  # no middle one of two, and of four or more not one
        index = 1
    else:
        index = _PAIR_ORDINALS.get(words[0], -1)  # "the last one": -1 too
    if index < 0:
        index = len(ctx.pair) - 1
    if index >= len(ctx.pair):
        return None  # "the third one" of two
    career = ctx.pair[index]
    intent = _asked_about(analysis, ctx, policy)
    return Decision("answer", intent, 0.9, careers=[career])


def _asked_about(analysis: Analysis, ctx: Context, policy: Policy) -> str:
    """For a short follow-up about one career: what its cues ask, a save, what it plainly
    reads as ("how much does the second one make"), or else the question the conversation
    was on."""
    cued = _cued_aspects(analysis)
    if len(cued) == 1:
        return cued[0]
    if "save_career" in analysis.cue_hits:
        return "save_career"
    if _bare_how_much(analysis.tokens):
        return "career.salary"  # "the last one, how much"
    top = analysis.top
    placing = {*_PAIR_ORDINALS, *ORDINALS, *_PLACE_BEFORE_ONE, "one", "ones"}
    asks = set(analysis.tokens) - FILLER - placing
    if asks and top is not None and is_aspect(top.intent) and top.score >= policy.threshold:
        return top.intent
    return ctx.intent if is_aspect(ctx.intent) and ctx.intent else "career.overview"


# After "how much", the words that make it a question of school, not of pay.
_MUCH_OF = frozenset("school schooling college education years time training experience".split())


def _bare_how_much(tokens: tuple[str, ...]) -> bool:
    """ "how much" asked of a career with nothing after it but filler: its pay."""
    return any(
        tokens[i : i + 2] == ("how", "much") and not _MUCH_OF & set(tokens[i + 2 :])
        for i in range(len(tokens) - 1)
    )


def _compare_focus(analysis: Analysis) -> str | None:
    """The aspect a comparison asks about ("which needs more school"), if one stands out."""
    hinted = [i for i in analysis.cue_hits if is_aspect(i) and i != "career.overview"]
    if len(hinted) == 1:
        return hinted[0]
    best = next((s for s in analysis.scores if is_aspect(s.intent)), None)
    if best is not None and best.intent != "career.overview" and best.score >= _FOCUS_FLOOR:
        return best.intent
    return None


# "which one", "which of them", "which of those two": one of the pair just compared.
_ONE_OF_THEM = frozenset({"one", "ones", "them", "those", "these", "two"})


# "those three", "all 3": how many of the careers discussed a question is about.
_HOW_MANY = {"two": 2, "2": 2, "three": 3, "3": 3}
_POINTING_AT_MANY = frozenset({"those", "these", "all", "the", "them"})


def _the_ones_meant(analysis: Analysis, ctx: Context) -> list[str]:
    """The careers a question about "them" means: the ones named together, else the last
    ones discussed, in the order they came up; "those three" takes three."""
    tokens = analysis.tokens
    wanted = next(
        (
            _HOW_MANY[t]
            for i, t in enumerate(tokens)
            if t in _HOW_MANY and i > 0 and tokens[i - 1] in _POINTING_AT_MANY
        ),
        None,
    )  # "those three", "all 3", "the two of them"; not "a 3 day work week"
    if len(ctx.pair) >= 2 and wanted in (None, len(ctx.pair)):
        return ctx.pair
    if wanted is None or wanted > len(ctx.careers):
        wanted = 2
    return list(reversed(ctx.careers[:wanted]))


def _pair_question(analysis: Analysis, ctx: Context) -> Decision | None:
    """ "which needs more school?" after two careers: compare them on that aspect; not when
    the message asks about a job of its own ("what do pharmacists make"), rather than the
    two ("not nurse. of the two, which...")."""
    tokens = set(analysis.tokens)
    if analysis.careers or len(ctx.careers) < 2:
        return None
    if analysis.others and not (_BOTH | _ONE_OF_THEM) & tokens:
        return None
    pair = _the_ones_meant(analysis, ctx)
    if (
        _COMPARING & set(analysis.tokens)
        and _is_short_follow_up(analysis)
        and not analysis.routes
        and not analysis.groups  # "compare that to being a teacher": a kind still to choose
    ):
        # "what is different of these two?", "compare them"
        focus = _compare_focus(analysis)
        return Decision("answer", "career.compare", 0.9, careers=pair, focus=focus)
    if (
        (ctx.intent == "career.compare" or ctx.compared or "both" in tokens)
        and len(pair) >= 2
        and ctx.pending is None
        and (_is_short(analysis) or (_BOTH & tokens and not _is_long(analysis)))
        and not analysis.groups
        and not analysis.routes
    ):
        # Right after a comparison, "and job demand?", "how much do they make", "what about
        # job growth for both": the same two, on that aspect; "how much do both make" after
        # one and then the other, the two side by side.
        cued = _cued_aspects(analysis)
        if len(cued) == 1 and cued[0] != "career.overview":
            return Decision("answer", "career.compare", 0.9, careers=pair, focus=cued[0])
        if cued == ["career.overview"] and "both" in tokens:
            # "do they both work at schools": the two side by side, what each is like
            return Decision("answer", "career.compare", 0.9, careers=pair)
    if not (_WHICH & tokens):
        return None
    if (
        (ctx.intent == "career.compare" or ctx.compared)
        and len(ctx.pair) >= 2
        and tokens & _ONE_OF_THEM
        and not _is_long(analysis)
        and not analysis.groups
    ):
        # "which one can i do without a masters" right after the two were compared: which of
        # them meets it, side by side on what it asks.
        cued = [i for i in _cued_aspects(analysis) if i != "career.overview"]
        if len(cued) == 1:
            return Decision("answer", "career.compare", 0.9, careers=pair, focus=cued[0])
    against_the_rest = SUPERLATIVES & tokens and ({"which", "who", "whos"} & tokens)
    if not (COMPARING_WORDS & tokens or against_the_rest or any(_comparative(t) for t in tokens)):
        return None
    focus = _compare_focus(analysis)
    if focus is None and "better" not in tokens and not (_WHICH - {"what"}) & tokens:
        return None  # "what more is there": no comparison; "which ones easier": one
    # "which would suit me better": the two side by side, on no one aspect.
    return Decision("answer", "career.compare", 0.9, careers=pair, focus=focus)


def _sounds_like_compare(analysis: Analysis) -> bool:
    """Two careers joined as a pair ("X or Y", "X vs Y") or a comparison asked for
    ("difference", "which pays more"), not just two careers somewhere in a long message. In
    a long message, only its question asks ("I thought it was the same as a counselor. Do
    they make decent money?")."""
    asked = analysis.asked_cues or analysis.cue_hits
    if "career.compare" in asked:
        return True
    # "...i picked school counselor and school psychologist. first whats the pay for a school
    # counselor": the pair is the story; the question names one of them.
    return analysis.joined_careers and len(analysis.asked_careers) != 1


def _fallback(
    analysis: Analysis, policy: Policy, directory: CareerDirectory, confidence: float, reason: str
) -> Decision:
    """ "I didn't catch that", keeping what was understood: named careers go on the decision
    so the context remembers them for the next message."""
    suggestions = [
        s.intent
        for s in analysis.scores
        if s.score >= policy.suggestion_floor and s.intent != FOLLOWUP
    ][:3]
    career_suggestions = analysis.careers[:3] or directory.careers_like(analysis.tokens)
    # Only careers the message named: a "did you mean" guess is not something it said.
    named = analysis.careers[:2]
    return Decision(
        "fallback",
        "fallback",
        confidence,
        careers=named,
        reason=reason,
        suggestions=suggestions,
        career_suggestions=career_suggestions,
    )


def _too_close(analysis: Analysis, policy: Policy) -> list[str] | None:
    """Two career aspects scored within the margin, with no cue to break the tie."""
    if len(analysis.scores) < 2:
        return None
    first, second = analysis.scores[0], analysis.scores[1]
    if not is_aspect(first.intent) or not is_aspect(second.intent):
        return None
    if public_id(first.intent) == public_id(second.intent):
        return None  # "overview, or the school year?" asks nothing: both are about the job
    if first.score - second.score >= policy.clarify_margin:
        return None
    cued = set(analysis.cue_hits)
    if "pathway.info" in cued and not analysis.routes:
        cued.add("career.education")  # "what's the path?" with no route: the way in
    kw_first = first.intent in cued
    kw_second = second.intent in cued
    if kw_first != kw_second:
        return None
    if kw_first and "career.overview" in (first.intent, second.intent):
        return None  # a cued aspect is what is asked ("the future of X as a career")
    if kw_first and _asked_by_name(analysis, [first.intent, second.intent]) is not None:
        return None  # "wat skils u need for be libarian": the skills are what is asked
    return [first.intent, second.intent]


_EVERY = frozenset({"all", "every", "most", "any"})


def _all_of_them(analysis: Analysis) -> bool:
    """The generic word said of every kind ("do all teachers have to pass a test", "most
    teachers"), not of the kind being discussed."""
    hit = next(h for h in analysis.hits if h.kind == "group")
    if _EVERY & set(analysis.tokens[max(0, hit.start - 2) : hit.start]):
        return True
    # "is teaching in general stressful", "do teachers generally get summers off"; not
    # "do they need a license in dance or just teaching in general" (they: the kind at hand)
    if {"they", "them", "their"} & set(analysis.tokens[: hit.start]):
        return False
    after = analysis.tokens[hit.end : hit.end + 3]
    return "generally" in after or ("in", "general") in itertools.pairwise(after)


# Words asking for a way around the usual path: "without a teaching degree", "instead of".
_AROUND = frozenset({"without", "instead", "alternative", "alternate", "skip", "skipping"})


# Credentials and ways to earn them, the things a "vs" may set side by side in one career.
_CREDENTIALS = frozenset(
    "certificate certificates certification cert degree degrees masters master phd doctorate "
    "edd eds bachelors associate associates license licence credential mlis msw mls mba med "
    "bootcamp portfolio".split()
)
_VERSUS = frozenset({"vs", "versus", "or"})


def _credentials_compared(analysis: Analysis) -> bool:
    """A credential or route on each side of "vs" ("certificate vs masters", "eds or phd")."""
    tokens = analysis.tokens
    route_ends = {h.end for h in analysis.hits if h.kind == "route"}
    route_starts = {h.start for h in analysis.hits if h.kind == "route"}
    return any(
        tok in _VERSUS
        and 0 < j < len(tokens) - 1
        and (tokens[j - 1] in _CREDENTIALS or j in route_ends)
        and (tokens[j + 1] in _CREDENTIALS or j + 1 in route_starts)
        for j, tok in enumerate(tokens)
    )


def _route_for_every_kind(analysis: Analysis, directory: CareerDirectory) -> bool:
    """ "can u become a teacher without going to college for teaching, like alternative
    certification": a way around the usual path, named with a generic word, that leads to
    several of its kinds. ("do teachers need a license" depends on the kind: a question.)"""
    return (
        bool(analysis.routes and analysis.groups)
        and bool(_AROUND.intersection(analysis.tokens))
        and directory.route_fits_the_kind(analysis.routes[0], analysis.groups[0])
    )


# Where the career at hand works: "the teachers who work there", "the ones under them".
_THERE = frozenset({"there", "under"})


def _from_groups_or_context(
    analysis: Analysis, ctx: Context, directory: CareerDirectory
) -> list[str] | None:
    if analysis.groups:
        members = directory.group_careers(analysis.groups[0])
        if ctx.career in members and not _all_of_them(analysis):
            return [ctx.career]  # "do teachers need a license?" while talking about one kind
        if ctx.career and _THERE & set(analysis.tokens):
            # "the teachers who work there" of a daycare director: the kind it leads
            led = [c for c in directory.led_by(ctx.career) if c in members]
            if len(led) == 1:
                return led
        taught = directory.described(analysis.tokens, members, ages_only=True)
        if len(taught) == 1:
            return taught  # "teacher for small children, 3 or 4 years old": preschool
        if ctx.career and _group_as_predicate(analysis):
            # "do u have to be a teacher first" about a librarian: "teacher" is what they
            # must have been, the question is about the career being discussed.
            return [ctx.career]
        return None
    if ctx.career:
        return [ctx.career]
    return None


# "is being a chef for years enough": the job someone has done, not the one asked about.
_BACKGROUND = frozenset({"being", "was", "been", "as", "am", "im"})
# "be a mechanic first", "chef experience": the job as a step or a record, after its name.
_BACKGROUND_AFTER = frozenset({"first", "before", "experience", "background"})


def _background_only(analysis: Analysis) -> bool:
    """Every job outside the cluster the message names is experience someone has ("do they
    need a teaching degree or is being a chef for a long time enough", "do i need to be a
    chef first")."""
    others = [h for h in analysis.hits if h.kind == "other"]
    tokens = analysis.tokens
    return all(
        (
            _BACKGROUND & set(tokens[max(0, h.start - 2) : h.start])
            # "what about being a doctor": another job asked about, not a background
            and not _SWITCHING & set(tokens[max(0, h.start - 4) : h.start])
        )
        or (h.end < len(tokens) and tokens[h.end] in _BACKGROUND_AFTER)
        for h in others
    )


_SWITCHING = frozenset({"about", "instead", "rather"})


def _named_as_first_step(analysis: Analysis) -> bool:
    """The one career named is followed by "first" or "before": a step on the way to the
    career being discussed."""
    hit = next(h for h in analysis.hits if h.kind == "career")
    return analysis.tokens[hit.end : hit.end + 1] in (("first",), ("before",))


# Words of putting something on the list, as against showing it.
_PUT = frozenset({"put", "add", "keep", "want", "save", "remember", "bookmark", "lock"})
_TOO = frozenset({"too", "also", "aswell"})
# Saying so outright: "bet, add it" saves; "keep it up" and "i'll keep it in mind" do not.
_SAVING_VERBS = frozenset({"save", "add", "put", "bookmark", "lock", "remove", "delete"})
_OBJECTS = frozenset({"it", "that", "this", "one", "both", "those", "them"})
_SHOW = frozenset({"what", "show", "see", "view", "which"})


def _saves_something(analysis: Analysis) -> bool:
    """A message about the saved list that puts a career on it rather than asking to see it
    ("put librarian in my saved", not "what did i save? show it")."""
    tokens = set(analysis.tokens)
    if "saved.list" not in analysis.cue_hits or tokens & _SHOW:
        return False  # "i want them to explain" is no saving; "show what i saved" shows
    return bool(tokens & _PUT) and bool(analysis.careers or tokens & _OBJECTS)


_TEACHING = frozenset({"teach", "teaches", "teaching", "taught"})


def _group_as_predicate(analysis: Analysis) -> bool:
    hit = next(h for h in analysis.hits if h.kind == "group")
    if analysis.tokens[hit.end : hit.end + 1] == ("first",):
        return True  # "do u have to teach first": what comes before the career discussed
    before = analysis.tokens[max(0, hit.start - 2) : hit.start]
    if hit.text in _TEACHING and PRONOUNS & set(before):
        return True  # "do they still teach": what the career being discussed does
    if (
        hit.text in _TEACHING
        and len(before) == 2
        and before[0] in _FIELD_OF
        and before[1] == "in"
        and "careers.list" not in analysis.cue_hits  # "what jobs can i get with a degree in..."
    ):
        return True  # "a degree in teaching", "a background in teaching": a field of study
    # "this teacher", "that job": the one being discussed, whichever it is.
    return bool(_PREDICATE & set(before)) or bool(before and before[-1] in _DEMONSTRATIVES)


# What a field follows: "a degree in teaching", "a background in teaching".
_FIELD_OF = frozenset(
    "degree degrees major majors masters background experience certificate training".split()
)


def _clarify_career(
    analysis: Analysis,
    intent: str,
    confidence: float,
    directory: CareerDirectory,
    ctx: Context | None = None,
) -> Decision:
    if analysis.groups:
        group = analysis.groups[0]
        members = directory.group_careers(group)
        # "a teacher for kids 6 to 8": only the kinds that teach them.
        taught = directory.described(analysis.tokens, members, ages_only=True)
        if len(taught) == 1:
            return Decision("answer", intent, confidence, careers=taught, reason="narrowed")
        if not taught and not analysis.others:
            fits, sure = _clued_career(analysis, directory, members, _group_word(analysis))
            if sure:
                return Decision("answer", intent, confidence, careers=fits, reason="clued")
            taught = fits
        return Decision(
            "clarify",
            intent,
            confidence,
            options=taught or members,
            reason=f"group:{group}",
        )
    # Nothing understood is lost: the choices still open ("which kind?" unanswered) or the
    # careers just suggested are the ones "how much do they get paid" is about.
    carried: list[str] = []
    if ctx is not None and ctx.pending is not None and ctx.pending.kind == "career":
        carried = list(ctx.pending.options)
    elif ctx is not None and len(ctx.suggestions) >= 2:
        carried = list(ctx.suggestions)
    fitting: list[str] = []
    if _describes_a_job(analysis):
        fitting, sure = _clued_career(analysis, directory, carried)
        if sure:
            return Decision("answer", intent, confidence, careers=fitting, reason="clued")
    if len(carried) == 1 and ctx is not None and ctx.pending is not None:
        # "do you mean X?" left open and another question asked about it: X.
        return Decision("answer", intent, confidence, careers=carried)
    if carried:
        return Decision("clarify", intent, confidence, options=carried, reason="carried")
    if fitting:
        return Decision("clarify", intent, confidence, options=fitting, reason="clued")
    return Decision("clarify", intent, confidence, options=[], reason="no_career")


# Words of someone described rather than named: "the lady who...", "whats that job called",
# "my aunt decides what the whole district's math curriculum looks like".
_DESCRIBING = frozenset("who whose lady guy man woman person ones called".split())
# Someone close is described by what they do, not by what they say ("my dad says...").
_CLOSE = frozenset(
    "mom dad mother father aunt uncle sister brother cousin grandma grandpa neighbor friend".split()
)
_SAYING = frozenset("says said wants wanted told tells thinks thought keeps".split())
# ...and "job" after one of these: "what is that job", "her job", not "daycare cook job duties".
_THAT_JOB = frozenset("that the this her his their".split())
# Someone close described ("my aunt...") is answered from this many of a career's clues (one
# is enough for "the lady who..."); fewer make it a question.
_CLUES_TO_ANSWER = 2
# More careers than this fitting a description equally is no narrowing worth offering.
_MAX_CLUED = 3


def _describes_a_job(analysis: Analysis) -> bool:
    """Someone described, not named, and no job outside the cluster named for them."""
    tokens = analysis.tokens
    return not analysis.others and (
        _describes_a_person(analysis)
        or any(
            t in _CLOSE and tokens[i + 1 : i + 2] and tokens[i + 1] not in _SAYING
            for i, t in enumerate(tokens)
        )
    )


def _describes_a_person(analysis: Analysis) -> bool:
    """ "the lady who...", "whats that job called": one telltale word is enough then."""
    tokens = analysis.tokens
    return any(
        t in _DESCRIBING or (t == "job" and i and tokens[i - 1] in _THAT_JOB)
        for i, t in enumerate(tokens)
    )


def _group_word(analysis: Analysis) -> str:
    hit = next(h for h in analysis.hits if h.kind == "group")
    return hit.text.split()[-1]


def _clued_career(
    analysis: Analysis, directory: CareerDirectory, options: list[str], hit_word: str = ""
) -> tuple[list[str], bool]:
    """A job described by its work ("the lady who pulls kids out to practice their r
    sounds"): the careers it fits, and whether the one career has enough of its clues to be
    the answer (else they are the few to ask about). With ``hit_word`` (a generic word named,
    "teachers"), a career outside ``options`` only through a clue that holds that word
    ("...and trains the teachers on it": the teachers are who the job is for)."""
    fit = directory.clued(analysis.tokens, options)
    if not fit.careers and hit_word:
        outside = [
            c
            for c in directory.clued(analysis.tokens, containing=hit_word).careers
            if c not in options
        ]
        fit = directory.clued(analysis.tokens, outside) if len(outside) == 1 else fit
    enough = 1 if _describes_a_person(analysis) else _CLUES_TO_ANSWER
    describing = _describes_a_job(analysis)
    if not hit_word and not describing:
        return [], False
    if len(fit.careers) == 1 and fit.clues >= enough:
        return fit.careers, True
    if fit.clues < enough and not describing:
        return [], False  # "do teachers have to work at night": one word is no narrowing
    return (fit.careers if len(fit.careers) <= _MAX_CLUED else []), False


def _compare(
    analysis: Analysis,
    ctx: Context,
    careers: list[str],
    confidence: float,
    directory: CareerDirectory,
) -> Decision:
    chosen = _compared(analysis, careers)
    if not chosen and analysis.groups:
        members = directory.group_careers(analysis.groups[0])
        if ctx.career is None or ctx.career in members:
            return _clarify_career(analysis, "career.compare", confidence, directory)
        chosen = [ctx.career]  # "how does that compare to being a teacher?" about a librarian
    if len(chosen) == 1 and analysis.groups:
        kinds = [c for c in directory.group_careers(analysis.groups[0]) if c not in chosen]
        discussed = [c for c in ctx.careers if c in kinds]
        if discussed and _the_one_discussed(analysis):
            # "which pays more, the teacher or the aide" after a special ed teacher and her
            # aide: the kind being talked about.
            return Decision(
                "answer",
                "career.compare",
                confidence,
                careers=[discussed[0], *chosen],
                focus=_compare_focus(analysis),
            )
        # "librarian or teacher": compare librarians with which kind of teacher? (not with a
        # career talked about earlier: the kind named is the other side)
        return replace(_ask_second_career(chosen, confidence, directory), options=kinds)
    if not chosen and len(ctx.pair) >= 2:
        chosen = list(ctx.pair)  # "which one needs a phd": the two in the order named
    # Careers from the conversation come first, in the order they were discussed: after
    # principals, then counselors, "compare them" and "the first one" is the principal.
    earlier = [c for c in ctx.careers if c not in chosen][: max(0, 2 - len(chosen))]
    chosen = [*reversed(earlier), *chosen]
    if len(chosen) >= 2:
        return Decision(
            "answer", "career.compare", confidence, careers=chosen, focus=_compare_focus(analysis)
        )
    return _ask_second_career(chosen, confidence, directory)


def _the_one_discussed(analysis: Analysis) -> bool:
    """The generic word said as someone already talked about: "the teacher", "that teacher"."""
    hit = next(h for h in analysis.hits if h.kind == "group")
    return hit.start > 0 and analysis.tokens[hit.start - 1] in _THE_ONE_AT_HAND


_THE_ONE_AT_HAND = frozenset({"the", "that", "this", "her", "his"})


def _compared(analysis: Analysis, careers: list[str]) -> list[str]:
    """The careers to set side by side: a list of them named one after another ("librarian,
    tutor or para"), else the first two."""
    listed = analysis.listed_careers
    if listed and set(listed) <= set(careers):
        return list(listed)  # all of them: a save keeps every one, a comparison says so
    return list(careers[:2])


def _ask_second_career(known: list[str], confidence: float, directory: CareerDirectory) -> Decision:
    """ "Compare librarians with which career?", offering the related ones."""
    return Decision(
        "clarify",
        "career.compare",
        confidence,
        careers=known[:1],
        options=directory.related_careers(known[0]) if known else [],
        reason="compare_needs_two",
    )


def complete(decision: Decision, ctx: Context, directory: CareerDirectory) -> Decision:
    """An answer with fewer careers than its intent declares (a taught phrasing, a button):
    the conversation's careers fill the gap, or the bot asks. A handler always gets what its
    declaration says it needs."""
    need = careers_needed(decision.intent)
    if decision.kind != "answer" or len(decision.careers) >= need:
        return decision
    careers = list(decision.careers)
    for recent in ctx.careers:
        if len(careers) < need and recent not in careers:
            careers.append(recent)
    if len(careers) >= need:
        return replace(decision, careers=careers)
    if need == 2:
        return _ask_second_career(careers, decision.confidence, directory)
    return Decision("clarify", decision.intent, decision.confidence, reason="no_career")


def advance(
    ctx: Context, decision: Decision, now: float, analysis: Analysis | None = None
) -> Context:
    """The context after ``decision`` was acted on. From ``analysis``, the message's: every
    career it named, asked about or not (the ones not answered are kept behind the answered
    ones: "my brother has a para, a speech therapist and a psychologist... how much does the
    speech therapist make", then "which of those three is fastest"), and whose job each is."""
    ctx.updated_at = now
    mentioned = analysis.careers if analysis is not None else []
    if analysis is not None and analysis.people:
        ctx.tell(analysis.people)
    if len(decision.careers) >= 2 and decision.intent != "recommend":
        ctx.pair = list(decision.careers[:MAX_PAIR])  # the ones named together
    elif decision.kind == "clarify" and 2 <= len(decision.options) <= MAX_COMPARED:
        ctx.pair = list(decision.options)
    if ctx.pending is not None and _keeps_pending(decision, ctx):
        ctx.pending = replace(ctx.pending, misses=ctx.pending.misses + 1)
        return ctx  # the bot's question is still the one in the air
    if decision.kind == "fallback":
        ctx.pending = None
        if is_aspect(decision.asked):
            ctx.intent = decision.asked  # "what about librarians?" after "do nurses earn a lot?"
        if decision.careers:
            ctx.remember(decision.careers)  # a miss keeps what it understood
        return ctx
    if decision.kind == "clarify":
        kind: Literal["career", "intent", "compare"]
        if decision.reason == "close_intents":
            kind = "intent"
        elif decision.intent == "career.compare":
            kind = "compare"
        else:
            kind = "career"
        ctx.pending = Pending(kind, decision.intent, list(decision.options), list(decision.careers))
        if decision.careers:
            ctx.remember(decision.careers)  # a question back keeps what it understood
        return ctx
    ctx.pending = None
    if (
        len(decision.careers) == 1
        and ctx.careers
        and decision.careers[0] not in ctx.careers
        and decision.intent != "recommend"
    ):
        # From one career to another: "the first one" is the one before, "the second" this.
        ctx.pair = [ctx.careers[0], decision.careers[0]]
    # After "compare their skills", "and the first one?" is about skills too.
    ctx.intent = decision.focus or decision.intent
    ctx.compared = decision.intent == "career.compare" and len(decision.careers) >= 2
    if decision.route:
        ctx.route = decision.route
    if decision.careers and decision.intent != "recommend":
        aside = [c for c in mentioned if c not in decision.careers and c not in ctx.careers]
        ctx.remember([*decision.careers, *aside])
    return ctx
