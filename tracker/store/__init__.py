"""The store: where figures live, on an embedded DuckDB file or a PostgreSQL server."""

from tracker.store.base import Migration, Store, Transaction, open_store, read_migrations

__all__ = ["Migration", "Store", "Transaction", "open_store", "read_migrations"]
