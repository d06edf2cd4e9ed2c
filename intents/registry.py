"""The one place intents are declared: each handler's registration says what its intent needs.

An intent is its block in ``data/intents.yaml`` (the label people read, example phrasings,
keywords) plus its registration here, by ``@handler``: how many careers the answer is about,
whether it reads the student's saved list, whether moderators may teach phrasings for it, and
its aspect name and button label when it is one side of a career (pay, skills...). Dialogue, the
engine, teaching, fallback suggestions and the Discord commands all read these declarations;
:func:`verify` checks the YAML and the handlers against each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bot.knowledge import KnowledgeBase, Problem
from bot.knowledge.models import Career, Route
from bot.reply import Reply

CLARIFY = "_clarify"  # not an intent: the handler that asks "which one?"
# The reason of a fallback for "ok", "lol ok", "got it": heard, with nothing asked.
ACKNOWLEDGED = "acknowledged"


@dataclass(frozen=True)
class Request:
    """Everything a handler may use. Chat, slash commands, buttons and the CLI all build one."""

    intent: str
    kb: KnowledgeBase
    careers: tuple[Career, ...] = ()
    route: Route | None = None
    tokens: tuple[str, ...] = ()
    text: str = ""  # the student's words for this question, as written ("over $60,000")
    saved: tuple[str, ...] = ()
    options: tuple[str, ...] = ()  # career or intent ids offered in a clarification
    # After a miss while "which kind?" is open: the question asked (its options are `options`).
    open_intent: str | None = None
    reason: str | None = None
    outside: str | None = None
    suggestions: tuple[str, ...] = ()
    career_suggestions: tuple[str, ...] = ()
    pathway: str | None = None  # a cluster pathway chosen explicitly (slash command)
    concern: tuple[str, ...] = ()  # safety categories the message fits, most urgent first
    contact: str | None = None  # the school's own safety contact, when configured
    check_in: bool = False  # not understood, but hints at trouble: point to a real person
    focus: str | None = None  # a comparison's aspect: career.education, career.outlook...
    place: str | None = None  # a state or city the message names ("what about in oregon")
    detail: bool = False  # the student asked for the whole answer ("more")
    cited: tuple[str, ...] = ()  # the sources of the last answer the student was shown
    quiz_hint: str = "/quiz"  # how the student starts the quiz where they are

    @property
    def career(self) -> Career | None:
        return self.careers[0] if self.careers else None

    @property
    def one_career(self) -> Career:
        """The career of an intent declared with ``careers=1``: the engine never dispatches one
        without it (it asks "which career?" instead)."""
        if not self.careers:
            raise LookupError(f"'{self.intent}' was dispatched without the career it declares")
        return self.careers[0]

    def label(self, intent: str) -> str:
        """How people call an intent ("pay", "how to get there")."""
        spec = self.kb.intents.get(intent)
        return spec.label if spec else "that"


Handler = Callable[[Request], Reply]


@dataclass(frozen=True)
class IntentDeclaration:
    id: str
    handler: Handler
    careers: int = 0  # careers the answer is about: 0 (none or optional), 1, or 2 (a comparison)
    aspect: str | None = None  # one side of a career: "/career aspect:", "what about X?"
    button: str | None = None  # the label of its follow-up button on a career's card
    uses_saved: bool = False  # reads the student's saved careers
    teachable: bool = True  # moderators may teach phrasings for it
    suggested: bool = True  # may be offered as "did you mean ...?"
    matched: bool = True  # found by its example phrasings in intents.yaml
    small_talk: bool = False  # "hi", "thanks": not a question of its own in a longer message
    context_career: bool = False  # with careers=0: "they" means the career being discussed
    # Answered only when the message has one of its cues: an action on the student's data
    # is never taken on a resemblance ("delete my instagram" is not "delete my list").
    cued_only: bool = False
    # The public id it answers under (DESIGN.md's contract), when it is one kind of that
    # question: the school year is a question about what a career is like.
    public: str | None = None
    # The answer is the same whatever career is being discussed (how technology changes the
    # field): the career stays the conversation's, but the turn reports none.
    answers_generally: bool = False


DECLARATIONS: dict[str, IntentDeclaration] = {}


def handler(
    intent_id: str,
    *,
    careers: int = 0,
    aspect: str | None = None,
    button: str | None = None,
    uses_saved: bool = False,
    teachable: bool = True,
    suggested: bool = True,
    matched: bool = True,
    small_talk: bool = False,
    context_career: bool = False,
    public: str | None = None,
    cued_only: bool = False,
    answers_generally: bool = False,
) -> Callable[[Handler], Handler]:
    """Register ``func`` as the handler of ``intent_id``, with what the intent needs."""
    if careers not in (0, 1, 2):
        raise ValueError(f"'{intent_id}': careers must be 0, 1 or 2")
    if public is not None and teachable:
        # Taught phrasings are saved data, and saved data uses public ids only.
        raise ValueError(f"'{intent_id}' answers under '{public}': it cannot be teachable")

    def register(func: Handler) -> Handler:
        if intent_id in DECLARATIONS:
            raise RuntimeError(f"two handlers for intent '{intent_id}'")
        DECLARATIONS[intent_id] = IntentDeclaration(
            intent_id,
            func,
            careers,
            aspect,
            button,
            uses_saved,
            teachable,
            suggested,
            matched,
            small_talk,
            context_career,
            cued_only,
            public,
            answers_generally,
        )
        return func

    return register


def dispatch(intent: str) -> Handler:
    declared = DECLARATIONS.get(intent) or DECLARATIONS["fallback"]
    return declared.handler


def declared(intent: str) -> IntentDeclaration | None:
    return DECLARATIONS.get(intent)


def is_aspect(intent: str | None) -> bool:
    """One side of a career (pay, skills...), as declared with its handler."""
    declaration = declared(intent) if intent else None
    return declaration is not None and declaration.aspect is not None


def public_id(intent: str) -> str:
    """The id an intent is known by outside (JSON, events, evaluation): its own, or the public
    one it answers under."""
    declaration = DECLARATIONS.get(intent)
    return declaration.public if declaration and declaration.public else intent


def reports_careers(intent: str) -> bool:
    """Whether a turn answered by ``intent`` names careers outside: as its public intent would
    (a citation of the last answer is a help answer, about no career)."""
    own = DECLARATIONS.get(intent)
    if own is not None and own.answers_generally:
        return False
    if own is None or own.public is None:
        return True
    public = DECLARATIONS.get(own.public)
    return public is None or bool(public.careers or public.context_career)


def careers_needed(intent: str) -> int:
    declared_intent = DECLARATIONS.get(intent)
    return declared_intent.careers if declared_intent else 0


def aspects() -> Iterator[IntentDeclaration]:
    """The intents that are one side of a career, in the order they were declared."""
    return (d for d in DECLARATIONS.values() if d.aspect)


def verify(kb: KnowledgeBase) -> list[Problem]:
    """The YAML and the handlers, checked both ways: every intent in intents.yaml has a
    handler, and every handler answered from example phrasings has its intent block."""
    problems = []
    for n, intent in enumerate(kb.intents):
        declaration = DECLARATIONS.get(intent)
        entry = f"intents[{n}] (id: {intent})"
        if declaration is None:
            problems.append(
                Problem(
                    "intents.yaml",
                    f"intent '{intent}' has no handler: register one with @handler in intents/",
                    entry,
                )
            )
        elif not declaration.matched:
            problems.append(
                Problem("intents.yaml", f"intent '{intent}' is answered without examples", entry)
            )
    for intent, declaration in DECLARATIONS.items():
        if declaration.matched and intent not in kb.intents:
            problems.append(
                Problem(
                    "intents.yaml",
                    f"intent '{intent}' has a handler but no block with a label and examples",
                )
            )
    return problems
