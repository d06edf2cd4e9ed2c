"""Terminal chat: interactive for people, ``--json`` line by line for scripts."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from .backends import open_store
from .config import Settings
from .context import TERMINAL_GUILD, Scope
from .engine import Engine, Turn, TurnResult
from .knowledge import KnowledgeBase
from .reply import Reply
from .storage import StoreError

PROMPT = "you> "


def render(result: TurnResult) -> str:
    """A reply as a person reads it in a terminal (one per question the message asked)."""
    return "\n\n".join(render_reply(reply) for reply in result.replies)


def render_reply(reply: Reply) -> str:
    lines: list[str] = []
    if reply.title:
        lines.append(f"== {reply.title} ==")
    lines.append(reply.text.replace("**", ""))
    for f in reply.fields:
        value = f.value.replace("**", "")
        lines.append(f"{f.name}:" + (f"\n{value}" if "\n" in value else f" {value}"))
    if reply.sources:
        lines.append(reply.sources_text())
    if reply.followups:
        lines.append("(try: " + " | ".join(u.label for u in reply.followups[:6]) + ")")
    return "\n".join(lines)


async def run_chat(
    kb: KnowledgeBase, settings: Settings, db_path: Path, user: str, as_json: bool
) -> None:
    try:
        store = await open_store(db_path)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(1) from exc
    engine = Engine.from_settings(kb, store, settings)
    scope = Scope(TERMINAL_GUILD, "terminal", user)
    interactive = not as_json and sys.stdin.isatty()
    try:
        if interactive:
            print("CareerBot: ask me about careers in education. Ctrl-D or 'quit' to leave.")
        while True:
            if interactive:
                print(PROMPT, end="", flush=True)
            line = await asyncio.to_thread(sys.stdin.readline)
            if not line:
                break
            text = line.rstrip("\r\n")
            if interactive and text.strip().lower() in {"quit", "exit"}:
                break
            result = await engine.handle(Turn(scope, text))
            if as_json:
                print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
            else:
                print(render(result) + "\n", flush=True)
    finally:
        await store.close()
