"""Platform-neutral replies: what a handler says, rendered later as an embed or plain text."""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass(frozen=True)
class Reply:
    text: str
    title: str | None = None
    fields: tuple[Field, ...] = ()
    followups: tuple[FollowUp, ...] = ()
    sources: tuple[str, ...] = ()
    save: tuple[str, ...] = ()  # careers the engine should add to the student's saved list
    options: tuple[str, ...] = field(default=())  # numbered choices the student can answer with

    def plain(self) -> str:
        """The whole reply as plain text (terminal, JSON contract, logs)."""
        parts: list[str] = []
        if self.title:
            parts.append(self.title)
        parts.append(self.text)
        for f in self.fields:
            parts.append(f"{f.name}: {f.value}")
        if self.sources:
            parts.append("Sources: " + "; ".join(self.sources))
        return "\n".join(p for p in parts if p)
