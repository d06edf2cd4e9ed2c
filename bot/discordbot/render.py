"""Replies as Discord messages: an embed or plain text, with follow-up buttons, always within
Discord's limits (2,000 characters of content; embed title 256, description 4,096, field name
256, value 1,024, 25 fields, footer 2,048, 6,000 in all; 5 buttons a row, 80-character labels)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import discord

from ..reply import Field, FollowUp, Reply

CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
EMBED_TOTAL_LIMIT = 6000
LABEL_LIMIT = 80
MAX_BUTTONS = 10  # two rows: enough choices without burying the answer
EMBED_COLOUR = discord.Colour(0x2E86AB)

_SOURCE = re.compile(r"^(?P<name>.+?) <(?P<url>https?://[^>\s]+)>(?P<rest>.*)$")


def trim(text: str, limit: int) -> str:
    """Cut at a line or word boundary when possible, marking the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    for sep in ("\n", " "):
        at = cut.rfind(sep)
        if at > limit * 0.6:
            cut = cut[:at]
            break
    return cut.rstrip() + "…"


def split_text(text: str, limit: int = CONTENT_LIMIT) -> list[str]:
    """Split long text into messages at paragraph, line or word boundaries."""
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        at = max(window.rfind("\n\n"), window.rfind("\n"))
        if at < limit * 0.5:
            at = window.rfind(" ")
        if at <= 0:
            at = limit
        parts.append(rest[:at].rstrip())
        rest = rest[at:].lstrip()
    if rest:
        parts.append(rest)
    return parts or [""]


def source_link(source: str) -> str:
    """'Name <url> (note)' as a markdown link that Discord renders in embeds."""
    match = _SOURCE.match(source)
    if not match:
        return source
    name = match["name"].replace("[", "(").replace("]", ")")
    return f"[{name}]({match['url']}){match['rest']}"


@dataclass
class Rendered:
    contents: list[str]  # one or more plain messages (the first carries the embed, if any)
    embed: discord.Embed | None
    followups: tuple[FollowUp, ...]


def _embed(reply: Reply) -> discord.Embed:
    embed = discord.Embed(
        title=trim(reply.title or "", TITLE_LIMIT) or None,
        description=trim(reply.text, DESCRIPTION_LIMIT),
        colour=EMBED_COLOUR,
    )
    budget = EMBED_TOTAL_LIMIT - len(embed.title or "") - len(embed.description or "")
    fields = list(reply.fields)
    if reply.sources:
        links = "\n".join(source_link(s) for s in reply.sources)
        fields.append(Field("Sources", links))
    for f in fields[:FIELD_COUNT_LIMIT]:
        name = trim(f.name, FIELD_NAME_LIMIT)
        value = _trim_field_value(f.value)
        if len(name) + len(value) > budget:
            break
        embed.add_field(name=name, value=value, inline=f.inline)
        budget -= len(name) + len(value)
    return embed


def _trim_field_value(value: str) -> str:
    if len(value) <= FIELD_VALUE_LIMIT:
        return value
    # Keep whole lines (a markdown link cut in half renders as garbage).
    kept: list[str] = []
    size = 0
    for line in value.splitlines():
        if size + len(line) + 1 > FIELD_VALUE_LIMIT - 2:
            break
        kept.append(line)
        size += len(line) + 1
    return "\n".join(kept) + "\n…" if kept else trim(value, FIELD_VALUE_LIMIT)


def render(reply: Reply) -> Rendered:
    """An embed for answers with a title or fields; plain text for short conversational replies."""
    if reply.title or reply.fields:
        return Rendered([], _embed(reply), reply.followups)
    text = reply.text
    if reply.sources:
        text += "\n-# " + reply.sources_text()
    return Rendered(split_text(text), None, reply.followups)
