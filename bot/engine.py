"""The conversation engine: one message in, one reply out, the conversation remembered.

``Engine.handle`` runs the data flow of DESIGN.md: load the scope's context, analyze the text
(pure), decide (pure), run the handler (pure), then persist context and event. Slash commands
and buttons call ``Engine.ask`` with explicit entities and reach the same handlers.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from intents import CLARIFY, Request, declared, dispatch, public_id, reports_careers
from intents.fallback import fallback as fallback_reply

from .config import Settings
from .context import MAX_SOURCES, Context, Scope
from .dialogue import (
    NAMED_ONLY,
    Decision,
    Policy,
    advance,
    complete,
    context_hints,
    decide,
)
from .directory import CareerDirectory
from .knowledge import KnowledgeBase
from .learning import GuildLearning, compile_learning
from .matcher import FOLLOWUP, Analysis, Matcher
from .records import Event, Learned
from .reply import STORAGE_FAILED, FollowUp, Reply
from .safety import SAFETY, Concern, SafetyScreen, Screening, describe
from .storage import StoreError, TurnStorage
from .text import asking_clauses, asks_outright, clean, question_pieces, split_questions

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Turn:
    scope: Scope
    text: str


@dataclass(frozen=True)
class TurnResult:
    intent: str
    career: str | None
    careers: list[str]
    pathway: str | None
    confidence: float
    reply: Reply
    kind: str  # answer | clarify | fallback | safety
    analysis: Analysis | None = field(default=None, repr=False)
    concern: Concern | None = None  # set when the message was a safety concern
    parts: tuple[TurnResult, ...] = ()  # answers to the message's further questions, in order

    @property
    def replies(self) -> tuple[Reply, ...]:
        """Every reply to send: this one, then one for each further question."""
        return (self.reply, *(p.reply for p in self.parts))

    def to_json(self) -> dict[str, Any]:
        """The JSON chat contract of DESIGN.md, exactly these keys."""
        return {
            "intent": self.intent,
            "career": self.career,
            "careers": list(self.careers),
            "pathway": self.pathway,
            "confidence": round(self.confidence, 3),
            "text": "\n\n".join(r.plain() for r in self.replies),
        }


NOTHING_ASKED = 'Ask me anything about careers in education, like "how much do librarians make?"'
# One message asking many questions (a pasted worksheet) is answered this far, in order.
MAX_ANSWERED_PARTS = 4
MORE_PARTS = (
    "That message asked {asked} questions; I answered the first {answered}. "
    "Ask me the rest one at a time."
)


@dataclass(frozen=True)
class Compiled:
    """A knowledge base ready to serve (see :meth:`Engine.compile`)."""

    kb: KnowledgeBase
    matcher: Matcher
    screen: SafetyScreen
    guilds: dict[str, GuildLearning]
    snapshot: dict[str, GuildLearning]  # the servers' learning it was compiled from


class Engine:
    def __init__(
        self,
        kb: KnowledgeBase,
        store: TurnStorage,
        *,
        policy: Policy | None = None,
        context_ttl: float = 1800.0,
        store_text: bool = True,
        safety_contact: str | None = None,
        quiz_hint: str = "/quiz",
        clock: Callable[[], float] = time.time,
        matcher: Matcher | None = None,
    ) -> None:
        """``matcher``: an already compiled matcher of ``kb`` to share (tests, evaluation)."""
        self.store = store
        self.policy = policy or Policy()
        self.context_ttl = context_ttl
        self.store_text = store_text
        self.safety_contact = safety_contact
        self.quiz_hint = quiz_hint
        self.clock = clock
        self._kb = kb
        self._matcher = matcher if matcher is not None and matcher.kb is kb else Matcher(kb)
        self._directory = self._matcher.directory
        self._screen = _screen_for(kb, self._matcher)
        self._guilds: dict[str, GuildLearning] = {}

    @classmethod
    def from_settings(
        cls, kb: KnowledgeBase, store: TurnStorage, settings: Settings, quiz_hint: str = "/quiz"
    ) -> Engine:
        """The one way the terminal chat, the Discord bot and ``careerbot eval`` build it;
        ``quiz_hint`` is how the quiz is started where the student is."""
        return cls(
            kb,
            store,
            quiz_hint=quiz_hint,
            policy=Policy(
                threshold=settings.confidence_threshold, clarify_margin=settings.clarify_margin
            ),
            context_ttl=settings.context_ttl_minutes * 60,
            store_text=settings.store_message_text,
            safety_contact=settings.safety_contact,
        )

    @property
    def kb(self) -> KnowledgeBase:
        return self._kb

    @property
    def matcher(self) -> Matcher:
        return self._matcher

    @property
    def directory(self) -> CareerDirectory:
        return self._directory

    def reload(self, kb: KnowledgeBase) -> None:
        """Serve a new, already validated knowledge base from the next message on."""
        self.install(self.compile(kb))

    def compile(self, kb: KnowledgeBase) -> Compiled:
        """Everything a knowledge base needs before it can answer (about a second of CPU).
        Reads only, so the Discord bot runs it in a worker thread and keeps replying."""
        matcher = Matcher(kb)
        snapshot = dict(self._guilds)
        guilds = {g: compile_learning(kb, gl.learned) for g, gl in snapshot.items()}
        return Compiled(kb, matcher, _screen_for(kb, matcher), guilds, snapshot)

    def install(self, compiled: Compiled) -> None:
        """Switch to a compiled knowledge base. A server taught a phrasing while it compiled:
        that server's learning is compiled again, so nothing taught is lost."""
        guilds = dict(compiled.guilds)
        for guild, current in self._guilds.items():
            if compiled.snapshot.get(guild) is not current:
                guilds[guild] = compile_learning(compiled.kb, current.learned)
        for guild in set(guilds) - set(self._guilds):
            del guilds[guild]  # forgotten (untaught) while it compiled
        self._kb, self._matcher, self._directory = (
            compiled.kb,
            compiled.matcher,
            compiled.matcher.directory,
        )
        self._screen, self._guilds = compiled.screen, guilds

    def set_learned(self, guild: str, learned: list[Learned]) -> None:
        """Use a server's taught phrasings from the next message on (no restart, no reload)."""
        self.install_learning(guild, compile_learning(self._kb, learned) if learned else None)

    def install_learning(self, guild: str, compiled: GuildLearning | None) -> None:
        if compiled is None:
            self._guilds.pop(guild, None)
            return
        if compiled.matcher.kb is not self._kb:
            # Compiled against a knowledge base a reload replaced meanwhile: again, on this one.
            compiled = compile_learning(self._kb, compiled.learned)
        self._guilds[guild] = compiled

    def learned_guilds(self) -> list[str]:
        """The servers whose taught phrasings are in use."""
        return list(self._guilds)

    def matcher_for(self, guild: str) -> Matcher:
        learning = self._guilds.get(guild)
        return learning.matcher if learning else self._matcher

    def screen(self, text: str) -> Screening:
        """Is this message from a student in crisis, in danger or being hurt? Pure and fast:
        the Discord adapter asks before its flood limits, so such a message is never dropped."""
        return self._screen.check(text)

    def explain(self, text: str, guild: str | None = None) -> str:
        concern = self._screen.screen(text)
        if concern is not None:
            return describe(concern) + "\n            answered with help lines before any matching"
        return self.matcher_for(guild or "").analyze(text).explain()

    async def _context(self, scope: Scope, now: float) -> Context:
        ctx = await self.store.load_context(scope)
        if ctx.updated_at and now - ctx.updated_at > self.context_ttl:
            return Context()
        return ctx

    async def handle(self, turn: Turn, screening: Screening | None = None) -> TurnResult:
        """Answer one message. ``screening``: the result of :meth:`screen` when the caller
        already screened this text (the Discord adapter does, before its flood limits)."""
        if not turn.text.strip():
            # Nothing asked (a blank line): nothing to answer, and nothing to record.
            return TurnResult(
                intent="fallback",
                career=None,
                careers=[],
                pathway=None,
                confidence=0.0,
                reply=Reply(text=NOTHING_ASKED),
                kind="fallback",
            )
        now = self.clock()
        began = time.monotonic()  # before the context is read: see Event.began
        kb = self._kb
        screening = screening or self._screen.check(turn.text)
        ctx = await self._context(turn.scope, now)
        if screening.concern is not None:
            return await self._respond_to_concern(turn, kb, ctx, screening.concern, now, began)
        parts = self._questions(turn.scope.guild, turn.text, ctx)
        if len(parts) > 1:
            # "how much do librarians make? and how do i become one": one answer a question,
            # in order, each decided with the context the one before it left; a pasted
            # worksheet of twelve gets the first few, not twelve replies to one message.
            results = []
            for part, analysis, decision in parts[:MAX_ANSWERED_PARTS]:
                results.append(
                    await self._respond(
                        turn.scope, kb, ctx, decision, analysis, part, now, began=began
                    )
                )
            if len(parts) > MAX_ANSWERED_PARTS:
                last = results[-1]
                note = MORE_PARTS.format(asked=len(parts), answered=MAX_ANSWERED_PARTS)
                reply = dataclasses.replace(last.reply, text=f"{last.reply.text}\n\n{note}")
                results[-1] = dataclasses.replace(last, reply=reply)
            return dataclasses.replace(results[0], parts=tuple(results[1:]))
        analysis, decision = self._understand(turn.scope.guild, turn.text, ctx)
        if decision.kind == "fallback":
            alone = self._the_question_alone(turn.scope.guild, turn.text, ctx, analysis)
            analysis, decision = alone or (analysis, decision)
        return await self._respond(
            turn.scope,
            kb,
            ctx,
            decision,
            analysis,
            turn.text,
            now,
            hint=screening.hint,
            began=began,
        )

    def _understand(self, guild: str, text: str, ctx: Context) -> tuple[Analysis, Decision]:
        """Analysis and decision for one question (pure: the context is only read)."""
        learning = self._guilds.get(guild)
        matcher = self.matcher_for(guild)
        directory = self._directory
        recent = [*ctx.careers, *(c for c in ctx.suggestions if c not in ctx.careers)]
        # Only careers this knowledge base has: a stored context may be older than a reload.
        people = {who: job for who, job in ctx.people.items() if job in self._kb.careers}
        analysis = matcher.analyze(text, context_hints(ctx, directory), recent, people)
        taught = learning.exact.get(" ".join(analysis.tokens)) if learning else None
        if taught is not None:
            # A moderator mapped exactly this question: answer as taught.
            # It still goes through the same checks: a missing career comes from the
            # conversation, or the bot asks.
            intent, career = taught
            careers = [career] if career else analysis.careers
            taught_decision = Decision("answer", intent, 1.0, careers=careers)
            return analysis, complete(taught_decision, ctx, directory)
        return analysis, decide(analysis, ctx, directory, self.policy)

    def _the_question_alone(
        self, guild: str, text: str, ctx: Context, whole: Analysis
    ) -> tuple[Analysis, Decision] | None:
        """A message the bot missed whole, but with one piece that asks something ("sorry cat
        walked on my keyboard. how much do they make"): that piece, read alone, with any
        career the rest of the message named."""
        # A sentence that asks; else a clause run together with commas ("ok so..., what
        # skills"): the first that is understood.
        candidates = dict.fromkeys(  # in order, each piece once
            pieces[0]
            for pieces in (question_pieces(text), asking_clauses(text))
            if len(pieces) == 1 and pieces[0] not in (text.strip(), clean(text))
        )
        for piece in candidates:
            analysis, decision = self._understand(guild, piece, ctx)
            declaration = declared(decision.intent)
            # "hi, what is CEU? my wife...": more than a greeting, whatever its first words.
            if decision.kind != "fallback" and not (declaration and declaration.small_talk):
                break
        else:
            return None
        if (
            whole.others
            and decision.kind == "clarify"
            and not (analysis.careers or analysis.groups)
        ):
            return None  # "...a personal trainer, how do you become one": that job, not ours
        if whole.requests and not (analysis.careers or analysis.groups):
            return None  # "fix my python error: list index out of range": not a list of jobs
        if decision.kind == "clarify" and decision.reason == "no_career" and whole.careers:
            answer = Decision("answer", decision.intent, decision.confidence, whole.careers[:1])
            decision = complete(answer, ctx, self._directory)
        return analysis, decision

    def _questions(
        self, guild: str, text: str, ctx: Context
    ) -> list[tuple[str, Analysis, Decision]]:
        """The questions of ``text`` to answer one by one, each with its analysis and
        decision, or none when it is one question. Every part must be a question the bot
        answers, each asking something different; a greeting or a thanks beside them is left
        out. Decided on a copy of the context: nothing changes here."""
        parts = split_questions(text)
        if len(parts) < 2:
            return []
        trial = Context.from_json(ctx.to_json())
        asked: list[tuple[str, Analysis, Decision]] = []
        seen = set()
        for part in parts:
            analysis, decision = self._understand(guild, part, trial)
            declaration = declared(decision.intent)
            if declaration is not None and declaration.small_talk:
                continue
            if (
                decision.reason == NAMED_ONLY
                or (decision.intent == "recommend" and not asks_outright(part))
                or (
                    decision.intent == "career.overview"
                    and "career.overview" not in analysis.cue_hits
                    and not asking_clauses(part)
                )
            ):
                # "Anyone switch from retail to running a daycare? What qualifications do
                # directors need?": a part that only names the career sets the scene; so
                # does one that only says what the student likes, or muses ("so maybe a
                # high school chem teacher?") without asking.
                advance(trial, decision, trial.updated_at, analysis)
                continue
            key = (decision.intent, tuple(decision.careers))
            if decision.kind != "answer" or key in seen:
                return []
            seen.add(key)
            asked.append((part, analysis, decision))
            advance(trial, decision, trial.updated_at, analysis)
        return asked if len(asked) > 1 else []

    async def ask(
        self,
        scope: Scope,
        intent: str,
        careers: tuple[str, ...] = (),
        route: str | None = None,
        pathway: str | None = None,
        detail: bool = False,
    ) -> TurnResult:
        """Answer an explicit request (slash command, button) without matching any text;
        ``detail`` asks for the whole answer (the "More" button)."""
        now = self.clock()
        began = time.monotonic()
        kb = self._kb
        ctx = await self._context(scope, now)
        declaration = declared(intent)
        if declaration is None or not declaration.matched:
            # Only intents students can ask for: never a safety answer or a fallback from a
            # forged button or command.
            decision = Decision("fallback", "fallback", 0.0, reason="unknown_request")
            return await self._respond(scope, kb, ctx, decision, None, None, now, began=began)
        known = [c for c in careers if c in kb.careers]
        decision = Decision(
            "answer",
            intent,
            1.0,
            careers=known,
            route=route if route in kb.routes else None,
            detail=detail,
        )
        decision = complete(decision, Context(), self._directory)  # only what was asked for
        return await self._respond(scope, kb, ctx, decision, None, None, now, pathway, began=began)

    async def _respond_to_concern(
        self,
        turn: Turn,
        kb: KnowledgeBase,
        ctx: Context,
        concern: Concern,
        now: float,
        began: float,
    ) -> TurnResult:
        """The safety answer. The conversation's careers are kept for later, but a pending
        "which one?" is dropped: the next message must not be read as its answer."""
        reply = dispatch(SAFETY)(
            Request(intent=SAFETY, kb=kb, concern=concern.categories, contact=self.safety_contact)
        )
        ctx.pending = None
        ctx.updated_at = now
        decision = Decision("safety", SAFETY, 1.0)
        event = self._event(turn.scope, decision, None, turn.text, now, began)
        await self.store.record_turn(turn.scope, ctx, event)
        return TurnResult(
            intent=SAFETY,
            career=None,
            careers=[],
            pathway=None,
            confidence=1.0,
            reply=reply,
            kind=SAFETY,
            concern=concern,
        )

    async def _respond(
        self,
        scope: Scope,
        kb: KnowledgeBase,
        ctx: Context,
        decision: Decision,
        analysis: Analysis | None,
        text: str | None,
        now: float,
        pathway: str | None = None,
        hint: bool = False,
        *,
        began: float,
    ) -> TurnResult:
        """Act on a decision: run its handler, apply what the reply asks for (a save, the
        suggestions to remember), then persist the context and the event. ``began``: when the
        turn read its context (time.monotonic), which decides whether it may still write."""
        try:
            request = await self._request(scope, kb, decision, analysis, pathway, hint, text, ctx)
        except StoreError:  # the saved list could not be read: say so, never "you have none"
            request = None
        if request is None:
            reply = Reply(text=STORAGE_FAILED)
        else:
            decision, reply = self._run_handler(kb, decision, request)
        cited = reply.all_sources()  # without building the expanded reply on every turn
        reply = _shown(reply, decision)
        ctx.more = any(up.more for up in reply.followups)
        if cited:
            ctx.sources = list(cited[:MAX_SOURCES])  # for "where's that from?"
        try:
            for career_id in reply.save:
                if self.store.forgotten_since(scope.user, began):
                    break  # "save it", asked before the student asked to be forgotten
                await self.store.save_career(scope.user, career_id, now)
            for career_id in reply.unsave:
                await self.store.remove_saved(scope.user, career_id)
        except StoreError:
            reply = Reply(text=STORAGE_FAILED)  # never "Saved" when it wasn't
        if decision.intent == "recommend" and reply.options:
            ctx.suggestions = list(reply.options)
        ctx = advance(ctx, decision, now, analysis)
        event = self._event(scope, decision, analysis, text, now, began)
        await self.store.record_turn(scope, ctx, event)
        named = reports_careers(decision.intent)
        return TurnResult(
            intent=public_id(decision.intent),
            career=decision.career if named else None,
            careers=_careers_shown(decision, reply) if named else [],
            pathway=decision.route,
            confidence=decision.confidence,
            reply=reply,
            kind=decision.kind,
            analysis=analysis,
        )

    async def _request(
        self,
        scope: Scope,
        kb: KnowledgeBase,
        decision: Decision,
        analysis: Analysis | None,
        pathway: str | None,
        hint: bool,
        text: str | None = None,
        ctx: Context | None = None,
    ) -> Request:
        """What the handler gets: the decision's ids as knowledge-base records, and the saved
        list when the intent declares that it reads it."""
        saved: tuple[str, ...] = ()
        declaration = declared(decision.intent)
        if declaration is not None and declaration.uses_saved and decision.kind == "answer":
            saved = tuple(await self.store.saved_careers(scope.user))
        return Request(
            intent=decision.intent,
            kb=kb,
            careers=tuple(kb.careers[c] for c in decision.careers if c in kb.careers),
            route=kb.routes.get(decision.route) if decision.route else None,
            tokens=analysis.tokens if analysis else (),
            text=text or "",
            saved=saved,
            options=tuple(still.options if (still := decision.still_open) else decision.options),
            open_intent=still.intent if still else None,
            reason=decision.reason,
            outside=decision.outside,
            suggestions=tuple(decision.suggestions),
            career_suggestions=tuple(decision.career_suggestions),
            pathway=pathway if pathway in kb.pathways else None,
            check_in=hint and decision.kind == "fallback",
            focus=decision.focus,
            place=analysis.places[0] if analysis and analysis.places else None,
            detail=decision.detail,
            cited=tuple(ctx.sources) if ctx is not None else (),
            quiz_hint=self.quiz_hint,
        )

    @staticmethod
    def _run_handler(
        kb: KnowledgeBase, decision: Decision, request: Request
    ) -> tuple[Decision, Reply]:
        handler = dispatch(CLARIFY) if decision.kind == "clarify" else dispatch(decision.intent)
        try:
            return decision, handler(request)
        except Exception:
            # A bug in one handler must not take the conversation down with it.
            log.exception("handler for %s failed", decision.intent)
            failed = Decision("fallback", "fallback", 0.0, reason="error")
            return failed, fallback_reply(Request(intent="fallback", kb=kb, reason="error"))

    def _event(
        self,
        scope: Scope,
        decision: Decision,
        analysis: Analysis | None,
        text: str | None,
        now: float,
        began: float,
    ) -> Event:
        return Event(
            at=now,
            scope=scope,
            intent=public_id(decision.intent),
            career=decision.career if reports_careers(decision.intent) else None,
            outcome=decision.kind,
            confidence=decision.confidence,
            text=text if self.store_text else None,
            guess=_guess(decision, analysis),
            began=began,
        )


