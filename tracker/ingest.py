"""Weekly uploads: validate everything first, then write all of it in one transaction or nothing.

``prepare_upload`` reads a file and checks every cell against the rules (known project, resolvable
commune, possible date, non-negative numbers, no duplicate keys, cumulative figures that do not
fall without a note), compares it with what is stored (new / changed / unchanged rows, the biggest
movements) and writes nothing. ``commit_upload`` writes a clean preparation as one upload.

A weekly file can have 100,000 rows, so the checks run on whole columns (Arrow arrays and NumPy
masks): values that repeat (project codes, communes, dates) are resolved once per distinct value,
every check yields a mask of bad cells, and a :class:`Problem` is written only for a flagged cell.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, NamedTuple, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tracker import parsing
from tracker.batches import Batch, commit_batch
from tracker.communes import REFORM_DATE, CommuneNotResolved, CommuneResolver, ResolvedCommune
from tracker.errors import InputError
from tracker.geodata import load_communes
from tracker.headers import guess_kind, header_aliases, looks_like_header
from tracker.i18n import format_date, format_number
from tracker.parsing import NO_DAY, Bools, Floats, Ints
from tracker.problems import Problem, problem
from tracker.store import Store
from tracker.tabular import FileRejected, RawTable, read_table
from tracker.templates import KINDS
from tracker.uploads import find_committed_by_hash

MAX_PROBLEMS = 10_000
MAX_NOTE_CHARS = 2_000
_CUMULATIVE = {
    "clearance": ("cleared_ha", "households_relocated", "compensation_paid_vnd"),
    "disbursement": ("disbursed_vnd",),
}
_KEYS = {
    "clearance": ("project_code", "commune_code", "report_date"),
    "disbursement": ("project_code", "plan_year", "capital_source", "report_date"),
}
_ERA_DATES = {"old": dt.date(2025, 6, 30), "new": dt.date(2025, 7, 1)}
_ERAS = (None, "old", "new")  # era codes 0, 1, 2 of a row (0: its date is unreadable)
_BIG_UNITS = r"(?i)(?:tỷ|tỉ|triệu|nghìn|ngàn)"
_EPOCH = dt.date(1970, 1, 1)
_TOLERANCE = 1e-9
# The largest value each kind of number column can store: DECIMAL(14, 4) hectares, INTEGER
# households, and đồng up to 2^53 (larger amounts would not be kept to the last đồng).
_MAX_HA = 9_999_999_999.9999
_MAX_HOUSEHOLDS = 2_147_483_647
_MAX_VND = 2**53
_T = TypeVar("_T", bound=np.generic)
# A key with its date packs into one integer: group id * span + day (days of 1900-2200 fit).
_DAY_OFFSET = 30_000
_DAY_SPAN = 1 << 17

_PROJECTS = """
SELECT p.project_code, p.province_code, p.started_on,
       (SELECT min(r.effective_from) FROM required_areas_effective r
        WHERE r.project_code = p.project_code) AS first_baseline
