"""A real, throwaway PostgreSQL server for the tests: its own data folder, a free loopback port,
stopped when the tests end. PostgreSQL refuses to run as root, so as root (in CI) the server runs
as the ``postgres`` user that Debian's package creates."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

ADMIN_DB = "postgres"
#: The superuser's password: connections over TCP must give it, as on a real server (so the tests
#: can check that it never shows in a message, a page or a link).
PASSWORD = "s3cret-tracker-test"


def _bindir() -> Path | None:
    """Where initdb and pg_ctl are: ``pg_config --bindir`` or Debian's versioned folder."""
    candidates: list[str] = []
    if shutil.which("pg_config"):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidates.append(found.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in candidates:
        if folder and Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    return None


def require_postgres() -> Path:
    """The server binaries; skip where there are none, except in CI, where that fails."""
    bindir = _bindir()
    if bindir is not None:
        return bindir
    message = "PostgreSQL server binaries not found; install Debian's 'postgresql' package"
    if os.environ.get("TRACKER_REQUIRE_POSTGRES") == "1" or os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ThrowawayServer:
    """initdb + pg_ctl in a temporary folder; ``url(db)`` names a database on it."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="tracker-pg-"))
        self.data = self.folder / "data"
        self._as_root = os.geteuid() == 0
        if self._as_root:
            shutil.chown(self.folder, "postgres")
        password_file = self.folder / "password"
        password_file.write_text(PASSWORD)
        if self._as_root:
            shutil.chown(password_file, "postgres")
        self._run(
            "initdb",
            "--no-sync",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-U",
            "postgres",
            f"--pwfile={password_file}",
            "-E",
            "UTF8",
            "--locale",
            "C.UTF-8",
            "-D",
            str(self.data),
        )
        self.start()

    def _command(self, tool: str, *args: str) -> list[str]:
        command = [str(self.bindir / tool), *args]
        return ["runuser", "-u", "postgres", "--", *command] if self._as_root else command

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(self._command(tool, *args), check=True, capture_output=True)

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-w",
            "-l",
            str(self.folder / "server.log"),
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, database: str = ADMIN_DB, *, password: str = PASSWORD) -> str:
        return f"postgresql://postgres:{password}@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = ADMIN_DB) -> None:
        """Run one statement outside any transaction (CREATE DATABASE needs that)."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as connection:
            connection.execute(statement)

    def create_database(self, name: str, template: str | None = None) -> str:
        suffix = f" TEMPLATE {template}" if template else ""
        # A template may not have other sessions open while it is copied: wait for them.
        deadline = time.monotonic() + 30
        while True:
            try:
                self.sql(f'CREATE DATABASE "{name}"{suffix}')
                return self.url(name)
            except Exception as exc:
                if "being accessed by other users" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def destroy(self) -> None:
        try:
            self.stop("immediate")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
