"""Upload rows by key, merged with the stored rows into one history per key.

A key without its date (("HNCL", "06184")) becomes a dense group id; with its date it packs into
one integer, so ordering, merging and finding a row's neighbours in time are NumPy operations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tracker.uploads.cells import NO_DAY, Bools, Floats, Ints

_EPOCH = dt.date(1970, 1, 1)
TOLERANCE = 1e-9
_T = TypeVar("_T", bound=np.generic)
# A key with its date packs into one integer: group id * span + day (days of 1900-2200 fit).
DAY_OFFSET = 30_000
DAY_SPAN = 1 << 17


@dataclass
class Rows:
    """Rows by key: group id (the key without its date), day number and cumulative figures.

    ``position`` is a file row's position in the file table, -1 for a stored row.
    """

    group: Ints
    day: Ints
    values: dict[str, Floats]
    position: Ints

    def keys(self) -> Ints:
        return self.group * DAY_SPAN + (self.day + DAY_OFFSET)

    def take(self, which: Ints | Bools) -> Rows:
        return Rows(
            self.group[which],
            self.day[which],
            {k: v[which] for k, v in self.values.items()},
            self.position[which],
        )


class Groups:
    """Dense ids for keys without their date (("HNCL", "06184")), shared by file and stored rows."""

    def __init__(self) -> None:
        self.keys: list[tuple[object, ...]] = []
        self._ids: dict[tuple[object, ...], int] = {}

    def ids(self, parts: Sequence[tuple[Ints, Sequence[object]]]) -> Ints:
        """Each row's id; ``parts`` give, per key column, each row's index into its values."""
        packed = np.zeros(len(parts[0][0]), dtype=np.int64)
        for index, values in parts:
            packed = packed * (len(values) + 1) + (index + 1)
        codes, uniques = pd.factorize(packed)
        lookup = np.empty(len(uniques), dtype=np.int64)
        for k, number in enumerate(uniques.tolist()):
            key: list[object] = []
            for _, values in reversed(parts):
                number, i = divmod(number, len(values) + 1)
                key.append(values[i - 1] if i else None)
            lookup[k] = self._id(tuple(reversed(key)))
        return np.asarray(lookup[codes], dtype=np.int64)

    def _id(self, key: tuple[object, ...]) -> int:
        if key not in self._ids:
            self._ids[key] = len(self.keys)
            self.keys.append(key)
        return self._ids[key]


def codes_of(column: pa.ChunkedArray | pa.Array) -> tuple[Ints, list[object]]:
    """Each value's index into the distinct values of a (non-empty) Arrow column."""
    encoded = pc.dictionary_encode(column)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    indices = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return indices, encoded.dictionary.to_pylist()


def days_of(dates: pa.ChunkedArray | pa.Array) -> Ints:
    return np.asarray(pc.cast(dates, pa.int32()).to_numpy(zero_copy_only=False), dtype=np.int64)


def day_of(date: dt.date) -> int:
    return (date - _EPOCH).days


def date_of(day: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(day))


@dataclass(frozen=True)
class Fall:
    """A file row whose cumulative figure falls, with its neighbours in time."""

    position: int
    value: float
    prev_value: float
    prev_day: int
    next_value: float
    next_day: int


def _concat(first: Rows, second: Rows) -> Rows:
    return Rows(
        np.concatenate([first.group, second.group]),
        np.concatenate([first.day, second.day]),
        {k: np.concatenate([first.values[k], second.values[k]]) for k in first.values},
        np.concatenate([first.position, second.position]),
    )


def _sorted(rows: Rows) -> Rows:
    """Rows in key order (files often come in that order already: then nothing moves)."""
    keys = rows.keys()
    if bool(np.all(keys[1:] > keys[:-1])):
        return rows
    return rows.take(np.argsort(keys))


def _merge(first: Rows, second: Rows) -> Rows:
    """Two sets of rows, each in key order and with no key in common, merged in key order."""
    into = np.searchsorted(second.keys(), first.keys()) + np.arange(len(first.group))
    order = np.empty(len(first.group) + len(second.group), dtype=np.int64)
    taken = np.zeros(len(order), dtype=bool)
    taken[into] = True
    order[into] = np.arange(len(first.group))
    order[~taken] = len(first.group) + np.arange(len(second.group))
    return _concat(first, second).take(order)


