"""Writing a batch of figures as one upload, in one transaction: all of it or none of it.

Every row a batch writes carries the upload that brought it and the source it came from, so each
figure can be traced back to its file (or article) and its as-of date. The insert statements stay
here, beside the code that binds their values; reads are named queries in ``db/queries``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from tracker.store import Store, Transaction

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
    "blocker_events": (
        "blocker_id",
        "changed_on",
        "project_code",
        "commune_code",
        "category",
        "category_other",
        "description",
        "area_ha",
        "households",
        "agency",
        "raised_on",
        "due_on",
        "resolved_on",
        "status",
        "escalation",
        "comment",
        "source_row",
    ),
    "handover_deadlines": ("project_code", "deadline", "effective_from", "note"),
    "project_status_reports": (
        "project_code",
        "report_date",
        "stage",
        "planned_start",
        "actual_start",
        "planned_completion",
        "actual_completion",
        "physical_progress_pct",
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


def _arrow_table(frame: pd.DataFrame) -> pa.Table:
    """A frame as Arrow: columns already Arrow-backed convert without copying; Python objects
    (the demo's Decimals and dates) are typed by Arrow from their values."""
    return pa.Table.from_pandas(frame, preserve_index=False)


def commit_batch(store: Store, batch: Batch) -> int:
    """Write ``batch`` as one committed upload in a single transaction; return its upload id.

    Writers of the same projects take turns (on a server, another process's upload of the same
    project waits), so upload ids follow the order in which uploads of a project were written.
    """
    unknown = set(batch.tables) - set(TABLE_COLUMNS)
    if unknown:
        raise ValueError(f"batch names unknown tables: {sorted(unknown)}")
    with store.transaction() as tx:
        tx.lock(*sorted(_projects_named(batch)), f"sha256:{batch.sha256}")
        row = tx.row(
            """INSERT INTO uploads (kind, file_name, sha256, user_name, row_count, rows_new,
                                    rows_changed, rows_unchanged, note)
               VALUES ($kind, $file_name, $sha256, $user_name, $row_count, $rows_new,
                       $rows_changed, $rows_unchanged, $note)
               RETURNING upload_id""",
            {
                "kind": batch.kind,
                "file_name": batch.file_name,
                "sha256": batch.sha256,
                "user_name": batch.user_name,
                "row_count": batch.row_count,
                "rows_new": batch.rows_new,
                "rows_changed": batch.rows_changed,
                "rows_unchanged": batch.rows_unchanged,
                "note": batch.note,
            },
        )
        assert row is not None
        upload_id = int(row[0])
        tx.execute(
            """INSERT INTO upload_events (upload_id, event, user_name)
               VALUES ($upload_id, 'committed', $user_name)""",
            {"upload_id": upload_id, "user_name": batch.user_name},
        )
        source_ids = _insert_sources(tx, batch, upload_id)
        for table, frame in batch.tables.items():
            if frame.empty:
                continue
            frame = frame.assign(
                upload_id=upload_id, source_id=_source_ids(table, frame, source_ids)
            )
            columns = [c for c in TABLE_COLUMNS[table] if c in frame.columns]
            columns += ["upload_id", "source_id"]
            tx.insert(table, columns, _arrow_table(frame[columns]))
    return upload_id


def _projects_named(batch: Batch) -> set[str]:
    """The project codes any table of the batch names."""
    return {
        f"project:{code}"
        for frame in batch.tables.values()
        if "project_code" in frame.columns
        for code in frame["project_code"].dropna().unique()
    }


def _source_ids(
    table: str, frame: pd.DataFrame, source_ids: dict[str, int]
) -> npt.NDArray[np.int64]:
    """Each row's source id, looked up once per distinct source key."""
    codes, keys = pd.factorize(frame.source_key)
    missing = sorted(set(keys) - set(source_ids))
    if missing:
        raise ValueError(f"{table} rows name unknown sources: {missing}")
    return np.array([source_ids[k] for k in keys], dtype=np.int64)[codes]


def _insert_sources(tx: Transaction, batch: Batch, upload_id: int) -> dict[str, int]:
    ids: dict[str, int] = {}
    for key, fields in batch.sources.items():
        values = {c: fields.get(c, False if c == "is_synthetic" else None) for c in SOURCE_COLUMNS}
        row = tx.row(
            f"""INSERT INTO sources ({", ".join(SOURCE_COLUMNS)}, upload_id)
                VALUES ({", ".join(f"${c}" for c in SOURCE_COLUMNS)}, $upload_id)
                RETURNING source_id""",
            {**values, "upload_id": upload_id},
        )
        assert row is not None
        ids[key] = int(row[0])
    return ids
