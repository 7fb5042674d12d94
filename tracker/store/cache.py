"""Figures shared between viewers: the results of named queries, kept per store version.

The figures of a view are a pure function of the link and of the store's state, and the state
changes only when an upload commits or is undone, which always adds an upload event. So the
store's version is its number of upload events and the newest one; a viewer reads it once at the
start of a page run (``Store.reading()``), and every named query of that run is looked up under
that version. A commit or an undo in any process changes the version, so the next run of every
viewer, in every process, computes afresh: nothing older than the store is ever shown.

Besides query results, a page may keep what it derives from them (a view's figures, a map's
HTML, a chart's specification) under the same version, through ``Store.derived``.

The cache is bounded in bytes (least recently used results leave first) and results are handed
out as copies, so a caller that adds a column never changes what the next viewer gets. When
several viewers ask for the same missing result at once (a board meeting opening one link), one
computes it and the others wait for it, rather than all computing it together.
"""

from __future__ import annotations

import copy
import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import pandas as pd
import pyarrow as pa

T = TypeVar("T")

#: The named queries whose results depend only on their parameters and the store's version.
FIGURE_QUERIES = frozenset(
    {
        "blocker_comments",
        "blockers_as_of",
        "clearance_by_commune",
        "clearance_series",
        "clearance_history",
        "disbursement_by_month",
        "disbursement_by_source",
        "handover_deadlines",
        "national_average",
        "national_average_source",
        "project_geometries",
        "project_status",
        "projects",
        "published_figures",
        "report_dates",
        "view_sources",
        "status_report_dates",
    }
)


def _size(value: object) -> int:
    """Roughly how many bytes a cached result holds."""
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(index=True, deep=True).sum())
    if isinstance(value, pd.Series):
        return int(value.memory_usage(index=True, deep=True))
    if isinstance(value, pa.Table):
        return int(value.nbytes)
    if isinstance(value, str | bytes):
        return 64 + len(value)
    if isinstance(value, dict):
        return 64 + sum(_size(k) + _size(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return 64 + sum(_size(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return 64 + sum(_size(getattr(value, f.name)) for f in dataclasses.fields(value))
    return 32


def _copy(value: T) -> T:
    if isinstance(value, pd.DataFrame):
        return value.copy()
    if isinstance(value, list) and all(isinstance(row, tuple) for row in value):
        return list(value)  # type: ignore[return-value]
    if isinstance(value, str | bytes | int | float | bool | type(None) | pa.Table):
        return value  # immutable
    return copy.deepcopy(value)


class FigureCache:
    """Results by (version, key), least recently used out first, at most ``max_bytes``."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Event] = {}
        self.hits = 0
        self.misses = 0
        self.waits = 0  # times a thread waited for another's computation of the same key

    @property
    def bytes_held(self) -> int:
        return self._bytes

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached result for ``key``, or ``compute()``'s (then kept); always a copy.

        While another thread computes the same key, wait for it and look again (so a failed
        computation, or a result too large to keep, is computed here next)."""
        while True:
            with self._lock:
                found = self._entries.get(key)
                if found is not None:
                    self._entries.move_to_end(key)
                    self.hits += 1
                    return _copy(found[0])  # type: ignore[no-any-return]
                underway = self._computing.get(key)
                if underway is None:
                    done = self._computing[key] = threading.Event()
                    break
                self.waits += 1
            underway.wait()
        try:
            value = compute()
            size = _size(value)
            with self._lock:
                self.misses += 1
                if size <= self.max_bytes and key not in self._entries:
                    self._entries[key] = (value, size)
                    self._bytes += size
                    while self._bytes > self.max_bytes:
                        _, (_, dropped) = self._entries.popitem(last=False)
                        self._bytes -= dropped
        finally:
            with self._lock:
                del self._computing[key]
            done.set()
        return _copy(value)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0


def params_key(params: dict[str, Any]) -> Hashable:
    """Query parameters as a hashable key (lists become tuples)."""
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
