"""What blockers, forecasts and the weekly brief add to a view, against the figures the board
already read for it (the baseline, measured in the same run).

    .venv/bin/python bench/bench_brief.py [--runs 5]

Not a test: it prints a table of medians over ``--runs`` on a fresh DuckDB file with the demo,
for the whole province and for one project (HNCL) as of 30/06/2025. "figures (baseline)" is
``build_summary`` plus ``project_commune_rows`` without forecasts, what the board read before;
"blocker log" and "forecasts" are what the board now reads on top; "brief" gathers the view and
writes the whole ``.docx`` (map image included).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.blockers import blocker_log
from tracker.brief import gather, write_brief
from tracker.commune_figures import project_commune_rows
from tracker.demo import load_demo
from tracker.forecasts import view_forecasts
from tracker.store import Store, open_store
from tracker.summary import build_summary
from tracker.viewstate import from_query

AS_OF = dt.date(2025, 6, 30)


def _median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _cases(store: Store, projects: list[str] | None) -> dict[str, Callable[[], object]]:
    query = {"province": "20", "as_of": AS_OF.isoformat()}
    if projects:
        query["project"] = projects[0]
    state = from_query(query).state

    def baseline() -> None:
        build_summary(store, AS_OF, province_code="20", projects=projects, with_forecasts=False)
        project_commune_rows(store, AS_OF, province_code="20", projects=projects)

    return {
        "figures (baseline)": baseline,
        "blocker log": lambda: blocker_log(store, AS_OF, province_code="20", projects=projects),
        "forecasts": lambda: view_forecasts(
            store, AS_OF, province_code="20", projects=projects, baseline="technical"
        ),
        "brief (.docx)": lambda: write_brief(store, gather(store, state)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "bench.duckdb")
        load_demo(store)
        print(f"medians of {runs} runs, ms (DuckDB file, demo, as of {AS_OF.isoformat()})")
        print(f"{'work':<22}{'province':>12}{'HNCL':>12}{'province/baseline':>20}")
        province = {k: _median_ms(w, runs) for k, w in _cases(store, None).items()}
        one = {k: _median_ms(w, runs) for k, w in _cases(store, ["HNCL"]).items()}
        base = province["figures (baseline)"]
        for name in province:
            print(
                f"{name:<22}{province[name]:>12.0f}{one[name]:>12.0f}"
                f"{province[name] / base:>19.2f}×"
            )
        store.close()


if __name__ == "__main__":
    main()
