"""One province's board data at the scale of a country, on the DuckDB file and on PostgreSQL.

    .venv/bin/python bench/bench_national.py [--runs 5] [--folder /tmp/tracker-national]
        [--postgres postgresql://user@host:port/db] [--sizes 1m,10m]

Not a test: it prints a table of medians. Stores are built with the tracker's own code
(``bench/national_store.py``): 34 provinces × 30 projects × 10 communes, Lạng Sơn with 1,000
weekly reports per commune and the other provinces with 100 ("1m": 1.29 million clearance rows)
or 1,000 ("10m": 10.2 million); they are kept in ``--folder`` and rebuilt only when missing.
Without ``--postgres`` a throwaway PostgreSQL server is started for the run (as the tests do).

"Board data" is what one run of the board reads for Lạng Sơn as of a date: the page's view
(``read_view``: catalogue, report dates, summary with its reconciliation, per-commune rows,
forecasts, blockers, sources), the S-curve history, the monthly disbursement and the map's
geometries, each figure computed once (the store's ``reading()``) and none taken from another run.
It is measured against two hand-written DuckDB baselines on the same file: the clearance-only
query the board was first measured against (live uploads, corrections, latest and previous
report, baselines in force, history), and one with the meaning of everything the page now reads
(the forecasts' recent reports, the S-curve's households and baselines, sources, disbursement,
blockers and geometries besides).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "bench"), str(REPO / "tests")]

import duckdb  # noqa: E402
from national_store import MEASURED, build_national  # noqa: E402

from tracker.forecasts import RECENT_REPORTS  # noqa: E402
from tracker.series import clearance_history, disbursement_by_month  # noqa: E402
from tracker.store import Store, open_store  # noqa: E402
from tracker.view import read_view  # noqa: E402
from tracker.viewstate import ViewState  # noqa: E402

AS_OF = dt.date(2025, 11, 24)
SIZES = {"1m": 100, "10m": 1000}  # the other provinces' weeks of history

HAND_WRITTEN = """
WITH live AS (
    SELECT upload_id FROM upload_events WHERE event = 'committed'
    EXCEPT SELECT upload_id FROM upload_events WHERE event = 'undone'
),
rows AS (
    SELECT c.project_code, c.commune_code, c.report_date,
           arg_max(c.cleared_ha, c.upload_id) AS cleared_ha
    FROM clearance_reports c SEMI JOIN live USING (upload_id)
    WHERE c.project_code IN (SELECT project_code FROM projects WHERE province_code = $province)
      AND c.report_date <= $as_of
    GROUP BY ALL
),
areas AS (
    SELECT project_code, commune_code, baseline, arg_max(required_ha, effective_from) AS ha
    FROM required_areas a SEMI JOIN live USING (upload_id)
    WHERE a.project_code IN (SELECT project_code FROM projects WHERE province_code = $province)
      AND a.effective_from <= $as_of
    GROUP BY ALL
),
latest AS (
    SELECT project_code, commune_code, max(report_date) AS report_date,
           arg_max(cleared_ha, report_date) AS cleared_ha,
           arg_max(cleared_ha, report_date) FILTER (WHERE report_date < (
               SELECT max(report_date) FROM rows r2
               WHERE r2.project_code = rows.project_code AND r2.commune_code = rows.commune_code
           )) AS previous_ha
    FROM rows GROUP BY ALL
),
by_commune AS (
    SELECT l.*, a.ha FROM latest l LEFT JOIN areas a USING (project_code, commune_code)
),
history AS (
    SELECT project_code, report_date, sum(step) OVER (
        PARTITION BY project_code ORDER BY report_date) AS cleared
    FROM (
        SELECT project_code, report_date,
               sum(cleared_ha - coalesce(lag_ha, 0)) AS step
        FROM (
            SELECT *, lag(cleared_ha) OVER (
                PARTITION BY project_code, commune_code ORDER BY report_date) AS lag_ha
            FROM rows
        ) GROUP BY ALL
    )
)
SELECT (SELECT count(*) FROM by_commune), (SELECT count(*) FROM history),
       (SELECT count(DISTINCT report_date) FROM rows)