def _same_as_next(group: Ints) -> Bools:
    """True where the next row belongs to the same group."""
    same = np.zeros(len(group), dtype=bool)
    same[:-1] = group[1:] == group[:-1]
    return same


def _same_as_prev(group: Ints) -> Bools:
    same = np.zeros(len(group), dtype=bool)
    same[1:] = group[1:] == group[:-1]
    return same


def _shift(values: npt.NDArray[_T], by: int, fill: float) -> npt.NDArray[_T]:
    """``values`` moved down (by=1) or up (by=-1) one place."""
    if not len(values):
        return values
    if by > 0:
        return np.concatenate([[fill], values[:-1]])
    return np.concatenate([values[1:], [fill]])


class History:
    """File rows merged with the stored rows, ordered by group and date.

    A file row replaces the stored row with the same key and date (a correction supersedes it).
    """

    def __init__(self, incoming: Rows, stored: Rows) -> None:
        self.incoming = _sorted(incoming)
        self.stored = _sorted(stored)
        # Each file row's stored row with the same key and date (-1 where none).
        stored_keys, keys = self.stored.keys(), self.incoming.keys()
        at = np.minimum(np.searchsorted(stored_keys, keys), max(len(stored_keys) - 1, 0))
        found = stored_keys[at] == keys if len(stored_keys) else np.zeros(len(keys), dtype=bool)
        self._match = np.where(found, at, -1)
        superseded = np.zeros(len(stored_keys), dtype=bool)
        superseded[at[found]] = True
        self.rows = _merge(self.stored.take(~superseded), self.incoming)

    def falls(self, name: str) -> list[Fall]:
        """File rows below the report before them, or above a stored report after them."""
        missing = np.isnan(self.rows.values[name])
        present = self.rows.take(~missing) if missing.any() else self.rows
        value, group, day = present.values[name], present.group, present.day
        prev_value = np.where(_same_as_prev(group), _shift(value, 1, np.nan), np.nan)
        next_value = np.where(_same_as_next(group), _shift(value, -1, np.nan), np.nan)
        next_stored = _same_as_next(group) & (_shift(present.position, -1, 0) < 0)
        with np.errstate(invalid="ignore"):
            falls = (present.position >= 0) & (
                (value < prev_value - TOLERANCE) | ((next_value < value - TOLERANCE) & next_stored)
            )
        prev_day, next_day = _shift(day, 1, NO_DAY), _shift(day, -1, NO_DAY)
        return [
            Fall(
                position=int(present.position[i]),
                value=float(value[i]),
                prev_value=float(prev_value[i]),
                prev_day=int(prev_day[i]),
                next_value=float(next_value[i]),
                next_day=int(next_day[i]),
            )
            for i in np.flatnonzero(falls)
        ]

    def counts(self) -> tuple[int, int, int]:
        """File rows that are new, that change a stored row, and that repeat one unchanged."""
        is_new = self._match < 0
        same = np.ones(len(is_new), dtype=bool)
        for name, mine in self.incoming.values.items():
            theirs = np.full(len(mine), np.nan)
            theirs[~is_new] = self.stored.values[name][self._match[~is_new]]
            with np.errstate(invalid="ignore"):
                same &= (np.isnan(mine) & np.isnan(theirs)) | (np.abs(mine - theirs) < TOLERANCE)
        new = int(is_new.sum())
        unchanged = int((~is_new & same).sum())
        return new, len(is_new) - new - unchanged, unchanged

    def latest_incoming(self) -> Rows:
        """Per group, the file row with the latest date."""
        mine = np.flatnonzero(self.rows.position >= 0)
        group = self.rows.group[mine]
        return self.rows.take(mine[~_same_as_next(group)])

    def moves(self, name: str) -> list[tuple[int, float]]:
        """The change each group's latest file row makes against the report before it."""
        value, group = self.rows.values[name], self.rows.group
        before = np.nan_to_num(np.where(_same_as_prev(group), _shift(value, 1, 0.0), 0.0))
        change = value - before
        mine = np.flatnonzero(self.rows.position >= 0)
        latest = mine[~_same_as_next(self.rows.group[mine])]
        with np.errstate(invalid="ignore"):
            moving = latest[np.abs(change[latest]) > TOLERANCE]
        return [(int(group[i]), float(change[i])) for i in moving]
