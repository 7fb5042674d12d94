"""Named, parameterised SQL from ``db/queries/*.sql``: values are always bound, never pasted."""

from __future__ import annotations

from functools import cache
from typing import Any

import duckdb
import pandas as pd

from tracker import config

QUERIES_DIR = config.REPO_ROOT / "db" / "queries"


@cache
def query_text(name: str) -> str:
    """The SQL of the named query (file ``db/queries/<name>.sql``)."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"invalid query name {name!r}")
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run_query(cur: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Run the named query with bound parameters and return its rows as a DataFrame."""
    return cur.execute(query_text(name), params).df()
