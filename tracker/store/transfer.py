"""Copying a whole store to another, either way between a DuckDB file and a PostgreSQL server.

Everything comes along with its own ids: uploads and their events, sources, figures, published
figures, accounts and sign-in attempts, so the history reads the same on both sides. The copy is
one transaction on the target: it lands whole or not at all. A target that already holds anything
is refused, with what would collide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.errors import StoreError
from tracker.store.base import Store, Transaction

_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_SEQUENCE = re.compile(r"nextval\('([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class Copied:
    """What a copy brought over: rows per table."""

    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _tables(store: Store) -> list[str]:
    """The store's own tables (not views, not the migration log), by name."""
    rows = store.rows(
        """SELECT table_name FROM information_schema.tables
           WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
             AND table_name <> 'schema_migrations'
           ORDER BY table_name"""
    )
    names = [str(r[0]) for r in rows]
    assert all(_NAME.match(n) for n in names), names
    return names


def _sequence_columns(store: Store) -> dict[str, list[tuple[str, str]]]:
    """For each sequence, the (table, column) pairs that take their default from it."""
    rows = store.rows(
        """SELECT table_name, column_name, column_default FROM information_schema.columns
           WHERE table_schema = current_schema() AND column_default IS NOT NULL"""
    )
    found: dict[str, list[tuple[str, str]]] = {}
    for table, column, default in rows:
        match = _SEQUENCE.search(str(default))
        if match:
            found.setdefault(match.group(1), []).append((str(table), str(column)))
    return found


def _collisions(target: Store, tables: list[str]) -> dict[str, int]:
    """Rows the target already holds, per table that has any."""
    held = {}
    for table in tables:
        row = target.row(f"SELECT count(*) FROM {table}")
        if row is not None and int(row[0]):
            held[table] = int(row[0])
    return held


def copy_store(source: Store, target: Store) -> Copied:
    """Copy every row of ``source`` into the empty ``target``, in one transaction."""
    source_schema, target_schema = source.applied_migrations(), target.applied_migrations()
    if source_schema != target_schema:
        raise StoreError(
            vi=f"Hai cơ sở dữ liệu khác phiên bản lược đồ ({source_schema[-1]} và "
            f"{target_schema[-1]}). Mở cả hai bằng phiên bản phần mềm này để nâng cấp trước.",
            en=f"The two stores have different schema versions ({source_schema[-1]} and "
            f"{target_schema[-1]}). Open both with this version of the software to upgrade them "
            "first.",
        )
    tables = _tables(source)
    held = _collisions(target, tables)
    if held:
        listing = ", ".join(f"{table} ({count})" for table, count in sorted(held.items()))
        raise StoreError(
            vi=f"Nơi nhận {target.label} đã có dữ liệu nên không sao chép vào được: {listing}. "
            "Chọn một cơ sở dữ liệu trống (mới tạo).",
            en=f"The target {target.label} already holds data, so nothing was copied: "
            f"{listing}. Choose an empty (newly created) database.",
        )
    copied: dict[str, int] = {}
    with target.transaction() as tx:
        for table in tables:
            data = source.read_table(table)
            if data.num_rows:
                tx.insert(table, data.column_names, data)
            copied[table] = data.num_rows
        for sequence, columns in _sequence_columns(source).items():
            _move_past(tx, sequence, _largest(source, columns))
    if target.engine == "postgres":
        # The planner's statistics of the filled tables, now rather than whenever autovacuum
        # gets to them: without them the first views of a moved province pick slow plans.
        with target.transaction() as tx:
            tx.execute("ANALYZE")
    return Copied(copied)


def _largest(store: Store, columns: list[tuple[str, str]]) -> int:
    """The largest value any of ``columns`` holds (0 when empty)."""
    largest = 0
    for table, column in columns:
        assert _NAME.match(table) and _NAME.match(column)
        row = store.row(f"SELECT max({column}) FROM {table}")
        if row is not None and row[0] is not None:
            largest = max(largest, int(row[0]))
    return largest


def _move_past(tx: Transaction, sequence: str, value: int) -> None:
    """Make the next value of ``sequence`` larger than ``value``, so new rows never reuse an id."""
    tx.advance_sequence(sequence, value)