FROM projects p JOIN live_uploads USING (upload_id)
"""
_STORED = {
    "clearance": """
        SELECT project_code, commune_code, report_date, cleared_ha::DOUBLE AS cleared_ha,
               households_relocated::DOUBLE AS households_relocated,
               compensation_paid_vnd::DOUBLE AS compensation_paid_vnd
        FROM clearance_effective WHERE list_contains(?::VARCHAR[], project_code)""",
    "disbursement": """
        SELECT project_code, plan_year, capital_source, report_date,
               disbursed_vnd::DOUBLE AS disbursed_vnd
        FROM disbursement_effective WHERE list_contains(?::VARCHAR[], project_code)""",
}


@dataclass(frozen=True)
class Movement:
    """How much a row moves a figure compared with the report before it."""

    label: str
    change: float
    unit: str

    def text(self, lang: str) -> str:
        sign = "+" if self.change >= 0 else "−"
        decimals = 0 if self.unit == "VND" else 2
        return f"{self.label} {sign}{format_number(abs(self.change), lang, decimals)} {self.unit}"


@dataclass
class PreparedUpload:
    """A validated (or refused) upload, not yet written."""

    kind: str | None
    file_name: str
    user_name: str
    content: bytes
    problems: list[Problem] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    rows_new: int = 0
    rows_changed: int = 0
    rows_unchanged: int = 0
    movements: list[Movement] = field(default_factory=list)
    duplicate_of: int | None = None

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def notices(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "notice"]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def row_count(self) -> int:
        main = "clearance_reports" if self.kind == "clearance" else "disbursement_reports"
        frame = self.tables.get(main)
        return 0 if frame is None else len(frame)


class UploadRefused(InputError):  # noqa: N818 (reads as what happened to the upload)
    """Raised when committing an upload that has errors."""


def prepare_upload(
    store: Store,
    content: bytes,
    file_name: str,
    *,
    user_name: str,
    kind: str | None = None,
    today: dt.date | None = None,
) -> PreparedUpload:
    """Read and check an upload against the rules and the stored figures; write nothing."""
    prepared = PreparedUpload(kind=kind, file_name=file_name, user_name=user_name, content=content)
    with ThreadPoolExecutor(max_workers=1) as background:
        # A second thread hashes the file and reads what is stored (with its own cursor) while
        # this one reads and checks the cells.
        projects = background.submit(_projects, store, prepared)
        try:
            raw = read_table(content, file_name, looks_like_header)
        except FileRejected as exc:
            prepared.problems.append(problem("error", "file", detail_vi=exc.vi, detail_en=exc.en))
            return prepared
        prepared.kind = kind or guess_kind(raw.header)
        if prepared.kind not in KINDS:
            prepared.problems.append(problem("error", "unknown_kind", row=raw.header_row))
            return prepared
        checker = _Checker(store, raw, prepared, today or dt.date.today())
        checker.run(background, projects)
    # Read the report top to bottom: file-level problems first, then by row.
    prepared.problems.sort(key=lambda p: (p.row or 0, p.severity != "error"))
    if len(prepared.problems) > MAX_PROBLEMS:
        hidden = len(prepared.problems) - MAX_PROBLEMS
        prepared.problems = [
            *prepared.problems[:MAX_PROBLEMS],
            problem("error", "too_many", value=hidden),
        ]
    return prepared


def commit_upload(store: Store, prepared: PreparedUpload) -> int:
    """Write a clean preparation as one upload; an identical earlier file changes nothing."""
    if not prepared.ok:
        first = prepared.errors[0]
        raise UploadRefused(
            vi=f"Tệp có {len(prepared.errors)} lỗi nên không ghi gì. Lỗi đầu tiên: "
            f"{first.message('vi')}",
            en=f"The file has {len(prepared.errors)} errors, so nothing was written. First: "
            f"{first.message('en')}",
        )
    if prepared.duplicate_of is not None:
        return prepared.duplicate_of
    assert prepared.kind is not None
    tables = {name: frame.assign(source_key="upload") for name, frame in prepared.tables.items()}
    batch = Batch(
        kind=prepared.kind,
        file_name=prepared.file_name,
        user_name=prepared.user_name,
        content=prepared.content,
        sources={
            "upload": {
                "kind": "upload",
                "title": prepared.file_name,
                "reference": f"sha256:{prepared.sha256}",
                "is_synthetic": False,
            }
        },
        tables=tables,
        rows_new=prepared.rows_new,
        rows_changed=prepared.rows_changed,
        rows_unchanged=prepared.rows_unchanged,
        file_rows=prepared.row_count,
        content_sha256=prepared.sha256,
    )
    return commit_batch(store, batch)


@dataclass
class _Rows:
    """Rows by key: group id (the key without its date), day number and cumulative figures.

    ``position`` is a file row's position in the file table, -1 for a stored row.
    """

    group: Ints
    day: Ints
    values: dict[str, Floats]
    position: Ints

    def keys(self) -> Ints:
        return self.group * _DAY_SPAN + (self.day + _DAY_OFFSET)

    def take(self, which: Ints | Bools) -> _Rows:
        return _Rows(
            self.group[which],
            self.day[which],
            {k: v[which] for k, v in self.values.items()},
            self.position[which],
        )


class _Groups:
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


def _codes(column: pa.ChunkedArray | pa.Array) -> tuple[Ints, list[object]]:
    """Each value's index into the distinct values of a (non-empty) Arrow column."""
    encoded = pc.dictionary_encode(column)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    indices = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    return indices, encoded.dictionary.to_pylist()


def _days(dates: pa.ChunkedArray | pa.Array) -> Ints:
    return np.asarray(pc.cast(dates, pa.int32()).to_numpy(zero_copy_only=False), dtype=np.int64)


def _day_of(date: dt.date) -> int:
    return (date - _EPOCH).days


def _date_of(day: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(day))


