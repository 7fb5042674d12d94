"""What every store offers: reads as tables, writes in one transaction, migrations applied once.

Callers never see the engine. SQL is written once, in the dialect both DuckDB and PostgreSQL
understand, with named ``$parameters`` bound by the store; each store runs it on its own engine.
"""

from __future__ import annotations

import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import pyarrow as pa

from tracker import config
from tracker.errors import StoreError
from tracker.store.cache import FIGURE_QUERIES, FigureCache, params_key
from tracker.store.queries import query_text

#: Named parameters (``$name``); tests may also pass a sequence for ``?`` placeholders.
Params = Mapping[str, Any] | Sequence[Any] | None
Row = tuple[Any, ...]
T = TypeVar("T")
#: What one run may keep of its own figures when the store shares none between runs.
_RUN_MEMO_BYTES = 64 * 1024 * 1024

_MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    name       VARCHAR PRIMARY KEY,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
)
"""
#: A migration file for one engine: ``0001_core.postgres.sql`` replaces ``0001_core.sql`` there.
_MIGRATION_FILE = re.compile(r"^(\d{4}_[a-z0-9_]+)(?:\.(duckdb|postgres))?\.sql$")


@dataclass(frozen=True)
class Migration:
    """One named schema change, read from ``db/migrations/NNNN_name.sql``."""

    name: str
    sql: str


def read_migrations(
    engine: str = "duckdb", directory: Path = config.MIGRATIONS_DIR
) -> list[Migration]:
    """The migrations for ``engine`` in name order: each name's engine-specific file if there is
    one, else its shared file."""
    chosen: dict[str, tuple[bool, Path]] = {}
    for path in directory.glob("*.sql"):
        match = _MIGRATION_FILE.match(path.name)
        if match is None:
            continue
        name, only_for = match.groups()
        if only_for is not None and only_for != engine:
            continue
        specific = only_for is not None
        if name not in chosen or specific:
            chosen[name] = (specific, path)
    if not chosen:
        raise StoreError(
            vi=f"Không tìm thấy tệp di chuyển lược đồ nào trong {directory}.",
            en=f"No schema migrations found in {directory}.",
        )
    return [
        Migration(name=name, sql=chosen[name][1].read_text(encoding="utf-8"))
        for name in sorted(chosen)
    ]


class Transaction(ABC):
    """Statements that commit together or not at all."""

    @abstractmethod
    def execute(self, sql: str, params: Params = None) -> None:
        """Run a statement that returns nothing."""

    @abstractmethod
    def rows(self, sql: str, params: Params = None) -> list[Row]:
        """Run a statement and return its rows."""

    def row(self, sql: str, params: Params = None) -> Row | None:
        """The first row of a statement, or None."""
        found = self.rows(sql, params)
        return found[0] if found else None

    @abstractmethod
    def insert(self, table: str, columns: Sequence[str], data: pa.Table) -> None:
        """Append ``data`` (Arrow, columns in the order named) to ``table`` in one statement."""

    @abstractmethod
    def advance_sequence(self, sequence: str, value: int) -> None:
        """Make the next value ``sequence`` gives larger than ``value`` (after a copy)."""

    @abstractmethod
    def lock(self, *keys: str) -> None:
        """Hold these keys until the transaction ends, so writers that touch the same keys take
        turns (another process's upload of the same project waits here rather than interleave)."""


_BACKGROUND: ThreadPoolExecutor | None = None
_BACKGROUND_LOCK = threading.Lock()
#: Reads started ahead by page runs, at once in the whole process (each holds a connection
#: while it runs, so this also bounds what they take from a server's pool).
_BACKGROUND_READS = 4


def _background() -> ThreadPoolExecutor:
    global _BACKGROUND
    with _BACKGROUND_LOCK:
        if _BACKGROUND is None:
            _BACKGROUND = ThreadPoolExecutor(_BACKGROUND_READS, thread_name_prefix="figures")
        return _BACKGROUND


class Store(ABC):
    """An open tracker store: an embedded DuckDB file or a PostgreSQL database."""

    #: "duckdb" or "postgres": which migrations apply.
    engine: str
    #: Where the store is, safe to show: a file path, or a server URL without its password.
    label: str

    # -- named queries, shared between viewers ------------------------------------------------

    def use_cache(self, cache: FigureCache) -> None:
        """Share the results of figure queries through ``cache`` during ``reading()``."""
        self._cache = cache

    def version(self) -> tuple[int, str]:
        """The store's state: every commit and every undo adds an upload event."""
        row = self.row("SELECT count(*), CAST(max(event_at) AS VARCHAR) FROM upload_events")
        assert row is not None
        return int(row[0]), str(row[1])

    @contextmanager
    def reading(self) -> Iterator[None]:
        """One page run (or one command): the version is read once, and each figure query of the
        run is computed once, taken from the shared cache when the store has one."""
        local = self._local()
        outer = getattr(local, "version", None), getattr(local, "memo", None)
        local.version = self.version()
        local.memo = FigureCache(_RUN_MEMO_BYTES)
        try:
            yield
        finally:
            local.version, local.memo = outer

    def in_background(self, compute: Callable[[], object]) -> None:
        """Start ``compute`` (which reads figures through this store) on another thread, as part
        of the current run: what it reads is kept under the run's version, so when the run asks
        for the same figures it takes them, or waits for them, instead of reading them again.

        A page starts its slow, independent reads this way so that they overlap; outside
        ``reading()`` there is nothing to share and nothing is started. A failure is left for the
        run's own call to meet (it computes the figure again and raises there)."""
        local = self._local()
        version, memo = getattr(local, "version", None), getattr(local, "memo", None)
        if version is None:
            return

        def run() -> None:
            mine = self._local()
            mine.version, mine.memo = version, memo
            try:
                # A failure is not lost: the run's own call of the figure meets it again.
                with suppress(Exception):
                    compute()
            finally:
                mine.version = mine.memo = None

        pending: set[Future[None]] = self.__dict__.setdefault("_reads_ahead", set())
        future = _background().submit(run)
        pending.add(future)
        future.add_done_callback(pending.discard)

    def _finish_reads_ahead(self) -> None:
        """Wait for this store's reads still running in the background (before it closes)."""
        wait(list(self.__dict__.get("_reads_ahead", ())))

    def in_run(self) -> bool:
        """Whether this thread is inside ``reading()`` (or reading ahead for it)."""
        return getattr(self._local(), "version", None) is not None

    def _local(self) -> threading.local:
        found: threading.local = self.__dict__.setdefault("_thread_state", threading.local())
        return found

    def _shared(self, name: str, params: dict[str, Any], kind: str, compute: Callable[[], T]) -> T:
        if name not in FIGURE_QUERIES:
            return compute()
        return self._kept((kind, name, params_key(params)), compute)

    def derived(self, name: str, key: Hashable, compute: Callable[[], T]) -> T:
        """What ``compute`` derives from figure queries alone, kept like them under the run's
        version. ``key`` must hold every input besides the store (a view's state, a language);
        outside ``reading()`` it is simply computed."""
        return self._kept(("derived", name, key), compute)

    def _kept(self, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
        """``compute()``'s result under ``key`` and the run's version, from the shared cache (or
        the run's own); computed afresh outside ``reading()``."""
        local = self._local()
        version = getattr(local, "version", None)
        if version is None:
            return compute()
        cache: FigureCache = getattr(self, "_cache", None) or local.memo
        found: T = cache.get((self.label, version, *key), compute)
        return found

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        """Run the named query (``db/queries/<name>.sql``) with bound parameters."""
        found: pd.DataFrame = self._shared(
            name, params, "frame", lambda: self._named(name, params, "frame")
        )
        return found

    def query_rows(self, name: str, **params: Any) -> list[Row]:
        """The named query's rows as tuples."""
        found: list[Row] = self._shared(
            name, params, "rows", lambda: self._named(name, params, "rows")
        )
        return found

    def _named(self, name: str, params: dict[str, Any], kind: str) -> Any:
        """Run the named query for a result of ``kind`` ("frame" or "rows")."""
        sql = query_text(name, self.engine)
        return self.frame(sql, params) if kind == "frame" else self.rows(sql, params)

    def query_row(self, name: str, **params: Any) -> Row | None:
        """The named query's first row, or None."""
        found = self.query_rows(name, **params)
        return found[0] if found else None

    @abstractmethod
    def frame(self, sql: str, params: Params = None) -> pd.DataFrame:
        """A statement's rows as a DataFrame (dates as datetime64, decimals as floats)."""

    @abstractmethod
    def arrow(self, sql: str, params: Params = None) -> pa.Table:
        """A statement's rows as an Arrow table (for large reads)."""

    @abstractmethod
    def rows(self, sql: str, params: Params = None) -> list[Row]:
        """A statement's rows as tuples of Python values."""

    @abstractmethod
    def read_table(self, table: str) -> pa.Table:
        """Every row of a table, exactly (decimals stay decimals), to copy it elsewhere."""

    def row(self, sql: str, params: Params = None) -> Row | None:
        """The first row of a statement, or None."""
        found = self.rows(sql, params)
        return found[0] if found else None

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Transaction]:
        """A transaction: committed when the block ends, rolled back on any error."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection(s)."""

    def _run_migration(self, migration: Migration) -> None:
        """Apply one migration and record it, in one transaction."""
        with self.transaction() as tx:
            tx.execute(migration.sql)
            tx.execute(
                "INSERT INTO schema_migrations (name) VALUES ($name)", {"name": migration.name}
            )

    def _ensure_migrations_table(self) -> None:
        """Create the table that records applied migrations, if missing."""
        with self.transaction() as tx:
            tx.execute(_MIGRATIONS_TABLE)

    def applied_migrations(self) -> list[str]:
        """Names of the migrations already applied, in order."""
        return [str(r[0]) for r in self.rows("SELECT name FROM schema_migrations ORDER BY name")]

    def migrate(self, migrations: list[Migration] | None = None) -> list[str]:
        """Apply each pending migration in its own transaction; return the names applied."""
        migrations = read_migrations(self.engine) if migrations is None else migrations
        self._ensure_migrations_table()
        done = set(self.applied_migrations())
        applied: list[str] = []
        for migration in migrations:
            if migration.name in done:
                continue
            try:
                self._run_migration(migration)
            except Exception as exc:
                raise StoreError(
                    vi=f"Không áp dụng được bước nâng cấp cơ sở dữ liệu {migration.name}: "
                    f"{self.describe_error(exc)}. Cơ sở dữ liệu vẫn giữ nguyên như trước bước này.",
                    en=f"Could not apply database migration {migration.name}: "
                    f"{self.describe_error(exc)}. The database is left as it was before this "
                    "step.",
                ) from exc
            applied.append(migration.name)
        return applied

    def describe_error(self, exc: BaseException) -> str:
        """An engine error as one line a person can read, with no password in it."""
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__

    def has_history(self) -> bool:
        """True once anything was ever uploaded (even if later undone)."""
        row = self.row("SELECT count(*) FROM uploads")
        return row is not None and int(row[0]) > 0


def constraint_broken(exc: BaseException) -> StoreError:
    """The error for a write the schema refuses (nothing of the transaction is kept)."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return StoreError(
        vi=f"Dữ liệu vi phạm ràng buộc của cơ sở dữ liệu nên không được ghi: {detail}",
        en=f"The data breaks a database constraint, so nothing was written: {detail}",
    )


def is_server_url(target: str) -> bool:
    """Whether a store location names a PostgreSQL server rather than a file."""
    return target.startswith(("postgresql://", "postgres://"))


def open_store(
    target: str | Path | None = None,
    *,
    migrate: bool = True,
    migrations: list[Migration] | None = None,
    read_only: bool = False,
) -> Store:
    """Open the store at ``target`` (a file path or a ``postgresql://`` URL; default: the
    ``TRACKER_DB`` setting), creating it if needed, and bring its schema up to date."""
    location = config.store_location(target)
    store: Store
    if is_server_url(location):
        from tracker.store.postgres import PostgresStore

        store = PostgresStore(location, read_only=read_only)
    else:
        from tracker.store.duckdb_file import DuckDBStore

        store = DuckDBStore(Path(location), read_only=read_only)
    if migrate and not read_only:
        try:
            store.migrate(migrations)
        except BaseException:
            store.close()
            raise
    return store
