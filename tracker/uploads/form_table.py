"""A form read into the template's columns, so the template's checks run on it unchanged.

Each body row of each sheet becomes one row of the canonical table (a disbursement row, one per
capital source). Amounts are converted from the header's unit (m², nghìn/triệu/tỷ đồng) into the
stored one (ha, đồng); the cells as written are kept beside them, so every problem shows the value
the officer typed. Problems come back from the checks in canonical terms and are put back where
Excel shows them: the sheet, the row and the column letter with its header.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from tracker.uploads import cells as parse
from tracker.uploads import form_words as words
from tracker.uploads.cells import Bools, Floats
from tracker.uploads.files import RawTable
from tracker.uploads.form_model import FormColumn, FormReading, SheetReading
from tracker.uploads.headers import HeaderMap
from tracker.uploads.problems import MESSAGES, Problem, problem
from tracker.uploads.templates import COLUMNS_BY_KIND

_SOURCES = ("central", "local")
_SOURCE_WORDS = {"central": "NSTW", "local": "NSĐP"}


@dataclass(frozen=True)
class Numbers:
    """A number column of a sheet in its written unit: values (NaN where blank or unreadable)
    and the non-blank cells that are no number."""

    values: Floats
    invalid: Bools


class Origin(NamedTuple):
    """Where a canonical row came from: sheet position, 0-based grid row, capital source."""

    sheet: int
    row: int
    source: str = ""


@dataclass(frozen=True)
class Origins:
    """Where every canonical row came from, as arrays (a form may have 100,000 rows)."""

    sheets: npt.NDArray[np.int64]
    rows: npt.NDArray[np.int64]
    sources: list[str]

    def at(self, i: int) -> Origin:
        return Origin(int(self.sheets[i]), int(self.rows[i]), self.sources[i])


@dataclass
class FormTable:
    """The canonical table of a form and the way back to its cells."""

    raw: RawTable
    headers: HeaderMap
    origins: Origins
    reading: FormReading

    def remap(self, problems: list[Problem]) -> list[Problem]:
        """Problems about canonical rows and columns, put back on the form's own cells."""
        return [self._remap(p) for p in problems]

    def _remap(self, p: Problem) -> Problem:
        if p.row is None or not 0 < p.row <= len(self.origins.rows):
            return p
        origin = self.origins.at(p.row - 1)
        label = self.label(origin, p.column) if p.column else p.column
        vi, en = p.message_vi, p.message_en
        if p.column and label != p.column:
            vi = vi.replace(f"'{p.column}'", f"'{label}'")
            en = en.replace(f"'{p.column}'", f"'{label}'")
        if p.code == "duplicate_row":
            first = int(p.message_en.split("row ", 1)[1].split(":", 1)[0])
            where = self.origins.at(first - 1)
            vi_head, en_head = (m.split("{detail}")[0] for m in MESSAGES["duplicate_row"])
            vi = vi.replace(f"{vi_head}{first}", f"{vi_head}{where.row + 1}", 1)
            en = en.replace(f"{en_head}{first}", f"{en_head}{where.row + 1}", 1)
        return dataclasses.replace(
            p, row=origin.row + 1, column=label, message_vi=vi, message_en=en
        )

    def label(self, origin: Origin, name: str) -> str:
        """A canonical column of one row as Excel shows it: "E (Đã bàn giao › Diện tích (ha))",
        with the sheet ("HNCL!E …") when the workbook has several."""
        sheet = self.reading.sheets[origin.sheet]
        column = form_column(sheet, name, origin.source)
        prefix = f"{sheet.name}!" if len(self.reading.sheets) > 1 else ""
        if column is None:
            return f"{prefix}{_LABELS.get(name, name)}"
        return cell_label(self.reading, sheet, column)

    def source_rows(self, positions: pa.Array) -> tuple[pa.Array, list[int]]:
        """Excel row numbers and sheet positions of canonical rows (by their 1-based id)."""
        ids = np.asarray(positions.to_numpy(zero_copy_only=False), dtype=np.int64) - 1
        return pa.array(self.origins.rows[ids] + 1), self.origins.sheets[ids].tolist()


_LABELS = {
    "report_date": "Tính đến ngày",
    "project_code": "Dự án",
    "year": "Năm kế hoạch",
    "capital_source": "Nguồn vốn",
    "plan_baseline": "Loại kế hoạch",
}


