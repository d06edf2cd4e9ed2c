"""Turns begun before their student was forgotten are never written: shared by the backends.

A turn reads the student's context, answers, then records the new context. If ``/forgetme``
commits in between, recording it would write back what the student just asked to delete.
Each backend tells the guard when a turn begins (:meth:`begin`), when a deletion starts and
commits (:meth:`forgetting`), and asks it before recording (:meth:`may_record`).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

# Long enough for any turn in progress; kept so the guard's memory stays bounded.
REMEMBER_SECONDS = 600.0
_MAX_BEGUN = 10_000


class TurnGuard:
    def __init__(self) -> None:
        self._begun: dict[str, float] = {}  # scope key -> when its turn read the context
        self._forgetting: set[str] = set()  # students being deleted now
        self._forgot: dict[str, float] = {}  # student -> when this process learned of it

    def begin(self, scope_key: str) -> None:
        if len(self._begun) > _MAX_BEGUN:
            self._begun.clear()  # turns that never recorded (an error mid-turn)
        self._begun[scope_key] = time.monotonic()

    def may_record(self, scope_key: str, student: str) -> bool:
        """Whether this turn may be written (and the turn is over either way)."""
        begun = self._begun.pop(scope_key, None)
        if student in self._forgetting:
            return False
        forgot = self._forgot.get(student)
        return forgot is None or (begun is not None and begun > forgot)

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
