"""Named, parameterised SQL from ``db/queries/*.sql``: values are always bound, never pasted.

A query may take in a shared part written once in ``db/queries/fragments/<name>.sql`` by naming
it as ``{{name}}``: the "live rows of the projects in scope" parts are defined there, once, and
every query that needs them includes them (a fragment may name another in turn). Where one
engine runs a part much faster written another way, ``fragments/<name>.<engine>.sql`` replaces it
on that engine only (same columns, same rows: the tests run every query on both engines).
"""

from __future__ import annotations

import re
from functools import cache

from tracker import config

QUERIES_DIR = config.REPO_ROOT / "db" / "queries"
_FRAGMENT = re.compile(r"\{\{([a-z_]+)\}\}")
#: A query's name: ``name``, or ``fragments/name`` with an optional ``.engine``.
_NAME = re.compile(r"(?:fragments/)?[a-z0-9_]+(?:\.(?:duckdb|postgres))?")


def _read(path_name: str) -> str:
    if not _NAME.fullmatch(path_name):
        raise ValueError(f"invalid query name {path_name!r}")
    return (QUERIES_DIR / f"{path_name}.sql").read_text(encoding="utf-8")


def _fragment(name: str, engine: str) -> str:
    if (QUERIES_DIR / "fragments" / f"{name}.{engine}.sql").is_file():
        return expand(_read(f"fragments/{name}.{engine}"), engine).strip()
    return expand(_read(f"fragments/{name}"), engine).strip()


def expand(sql: str, engine: str, kept: frozenset[str] = frozenset()) -> str:
    """``sql`` with each ``{{fragment}}`` (and those a fragment names in turn) as written for
    ``engine``; a fragment named in ``kept`` reads its rows from the table ``kept_<fragment>``
    instead (rows a run has already picked: see ``fragment_rows``)."""

    def part(match: re.Match[str]) -> str:
        fragment = match.group(1)
        if fragment in kept:
            return f"{fragment} AS (SELECT * FROM kept_{fragment})"
        return _fragment(fragment, engine)

    return _FRAGMENT.sub(part, sql)


@cache
def query_text(name: str, engine: str = "duckdb", kept: frozenset[str] = frozenset()) -> str:
    """The SQL of the named query (file ``db/queries/<name>.sql``), with its fragments as written
    for ``engine`` ("duckdb" or "postgres"), except those in ``kept`` (see ``expand``)."""
    return expand(_read(name), engine, kept)


@cache
def fragments_of(name: str) -> frozenset[str]:
    """The fragments the named query takes in."""
    return frozenset(_FRAGMENT.findall(_read(name)))


@cache
def fragment_rows(fragment: str, engine: str = "duckdb") -> str:
    """A statement giving the rows of a fragment on its own (its parameters are the fragment's)."""
    return f"WITH {_fragment(fragment, engine)}\nSELECT * FROM {fragment}"
