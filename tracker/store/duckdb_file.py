"""The embedded store: one DuckDB file, written by one process at a time.

A DuckDB connection must not be shared between threads (Streamlit serves each session on its own
thread), so every read takes its own cursor, and writes go through one transaction at a time.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from tracker import config
from tracker.errors import StoreError
from tracker.store.base import Params, Row, Store, Transaction, constraint_broken


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

    def frame(self, sql: str, params: Params = None) -> pd.DataFrame:
        with self._cursor() as cur:
            frame: pd.DataFrame = cur.execute(sql, _params(params)).df()
        return frame

    def arrow(self, sql: str, params: Params = None) -> pa.Table:
        with self._cursor() as cur:
            return cur.execute(sql, _params(params)).to_arrow_table().combine_chunks()

    def rows(self, sql: str, params: Params = None) -> list[Row]:
        with self._cursor() as cur:
            return list(cur.execute(sql, _params(params)).fetchall())

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
