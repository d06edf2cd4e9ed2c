"""The ``careerbot`` command line: check, chat, explain, eval, bench.

Each command imports what it needs when it runs (the only function-level imports in the
project): ``careerbot check`` should not pay for loading discord.py.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
import shlex
import sys
from pathlib import Path

import click

from .config import Settings, SettingsError, load_settings
from .knowledge import KnowledgeBase, KnowledgeError, load_knowledge

log = logging.getLogger(__name__)


class ConfigError(click.ClickException):
    """A mistake in the configuration (a setting, the token, the database path): exit status
    78 (EX_CONFIG), which the systemd unit does not restart, since restarting can't fix it."""

    exit_code = 78


@functools.cache
def _settings() -> Settings:
    """Read the environment and .env once per command, not once per use; a wrong setting is
    one line naming it, never a traceback."""
    try:
        return load_settings()
    except SettingsError as exc:
        raise ConfigError(str(exc)) from None


def _load(data_dir: Path) -> KnowledgeBase:
    """The knowledge base, loaded and its intents checked against the handlers (cheap);
    exits with the problems. ``careerbot check`` runs the full checks."""
    from intents import verify

    try:
        kb = load_knowledge(data_dir)
    except KnowledgeError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    _fail_on("problem(s) in the knowledge base", [str(p) for p in verify(kb)])
    return kb


# Every command that opens the database takes the same --db; without it, the settings' one.
DB_OPTION = click.option(
    "--db",
    "location",
    metavar="LOCATION",
    help="database: a SQLite file, sqlite:///path or postgresql://... "
    "(default: CAREERBOT_DATABASE_URL or CAREERBOT_DB_PATH)",
)


@click.group()
@click.version_option(package_name="careerbot")
def main() -> None:
    """CareerBot: career advice for the Education and Training cluster."""
    settings = _settings()
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def setup_logging(settings: Settings) -> None:
    """discord.py's own handler and format (the token is never logged), at the configured
    level; discord.py itself stays at INFO or above unless CAREERBOT_DISCORD_DEBUG_LOGGING,
    because at DEBUG it logs every gateway payload, students' words included."""
    import discord

    level = getattr(logging, settings.log_level, logging.INFO)
    root = logging.getLogger()
    for handler in list(root.handlers):  # the command line's own: one handler, one line each
        root.removeHandler(handler)
    discord.utils.setup_logging(level=level, root=True)
    quiet = level if settings.discord_debug_logging else max(level, logging.INFO)
    logging.getLogger("discord").setLevel(quiet)


async def _opens(store) -> None:
    """Nothing: opening (and closing) the store is the check."""


async def _with_store(location: str | None, work, wait: float = 0.0):
    from .backends import open_store
    from .storage import StoreError, StoreUnavailable

    try:
        store = await open_store(location or _settings().database, wait=wait)
    except StoreUnavailable as exc:
        raise click.ClickException(str(exc)) from None  # exit 1: a supervisor retries
    except StoreError as exc:
        raise ConfigError(str(exc)) from None
    try:
        return await work(store)
    finally:
        await store.close()


@main.group()
def learned() -> None:
    """Phrasings moderators taught the bot."""


@learned.command(name="export")
@DB_OPTION
@click.option("--guild", help="only this server's phrasings")
def learned_export(location: str | None, guild: str | None) -> None:
    """Print learned phrasings as YAML in data/intents.yaml's format."""
    from .learning import export_yaml

    settings = _settings()
    kb = _load(settings.data_dir)
    items = asyncio.run(_with_store(location, lambda s: s.learned(guild)))
    click.echo(export_yaml(items, kb), nl=False)


@main.command()
@DB_OPTION
@click.option("--guild", required=True, help="server id")
@click.option("--days", type=int, default=7, show_default=True)
def stats(location: str | None, guild: str, days: int) -> None:
    """Print a server's statistics (counts only, never who asked)."""
    import time

    from .stats_view import format_stats

    settings = _settings()
    from .locations import sqlite_path

    where = location or settings.database
    path = sqlite_path(where)
    if path is not None and not Path(path).exists():
        # Statistics only read: a missing database is a wrong path, not an empty school.
        raise click.ClickException(
            f"no database at {path}: check --db, CAREERBOT_DB_PATH or CAREERBOT_DATABASE_URL"
        )

    async def collect(store):
        since = time.time() - days * 86_400
        return await store.stats(guild, since), await store.busiest_hours(guild, since)

    result, hours = asyncio.run(_with_store(where, collect))
    click.echo(format_stats(result, hours, days, settings.zone))


