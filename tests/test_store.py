"""Migrations (fresh store, upgrade of an older one, a failing step) and all-or-nothing writes."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from factories import D, batch, clearance, project_row

from tracker.errors import StoreError
from tracker.store import Migration, open_store, read_migrations
from tracker.uploads.batches import commit_batch


def _tables(store) -> set[str]:
    rows = store.rows(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    )
    return {r[0] for r in rows}


def test_fresh_store_applies_every_migration_once(tmp_path: Path) -> None:
    path = tmp_path / "fresh.duckdb"
    store = open_store(path)
    names = [m.name for m in read_migrations()]
    assert store.applied_migrations() == names
    assert {
        "uploads",
        "projects",
        "clearance_reports",
        "disbursement_reports",
        "published_figures",
    } <= _tables(store)
    store.close()
    # Opening again applies nothing new and keeps one log row per migration.
    again = open_store(path)
    assert again.migrate() == []
    assert again.applied_migrations() == names
    again.close()


def test_upgrade_of_an_older_store_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    migrations = read_migrations()
    old = open_store(path, migrations=migrations[:2])
    assert "published_figures" not in _tables(old)
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

    upgraded = open_store(path)
    assert upgraded.applied_migrations() == [m.name for m in migrations]
    assert "published_figures" in _tables(upgraded)
    kept = upgraded.rows("SELECT cleared_ha FROM clearance_reports")
    assert [float(r[0]) for r in kept] == [12.5]
    upgraded.close()


def test_failing_migration_leaves_store_as_before(tmp_path: Path) -> None:
    path = tmp_path / "broken.duckdb"
    good = read_migrations()
    broken = Migration(
        name="9999_broken",
        sql="CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);",
    )
    with pytest.raises(StoreError) as err:
        open_store(path, migrations=[*good, broken])
    assert "9999_broken" in err.value.en and "9999_broken" in err.value.vi
    store = open_store(path, migrate=False)
    assert "9999_broken" not in store.applied_migrations()
    assert "half_done" not in _tables(store)
    assert store.applied_migrations() == [m.name for m in good]
    store.close()


def test_batch_that_breaks_a_constraint_writes_nothing(store) -> None:
    bad = batch(
        {
            "projects": [project_row("HNCL")],
            # A negative area is refused by the schema; the project row before it must not stay.
            "clearance_reports": [clearance("HNCL", "05986", D(2025, 6, 30), "-1")],
        }
    )
    with pytest.raises(StoreError):
        commit_batch(store, bad)
    for table in ("uploads", "upload_events", "sources", "projects", "clearance_reports"):
        assert store.row(f"SELECT count(*) FROM {table}") == (0,), table


def test_reads_from_many_threads_at_once(store) -> None:
    from concurrent.futures import ThreadPoolExecutor

    commit_batch(store, batch({"projects": [project_row("HNCL")]}))
    with ThreadPoolExecutor(max_workers=8) as pool:
        counts = list(pool.map(lambda _: store.row("SELECT count(*) FROM projects"), range(64)))
    assert counts == [(1,)] * 64


def test_read_only_open_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "ro.duckdb"
    open_store(path).close()
    ro = open_store(path, read_only=True)
    with pytest.raises(duckdb.Error), ro.transaction() as tx:
        tx.execute("CREATE TABLE x (a INTEGER)")
    ro.close()


def test_a_database_held_by_another_process_gets_a_clear_message(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "held.duckdb"
    open_store(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(path)!r}); "
            "print('open', flush=True);"
            " time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreError) as err:
            open_store(path)
        assert "Upload tab" in err.value.en and "Tải lên" in err.value.vi
    finally:
        holder.kill()
        holder.wait()
