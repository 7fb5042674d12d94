"""Figures shared between viewers: computed once per store version, never older than the store,
bounded in memory, and a commit in another process is seen on the next run."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from conftest import fresh_postgres
from factories import D, batch, clearance, weekly_clearance_csv
from streamlit.testing.v1 import AppTest

from tracker.figures import clearance_by_commune, project_figures
from tracker.store.cache import FigureCache
from tracker.uploads import commit_batch

REPO = Path(__file__).resolve().parent.parent
AS_OF = D(2025, 6, 30)


def test_figures_are_computed_once_per_version_and_again_after_a_commit(demo_store) -> None:
    cache = FigureCache(64 * 1024 * 1024)
    demo_store.use_cache(cache)
    with demo_store.reading():
        first = project_figures(demo_store, AS_OF, projects=["HNCL"])[0].clearance
    computed = cache.misses
    assert computed > 0
    with demo_store.reading():  # another viewer, same store state: nothing is computed again
        again = project_figures(demo_store, AS_OF, projects=["HNCL"])[0].clearance
    assert cache.misses == computed and cache.hits >= computed and again == first
    commit_batch(
        demo_store,
        batch({"clearance_reports": [clearance("HNCL", "05986", AS_OF, "500")]}, name="sửa.csv"),
    )
    with demo_store.reading():
        after = project_figures(demo_store, AS_OF, projects=["HNCL"])[0].clearance
    assert cache.misses > computed
    assert after is not None and first is not None and after.cleared_ha != first.cleared_ha


def test_without_a_shared_cache_a_run_still_computes_each_figure_once(demo_store) -> None:
    calls: list[str] = []
    frame = demo_store.frame

    def counting(sql: str, params: object = None, **tables: object) -> pd.DataFrame:
        calls.append(sql)
        return frame(sql, params, **tables)

    demo_store.frame = counting  # type: ignore[method-assign]
    with demo_store.reading():
        for _ in range(3):
            clearance_by_commune(demo_store, AS_OF, province_code="20", projects=["HNCL"])
    assert len(calls) == len(set(calls)) == 2  # the projects in scope, then the figures


def test_a_result_changed_by_its_caller_is_not_changed_for_the_next() -> None:
    cache = FigureCache(1024 * 1024)
    frame = cache.get("k", lambda: pd.DataFrame({"ha": [1.5]}))
    frame["pct"] = [100.0]
    assert list(cache.get("k", lambda: pd.DataFrame()).columns) == ["ha"]


def test_the_cache_holds_no_more_than_its_bound() -> None:
    one_frame = pd.DataFrame({"ha": range(10_000)})
    size = int(one_frame.memory_usage(index=True, deep=True).sum())
    cache = FigureCache(3 * size)
    for key in range(10):
        cache.get(key, lambda: one_frame.copy())
    assert cache.bytes_held <= 3 * size
    cache.get(9, lambda: pd.DataFrame())  # the newest are kept
    assert cache.hits == 1
    cache.get(0, lambda: one_frame.copy())  # the oldest went first
    assert cache.misses == 11


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_a_commit_in_another_process_is_seen_on_the_next_run(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = fresh_postgres(request, "template_demo")
    monkeypatch.setenv("TRACKER_DB", url)
    st.cache_resource.clear()
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.query_params.update({"project": "HNCL", "lang": "en"})
    at.run()
    assert not at.exception
    before = _metric(at, "Handed over")
    at.run()  # a cached rerun shows the same
    assert _metric(at, "Handed over") == before
    week = tmp_path / "tuan.csv"
    week.write_bytes(weekly_clearance_csv(200, start=D(2025, 7, 7)))
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "import", str(week), "--db", url, "--user", "b"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    at.run()  # the viewer's next run, in the process holding the cached figures
    assert not at.exception
    after = _metric(at, "Handed over")
    assert after != before and float(after.split()[0].replace(",", "")) > 596.94
    st.cache_resource.clear()


def test_viewers_asking_at_once_wait_for_one_computation() -> None:
    cache = FigureCache(1024 * 1024)
    release = threading.Event()
    computed: list[int] = []

    def slow() -> pd.DataFrame:
        computed.append(1)
        release.wait(timeout=60)
        return pd.DataFrame({"ha": [2.5]})

    results: list[pd.DataFrame] = []
    first = threading.Thread(target=lambda: results.append(cache.get("view", slow)))
    first.start()
    _until(lambda: computed == [1])
    second = threading.Thread(target=lambda: results.append(cache.get("view", slow)))
    second.start()
    _until(lambda: cache.waits == 1)  # the second viewer is waiting, not computing
    release.set()
    first.join(timeout=60)
    second.join(timeout=60)
    assert computed == [1] and cache.misses == 1 and cache.hits == 1
    assert [r.ha.tolist() for r in results] == [[2.5], [2.5]]


def test_a_failed_computation_is_computed_again_by_the_viewer_that_waited() -> None:
    cache = FigureCache(1024 * 1024)
    release = threading.Event()
    errors: list[Exception] = []
    started = threading.Event()

    def failing() -> int:
        started.set()
        release.wait(timeout=60)
        raise RuntimeError("the server went away")

    def run_first() -> None:
        try:
            cache.get("view", failing)
        except RuntimeError as exc:
            errors.append(exc)

    first = threading.Thread(target=run_first)
    first.start()
    _until(started.is_set)
    results: list[int] = []
    second = threading.Thread(target=lambda: results.append(cache.get("view", lambda: 7)))
    second.start()
    _until(lambda: cache.waits == 1)
    release.set()
    first.join(timeout=60)
    second.join(timeout=60)
    assert len(errors) == 1 and results == [7]


def test_derived_values_are_kept_per_version_and_handed_out_as_copies(demo_store) -> None:
    demo_store.use_cache(FigureCache(64 * 1024 * 1024))
    made: list[int] = []

    def summary() -> dict[str, pd.DataFrame]:
        made.append(1)
        rows = clearance_by_commune(demo_store, AS_OF, province_code="20", projects=["HNCL"])
        return {"rows": rows}

    with demo_store.reading():
        first = demo_store.derived("rows", ("HNCL", AS_OF), summary)
        first["rows"]["changed"] = 1  # a caller's change stays its own
    with demo_store.reading():
        again = demo_store.derived("rows", ("HNCL", AS_OF), summary)
    assert made == [1] and "changed" not in again["rows"].columns
    pd.testing.assert_frame_equal(again["rows"], first["rows"].drop(columns="changed"))
    commit_batch(
        demo_store,
        batch({"clearance_reports": [clearance("HNCL", "05986", AS_OF, "500")]}, name="sửa.csv"),
    )
    with demo_store.reading():
        demo_store.derived("rows", ("HNCL", AS_OF), summary)
    assert made == [1, 1]  # the commit changed the version: made afresh


def _until(condition: Callable[[], bool], seconds: float = 30) -> None:
    """Wait for ``condition`` (a state another thread reaches), failing after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition was never reached"
        time.sleep(0.005)