def cell_label(reading: FormReading, sheet: SheetReading, column: FormColumn) -> str:
    """A form column as Excel shows it, with its sheet when the workbook has several."""
    prefix = f"{sheet.name}!" if len(reading.sheets) > 1 else ""
    return f"{prefix}{column.letter} ({column.header})"


def form_column(sheet: SheetReading, name: str, source: str = "") -> FormColumn | None:
    """The form column a canonical column of a row came from."""
    if name in ("disbursed_vnd", "plan_vnd"):
        name = f"{name}.{source}"
    return sheet.column_of(name)


def sheet_numbers(sheet: SheetReading, column: FormColumn) -> Numbers:
    """A number column of a sheet, every row, in the file's decimal convention (read once)."""
    found = sheet.numbers.get(column.index)
    if not isinstance(found, Numbers):
        read_all_numbers([sheet])
        found = sheet.numbers[column.index]
    assert isinstance(found, Numbers)
    return found


def read_all_numbers(sheets: list[SheetReading]) -> None:
    """Read every number column of every sheet in one pass: the cells of all of them are put
    end to end and parsed as one column (a workbook of forty weekly sheets is one parse, not a
    few hundred), then cut back into each sheet's columns."""
    pieces: list[tuple[SheetReading, FormColumn]] = [
        (sheet, column)
        for sheet in sheets
        for column in sheet.columns
        if column.field is not None
        and column.field not in words.TEXT_FIELDS
        and column.field != words.STT
        and column.index not in sheet.numbers
    ]
    if not pieces:
        return
    arrays = []
    for sheet, column in pieces:
        cells = parse.text_array(sheet.grid.table.column(column.index))
        if column.field == words.PERCENT:
            cells = pc.replace_substring(cells, "%", "")
        arrays.append(cells)
    number_cells = parse.number_cells(pa.concat_arrays(arrays))
    grid = sheets[0].grid
    # A workbook's numbers are written with a decimal comma by the reader; a CSV says its own.
    comma = grid.file_format != "csv" or parse.comma_decides([number_cells], grid.delimiter)
    values, invalid = parse.read_numbers(number_cells, comma_decimal=comma)
    start = 0
    for (sheet, column), cells in zip(pieces, arrays, strict=True):
        end = start + len(cells)
        sheet.numbers[column.index] = Numbers(values[start:end], invalid[start:end])
        start = end


def canonical_table(reading: FormReading) -> tuple[FormTable | None, list[Problem]]:
    """The template's table for a form, or the problems that keep one from being made."""
    kind = str(reading.kind)
    missing = _missing_fields(reading, kind)
    if missing:
        return None, missing
    read_all_numbers(reading.sheets)
    names = [c.name for c in COLUMNS_BY_KIND[kind]]
    shown: dict[str, list[str]] = {n: [] for n in names}
    written: dict[str, list[str]] = {n: [] for n in names}
    sheets: list[npt.NDArray[np.int64]] = []
    rows: list[npt.NDArray[np.int64]] = []
    sources_of_rows: list[str] = []
    for position, sheet in enumerate(reading.sheets):
        texts = _sheet_texts(sheet)
        body = sheet.rows_with("body")
        sources = [""] if kind == "clearance" else _sources(sheet)
        # Row by row, and within a row source by source, as the sheet reads.
        sheets.append(np.full(len(body) * len(sources), position, dtype=np.int64))
        rows.append(np.repeat(np.array(body, dtype=np.int64), len(sources)))
        sources_of_rows += sources * len(body)
        for name in names:
            per_source = [_cells(sheet, texts, body, name, s) for s in sources]
            if len(per_source) == 1:
                shown[name] += per_source[0][0]
                written[name] += per_source[0][1]
                continue
            for k in range(len(body)):
                for values, as_written in per_source:
                    shown[name].append(values[k])
                    written[name].append(as_written[k])
    table = pa.table({n: pa.array(shown[n], pa.string()) for n in names})
    as_written = pa.table({n: pa.array(written[n], pa.string()) for n in names})
    first = reading.sheets[0].grid
    raw = RawTable(
        header=names,
        table=table,
        rows=np.arange(1, len(sources_of_rows) + 1, dtype=np.int64),
        header_row=0,
        encoding=first.encoding,
        delimiter=",",  # canonical numbers use a decimal dot
        file_format=first.file_format,
        written=as_written,
    )
    headers = HeaderMap(columns={n: n for n in names}, headers={n: n for n in names})
    origins = Origins(np.concatenate(sheets), np.concatenate(rows), sources_of_rows)
    return FormTable(raw, headers, origins, reading), []


