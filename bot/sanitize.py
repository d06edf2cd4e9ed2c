"""Neutralizing student text before the bot ever shows it again (moderator views).

Mentions are also disabled by ``allowed_mentions`` on every message; this makes repeated text
*look* harmless too: no fake pings, no masked links, no broken code blocks, no hidden tricks.
"""

from __future__ import annotations

import re

_ZERO_WIDTH = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_MENTION = re.compile(r"<(@[!&]?|#)(\d+)>")
_EVERYONE = re.compile(r"@(everyone|here)", re.IGNORECASE)
_MASKED_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
_MARKDOWN = re.compile(r"([\\*_~|`>#\[\]()-])")


def neutralize(text: str, limit: int = 300) -> str:
    """Plain, inert text: safe to show in a channel or an embed."""
    text = _ZERO_WIDTH.sub("", text)
    text = " ".join(text.split())  # no smuggled newlines or headings
    text = _MASKED_LINK.sub(r"\1 (\2)", text)
    text = _MENTION.sub(lambda m: f"{'#' if m[1] == '#' else '@'}{m[2]}", text)
    text = _EVERYONE.sub("@\u200b\\1", text)  # a zero-width space breaks the ping
    text = _MARKDOWN.sub(r"\\\1", text)
    if len(text) > limit:
        text = text[: limit - 1].rstrip("\\") + "…"
    return text
