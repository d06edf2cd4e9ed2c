"""The pure decision rules: an analysis and a context in, a decision out; no store, no I/O."""

from __future__ import annotations

from bot.context import Context, Pending
from bot.dialogue import Decision, Policy, complete, context_hints, decide
from intents.registry import is_aspect


def test_aspects_come_from_the_declarations():
    assert is_aspect("career.salary") and is_aspect("career.overview")
    assert not is_aspect("save_career") and not is_aspect("career.compare")
    assert not is_aspect("no.such.intent")


def test_complete_fills_a_missing_career_from_the_conversation(matcher):
    ctx = Context(careers=["librarian", "tutor"])
    filled = complete(Decision("answer", "save_career", 1.0), ctx, matcher.directory)
    assert (filled.kind, filled.careers) == ("answer", ["librarian"])
    pair = complete(Decision("answer", "career.compare", 1.0), ctx, matcher.directory)
    assert pair.careers == ["librarian", "tutor"]


def test_complete_asks_when_nothing_is_known(matcher):
    asked = complete(Decision("answer", "career.salary", 1.0), Context(), matcher.directory)
    assert (asked.kind, asked.reason) == ("clarify", "no_career")
    second = complete(
        Decision("answer", "career.compare", 1.0, careers=["librarian"]),
        Context(),
        matcher.directory,
    )
    assert (second.kind, second.reason, second.careers) == (
        "clarify",
        "compare_needs_two",
        ["librarian"],
    )
    assert second.options  # related careers to choose from


def test_a_short_answer_picks_a_pending_option(matcher):
    ctx = Context(
        pending=Pending("career", "career.salary", ["elementary-teacher", "high-school-teacher"])
    )
    directory = matcher.directory
    analysis = matcher.analyze("the high school one", context_hints(ctx, directory))
    decision = decide(analysis, ctx, directory, Policy())
    assert (decision.kind, decision.intent, decision.careers) == (
        "answer",
        "career.salary",
        ["high-school-teacher"],
    )


def test_typing_an_options_label_chooses_it(matcher):
    ctx = Context(
        careers=["tutor"],
        pending=Pending(
            "intent", "career.salary", ["career.salary", "career.education"], ["tutor"]
        ),
    )
    directory = matcher.directory
    chosen = decide(matcher.analyze("how to get there"), ctx, directory, Policy())
    assert (chosen.intent, chosen.careers) == ("career.education", ["tutor"])
    assert directory.pick_label(("zzz",), ["career.salary", "career.education"]) is None
