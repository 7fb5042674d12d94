"""A form's own arithmetic: totals that must equal their rows, percentages that must follow.

A totals row ("TỔNG CỘNG"), a subtotal ("Cộng") or a group row with figures that does not equal
the sum of its rows is an error naming the row and both numbers: the file contradicts itself, and
which side is right only the office can say. A percent column that does not follow from its own
columns is a notice: percentages are recomputed from the stored numbers, never stored. Agreement is
the rule the tracker applies to published figures (:mod:`tracker.tolerance`).
"""

from __future__ import annotations

import numpy as np

from tracker.i18n import format_number
from tracker.tolerance import agrees, written_tolerance
from tracker.uploads import form_words as words
from tracker.uploads.form_model import FormColumn, FormReading, SheetReading, excel_rows
from tracker.uploads.form_table import Numbers, cell_label, read_all_numbers, sheet_numbers
from tracker.uploads.problems import Problem, problem

_ROW_WORDS = {
    "total": ("Dòng tổng cộng", "The totals row"),
    "subtotal": ("Dòng cộng", "The subtotal row"),
    "group": ("Dòng nhóm", "The group row"),
}


def check_arithmetic(reading: FormReading) -> list[Problem]:
    """Every total against its rows and every percentage against its columns, sheet by sheet."""
    found: list[Problem] = []
    read_all_numbers(reading.sheets)
    for sheet in reading.sheets:
        amounts = [
            c
            for c in sheet.columns
            if c.field and c.field not in words.TEXT_FIELDS and c.field not in (words.STT, "year")
        ]
        numbers = {c.index: sheet_numbers(sheet, c) for c in amounts}
        comma = sheet.grid.file_format != "csv" or sheet.grid.delimiter != ","
        for column in amounts:
            if column.field != words.PERCENT:
                found += _totals(reading, sheet, column, numbers[column.index], comma)
        for column in amounts:
            if column.field == words.PERCENT and column.index in sheet.formulas:
                found += _percents(reading, sheet, column, numbers, comma)
        found += _column_totals(reading, sheet, numbers, comma)
    return found


def _column_totals(
    reading: FormReading, sheet: SheetReading, numbers: dict[int, Numbers], comma: bool
) -> list[Problem]:
    """A "Tổng số" column against its "Trong đó" parts (NSTW + NSĐP), row by row."""
    found = []
    for amount in ("plan_vnd", "disbursed_vnd"):
        total = sheet.column_of(f"{amount}.total")
        parts = [sheet.column_of(f"{amount}.{s}") for s in ("central", "local")]
        if total is None or None in parts:
            continue
        pieces = [p for p in parts if p is not None]
        for row, role in enumerate(sheet.roles):
            stated = numbers[total.index].values[row]
            values = [numbers[p.index].values[row] for p in pieces]
            if role not in ("body", "total", "subtotal", "group") or np.isnan(stated):
                continue
            added = float(np.nansum(values))
            written = _text(sheet, row, total)
            if agrees(float(stated), added, written_tolerance(written, comma_decimal=comma)):
                continue
            label = cell_label(reading, sheet, total)
            letters = " + ".join(p.letter for p in pieces)
            decimals = _decimals(written, [float(stated), added], comma)
            found.append(
                _mismatch(
                    row,
                    label,
                    written,
                    f"Cột {label} ghi {format_number(float(stated), 'vi', decimals)} nhưng "
                    f"{letters} = {format_number(added, 'vi', decimals)}. Sửa cho khớp.",
                    f"Column {label} gives {format_number(float(stated), 'en', decimals)} but "
                    f"{letters} = {format_number(added, 'en', decimals)}. Make them agree.",
                )
            )
    return found


def _mismatch(row: int, label: str, written: str, vi: str, en: str) -> Problem:
    """A total that does not equal its parts: an error at the total's cell."""
    return problem(
        "error",
        "total_mismatch",
        row=row + 1,
        column=label,
        value=written,
        detail_vi=vi,
        detail_en=en,
    )