class _Checker:
    """Checks one file column by column; every flagged cell becomes one problem."""

    def __init__(self, store: Store, raw: RawTable, prepared: PreparedUpload, today: dt.date):
        self.store = store
        self.raw = raw
        self.prepared = prepared
        self.kind = str(prepared.kind)
        self.today = today
        self.size = raw.table.num_rows
        self.rows = raw.rows
        self.bad = np.zeros(self.size, dtype=bool)  # rows with any error
        self.columns: dict[str, str] = {}  # canonical name -> table column
        self.headers: dict[str, str] = {}  # canonical name -> header as written
        self.groups = _Groups()

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
        return parsing.text_array(self.raw.table.column(self.columns[name]))

    def values_at(self, name: str, where: Ints) -> list[str]:
        """The cells of column ``name`` at the given positions, as written."""
        if name not in self.columns:
            return [""] * len(where)
        column = self.raw.table.column(self.columns[name])
        return [str(v) for v in column.take(pa.array(where)).to_pylist()]

    def _read_numbers(self) -> dict[str, _Numbers]:
        """Every number column of the file, read in the file's decimal convention."""
        cells = {
            c.name: parsing.number_cells(self.cells(c.name))
            for c in KINDS[self.kind]
            if self.has(c.name) and c.name in _NUMBER_COLUMNS
        }
        evidence = [v for k, v in cells.items() if k.endswith(("_ha", "_vnd"))]
        comma = parsing.comma_decides(evidence, self.raw.delimiter)
        return {
            name: _Numbers(
                column, *parsing.read_numbers(column, comma_decimal=comma and name != "year")
            )
            for name, column in cells.items()
        }

    # -- the checks ----------------------------------------------------------------------------

    def run(self, background: ThreadPoolExecutor, projects: Future[pd.DataFrame]) -> None:
        """Check the file; ``background`` reads what is stored while the cells are parsed."""
        if not self._map_headers():
            return
        self.projects = projects.result()  # the file's hash is known once this is
        existing = find_committed_by_hash(self.store, self.prepared.sha256, self.kind)
        if existing is not None:
            self.prepared.duplicate_of = existing
            return
        self.known = sorted(self.projects.project_code)
        self.project = self._project_codes()
        named = [self.known[p] for p in np.unique(self.project[self.project >= 0])]
        self.fetched = background.submit(_fetch, self.store, self.kind, named)
        self.numbers = self._read_numbers()
        self.day = self._report_dates()
        self.note = self._notes()
        if self.kind == "clearance":
            self._clearance()
        else:
            self._disbursement()

    def _map_headers(self) -> bool:
        aliases = header_aliases(self.kind)
        for position, header in enumerate(self.raw.header):
            if not header.strip():
                continue
            name = aliases.get(parsing.fold(header))
            if name is None:
                self._add(
                    problem(
                        "notice",
                        "unknown_column",
                        row=self.raw.header_row,
                        column=header,
                        value=header,
                    )
                )
            elif name in self.columns:
                self._add(
                    problem(
                        "error",
                        "duplicate_column",
                        row=self.raw.header_row,
                        column=header,
                        detail=f"{self.headers[name]} / {header}",
                    )
                )
            else:
                self.columns[name] = str(position)
                self.headers[name] = header
        ok = True
        for column in KINDS[self.kind]:
            if column.required and column.name not in self.columns:
                self._add(
                    problem(
                        "error",
                        "missing_column",
                        row=self.raw.header_row,
                        column=f"{column.header_vi} ({column.name})",
                    )
                )
                ok = False
        return ok and not self.prepared.errors

    def _project_codes(self) -> Ints:
        """Each row's index into ``known`` (-1 where the code is empty or unknown)."""
        index, texts = parsing.distinct(self.cells("project_code"))
        codes = pc.utf8_upper(pc.utf8_trim_whitespace(pa.array(texts, pa.string()))).to_pylist()
        position = {code: i for i, code in enumerate(self.known)}
        found = np.array([position.get(c, -1) for c in codes], dtype=np.int64)[index]
        empty = np.array([c == "" for c in codes], dtype=bool)[index]
        self._flag(empty, "required", "project_code")
        listing = ", ".join(self.known[:30]) + (" …" if len(self.known) > 30 else "")
        self._flag(~empty & (found < 0), "unknown_project", "project_code", detail=listing)
        return found

    def _report_dates(self) -> Ints:
        days, empty, invalid = parsing.read_dates(self.cells("report_date"))
        self._flag(empty, "required", "report_date")
        self._flag(invalid, "not_a_date", "report_date")
        known = days != NO_DAY
        tomorrow = _day_of(self.today + dt.timedelta(days=1))
        self._flag(known & (days > tomorrow), "future_date", "report_date")
        start = self._project_starts()
        begins = np.where(self.project >= 0, start[self.project], NO_DAY)
        early = known & (begins != NO_DAY) & (days < begins)
        for project in pd.unique(self.project[early]):
            mask = early & (self.project == project)
            first = _date_of(start[project])
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
            dates[str(code)] = [_day_of(pd.Timestamp(w).date()) for w in when if not pd.isna(w)]
        return np.array([min(dates[c], default=NO_DAY) for c in self.known], dtype=np.int64)

    def _notes(self) -> pa.Array:
        """Notes without surrounding spaces; null where empty."""
        notes = pc.utf8_trim_whitespace(self.cells("note"))
        lengths = pc.utf8_length(notes).to_numpy(zero_copy_only=False)
        too_long = np.asarray(lengths > MAX_NOTE_CHARS, dtype=bool)
        if too_long.any():
            self._flag(
                too_long,
                "unit_mismatch",
                "note",
                detail_vi=f"Ghi chú tối đa {MAX_NOTE_CHARS} ký tự.",
                detail_en=f"Notes are limited to {MAX_NOTE_CHARS} characters.",
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
            big[messy] = parsing.contains(self.cells(name).take(pa.array(messy)), _BIG_UNITS)
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
        keys = packed * _DAY_SPAN + (self.day[where] + _DAY_OFFSET)
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

    # -- clearance -----------------------------------------------------------------------------

    def _clearance(self) -> None:
        # The commune text as written, without surrounding spaces: trimmed once per distinct text.
        written_index, raw_texts = parsing.distinct(self.cells("commune"))
        written = pc.utf8_trim_whitespace(pa.array(raw_texts, pa.string()))
        commune, codes = self._communes(written_index, written.to_pylist())
        figures = {
            "cleared_ha": self._number("cleared_ha", required=True),
            "households_affected": self._number("households_affected", whole=True),
            "households_relocated": self._number("households_relocated", whole=True),
            "compensation_paid_vnd": self._number("compensation_paid_vnd", whole=True, money=True),
            "required_ha_basic": self._number("required_ha_basic"),
            "required_ha_technical": self._number("required_ha_technical"),
        }
        self._relocated_above_affected(figures)
        self._duplicates(
            [self.project, commune],
            detail_vi="dự án, xã/phường và ngày báo cáo",
            detail_en="project, commune and report date",
        )
        good = np.flatnonzero(~self.bad)
        parts = [(self.project[good], self.known), (commune[good], codes)]
        incoming = _Rows(
            group=self.groups.ids(parts),
            day=self.day[good],
            values={k: figures[k][good] for k in _CUMULATIVE["clearance"]},
            position=good,
        )
        stored = self._stored()
        history = _History(incoming, stored)
        self._falls(history)
        self._above_baselines(history.latest_incoming(), figures)
        if self.prepared.errors:
            return
        self._count_and_move(history, "cleared_ha", "ha")
        columns = {
            "project_code": self._labels(self.known, self.project[good]),
            "commune_code": self._labels(codes, commune[good]),
            "report_date": self._dates(good),
            "cleared_ha": pa.array(figures["cleared_ha"][good]),
            "households_affected": _whole(figures["households_affected"][good]),
            "households_relocated": _whole(figures["households_relocated"][good]),
            "compensation_paid_vnd": _whole(figures["compensation_paid_vnd"][good]),
            "note": self.note.take(pa.array(good)),
            "commune_as_written": written.take(pa.array(written_index[good])),
            "source_row": pa.array(self.rows[good]),
        }
        self.prepared.tables["clearance_reports"] = _frame(columns)
        self.prepared.tables["required_areas"] = self._baseline_rows(columns, figures, good)

    def _communes(self, index: Ints, texts: list[str]) -> tuple[Ints, list[str]]:
        """Each row's index into the commune codes found (-1 where none), and those codes.

        ``texts`` are the distinct commune cells, ``index`` each row's; each distinct (text,
        province, era) is resolved once.
        """
        empty = np.array([t == "" for t in texts], dtype=bool)[index]
        self._flag(empty, "required", "commune")
        provinces = sorted(set(self.projects.province_code))
        by_project = dict(zip(self.projects.project_code, self.projects.province_code, strict=True))
        province_of = np.array([provinces.index(by_project[c]) for c in self.known] + [-1])
        province = province_of[self.project]  # -1 indexes the last entry: no province
        era = np.where(self.day == NO_DAY, 0, np.where(self.day < _day_of(REFORM_DATE), 1, 2))
        todo = np.flatnonzero(~empty & (province >= 0))
        combos, uniques = pd.factorize(
            (index[todo] * len(provinces) + province[todo]) * 3 + era[todo]
        )
        found = np.full(len(uniques), -1, dtype=np.int64)
        codes: list[str] = []
        failures: dict[int, CommuneNotResolved] = {}
        resolvers: dict[str, CommuneResolver] = {}
        for k, combo in enumerate(uniques.tolist()):
            rest, era_code = divmod(combo, 3)
            text_index, province_index = divmod(rest, len(provinces))
            code = provinces[province_index]
            resolver = resolvers.setdefault(code, CommuneResolver(code))
            try:
                resolved = _resolve_in_era(resolver, texts[text_index], _ERAS[era_code])
            except CommuneNotResolved as error:
                failures[k] = error
                continue
            if resolved.code not in codes:
                codes.append(resolved.code)
            found[k] = codes.index(resolved.code)
        if failures:
            order = np.argsort(combos, kind="stable")
            bounds = np.searchsorted(combos[order], np.arange(len(uniques) + 1))
            for k, exc in failures.items():
                where = np.sort(todo[order[bounds[k] : bounds[k + 1]]])
                self._flag_at(where, "commune", "commune", detail_vi=exc.vi, detail_en=exc.en)
        commune = np.full(self.size, -1, dtype=np.int64)
        commune[todo] = found[combos]
        return commune, codes

    def _relocated_above_affected(self, figures: dict[str, Floats]) -> None:
        relocated, affected = figures["households_relocated"], figures["households_affected"]
        with np.errstate(invalid="ignore"):
            over = np.flatnonzero(relocated > affected)
        for position in over:
            self._add(
                problem(
                    "notice",
                    "relocated_above_affected",
                    row=int(self.rows[position]),
                    column=self.headers.get("households_relocated"),
                    value=int(relocated[position]),
                    detail=str(int(affected[position])),
                )
            )

    def _stored(self) -> _Rows:
        """The stored figures of the file's projects, keyed like the file's rows."""
        table = self.fetched.result().figures
        if not table.num_rows:
            empty = np.zeros(0, dtype=np.int64)
            values = {name: np.zeros(0) for name in _CUMULATIVE[self.kind]}
            return _Rows(empty, empty, values, empty)
        parts = [_codes(table.column(name)) for name in _KEYS[self.kind][:-1]]
        return _Rows(
            group=self.groups.ids(parts),
            day=_days(table.column("report_date")),
            values={
                name: np.asarray(
                    table.column(name).to_numpy(zero_copy_only=False), dtype=np.float64
                )
                for name in _CUMULATIVE[self.kind]
            },
            position=np.full(table.num_rows, -1, dtype=np.int64),
        )

    def _falls(self, history: _History) -> None:
        """A cumulative figure may not fall from the report before it (or above the one after it,
        when a past week is filled in) unless the row's note says why."""
        for name in _CUMULATIVE[self.kind]:
            for fall in history.falls(name):
                self._report_fall(fall, name)

    def _report_fall(self, fall: _Fall, name: str) -> None:
        before = not np.isnan(fall.prev_value) and fall.value < fall.prev_value
        other = fall.prev_value if before else fall.next_value
        when = _date_of(fall.prev_day if before else fall.next_day)
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

    def _above_baselines(self, rows: _Rows, figures: dict[str, Floats]) -> None:
        """Notice (not error) where the latest row of a commune exceeds a baseline in force."""
        if not len(rows.group):
            return
        latest = rows.position
        in_force = self._baselines_in_force(rows)
        names = _commune_names()
        cleared = figures["cleared_ha"][latest]
        for baseline, label in (("basic", "TKCS"), ("technical", "TKKT")):
            given = figures[f"required_ha_{baseline}"][latest]
            required = np.where(np.isnan(given), in_force[baseline], given)
            with np.errstate(invalid="ignore"):
                over = (required > 0) & (cleared > required + _TOLERANCE)
            for i in np.flatnonzero(over):
                position = int(latest[i])
                pct = cleared[i] / required[i] * 100
                code = str(self.groups.keys[rows.group[i]][1])
                commune = names.get(code, code)
                self._add(
                    problem(
                        "notice",
                        "above_baseline",
                        row=int(self.rows[position]),
                        column=self.headers.get("cleared_ha"),
                        value=self.values_at("cleared_ha", np.array([position]))[0],
                        detail_vi=f"{format_number(pct, 'vi', 1)}% {label} tại {commune}",
                        detail_en=f"{format_number(pct, 'en', 1)}% of {label} in {commune}",
                    )
                )

    def _baselines_in_force(self, rows: _Rows) -> dict[str, Floats]:
        """Per baseline, the stored required area in force on each row's date (NaN if none)."""
        keys = [self.groups.keys[g] for g in rows.group]
        history: dict[tuple[str, str, str], tuple[list[int], list[float]]] = {}
        for project, commune, baseline, required, since in self.fetched.result().baselines:
            days, values = history.setdefault((project, commune, baseline), ([], []))
            days.append(_day_of(since))
            values.append(float(required))
        found: dict[str, Floats] = {}
        for baseline in ("basic", "technical"):
            found[baseline] = np.full(len(keys), np.nan)
            for i, (key, day) in enumerate(zip(keys, rows.day, strict=True)):
                days, values = history.get((str(key[0]), str(key[1]), baseline), ([], []))
                before = bisect.bisect_right(days, day)
                if before:
                    found[baseline][i] = values[before - 1]
        return found

    def _count_and_move(self, history: _History, value: str, unit: str) -> None:
        new, changed, unchanged = history.counts()
        self.prepared.rows_new = new
        self.prepared.rows_changed = changed
        self.prepared.rows_unchanged = unchanged
        names = _commune_names()
        movements: list[Movement] = []
        # The biggest first; equal ones in key order.
        moves = sorted(history.moves(value), key=lambda m: (-abs(m[1]), self.groups.keys[m[0]]))
        for group, change in moves[:5]:
            key = self.groups.keys[group]
            other = names.get(str(key[1]), str(key[1])) if self.kind == "clearance" else key[2]
            movements.append(Movement(label=f"{key[0]} · {other}", change=change, unit=unit))
        self.prepared.movements = movements

    def _labels(self, values: Sequence[object], index: Ints) -> pa.Array:
        """Per-row text from a small list of distinct values."""
        return pa.array(list(values), pa.string()).take(pa.array(index))

    def _dates(self, positions: Ints) -> pa.Array:
        return pa.array(self.day[positions].astype(np.int32)).cast(pa.date32())

    def _baseline_rows(
        self, columns: dict[str, pa.Array], figures: dict[str, Floats], good: Ints
    ) -> pd.DataFrame:
        parts = []
        for baseline in ("basic", "technical"):
            required = figures[f"required_ha_{baseline}"][good]
            given = np.flatnonzero(~np.isnan(required))
            pick = pa.array(given)
            parts.append(
                pa.table(
                    {
                        "project_code": columns["project_code"].take(pick),
                        "commune_code": columns["commune_code"].take(pick),
                        "baseline": pa.array([baseline] * len(given), pa.string()),
                        "required_ha": pa.array(required[given]),
                        "effective_from": columns["report_date"].take(pick),
                        "note": columns["note"].take(pick),
                        "source_row": columns["source_row"].take(pick),
                    }
                )
            )
        return _frame(pa.concat_tables(parts))

    # -- disbursement --------------------------------------------------------------------------

    def _disbursement(self) -> None:
        year = self._plan_years()
        source_values, source, source_invalid = parsing.read_choices(
            self.cells("capital_source"), parsing.CAPITAL_SOURCES
        )
        self._flag(parsing.blank_cells(self.cells("capital_source")), "required", "capital_source")
        self._flag(
            source_invalid,
            "unknown_choice",
            "capital_source",
            detail="NSTW (central), NSĐP (local), khác (other)",
        )
        disbursed = self._number("disbursed_vnd", required=True, whole=True, money=True)
        plan = self._number("plan_vnd", whole=True, money=True)
        baseline = self._plan_baselines(plan)
        years = sorted({int(y) for y in year[year >= 0]})
        year_index = np.where(year >= 0, np.searchsorted(years, year), -1)
        self._duplicates(
            [self.project, year_index, source],
            detail_vi="dự án, năm, nguồn vốn và ngày báo cáo",
            detail_en="project, year, capital source and report date",
        )
        good = np.flatnonzero(~self.bad)
        parts = [
            (self.project[good], self.known),
            (year_index[good], years),
            (source[good], source_values),
        ]
        incoming = _Rows(
            group=self.groups.ids(parts),
            day=self.day[good],
            values={"disbursed_vnd": disbursed[good]},
            position=good,
        )
        history = _History(incoming, self._stored())
        self._falls(history)
        if self.prepared.errors:
            return
        self._count_and_move(history, "disbursed_vnd", "VND")
        columns = {
            "project_code": self._labels(self.known, self.project[good]),
            "plan_year": pa.array(year[good]),
            "capital_source": self._labels(source_values, source[good]),
            "report_date": self._dates(good),
            "disbursed_vnd": _whole(disbursed[good]),
            "note": self.note.take(pa.array(good)),
            "source_row": pa.array(self.rows[good]),
        }
        self.prepared.tables["disbursement_reports"] = _frame(columns)
        planned = np.flatnonzero(~np.isnan(plan[good]))
        pick = pa.array(planned)
        self.prepared.tables["disbursement_plans"] = _frame(
            {
                "project_code": columns["project_code"].take(pick),
                "plan_year": columns["plan_year"].take(pick),
                "capital_source": columns["capital_source"].take(pick),
                "plan_baseline": pa.array(baseline[good][planned].tolist(), pa.string()),
                "plan_vnd": _whole(plan[good][planned]),
                "effective_from": columns["report_date"].take(pick),
                "note": columns["note"].take(pick),
                "source_row": columns["source_row"].take(pick),
            }
        )

    def _plan_years(self) -> Ints:
        """Each row's plan year (-1 where empty or flagged)."""
        cells, values, invalid = self.numbers["year"]
        self._flag(cells.empty, "required", "year")
        with np.errstate(invalid="ignore"):
            fractional = ~np.isnan(values) & (np.floor(values) != values)
            bad = invalid | fractional | (values < 2000) | (values > 2100)
        self._flag(bad & ~cells.empty, "bad_year", "year")
        year = np.where(bad | np.isnan(values), -1, np.nan_to_num(values)).astype(np.int64)
        dated = (year >= 0) & (self.day != NO_DAY)
        report_year = self.day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
        report_year = report_year + 1970
        mismatch = dated & (report_year != year) & (report_year != year + 1)
        for plan_year in pd.unique(year[mismatch]):
            self._flag(
                mismatch & (year == plan_year),
                "year_mismatch",
                "report_date",
                detail=str(plan_year),
            )
        return year

    def _plan_baselines(self, plan: Floats) -> npt.NDArray[np.object_]:
        """Each row's plan type; a plan amount without one is taken as centrally assigned."""
        values, choice, invalid = parsing.read_choices(
            self.cells("plan_baseline"), parsing.PLAN_BASELINES
        )
        self._flag(
            invalid,
            "unknown_choice",
            "plan_baseline",
            detail="TW giao (centrally assigned), địa phương triển khai (locally deployed)",
        )
        has_plan = ~np.isnan(plan)
        self._flag((choice >= 0) & ~has_plan, "plan_baseline_without_plan", "plan_baseline")
        assumed = has_plan & (choice < 0) & ~invalid
        for position in np.flatnonzero(assumed):
            self._add(
                problem(
                    "notice",
                    "plan_baseline_assumed",
                    row=int(self.rows[position]),
                    column=self.headers.get("plan_vnd"),
                )
            )
        named = np.array([*values, None], dtype=object)[choice]  # -1 picks None
        return np.where(assumed, "central_assigned", named)


_BASELINES = """
    SELECT project_code, commune_code, baseline, required_ha::DOUBLE, effective_from
    FROM required_areas_effective WHERE list_contains(?::VARCHAR[], project_code)
    ORDER BY effective_from"""


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
    }
)