"""


# The same meaning as everything the board reads now (the page's view, its S-curves and its map),
# written by hand for DuckDB: the province's live rows are picked once into a temporary table,
# and every figure is read from it. Besides the per-commune figures, the S-curve history and the
# report dates of HAND_WRITTEN, it reads what the board gained after that baseline was set: each
# commune's recent reports and their count (the forecasts), households and design baselines along
# the S-curve, the sources behind the clearance figures, the disbursement by capital source and by
# month, the blockers, and the catalogue with the map's geometries.
HAND_WRITTEN_PAGE = [
    """
CREATE OR REPLACE TEMP TABLE province_rows AS
WITH live AS (
    SELECT upload_id FROM upload_events WHERE event = 'committed'
    EXCEPT SELECT upload_id FROM upload_events WHERE event = 'undone'
),
rows AS (
    SELECT project_code, commune_code, report_date,
           arg_max(cleared_ha, upload_id) AS cleared_ha,
           arg_max(households_affected, upload_id) AS households_affected,
           arg_max(households_relocated, upload_id) AS households_relocated,
           arg_max(compensation_paid_vnd, upload_id) AS compensation_paid_vnd,
           arg_max(source_id, upload_id) AS source_id
    FROM clearance_reports SEMI JOIN live USING (upload_id)
    WHERE project_code IN (SELECT project_code FROM projects WHERE province_code = $province)
      AND report_date <= $as_of
    GROUP BY ALL
)
SELECT *,
       row_number() OVER newest AS newest_first,
       count(*) OVER (PARTITION BY project_code, commune_code) AS reports,
       cleared_ha - coalesce(lag(cleared_ha) OVER oldest, 0) AS cleared_step,
       coalesce(households_relocated, 0) - coalesce(lag(households_relocated) OVER oldest, 0)
           AS relocated_step
FROM rows
WINDOW newest AS (PARTITION BY project_code, commune_code ORDER BY report_date DESC),
       oldest AS (PARTITION BY project_code, commune_code ORDER BY report_date)
""",
    """
CREATE OR REPLACE TEMP TABLE province_areas AS
SELECT project_code, commune_code, baseline, effective_from,
       arg_max(required_ha, upload_id) AS required_ha
FROM required_areas
WHERE upload_id IN (SELECT upload_id FROM upload_events WHERE event = 'committed'
                    EXCEPT SELECT upload_id FROM upload_events WHERE event = 'undone')
  AND project_code IN (SELECT project_code FROM projects WHERE province_code = $province)
  AND effective_from <= $as_of
GROUP BY ALL
""",
    # Per commune: the latest and previous report, households, baselines in force.
    """
SELECT r.project_code, r.commune_code,
       max_by(r.report_date, r.newest_first = 1) AS report_date,
       max(r.cleared_ha) FILTER (WHERE r.newest_first = 1) AS cleared_ha,
       max(r.cleared_ha) FILTER (WHERE r.newest_first = 2) AS previous_ha,
       arg_max(r.households_affected, r.report_date) FILTER (WHERE r.households_affected
           IS NOT NULL) AS households_affected,
       any_value(a.basic) AS basic, any_value(a.technical) AS technical
FROM province_rows r
LEFT JOIN (
    SELECT project_code, commune_code,
           arg_max(required_ha, effective_from) FILTER (WHERE baseline = 'basic') AS basic,
           arg_max(required_ha, effective_from) FILTER (WHERE baseline = 'technical') AS technical
    FROM province_areas GROUP BY ALL
) a USING (project_code, commune_code)
GROUP BY ALL
""",
    # The forecasts' recent reports and counts.
    "SELECT project_code, commune_code, report_date, cleared_ha, reports "
    "FROM province_rows WHERE newest_first <= $recent ORDER BY ALL",
    # The S-curve: cleared, relocated and both baselines along each project's report dates.
    """
