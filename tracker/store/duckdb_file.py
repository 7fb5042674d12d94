"""The embedded store: one DuckDB file, written by one process at a time.

A DuckDB connection must not be shared between threads (Streamlit serves each session on its own
thread), so every read takes its own cursor, and writes go through one transaction at a time.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from tracker import config
from tracker.errors import StoreError
from tracker.store.base import Params, Row, Store, Transaction, constraint_broken
from tracker.store.cache import params_key
from tracker.store.queries import fragment_rows, fragments_of, query_text


@cache
def _parameters(sql: str) -> frozenset[str]:
    """The ``$names`` a statement binds (comments left out)."""
    return frozenset(re.findall(r"\$([a-z_]+)", re.sub(r"--[^\n]*", "", sql)))


def _execute(
    cursor: duckdb.DuckDBPyConnection,
    sql: str,
    params: Params,
    tables: Mapping[str, pa.Table] | None,
) -> duckdb.DuckDBPyConnection:
    for name, table in (tables or {}).items():
        cursor.register(name, table)  # this cursor's alone; it closes with it
    return cursor.execute(sql, _params(params))


def _params(params: Params) -> dict[str, object] | list[object]:
    """Named parameters as a dict; positional ones (``?``, used by tests) as a list."""
    if params is None:
        return {}
    if isinstance(params, Mapping):
        return dict(params)
    return list(params)


class DuckDBTransaction(Transaction):
    """A transaction on one DuckDB cursor."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Params = None) -> None:
        self._cursor.execute(sql, _params(params))

    def rows(self, sql: str, params: Params = None) -> list[Row]:
        return list(self._cursor.execute(sql, _params(params)).fetchall())

    def insert(self, table: str, columns: Sequence[str], data: pa.Table) -> None:
        column_list = ", ".join(columns)
        name = f"batch_{uuid.uuid4().hex}"  # unique: uploads in other threads register their own
        self._cursor.register(name, data)
        try:
            # With RETURNING, DuckDB plans a single-threaded insert; into a database file it costs
            # about a quarter less CPU than the parallel batch insert and is no slower (measured
            # on 100,000 rows with bench/bench_import.py).
            self._cursor.execute(
                f"INSERT INTO {table} ({column_list}) SELECT {column_list} FROM {name} RETURNING 0"
            )
        finally:
            self._cursor.unregister(name)

    def advance_sequence(self, sequence: str, value: int) -> None:
        # DuckDB cannot set a sequence: draw the values up to ``value`` instead.
        row = self.row(f"SELECT nextval('{sequence}')")
        assert row is not None
        if int(row[0]) <= value:
            self.execute(f"SELECT max(nextval('{sequence}')) FROM range({value - int(row[0])})")

    def lock(self, *keys: str) -> None:
        """Nothing to do: one process writes the file, and its writes take turns already."""


#: The most projects whose live clearance a run keeps (a province has a few dozen; the country's
#: thousand are read as a stream).
_KEPT_SCOPE_PROJECTS = 200


class DuckDBStore(Store):
    """A DuckDB database file (or ``:memory:``)."""

    engine = "duckdb"

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.label = str(path)
        if str(path) != ":memory:" and not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = _connect(path, read_only)
        # Serialises writers inside this process; DuckDB itself serialises across cursors too, but
        # an explicit lock turns a write-write conflict into a short wait instead of an error.
        self._write_lock = threading.Lock()

    @contextmanager
    def _cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cursor = self._connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def frame(
        self, sql: str, params: Params = None, tables: Mapping[str, pa.Table] | None = None
    ) -> pd.DataFrame:
        """As ``Store.frame``; ``tables`` are Arrow tables the statement may read by name."""
        with self._cursor() as cur:
            frame: pd.DataFrame = _execute(cur, sql, params, tables).df()
        return frame

    def arrow(self, sql: str, params: Params = None) -> pa.Table:
        with self._cursor() as cur:
            return cur.execute(sql, _params(params)).to_arrow_table().combine_chunks()

    def rows(
        self, sql: str, params: Params = None, tables: Mapping[str, pa.Table] | None = None
    ) -> list[Row]:
        """As ``Store.rows``; ``tables`` are Arrow tables the statement may read by name."""
        with self._cursor() as cur:
            return list(_execute(cur, sql, params, tables).fetchall())

    def _named(self, name: str, params: dict[str, Any], kind: str) -> Any:
        """Run a named query; within a run, the province's live clearance rows it takes in are
        picked once and shared by every query of the run that needs the same scope."""
        kept = self._kept_fragments(name, params)
        if not kept:
            return super()._named(name, params, kind)
        sql = query_text(name, self.engine, frozenset(kept))
        # With a fragment kept, some parameters may no longer appear: DuckDB refuses extras.
        bound = {k: v for k, v in params.items() if k in _parameters(sql)}
        tables = {f"kept_{fragment}": rows for fragment, rows in kept.items()}
        if kind == "frame":
            return self.frame(sql, bound, tables=tables)
        return self.rows(sql, bound, tables=tables)

    def _kept_fragments(self, name: str, params: dict[str, Any]) -> dict[str, pa.Table]:
        """The fragments of ``name`` this run keeps: live clearance of a province-sized scope.

        A page of one province reads its live clearance rows four times (per commune, the
        S-curve, the forecasts' recent reports, the sources); picking them is most of each read.
        The country's scope is read as a stream instead: kept, it would hold every row."""
        if "live_clearance" not in fragments_of(name) or not self.in_run():
            return {}
        projects = params.get("projects") or []
        if len(projects) > _KEPT_SCOPE_PROJECTS:
            return {}
        scope = {"as_of": params["as_of"], "projects": sorted(set(projects))}
        rows = self._kept(
            ("fragment", "live_clearance", params_key(scope)),
            lambda: self.arrow(fragment_rows("live_clearance", self.engine), scope),
        )
        return {"live_clearance": rows}

    def read_table(self, table: str) -> pa.Table:
        return self.arrow(f"SELECT * FROM {table}")

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self._write_lock, self._cursor() as cur:
            cur.execute("BEGIN TRANSACTION")
            try:
                yield DuckDBTransaction(cur)
            except duckdb.ConstraintException as exc:
                cur.execute("ROLLBACK")
                raise constraint_broken(exc) from exc
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")

    def close(self) -> None:
        self._finish_reads_ahead()
        self._connection.close()


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(
            str(path), read_only=read_only, config={"memory_limit": config.duckdb_memory()}
        )
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():
            # DuckDB lets one process write a file: the app, or another command, has it open.
            raise StoreError(
                vi=f"Cơ sở dữ liệu {path} đang được một tiến trình khác mở (thường là ứng dụng "
                "web). Tải lên qua thẻ 'Tải lên' của ứng dụng, hoặc dừng ứng dụng rồi chạy lại "
                "lệnh.",
                en=f"The database {path} is open in another process (usually the web app). "
                "Upload through the app's Upload tab, or stop the app and run the command again.",
            ) from exc
        raise StoreError(
            vi=f"Không mở được cơ sở dữ liệu {path}: {exc}. Kiểm tra đường dẫn, quyền ghi, "
            "và chắc chắn không có tiến trình khác đang ghi vào tệp này.",
            en=f"Could not open the database {path}: {exc}. Check the path and write "
            "permission, and that no other process is writing to this file.",
        ) from exc