def test_a_read_started_ahead_is_taken_by_the_run_not_read_again(demo_store) -> None:
    cache = FigureCache(64 * 1024 * 1024)
    demo_store.use_cache(cache)
    threads: list[str] = []
    statements: list[str] = []
    reading_ahead, release = threading.Event(), threading.Event()
    frame = demo_store.frame

    def counting(sql: str, params: object = None, **tables: object) -> pd.DataFrame:
        threads.append(threading.current_thread().name)
        statements.append(sql)
        if threading.current_thread() is not threading.main_thread():
            reading_ahead.set()
            release.wait(timeout=60)  # held until the run is waiting for this very read
        return frame(sql, params, **tables)

    def read() -> pd.DataFrame:
        return clearance_by_commune(demo_store, AS_OF, province_code="20", projects=["HNCL"])

    demo_store.frame = counting  # type: ignore[method-assign]
    releaser = threading.Thread(target=lambda: (_until(lambda: cache.waits >= 1), release.set()))
    with demo_store.reading():
        demo_store.in_background(read)
        _until(reading_ahead.is_set)
        releaser.start()
        figures = read()  # waits for the read ahead rather than reading again
    releaser.join(timeout=60)
    # Each statement ran once, the first on the thread reading ahead while the run waited for it
    # (the run and that thread then share out what is left, whoever comes first).
    assert len(statements) == len(set(statements)) == 2
    assert threads[0].startswith("figures") and cache.waits >= 1
    demo_store.frame = frame  # type: ignore[method-assign]
    with demo_store.reading():
        pd.testing.assert_frame_equal(figures, read())


