"""Platform-neutral replies: what a handler says, rendered later as an embed or plain text.

A reply leads with the answer and stays short enough for a phone (:data:`BRIEF_LIMIT`); what a
handler has beyond that goes in ``more``, shown when the student asks for it ("More").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

# Said when a write a student would be told about fails (a full disk): never a false "done".
STORAGE_FAILED = (
    "Sorry, I couldn't save that just now: my storage isn't working. Nothing was changed. "
    "Please try again later, or tell a moderator."
)

# Characters of a reply shown at once (title, text and fields; not the sources line): about a
# phone screen. Handlers keep the rest in ``Reply.more``.
BRIEF_LIMIT = 800


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A natural next question, shown as a button (Discord) or a hint (terminal)."""

    label: str
    intent: str
    careers: tuple[str, ...] = ()
    route: str | None = None
    more: bool = False  # the rest of the same answer ("More")


@dataclass(frozen=True)
class Reply:
    text: str
    title: str | None = None
    fields: tuple[Field, ...] = ()
    followups: tuple[FollowUp, ...] = ()
    sources: tuple[str, ...] = ()
    save: tuple[str, ...] = ()  # careers the engine should add to the student's saved list
    unsave: tuple[str, ...] = ()  # careers the engine should take off the saved list
    options: tuple[str, ...] = field(default=())  # numbered choices the student can answer with
    more: tuple[Field, ...] = ()  # the rest of the answer, shown on request
    more_sources: tuple[str, ...] = ()  # the sources of what ``more`` adds
    whole: bool = False  # a list asked for in full (citations): never cut by ``fitted``

    def brief(self, more: FollowUp) -> Reply:
        """The reply as first shown: ``more`` becomes a follow-up that asks for it."""
        if not self.more:
            return self
        return replace(self, more=(), more_sources=(), followups=(more, *self.followups))

    def fitted(self, limit: int = BRIEF_LIMIT) -> Reply:
        """The reply cut to ``limit`` shown characters, at line and field boundaries: whatever
        does not fit moves, in order, to the front of ``more``. Handlers put the answer first,
        so the cut only ever takes the details."""
        if self.whole or self.shown_size() <= limit:
            return self
        head = len(self.title or "")
        text, rest = _lines_within(self.text, limit - head, keep_first=True)
        moved: list[Field] = [Field("More", rest)] if rest else []
        fields: list[Field] = []
        budget = limit - head - len(text)
        for f in self.fields:
            room = budget - len(f.name) - 2
            if moved or room <= 0:
                moved.append(f)
                continue
            kept, rest = _lines_within(f.value, room)
            if kept:
                fields.append(Field(f.name, kept, f.inline))
                budget = room - len(kept)
            if rest:
                moved.append(Field(f.name if not kept else f"{f.name} (more)", rest, f.inline))
        return replace(self, text=text, fields=tuple(fields), more=(*moved, *self.more))

    def all_sources(self) -> tuple[str, ...]:
        """Every source of the whole answer, each once, ``more`` included."""
        return tuple(dict.fromkeys((*self.sources, *self.more_sources)))

    def expanded(self) -> Reply:
        """The whole answer: the fields of ``more`` after the others, every source once."""
        return replace(
            self,
            fields=(*self.fields, *self.more),
            more=(),
            more_sources=(),
            sources=self.all_sources(),
        )

    def shown_size(self) -> int:
        """Characters a student reads before any "More": what :data:`BRIEF_LIMIT` bounds."""
        size = len(self.title or "") + len(self.text)
        return size + sum(len(f.name) + len(f.value) + 2 for f in self.fields)

    def plain(self) -> str:
        """The whole reply as plain text (terminal, JSON contract, logs)."""
        parts: list[str] = []
        if self.title:
            parts.append(self.title)
        parts.append(self.text)
        for f in self.fields:
            parts.append(f"{f.name}: {f.value}")
        if self.sources:
            parts.append(self.sources_text())
        return "\n".join(p for p in parts if p)

    def sources_text(self) -> str:
        """The sources as one plain line. Past two, their publishers only (each once, with its
        number of pages): the links are one "sources" away, and a phone screen is small."""
        if len(self.sources) <= 2:
            return "Sources: " + "; ".join(self.sources)
        pages = Counter(publisher(s) for s in self.sources)
        named = "; ".join(f"{name} ({n} pages)" if n > 1 else name for name, n in pages.items())
        return f'Sources: {named} (say "sources" for the links)'


def publisher(source: str) -> str:
    """Who published a source ("Name: page <url> (note)" or a bare name): the name before
    the page title."""
    return source.split(" <", 1)[0].split(":", 1)[0].strip()


def _lines_within(text: str, room: int, keep_first: bool = False) -> tuple[str, str]:
    """The whole lines of ``text`` that fit in ``room`` characters, and the rest (the first
    line always stays with ``keep_first``: an answer's opening is never moved away)."""
    lines = text.split("\n")
    size = 0
    for n, line in enumerate(lines):
        size += len(line) + (1 if n else 0)
        if size > room and not (keep_first and n == 0):
            return "\n".join(lines[:n]), "\n".join(lines[n:])
    return text, ""
