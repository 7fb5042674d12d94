"""Named, parameterised SQL from ``db/queries/*.sql``: values are always bound, never pasted."""

from __future__ import annotations

from functools import cache

from tracker import config

QUERIES_DIR = config.REPO_ROOT / "db" / "queries"


@cache
def query_text(name: str) -> str:
    """The SQL of the named query (file ``db/queries/<name>.sql``)."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"invalid query name {name!r}")
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