def test_nothing_is_read_ahead_outside_a_run(demo_store) -> None:
    started: list[int] = []
    demo_store.in_background(lambda: started.append(1))
    demo_store.close()  # waits for whatever was started: nothing was
    assert started == []


def test_a_read_ahead_that_fails_fails_in_the_run_that_needs_it(demo_store) -> None:
    attempts: list[str] = []

    def failing(sql: str, params: object = None, **tables: object) -> pd.DataFrame:
        attempts.append(threading.current_thread().name)
        raise RuntimeError("the server went away")

    demo_store.frame = failing  # type: ignore[method-assign]

    def read() -> pd.DataFrame:
        return demo_store.query("projects", province="20")

    with demo_store.reading(), pytest.raises(RuntimeError, match="went away"):
        demo_store.in_background(read)
        read()
    assert len(attempts) in (1, 2) and threading.current_thread().name in attempts


def test_closing_a_store_waits_for_its_reads_ahead(demo_store) -> None:
    release = threading.Event()
    finished: list[int] = []

    def slow() -> None:
        release.wait(timeout=60)
        demo_store.query("projects", province="20")
        finished.append(1)

    with demo_store.reading():
        demo_store.in_background(slow)
    closing = threading.Thread(target=demo_store.close)
    closing.start()
    closing.join(timeout=0.5)
    assert closing.is_alive() and finished == []  # still waiting for the read in flight
    release.set()
    closing.join(timeout=60)
    assert finished == [1]


def test_a_run_picks_a_provinces_live_clearance_once_with_the_same_figures(
    demo_store, monkeypatch
) -> None:
    import tracker.store.duckdb_file as duckdb_file
    from tracker.series import clearance_history
    from tracker.store.queries import fragment_rows

    picked: list[str] = []
    arrow = demo_store.arrow

    def counting(sql: str, params: object = None):  # type: ignore[no-untyped-def]
        if sql == fragment_rows("live_clearance", demo_store.engine):
            picked.append(sql)
        return arrow(sql, params)

    demo_store.arrow = counting  # type: ignore[method-assign]

    def figures() -> list[pd.DataFrame]:
        scope = {"province_code": "20", "projects": ["HNCL", "DDTL"]}
        return [
            clearance_by_commune(demo_store, AS_OF, **scope),  # type: ignore[arg-type]
            clearance_history(demo_store, AS_OF, **scope),  # type: ignore[arg-type]
            demo_store.query("clearance_series", as_of=AS_OF, projects=["DDTL", "HNCL"], recent=8),
            demo_store.query("view_sources", as_of=AS_OF, projects=["DDTL", "HNCL"], province="20"),
        ]

    streamed = figures()  # outside a run: every query picks its own rows
    with demo_store.reading():
        kept = figures()
    # Only the file keeps them (a server reads each query's rows where they are).
    assert len(picked) == (1 if demo_store.engine == "duckdb" else 0)
    for one, other in zip(streamed, kept, strict=True):
        assert len(one) > 0
        pd.testing.assert_frame_equal(one, other)
    monkeypatch.setattr(duckdb_file, "_KEPT_SCOPE_PROJECTS", 1)  # a scope as large as a country
    picked.clear()
    with demo_store.reading():
        country = figures()
    assert picked == []
    for one, other in zip(streamed, country, strict=True):
        pd.testing.assert_frame_equal(one, other)
