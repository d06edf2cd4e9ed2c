"""What a school's IT person meets first: every operator mistake is one line, never a traceback,
and `careerbot run` behind a firewall keeps trying and says why."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

FAKE_TOKEN = "MTA5ODc2NTQzMjEwOTg3NjU0MzI.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB"


def _run(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env={**os.environ, "CAREERBOT_DB_PATH": str(cwd / "c.db"), **env},
    )


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("CAREERBOT_CONFIDENCE_THRESHOLD", "high"),
        ("CAREERBOT_LOG_LEVEL", "verbose"),
        ("CAREERBOT_LISTEN_CHANNELS", "general"),
        ("CAREERBOT_RETENTION_DAYS", "-5"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(tmp_path: Path, setting: str, value: str):
    for command in (["check"], ["chat", "--json"], ["run"], ["purge"]):
        result = _run(*command, env={setting: value, "DISCORD_TOKEN": FAKE_TOKEN}, cwd=tmp_path)
        assert result.returncode == 78, (command, result.stderr)  # EX_CONFIG: no restart
        output = result.stdout + result.stderr
        assert "Traceback" not in output
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and setting in lines[0] and value in lines[0], (command, lines)


def test_run_keeps_trying_when_discord_cannot_be_reached_and_stops_at_once(tmp_path: Path):
    # Discord "behind a firewall": its API pointed at a closed port on this machine.
    script = (
        "import sys, discord.http\n"
        "discord.http.Route.BASE = 'http://127.0.0.1:9/api/v10'\n"
        "import bot.discordbot.runner as r\n"
        "r.FIRST_RETRY_SECONDS = 0.2\n"
        "from bot.cli import main\n"
        "main(['run'])\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=tmp_path,
        env={
            **os.environ,
            "DISCORD_TOKEN": FAKE_TOKEN,
            "CAREERBOT_DB_PATH": str(tmp_path / "c.db"),
        },
    )
    assert process.stdout is not None
    seen: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and sum("retrying in" in line for line in seen) < 2:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
    process.send_signal(signal.SIGINT)
    rest, _ = process.communicate(timeout=15)
    output = "".join(seen) + rest
    assert process.returncode == 0, output
    assert "Traceback" not in output
    warnings = [line for line in output.splitlines() if "cannot reach Discord" in line]
    assert len(warnings) >= 2 and "retrying in" in warnings[0]
    # Logged once each: one handler, not two.
    logins = [line for line in output.splitlines() if "logging in using static token" in line]
    assert len(logins) == len(warnings) or len(logins) == len(warnings) + 1
    assert "voice will NOT be supported" not in output and "PyNaCl" not in output


def _terminal(tmp_path: Path):
    """`careerbot chat` on a pseudo-terminal, as a person runs it."""
    import pty

    main, child = pty.openpty()

    def own_terminal() -> None:  # the pty becomes the chat's controlling terminal: ^C is SIGINT
        import fcntl
        import termios

        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat", "--db", str(tmp_path / "c.db")],
        stdin=child,
        stdout=child,
        stderr=child,
        cwd=tmp_path,
        env={**os.environ, "HOME": str(tmp_path), "TERM": "dumb", "NO_COLOR": "1"},
        preexec_fn=own_terminal,
    )
    os.close(child)
    return process, main


def _read_until(fd: int, needle: str, timeout: float = 30) -> str:
    import select

    seen = ""
    deadline = time.monotonic() + timeout
    while needle not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 4096).decode(errors="replace")
            except OSError:
                break
    return seen


@pytest.mark.parametrize("key", ["\x03", "\x04"], ids=["ctrl-c", "ctrl-d"])
def test_the_terminal_chat_ends_at_once_on_ctrl_c_and_ctrl_d(tmp_path: Path, key: str):
    process, fd = _terminal(tmp_path)
    try:
        banner = _read_until(fd, "you> ")
        assert "careerbot quiz" in banner and "INFO" not in banner  # quiet, with its own hints
        os.write(fd, b"\n")  # a blank line: ignored, the prompt again
        os.write(fd, b"how much do librarians make\n")
        answer = _read_until(fd, "(try:")
        assert "$64,320" in answer
        if "you> " not in answer.split("(try:")[-1]:
            _read_until(fd, "you> ")
        # As a person would, a moment after the prompt shows: GNU readline prints the prompt
        # before it starts waiting for a key, and a ^C in between (only a script is that fast,
        # on a loaded machine) is read with the next key.
        time.sleep(0.5)
        os.write(fd, key.encode())
        # Before, ^C hung until Enter: it never exits by itself. The wait is generous only
        # because this machine is shared; it ends as soon as the chat does.
        process.wait(timeout=30)
        assert process.returncode == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(fd)
    import sqlite3

    with sqlite3.connect(tmp_path / "c.db") as db:
        assert db.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 1  # not the blank line


def test_busiest_hours_are_shown_on_the_schools_clock():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from bot.stats_view import local_hour, stat_sections

    winter = datetime(2026, 1, 15, tzinfo=ZoneInfo("UTC"))
    summer = datetime(2026, 7, 15, tzinfo=ZoneInfo("UTC"))
    chicago = ZoneInfo("America/Chicago")
    assert local_hour(15, chicago, winter) == "09:00"
    assert local_hour(15, chicago, summer) == "10:00"
    assert local_hour(0, ZoneInfo("Asia/Kolkata"), winter) == "05:30"
    from bot.records import Stats

    empty = Stats(0, 0, 0, 0, 0, [], [])
    titles = [title for title, _ in stat_sections(empty, [(15, 3)], chicago)]
    assert "Busiest hours (America/Chicago)" in titles


def test_a_time_zone_that_does_not_exist_is_one_line(tmp_path: Path):
    result = _run("check", env={"CAREERBOT_TIMEZONE": "Mars/Olympus"}, cwd=tmp_path)
    assert result.returncode == 78 and "Traceback" not in result.stderr
    assert "CAREERBOT_TIMEZONE=Mars/Olympus: not a time zone" in result.stderr
    folder = _run("check", env={"CAREERBOT_TIMEZONE": "America"}, cwd=tmp_path)
    assert folder.returncode == 78 and "Traceback" not in folder.stderr


def test_purge_refuses_a_negative_window_and_asks_before_erasing_nearly_everything(tmp_path):
    negative = _run("purge", "--days", "-5", env={}, cwd=tmp_path)
    assert negative.returncode == 2 and "x>0" in negative.stderr
    declined = subprocess.run(
        [sys.executable, "-m", "bot", "purge", "--days", "0.1"],
        input="n\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "CAREERBOT_DB_PATH": str(tmp_path / "c.db")},
        timeout=60,
    )
    assert declined.returncode == 1 and "Aborted" in declined.stderr
    assert "purged" not in declined.stdout
    sure = _run("purge", "--days", "0.1", "--yes", env={}, cwd=tmp_path)
    assert sure.returncode == 0 and "purged" in sure.stdout


def test_stats_on_a_missing_database_says_so_and_creates_nothing(tmp_path: Path):
    missing = tmp_path / "nowhere" / "c.db"
    result = _run("stats", "--guild", "g", "--db", str(missing), env={}, cwd=tmp_path)
    assert result.returncode == 1 and f"no database at {missing}" in result.stderr
    assert not missing.parent.exists()
