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
        assert result.returncode == 1, (command, result.stderr)
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