@main.command()
def run() -> None:
    """Run the Discord bot (needs DISCORD_TOKEN)."""

    from .discordbot.runner import StartupError, run_bot

    settings = _settings()
    problem = settings.token_problem()
    if problem:
        raise ConfigError(problem)
    kb = _load(settings.data_dir)
    # The database first: a bad path or file is one line now, before connecting to Discord.
    # A database server starting beside the bot (compose, a reboot) is waited for.
    from .discordbot.client import DATABASE_START_WAIT

    asyncio.run(_with_store(None, _opens, wait=DATABASE_START_WAIT))
    setup_logging(settings)
    from .storage import StoreUnavailable

    try:
        asyncio.run(run_bot(settings, kb))
    except StartupError as exc:
        raise ConfigError(str(exc)) from None
    except StoreUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        pass


@main.command()
@DB_OPTION
@click.option(
    "--days",
    type=click.FloatRange(min=0, min_open=True),
    help="retention window, more than 0 (default: CAREERBOT_RETENTION_DAYS)",
)
@click.option("--yes", is_flag=True, help="don't ask before erasing the text of the last day")
def purge(location: str | None, days: float | None, yes: bool) -> None:
    """Delete raw message text and idle conversations older than the retention window."""
    import time

    from .backends import open_store
    from .storage import StoreError

    settings = _settings()
    window = days if days is not None else settings.retention_days
    if window < 1 and not yes:
        # Less than a day erases what moderators have not had time to review: ask first.
        click.confirm(
            f"Erase the text of every message older than {window:g} days, nearly all of it?",
            abort=True,
        )

    async def run_purge() -> tuple[int, int]:
        store = await open_store(location or settings.database)
        try:
            return await store.purge(time.time() - window * 86_400)
        finally:
            await store.close()

    try:
        texts, conversations = asyncio.run(run_purge())
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"purged the text of {texts} message(s) and {conversations} conversation(s) "
        f"older than {window:g} days; counts for statistics are kept"
    )


@main.command()
@click.argument("source", metavar="SOURCE")
@click.argument("destination", metavar="DESTINATION")
def copy(source: str, destination: str) -> None:
    """Copy a whole database into a new, empty one and check every table's row count.

    SOURCE and DESTINATION are database locations: a SQLite file, sqlite:///path or
    postgresql://user@host/db. Stop the bot first (a running bot keeps writing).
    """
    from .backends import open_store
    from .dbcopy import copy_database
    from .locations import location_problem, shown, sqlite_path
    from .storage import StoreError

    for name, where in (("SOURCE", source), ("DESTINATION", destination)):
        if problem := location_problem(where):
            raise click.BadParameter(problem, param_hint=name)
    path = sqlite_path(source)
    if path is not None and not Path(path).is_file():
        raise click.ClickException(f"no database at {path}")
    if source == destination:
        raise click.BadParameter("is the source itself", param_hint="DESTINATION")

    async def run_copy():
        src = await open_store(source)
        try:
            dst = await open_store(destination)
            try:
                return await copy_database(src, dst, progress=click.echo)
            finally:
                await dst.close()
        finally:
            await src.close()

    try:
        counts = asyncio.run(run_copy())
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    total = sum(c.source for c in counts)
    click.echo(
        f"copied {total} row(s) in {len(counts)} tables from {shown(source)} to "
        f"{shown(destination)}; every table's count matches"
    )


@main.command(name="sync-commands")
@click.option("--guild", type=int, help="publish to this server only (appears at once)")
def sync_commands_command(guild: int | None) -> None:
    """Publish the slash commands to Discord (once, and after updates)."""
    from .discordbot.runner import StartupError, sync_commands

    settings = _settings()
    problem = settings.token_problem()
    if problem:
        raise ConfigError(problem)
    kb = _load(settings.data_dir)
    try:
        count = asyncio.run(sync_commands(settings, kb, guild))
    except StartupError as exc:
        raise ConfigError(str(exc)) from None
    where = f"server {guild}" if guild else "every server (may take up to an hour to appear)"
    click.echo(f"published {count} slash commands to {where}")