class _Numbers(NamedTuple):
    """A number column: its cells, values (NaN where none) and cells that are no number."""

    cells: parsing.NumberCells
    values: Floats
    invalid: Bools


@dataclass(frozen=True)
class _Fetched:
    """What is stored for the projects of a file: figures and (clearance) design baselines."""

    figures: pa.Table
    baselines: list[tuple[Any, ...]]


def _projects(store: Store, prepared: PreparedUpload) -> pd.DataFrame:
    """The live projects (and, on the way, the file's hash); run on the second thread."""
    _ = prepared.sha256  # computed here, while the main thread reads the cells
    cur = store.cursor()
    try:
        projects: pd.DataFrame = cur.execute(_PROJECTS).df()
    finally:
        cur.close()
    return projects


def _fetch(store: Store, kind: str, projects: list[str]) -> _Fetched:
    """Read on its own thread, so with its own cursor."""
    cur = store.cursor()
    try:
        figures = cur.execute(_STORED[kind], [projects]).to_arrow_table().combine_chunks()
        baselines = cur.execute(_BASELINES, [projects]).fetchall() if kind == "clearance" else []
    finally:
        cur.close()
    return _Fetched(figures, baselines)


@dataclass(frozen=True)
class _Fall:
    """A file row whose cumulative figure falls, with its neighbours in time."""

    position: int
    value: float
    prev_value: float
    prev_day: int
    next_value: float
    next_day: int


