"""Run the careerbot command line in this process, with discord.py pointed at a fake Discord.

    python tests/fakediscord/launch.py http://127.0.0.1:PORT -- run

The URL is a running :class:`fakediscord.FakeDiscord`'s ``base_url``; everything after ``--`` is
the careerbot command line. discord.py is patched exactly as :meth:`FakeDiscord.patch` does, so a
bot in another process (or several, one per shard) talks to the fake, which records its REST calls
like any others.
"""

from __future__ import annotations

import sys
from pathlib import Path

# When run as a script: the checkout, then the tests folder (for ``import fakediscord``). The
# checkout comes first so that its packages win over test folders of the same name
# (tests/intents is not the ``intents`` package).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.cli import main as careerbot
from fakediscord.server import patch_discord

USAGE = "usage: launch.py <fake base url> -- <careerbot arguments>"


def main(argv: list[str]) -> None:
    if not argv or argv[0].startswith("-"):
        sys.exit(USAGE)
    base_url, rest = argv[0], argv[1:]
    if rest and rest[0] == "--":
        rest = rest[1:]
    with patch_discord(base_url):
        careerbot(args=rest, prog_name="careerbot")


if __name__ == "__main__":
    main(sys.argv[1:])
