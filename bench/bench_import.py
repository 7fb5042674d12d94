"""Benchmark: validating and committing a 100,000-row clearance CSV, against DuckDB's read_csv.

Target (issue "weekly uploads"): prepare + commit in no more than 3x the time DuckDB's own
``read_csv`` takes to load the same file into a table, both measured in this run, medians of
several alternating runs. Run: ``.venv/bin/python bench/bench_import.py [--rows N] [--runs K]``.

The same import into PostgreSQL (a throwaway server started for the run, as the tests do, or
``--postgres URL`` of an empty database to copy the demo into) is printed beside the DuckDB file's:
the target is at most 2x the file's time.

Both sides write to a database file and commit, as an upload does: the baseline is
``CREATE TABLE … AS SELECT * FROM read_csv(…)`` in a fresh database file (an in-memory table, which
never touches the disk, is printed for reference). The tracker side starts from the file's path:
reading the bytes, decoding, every check and the commit are inside its time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from tracker.demo.build import load_demo  # noqa: E402
from tracker.geodata import load_communes  # noqa: E402
from tracker.store import open_store  # noqa: E402
from tracker.uploads.prepare import commit_upload, prepare_upload  # noqa: E402

HEADER = (
    "Mã dự án;Xã/phường;Ngày báo cáo;Diện tích đã bàn giao (ha);Số hộ đã di dời;"
    "Kinh phí bồi thường (đồng);Ghi chú"
)


def make_csv(rows: int, path: Path) -> None:
    """A Vietnamese-locale file: BOM, semicolons, decimal commas, dot thousands, names with
    diacritics and unit prefixes, some codes; cumulative values that never fall."""
    communes = load_communes("20")
    names = [
        f"Xã {n}" if k == "xa" else f"P. {n}"
        for n, k in zip(communes.name, communes.kind, strict=True)
    ]
    codes = communes.code.tolist()
    projects = ["HNCL", "DDTL"]
    days = -(-rows // (len(codes) * len(projects)))
    start = dt.date(2025, 7, 7)  # post-reform names and codes
    rng = np.random.default_rng(1)
    lines = [HEADER]
    count = 0
    for p in projects:
        for c, (name, code) in enumerate(zip(names, codes, strict=True)):
            value = rng.uniform(300, 305)  # above every stored figure: nothing falls
            written = name if c % 3 else code
            for d in range(days):
                if count == rows:
                    break
                value += rng.uniform(0, 0.3)
                date = (start + dt.timedelta(days=d)).strftime("%d/%m/%Y")
                money = f"{int(value * 1_500_000_000):,}".replace(",", ".")
                ha = f"{value:.2f}".replace(".", ",")
                lines.append(f"{p};{written};{date};{ha};{int(value * 2)};{money};")
                count += 1
    path.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")


def time_duckdb(csv_path: Path, database: Path | None) -> float:
    """DuckDB loading the file into a new table of ``database`` (in memory when None)."""
    if database is not None:
        database.unlink(missing_ok=True)
        Path(f"{database}.wal").unlink(missing_ok=True)
    con = duckdb.connect(str(database) if database is not None else ":memory:")
    started = time.perf_counter()
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{csv_path}')")
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def time_tracker(csv_path: Path, target: str) -> tuple[float, float, int]:
    """Validate and commit the file into a fresh copy of the demo store at ``target``."""
    store = open_store(target)
    started = time.perf_counter()
    content = csv_path.read_bytes()
    prepared = prepare_upload(
        store, content, csv_path.name, user_name="bench", today=dt.date(2028, 1, 1)
    )
    validated = time.perf_counter()
    if not prepared.ok:
        raise SystemExit(f"benchmark file refused: {prepared.errors[:3]}")
    commit_upload(store, prepared)
    done = time.perf_counter()
    store.close()
    return validated - started, done - started, prepared.row_count


class _Server:
    """A PostgreSQL server for the run, with a fresh copy of the demo for each import."""

    def __init__(self, url: str | None) -> None:
        from postgres_server import ThrowawayServer, require_postgres

        self._own = None if url else ThrowawayServer(require_postgres())
        self._url = url or ""
        template = self._own.create_database("bench_demo") if self._own else url
        store = open_store(template)
        if not store.has_history():
            load_demo(store)
        store.close()

    def demo_copy(self, run: int) -> str:
        if self._own is None:
            raise SystemExit("with --postgres, give an empty database: one import is timed")
        return self._own.create_database(f"bench_run_{run}", template="bench_demo")

    def stop(self) -> None:
        if self._own is not None:
            self._own.destroy()


def _server(url: str | None) -> _Server | None:
    try:
        return _Server(url)
    except BaseException as exc:  # no server binaries here: the file's numbers still print
        print(f"(no PostgreSQL column: {exc})")
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", help="an empty PostgreSQL database (default: throwaway)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        csv_path = work / "clearance_100k.csv"
        make_csv(args.rows, csv_path)
        demo_db = work / "demo.duckdb"
        store = open_store(demo_db)
        load_demo(store)
        store.close()
        server = _server(args.postgres)

        def file_copy() -> str:
            shutil.copy(demo_db, work / "run.duckdb")
            return str(work / "run.duckdb")

        time_tracker(csv_path, file_copy())  # warm caches (boundaries, resolver index)
        time_duckdb(csv_path, work / "baseline.duckdb")
        baseline, in_memory, validate, total, on_server = [], [], [], [], []
        rows = 0
        try:
            for run in range(args.runs):
                baseline.append(time_duckdb(csv_path, work / "baseline.duckdb"))
                in_memory.append(time_duckdb(csv_path, None))
                v, t, rows = time_tracker(csv_path, file_copy())
                validate.append(v)
                total.append(t)
                if server is not None:
                    on_server.append(time_tracker(csv_path, server.demo_copy(run))[1])
        finally:
            if server is not None:
                server.stop()
        size_mb = csv_path.stat().st_size / 1e6
        b, m = statistics.median(baseline), statistics.median(in_memory)
        v, t = statistics.median(validate), statistics.median(total)
        print(f"clearance CSV: {rows:,} rows, {size_mb:.1f} MB; medians of {args.runs} runs")
        print(f"| {'measure':<48} | {'seconds':>8} | {'x read_csv':>10} |")
        print(f"|{'-' * 50}|{'-' * 10}|{'-' * 12}|")
        for label, value in (
            ("DuckDB read_csv into a table (baseline)", b),
            ("DuckDB read_csv into an in-memory table (ref.)", m),
            ("tracker: validate (prepare_upload)", v),
            ("tracker: validate + commit", t),
        ):
            print(f"| {label:<48} | {value:>8.3f} | {value / b:>10.2f} |")
        print(
            f"target: validate + commit <= 3.00 x read_csv -> {'met' if t <= 3 * b else 'NOT met'}"
            f" ({t / m:.2f} x the in-memory load)"
        )
        if on_server:
            p = statistics.median(on_server)
            print(
                f"| {'tracker: validate + commit into PostgreSQL':<48} | {p:>8.3f} | "
                f"{p / b:>10.2f} |"
            )
            print(
                f"target: PostgreSQL <= 2.00 x the DuckDB file -> {p / t:.2f} x: "
                f"{'met' if p <= 2 * t else 'NOT met'}"
            )


if __name__ == "__main__":
    main()