def _concat(first: _Rows, second: _Rows) -> _Rows:
    return _Rows(
        np.concatenate([first.group, second.group]),
        np.concatenate([first.day, second.day]),
        {k: np.concatenate([first.values[k], second.values[k]]) for k in first.values},
        np.concatenate([first.position, second.position]),
    )


def _sorted(rows: _Rows) -> _Rows:
    """Rows in key order (files often come in that order already: then nothing moves)."""
    keys = rows.keys()
    if bool(np.all(keys[1:] > keys[:-1])):
        return rows
    return rows.take(np.argsort(keys))


def _merge(first: _Rows, second: _Rows) -> _Rows:
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


class _History:
    """File rows merged with the stored rows, ordered by group and date.

    A file row replaces the stored row with the same key and date (a correction supersedes it).
    """

    def __init__(self, incoming: _Rows, stored: _Rows) -> None:
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

    def falls(self, name: str) -> list[_Fall]:
        """File rows below the report before them, or above a stored report after them."""
        missing = np.isnan(self.rows.values[name])
        present = self.rows.take(~missing) if missing.any() else self.rows
        value, group, day = present.values[name], present.group, present.day
        prev_value = np.where(_same_as_prev(group), _shift(value, 1, np.nan), np.nan)
        next_value = np.where(_same_as_next(group), _shift(value, -1, np.nan), np.nan)
        next_stored = _same_as_next(group) & (_shift(present.position, -1, 0) < 0)
        with np.errstate(invalid="ignore"):
            falls = (present.position >= 0) & (
                (value < prev_value - _TOLERANCE)
                | ((next_value < value - _TOLERANCE) & next_stored)
            )
        prev_day, next_day = _shift(day, 1, NO_DAY), _shift(day, -1, NO_DAY)
        return [
            _Fall(
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
                same &= (np.isnan(mine) & np.isnan(theirs)) | (np.abs(mine - theirs) < _TOLERANCE)
        new = int(is_new.sum())
        unchanged = int((~is_new & same).sum())
        return new, len(is_new) - new - unchanged, unchanged

    def latest_incoming(self) -> _Rows:
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
            moving = latest[np.abs(change[latest]) > _TOLERANCE]
        return [(int(group[i]), float(change[i])) for i in moving]


def _limit(name: str) -> tuple[float, int]:
    """The largest value a number column can store, and the decimals to show it with."""
    if name.startswith("households"):
        return _MAX_HOUSEHOLDS, 0
    if name.endswith("_vnd"):
        return _MAX_VND, 0
    return _MAX_HA, 4


def _whole(values: Floats) -> pa.Array:
    """Whole numbers as 64-bit integers, null where missing."""
    missing = np.isnan(values)
    return pa.array(np.where(missing, 0, values).astype(np.int64), mask=missing)


def _frame(columns: dict[str, pa.Array] | pa.Table) -> pd.DataFrame:
    """A table to hand out: Arrow-backed columns, so writing it back converts nothing."""
    table = columns if isinstance(columns, pa.Table) else pa.table(columns)
    frame: pd.DataFrame = table.to_pandas(types_mapper=pd.ArrowDtype)
    return frame


def _resolve_in_era(resolver: CommuneResolver, text: str, era: object) -> ResolvedCommune:
    """Resolve in the row's era; a row whose date is unreadable (already an error) is checked in
    both eras, so its commune cell is only flagged when it is wrong either way."""
    if era in ("old", "new"):
        return resolver.resolve(text, _ERA_DATES[str(era)])
    try:
        return resolver.resolve(text, _ERA_DATES["new"])
    except CommuneNotResolved:
        return resolver.resolve(text, _ERA_DATES["old"])


@lru_cache(maxsize=1)
def _commune_names() -> dict[str, str]:
    communes = load_communes(None)
    return dict(zip(communes.code, communes.full_name, strict=True))


def load_communes_names() -> dict[str, str]:
    """Commune code → name with its unit type, for messages (all provinces)."""
    return dict(_commune_names())
