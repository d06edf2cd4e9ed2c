"""A throwaway PostgreSQL server for the tests and ``careerbot bench``: a fresh cluster in a
temporary folder, on a free loopback port, removed when it stops.

It uses the distribution's server programs (``apt-get install postgresql``). PostgreSQL
refuses to run as root, so under root the cluster is made and run as the ``postgres`` user.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Where Debian, Ubuntu and the official images put the server programs, newest first.
_SEARCH = ("/usr/lib/postgresql", "/usr/local/pgsql", "/usr/pgsql")
SERVER_USER = "postgres"


class ClusterError(Exception):
    """No PostgreSQL server here, or it would not start; the message says which."""


def server_bin() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, or None when PostgreSQL is not installed."""
    for root in map(Path, _SEARCH):
        if not root.is_dir():
            continue
        versions = sorted(
            (p for p in root.iterdir() if (p / "bin" / "pg_ctl").is_file()),
            key=lambda p: [int(part) for part in p.name.split(".") if part.isdigit()] or [0],
            reverse=True,
        )
        if versions:
            return versions[0] / "bin"
        if (root / "bin" / "pg_ctl").is_file():
            return root / "bin"
    found = shutil.which("pg_ctl")  # elsewhere: through a link, to the folder of the rest
    return Path(found).resolve().parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    """One running server. ``url`` reaches its ``postgres`` database as a superuser."""

    def __init__(self, bin_dir: Path, root: Path, port: int, as_user: str | None) -> None:
        self.bin_dir = bin_dir
        self.root = root
        self.data = root / "data"
        self.port = port
        self._as_user = as_user

    @property
    def url(self) -> str:
        return self.url_of("postgres")

    def _run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin_dir / program), *args]
        if self._as_user:
            command = ["runuser", "-u", self._as_user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
            raise ClusterError(f"{program} failed: {' / '.join(detail)}")
        return result

    def init(self, fast: bool) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SERVER_USER,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            *(["--no-sync"] if fast else []),
        )
        settings = [
            "listen_addresses = '127.0.0.1'",
            f"port = {self.port}",
            f"unix_socket_directories = '{self.root}'",
            "max_connections = 200",
            "log_min_messages = warning",
        ]
        if fast:
            # Tests only: nothing here must survive a power cut, only a killed server (so commits
            # stay synchronous: an asynchronous commit is lost when the server is killed).
            settings += ["fsync = off", "full_page_writes = off"]
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n" + "\n".join(settings) + "\n")

    def url_of(self, database: str) -> str:
        return f"postgresql://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new, empty database; its URL."""
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", SERVER_USER, name)
        return self.url_of(name)

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        """``fast`` is a clean shutdown; ``immediate`` is a crash (recovery at the next start)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def restart(self, mode: str = "immediate") -> None:
        self.stop(mode)
        self.start()


@contextlib.contextmanager
def throwaway_cluster(fast: bool = True) -> Iterator[Cluster]:
    """Start a fresh server; stop it and delete its files on exit. ``fast`` turns off
    durability to the disk (fsync), which tests do not need."""
    bin_dir = server_bin()
    if bin_dir is None:
        raise ClusterError(
            "PostgreSQL's server is not installed: apt-get install postgresql (or run "
            "tests/postgres-server)"
        )
    as_user = None
    if os.geteuid() == 0:
        try:
            server_user = pwd.getpwnam(SERVER_USER)
        except KeyError:
            raise ClusterError(
                f"PostgreSQL refuses to run as root and there is no '{SERVER_USER}' user"
            ) from None
        as_user = SERVER_USER
    root = Path(tempfile.mkdtemp(prefix="careerbot-pg-"))
    try:
        if as_user:
            os.chown(root, server_user.pw_uid, server_user.pw_gid)
        cluster = Cluster(bin_dir, root, _free_port(), as_user)
        cluster.init(fast)
        cluster.start()
        try:
            yield cluster
        finally:
            cluster.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)
