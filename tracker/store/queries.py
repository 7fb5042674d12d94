"""Named, parameterised SQL from ``db/queries/*.sql``: values are always bound, never pasted.

A query may take in a shared part written once in ``db/queries/fragments/<name>.sql`` by naming
it as ``{{name}}``: the "live rows of the projects in scope" parts are defined there, once, and
every query that needs them includes them.
"""

from __future__ import annotations

import re
from functools import cache

from tracker import config

QUERIES_DIR = config.REPO_ROOT / "db" / "queries"
_FRAGMENT = re.compile(r"\{\{([a-z_]+)\}\}")


def _read(path_name: str) -> str:
    if not path_name.replace("_", "").replace("/", "").isalnum():
        raise ValueError(f"invalid query name {path_name!r}")
    return (QUERIES_DIR / f"{path_name}.sql").read_text(encoding="utf-8")


@cache
def query_text(name: str) -> str:
    """The SQL of the named query (file ``db/queries/<name>.sql``), fragments included."""
    return _FRAGMENT.sub(lambda m: _read(f"fragments/{m.group(1)}").strip(), _read(name))