def _shown(reply: Reply, decision: Decision) -> Reply:
    """The whole answer when the student asked for it, else the brief one with a "More"."""
    if decision.detail:
        return reply.expanded()
    more = FollowUp("More", decision.intent, tuple(decision.careers), decision.route, more=True)
    return reply.fitted().brief(more)


def _careers_shown(decision: Decision, reply: Reply) -> list[str]:
    """The careers a turn is about, for the JSON contract: the options of a "which one?", the
    recommended careers, none after a fallback."""
    if decision.kind == "clarify" and decision.options and decision.reason != "close_intents":
        return list(decision.options)
    if decision.intent == "recommend":
        return list(reply.options)
    if decision.kind == "fallback":
        return []
    return list(decision.careers)


def _screen_for(kb: KnowledgeBase, matcher: Matcher) -> SafetyScreen:
    return SafetyScreen(kb.safety, kb.synonyms, matcher.vocabulary)


def _guess(decision: Decision, analysis: Analysis | None) -> str | None:
    """What the bot half-believed when it did not answer, for moderators' review."""
    if decision.kind == "answer" or analysis is None:
        return None
    intent: str | None = decision.intent
    if decision.kind != "clarify":
        top = next((s for s in analysis.scores if s.intent != FOLLOWUP), None)
        intent = top.intent if top else None
    named = decision.careers or decision.options or decision.career_suggestions
    career = named[0] if named else None
    if intent is None:
        return None
    intent = public_id(intent)
    return f"{intent}:{career}" if career else intent
