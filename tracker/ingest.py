"""Weekly uploads: validate everything first, then write all of it in one transaction or nothing.

``prepare_upload`` reads a file and checks every cell against the rules (known project, resolvable
commune, possible date, non-negative numbers, no duplicate keys, cumulative figures that do not
fall without a note), compares it with what is stored (new / changed / unchanged rows, the biggest
movements) and writes nothing. ``commit_upload`` writes a clean preparation as one upload.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import pandas as pd

from tracker import parsing
from tracker.batches import Batch, commit_batch
from tracker.communes import REFORM_DATE, CommuneNotResolved, CommuneResolver, ResolvedCommune
from tracker.errors import InputError
from tracker.geodata import load_communes
from tracker.headers import guess_kind, header_aliases, looks_like_header
from tracker.i18n import format_date, format_number
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
_BIG_UNITS = r"(?i)(?:tỷ|tỉ|triệu|nghìn|ngàn)"

_PROJECTS = """
SELECT p.project_code, p.province_code, p.started_on,
       (SELECT min(r.effective_from) FROM required_areas_effective r
        WHERE r.project_code = p.project_code) AS first_baseline
FROM projects p JOIN live_uploads USING (upload_id)
"""


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

    @property
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
    checker.run()
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
    )
    return commit_batch(store, batch)


class _Checker:
    """Checks one file column by column; every flagged cell becomes one problem."""

    def __init__(self, store: Store, raw: RawTable, prepared: PreparedUpload, today: dt.date):
        self.store = store
        self.raw = raw
        self.prepared = prepared
        self.kind = str(prepared.kind)
        self.today = today
        self.rows = raw.row_numbers
        self.bad = pd.Series(False, index=raw.frame.index)  # rows with any error
        self.columns: dict[str, str] = {}  # canonical name -> frame column
        self.headers: dict[str, str] = {}  # canonical name -> header as written

    # -- helpers -------------------------------------------------------------------------------

    def _add(self, p: Problem) -> None:
        self.prepared.problems.append(p)

    def _flag(self, mask: pd.Series, code: str, name: str, **details: str) -> None:
        """One error per flagged cell of column ``name``."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        self.bad |= mask
        values = self.cell(name)[mask]
        for row, value in zip(self.rows[mask], values, strict=True):
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

    def cell(self, name: str) -> pd.Series:
        if name not in self.columns:
            return pd.Series("", index=self.raw.frame.index, dtype="str")
        return self.raw.frame[self.columns[name]].fillna("").astype("str")

    # -- the checks ----------------------------------------------------------------------------

    def run(self) -> None:
        if not self._map_headers():
            return
        sha = self.prepared.sha256
        existing = find_committed_by_hash(self.store, sha, self.kind)
        if existing is not None:
            self.prepared.duplicate_of = existing
            return
        cur = self.store.cursor()
        self.projects = cur.execute(_PROJECTS).df().set_index("project_code")
        self.comma = parsing.decimal_comma(
            [self.cell(c.name) for c in KINDS[self.kind] if c.name.endswith(("_ha", "_vnd"))],
            self.raw.delimiter,
        )
        project = self._project_codes()
        date = self._report_dates(project)
        frame = pd.DataFrame(
            {"project_code": project, "report_date": date, "source_row": self.rows}
        )
        frame["note"] = self._notes()
        if self.kind == "clearance":
            self._clearance(frame, project, date)
        else:
            self._disbursement(frame, date)

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

    def _project_codes(self) -> pd.Series:
        text = self.cell("project_code").str.strip().str.upper()
        empty = text == ""
        self._flag(empty, "required", "project_code")
        known = sorted(self.projects.index)
        listing = ", ".join(known[:30]) + (" …" if len(known) > 30 else "")
        self._flag(~empty & ~text.isin(known), "unknown_project", "project_code", detail=listing)
        return text.where(~empty & text.isin(known))

    def _report_dates(self, project: pd.Series) -> pd.Series:
        parsed = parsing.parse_dates(self.cell("report_date"))
        self._flag(parsing.blank(self.cell("report_date")), "required", "report_date")
        self._flag(parsed.invalid, "not_a_date", "report_date")
        dates = parsed.values
        self._flag(
            dates > pd.Timestamp(self.today + dt.timedelta(days=1)), "future_date", "report_date"
        )
        start = self._project_start(project)
        early = dates.notna() & start.notna() & (dates < start)
        for code in pd.unique(project[early]):
            mask = early & (project == code)
            first = pd.Timestamp(start[mask].iloc[0]).date()
            self._flag(
                mask,
                "before_start",
                "report_date",
                detail=str(code),
                detail_vi=format_date(first, "vi"),
                detail_en=format_date(first, "en"),
            )
        return dates

    def _project_start(self, project: pd.Series) -> pd.Series:
        """When a project begins to report: its works start or first design baseline, whichever
        is earlier (clearance comes before works start)."""
        starts = pd.to_datetime(self.projects[["started_on", "first_baseline"]].min(axis=1))
        return project.map(starts)

    def _notes(self) -> pd.Series:
        notes = self.cell("note").str.strip()
        too_long = notes.str.len() > MAX_NOTE_CHARS
        if too_long.any():
            self._flag(
                too_long,
                "unit_mismatch",
                "note",
                detail_vi=f"Ghi chú tối đa {MAX_NOTE_CHARS} ký tự.",
                detail_en=f"Notes are limited to {MAX_NOTE_CHARS} characters.",
            )
        return notes.where(notes != "")

    def _number(
        self, name: str, *, required: bool = False, whole: bool = False, money: bool = False
    ) -> pd.Series:
        text = self.cell(name)
        empty = parsing.blank(text)
        if required:
            self._flag(empty, "required", name)
        if money:
            big = text.str.contains(_BIG_UNITS, regex=True)
            self._flag(
                big,
                "unit_mismatch",
                name,
                detail_vi="Ghi số tiền bằng đồng, ví dụ 2.169.900.000.000.",
                detail_en="Write amounts in đồng, e.g. 2169900000000.",
            )
            text = text.where(~big, "")
        parsed = parsing.parse_numbers(text, comma_decimal=self.comma)
        self._flag(parsed.invalid, "not_a_number", name)
        values = parsed.values
        if whole:
            fractional = values.notna() & (np.floor(values) != values)
            self._flag(
                fractional,
                "not_whole",
                name,
                detail_vi="không có phần lẻ",
                detail_en="no fractions",
            )
            values = values.where(~fractional)
        self._flag(values < 0, "negative", name)
        return values.where(values >= 0)

    # -- clearance -----------------------------------------------------------------------------

    def _clearance(self, frame: pd.DataFrame, project: pd.Series, date: pd.Series) -> None:
        frame["commune_as_written"] = self.cell("commune").str.strip()
        frame["commune_code"] = self._communes(frame["commune_as_written"], project, date)
        frame["cleared_ha"] = self._number("cleared_ha", required=True)
        for name in ("households_affected", "households_relocated"):
            frame[name] = self._number(name, whole=True).astype("Int64")
        frame["compensation_paid_vnd"] = self._number(
            "compensation_paid_vnd", whole=True, money=True
        ).astype("Int64")
        frame["required_ha_basic"] = self._number("required_ha_basic")
        frame["required_ha_technical"] = self._number("required_ha_technical")
        relocated_over = frame.households_relocated > frame.households_affected
        for row, value, limit in zip(
            frame.source_row[relocated_over.fillna(False)],
            frame.households_relocated[relocated_over.fillna(False)],
            frame.households_affected[relocated_over.fillna(False)],
            strict=True,
        ):
            self._add(
                problem(
                    "notice",
                    "relocated_above_affected",
                    row=int(row),
                    column=self.headers.get("households_relocated"),
                    value=value,
                    detail=str(limit),
                )
            )
        self._duplicates(
            frame,
            detail_vi="dự án, xã/phường và ngày báo cáo",
            detail_en="project, commune and report date",
        )
        good = frame[~self.bad].copy()
        good["report_date"] = good.report_date.astype("datetime64[ns]")
        stored = self._stored_clearance(good)
        self._falls(good, stored)
        self._above_baselines(good)
        if self.prepared.errors:
            return
        self._count_and_move(good, stored, "cleared_ha", "ha")
        reports = good.drop(columns=["required_ha_basic", "required_ha_technical"])
        self.prepared.tables["clearance_reports"] = reports
        self.prepared.tables["required_areas"] = _baseline_rows(good)

    def _communes(self, text: pd.Series, project: pd.Series, date: pd.Series) -> pd.Series:
        empty = text == ""
        self._flag(empty, "required", "commune")
        codes = pd.Series(None, index=text.index, dtype="object")
        provinces = project.map(self.projects["province_code"])
        eras = pd.Series(
            np.where(date.isna(), None, np.where(date < pd.Timestamp(REFORM_DATE), "old", "new")),
            index=date.index,
        )
        todo = pd.DataFrame({"text": text, "province": provinces, "era": eras})[~empty]
        resolvers: dict[str, CommuneResolver] = {}
        groups = todo.groupby(["text", "province", "era"], dropna=False, sort=False).groups
        for key, index in groups.items():
            value, province, era = cast("tuple[Any, Any, Any]", key)
            if pd.isna(province):
                continue  # the project code is already reported as wrong
            resolver = resolvers.setdefault(str(province), CommuneResolver(str(province)))
            try:
                resolved = _resolve_in_era(resolver, str(value), era)
            except CommuneNotResolved as exc:
                mask = pd.Series(text.index.isin(index), index=text.index)
                self._flag(mask, "commune", "commune", detail_vi=exc.vi, detail_en=exc.en)
                continue
            codes[index] = resolved.code
        return codes

    def _stored_clearance(self, good: pd.DataFrame) -> pd.DataFrame:
        cur = self.store.cursor()
        cur.register("incoming_projects", pd.DataFrame({"p": pd.unique(good.project_code)}))
        try:
            return cur.execute(
                """SELECT project_code, commune_code, report_date, cleared_ha,
                          households_relocated, compensation_paid_vnd, households_affected,
                          upload_id
                   FROM clearance_effective
                   WHERE project_code IN (SELECT p FROM incoming_projects)"""
            ).df()
        finally:
            cur.unregister("incoming_projects")

    def _duplicates(self, frame: pd.DataFrame, *, detail_vi: str, detail_en: str) -> None:
        keys = list(_KEYS[self.kind])
        complete = frame[keys].notna().all(axis=1)
        keyed = frame[complete]
        if keyed.empty:
            return
        first_row = keyed.groupby(keys, dropna=False).source_row.transform("first")
        repeated = keyed.duplicated(keys, keep="first")
        for row, first in zip(keyed.source_row[repeated], first_row[repeated], strict=True):
            self.bad |= frame.source_row == row
            self._add(
                problem(
                    "error",
                    "duplicate_row",
                    row=int(row),
                    column=self.headers.get("report_date"),
                    value="",
                    detail=str(int(first)),
                    detail_vi=detail_vi,
                    detail_en=detail_en,
                )
            )

    def _falls(self, good: pd.DataFrame, stored: pd.DataFrame) -> None:
        """A cumulative figure may not fall from the report before it (or above the one after it,
        when a past week is filled in) unless the row's note says why."""
        group = list(_KEYS[self.kind][:-1])
        for name in _CUMULATIVE[self.kind]:
            incoming = good[[*group, "report_date", name, "note", "source_row"]].dropna(
                subset=[name]
            )
            if incoming.empty:
                continue
            old = stored[[*group, "report_date", name, "upload_id"]].dropna(subset=[name]).copy()
            old["report_date"] = pd.to_datetime(old.report_date).astype("datetime64[ns]")
            old = old.merge(
                incoming[[*group, "report_date"]],
                how="left",
                on=[*group, "report_date"],
                indicator=True,
            )
            old = old[old._merge == "left_only"].drop(columns="_merge")
            combined = pd.concat(
                [old.assign(source_row=np.nan, note=None), incoming], ignore_index=True
            ).sort_values([*group, "report_date"])
            by = combined.groupby(group, sort=False)
            combined["prev_value"] = by[name].shift(1)
            combined["prev_date"] = by.report_date.shift(1)
            combined["prev_row"] = by.source_row.shift(1)
            combined["next_value"] = by[name].shift(-1)
            combined["next_date"] = by.report_date.shift(-1)
            combined["next_row"] = by.source_row.shift(-1)
            mine = combined[combined.source_row.notna()]
            falls = mine[
                (mine[name] < mine.prev_value - 1e-9)
                | ((mine.next_value < mine[name] - 1e-9) & mine.next_row.isna())
            ]
            for r in _records(falls):
                self._report_fall(r, name)

    def _report_fall(self, r: dict[str, Any], name: str) -> None:
        value = float(r[name])
        before = not pd.isna(r["prev_value"]) and value < float(r["prev_value"])
        other = float(r["prev_value" if before else "next_value"])
        when = pd.Timestamp(r["prev_date" if before else "next_date"]).date()
        decimals = 0 if name.endswith(("_vnd",)) or name.startswith("households") else 2
        texts = {
            lang: (
                f"{format_number(other, lang, decimals)} ({format_date(when, lang)}) "
                f"{'xuống' if lang == 'vi' else 'to'} {format_number(value, lang, decimals)}"
                if before
                else f"{format_number(value, lang, decimals)} {'xuống' if lang == 'vi' else 'to'} "
                f"{format_number(other, lang, decimals)} ({format_date(when, lang)})"
            )
            for lang in ("vi", "en")
        }
        noted = isinstance(r["note"], str) and r["note"].strip() != ""
        row = int(r["source_row"])
        column = self.headers.get(name, name)
        if noted:
            self._add(
                problem(
                    "notice",
                    "cumulative_fall_noted",
                    row=row,
                    column=column,
                    value=self.cell(name)[self.rows == row].iloc[0],
                    detail_vi=texts["vi"],
                    detail_en=texts["en"],
                )
            )
        else:
            self.bad |= self.rows == row
            self._add(
                problem(
                    "error",
                    "cumulative_fall",
                    row=row,
                    column=column,
                    value=self.cell(name)[self.rows == row].iloc[0],
                    detail_vi=texts["vi"],
                    detail_en=texts["en"],
                )
            )

    def _above_baselines(self, good: pd.DataFrame) -> None:
        """Notice (not error) where the latest row of a commune exceeds a baseline in force."""
        if good.empty:
            return
        latest = (
            good.sort_values("report_date")
            .groupby(["project_code", "commune_code"], sort=False)
            .tail(1)
        )
        stored = (
            self.store.cursor()
            .execute(
                """SELECT project_code, commune_code, baseline, required_ha, effective_from
               FROM required_areas_effective"""
            )
            .df()
        )
        names = load_communes_names()
        for baseline, label in (("basic", "TKCS"), ("technical", "TKKT")):
            required = _baselines_in_force(latest, stored[stored.baseline == baseline])
            given = latest[f"required_ha_{baseline}"]
            required = given.where(given.notna(), required)
            over = latest[(required > 0) & (latest.cleared_ha > required + 1e-9)]
            for r, limit in zip(_records(over), required[over.index], strict=True):
                pct = r["cleared_ha"] / limit * 100
                commune = names.get(r["commune_code"], r["commune_code"])
                self._add(
                    problem(
                        "notice",
                        "above_baseline",
                        row=int(r["source_row"]),
                        column=self.headers.get("cleared_ha"),
                        value=self.cell("cleared_ha")[self.rows == r["source_row"]].iloc[0],
                        detail_vi=f"{format_number(pct, 'vi', 1)}% {label} tại {commune}",
                        detail_en=f"{format_number(pct, 'en', 1)}% of {label} in {commune}",
                    )
                )

    def _count_and_move(
        self, good: pd.DataFrame, stored: pd.DataFrame, value: str, unit: str
    ) -> None:
        keys = list(_KEYS[self.kind])
        compare = [c for c in (*_CUMULATIVE[self.kind], value) if c in good.columns]
        compare = list(dict.fromkeys(compare))
        old = stored.copy()
        old["report_date"] = pd.to_datetime(old.report_date).astype("datetime64[ns]")
        merged = good.merge(
            old[[*keys, *compare]], on=keys, how="left", suffixes=("", "_old"), indicator=True
        )
        is_new = merged._merge == "left_only"
        same = pd.Series(True, index=merged.index)
        for c in compare:
            a, b = merged[c].astype("float64"), merged[f"{c}_old"].astype("float64")
            same &= (a.isna() & b.isna()) | ((a - b).abs() < 1e-9)
        self.prepared.rows_new = int(is_new.sum())
        self.prepared.rows_unchanged = int((~is_new & same).sum())
        self.prepared.rows_changed = int((~is_new & ~same).sum())
        # Movement of each key's newest row against the report before it.
        group = keys[:-1]
        history = (
            pd.concat([old[[*keys, value]], good[[*keys, value]]])
            .drop_duplicates(keys, keep="last")
            .sort_values(keys)
        )
        history["change"] = history[value] - history.groupby(group)[value].shift(1).fillna(0)
        newest = good.sort_values("report_date").groupby(group).tail(1)[keys]
        moves = history.merge(newest, on=keys)
        moves = moves[moves.change.abs() > 1e-9]
        moves = moves.reindex(moves.change.abs().sort_values(ascending=False).index).head(5)
        names = load_communes_names()
        self.prepared.movements = [
            Movement(
                label=(
                    f"{m['project_code']} · {names.get(m['commune_code'], m['commune_code'])}"
                    if self.kind == "clearance"
                    else f"{m['project_code']} · {m['capital_source']}"
                ),
                change=float(m["change"]),
                unit=unit,
            )
            for m in _records(moves)
        ]

    # -- disbursement --------------------------------------------------------------------------

    def _disbursement(self, frame: pd.DataFrame, date: pd.Series) -> None:
        year_text = self.cell("year")
        self._flag(parsing.blank(year_text), "required", "year")
        year = parsing.integers(parsing.parse_numbers(year_text, comma_decimal=False))
        bad_year = year.invalid | (year.values < 2000) | (year.values > 2100)
        self._flag(bad_year & ~parsing.blank(year_text), "bad_year", "year")
        frame["plan_year"] = year.values.where(~bad_year).astype("Int64")
        mismatch = (
            frame.plan_year.notna()
            & date.notna()
            & ~((date.dt.year == frame.plan_year) | (date.dt.year == frame.plan_year + 1))
        )
        for plan_year in pd.unique(frame.plan_year[mismatch.fillna(False)]):
            self._flag(
                mismatch & (frame.plan_year == plan_year),
                "year_mismatch",
                "report_date",
                detail=str(plan_year),
            )
        source = parsing.parse_choice(self.cell("capital_source"), parsing.CAPITAL_SOURCES)
        self._flag(parsing.blank(self.cell("capital_source")), "required", "capital_source")
        self._flag(
            source.invalid,
            "unknown_choice",
            "capital_source",
            detail="NSTW (central), NSĐP (local), khác (other)",
        )
        frame["capital_source"] = source.values
        frame["disbursed_vnd"] = self._number(
            "disbursed_vnd", required=True, whole=True, money=True
        ).astype("Int64")
        frame["plan_vnd"] = self._number("plan_vnd", whole=True, money=True).astype("Int64")
        baseline = parsing.parse_choice(self.cell("plan_baseline"), parsing.PLAN_BASELINES)
        self._flag(
            baseline.invalid,
            "unknown_choice",
            "plan_baseline",
            detail="TW giao (centrally assigned), địa phương triển khai (locally deployed)",
        )
        orphan = baseline.values.notna() & frame.plan_vnd.isna()
        self._flag(orphan, "plan_baseline_without_plan", "plan_baseline")
        assumed = frame.plan_vnd.notna() & baseline.values.isna() & ~baseline.invalid
        for row in frame.source_row[assumed]:
            self._add(
                problem(
                    "notice",
                    "plan_baseline_assumed",
                    row=int(row),
                    column=self.headers.get("plan_vnd"),
                )
            )
        frame["plan_baseline"] = baseline.values.where(~assumed, "central_assigned")
        self._duplicates(
            frame,
            detail_vi="dự án, năm, nguồn vốn và ngày báo cáo",
            detail_en="project, year, capital source and report date",
        )
        good = frame[~self.bad].copy()
        good["report_date"] = good.report_date.astype("datetime64[ns]")
        cur = self.store.cursor()
        stored = cur.execute(
            """SELECT project_code, plan_year, capital_source, report_date, disbursed_vnd,
                      upload_id FROM disbursement_effective"""
        ).df()
        self._falls(good, stored)
        if self.prepared.errors:
            return
        self._count_and_move(good, stored, "disbursed_vnd", "VND")
        self.prepared.tables["disbursement_reports"] = good.drop(
            columns=["plan_vnd", "plan_baseline"]
        )
        plans = good[good.plan_vnd.notna()]
        self.prepared.tables["disbursement_plans"] = pd.DataFrame(
            {
                "project_code": plans.project_code,
                "plan_year": plans.plan_year,
                "capital_source": plans.capital_source,
                "plan_baseline": plans.plan_baseline,
                "plan_vnd": plans.plan_vnd,
                "effective_from": plans.report_date,
                "note": plans.note,
                "source_row": plans.source_row,
            }
        )