WITH steps AS (
    SELECT project_code, report_date AS day, sum(cleared_step) AS cleared,
           sum(relocated_step) AS relocated, 0 AS basic, 0 AS technical
    FROM province_rows GROUP BY ALL
    UNION ALL
    SELECT project_code, effective_from,  0, 0,
           sum(CASE WHEN baseline = 'basic' THEN required_ha - coalesce(before, 0) END),
           sum(CASE WHEN baseline = 'technical' THEN required_ha - coalesce(before, 0) END)
    FROM (SELECT *, lag(required_ha) OVER (PARTITION BY project_code, commune_code, baseline
                                           ORDER BY effective_from) AS before
          FROM province_areas)
    GROUP BY ALL
),
daily AS (
    SELECT project_code, day, sum(cleared) AS cleared, sum(relocated) AS relocated,
           sum(basic) AS basic, sum(technical) AS technical
    FROM steps GROUP BY project_code, day
),
running AS (
    SELECT project_code, day,
           sum(cleared) OVER so_far AS cleared, sum(relocated) OVER so_far AS relocated,
           sum(basic) OVER so_far AS basic, sum(technical) OVER so_far AS technical
    FROM daily
    WINDOW so_far AS (PARTITION BY project_code ORDER BY day)
)
SELECT * FROM running SEMI JOIN (SELECT DISTINCT project_code, report_date AS day
                                 FROM province_rows) USING (project_code, day)
ORDER BY ALL
""",
    # The sources behind the clearance figures, and the report dates.
    "SELECT DISTINCT s.* FROM sources s SEMI JOIN province_rows r USING (source_id)",
    """
SELECT DISTINCT report_date FROM province_rows
UNION SELECT report_date FROM disbursement_reports
WHERE project_code IN (SELECT project_code FROM projects WHERE province_code = $province)
  AND report_date <= $as_of
ORDER BY 1 DESC
""",
    # Disbursement: the latest report per project and source this year, and month ends.
    """
SELECT project_code, capital_source, max(report_date), arg_max(disbursed_vnd, report_date)
FROM disbursement_reports
WHERE project_code IN (SELECT project_code FROM projects WHERE province_code = $province)
  AND plan_year = year($as_of) AND report_date <= $as_of
GROUP BY ALL
""",
    """
SELECT date_trunc('month', report_date) AS month, capital_source,
       sum(arg_max_disbursed) AS disbursed
FROM (SELECT project_code, capital_source, report_date,
             arg_max(disbursed_vnd, upload_id) AS arg_max_disbursed
      FROM disbursement_reports
      WHERE project_code IN (SELECT project_code FROM projects WHERE province_code = $province)
        AND plan_year = year($as_of) AND report_date <= $as_of
      GROUP BY ALL)
GROUP BY ALL
""",
    # Blockers, deadlines, the catalogue and the map's geometries.
    """
SELECT * FROM blocker_events
WHERE project_code IN (SELECT project_code FROM projects WHERE province_code = $province)
  AND changed_on <= $as_of
""",
    """
