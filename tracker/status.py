"""Project status as of a date: each project's stage and since when, its planned and actual dates,
the % of its works volume done, and whether it is past its planned completion."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from tracker.figures import projects_in_scope
from tracker.store import Store
from tracker.vocabulary import CLOSED_STAGES, PROJECT_STAGES

#: Date columns of a status, read back as ``datetime.date`` (None where not given).
DATE_COLUMNS = (
    "report_date",
    "stage_since",
    "planned_start",
    "actual_start",
    "planned_completion",
    "actual_completion",
    "progress_date",
)
#: The key of ``stage_counts`` for projects that never reported a status.
NO_STATUS = "no_status"


def as_date(value: Any) -> dt.date | None:
    """A date read back from a store (a Timestamp, a date or a missing value), as a date."""
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def is_overdue(
    stage: str, planned_completion: dt.date | None, actual_completion: dt.date | None, on: dt.date
) -> bool:
    """Past its planned completion on ``on`` and neither finished nor stopped."""
    if stage in CLOSED_STAGES or actual_completion is not None or planned_completion is None:
        return False
    return planned_completion < on


def project_status(
    store: Store,
    as_of: dt.date,
    *,
    province_code: str | None = None,
    projects: list[str] | None = None,
) -> pd.DataFrame:
    """One row per project with a status report on or before ``as_of``: the ``project_status``
    query's columns (dates as ``datetime.date``) and ``overdue``."""
    rows = store.query(
        "project_status", as_of=as_of, projects=projects_in_scope(store, province_code, projects)
    )
    for column in DATE_COLUMNS:
        rows[column] = pd.Series([as_date(v) for v in rows[column]], index=rows.index, dtype=object)
    rows["overdue"] = [
        is_overdue(str(s), p, a, as_of)
        for s, p, a in zip(rows.stage, rows.planned_completion, rows.actual_completion, strict=True)
    ]
    return rows


def stage_counts(status: pd.DataFrame, projects: int | None = None) -> dict[str, int]:
    """How many projects are in each stage (stages in their order, only those with any); with the
    number of ``projects`` in scope, those without a status under ``NO_STATUS``."""
    counts = {s: int((status.stage == s).sum()) for s in PROJECT_STAGES}
    found = {s: n for s, n in counts.items() if n}
    if projects is not None and projects > len(status):
        found[NO_STATUS] = projects - len(status)
    return found


def status_report_dates(store: Store, province_code: str | None) -> list[dt.date]:
    """Dates with at least one live status report, newest first."""
    rows = store.query(
        "status_report_dates", projects=projects_in_scope(store, province_code, None)
    )
    return [pd.Timestamp(d).date() for d in rows.report_date]