def _missing_fields(reading: FormReading, kind: str) -> list[Problem]:
    needed = ("commune", "cleared_ha") if kind == "clearance" else ("project_code",)
    found: list[Problem] = []
    for sheet in reading.sheets:
        for name in needed:
            if sheet.column_of(name) is None:
                found.append(problem("error", "form_no_field", value=_field_name(name)))
        if kind == "disbursement" and not _sources(sheet):
            found.append(problem("error", "form_no_field", value="Giải ngân › NSTW / NSĐP"))
    return found


def _field_name(name: str) -> str:
    column = next((c for c in COLUMNS_BY_KIND["clearance"] if c.name == name), None)
    return column.header_vi if column else _LABELS.get(name, name)


def _sources(sheet: SheetReading) -> list[str]:
    return [
        s
        for s in _SOURCES
        if sheet.column_of(f"disbursed_vnd.{s}") or sheet.column_of(f"plan_vnd.{s}")
    ]


def _sheet_texts(sheet: SheetReading) -> dict[str, tuple[list[str], list[str]]]:
    """Per form field: the canonical text of every row and the text as written."""
    texts: dict[str, tuple[list[str], list[str]]] = {}
    for column in sheet.columns:
        if column.field is None or column.field in (words.STT, words.PERCENT):
            continue
        cells = parse.text_array(sheet.grid.table.column(column.index))
        as_written = cells.to_pylist()
        if column.field in words.TEXT_FIELDS:
            texts[column.field] = (as_written, as_written)
            continue
        numbers = sheet_numbers(sheet, column)
        factor = words.UNIT_FACTORS.get(column.unit or "", 1.0)
        converted = _stored_texts(numbers.values * factor, money=column.field in words.MONEY_FIELDS)
        # Unreadable and blank cells stay as written: the checks report them as they are.
        keep = pa.array(numbers.invalid | np.isnan(numbers.values))
        texts[column.field] = (pc.if_else(keep, cells, converted).to_pylist(), as_written)
    return texts


def _stored_texts(values: Floats, *, money: bool) -> pa.Array:
    """Converted amounts as plain text with a decimal dot: đồng to the đồng (what a unit's
    decimals leave after float arithmetic is rounded off), hectares to 4 decimals."""
    nearest = np.round(values, 0 if money else 4)
    with np.errstate(invalid="ignore"):
        close = np.abs(values - nearest) <= 1e-6 * np.maximum(1.0, np.abs(values))
    values = np.where(close, nearest, values)
    with np.errstate(invalid="ignore"):
        whole = (np.floor(values) == values) & (np.abs(values) < 2.0**53)
    shortest = pa.array(values).cast(pa.string())
    ints = pa.array(np.where(whole, values, 0).astype(np.int64)).cast(pa.string())
    return pc.if_else(pa.array(whole), ints, shortest)


def _cells(
    sheet: SheetReading,
    texts: dict[str, tuple[list[str], list[str]]],
    body: list[int],
    name: str,
    source: str,
) -> tuple[list[str], list[str]]:
    """One canonical column for the body rows: (texts for the checks, texts as written)."""
    if name == "project_code":
        codes = [sheet.row_project.get(r) for r in body]
        own = texts.get("project_code")
        checked = [
            c if c is not None else (own[0][r] if own else "")
            for c, r in zip(codes, body, strict=True)
        ]
        return checked, [own[1][r] for r in body] if own else checked
    if name == "report_date" and "report_date" in texts:  # a log with a date on every row
        dates = texts["report_date"]
        return [dates[0][r] for r in body], [dates[1][r] for r in body]
    constant = {
        "report_date": sheet.as_of.isoformat() if sheet.as_of else "",
        "year": str(sheet.year) if sheet.year else "",
        "capital_source": _SOURCE_WORDS.get(source, ""),
        "plan_baseline": "",
    }
    if name in constant:
        return [constant[name]] * len(body), [constant[name]] * len(body)
    if name in ("disbursed_vnd", "plan_vnd"):
        name = f"{name}.{source}"
    found = texts.get(name)
    if found is None:
        return [""] * len(body), [""] * len(body)
    return [found[0][r] for r in body], [found[1][r] for r in body]
