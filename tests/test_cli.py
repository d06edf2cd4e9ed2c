"""The careerbot command line, run as a student or a knowledge editor would run it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from bot.config import SHIPPED_DATA_DIR


def run(*args: str, stdin: str = "", env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CAREERBOT_LOG_LEVEL": "WARNING", **(env or {})},
    )


def test_chat_json_follows_the_contract(tmp_path: Path):
    lines = "hw much do libarians make\nhow do i become one\n\nwhat about tutors\n"
    result = run("chat", "--json", "--db", str(tmp_path / "c.db"), "--user", "s1", stdin=lines)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 4  # one object per input line, the empty one included
    for obj in out:
        assert list(obj) == ["intent", "career", "careers", "pathway", "confidence", "text"]
    assert (out[0]["intent"], out[0]["career"]) == ("career.salary", "librarian")
    assert "$64,320" in out[0]["text"] and "May 2024" in out[0]["text"]
    assert (out[1]["intent"], out[1]["career"]) == ("career.education", "librarian")
    assert out[2]["intent"] == "fallback"
    assert (out[3]["intent"], out[3]["career"]) == ("career.education", "tutor")


def test_chat_json_answers_a_student_in_crisis_first(tmp_path: Path):
    lines = "i wanna kms\nhw much do libarians make\n"
    result = run("chat", "--json", "--db", str(tmp_path / "c.db"), stdin=lines)
    assert result.returncode == 0, result.stderr
    crisis, career = (json.loads(line) for line in result.stdout.splitlines())
    assert (crisis["intent"], crisis["career"], crisis["careers"]) == ("safety", None, [])
    assert "988" in crisis["text"]
    assert career["intent"] == "career.salary"


def test_eval_safety_prints_recall_and_false_alarms():
    result = run("eval", "--safety")
    assert result.returncode == 0, result.stderr
    assert "== safety all:" in result.stdout
    assert "false alarms:" in result.stdout and "per category (recall):" in result.stdout


def test_chat_json_remembers_across_runs_with_the_same_db(tmp_path: Path):
    db = str(tmp_path / "c.db")
    run("chat", "--json", "--db", db, "--user", "s2", stdin="save school psychologist\n")
    result = run("chat", "--json", "--db", db, "--user", "s2", stdin="my list\n")
    listing = json.loads(result.stdout)
    assert listing["intent"] == "saved.list"
    assert "School Psychologist" in listing["text"]
    other = run("chat", "--json", "--db", db, "--user", "s3", stdin="my list\n")
    assert "School Psychologist" not in json.loads(other.stdout)["text"]


def test_check_prints_a_summary():
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert "knowledge base OK" in result.stdout
    assert "25 in 3 pathways" in result.stdout


def test_check_names_the_problem_without_a_traceback(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    for f in SHIPPED_DATA_DIR.glob("*.yaml"):
        (data / f.name).write_text(f.read_text())
    careers = yaml.safe_load((data / "careers.yaml").read_text())
    careers["careers"][2]["outlook"]["period"] = "next decade"
    (data / "careers.yaml").write_text(yaml.safe_dump(careers, sort_keys=False))
    result = run("check", "--data", str(data))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "careers.yaml" in result.stderr
    assert "careers[2]" in result.stderr and "outlook.period" in result.stderr


def test_check_names_an_intent_that_has_no_handler(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA_DIR, data)
    path = data / "intents.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["intents"].append({"id": "career.vibes", "label": "vibes", "examples": ["vibe?"]})
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    result = run("check", "--data", str(data))
    assert result.returncode == 1
    assert "career.vibes" in result.stderr and "no handler" in result.stderr
    assert "Traceback" not in result.stderr


def test_explain_shows_the_decision():
    result = run("explain", "hw", "much", "do", "libarians", "make")
    assert result.returncode == 0
    assert "libarians -> librarians" in result.stdout
    assert "career.salary" in result.stdout


def test_python_m_bot_and_console_script_are_the_same_program():
    result = run("--help")
    assert result.returncode == 0
    for command in ("chat", "check", "eval", "bench", "explain"):
        assert command in result.stdout


def test_eval_prints_the_figures():
    result = run("eval", "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    for name in ("dev", "holdout", "all"):
        assert {
            "exact_accuracy",
            "fallback_precision",
            "fallback_recall",
            "confidently_wrong_rate",
            "per_intent",
        } <= set(figures[name])


def test_run_without_a_token_says_what_to_set(tmp_path: Path):
    env = {"DISCORD_TOKEN": "", "CAREERBOT_DISCORD_TOKEN": ""}
    result = run("run", env=env)
    assert result.returncode != 0
    assert "DISCORD_TOKEN is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_with_a_malformed_token_says_so_without_echoing_it():
    result = run("run", env={"DISCORD_TOKEN": "not-a-token-secret123"})
    assert result.returncode != 0
    assert "does not look like a bot token" in result.stderr
    assert "secret123" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_purge_erases_old_text_but_keeps_counts(tmp_path: Path):
    import sqlite3

    db = tmp_path / "p.db"
    run("chat", "--json", "--db", str(db), stdin="how much do tutors make\n")
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE events SET at = at - 40 * 86400")
    result = run("purge", "--db", str(db), "--days", "30")
    assert result.returncode == 0, result.stderr
    assert "purged the text of 1 message" in result.stdout
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT COUNT(*), COUNT(text) FROM events").fetchone() == (1, 0)


def test_terminal_quiz_resumes_and_ends_with_results(tmp_path: Path, kb):
    db = str(tmp_path / "q.db")
    total = len(kb.quiz)
    first = run("quiz", "--db", db, stdin="1\n2\nq\n")
    assert first.returncode == 0, first.stderr
    assert f"Question 3 of {total}" in first.stdout and "Saved" in first.stdout
    second = run("quiz", "--db", db, stdin="1\n" * (total - 2))
    assert "resuming at question 3" in second.stdout
    assert "Your quiz results" in second.stdout and "match" in second.stdout