def _resolve_in_era(resolver: CommuneResolver, text: str, era: object) -> ResolvedCommune:
    """Resolve in the row's era; a row whose date is unreadable (already an error) is checked in
    both eras, so its commune cell is only flagged when it is wrong either way."""
    if era in ("old", "new"):
        return resolver.resolve(text, _ERA_DATES[str(era)])
    try:
        return resolver.resolve(text, _ERA_DATES["new"])
    except CommuneNotResolved:
        return resolver.resolve(text, _ERA_DATES["old"])


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts (the few rows a message is written for, never a whole file)."""
    return cast("list[dict[str, Any]]", frame.to_dict("records"))


def _baseline_rows(good: pd.DataFrame) -> pd.DataFrame:
    parts = []
    for baseline in ("basic", "technical"):
        given = good[good[f"required_ha_{baseline}"].notna()]
        parts.append(
            pd.DataFrame(
                {
                    "project_code": given.project_code,
                    "commune_code": given.commune_code,
                    "baseline": baseline,
                    "required_ha": given[f"required_ha_{baseline}"],
                    "effective_from": given.report_date,
                    "note": given.note,
                    "source_row": given.source_row,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _baselines_in_force(rows: pd.DataFrame, stored: pd.DataFrame) -> pd.Series:
    """For each row, the stored required area in force on its report date (NaN if none)."""
    if stored.empty or rows.empty:
        return pd.Series(np.nan, index=rows.index)
    left = rows[["project_code", "commune_code", "report_date"]].astype(
        {"project_code": "str", "commune_code": "str"}
    )
    left["at"] = pd.to_datetime(left.report_date).astype("datetime64[ns]")
    left["order"] = np.arange(len(left))
    right = stored.astype({"project_code": "str", "commune_code": "str"})
    right = right.assign(at=pd.to_datetime(right.effective_from).astype("datetime64[ns]"))
    right = right.sort_values("at")
    matched = pd.merge_asof(
        left.sort_values("at"),
        right[["project_code", "commune_code", "at", "required_ha"]],
        on="at",
        by=["project_code", "commune_code"],
        direction="backward",
    ).sort_values("order")
    return pd.Series(matched.required_ha.to_numpy(dtype="float64"), index=rows.index)


def load_communes_names() -> dict[str, str]:
    """Commune code → name with its unit type, for messages (all provinces)."""
    communes = load_communes(None)
    return dict(zip(communes.code, communes.full_name, strict=True))
