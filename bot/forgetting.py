"""Turns begun before their student was forgotten are never written: shared by the backends.

A turn reads the student's context, answers, then records the new context (and perhaps saves
a career). If ``/forgetme`` commits in between, writing would bring back what the student just
asked to delete. Each turn carries when it began (``Event.began``, taken by the engine before
it reads the context); each backend tells the guard when a deletion starts and commits
(:meth:`TurnGuard.forgetting`), and asks it before writing (:meth:`TurnGuard.forgotten_since`).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

# Long enough for any turn in progress; kept so the guard's memory stays bounded.
REMEMBER_SECONDS = 600.0


class TurnGuard:
    """Per process: the students being forgotten, and when each recent deletion was learned
    of (here, or told by another process), against which turns compare their start."""

    def __init__(self) -> None:
        self._forgetting: set[str] = set()  # students being deleted now
        self._forgot: dict[str, float] = {}  # student -> when this process learned of it

    def forgotten_since(self, student: str, began: float) -> bool:
        """Whether a turn of ``student`` that began at ``began`` (time.monotonic()) began
        before the student was forgotten, or while they are: such a turn must not write."""
        if student in self._forgetting:
            return True
        forgot = self._forgot.get(student)
        return forgot is not None and began <= forgot

    def forgotten(self, student: str) -> None:
        """The student was forgotten (here, or another process said so): from now on, their
        turns begun before this moment are not written."""
        now = time.monotonic()
        self._forgot[student] = now
        for old in [s for s, at in self._forgot.items() if at < now - REMEMBER_SECONDS]:
            del self._forgot[old]

    def is_forgetting(self, student: str) -> bool:
        return student in self._forgetting

    @contextlib.contextmanager
    def forgetting(self, student: str) -> Iterator[None]:
        """Around a deletion: no turn of the student is taken while it runs, nor any begun
        before it ended."""
        self._forgetting.add(student)
        try:
            yield
            self.forgotten(student)
        finally:
            self._forgetting.discard(student)
