"""Numbers, dates and coded words as people type them in Excel, read column-wise."""

from __future__ import annotations

import datetime as dt
import math
import re

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.store import Store
from tracker.uploads import cells as parsing
from tracker.uploads import prepare_upload
from tracker.uploads.workbooks import cell_text as _cell_text
from tracker.vocabulary import CAPITAL_SOURCE_SPELLINGS

_EPOCH = dt.date(1970, 1, 1)


def text(cells: list[str]) -> pa.Array:
    return pa.array(cells, pa.string())


def numbers(cells: list[str], *, comma: bool) -> tuple[list[float], list[bool]]:
    values, invalid = parsing.read_numbers(parsing.number_cells(text(cells)), comma_decimal=comma)
    return values.tolist(), invalid.tolist()


def decimal_comma(columns: list[list[str]], delimiter: str) -> bool:
    return parsing.comma_decides([parsing.number_cells(text(c)) for c in columns], delimiter)


def dates(cells: list[str]) -> tuple[list[dt.date | None], list[bool]]:
    days, _, invalid = parsing.read_dates(text(cells))
    found = [None if d == parsing.NO_DAY else _EPOCH + dt.timedelta(days=int(d)) for d in days]
    return found, invalid.tolist()


@pytest.mark.parametrize(
    ("cell", "comma", "value"),
    [
        ("1.550,75", True, 1550.75),
        ("1,550.75", False, 1550.75),
        ("2 169,9", True, 2169.9),
        ("596,94 ha", True, 596.94),
        ("596.94 ha", False, 596.94),
        ("\u00a01.550,75\u00a0", True, 1550.75),  # non-breaking spaces around
        ("2\u202f169,9", True, 2169.9),  # narrow non-breaking space as thousands mark
        ("2\u00a0169\u00a0900", True, 2169900.0),
        ("15.000.000 đ", True, 15_000_000.0),
        ("212.500.000.000", True, 212_500_000_000.0),
        ("-5", True, -5.0),
        ("-5,5", True, -5.5),
        ("+12", False, 12.0),
        ("138", True, 138.0),
        ("138 hộ", True, 138.0),
        ("0,001", True, 0.001),
    ],
)
def test_number_formats(cell: str, comma: bool, value: float) -> None:
    values, invalid = numbers([cell], comma=comma)
    assert values == [pytest.approx(value)] and invalid == [False]


@pytest.mark.parametrize(
    "cell",
    ["khoảng 80", "1e5", "inf", "NaN", "0x1F", "١٢٣", "12-5", "5,", ",", "-", "1.2.3ha4", "=1+1"],
)
def test_garbage_is_unreadable_not_zero(cell: str) -> None:
    values, invalid = numbers([cell], comma=True)
    assert math.isnan(values[0]) and invalid == [True]


def test_empty_cells_are_missing_not_unreadable() -> None:
    values, invalid = numbers(["", "   ", "\u00a0"], comma=True)
    assert all(math.isnan(v) for v in values) and invalid == [False, False, False]


def test_the_decimal_mark_is_told_by_unambiguous_cells() -> None:
    comma = ["596,94", "1.550,75", "1,550"]
    dot = ["596.94", "1,550.75", "1,550"]
    assert decimal_comma([comma], ",") is True
    assert decimal_comma([dot], ";") is False
    # Dot thousands ("2.169.900.000.000") can only be a Vietnamese amount.
    assert decimal_comma([["2.169.900.000.000"]], ",") is True
    # Nothing unambiguous: the delimiter decides (";" is the Vietnamese Excel list separator).
    ambiguous = ["1,550", "138", ""]
    assert decimal_comma([ambiguous], ";") is True
    assert decimal_comma([ambiguous], ",") is False


def test_evidence_is_counted_over_all_number_columns() -> None:
    ha = ["596,94", "33,87"]
    money = ["1,550.75", "2,169.90", "3,000.10"]
    assert decimal_comma([ha, money], ";") is False


def test_clean_number_text_keeps_digits_and_marks() -> None:
    cleaned = parsing.number_cells(text(["596,94 ha", " 2 169,9 ", "1.550,75"])).text
    assert cleaned.to_pylist() == ["596,94", "2169,9", "1.550,75"]


# A reference reader written the slow, obvious way: clean each cell with regular expressions,
# rewrite the marks, check the result is a plain number. The column-wise reader must agree.
_REFERENCE_UNITS = re.compile(r"(?i)\s*(?:ha|hộ|đ)\.?\s*$")