def _text(sheet: SheetReading, row: int, column: FormColumn) -> str:
    return sheet.rows[row][column.index].strip()


def _decimals(written: str, values: list[float], comma: bool) -> int:
    """Decimals to show both numbers with: as many as written, and enough for the sum."""
    mark = "," if comma else "."
    shown = len(written.rsplit(mark, 1)[1]) if mark in written else 0
    for decimals in range(min(shown, 4), 5):
        if all(abs(v * 10**decimals - round(v * 10**decimals)) < 1e-6 for v in values):
            return decimals
    return 4


def _totals(
    reading: FormReading, sheet: SheetReading, column: FormColumn, numbers: Numbers, comma: bool
) -> list[Problem]:
    found = []
    for row, scope in sorted(sheet.scopes.items()):
        stated = numbers.values[row]
        if np.isnan(stated) or not scope:
            continue  # a group row without figures of its own
        parts = numbers.values[scope]
        if np.isnan(parts).all():
            continue
        added = float(np.nansum(parts))
        tolerance = written_tolerance(_text(sheet, row, column), comma_decimal=comma)
        if agrees(float(stated), added, tolerance):
            continue
        decimals = _decimals(_text(sheet, row, column), [float(stated), added], comma)
        shown = {lang: format_number(float(stated), lang, decimals) for lang in ("vi", "en")}
        total = {lang: format_number(added, lang, decimals) for lang in ("vi", "en")}
        label = cell_label(reading, sheet, column)
        rows = excel_rows(scope)
        what_vi, what_en = _ROW_WORDS[sheet.roles[row]]
        found.append(
            _mismatch(
                row,
                label,
                _text(sheet, row, column),
                f"{what_vi} ghi {shown['vi']} ở cột {label} nhưng các dòng của nó ({rows}) "
                f"cộng lại được {total['vi']}. Sửa dòng tổng hoặc các dòng cho khớp.",
                f"{what_en} gives {shown['en']} in column {label}, but its rows ({rows}) add "
                f"up to {total['en']}. Correct the total or the rows so they agree.",
            )
        )
    return found


def _percents(
    reading: FormReading,
    sheet: SheetReading,
    column: FormColumn,
    numbers: dict[int, Numbers],
    comma: bool,
) -> list[Problem]:
    top, bottom = sheet.formulas[column.index]
    if top not in numbers or bottom not in numbers:
        return []
    by_index = {c.index: c for c in sheet.columns}
    factor = {i: words.UNIT_FACTORS.get(by_index[i].unit or "", 1.0) for i in (top, bottom)}
    found = []
    for row, role in enumerate(sheet.roles):
        if role not in ("body", "total", "subtotal", "group"):
            continue
        stated = float(numbers[column.index].values[row])
        above = float(numbers[top].values[row]) * factor[top]
        below = float(numbers[bottom].values[row]) * factor[bottom]
        if np.isnan(stated) or np.isnan(above) or np.isnan(below) or below == 0:
            continue
        computed = above / below * 100
        tolerance = written_tolerance(_text(sheet, row, column), comma_decimal=comma)
        # Excel keeps "96,5%" as 0.965: a percent cell may hold the fraction.
        if agrees(stated, computed, tolerance) or agrees(stated * 100, computed, tolerance * 100):
            continue
        parts = {
            lang: f"{by_index[top].letter} / {by_index[bottom].letter} = "
            f"{format_number(computed, lang, 2)}%"
            for lang in ("vi", "en")
        }
        label = cell_label(reading, sheet, column)
        written = _text(sheet, row, column)
        found.append(
            problem(
                "notice",
                "percent_mismatch",
                row=row + 1,
                column=label,
                value=written,
                detail_vi=f"Cột {label} ghi {written} nhưng {parts['vi']}. Tỷ lệ được tính lại "
                "từ số liệu, không lấy số ghi trong tệp.",
                detail_en=f"Column {label} gives {written} but {parts['en']}. Percentages are "
                "recomputed from the figures, never taken from the file.",
            )
        )
    return found
