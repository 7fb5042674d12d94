"""Turning an uploaded file's bytes into a table of text cells, as Excel on a Vietnamese PC writes.

CSV in UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text") or Windows-1258, separated by
semicolons, commas or tabs; or an .xlsx workbook. Every cell comes out as text, with the row number
the user sees in Excel, so each error can point at its cell. Limits on size, rows and (for
workbooks) uncompressed size are checked before any parsing work.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from tracker.errors import InputError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 100
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
_HEADER_SEARCH_ROWS = 10


#: Tells whether a row of cells is the header row (files may carry a title above it).
HeaderTest = Callable[[list[str]], bool]


class FileRejected(InputError):  # noqa: N818 (reads as what happened to the file)
    """The file as a whole cannot be read; nothing in it was looked at row by row."""


@dataclass(frozen=True)
class RawTable:
    """Text cells of a file. ``frame`` columns are the header texts' positions ("0", "1", …)."""

    header: list[str]
    frame: pd.DataFrame
    row_numbers: pd.Series  # row number as Excel shows it (the header row is ``header_row``)
    header_row: int
    encoding: str
    delimiter: str
    file_format: str  # "csv" or "xlsx"


def read_table(content: bytes, filename: str, is_header: HeaderTest | None = None) -> RawTable:
    """Read an uploaded file; raise :class:`FileRejected` with a reason a person can act on."""
    if not content:
        raise FileRejected(
            vi=f"Tệp '{filename}' trống. Hãy chọn tệp báo cáo có dữ liệu.",
            en=f"The file '{filename}' is empty. Choose a report file with data in it.",
        )
    if len(content) > MAX_FILE_BYTES:
        raise FileRejected(
            vi=f"Tệp '{filename}' lớn {len(content) / 1e6:.1f} MB, vượt giới hạn "
            f"{MAX_FILE_BYTES / 1e6:.0f} MB. Hãy chia tệp theo dự án hoặc theo tuần.",
            en=f"The file '{filename}' is {len(content) / 1e6:.1f} MB, over the "
            f"{MAX_FILE_BYTES / 1e6:.0f} MB limit. Split it by project or by week.",
        )
    if content[:4] == b"PK\x03\x04":
        frame = _rows_frame(_xlsx_rows(content, filename))
        return _table(frame, filename, "utf-8", ";", "xlsx", is_header)
    text, encoding = _decode(content, filename)
    delimiter = _sniff_delimiter(text)
    frame = _csv_frame(text, delimiter, filename)
    return _table(frame, filename, encoding, delimiter, "csv", is_header)


def _decode(content: bytes, filename: str) -> tuple[str, str]:
    if b"\x00" in content[:8192] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(
            vi=f"Tệp '{filename}' không phải tệp văn bản CSV hay Excel (.xlsx). Hãy lưu lại từ "
            "Excel bằng 'CSV UTF-8' hoặc 'Excel Workbook'.",
            en=f"The file '{filename}' is neither a CSV text file nor an Excel workbook (.xlsx). "
            "Save it from Excel as 'CSV UTF-8' or 'Excel Workbook'.",
        )
    for encoding in ("utf-8-sig", "utf-16", "cp1258"):
        if encoding == "utf-16" and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Windows-1258 writes tone marks as separate combining characters; compose them.
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise FileRejected(
        vi=f"Không đọc được bảng mã của tệp '{filename}'. Hãy lưu lại từ Excel bằng 'CSV UTF-8'.",
        en=f"Cannot tell the text encoding of '{filename}'. Save it from Excel as 'CSV UTF-8'.",
    )


