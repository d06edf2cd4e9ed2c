"""The files a school's IT installs from: the wheel's contents, the systemd unit, the image."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_the_systemd_unit_verifies(tmp_path: Path):
    # The unit as installed: its paths pointed at this machine's CareerBot and a work folder.
    work = tmp_path / "srv"
    work.mkdir()
    (work / ".env").write_text("")
    careerbot = Path(sys.executable).with_name("careerbot")
    unit = (ROOT / "deploy" / "careerbot.service").read_text()
    unit = unit.replace("/opt/careerbot/venv/bin/careerbot", str(careerbot))
    unit = unit.replace("/srv/careerbot", str(work)).replace("User=careerbot", "User=root")
    unit = unit.replace("Group=careerbot", "Group=root")
    path = tmp_path / "careerbot.service"
    path.write_text(unit)
    result = subprocess.run(
        ["systemd-analyze", "verify", str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "Restart=on-failure" in unit and "RestartPreventExitStatus=78" in unit


def test_the_image_installs_the_wheel_with_the_pinned_versions():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip wheel . --no-deps" in dockerfile
    assert "-c /tmp/constraints.txt /dist/careerbot-*.whl" in dockerfile
    assert "USER careerbot" in dockerfile  # never root
    assert "install -d -o careerbot -g careerbot /var/lib/careerbot" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert {".env", "*.db", ".venv/"} <= set(ignored)  # no token or students' data in a build
    compose = (ROOT / "compose.yaml").read_text()
    assert "restart: unless-stopped" in compose and "careerbot-db:/var/lib/careerbot" in compose


def test_constraints_pin_every_runtime_dependency():
    import tomllib

    pinned = {
        line.split("==")[0].lower().replace("_", "-")
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if "==" in line
    }
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"]:
        name = requirement.split(">")[0].split("<")[0].split("=")[0].strip().lower()
        assert name.replace("_", "-") in pinned, name


def test_the_settings_example_documents_every_setting():
    from bot.config import Settings

    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    for field in Settings.model_fields:
        name = "DISCORD_TOKEN" if field == "discord_token" else f"CAREERBOT_{field.upper()}"
        assert f"{name}=" in example, f"{name} is not in .env.example"


def test_the_sharded_compose_file_runs_every_shard_once_on_one_database():
    import yaml

    from bot.config import Settings

    services = yaml.safe_load((ROOT / "compose.shards.yaml").read_text())["services"]
    shards = [s["environment"] for name, s in services.items() if name.startswith("shard")]
    counts = {int(env["CAREERBOT_SHARD_COUNT"]) for env in shards}
    assert len(counts) == 1
    ids = sorted(int(i) for env in shards for i in env["CAREERBOT_SHARD_IDS"].split(","))
    assert ids == list(range(counts.pop()))  # each shard once, none missing
    assert len({env["CAREERBOT_DATABASE_URL"] for env in shards}) == 1
    for env in shards:  # what each process would read is a valid configuration
        url = env["CAREERBOT_DATABASE_URL"].replace("${POSTGRES_PASSWORD}", "pw")
        Settings(
            database_url=url,
            shard_count=int(env["CAREERBOT_SHARD_COUNT"]),
            shard_ids=env["CAREERBOT_SHARD_IDS"],
        )
