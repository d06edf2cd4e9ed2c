"""Handlers, called directly with a Request, as every entry point builds one."""

from __future__ import annotations

import pytest

from intents import DECLARATIONS, Request, dispatch
from intents.careers import career_followups


def test_a_career_card_offers_each_declared_button(kb):
    librarian = kb.careers["librarian"]
    labels = [u.label for u in career_followups(librarian, "career.salary")]
    assert labels == [
        "Overview",
        "How to get there",
        "Skills",
        "Hours & year",
        "Outlook",
        "Compare",
        "Save",
    ]
    assert all(u.careers == ("librarian",) for u in career_followups(librarian, "x"))


def test_a_close_call_is_offered_by_the_labels_in_intents_yaml(kb):
    request = Request(
        intent="career.salary",
        kb=kb,
        careers=(kb.careers["tutor"],),
        options=("career.salary", "career.education"),
        reason="close_intents",
    )
    reply = dispatch("_clarify")(request)
    assert "pay or how to get there (education and license)" in reply.text


def test_a_handler_declared_with_a_career_refuses_to_run_without_one(kb):
    with pytest.raises(LookupError, match="save_career"):
        dispatch("save_career")(Request(intent="save_career", kb=kb))


def test_safety_answers_list_each_help_line_once_most_urgent_first(kb):
    reply = dispatch("safety")(Request(intent="safety", kb=kb, concern=("abuse", "self-harm")))
    text = reply.text
    assert text.index("1-800-422-4453") < text.index("988")
    assert text.count("**911**") == 1
    assert not reply.followups


def test_every_declaration_that_needs_a_career_has_a_handler_using_it():
    needing = {i for i, d in DECLARATIONS.items() if d.careers}
    assert needing == {
        "career.overview",
        "career.salary",
        "career.education",
        "career.skills",
        "career.schedule",
        "career.outlook",
        "career.compare",
        "save_career",
    }
