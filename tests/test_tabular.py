"""Reading uploaded bytes into text cells: encodings, delimiters, row numbers, limits."""

from __future__ import annotations

import importlib.util
import io
import unicodedata
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from tracker.uploads import files as tabular
from tracker.uploads.files import FileRejected, RawTable, read_table
from tracker.uploads.headers import looks_like_header

HEADER = "Mã dự án;Xã/phường;Ngày báo cáo;Diện tích đã bàn giao (ha);Ghi chú"
_spec = importlib.util.spec_from_file_location(
    "make_files", Path(__file__).parent / "data" / "uploads" / "make_files.py"
)
assert _spec is not None and _spec.loader is not None
make_files = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_files)


def read(content: bytes, name: str = "tuan.csv") -> RawTable:
    return read_table(content, name, looks_like_header)


def cells(raw: RawTable) -> list[list[str]]:
    columns = raw.table.to_pydict().values()
    return [list(row) for row in zip(*columns, strict=True)]


def csv_bytes(lines: list[str], *, encoding: str = "utf-8-sig", delimiter: str = ";") -> bytes:
    return "\r\n".join(line.replace(";", delimiter) for line in lines).encode(encoding)


def test_utf8_with_bom() -> None:
    raw = read(csv_bytes([HEADER, "HNCL;Tân Văn;07/07/2025;12,5;"]))
    assert raw.header[0] == "Mã dự án" and raw.encoding == "utf-8"
    assert cells(raw) == [["HNCL", "Tân Văn", "07/07/2025", "12,5", ""]]


def test_windows_1258_with_combining_tone_marks_is_composed() -> None:
    content = make_files.cp1258("\r\n".join([HEADER, "DDTL;Hùng Sơn;07/07/2025;137,5;xã cũ"]))
    assert unicodedata.normalize("NFC", content.decode("cp1258")) != content.decode("cp1258")
    raw = read(content)
    assert raw.encoding == "cp1258"
    assert raw.header[0] == "Mã dự án"
    assert cells(raw)[0][1] == "Hùng Sơn"
    assert unicodedata.is_normalized("NFC", cells(raw)[0][1])


def test_utf8_with_decomposed_letters_is_composed() -> None:
    nfd = unicodedata.normalize("NFD", "HNCL;Hùng Sơn;07/07/2025;1;Đo đạc lại")
    raw = read(csv_bytes([HEADER, nfd], encoding="utf-8"))
    assert cells(raw)[0][1] == "Hùng Sơn" and cells(raw)[0][4] == "Đo đạc lại"


def test_utf16_unicode_text_with_tabs() -> None:
    raw = read(
        csv_bytes([HEADER, "HNCL;Tân Văn;07/07/2025;12,5;"], encoding="utf-16", delimiter="\t")
    )
    assert raw.encoding == "utf-16" and raw.delimiter == "\t"
    assert cells(raw)[0][:2] == ["HNCL", "Tân Văn"]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_delimiter_is_sniffed(delimiter: str) -> None:
    raw = read(csv_bytes([HEADER, "HNCL;Tân Văn;07/07/2025;12;"], delimiter=delimiter))
    assert raw.delimiter == delimiter and len(raw.header) == 5


def test_title_rows_above_the_header_are_skipped_with_row_numbers_kept() -> None:
    raw = read(
        csv_bytes(["BÁO CÁO TIẾN ĐỘ GPMB;;;;", ";;;;", HEADER, "HNCL;Tân Văn;07/07/2025;1;"])
    )
    assert raw.header_row == 3 and raw.rows.tolist() == [4]


def test_blank_rows_are_dropped_and_row_numbers_kept() -> None:
    lines = [HEADER, "HNCL;A;07/07/2025;1;", ";;;;", "  ; ;;;", "HNCL;B;07/07/2025;2;", ";;;;"]
    raw = read(csv_bytes(lines))
    assert raw.rows.tolist() == [2, 5]
    assert [c[1] for c in cells(raw)] == ["A", "B"]
    assert raw.table.column("1").to_pylist() == ["A", "B"]


def test_blank_trailing_columns_are_dropped() -> None:
    raw = read(csv_bytes([HEADER + ";;", "HNCL;A;07/07/2025;1;;;"]))
    assert len(raw.header) == 5 and raw.table.num_columns == 5


