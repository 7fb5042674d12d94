"""Checks shared by every kind of upload: headers, project codes, dates, notes, numbers, duplicate
keys and falling cumulative figures, plus the tables and counts they hand to the preparation."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tracker.geodata import load_communes
from tracker.i18n import format_date, format_number
from tracker.scopes import NATIONAL, Scope, outside_message
from tracker.store import Store
from tracker.uploads import cells as parse
from tracker.uploads.cells import NO_DAY, Bools, Floats, Ints
from tracker.uploads.files import RawTable
from tracker.uploads.headers import HeaderMap
from tracker.uploads.problems import Problem, problem
from tracker.uploads.result import Movement, PreparedUpload
from tracker.uploads.row_history import (
    DAY_OFFSET,
    DAY_SPAN,
    Fall,
    Groups,
    History,
    Rows,
    codes_of,
    date_of,
    day_of,
    days_of,
)
from tracker.uploads.stored import StoredFigures, read_stored
from tracker.uploads.templates import COLUMNS_BY_KIND

MAX_NOTE_CHARS = 2_000
_NOTE_PREVIEW_CHARS = 40
CUMULATIVE = {
    "clearance": ("cleared_ha", "households_relocated", "compensation_paid_vnd"),
    "disbursement": ("disbursed_vnd",),
    "status": ("physical_progress_pct",),
}
_KEYS = {
    "clearance": ("project_code", "commune_code", "report_date"),
    "disbursement": ("project_code", "plan_year", "capital_source", "report_date"),
    "status": ("project_code", "report_date"),
}
_BIG_UNITS = r"(?i)(?:tỷ|tỉ|triệu|nghìn|ngàn)"
# The largest value each kind of number column can store: DECIMAL(14, 4) hectares, INTEGER
# households, and đồng up to 2^53 (larger amounts would not be kept to the last đồng).
_MAX_HA = 9_999_999_999.9999
_MAX_HOUSEHOLDS = 2_147_483_647
_MAX_VND = 2**53
_NUMBER_COLUMNS = frozenset(
    {
        "cleared_ha",
        "households_affected",
        "households_relocated",
        "compensation_paid_vnd",
        "required_ha_basic",
        "required_ha_technical",
        "year",
        "disbursed_vnd",
        "plan_vnd",
        "area_ha",
        "households",
        "physical_progress_pct",
    }
)


class _Numbers(NamedTuple):
    """A number column: its cells, values (NaN where none) and cells that are no number."""

    cells: parse.NumberCells
    values: Floats
    invalid: Bools


@dataclass(frozen=True)
class FileToCheck:
    """A file whose headers are known and that is not a repeat: what its checks start from."""

    store: Store
    raw: RawTable
    prepared: PreparedUpload
    headers: HeaderMap
    projects: pd.DataFrame  # the live projects (the ``upload_projects`` query)
    today: dt.date
    scope: Scope = NATIONAL  # the provinces the uploading account may write


class Checker(ABC):
    """Checks one file column by column; every flagged cell becomes one problem.

    The checks every kind shares are here; each kind adds its own in a subclass. Everything the
    checks read is set up when the checker is made, so :meth:`check` is all that is left to call.
    """

    #: Whether a report may not predate the project's start. Clearance and money follow the start;
    #: a status report also tells of the stages before it.
    reports_follow_start = True

    def __init__(self, file: FileToCheck, background: ThreadPoolExecutor) -> None:
        self.store = file.store
        self.raw = file.raw
        self.prepared = file.prepared
        self.kind = str(file.prepared.kind)
        self.today = file.today
        self.size = file.raw.table.num_rows
        self.rows = file.raw.rows
        self.bad = np.zeros(self.size, dtype=bool)  # rows with any error
        self.columns = file.headers.columns  # canonical name -> table column
        self.headers = file.headers.headers  # canonical name -> header as written
        self.groups = Groups()
        self.projects = file.projects
        self.known: list[str] = sorted(file.projects.project_code)
        self.project = self._project_codes()
        self._outside_scope(file.scope)
        named = [self.known[p] for p in np.unique(self.project[self.project >= 0])]
        # The second thread reads what is stored while this one parses the cells.
        self.stored: Future[StoredFigures] = background.submit(
            read_stored, self.store, self.kind, named
        )
        self.numbers = self._read_numbers()
        self.day = self._report_dates()
        self.note = self._notes()

    def check(self) -> None:
        """Run the kind's own checks and the comparison with what is stored."""
        self._check_rows()

    # -- helpers -------------------------------------------------------------------------------

    def _add(self, p: Problem) -> None:
        self.prepared.problems.append(p)

    def _flag(self, mask: Bools, code: str, name: str, **details: str) -> None:
        """One error per flagged cell of column ``name``."""
        self._flag_at(np.flatnonzero(mask), code, name, **details)

    def _flag_at(self, where: Ints, code: str, name: str, **details: str) -> None:
        """One error per cell of column ``name`` at the given positions."""
        if not len(where):
            return
        self.bad[where] = True
        for row, value in zip(self.rows[where], self.values_at(name, where), strict=True):
            self._add(
                problem(
                    "error",
                    code,
                    row=int(row),
                    column=self.headers.get(name, name),
                    value=value,
                    **details,
                )
            )

    def has(self, name: str) -> bool:
        return name in self.columns

    def cells(self, name: str) -> pa.Array:
        """The cells of column ``name`` as written ("" everywhere when the file lacks it)."""
        if name not in self.columns:
            return pa.array([""] * self.size, type=pa.string())
        return parse.text_array(self.raw.table.column(self.columns[name]))

    def values_at(self, name: str, where: Ints) -> list[str]:
        """The cells of column ``name`` at the given positions, as written."""
        if name not in self.columns:
            return [""] * len(where)
        cells = self.raw.table if self.raw.written is None else self.raw.written
        column = cells.column(self.columns[name])
        return [str(v) for v in column.take(pa.array(where)).to_pylist()]

    def _read_numbers(self) -> dict[str, _Numbers]:
        """Every number column of the file, read in the file's decimal convention."""
        cells = {
            c.name: parse.number_cells(self.cells(c.name))
            for c in COLUMNS_BY_KIND[self.kind]
            if self.has(c.name) and c.name in _NUMBER_COLUMNS
        }
        evidence = [v for k, v in cells.items() if k.endswith(("_ha", "_vnd", "_pct"))]
        comma = parse.comma_decides(evidence, self.raw.delimiter)
        return {
            name: _Numbers(
                column, *parse.read_numbers(column, comma_decimal=comma and name != "year")
            )
            for name, column in cells.items()
        }

    # -- the checks ----------------------------------------------------------------------------

    @abstractmethod
    def _check_rows(self) -> None:
        """The kind's own columns and rules, then the comparison with what is stored."""

    def _project_codes(self) -> Ints:
        """Each row's index into ``known`` (-1 where the code is empty or unknown)."""
        index, texts = parse.distinct(self.cells("project_code"))
        codes = pc.utf8_upper(pc.utf8_trim_whitespace(pa.array(texts, pa.string()))).to_pylist()
        position = {code: i for i, code in enumerate(self.known)}
        found = np.array([position.get(c, -1) for c in codes], dtype=np.int64)[index]
        empty = np.array([c == "" for c in codes], dtype=bool)[index]
        self._flag(empty, "required", "project_code")
        listing = ", ".join(self.known[:30]) + (" …" if len(self.known) > 30 else "")
        self._flag(~empty & (found < 0), "unknown_project", "project_code", detail=listing)
        return found

    def _outside_scope(self, scope: Scope) -> None:
        """One error per row whose project lies outside the uploading account's provinces."""
        if scope.national:
            return
        provinces = dict(zip(self.projects.project_code, self.projects.province_code, strict=True))
        for index, code in enumerate(self.known):
            if scope.allows(provinces[code]):
                continue
            self._flag(
                self.project == index,
                "outside_scope",
                "project_code",
                detail_vi=outside_message(scope, code, provinces[code], "vi"),
                detail_en=outside_message(scope, code, provinces[code], "en"),
            )

    def _report_dates(self) -> Ints:
        days, empty, invalid = parse.read_dates(self.cells("report_date"))
        self._flag(empty, "required", "report_date")
        self._flag(invalid, "not_a_date", "report_date")
        known = days != NO_DAY
        tomorrow = day_of(self.today + dt.timedelta(days=1))
        self._flag(known & (days > tomorrow), "future_date", "report_date")
        if not self.reports_follow_start:
            return days
        start = self._project_starts()
        begins = np.where(self.project >= 0, start[self.project], NO_DAY)
        early = known & (begins != NO_DAY) & (days < begins)
        for project in pd.unique(self.project[early]):
            mask = early & (self.project == project)
            first = date_of(start[project])
            self._flag(
                mask,
                "before_start",
                "report_date",
                detail=self.known[project],
                detail_vi=format_date(first, "vi"),
                detail_en=format_date(first, "en"),
            )
        return days

    def _project_starts(self) -> Ints:
        """When each known project begins to report: its works start or first design baseline,
        whichever is earlier (clearance comes before works start)."""
        dates: dict[str, list[int]] = {}
        for code, *when in self.projects[
            ["project_code", "started_on", "first_baseline"]
        ].to_numpy():
            dates[str(code)] = [day_of(pd.Timestamp(w).date()) for w in when if not pd.isna(w)]
        return np.array([min(dates[c], default=NO_DAY) for c in self.known], dtype=np.int64)

    def _notes(self) -> pa.Array:
        """Notes without surrounding spaces; null where empty."""
        notes = pc.utf8_trim_whitespace(self.cells("note"))
        lengths = pc.utf8_length(notes).to_numpy(zero_copy_only=False)
        for position in np.flatnonzero(lengths > MAX_NOTE_CHARS):
            self.bad[position] = True
            note = str(notes[int(position)].as_py())
            self._add(
                problem(
                    "error",
                    "too_long",
                    row=int(self.rows[position]),
                    column=self.headers.get("note", "note"),
                    # The start of the note, so the officer finds the cell, not the whole text.
                    value=note[:_NOTE_PREVIEW_CHARS] + "…",
                    detail=str(len(note)),
                    detail_vi=format_number(MAX_NOTE_CHARS, "vi", 0),
                    detail_en=format_number(MAX_NOTE_CHARS, "en", 0),
                )
            )
        return pc.if_else(pc.equal(notes, ""), pa.scalar(None, pa.string()), notes)

    def _number(
        self, name: str, *, required: bool = False, whole: bool = False, money: bool = False
    ) -> Floats:
        """A number column's values, NaN where empty or flagged."""
        if not self.has(name):
            return np.full(self.size, np.nan)
        cells, values, invalid = self.numbers[name]
        if required:
            # A cell left with a unit only ("ha") is as empty as a blank one.
            self._flag(cells.empty, "required", name)
        big = np.zeros(self.size, dtype=bool)
        if money:
            # Only cells holding letters can name a unit: look there alone.
            messy = np.flatnonzero(cells.needed_cleaning)
            big[messy] = parse.contains(self.cells(name).take(pa.array(messy)), _BIG_UNITS)
            self._flag(
                big,
                "unit_mismatch",
                name,
                detail_vi="Ghi số tiền bằng đồng, ví dụ 2.169.900.000.000.",
                detail_en="Write amounts in đồng, e.g. 2169900000000.",
            )
        values[big] = np.nan
        self._flag(invalid & ~big, "not_a_number", name)
        if whole:
            with np.errstate(invalid="ignore"):
                fractional = ~np.isnan(values) & (np.floor(values) != values)
            self._flag(
                fractional,
                "not_whole",
                name,
                detail_vi="không có phần lẻ",
                detail_en="no fractions",
            )
            values[fractional] = np.nan
        negative = values < 0
        self._flag(negative, "negative", name)
        limit, decimals = _limit(name)
        too_large = values > limit
        self._flag(
            too_large,
            "too_large",
            name,
            detail_vi=format_number(limit, "vi", decimals),
            detail_en=format_number(limit, "en", decimals),
        )
        values[negative | too_large] = np.nan
        return values

    def _duplicates(self, parts: list[Ints], *, detail_vi: str, detail_en: str) -> None:
        """One error per row that repeats the key (and date) of an earlier row."""
        complete = np.logical_and.reduce([p >= 0 for p in parts]) & (self.day != NO_DAY)
        where = np.flatnonzero(complete)
        if not len(where):
            return
        packed = np.zeros(len(where), dtype=np.int64)
        span = 1
        for part in parts:
            packed = packed * (int(part.max()) + 1) + part[where]
            span *= int(part.max()) + 1
        if span > 1 << 40:  # renumber rather than overflow when packed with the date
            packed = pd.factorize(packed)[0].astype(np.int64)
        keys = packed * DAY_SPAN + (self.day[where] + DAY_OFFSET)
        if bool(np.all(keys[1:] > keys[:-1])):  # rows in key order: none can repeat
            return
        repeated = pd.Series(keys).duplicated().to_numpy()
        if not repeated.any():
            return
        first: dict[int, int] = {}
        for position, key in zip(where, keys, strict=True):
            first.setdefault(int(key), int(self.rows[position]))
        for position, key in zip(where[repeated], keys[repeated], strict=True):
            self.bad[position] = True
            self._add(
                problem(
                    "error",
                    "duplicate_row",
                    row=int(self.rows[position]),
                    column=self.headers.get("report_date"),
                    value="",
                    detail=str(first[int(key)]),
                    detail_vi=detail_vi,
                    detail_en=detail_en,
                )
            )

    # -- against what is stored ---------------------------------------------------------------

    def _stored(self) -> Rows:
        """The stored figures of the file's projects, keyed like the file's rows."""
        table = self.stored.result().figures
        if not table.num_rows:
            empty = np.zeros(0, dtype=np.int64)
            values = {name: np.zeros(0) for name in CUMULATIVE[self.kind]}
            return Rows(empty, empty, values, empty)
        parts = [codes_of(table.column(name)) for name in _KEYS[self.kind][:-1]]
        return Rows(
            group=self.groups.ids(parts),
            day=days_of(table.column("report_date")),
            values={
                name: np.asarray(
                    table.column(name).to_numpy(zero_copy_only=False), dtype=np.float64
                )
                for name in CUMULATIVE[self.kind]
            },
            position=np.full(table.num_rows, -1, dtype=np.int64),
        )

    def _falls(self, history: History) -> None:
        """A cumulative figure may not fall from the report before it (or above the one after it,
        when a past week is filled in) unless the row's note says why."""
        for name in CUMULATIVE[self.kind]:
            for fall in history.falls(name):
                self._report_fall(fall, name)

    def _report_fall(self, fall: Fall, name: str) -> None:
        before = not np.isnan(fall.prev_value) and fall.value < fall.prev_value
        other = fall.prev_value if before else fall.next_value
        when = date_of(fall.prev_day if before else fall.next_day)
        decimals = 0 if name.endswith(("_vnd",)) or name.startswith("households") else 2
        texts = {
            lang: (
                f"{format_number(other, lang, decimals)} ({format_date(when, lang)}) "
                f"{'xuống' if lang == 'vi' else 'to'} {format_number(fall.value, lang, decimals)}"
                if before
                else f"{format_number(fall.value, lang, decimals)} "
                f"{'xuống' if lang == 'vi' else 'to'} "
                f"{format_number(other, lang, decimals)} ({format_date(when, lang)})"
            )
            for lang in ("vi", "en")
        }
        position = np.array([fall.position])
        noted = self.note.take(pa.array(position)).null_count == 0
        if not noted:
            self.bad[fall.position] = True
        self._add(
            problem(
                "notice" if noted else "error",
                "cumulative_fall_noted" if noted else "cumulative_fall",
                row=int(self.rows[fall.position]),
                column=self.headers.get(name, name),
                value=self.values_at(name, position)[0],
                detail_vi=texts["vi"],
                detail_en=texts["en"],
            )
        )

    # -- what the preparation gets ------------------------------------------------------------

    def _count_and_move(self, history: History, value: str, unit: str) -> None:
        new, changed, unchanged = history.counts()
        self.prepared.rows_new = new
        self.prepared.rows_changed = changed
        self.prepared.rows_unchanged = unchanged
        names = commune_names_by_code()
        movements: list[Movement] = []
        # The biggest first; equal ones in key order.
        moves = sorted(history.moves(value), key=lambda m: (-abs(m[1]), self.groups.keys[m[0]]))
        for group, change in moves[:5]:
            key = self.groups.keys[group]
            label = str(key[0])
            if self.kind == "clearance":
                label += f" · {names.get(str(key[1]), str(key[1]))}"
            elif len(key) > 2:
                label += f" · {key[2]}"
            movements.append(Movement(label=label, change=change, unit=unit))
        self.prepared.movements = movements

    def _labels(self, values: Sequence[object], index: Ints) -> pa.Array:
        """Per-row text from a small list of distinct values."""
        return pa.array(list(values), pa.string()).take(pa.array(index))

    def _dates(self, positions: Ints) -> pa.Array:
        return pa.array(self.day[positions].astype(np.int32)).cast(pa.date32())


def _limit(name: str) -> tuple[float, int]:
    """The largest value a number column can store, and the decimals to show it with."""
    if name.startswith("households"):
        return _MAX_HOUSEHOLDS, 0
    if name.endswith("_vnd"):
        return _MAX_VND, 0
    if name.endswith("_pct"):
        return 100.0, 0
    return _MAX_HA, 4


def whole_numbers(values: Floats) -> pa.Array:
    """Whole numbers as 64-bit integers, null where missing."""
    missing = np.isnan(values)
    return pa.array(np.where(missing, 0, values).astype(np.int64), mask=missing)


def arrow_frame(columns: dict[str, pa.Array] | pa.Table) -> pd.DataFrame:
    """A table to hand out: Arrow-backed columns, so writing it back converts nothing."""
    table = columns if isinstance(columns, pa.Table) else pa.table(columns)
    frame: pd.DataFrame = table.to_pandas(types_mapper=pd.ArrowDtype)
    return frame


@lru_cache(maxsize=1)
def commune_names_by_code() -> dict[str, str]:
    """Commune code → name with its unit type (all provinces), read once for messages."""
    communes = load_communes(None)
    return dict(zip(communes.code, communes.full_name, strict=True))