SELECT p.*, g.* FROM projects p LEFT JOIN project_geometries g USING (project_code)
WHERE p.province_code = $province
""",
]


def board_data(store: Store) -> None:
    """What one run of the board computes for the measured province, each figure once: the
    view's figures (as the page reads them), the S-curves, the monthly disbursement and the map's
    geometries."""
    with store.reading():
        view = read_view(store, ViewState(province=MEASURED, as_of=AS_OF))
        clearance_history(
            store, view.as_of, province_code=MEASURED, projects=view.projects, communes=[]
        )
        programmes = [c for c in view.projects if c.endswith("-DTC")]
        disbursement_by_month(store, view.as_of, province_code=MEASURED, projects=programmes)
        store.query("project_geometries", projects=view.projects)


def _hand_written(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(HAND_WRITTEN, {"province": MEASURED, "as_of": AS_OF}).fetchall()


def _hand_written_page(con: duckdb.DuckDBPyConnection) -> None:
    params = {"province": MEASURED, "as_of": AS_OF, "recent": RECENT_REPORTS}
    for statement in HAND_WRITTEN_PAGE:
        used = {k: v for k, v in params.items() if re.search(rf"\${k}\b", statement)}
        con.execute(statement, used).fetchall()


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm: the first run also reads the tables from disk
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _build(target: str, size: str) -> None:
    store = open_store(target)
    try:
        if not store.has_history():
            started = time.perf_counter()
            rows = build_national(store, weeks=1000, other_weeks=SIZES[size])
            print(f"built {store.label}: {rows:,} rows in {time.perf_counter() - started:.0f} s")
        if store.engine == "postgres":
            # A store in service has its planner statistics (autovacuum keeps them); a store
            # loaded a moment ago may not yet, and would be measured on plans nobody gets.
            with store.transaction() as tx:
                tx.execute("ANALYZE")
    finally:
        store.close()


def _postgres(url: str | None) -> tuple[Callable[[str], str], Callable[[], None]]:
    """A function naming a database per size, and one stopping the server started for the run."""
    if url:
        return (lambda size: url if size == "10m" else url + f"_{size}"), (lambda: None)
    from postgres_server import ThrowawayServer, require_postgres

    server = ThrowawayServer(require_postgres())

    def database(size: str) -> str:
        import psycopg

        name = f"national_{size}"
        with psycopg.connect(server.url(), autocommit=True) as admin:
            exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if exists.fetchone() is None:
                admin.execute(f'CREATE DATABASE "{name}"')
        found: str = server.url(name)
        return found

    return database, server.destroy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/tracker-national"))
    parser.add_argument("--postgres", help="a server URL to use instead of a throwaway server")
    parser.add_argument("--sizes", default="1m,10m")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    database, stop = _postgres(args.postgres)
    results: dict[tuple[str, str], float] = {}
    try:
        for size in args.sizes.split(","):
            file_db = str(args.folder / f"national_{size}.duckdb")
            server_db = database(size)
            for target in (file_db, server_db):
                _build(target, size)
            with duckdb.connect(file_db, read_only=True) as con:
                rows = con.execute("SELECT count(*) FROM clearance_reports").fetchone()
                results[(size, "hand")] = median_seconds(partial(_hand_written, con), args.runs)
                results[(size, "page")] = median_seconds(
                    partial(_hand_written_page, con), args.runs
                )
            print(f"{size}: {rows[0] if rows else 0:,} clearance rows")
            for engine, target in (("duckdb", file_db), ("postgres", server_db)):
                store = open_store(target)
                try:
                    results[(size, engine)] = median_seconds(partial(board_data, store), args.runs)
                finally:
                    store.close()
    finally:
        stop()
    print()
    print(
        f"{'rows':>5} | {'hand, clearance only':>20} | {'hand, whole page':>16} | "
        f"{'board, DuckDB file':>18} | {'× clearance':>11} | {'× page':>6} | "
        f"{'board, PostgreSQL':>17} | {'× file':>6}"
    )
    for size in args.sizes.split(","):
        hand, page, file_s, server_s = (
            results[(size, k)] for k in ("hand", "page", "duckdb", "postgres")
        )
        print(
            f"{size:>5} | {hand * 1000:17.0f} ms | {page * 1000:13.0f} ms | "
            f"{file_s * 1000:15.0f} ms | {file_s / hand:11.2f} | {file_s / page:6.2f} | "
            f"{server_s * 1000:14.0f} ms | {server_s / file_s:6.2f}"
        )
    sizes = args.sizes.split(",")
    if len(sizes) == 2:
        for engine in ("duckdb", "postgres"):
            growth = results[(sizes[1], engine)] / results[(sizes[0], engine)] - 1
            print(
                f"{engine}: other provinces' history × 10 changes Lạng Sơn's board by "
                f"{growth * 100:+.0f}%"
            )


if __name__ == "__main__":
    main()
