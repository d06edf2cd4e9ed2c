"""Hardening, round two: what a red team found, each with the test that failed before the fix."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.config import SHIPPED_DATA_DIR
from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge.loader import MAX_YAML_BYTES


def _bomb(levels: int = 9, width: int = 9) -> str:
    """The "billion laughs" as more follow-up phrasings (intents.yaml ends with them): each
    entry an anchored list of aliases of the one before."""
    lines = [f'  - &l0 ["{"lol " * 8}"]']
    for n in range(1, levels):
        lines.append(f"  - &l{n} [" + ", ".join([f"*l{n - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def _problems(data_dir: Path) -> str:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(data_dir)
    return str(caught.value)


def test_a_yaml_alias_bomb_is_refused_at_once_naming_file_and_line(data_copy: Path):
    intents = data_copy / "intents.yaml"
    intents.write_text(intents.read_text() + _bomb())
    started = time.perf_counter()
    found = _problems(data_copy)
    elapsed = time.perf_counter() - started
    assert "intents.yaml:" in found and "aliases (*l0) are not allowed" in found
    # Expanded, this is 9**8 lists: minutes and gigabytes. Refused, it costs one ordinary load.
    assert elapsed < 30, elapsed


def test_a_duplicate_key_is_refused_with_its_line(data_copy: Path):
    synonyms = data_copy / "synonyms.yaml"
    text = synonyms.read_text().replace(
        "replacements:\n", "replacements:\n  sped: a\n  sped: b\n", 1
    )
    synonyms.write_text(text)
    found = _problems(data_copy)
    assert "synonyms.yaml:" in found and "duplicate key 'sped'" in found


def test_values_are_never_coerced_to_text(data_copy: Path):
    synonyms = data_copy / "synonyms.yaml"
    text = synonyms.read_text().replace("known_words:\n", "known_words:\n  - yes\n", 1)
    synonyms.write_text(text)
    found = _problems(data_copy)
    assert "known_words" in found and "must be a line of text" in found


def test_a_file_over_the_size_limit_is_refused_unread(data_copy: Path):
    topics = data_copy / "topics.yaml"
    topics.write_text("# padding\n" * (MAX_YAML_BYTES // 10 + 1))
    found = _problems(data_copy)
    assert "topics.yaml" in found and "the limit is" in found


# --- storage -------------------------------------------------------------------------------

from bot.context import Context, Scope  # noqa: E402
from bot.records import Event  # noqa: E402
from bot.sqlite_store import SCHEMA_VERSION, SQLiteStore  # noqa: E402
from bot.storage import StoreError  # noqa: E402

SECRET = "my zebra-kumquat secret 4471"


async def _fill(store: SQLiteStore, user: str, turns: int, text: str | None = None) -> None:
    for n in range(turns):
        scope = Scope("g", "c", user)
        event = Event(
            at=1000.0 + n,
            scope=scope,
            intent="career.salary",
            career="librarian",
            outcome="answer",
            confidence=0.9,
            text=text or f"how much do librarians make {n}",
            guess=None,
        )
        await store.record_turn(scope, Context(careers=["librarian"], updated_at=1000.0 + n), event)
    await store.flush()


def _bytes_of(db: Path) -> bytes:
    files = [db, db.with_name(db.name + "-wal")]
    return b"".join(f.read_bytes() for f in files if f.exists())


async def test_forgotten_text_is_gone_from_the_database_and_its_wal(tmp_path: Path):
    db = tmp_path / "bot.db"
    store = await SQLiteStore.open(db)
    await _fill(store, "alice", 5, text=SECRET)
    await _fill(store, "bob", 300)  # the WAL keeps growing with other students' turns
    assert SECRET.encode() in _bytes_of(db)
    await store.delete_user("alice")
    assert SECRET.encode() not in _bytes_of(db)
    await _fill(store, "bob", 300)
    assert SECRET.encode() not in _bytes_of(db)
    await store.close()


async def test_purged_text_is_gone_from_every_file(tmp_path: Path):
    db = tmp_path / "bot.db"
    store = await SQLiteStore.open(db)
    await _fill(store, "alice", 3, text=SECRET)
    await store.purge(before=10_000.0)
    assert SECRET.encode() not in _bytes_of(db)
    await store.close()


async def test_a_second_process_on_the_same_database_is_refused_naming_the_holder(tmp_path):
    db = tmp_path / "bot.db"
    first = await SQLiteStore.open(db)
    with pytest.raises(StoreError, match=r"in use by another CareerBot process \(pid \d+\)"):
        await SQLiteStore.open(db)
    await first.close()
    again = await SQLiteStore.open(db)  # released on close
    await again.close()


async def test_a_save_is_committed_before_it_is_confirmed(tmp_path: Path):
    import sqlite3

    db = tmp_path / "bot.db"
    store = await SQLiteStore.open(db)
    assert await store.save_career("alice", "librarian", 1.0)
    # Another connection (as after a kill -9) already sees it.
    with sqlite3.connect(db) as raw:
        rows = raw.execute("SELECT career_id FROM saved_careers WHERE user_id = 'alice'")
        assert rows.fetchall() == [("librarian",)]
    await store.close()


async def test_a_write_that_fails_raises_instead_of_confirming(tmp_path: Path):
    store = await SQLiteStore.open(tmp_path / "bot.db")
    async with store._db.execute("PRAGMA page_count") as cur:
        pages = (await cur.fetchone())[0]
    await store._db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full
    await _fill(store, "x", 1)  # chat turns keep going (and fail quietly to be written)
    confirmed = []
    with pytest.raises(StoreError, match="could not save a career"):
        for n in range(200):
            career = f"career-{n}" + "x" * 500
            await store.save_career("alice", career, 1.0)
            confirmed.append(career)
    await store._db.execute("PRAGMA max_page_count = 1073741823")
    # What was confirmed is what is stored, nothing more: the failed one was not claimed.
    assert await store.saved_careers("alice") == confirmed
    store._saved.clear()
    assert await store.saved_careers("alice") == confirmed
    await store.close()


async def test_a_deletion_that_cannot_be_written_says_so_and_deletes_nothing(tmp_path: Path):
    import sqlite3

    db = tmp_path / "bot.db"
    store = await SQLiteStore.open(db)
    await _fill(store, "alice", 2, text=SECRET)
    await store._db.execute("PRAGMA busy_timeout = 10")
    blocker = sqlite3.connect(db)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the database
    with pytest.raises(StoreError, match="could not delete your data"):
        await store.delete_user("alice")
    blocker.rollback()
    blocker.close()
    assert len((await store.user_data("alice"))["messages"]) == 2
    await store.close()


async def test_mydata_has_every_message_with_its_text(tmp_path: Path):
    store = await SQLiteStore.open(tmp_path / "bot.db")
    await _fill(store, "alice", 2, text=SECRET)
    data = await store.user_data("alice")
    assert [m["text"] for m in data["messages"]] == [SECRET, SECRET]
    assert data["messages"][0]["understood_as"] == "career.salary"
    await store.close()


def _one_line_error(*args: str, env: dict[str, str] | None = None) -> str:
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CAREERBOT_LOG_LEVEL": "WARNING", **(env or {})},
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


FAKE_TOKEN = "MTA5ODc2NTQzMjEwOTg3NjU0MzI.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB"


def _newer(path: Path) -> Path:
    import sqlite3

    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    return path


def _junk(d: Path) -> Path:
    (d / "junk.db").write_bytes(b"not sqlite at all " * 100)
    return d / "junk.db"


def _folder(d: Path) -> Path:
    (d / "a-folder.db").mkdir()
    return d / "a-folder.db"


def _under_a_file(d: Path) -> Path:
    (d / "file").write_text("x")
    return d / "file" / "bot.db"


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda d: _newer(d / "new.db"), "newer CareerBot"),
        (_junk, "not a CareerBot database"),
        (_folder, "is a folder"),
        (_under_a_file, "cannot create the folder"),
    ],
)
def test_start_up_database_errors_are_one_line(tmp_path: Path, make, says):
    db = make(tmp_path)
    commands = (["purge", "--db", str(db)], ["stats", "--guild", "g", "--db", str(db)], ["run"])
    for command in commands:
        line = _one_line_error(
            *command,
            env={"CAREERBOT_DB_PATH": str(db), "DISCORD_TOKEN": FAKE_TOKEN},
        )
        # stats only reads: where no database can be, it says there is none
        reads_only = command[0] == "stats" and "no database at" in line
        assert (says in line or reads_only) and str(db) in line, (command, line)


def test_a_truncated_database_is_one_line(tmp_path: Path):
    import sqlite3

    db = tmp_path / "cut.db"
    with sqlite3.connect(db) as raw:
        raw.execute("CREATE TABLE t (x)")
        raw.executemany("INSERT INTO t VALUES (?)", [("y" * 500,)] * 50)
    db.write_bytes(db.read_bytes()[:5000])
    line = _one_line_error("purge", "--db", str(db))
    assert str(db) in line


def test_debug_logging_keeps_discord_gateway_payloads_out_unless_asked():
    import logging

    from bot.cli import setup_logging
    from bot.config import Settings

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        setup_logging(Settings(log_level="DEBUG", _env_file=None))
        assert logging.getLogger("bot.engine").isEnabledFor(logging.DEBUG)
        assert not logging.getLogger("discord.gateway").isEnabledFor(logging.DEBUG)
        setup_logging(Settings(log_level="DEBUG", discord_debug_logging=True, _env_file=None))
        assert logging.getLogger("discord.gateway").isEnabledFor(logging.DEBUG)
    finally:
        root.handlers, root.level = handlers, level
        logging.getLogger("discord").setLevel(logging.NOTSET)


# --- YAML errors a counselor can act on ------------------------------------------------------


def _problem_lines(data_dir: Path) -> list[str]:
    return [line.strip()[2:] for line in _problems(data_dir).splitlines()[1:]]


def _line_of(path: Path, text: str, after: str = "") -> int:
    lines = path.read_text().splitlines()
    start = next(n for n, line in enumerate(lines) if after in line) if after else 0
    return next(n for n in range(start, len(lines)) if lines[n].startswith(text)) + 1


def test_one_bad_indent_is_one_problem_at_its_line(data_copy: Path):
    careers = data_copy / "careers.yaml"
    text = careers.read_text()
    at = text.index("    summary:", text.index("  - id: elementary-teacher"))
    careers.write_text(text[:at] + "   summary:" + text[at + len("    summary:") :])
    found = _problem_lines(data_copy)
    assert len(found) == 1, found  # not one "unknown career id" per route, topic and alias
    line = _line_of(careers, "   summary:")
    assert found[0].startswith(f"careers.yaml:{line}: malformed YAML")
    assert "indentation" in found[0]


def test_an_invalid_career_is_reported_once_and_later_ones_keep_their_place(data_copy: Path):
    careers = data_copy / "careers.yaml"
    text = careers.read_text()
    first = text.index("  - id: preschool-teacher")
    summary = text.index("    summary:", first)
    duties = text.index("    duties:", first)
    text = text[:summary] + text[duties:]  # the first career loses a required field
    # ... and a later career a wrong value, on a field of its own
    at = text.index('      typical: "Bachelor\'s degree"', text.index("  - id: elementary-teacher"))
    text = text[:at] + "      typical: 5" + text[at + len('      typical: "Bachelor\'s degree"') :]
    careers.write_text(text)
    found = _problem_lines(data_copy)
    assert not any("unknown career id 'preschool-teacher'" in p for p in found), found
    missing = [p for p in found if "preschool-teacher" in p]
    assert len(missing) == 1 and "summary" in missing[0] and "careers[0]" in missing[0]
    wrong = next(p for p in found if "elementary-teacher" in p)
    line = _line_of(careers, "      typical: 5", after="  - id: elementary-teacher")
    assert wrong.startswith(f"careers.yaml:{line}: careers[1] (id: elementary-teacher)"), wrong
    assert "education.typical" in wrong
    assert len(found) == 2, found


def test_an_invalid_interest_is_one_problem_not_one_per_career_using_it(data_copy: Path):
    interests = data_copy / "interests.yaml"
    text = interests.read_text()
    at = text.index("    keywords:", text.index("  - id: teens"))
    end = text.index("\n  - id:", at)
    interests.write_text(text[:at] + "    keywords: 5" + text[end:])
    found = _problem_lines(data_copy)
    assert len(found) == 1 and "teens" in found[0] and "keywords" in found[0], found


def test_the_fast_parser_reads_every_shipped_file_as_the_strict_one_does():
    # libyaml parses at start-up; the pure-Python loader is what names problems. They must
    # agree on the data and on every entry's line, or problems would name the wrong line.
    from bot.knowledge import loader

    def marks(node) -> list[tuple[int, int]]:
        children = node.value if isinstance(node.value, list) else []
        flat = [n for child in children for n in (child if isinstance(child, tuple) else [child])]
        return [(node.start_mark.line, node.start_mark.column)] + [
            m for child in flat for m in marks(child)
        ]

    assert loader._FastYamlLoader is not None  # PyYAML's wheels bundle libyaml
    for name in loader.FILES:
        text = (SHIPPED_DATA_DIR / name).read_text(encoding="utf-8")
        fast_root, fast = loader._compose(loader._FastYamlLoader, text)
        slow_root, slow = loader._compose(loader._StrictYamlLoader, text)
        assert fast == slow, name
        assert marks(fast_root) == marks(slow_root), name


@pytest.mark.parametrize(
    "text",
    [
        "i'm scared, my dad is high again",
        "my parents are high most nights and there is no food",
    ],
)
def test_a_parent_high_at_home_still_reaches_help(kb, text):
    # "high" alone is no cue ("high school" is everywhere here); high again, most nights is.
    from bot.matcher import Matcher
    from bot.safety import SafetyScreen

    screen = SafetyScreen(kb.safety, kb.synonyms, Matcher(kb).vocabulary)
    assert screen.screen(text) is not None


def test_a_tab_is_refused_as_the_strict_parser_refuses_it(data_copy: Path):
    synonyms = data_copy / "synonyms.yaml"
    synonyms.write_text(synonyms.read_text().replace("  u: you\n", "  u:\tyou\n", 1))
    found = _problems(data_copy)
    assert "synonyms.yaml:" in found and "malformed YAML" in found
