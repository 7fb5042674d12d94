"""The DuckDB store: opening it, applying named migrations once each, and transactions.

A DuckDB connection must not be shared between threads, so callers take a cursor per unit of work
(``Store.cursor()``) and writes go through ``Store.transaction()``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from tracker import config
from tracker.errors import StoreError

_MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    name       VARCHAR PRIMARY KEY,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
)
"""


@dataclass(frozen=True)
class Migration:
    """One named schema change, read from ``db/migrations/NNNN_name.sql``."""

    name: str
    sql: str


def read_migrations(directory: Path = config.MIGRATIONS_DIR) -> list[Migration]:
    """The migrations in ``directory``, in name order."""
    files = sorted(directory.glob("[0-9][0-9][0-9][0-9]_*.sql"))
    if not files:
        raise StoreError(
            vi=f"Không tìm thấy tệp di chuyển lược đồ nào trong {directory}.",
            en=f"No schema migrations found in {directory}.",
        )
    return [Migration(name=f.stem, sql=f.read_text(encoding="utf-8")) for f in files]


class Store:
    """An open tracker database."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: Path) -> None:
        self._connection = connection
        self.path = path
        # Serialises writers inside this process; DuckDB itself serialises across cursors too, but
        # an explicit lock turns a write-write conflict into a short wait instead of an error.
        self._write_lock = threading.Lock()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor for one thread's unit of work (never share it between threads)."""
        return self._connection.cursor()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor inside one transaction: committed on success, rolled back on any error."""
        with self._write_lock:
            cur = self.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            else:
                cur.execute("COMMIT")
            finally:
                cur.close()

    def applied_migrations(self) -> list[str]:
        """Names of the migrations already applied, in order."""
        cur = self.cursor()
        rows = cur.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()
        return [str(r[0]) for r in rows]

    def migrate(self, migrations: list[Migration] | None = None) -> list[str]:
        """Apply each pending migration in its own transaction; return the names applied."""
        migrations = read_migrations() if migrations is None else migrations
        cur = self.cursor()
        cur.execute(_MIGRATIONS_TABLE)
        done = set(self.applied_migrations())
        applied: list[str] = []
        for migration in migrations:
            if migration.name in done:
                continue
            try:
                with self.transaction() as tx:
                    tx.execute(migration.sql)
                    tx.execute("INSERT INTO schema_migrations (name) VALUES (?)", [migration.name])
            except duckdb.Error as exc:
                raise StoreError(
                    vi=f"Không áp dụng được bước nâng cấp cơ sở dữ liệu {migration.name}: {exc}. "
                    "Cơ sở dữ liệu vẫn giữ nguyên như trước bước này.",
                    en=f"Could not apply database migration {migration.name}: {exc}. "
                    "The database is left as it was before this step.",
                ) from exc
            applied.append(migration.name)
        return applied

    def has_history(self) -> bool:
        """True once anything was ever uploaded (even if later undone)."""
        row = self.cursor().execute("SELECT count(*) FROM uploads").fetchone()
        return row is not None and int(row[0]) > 0

    def close(self) -> None:
        self._connection.close()


def open_store(
    path: str | Path | None = None,
    *,
    migrate: bool = True,
    migrations: list[Migration] | None = None,
    read_only: bool = False,
) -> Store:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date."""
    db_file = config.db_path(path)
    if str(db_file) != ":memory:":
        db_file.parent.mkdir(parents=True, exist_ok=True)
    try:
        connection = duckdb.connect(str(db_file), read_only=read_only)
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():
            # DuckDB lets one process write a file: the app, or another command, has it open.
            raise StoreError(
                vi=f"Cơ sở dữ liệu {db_file} đang được một tiến trình khác mở (thường là ứng dụng "
                "web). Tải lên qua thẻ 'Tải lên' của ứng dụng, hoặc dừng ứng dụng rồi chạy lại "
                "lệnh.",
                en=f"The database {db_file} is open in another process (usually the web app). "
                "Upload through the app's Upload tab, or stop the app and run the command again.",
            ) from exc
        raise StoreError(
            vi=f"Không mở được cơ sở dữ liệu {db_file}: {exc}. Kiểm tra đường dẫn, quyền ghi, "
            "và chắc chắn không có tiến trình khác đang ghi vào tệp này.",
            en=f"Could not open the database {db_file}: {exc}. Check the path and write "
            "permission, and that no other process is writing to this file.",
        ) from exc
    store = Store(connection, db_file)
    if migrate and not read_only:
        store.migrate(migrations)
    return store