@main.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path), help="knowledge base folder")
@click.option(
    "--reference",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="verified facts to cross-check figures against "
    "(default: ../shared/reference/occupations.yaml when present)",
)
def check(data_dir: Path | None, reference: Path | None) -> None:
    """Validate the knowledge base and print a summary."""
    from .knowledge.reference import DEFAULT_REFERENCE, check_against_reference
    from .matcher import Matcher
    from .validation import problems_with

    kb = _load(data_dir or _settings().data_dir)
    matcher = Matcher(kb)
    # The safety screen's self-test, with the matcher already built for the summary.
    _fail_on("problem(s) in the knowledge base", problems_with(kb, matcher))
    examples = sum(len(i.examples) for i in kb.intents.values())
    aliases = sum(len(c.aliases) for c in kb.careers.values())
    no_pay = [c.id for c in kb.careers.values() if c.pay.median_annual is None]
    click.echo(f"knowledge base OK: {kb.source_dir}")
    click.echo(f"  careers:   {len(kb.careers)} in {len(kb.pathways)} pathways, {aliases} aliases")
    click.echo(
        f"  routes:    {len(kb.routes)}   topics: {len(kb.topics)}   interests: {len(kb.interests)}"
    )
    click.echo(
        f"  intents:   {len(kb.intents)} with {examples} examples, "
        f"{len(kb.followups)} follow-up phrasings"
    )
    click.echo(f"  synonyms:  {len(kb.synonyms)}   vocabulary: {matcher.vocabulary_size} words")
    patterns = sum(len(c.patterns) for c in kb.safety.categories)
    click.echo(
        f"  safety:    {len(kb.safety.categories)} categories, {patterns} patterns, "
        f"{len(kb.safety.resources)} help lines; every example recognized, "
        "no example question sets it off; every intent has its handler"
    )
    if no_pay:
        click.echo(f"  no published pay figure: {', '.join(no_pay)}")
    reference = reference or (DEFAULT_REFERENCE if DEFAULT_REFERENCE.exists() else None)
    if reference is None:
        click.echo("  reference file not found: figures were not cross-checked (--reference)")
        return
    _fail_on(f"figure(s) differ from {reference}", check_against_reference(kb, reference))
    click.echo(f"  figures:   every figure matches {reference}")


def _fail_on(what: str, problems: list[str]) -> None:
    """List ``problems`` and exit 1, or return when there are none."""
    if problems:
        click.echo(f"{len(problems)} {what}:", err=True)
        for line in problems:
            click.echo(f"  - {line}", err=True)
        sys.exit(1)


@main.command(name="derive-onet")
@click.option(
    "--onet",
    "onet_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="the O*NET reference folder (default: ../shared/reference/onet)",
)
@click.option("--data", "data_dir", type=click.Path(path_type=Path), help="knowledge base folder")
def derive_onet(onet_dir: Path | None, data_dir: Path | None) -> None:
    """Write data/onet_aliases.tsv and data/onet_other_titles.txt from O*NET's titles."""
    from .knowledge.reference import DEFAULT_REFERENCE
    from .onet import ALIASES_FILE, OTHER_TITLES_FILE, derive, write

    onet_dir = onet_dir or DEFAULT_REFERENCE.parent / "onet"
    if not onet_dir.is_dir():
        raise click.ClickException(f"no O*NET folder at {onet_dir}: pass --onet DIR")
    data_dir = data_dir or _settings().data_dir
    kb = _load(data_dir)
    aliases, others = derive(kb, onet_dir)
    write(data_dir, aliases, others)
    click.echo(f"{len(aliases)} career aliases -> {data_dir / ALIASES_FILE}")
    click.echo(f"{len(others)} titles outside the cluster -> {data_dir / OTHER_TITLES_FILE}")


