"""Two editors importing while twenty viewers read, in one server process, as Streamlit runs it."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from factories import D, weekly_clearance_csv

from tracker.figures import clearance_by_commune
from tracker.store import Store, open_store
from tracker.summary import build_summary
from tracker.uploads.prepare import commit_upload, prepare_upload

AS_OF = D(2026, 1, 5)
READERS = 20
READ_SECONDS = 4.0

pytestmark = pytest.mark.slow

_WHOLE = """
SELECT u.upload_id, u.row_count,
       (SELECT count(*) FROM clearance_reports c WHERE c.upload_id = u.upload_id) AS stored
FROM uploads u WHERE u.kind = 'clearance'
"""


def _files() -> list[tuple[str, bytes]]:
    # Two editors, two different weeks' files (HNCL/DDTL from different start weeks).
    return [
        ("editor_a.csv", weekly_clearance_csv(6_000, start=D(2025, 7, 7), base=300.0)),
        ("editor_b.csv", weekly_clearance_csv(6_000, start=D(2025, 9, 1), base=400.0)),
    ]


def _figures(store: Store) -> str:
    summary = build_summary(store, AS_OF, province_code="20")
    return json.dumps(summary, sort_keys=True)


def _import(store: Store, name: str, content: bytes, user: str) -> int:
    prepared = prepare_upload(store, content, name, user_name=user)
    assert prepared.ok, prepared.errors[:3]
    return commit_upload(store, prepared)


def test_two_imports_and_twenty_readers(demo_db_file: Path, tmp_path: Path) -> None:
    serial_db, shared_db = tmp_path / "serial.duckdb", tmp_path / "shared.duckdb"
    serial_db.write_bytes(demo_db_file.read_bytes())
    shared_db.write_bytes(demo_db_file.read_bytes())
    files = _files()

    serial = open_store(serial_db)
    for i, (name, content) in enumerate(files):
        _import(serial, name, content, f"editor{i}")
    expected = _figures(serial)
    serial.close()

    store = open_store(shared_db)
    errors: list[BaseException] = []
    reads = [0] * READERS
    read_times: list[tuple[float, float]] = []
    commit_times: list[tuple[float, float]] = []
    stop = threading.Event()

    def reader(k: int) -> None:
        try:
            while not stop.is_set():
                started = time.monotonic()
                for upload_id, row_count, stored in store.rows(_WHOLE):
                    assert stored == row_count, f"half-written upload {upload_id} was visible"
                if k % 2:
                    clearance_by_commune(store, AS_OF, province_code="20", projects=["HNCL"])
                else:
                    build_summary(store, AS_OF, province_code="20")
                reads[k] += 1
                read_times.append((started, time.monotonic()))
        except BaseException as exc:  # report every failure, whatever its type
            errors.append(exc)

    def writer(i: int) -> None:
        try:
            name, content = files[i]
            prepared = prepare_upload(store, content, name, user_name=f"editor{i}")
            assert prepared.ok, prepared.errors[:3]
            started = time.monotonic()
            commit_upload(store, prepared)
            commit_times.append((started, time.monotonic()))
        except BaseException as exc:
            errors.append(exc)

    readers = [threading.Thread(target=reader, args=(k,)) for k in range(READERS)]
    writers = [threading.Thread(target=writer, args=(i,)) for i in range(len(files))]
    for t in readers:
        t.start()
    time.sleep(0.5)
    for t in writers:
        t.start()
    for t in writers:
        t.join(timeout=300)
    time.sleep(READ_SECONDS)
    stop.set()
    for t in readers:
        t.join(timeout=60)

    assert errors == []
    assert all(n > 0 for n in reads), reads
    # Reads really ran while the uploads were being written (their times overlap a commit's),
    # and none of them saw half an upload (checked in each read).
    during = [r for r in read_times for c in commit_times if r[0] < c[1] and c[0] < r[1]]
    assert len(commit_times) == 2 and during, (commit_times, len(read_times))
    uploads = store.rows(
        "SELECT file_name, count(*) FROM uploads WHERE kind = 'clearance' GROUP BY 1 ORDER BY 1"
    )
    assert uploads == [("editor_a.csv", 1), ("editor_b.csv", 1)]  # none lost, none doubled
    assert _figures(store) == expected
    store.close()
