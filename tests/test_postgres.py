"""The server store on a real PostgreSQL server: migrations, the same figures as the DuckDB file,
many writers at once, copying a province across, and what a person sees when the server or the
password is wrong."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import fresh_postgres
from factories import D, batch, clearance, project_row, weekly_clearance_csv
from postgres_server import PASSWORD, ThrowawayServer, require_postgres

from tracker.auth import AuthError, is_locked, set_editor, sign_in
from tracker.errors import StoreError
from tracker.store import open_store, read_migrations
from tracker.store.postgres import redact
from tracker.summary import build_summary
from tracker.uploads import commit_batch

REPO = Path(__file__).resolve().parent.parent
AS_OF = D(2026, 1, 5)


def cli(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """``python -m tracker ARGS`` in its own process, as an administrator runs it."""
    done = subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "TRACKER_DEMO": "on"},
        timeout=600,
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


def summary_json(target: str, as_of: str) -> dict[str, object]:
    done = cli("summary", "--as-of", as_of, "--json", "--db", target)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.fixture
def empty_url(request: pytest.FixtureRequest) -> str:
    return fresh_postgres(request, "template_empty")


@pytest.fixture
def demo_url(request: pytest.FixtureRequest) -> str:
    return fresh_postgres(request, "template_demo")


@pytest.fixture
def own_server() -> Iterator[ThrowawayServer]:
    """A server of the test's own, to stop and start without disturbing the others."""
    server = ThrowawayServer(require_postgres())
    yield server
    server.destroy()


# -- migrations ------------------------------------------------------------------------------------


def test_a_fresh_server_database_applies_every_migration_once(pg_server) -> None:
    url = pg_server.create_database("fresh_migrations")
    store = open_store(url)
    names = [m.name for m in read_migrations("postgres")]
    assert store.applied_migrations() == names
    assert store.migrate() == []
    store.close()
    again = open_store(url)
    assert again.applied_migrations() == names
    again.close()


def test_an_older_server_database_is_upgraded_and_keeps_its_data(pg_server) -> None:
    url = pg_server.create_database("older_migrations")
    migrations = read_migrations("postgres")
    old = open_store(url, migrations=migrations[:4])  # before project codes could be reused
    commit_batch(
        old,
        batch(
            {
                "projects": [project_row("HNCL")],
                "clearance_reports": [clearance("HNCL", "05986", D(2025, 6, 30), "12.5")],
            }
        ),
    )
    old.close()
    upgraded = open_store(url)
    assert upgraded.applied_migrations() == [m.name for m in migrations]
    assert [float(r[0]) for r in upgraded.rows("SELECT cleared_ha FROM clearance_reports")] == [
        12.5
    ]
    assert upgraded.query_row("live_project", project="HNCL") is not None
    upgraded.close()


# -- the same figures on both stores ---------------------------------------------------------------


def test_the_demo_gives_the_same_summary_on_both_stores(tmp_path: Path, empty_url: str) -> None:
    file_db = str(tmp_path / "demo.duckdb")
    cli("init", "--demo", "--db", file_db)
    cli("init", "--demo", "--db", empty_url)
    on_file = summary_json(file_db, "2025-06-30")
    on_server = summary_json(empty_url, "2025-06-30")
    assert on_server == on_file
    hncl = next(p for p in on_server["projects"] if p["project_code"] == "HNCL")  # type: ignore[union-attr, index]
    assert (hncl["cleared_ha"], hncl["pct_basic"], hncl["pct_technical"]) == (596.94, 120.0, 96.5)
    assert on_server["pct_central_plan"] == 38.0 and on_server["warnings"]


# -- many writers ----------------------------------------------------------------------------------


def _week_files(tmp_path: Path) -> list[Path]:
    files = []
    for name, start, base in (
        ("tuan_a.csv", D(2025, 7, 7), 300.0),
        ("tuan_b.csv", D(2025, 9, 1), 400.0),
    ):
        path = tmp_path / name
        path.write_bytes(weekly_clearance_csv(6_000, start=start, base=base))
        files.append(path)
    return files


def _figures(target: str) -> str:
    store = open_store(target)
    try:
        return json.dumps(build_summary(store, AS_OF, province_code="20"), sort_keys=True)
    finally:
        store.close()