def _dotenv_quoted(path: Path) -> str:
    """A value .env reads back whole, spaces and "#" included."""
    return '"' + str(path).replace("\\", "\\\\").replace('"', '\\"') + '"'


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default="careerbot")
def init(folder: Path) -> None:
    """Create a working folder: a .env to fill in and a copy of the knowledge base to edit."""
    import shutil
    from importlib.resources import files

    from .config import SHIPPED_DATA_DIR

    env, data = folder / ".env", folder / "data"
    taken = [str(p) for p in (env, data) if p.exists()]
    if taken:
        raise click.ClickException(
            f"{' and '.join(taken)} already exist: nothing was changed (pick a new folder, or "
            "move them away first)"
        )
    folder.mkdir(parents=True, exist_ok=True)
    example = files("bot").joinpath("env.example").read_text(encoding="utf-8")
    where = folder.resolve()
    example = example.replace(
        "# CAREERBOT_DATA_DIR=data", f"CAREERBOT_DATA_DIR={_dotenv_quoted(where / 'data')}"
    ).replace(
        "CAREERBOT_DB_PATH=careerbot.db",
        f"CAREERBOT_DB_PATH={_dotenv_quoted(where / 'careerbot.db')}",
    )
    env.write_text(example, encoding="utf-8")
    env.chmod(0o600)  # it will hold the bot's token
    shutil.copytree(SHIPPED_DATA_DIR, data, ignore=shutil.ignore_patterns("__pycache__"))
    click.echo(
        f"Created {env} (put DISCORD_TOKEN in it) and {data} (the knowledge base to edit).\n"
        f"Run the bot from there: cd {shlex.quote(str(folder))} && careerbot run"
    )


@main.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path), help="knowledge base folder")
def schemas(data_dir: Path | None) -> None:
    """Write JSON Schemas of the YAML files (for editors that check YAML as it is typed)."""
    from .knowledge.schemas import write_schemas

    folder = data_dir or _settings().data_dir
    if not (folder / "careers.yaml").is_file():
        raise click.ClickException(f"{folder} is not a knowledge base folder (no careers.yaml)")
    for path in write_schemas(folder):
        click.echo(f"wrote {path}")


