"""Checks of the knowledge base that need the code too, beyond what the loader validates.

Every intent in ``intents.yaml`` has a handler and every handler its intent block (both ways,
like Rasa's ``data validate``), and the safety screen passes its self-test. ``careerbot check``
and ``/careerbot reload`` run them all (a reloaded knowledge base that fails is never served);
start-up checks the intents only (the rest is the data's own check, done before it ships).
"""

from __future__ import annotations

from intents import verify

from .knowledge import KnowledgeBase
from .matcher import Matcher
from .safety import SafetyScreen, check_safety


def problems_with(kb: KnowledgeBase, matcher: Matcher | None = None) -> list[str]:
    """Every problem found, one line each (empty when the knowledge base can be served)."""
    matcher = matcher or Matcher(kb)
    problems = [str(p) for p in verify(kb)]
    screen = SafetyScreen(kb.safety, kb.synonyms, matcher.vocabulary)
    problems += check_safety(kb, screen)
    return problems
