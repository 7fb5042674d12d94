"""What is stored for an upload's checks, read on the second thread."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa

from tracker.store import Store
from tracker.store.queries import query_text
from tracker.uploads.result import PreparedUpload


@dataclass(frozen=True)
class StoredFigures:
    """What is stored for the projects of a file: figures and (clearance) design baselines."""

    figures: pa.Table
    baselines: list[tuple[Any, ...]]


def read_projects(store: Store, prepared: PreparedUpload) -> pd.DataFrame:
    """The live projects (and, on the way, the file's hash); run on the second thread."""
    _ = prepared.sha256  # computed here, while the main thread reads the cells
    return store.query("upload_projects")


def read_stored(store: Store, kind: str, projects: list[str]) -> StoredFigures:
    """The stored figures (and clearance baselines) of ``projects``."""
    name = f"stored_{kind}"
    params: dict[str, Any] = {"projects": projects}
    if kind == "clearance":  # read through the live-clearance part, which stops at a date
        params["as_of"] = dt.date.max
    figures = store.arrow(query_text(name, store.engine), params)
    baselines = (
        store.query_rows("stored_baselines", projects=projects) if kind == "clearance" else []
    )
    return StoredFigures(figures, baselines)
