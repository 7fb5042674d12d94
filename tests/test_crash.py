"""An import killed at any moment leaves the store without that upload or with all of it."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import fresh_postgres
from factories import D, weekly_clearance_csv

from tracker.store import open_store
from tracker.summary import build_summary
from tracker.uploads.history import undo_upload, upload_history

REPO = Path(__file__).resolve().parent.parent
KILLS = 50
AS_OF = D(2026, 1, 5)

pytestmark = pytest.mark.slow


def _figures(db: str) -> str:
    store = open_store(db)
    try:
        summary = build_summary(store, AS_OF, province_code="20")
    finally:
        store.close()
    summary.pop("warnings")
    return json.dumps(summary, sort_keys=True)


def _start(db: str, file: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(REPO / "tests" / "crash_import.py"), str(db), str(file)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def _check_whole(db: str) -> list[int]:
    """Every upload in the history has all its rows; undo and return those that just landed."""
    store = open_store(db)  # the database must open after any kill
    try:
        counts = store.rows(
            """SELECT u.upload_id, u.row_count, u.user_name,
                      (SELECT count(*) FROM clearance_reports c WHERE c.upload_id = u.upload_id)
                    + (SELECT count(*) FROM disbursement_reports d WHERE d.upload_id = u.upload_id),
                      (SELECT count(*) FROM upload_events e WHERE e.upload_id = u.upload_id)
               FROM uploads u WHERE u.kind <> 'demo'"""
        )
        for upload_id, row_count, _, stored, events in counts:
            assert stored == row_count, f"upload {upload_id} has {stored} of {row_count} rows"
            assert events >= 1, f"upload {upload_id} has rows but no commit event"
        history = upload_history(store)
        live = set(history[history.status == "committed"].upload_id)
        landed = [u for u, _, who, _, _ in counts if who == "crash-test" and u in live]
        for upload_id in landed:  # undo what landed whole, so the figures can be compared
            undo_upload(store, upload_id, "crash-test-cleanup")
        return landed
    finally:
        store.close()


@pytest.mark.parametrize("engine", ["duckdb", "postgres"])
def test_imports_killed_at_random_moments(
    request: pytest.FixtureRequest, tmp_path: Path, engine: str
) -> None:
    if engine == "duckdb":
        db = str(tmp_path / "crash.duckdb")
        Path(db).write_bytes(request.getfixturevalue("demo_db_file").read_bytes())
    else:
        db = fresh_postgres(request, "template_demo")
    file = tmp_path / "tuan.csv"
    file.write_bytes(weekly_clearance_csv(40_000))
    before = _figures(db)

    # Calibrate: how long a whole import takes, and how long its write takes.
    started = time.monotonic()
    process = _start(db, file)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "COMMITTING"
    write_began = time.monotonic()
    out, err = process.communicate(timeout=300)
    assert "DONE" in out, err
    total, write = time.monotonic() - started, time.monotonic() - write_began
    assert _check_whole(db)  # the calibration run landed whole (and is undone again)

    rng = random.Random(20250630)
    killed_in_write = landed = 0
    for attempt in range(KILLS):
        process = _start(db, file)
        if attempt % 2:  # anywhere in the run, start-up included
            time.sleep(rng.uniform(0, total))
        else:  # during the write itself
            assert process.stdout is not None
            line = process.stdout.readline().strip()
            assert line == "COMMITTING", process.stderr.read() if process.stderr else line
            time.sleep(rng.uniform(0, write * 0.9))
            killed_in_write += process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        landed += len(_check_whole(db))

    assert _figures(db) == before  # same figures as a store that never saw the killed imports
    # How many kills land mid-write depends on the machine's load; a handful already proves it.
    assert killed_in_write >= 8, "too few kills landed inside the write to prove anything"
    print(
        f"\ncrash test ({engine}): {KILLS} kills, {killed_in_write} during the write, "
        f"{landed} landed whole before the kill; import {total:.2f} s, write {write:.2f} s"
    )