def _import_processes(target: str, files: list[Path]) -> list[subprocess.Popen[str]]:
    """One ``import`` process per file, all started at the same moment."""
    go = threading.Barrier(len(files))
    started: list[subprocess.Popen[str]] = []

    def start(path: Path, user: str) -> None:
        go.wait()
        started.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tracker",
                    "import",
                    str(path),
                    "--db",
                    target,
                    "--user",
                    user,
                    "--lang",
                    "en",
                ],
                cwd=REPO,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )

    threads = [
        threading.Thread(target=start, args=(path, f"editor{i}")) for i, path in enumerate(files)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return started


def test_two_imports_started_together_both_commit(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    files = _week_files(tmp_path)
    serial = fresh_postgres(request, "template_demo")
    for path in files:
        cli("import", str(path), "--db", serial, "--user", "serial")
    together = fresh_postgres(request, "template_demo")
    processes = _import_processes(together, files)
    for process in processes:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        assert "committed" in out
    store = open_store(together)
    uploads = store.rows(
        "SELECT file_name, count(*) FROM uploads WHERE kind = 'clearance' GROUP BY 1 ORDER BY 1"
    )
    store.close()
    assert uploads == [("tuan_a.csv", 1), ("tuan_b.csv", 1)]  # none lost, none doubled
    assert _figures(together) == _figures(serial)


def test_two_writer_processes_and_twenty_readers(demo_url: str, tmp_path: Path) -> None:
    files = _week_files(tmp_path)
    store = open_store(demo_url)
    errors: list[BaseException] = []
    read_times: list[tuple[float, float]] = []
    stop = threading.Event()
    whole = """SELECT u.upload_id, u.row_count,
                      (SELECT count(*) FROM clearance_reports c WHERE c.upload_id = u.upload_id)
               FROM uploads u WHERE u.kind = 'clearance'"""

    def reader() -> None:
        try:
            while not stop.is_set():
                started = time.monotonic()
                for upload_id, row_count, stored in store.rows(whole):
                    assert stored == row_count, f"half-written upload {upload_id} was visible"
                build_summary(store, AS_OF, province_code="20")
                read_times.append((started, time.monotonic()))
        except BaseException as exc:
            errors.append(exc)

    readers = [threading.Thread(target=reader) for _ in range(20)]
    for thread in readers:
        thread.start()
    writes_began = time.monotonic()
    processes = _import_processes(demo_url, files)
    for process in processes:
        _, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
    writes_ended = time.monotonic()
    stop.set()
    for thread in readers:
        thread.join(timeout=120)
    assert errors == []
    during = [r for r in read_times if writes_began < r[1] and r[0] < writes_ended]
    assert len(during) >= 20, len(during)  # the readers were reading while both wrote
    uploads = store.rows("SELECT count(*) FROM uploads WHERE kind = 'clearance'")
    store.close()
    assert uploads == [(2,)]


def test_sign_in_lock_out_holds_across_app_processes(demo_url: str) -> None:
    replica_a, replica_b = open_store(demo_url), open_store(demo_url)
    set_editor(replica_a, "officer", "mat-khau-dung-roi", created_by="test")
    for _ in range(5):
        with pytest.raises(AuthError):
            sign_in(replica_a, "officer", "sai mat khau")
    assert is_locked(replica_b, "officer")
    with pytest.raises(AuthError) as locked:
        sign_in(replica_b, "officer", "mat-khau-dung-roi")
    assert "locked" in locked.value.en
    replica_a.close()
    replica_b.close()


# -- moving a province -----------------------------------------------------------------------------


def test_copy_from_the_demo_file_to_a_server_and_back(tmp_path: Path, empty_url: str) -> None:
    source = str(tmp_path / "source.duckdb")
    cli("init", "--demo", "--db", source)
    week = tmp_path / "tuan.csv"
    week.write_bytes(weekly_clearance_csv(300, start=D(2025, 7, 7)))
    cli("import", str(week), "--db", source, "--user", "officer")
    done = cli("undo", "2", "--db", source, "--user", "officer", "--note", "sai tuần")
    assert "undone" in done.stdout
    accounts = open_store(source)
    set_editor(accounts, "officer", "mat-khau-can-bo", created_by="test")
    accounts.close()
    copied = cli("copy", "--from", source, "--to", empty_url)
    assert PASSWORD not in copied.stdout + copied.stderr
    server = open_store(empty_url)  # the copied tables have the planner's statistics already
    analysed = server.rows(
        "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"
        " AND relname IN ('clearance_reports', 'upload_events')"
    )
    server.close()
    assert sorted(r[0] for r in analysed) == ["clearance_reports", "upload_events"]
    back = str(tmp_path / "back.duckdb")
    cli("copy", "--from", empty_url, "--to", back)
    for day in ("2024-06-30", "2025-06-30", "2025-07-13"):
        expected = summary_json(source, day)
        assert summary_json(empty_url, day) == expected
        assert summary_json(back, day) == expected
    history = cli("uploads", "--json", "--db", empty_url).stdout
    assert [(u["upload_id"], u["status"]) for u in json.loads(history)] == [
        (2, "undone"),
        (1, "committed"),
    ]
    # Ids go on from where the copy left them: the next upload is number 3.
    again = cli("import", str(week), "--db", empty_url, "--user", "officer")
    assert "Upload 3 committed" in again.stdout
    server = open_store(empty_url)
    assert server.rows("SELECT user_name, role FROM editor_accounts") == [("officer", "editor")]
    server.close()


def test_copy_refuses_a_target_that_holds_data(tmp_path: Path, demo_url: str) -> None:
    source = str(tmp_path / "source.duckdb")
    cli("init", "--demo", "--db", source)
    refused = cli("copy", "--from", source, "--to", demo_url, "--lang", "en", check=False)
    assert refused.returncode == 2
    assert "already holds data" in refused.stderr and "uploads (1)" in refused.stderr
    assert "Traceback" not in refused.stderr and PASSWORD not in refused.stderr


# -- bad connections -------------------------------------------------------------------------------


def test_check_reports_the_store_in_one_line(demo_url: str) -> None:
    done = cli("check", "--db", demo_url)
    line = done.stdout.strip()
    assert "\n" not in line and PASSWORD not in line
    newest = read_migrations("postgres")[-1].name  # the schema is up to date
    assert redact(demo_url) in line and newest in line


def test_a_wrong_password_is_said_plainly(pg_server: ThrowawayServer) -> None:
    url = pg_server.url("postgres", password="not-the-password")
    done = cli("check", "--db", url, "--lang", "en", check=False)
    assert done.returncode == 2
    assert "refused the sign-in" in done.stderr and "PGPASSWORD" in done.stderr
    assert "not-the-password" not in done.stderr and "Traceback" not in done.stderr
    vi = cli("summary", "--db", url, check=False)
    assert "từ chối đăng nhập" in vi.stderr and "not-the-password" not in vi.stderr


def test_a_server_that_is_down_and_comes_back(own_server: ThrowawayServer) -> None:
    url = own_server.create_database("down")
    store = open_store(url)
    own_server.stop()
    with pytest.raises(StoreError) as down:
        store.rows("SELECT count(*) FROM uploads")
    assert "Cannot reach the PostgreSQL server" in down.value.en
    assert "Không kết nối được" in down.value.vi and PASSWORD not in down.value.en
    refused = cli("check", "--db", url, "--lang", "en", check=False)
    assert refused.returncode == 2 and "Cannot reach" in refused.stderr
    own_server.start()
    # The same store carries on by itself once the server is back.
    assert store.rows("SELECT count(*) FROM uploads") == [(0,)]
    store.close()


def test_a_server_stopped_in_the_middle_of_an_upload_keeps_all_or_nothing(
    own_server: ThrowawayServer, tmp_path: Path
) -> None:
    url = own_server.create_database("stopped")
    cli("init", "--demo", "--db", url)
    big = tmp_path / "lon.csv"
    big.write_bytes(weekly_clearance_csv(20_000, start=D(2025, 7, 7)))
    watcher = open_store(url)
    # Hold the upload open once its rows are in: a trigger on this test database makes the COPY
    # wait a minute before its transaction can commit, so the server is stopped mid-upload.
    with watcher.transaction() as tx:
        tx.execute(
            """CREATE FUNCTION hold_the_upload() RETURNS trigger LANGUAGE plpgsql AS
               $body$ BEGIN PERFORM pg_sleep(60); RETURN NULL; END $body$"""
        )
        tx.execute(
            """CREATE TRIGGER hold_the_upload AFTER INSERT ON clearance_reports
               FOR EACH STATEMENT EXECUTE FUNCTION hold_the_upload()"""
        )
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", "import", str(big), "--db", url, "--lang", "en"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Wait until the upload's rows are being written, then stop the server under it.
    deadline = time.monotonic() + 300
    while not watcher.rows(
        "SELECT 1 FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE 'COPY%'"
    ):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.005)
    own_server.stop("immediate")  # the rows are written, the transaction not yet committed
    _, err = process.communicate(timeout=120)
    assert process.returncode == 2, err
    assert "Cannot reach the PostgreSQL server" in err and "Traceback" not in err
    own_server.start()
    assert watcher.rows("SELECT count(*) FROM uploads WHERE kind = 'clearance'") == [(0,)]
    assert watcher.rows("SELECT count(*) FROM clearance_reports WHERE upload_id > 1") == [(0,)]
    watcher.close()


# -- app processes and the command line on one server ---------------------------------------------


@pytest.mark.browser
def test_two_app_processes_serve_while_the_command_line_imports(
    demo_url: str, tmp_path: Path, offline
) -> None:
    from browser import require_chromium, running_app

    require_chromium()
    files = _week_files(tmp_path)
    link = "/?project=HNCL&lang=en"
    with running_app(demo_url) as first, running_app(demo_url) as second:
        pages = [offline.page(viewport={"width": 1300, "height": 1000}) for _ in range(2)]
        for page, base in zip(pages, (first, second), strict=True):
            page.goto(base + link)
            page.get_by_text("596.94 ha").first.wait_for(timeout=90_000)
        processes = _import_processes(demo_url, files)
        while any(p.poll() is None for p in processes):  # the replicas keep serving meanwhile
            for page, base in zip(pages, (first, second), strict=True):
                page.goto(base + link)
                page.get_by_text("Handed over").first.wait_for(timeout=90_000)
        for process in processes:
            _, err = process.communicate()
            assert process.returncode == 0, err
        # Each replica's next page run shows both uploads (the latest report is now theirs).
        expected = _figures(demo_url)
        hncl = next(p for p in json.loads(expected)["projects"] if p["project_code"] == "HNCL")
        shown = f"{hncl['cleared_ha']:,.2f} ha"
        for page, base in zip(pages, (first, second), strict=True):
            page.goto(base + link)
            page.get_by_text(shown).first.wait_for(timeout=90_000)
