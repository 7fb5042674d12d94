"""The server store: a PostgreSQL database shared by app processes and the command line.

The same SQL as the DuckDB file runs here, on the server, with the same named parameters (bound
by the server, never pasted). Each read and each transaction takes a connection from a pool that
checks it first, so the app carries on by itself once a restarted server is back. Writers of the
same project take turns through advisory locks held until their transaction ends.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import pandas as pd
import psycopg
import pyarrow as pa
import pyarrow.csv as pacsv
from psycopg_pool import ConnectionPool, PoolTimeout

from tracker.errors import StoreError
from tracker.store.base import Migration, Params, Row, Store, Transaction, constraint_broken

#: Any number will do, as long as nothing else on the server uses it for its own lock.
_MIGRATION_LOCK = 7_031_998_420_250_701
_POOL_MAX = 10
_WAIT_SECONDS = 10.0
_NAMED = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
# PostgreSQL type oids, and how DuckDB's DataFrame shows the same column (so callers see one shape).
_INT_TYPES = {20: "Int64", 21: "Int16", 23: "Int32", 26: "Int64"}
_FLOAT_TYPES = {700, 701, 1700}
_DATE = 1082
_TIMESTAMPS = {1114, 1184}
_BOOL = 16


def redact(url: str) -> str:
    """``url`` without its password, safe for a message, a log line or a page."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit((parts.scheme, f"{user}{host}", parts.path, parts.query, parts.fragment))


@lru_cache(maxsize=512)
def server_sql(sql: str, positional: bool) -> str:
    """``sql`` with ``$name`` (or, for positional parameters, ``?``) in psycopg's style."""
    escaped = sql.replace("%", "%%")
    if positional:
        return escaped.replace("?", "%s")
    return _NAMED.sub(r"%(\1)s", escaped)


def _bind(sql: str, params: Params) -> tuple[str, Mapping[str, Any] | Sequence[Any] | None]:
    if params is None:
        return sql, None
    if isinstance(params, Mapping):
        return server_sql(sql, False), params
    return server_sql(sql, True), list(params)


#: Rows per slice of a COPY's CSV.
_COPY_SLICE_ROWS = 10_000