@main.command(name="derive-words")
@click.option(
    "--source",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="a word list, one word a line (default: /usr/share/dict/american-english)",
)
@click.option("--data", "data_dir", type=click.Path(path_type=Path), help="knowledge base folder")
def derive_words(source: Path | None, data_dir: Path | None) -> None:
    """Write data/english_words.txt: real words that typo repair leaves alone."""
    from .english import DEFAULT_SOURCE, WORDS_FILE, derive, write

    source = source or DEFAULT_SOURCE
    if not source.is_file():
        raise click.ClickException(f"no word list at {source}: pass --source FILE")
    data_dir = data_dir or _settings().data_dir
    words = derive(source)
    write(data_dir, words)
    click.echo(f"{len(words)} English words -> {data_dir / WORDS_FILE}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="one JSON object per input line")
@click.option("--user", default="local", show_default=True, help="user id for this session")
@DB_OPTION
def chat(as_json: bool, user: str, location: str | None) -> None:
    """Talk to the bot in the terminal (or script it with --json)."""
    from .chat import run_chat

    settings = _settings()
    kb = _load(settings.data_dir)
    if not as_json and "CAREERBOT_LOG_LEVEL" not in os.environ:
        logging.getLogger().setLevel(logging.WARNING)  # a conversation, not a log
    run_chat(kb, settings, location or settings.database, user, as_json)


@main.command()
@click.option("--user", default="local", show_default=True, help="user id for this session")
@DB_OPTION
def quiz(user: str, location: str | None) -> None:
    """Take the interest quiz in the terminal (progress is saved: you can stop and resume)."""
    from .quiz import QuizProgress, choice_from_text, result_reply
    from .reply import Reply

    settings = _settings()
    kb = _load(settings.data_dir)

    async def run_quiz(store) -> Reply | None:
        progress = QuizProgress(kb, store)
        answers = await progress.current(user)
        if answers:
            click.echo(f"Welcome back: resuming at question {len(answers) + 1}.")
        while not progress.finished(answers):
            index = len(answers)
            question = kb.quiz[index]
            click.echo(f"\nQuestion {index + 1} of {progress.total}: {question.text}")
            for n, answer in enumerate(question.answers, 1):
                click.echo(f"  {n}. {answer.label}")
            choice = (
                click.prompt(
                    "Your answer (its number or words, b = back, q = quit)",
                    default="",
                    show_default=False,
                )
                .strip()
                .lower()
            )
            if choice == "q":
                click.echo("Saved. Run `careerbot quiz` again to continue.")
                return None
            if choice == "b":
                answers = await progress.back(user)
            elif (picked := choice_from_text(question, choice)) is not None:
                answers = await progress.answer(user, index, picked) or answers
            else:
                click.echo("Type one of the numbers above, or the words of an answer.")
        await progress.cancel(user)
        return result_reply(kb, answers)

    reply = asyncio.run(_with_store(location, run_quiz))
    if reply is not None:
        from .chat import render_reply

        click.echo("\n" + render_reply(reply))


@main.command()
@click.argument("message", nargs=-1, required=True)
def explain(message: tuple[str, ...]) -> None:
    """Show how a message is matched: the safety screen, normalized text, entities, intents."""
    from .matcher import Matcher
    from .safety import SafetyScreen, describe

    kb = _load(_settings().data_dir)
    matcher = Matcher(kb)
    text = " ".join(message)
    concern = SafetyScreen(kb.safety, kb.synonyms, matcher.vocabulary).screen(text)
    if concern is not None:
        click.echo(describe(concern) + "  (answered with help lines before any matching)")
    click.echo(matcher.analyze(text).explain())


@main.command(name="eval")
@click.option(
    "--set",
    "sets",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="evaluation YAML file(s); default: tests/eval/*.yaml",
)
@click.option("--errors", is_flag=True, help="list every miss")
@click.option("--json", "as_json", is_flag=True, help="print the figures as JSON")
@click.option(
    "--lengths", is_flag=True, help="reply lengths per intent (median, max) instead of accuracy"
)
@click.option(
    "--learned-from",
    metavar="LOCATION",
    help="include the phrasings moderators taught, from this database (a file or URL)",
)
@click.option("--guild", help="with --learned-from: only this server's phrasings")
@click.option(
    "--safety", is_flag=True, help="measure the safety screen on tests/eval/safety/*.yaml instead"
)
def evaluate(
    sets: tuple[Path, ...],
    errors: bool,
    as_json: bool,
    lengths: bool,
    learned_from: str | None,
    guild: str | None,
    safety: bool,
) -> None:
    """Measure accuracy on labeled student messages and conversations."""
    from .evaluation import default_sets, format_lengths, format_report, run_evaluation
    from .locations import shown, sqlite_path

    kb = _load(_settings().data_dir)
    if safety:
        _evaluate_safety(kb, list(sets), errors, as_json)
        return
    paths = list(sets) or default_sets()
    if not paths:
        raise click.ClickException("no evaluation set found; pass --set FILE")
    learned = []
    if learned_from is not None:
        path = sqlite_path(learned_from)
        if path is not None and not Path(path).is_file():
            raise click.ClickException(f"no database at {path}")
        learned = asyncio.run(_with_store(learned_from, lambda store: store.learned(guild)))
        if not as_json:
            click.echo(f"with {len(learned)} learned phrasing(s) from {shown(learned_from)}")
    reports = asyncio.run(run_evaluation(kb, paths, learned, _settings()))
    if lengths:
        if as_json:
            click.echo(json.dumps({r.name: r.lengths() for r in reports}, indent=2))
        else:
            click.echo(format_lengths(reports[-1]))
    elif as_json:
        click.echo(json.dumps({r.name: r.summary() for r in reports}, indent=2))
    else:
        for report in reports:
            click.echo(format_report(report, show_errors=errors))


def _evaluate_safety(kb: KnowledgeBase, sets: list[Path], errors: bool, as_json: bool) -> None:
    from .safety_eval import default_safety_sets, evaluate_safety, format_safety_report

    paths = sets or default_safety_sets()
    if not paths:
        raise click.ClickException("no safety set found; pass --set FILE")
    reports = asyncio.run(evaluate_safety(kb, paths, _settings()))
    if as_json:
        click.echo(json.dumps({r.name: r.summary() for r in reports}, indent=2))
    else:
        for report in reports:
            click.echo(format_safety_report(report, show_errors=errors))


@main.command()
@click.option("--quick", is_flag=True, help="fewer repetitions (for a smoke test)")
@click.option(
    "--postgres/--no-postgres",
    default=True,
    show_default=True,
    help="also measure on a throwaway local PostgreSQL server (when installed)",
)
def bench(quick: bool, postgres: bool) -> None:
    """Measure match latency, engine throughput, start-up time and memory."""
    from .benchmark import run_benchmarks

    run_benchmarks(_settings().data_dir, quick=quick, echo=click.echo, postgres=postgres)
