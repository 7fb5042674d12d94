"""What is stored for an upload's checks, read on the second thread with its own cursor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa

from tracker._upload_result import PreparedUpload
from tracker.store import Store

_PROJECTS = """
SELECT p.project_code, p.province_code, p.started_on,
       (SELECT min(r.effective_from) FROM required_areas_effective r
        WHERE r.project_code = p.project_code) AS first_baseline
FROM projects p JOIN live_uploads USING (upload_id)
"""
_STORED = {
    "clearance": """
        SELECT project_code, commune_code, report_date, cleared_ha::DOUBLE AS cleared_ha,
               households_relocated::DOUBLE AS households_relocated,
               compensation_paid_vnd::DOUBLE AS compensation_paid_vnd
        FROM clearance_effective WHERE list_contains(?::VARCHAR[], project_code)""",
    "disbursement": """
        SELECT project_code, plan_year, capital_source, report_date,
               disbursed_vnd::DOUBLE AS disbursed_vnd
        FROM disbursement_effective WHERE list_contains(?::VARCHAR[], project_code)""",
}
_BASELINES = """
    SELECT project_code, commune_code, baseline, required_ha::DOUBLE, effective_from
    FROM required_areas_effective WHERE list_contains(?::VARCHAR[], project_code)
    ORDER BY effective_from"""


@dataclass(frozen=True)
class _Fetched:
    """What is stored for the projects of a file: figures and (clearance) design baselines."""

    figures: pa.Table
    baselines: list[tuple[Any, ...]]


def _projects(store: Store, prepared: PreparedUpload) -> pd.DataFrame:
    """The live projects (and, on the way, the file's hash); run on the second thread."""
    _ = prepared.sha256  # computed here, while the main thread reads the cells
    cur = store.cursor()
    try:
        projects: pd.DataFrame = cur.execute(_PROJECTS).df()
    finally:
        cur.close()
    return projects


def _fetch(store: Store, kind: str, projects: list[str]) -> _Fetched:
    """The stored figures (and clearance baselines) of ``projects``; read on its own thread, so
    with its own cursor."""
    cur = store.cursor()
    try:
        figures = cur.execute(_STORED[kind], [projects]).to_arrow_table().combine_chunks()
        baselines = cur.execute(_BASELINES, [projects]).fetchall() if kind == "clearance" else []
    finally:
        cur.close()
    return _Fetched(figures, baselines)