class PostgresTransaction(Transaction):
    """A transaction on one pooled connection."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self._connection = connection

    def execute(self, sql: str, params: Params = None) -> None:
        self._connection.execute(*_bind(sql, params))

    def rows(self, sql: str, params: Params = None) -> list[Row]:
        return list(self._connection.execute(*_bind(sql, params)).fetchall())

    def insert(self, table: str, columns: Sequence[str], data: pa.Table) -> None:
        """One COPY of the rows as CSV, every value quoted so an empty text stays a text.

        The CSV is written and sent a slice at a time, so the server reads one slice while the
        next is written (on two cores a 100,000-row COPY takes about a tenth less)."""
        types = _column_types(self._connection, table)
        prepared = pa.table({c: _for_copy(data.column(c), types[c]) for c in columns})
        options = pacsv.WriteOptions(include_header=False, quoting_style="all_valid")
        with self._connection.cursor() as cur:
            copy_sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)"
            with cur.copy(copy_sql) as copy:
                for part in prepared.to_batches(max_chunksize=_COPY_SLICE_ROWS):
                    buffer = pa.BufferOutputStream()
                    pacsv.write_csv(pa.Table.from_batches([part]), buffer, options)
                    copy.write(memoryview(buffer.getvalue()))

    def advance_sequence(self, sequence: str, value: int) -> None:
        if value > 0:
            self._connection.execute("SELECT setval(%s, %s)", [sequence, value])

    def lock(self, *keys: str) -> None:
        for key in sorted(set(keys)):
            self._connection.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def _column_types(connection: psycopg.Connection[Any], table: str) -> dict[str, str]:
    rows = connection.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s",
        [table],
    ).fetchall()
    return {str(name): str(kind) for name, kind in rows}


def _for_copy(column: pa.ChunkedArray, target: str) -> pa.Array:
    """A column as COPY reads it into a ``target`` column: whole numbers without a fraction
    (NaN as no value), bytes as hex."""
    array = column.combine_chunks()
    kind = array.type
    if target in ("integer", "bigint", "smallint") and pa.types.is_floating(kind):
        values = array.to_numpy(zero_copy_only=False)
        missing = np.isnan(values)
        return pa.array(np.where(missing, 0, values).astype(np.int64), mask=missing)
    if target == "bytea":
        return pa.array(
            [None if b is None else "\\x" + bytes(b).hex() for b in array.to_pylist()], pa.string()
        )
    if pa.types.is_null(kind):
        return pa.array([None] * len(array), pa.string())
    return array


def _frame(description: Sequence[Any], rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """Rows as a DataFrame shaped like DuckDB's: decimals as floats, dates as datetime64,
    whole numbers as (nullable) integers."""
    names = [d.name for d in description]
    columns: dict[str, Any] = {}
    for i, (name, oid) in enumerate((d.name, d.type_code) for d in description):
        values = [r[i] for r in rows]
        columns[name] = _column(values, oid)
    return pd.DataFrame(columns, columns=names)


def _column(values: list[Any], oid: int) -> pd.Series:
    if oid in _FLOAT_TYPES:
        return pd.Series([np.nan if v is None else float(v) for v in values], dtype="float64")
    if oid in _INT_TYPES:
        if any(v is None for v in values):
            return pd.Series(values, dtype=_INT_TYPES[oid])
        return pd.Series(values, dtype=_INT_TYPES[oid].lower())
    if oid == _DATE:
        return pd.Series(pd.to_datetime(values), dtype="datetime64[us]")
    if oid in _TIMESTAMPS:
        return pd.Series(pd.to_datetime(values, utc=True)).dt.as_unit("us")
    if oid == _BOOL and not any(v is None for v in values):
        return pd.Series(values, dtype="bool")
    return pd.Series(values, dtype="object")


def _arrow_value(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def _arrow_type(oid: int) -> pa.DataType | None:
    if oid in _FLOAT_TYPES:
        return pa.float64()
    if oid in _INT_TYPES:
        return pa.int64()
    if oid == _DATE:
        return pa.date32()
    if oid == _BOOL:
        return pa.bool_()
    return None


class PostgresStore(Store):
    """A PostgreSQL database, named by a ``postgresql://`` URL."""

    engine = "postgres"

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self._url = url
        self.label = redact(url)
        parts = urlsplit(url)
        self._password = parts.password or ""
        # The figure queries join sets whose size the planner cannot tell (the live rows of a
        # scope, grouped by version): with nested loops it may scan a province's rows once per
        # commune. Hash joins are right for every query the tracker sends, and they get room.
        options = "-c enable_nestloop=off -c work_mem=64MB"
        if read_only:
            options += " -c default_transaction_read_only=on"
        self._kwargs: dict[str, Any] = {
            "autocommit": True,
            "connect_timeout": 5,
            "options": options,
        }
        self._check_reachable()
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=_POOL_MAX,
            kwargs=self._kwargs,
            check=ConnectionPool.check_connection,
            timeout=_WAIT_SECONDS,
            open=True,
            name="tracker",
        )

    # -- connections and errors ------------------------------------------------------------------

    def _check_reachable(self) -> None:
        """Connect once now, so a wrong address or password is said at once, in words."""
        try:
            psycopg.connect(self._url, **self._kwargs).close()
        except psycopg.Error as exc:
            raise self._unreachable(exc) from exc

    def describe_error(self, exc: BaseException) -> str:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if self._password:
            text = text.replace(self._password, "***")
        return text

    def _unreachable(self, exc: BaseException) -> StoreError:
        detail = self.describe_error(exc)
        if "password" in detail.lower() or "authentication" in detail.lower():
            return StoreError(
                vi=f"Máy chủ PostgreSQL {self.label} từ chối đăng nhập: sai tên người dùng hoặc "
                f"mật khẩu ({detail}). Kiểm tra mật khẩu trong địa chỉ, PGPASSWORD hoặc ~/.pgpass.",
                en=f"The PostgreSQL server {self.label} refused the sign-in: wrong user name or "
                f"password ({detail}). Check the password in the URL, PGPASSWORD or ~/.pgpass.",
            )
        return StoreError(
            vi=f"Không kết nối được máy chủ PostgreSQL {self.label} ({detail}). Kiểm tra máy chủ "
            "đang chạy và địa chỉ, cổng đúng; ứng dụng tự kết nối lại khi máy chủ hoạt động trở "
            "lại. Không có gì được ghi dở dang.",
            en=f"Cannot reach the PostgreSQL server {self.label} ({detail}). Check that the "
            "server is running and the address and port are right; the app reconnects by itself "
            "once the server is back. Nothing was half written.",
        )

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        try:
            with self._pool.connection() as connection:
                yield connection
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise self._unreachable(exc) from exc

    # -- reads ---------------------------------------------------------------------------------

    def frame(self, sql: str, params: Params = None) -> pd.DataFrame:
        with self._connection() as connection, connection.cursor() as cur:
            cur.execute(*_bind(sql, params))
            rows = cur.fetchall()
            return _frame(cur.description or [], rows)

    def arrow(self, sql: str, params: Params = None) -> pa.Table:
        with self._connection() as connection, connection.cursor() as cur:
            cur.execute(*_bind(sql, params))
            rows = cur.fetchall()
            description = cur.description or []
        arrays = {}
        for i, d in enumerate(description):
            values = [_arrow_value(r[i]) for r in rows]
            arrays[d.name] = pa.array(values, type=_arrow_type(d.type_code))
        return pa.table(arrays)

    def rows(self, sql: str, params: Params = None) -> list[Row]:
        with self._connection() as connection:
            return list(connection.execute(*_bind(sql, params)).fetchall())

    def read_table(self, table: str) -> pa.Table:
        with self._connection() as connection, connection.cursor() as cur:
            cur.execute(f"SELECT * FROM {table}")
            rows = cur.fetchall()
            names = [d.name for d in cur.description or []]
        # Arrow types each column from its values: decimals keep their digits.
        return pa.table({name: pa.array([r[i] for r in rows]) for i, name in enumerate(names)})

    # -- writes --------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self._connection() as connection:
            try:
                with connection.transaction():
                    yield PostgresTransaction(connection)
            except psycopg.errors.IntegrityError as exc:
                raise constraint_broken(exc) from exc

    def migrate(self, migrations: list[Migration] | None = None) -> list[str]:
        """As for every store, with a server-wide lock: app processes starting together do not
        apply the same migration twice."""
        with self._connection() as connection:
            connection.execute("SELECT pg_advisory_lock(%s)", [_MIGRATION_LOCK])
            try:
                return super().migrate(migrations)
            finally:
                connection.execute("SELECT pg_advisory_unlock(%s)", [_MIGRATION_LOCK])

    def close(self) -> None:
        self._finish_reads_ahead()
        self._pool.close()