def test_multi_line_quoted_notes_keep_excel_row_numbers() -> None:
    lines = [
        HEADER,
        'HNCL;A;07/07/2025;1;"dòng một\r\ndòng hai\r\ndòng ba"',
        "HNCL;B;07/07/2025;2;",
        'HNCL;C;07/07/2025;3;"có ; dấu chấm phẩy"',
    ]
    raw = read(csv_bytes(lines))
    # Excel shows a quoted multi-line cell as one row: B is row 3, not row 5.
    assert raw.rows.tolist() == [2, 3, 4]
    assert cells(raw)[0][4] == "dòng một\r\ndòng hai\r\ndòng ba"
    assert cells(raw)[2][4] == "có ; dấu chấm phẩy"


def test_ragged_rows_are_padded_or_cut_to_the_header() -> None:
    lines = [HEADER, "HNCL;A;07/07/2025;1;;extra;cells", "HNCL;B", "", "HNCL;C;07/07/2025;3;"]
    raw = read(csv_bytes(lines))
    assert raw.rows.tolist() == [2, 3, 5]  # the empty row 4 is dropped, its number kept
    assert cells(raw) == [
        ["HNCL", "A", "07/07/2025", "1", ""],
        ["HNCL", "B", "", "", ""],
        ["HNCL", "C", "07/07/2025", "3", ""],
    ]


def test_lone_carriage_returns_end_lines() -> None:
    raw = read(("\r" + HEADER + "\rHNCL;A;07/07/2025;1;\r").encode())
    assert raw.header[0] == "Mã dự án" and cells(raw)[0][1] == "A"


def test_xlsx_cells_as_text() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Báo cáo tuần 28"])
    sheet.append(HEADER.split(";"))
    import datetime as dt

    sheet.append(["HNCL", "Tân Văn", dt.datetime(2025, 7, 7), 34.2, None])
    buffer = io.BytesIO()
    book.save(buffer)
    raw = read(buffer.getvalue(), "tuan.xlsx")
    assert raw.file_format == "xlsx" and raw.header_row == 2
    assert cells(raw) == [["HNCL", "Tân Văn", "2025-07-07", "34,2", ""]]
    assert raw.rows.tolist() == [3]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (bytes(range(256)) * 8, "neither a CSV"),
        (b"\r\n\r\n", "no header row"),
        (b"PK\x03\x04 not really a zip", "Excel workbook"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(content: bytes, words: str) -> None:
    with pytest.raises(FileRejected) as caught:
        read(content)
    assert words in caught.value.en and caught.value.vi


def test_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_FILE_BYTES", 1_000)
    with pytest.raises(FileRejected) as caught:
        read(csv_bytes([HEADER] + ["HNCL;A;07/07/2025;1;"] * 100))
    assert "over the" in caught.value.en and "vượt giới hạn" in caught.value.vi


def test_row_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_ROWS", 20)
    read(csv_bytes([HEADER] + ["HNCL;A;07/07/2025;1;"] * 25))  # the limit leaves room for titles
    with pytest.raises(FileRejected) as caught:
        read(csv_bytes([HEADER] + ["HNCL;A;07/07/2025;1;"] * 40))
    assert "more than 20 rows" in caught.value.en


def test_row_limit_on_the_slow_path_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_ROWS", 20)
    with pytest.raises(FileRejected):
        read(csv_bytes([HEADER] + ["HNCL;A", ""] * 40))


def test_column_limit() -> None:
    header = ";".join(f"Cột {i}" for i in range(tabular.MAX_COLUMNS + 5))
    with pytest.raises(FileRejected) as caught:
        read_table(csv_bytes([header, "1"]), "wide.csv")
    assert f"more than {tabular.MAX_COLUMNS} columns" in caught.value.en


def test_workbook_expanding_past_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_XLSX_UNCOMPRESSED", 1_000_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 2_000_000)  # 2 MB of zeros
    assert len(buffer.getvalue()) < 10_000  # a "zip bomb": tiny file, large declared size
    with pytest.raises(FileRejected) as caught:
        read(buffer.getvalue(), "bomb.xlsx")
    assert "expands to 2 MB, over the 1 MB limit" in caught.value.en
    assert "giải nén ra 2 MB" in caught.value.vi


def test_invalid_utf8_falls_back_to_windows_1258() -> None:
    content = b"project_code;commune;report_date;cleared_ha\r\nHNCL;T\xe2n V\xe3n;07/07/2025;1\r\n"
    raw = read(content)
    assert raw.encoding == "cp1258" and cells(raw)[0][1] == "Tân Văn"
