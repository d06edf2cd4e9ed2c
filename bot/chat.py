"""Terminal chat: interactive for people, ``--json`` line by line for scripts.

Interactive, the prompt is read in the main thread with ``input()`` (and GNU readline where
Python has it: arrow keys edit the line and walk this session's history), so Ctrl-C and
Ctrl-D end the chat at once; each turn then runs on one long-lived event loop. Replies are
wrapped to the terminal's width, with the title in bold when the terminal shows it.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
import textwrap
from types import ModuleType

from .backends import open_store
from .config import Settings
from .context import TERMINAL_GUILD, Scope
from .engine import Engine, Turn, TurnResult
from .knowledge import KnowledgeBase
from .reply import Reply
from .storage import Storage, StoreError

readline: ModuleType | None
try:
    import readline
except ImportError:  # not every platform has GNU readline: plain input() still works
    readline = None

PROMPT = "you> "
QUIT_WORDS = frozenset({"quit", "exit", "bye!", ":q"})
QUIZ_HINT = "`careerbot quiz`"  # what the chat suggests instead of Discord's /quiz


def render(result: TurnResult, width: int | None = None, bold: bool = False) -> str:
    """A reply as a person reads it in a terminal (one per question the message asked)."""
    return "\n\n".join(render_reply(reply, width, bold) for reply in result.replies)


def render_reply(reply: Reply, width: int | None = None, bold: bool = False) -> str:
    lines: list[str] = []
    if reply.title:
        title = f"== {reply.title} =="
        lines.append(f"\033[1m{title}\033[0m" if bold else title)
    lines.append(reply.text.replace("**", ""))
    for f in reply.fields:
        value = f.value.replace("**", "")
        lines.append(f"{f.name}:" + (f"\n{value}" if "\n" in value else f" {value}"))
    if reply.sources:
        lines.append(reply.sources_text())
    if reply.followups:
        lines.append("(try: " + " | ".join(u.label for u in reply.followups[:6]) + ")")
    text = "\n".join(lines)
    return _wrap(text, width) if width else text


def _wrap(text: str, width: int) -> str:
    """Each line wrapped to ``width``; a bullet's continuation lines indented under its text."""
    out = []
    for line in text.split("\n"):
        indent = "  " if line.startswith(("• ", "- ")) or line[:3].rstrip(".").isdigit() else ""
        out.append(textwrap.fill(line, width, subsequent_indent=indent) if line else "")
    return "\n".join(out)


async def _open(location: str) -> Storage:
    try:
        return await open_store(location)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(1) from exc


def run_chat(
    kb: KnowledgeBase, settings: Settings, location: str, user: str, as_json: bool
) -> None:
    scope = Scope(TERMINAL_GUILD, "terminal", user)
    interactive = not as_json and sys.stdin.isatty()
    with asyncio.Runner() as runner:
        store = runner.run(_open(location))
        engine = Engine.from_settings(kb, store, settings, quiz_hint=QUIZ_HINT)
        try:
            if interactive:
                _interactive(runner, engine, scope)
            else:
                _scripted(runner, engine, scope, as_json)
        finally:
            runner.run(store.close())


def _scripted(runner: asyncio.Runner, engine: Engine, scope: Scope, as_json: bool) -> None:
    """One reply per input line (the JSON contract: one object per line, blank ones too)."""
    for line in sys.stdin:
        result = runner.run(engine.handle(Turn(scope, line.rstrip("\r\n"))))
        if as_json:
            print(json.dumps(result.to_json(), ensure_ascii=False), flush=True)
        else:
            print(render(result) + "\n", flush=True)


def _interactive(runner: asyncio.Runner, engine: Engine, scope: Scope) -> None:
    _enable_line_editing()
    bold = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    print(
        "CareerBot: ask me about careers in education, in your own words.\n"
        "Ctrl-D, Ctrl-C or 'quit' to leave; the quiz is `careerbot quiz`."
    )
    while True:
        try:
            text = input(PROMPT)
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if not text.strip():
            continue  # nothing asked: nothing answered, nothing recorded
        if text.strip().lower() in QUIT_WORDS:
            return
        try:
            result = runner.run(engine.handle(Turn(scope, text)))
        except KeyboardInterrupt:
            print()
            return
        width = min(shutil.get_terminal_size((100, 24)).columns, 100)
        print(render(result, width - 1, bold) + "\n", flush=True)


def _enable_line_editing() -> None:
    """Arrow keys and this session's history where Python has GNU readline. The history is
    never written to a file: what a student typed stays out of files that no retention
    window, /forgetme or purge would reach."""
    if readline is not None:
        readline.set_history_length(500)