def _sniff_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines()[:_HEADER_SEARCH_ROWS] if line.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_frame(text: str, delimiter: str, filename: str) -> pd.DataFrame:
    """Every row, header included, as text. Arrow's reader is fast; ragged files (rows with more
    cells than the header) fall back to the csv module."""
    header_line = next(iter(csv.reader(io.StringIO(text[:65536]), delimiter=delimiter)), [])
    width = min(max(len(header_line), 1), MAX_COLUMNS + 1)
    names = [str(i) for i in range(width)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        rows: list[list[str]] = []
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            rows.append(row)
            _check_rows(len(rows), filename)
        return _rows_frame(rows)
    _check_rows(table.num_rows, filename)
    frame: pd.DataFrame = table.to_pandas()
    return frame


def _rows_frame(rows: list[list[str]]) -> pd.DataFrame:
    width = min(max((len(r) for r in rows), default=1), MAX_COLUMNS + 1)
    padded = [(r + [""] * (width - len(r)))[:width] for r in rows]
    return pd.DataFrame(padded, columns=[str(i) for i in range(width)], dtype="str")


def _check_rows(count: int, filename: str) -> None:
    if count > MAX_ROWS + _HEADER_SEARCH_ROWS:
        raise FileRejected(
            vi=f"Tệp '{filename}' có hơn {MAX_ROWS:,} dòng, vượt giới hạn. Hãy chia nhỏ tệp.",
            en=f"The file '{filename}' has more than {MAX_ROWS:,} rows, over the limit. Split it.",
        )


def _xlsx_rows(content: bytes, filename: str) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            total = sum(info.file_size for info in archive.infolist())
            if total > MAX_XLSX_UNCOMPRESSED:
                raise FileRejected(
                    vi=f"Tệp Excel '{filename}' giải nén ra {total / 1e6:.0f} MB, vượt giới hạn "
                    f"{MAX_XLSX_UNCOMPRESSED / 1e6:.0f} MB. Hãy chia nhỏ tệp.",
                    en=f"The workbook '{filename}' expands to {total / 1e6:.0f} MB, over the "
                    f"{MAX_XLSX_UNCOMPRESSED / 1e6:.0f} MB limit. Split it.",
                )
            if "xl/workbook.xml" not in archive.namelist():
                raise zipfile.BadZipFile("no workbook part")
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except FileRejected:
        raise
    except Exception as exc:  # openpyxl raises many types for damaged or foreign zip files
        raise FileRejected(
            vi=f"Không mở được '{filename}' như một tệp Excel (.xlsx): tệp hỏng hoặc không phải "
            "bảng tính. Hãy lưu lại từ Excel.",
            en=f"Cannot open '{filename}' as an Excel workbook (.xlsx): it is damaged or not a "
            "spreadsheet. Save it again from Excel.",
        ) from exc
    try:
        sheet = book.worksheets[0]
        rows: list[list[str]] = []
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            rows.append([_cell_text(v) for v in values])
            _check_rows(len(rows), filename)
        return rows
    finally:
        book.close()


def _cell_text(value: object) -> str:
    """A workbook cell as the text a CSV export of it would hold (Vietnamese conventions)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        if text.endswith(".0"):
            text = text[:-2]
        return text.replace(".", ",")  # decimal comma, matching the delimiter hint ";"
    return str(value)


def _table(
    frame: pd.DataFrame,
    filename: str,
    encoding: str,
    delimiter: str,
    file_format: str,
    is_header: HeaderTest | None,
) -> RawTable:
    frame = frame.fillna("").astype("str")
    header_index = 0
    if is_header is not None:
        for i in range(min(_HEADER_SEARCH_ROWS, len(frame))):
            if is_header(frame.iloc[i].tolist()):
                header_index = i
                break
    if frame.empty or not any(c.strip() for c in frame.iloc[header_index]):
        raise FileRejected(
            vi=f"Tệp '{filename}' không có dòng tiêu đề cột. Hãy dùng mẫu tải về từ hệ thống.",
            en=f"The file '{filename}' has no header row. Use the template from the tracker.",
        )
    header = [c.strip() for c in frame.iloc[header_index]]
    while header and not header[-1]:  # blank trailing columns
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise FileRejected(
            vi=f"Tệp '{filename}' có quá {MAX_COLUMNS} cột. Hãy dùng mẫu tải về từ hệ thống.",
            en=f"The file '{filename}' has more than {MAX_COLUMNS} columns. Use the template.",
        )
    body = frame.iloc[header_index + 1 :, : len(header)].reset_index(drop=True)
    numbers = pd.Series(range(header_index + 2, header_index + 2 + len(body)), dtype="int64")
    # Drop blank rows (Excel leaves ";;;;" lines below the data) but keep everyone's row number.
    filled = pd.Series(False, index=body.index)
    for column in body.columns:
        filled |= body[column].str.strip() != ""
    return RawTable(
        header=header,
        frame=body[filled].reset_index(drop=True),
        row_numbers=numbers[filled].reset_index(drop=True),
        header_row=header_index + 1,
        encoding=encoding,
        delimiter=delimiter,
        file_format=file_format,
    )