def _reference(cell: str, comma: bool) -> float | None:
    text = re.sub(r"[ \u00a0]+", "", _REFERENCE_UNITS.sub("", cell.strip()))
    text = text.replace(".", "").replace(",", ".") if comma else text.replace(",", "")
    return float(text) if re.fullmatch(r"[-+]?\d+(?:\.\d+)?", text, re.ASCII) else None


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    cells=st.lists(st.text(alphabet="0123456789.,-+ \u00a0hađộ", max_size=12), max_size=20),
    comma=st.booleans(),
)
def test_column_reader_agrees_with_the_cell_by_cell_reference(
    cells: list[str], comma: bool
) -> None:
    values, invalid = numbers(cells, comma=comma)
    for cell, value, bad in zip(cells, values, invalid, strict=True):
        expected = _reference(cell, comma)
        empty = _REFERENCE_UNITS.sub("", cell.strip()).replace(" ", "").replace("\u00a0", "")
        if expected is None:
            assert math.isnan(value) and bad == bool(empty), cell
        else:
            assert value == expected and not bad, cell


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("30/06/2025", dt.date(2025, 6, 30)),
        ("30-06-2025", dt.date(2025, 6, 30)),
        ("2025-06-30", dt.date(2025, 6, 30)),
        ("30.06.2025", dt.date(2025, 6, 30)),
        ("7/7/2025", dt.date(2025, 7, 7)),
        (" 30/06/2025 ", dt.date(2025, 6, 30)),
        ("2025-06-30 00:00:00", dt.date(2025, 6, 30)),  # an Excel date cell exported with time
    ],
)
def test_date_formats(cell: str, day: dt.date) -> None:
    found, invalid = dates([cell])
    assert found == [day] and invalid == [False]


@pytest.mark.parametrize(
    "cell", ["31/06/2025", "29/02/2025", "2025-13-01", "00/00/0000", "07/07/1899", "hôm nay"]
)
def test_impossible_dates_are_unreadable(cell: str) -> None:
    found, invalid = dates([cell])
    assert found == [None] and invalid == [True]


def test_a_time_of_day_is_not_a_report_date() -> None:
    assert dates(["2025-06-30 14:30:00"])[1] == [True]


def test_excel_datetime_cells_read_as_dates() -> None:
    cells = [_cell_text(dt.datetime(2025, 7, 7)), _cell_text(dt.date(2025, 6, 30))]
    assert cells == ["2025-07-07", "2025-06-30"]
    assert dates(cells)[0] == [dt.date(2025, 7, 7), dt.date(2025, 6, 30)]


def test_excel_number_cells_read_in_the_workbook_convention() -> None:
    cells = [_cell_text(34.2), _cell_text(102_000_000_000), _cell_text(12.0)]
    assert cells == ["34,2", "102000000000", "12"]
    assert numbers(cells, comma=True)[0] == [34.2, 102_000_000_000.0, 12.0]


def test_dates_are_parsed_once_per_distinct_text() -> None:
    cells = ["07/07/2025"] * 1000 + ["", "31/06/2025"]
    days, empty, invalid = parsing.read_dates(text(cells))
    assert (days[:1000] == (dt.date(2025, 7, 7) - dt.date(1970, 1, 1)).days).all()
    assert empty.tolist()[-2:] == [True, False] and invalid.tolist()[-2:] == [False, True]
    assert days[-1] == parsing.NO_DAY


def test_coded_words_any_case_or_accents() -> None:
    values, index, unknown = parsing.read_choices(
        text(["NSTW", "nsđp", "Ngân sách địa phương", "khác", "vốn ODA", ""]),
        CAPITAL_SOURCE_SPELLINGS,
    )
    assert [values[i] for i in index[:4]] == ["central", "local", "local", "other"]
    assert unknown.tolist() == [False, False, False, False, True, False]


def test_read_choices_lists_values_in_order_of_appearance() -> None:
    values, index, unknown = parsing.read_choices(
        text(["NSĐP", "NSTW", "nsdp", "?", ""]), CAPITAL_SOURCE_SPELLINGS
    )
    assert values == ["local", "central"]
    assert index.tolist() == [0, 1, 0, -1, -1] and unknown.tolist() == [0, 0, 0, 1, 0]


def test_fold_matches_headers_written_any_way() -> None:
    assert parsing.fold("Diện tích đã bàn giao (ha)") == "dien tich da ban giao ha"
    assert parsing.fold("  MÃ   DỰ ÁN ") == "ma du an"


def test_households_refuse_fractions(demo_store: Store) -> None:
    content = (
        "Mã dự án;Xã/phường;Ngày báo cáo;Diện tích đã bàn giao (ha);Số hộ đã di dời\r\n"
        "HNCL;06184;07/07/2025;600,00;12\r\n"
        "HNCL;06187;07/07/2025;10,00;12,5\r\n"
    ).encode()
    prepared = prepare_upload(
        demo_store, content, "week.csv", user_name="officer", today=dt.date(2025, 7, 8)
    )
    # 12 households is a count; 12,5 is not (other checks may flag other cells of these rows).
    assert [p.row for p in prepared.errors if p.code == "not_whole"] == [3]
