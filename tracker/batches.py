"""Writing a batch of figures as one upload, in one transaction: all of it or none of it.

Every row a batch writes carries the upload that brought it and the source it came from, so each
figure can be traced back to its file (or article) and its as-of date.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field

import duckdb
import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from tracker.errors import StoreError
from tracker.store import Store

#: Columns each table accepts from a batch (besides upload_id and source_id, added here). Table and
#: column names in SQL come only from this allow-list.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "projects": (
        "project_code",
        "name_vi",
        "name_en",
        "kind",
        "province_code",
        "owner",
        "length_km",
        "capacity_mw",
        "tower_count",
        "total_investment_vnd",
        "started_on",
        "planned_completion",
        "description",
    ),
    "project_geometries": ("project_code", "geometry_wkb", "provenance"),
    "required_areas": (
        "project_code",
        "commune_code",
        "baseline",
        "required_ha",
        "effective_from",
        "note",
        "source_row",
    ),
    "clearance_reports": (
        "project_code",
        "commune_code",
        "report_date",
        "cleared_ha",
        "households_affected",
        "households_relocated",
        "compensation_paid_vnd",
        "note",
        "commune_as_written",
        "source_row",
    ),
    "disbursement_plans": (
        "project_code",
        "plan_year",
        "capital_source",
        "plan_baseline",
        "plan_vnd",
        "effective_from",
        "note",
        "source_row",
    ),
    "disbursement_reports": (
        "project_code",
        "plan_year",
        "capital_source",
        "report_date",
        "disbursed_vnd",
        "note",
        "source_row",
    ),
    "published_figures": (
        "province_code",
        "project_code",
        "as_of",
        "measure",
        "value",
        "denominator",
        "quote",
    ),
}

SOURCE_COLUMNS = ("kind", "title", "publisher", "published_on", "reference", "is_synthetic", "note")


@dataclass
class Batch:
    """Rows to write together. Each table's frame has a ``source_key`` column naming a source."""

    kind: str
    file_name: str
    user_name: str
    content: bytes
    sources: dict[str, dict[str, object]] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    note: str | None = None
    rows_new: int = 0
    rows_changed: int = 0
    rows_unchanged: int = 0
    file_rows: int | None = None  # rows of the uploaded file, when the batch came from one
    content_sha256: str | None = None  # the content's hash, when the caller has it already

    @property
    def sha256(self) -> str:
        return self.content_sha256 or hashlib.sha256(self.content).hexdigest()

    @property
    def row_count(self) -> int:
        """Rows of the file, or else of all tables together."""
        if self.file_rows is not None:
            return self.file_rows
        return sum(len(df) for df in self.tables.values())


def _arrow_backed(frame: pd.DataFrame) -> bool:
    """Whether every column already holds Arrow data (or plain numbers) with its final type."""
    return all(
        isinstance(dtype, pd.ArrowDtype)
        or (dtype.kind in "biuf" and not hasattr(dtype, "na_value"))
        for dtype in frame.dtypes
    )


def _insert_frame(cur: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    columns = [c for c in TABLE_COLUMNS[table] if c in frame.columns] + ["upload_id", "source_id"]
    column_list = ", ".join(columns)
    selected = frame[columns]
    # Arrow tables insert several times faster than pandas object columns; frames built from
    # Python objects (the demo's Decimals and dates) keep DuckDB's own pandas conversion.
    relation = (
        pa.Table.from_pandas(selected, preserve_index=False)
        if _arrow_backed(selected)
        else selected
    )
    name = f"batch_{uuid.uuid4().hex}"  # unique: uploads in other threads register their own
    cur.register(name, relation)
    try:
        # With RETURNING, DuckDB plans a single-threaded insert; into a database file it costs
        # about a quarter less CPU than the parallel batch insert and is no slower (measured on
        # 100,000 rows with bench/bench_import.py).
        cur.execute(
            f"INSERT INTO {table} ({column_list}) SELECT {column_list} FROM {name} RETURNING 0"
        )
    finally:
        cur.unregister(name)


def commit_batch(store: Store, batch: Batch) -> int:
    """Write ``batch`` as one committed upload in a single transaction; return its upload id."""
    unknown = set(batch.tables) - set(TABLE_COLUMNS)
    if unknown:
        raise ValueError(f"batch names unknown tables: {sorted(unknown)}")
    try:
        with store.transaction() as cur:
            row = cur.execute(
                """INSERT INTO uploads (kind, file_name, sha256, user_name, row_count, rows_new,
                                        rows_changed, rows_unchanged, note)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING upload_id""",
                [
                    batch.kind,
                    batch.file_name,
                    batch.sha256,
                    batch.user_name,
                    batch.row_count,
                    batch.rows_new,
                    batch.rows_changed,
                    batch.rows_unchanged,
                    batch.note,
                ],
            ).fetchone()
            assert row is not None
            upload_id = int(row[0])
            cur.execute(
                """INSERT INTO upload_events (upload_id, event, user_name)
                   VALUES (?, 'committed', ?)""",
                [upload_id, batch.user_name],
            )
            source_ids = _insert_sources(cur, batch, upload_id)
            for table, frame in batch.tables.items():
                if frame.empty:
                    continue
                frame = frame.assign(
                    upload_id=upload_id, source_id=_source_ids(table, frame, source_ids)
                )
                _insert_frame(cur, table, frame)
    except duckdb.ConstraintException as exc:
        raise StoreError(
            vi=f"Dữ liệu vi phạm ràng buộc của cơ sở dữ liệu nên không được ghi: {exc}",
            en=f"The data breaks a database constraint, so nothing was written: {exc}",
        ) from exc
    return upload_id


def _source_ids(
    table: str, frame: pd.DataFrame, source_ids: dict[str, int]
) -> npt.NDArray[np.int64]:
    """Each row's source id, looked up once per distinct source key."""
    codes, keys = pd.factorize(frame.source_key)
    missing = sorted(set(keys) - set(source_ids))
    if missing:
        raise ValueError(f"{table} rows name unknown sources: {missing}")
    return np.array([source_ids[k] for k in keys], dtype=np.int64)[codes]


def _insert_sources(cur: duckdb.DuckDBPyConnection, batch: Batch, upload_id: int) -> dict[str, int]:
    ids: dict[str, int] = {}
    for key, fields in batch.sources.items():
        values = [fields.get(c, False if c == "is_synthetic" else None) for c in SOURCE_COLUMNS]
        row = cur.execute(
            f"""INSERT INTO sources ({", ".join(SOURCE_COLUMNS)}, upload_id)
                VALUES ({", ".join("?" for _ in SOURCE_COLUMNS)}, ?) RETURNING source_id""",
            [*values, upload_id],
        ).fetchone()
        assert row is not None
        ids[key] = int(row[0])
    return ids
