"""Turning an uploaded file's bytes into a table of text cells, as Excel on a Vietnamese PC writes.

CSV in UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text") or Windows-1258, separated by
semicolons, commas or tabs; or an .xlsx workbook. Every cell comes out as text, with the row number
the user sees in Excel, so each error can point at its cell. Limits on size, rows and (for
workbooks) uncompressed size are checked before any parsing work.

The cells are kept as an Arrow table: a 100,000-row file is read by Arrow's CSV reader straight
from its UTF-8 bytes, and the checks that follow work on whole columns.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from tracker.errors import InputError
from tracker.uploads.workbooks import Merge, Sheet, WorkbookRejected, read_sheets, workbook_format

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 100
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
_HEADER_SEARCH_ROWS = 10
_HEAD_BYTES = 65_536  # enough of the file to find the delimiter and the first row's width
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


#: Tells whether a row of cells is the header row (files may carry a title above it).
HeaderTest = Callable[[list[str]], bool]


class FileRejected(InputError):  # noqa: N818 (reads as what happened to the file)
    """The file as a whole cannot be read; nothing in it was looked at row by row."""


@dataclass(frozen=True)
class RawTable:
    """Text cells of a file below its header row; blank rows are dropped, row numbers kept.

    ``table`` columns are named by the header texts' positions ("0", "1", …) and hold no nulls.
    """

    header: list[str]
    table: pa.Table
    rows: npt.NDArray[np.int64]  # row number as Excel shows it, per row of ``table``
    header_row: int
    encoding: str
    delimiter: str
    file_format: str  # "csv", "xlsx", "xls" or "ods"
    #: The cells as the file wrote them, where ``table`` holds them converted (a form's amounts in
    #: triệu đồng, say): problems show these. Same shape as ``table``.
    written: pa.Table | None = None


def read_table(content: bytes, filename: str, is_header: HeaderTest | None = None) -> RawTable:
    """Read an uploaded file; raise :class:`FileRejected` with a reason a person can act on."""
    _check_bytes(content, filename)
    workbook = workbook_format(content)
    if workbook is not None:
        table = _workbook_sheets(content, filename, first_only=True)[0].table
        _check_rows(table.num_rows, filename)
        return _raw(table, filename, "utf-8", ";", workbook, is_header, composed=True)
    table, encoding, delimiter, composed = _csv_cells(content, filename)
    return _raw(table, filename, encoding, delimiter, "csv", is_header, composed=composed)


@dataclass(frozen=True)
class Grid:
    """Every row of one sheet (or of a CSV file) as text cells, nothing skipped: row ``i`` of
    ``table`` is row ``i + 1`` as Excel shows it. ``merged`` lists merged ranges where the file
    keeps them (CSV does not)."""

    name: str
    table: pa.Table
    merged: tuple[Merge, ...]
    encoding: str
    delimiter: str
    file_format: str


def read_grids(content: bytes, filename: str) -> list[Grid]:
    """Every sheet of a workbook, or the one table of a CSV file, with all its rows (titles,
    headers, totals and signatures included), for reading a form that is not the template."""
    _check_bytes(content, filename)
    workbook = workbook_format(content)
    if workbook is not None:
        return [
            Grid(s.name, s.table, s.merged, "utf-8", ";", workbook)
            for s in _workbook_sheets(content, filename, first_only=False)
        ]
    table, encoding, delimiter, composed = _csv_cells(content, filename)
    return [Grid("", table if composed else _compose(table), (), encoding, delimiter, "csv")]


def table_of_grid(grid: Grid, filename: str, is_header: HeaderTest | None = None) -> RawTable:
    """:func:`read_table` of a sheet already read (a workbook is opened once)."""
    _check_rows(grid.table.num_rows, filename)
    return _raw(
        grid.table,
        filename,
        grid.encoding,
        grid.delimiter,
        grid.file_format,
        is_header,
        composed=True,
    )


def _check_bytes(content: bytes, filename: str) -> None:
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


def _csv_cells(content: bytes, filename: str) -> tuple[pa.Table, str, str, bool]:
    """A CSV file's rows as text, its encoding, its delimiter and whether it is already NFC."""
    data, encoding, composed = _utf8(content, filename)
    head = data[:_HEAD_BYTES].to_pybytes().decode("utf-8", errors="ignore")
    delimiter = _sniff_delimiter(head)
    # A quote byte anywhere (in any of the encodings read) is needed for a quoted cell.
    table = _csv_table(data, head, delimiter, filename, quoted=b'"' in content)
    return table, encoding, delimiter, composed


def _workbook_sheets(content: bytes, filename: str, *, first_only: bool) -> list[Sheet]:
    try:
        return read_sheets(
            content, filename, first_only=first_only, max_expanded=MAX_XLSX_UNCOMPRESSED
        )
    except WorkbookRejected as exc:
        raise FileRejected(vi=exc.vi, en=exc.en) from exc


def _not_text(filename: str) -> FileRejected:
    return FileRejected(
        vi=f"Tệp '{filename}' không phải tệp văn bản CSV hay Excel (.xlsx). Hãy lưu lại từ "
        "Excel bằng 'CSV UTF-8' hoặc 'Excel Workbook'.",
        en=f"The file '{filename}' is neither a CSV text file nor an Excel workbook (.xlsx). "
        "Save it from Excel as 'CSV UTF-8' or 'Excel Workbook'.",
    )


def _is_utf8(data: pa.Buffer) -> bool:
    """Validated by Arrow: an order of magnitude faster than decoding to a Python string."""
    offsets = pa.py_buffer(np.array([0, data.size], dtype=np.int32))
    try:
        pa.StringArray.from_buffers(1, offsets, data).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _utf8(content: bytes, filename: str) -> tuple[pa.Buffer, str, bool]:
    """The file as UTF-8 bytes, the encoding it was written in, and whether it is already NFC.

    UTF-8 files are passed through untouched (their cells are composed column by column later);
    UTF-16 and Windows-1258 files are decoded, composed and re-encoded.
    """
    if b"\x00" in content[:8192] and not content.startswith(_UTF16_BOMS):
        raise _not_text(filename)
    whole = pa.py_buffer(content)  # slices of it copy nothing
    body = whole[len(_UTF8_BOM) :] if content.startswith(_UTF8_BOM) else whole
    if _is_utf8(body):
        return body, "utf-8", False
    for encoding in ("utf-16", "cp1258"):
        if encoding == "utf-16" and not content.startswith(_UTF16_BOMS):
            continue
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Windows-1258 writes tone marks as separate combining characters; compose them.
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        return pa.py_buffer(text.encode("utf-8")), encoding, True
    raise FileRejected(
        vi=f"Không đọc được bảng mã của tệp '{filename}'. Hãy lưu lại từ Excel bằng 'CSV UTF-8'.",
        en=f"Cannot tell the text encoding of '{filename}'. Save it from Excel as 'CSV UTF-8'.",
    )


def _compose(table: pa.Table) -> pa.Table:
    """Cells in NFC (precomposed letters, as the names they are matched against are written).

    Only columns with non-ASCII text are looked at, and only through their distinct values.
    """
    columns = []
    for column in table.columns:
        ascii_cells = pc.string_is_ascii(column)
        others = len(column) - pc.sum(ascii_cells).as_py() if len(column) else 0
        if not others:
            columns.append(column)
            continue
        # Few non-ASCII cells (a unit in a number column): look at those alone.
        texts = column.filter(pc.invert(ascii_cells)) if 2 * others < len(column) else column
        if all(unicodedata.is_normalized("NFC", text) for text in pc.unique(texts).to_pylist()):
            columns.append(column)
        else:
            columns.append(pc.utf8_normalize(column, "NFC"))
    return pa.table(columns, names=table.column_names)


def _sniff_delimiter(head: str) -> str:
    # The first line with any delimiter: a title line of a form may have none.
    lines = [line for line in head.splitlines()[:_HEADER_SEARCH_ROWS] if line.strip()]
    first = next((line for line in lines if any(d in line for d in ";,\t")), "")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_table(
    data: pa.Buffer, head: str, delimiter: str, filename: str, *, quoted: bool
) -> pa.Table:
    """Every row, header included, as text. Arrow's reader is fast; ragged files (rows with more
    or fewer cells than the first) fall back to the csv module."""
    first_row = next(iter(_csv_rows(head, delimiter, filename)), [])
    width = min(max(len(first_row), 1), MAX_COLUMNS + 1)
    names = [str(i) for i in range(width)]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 20),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                # Without quotes no cell can hold a line break, and blocks split in parallel.
                newlines_in_values=quoted,
                ignore_empty_lines=False,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        rows: list[list[str]] = []
        for row in _csv_rows(data.to_pybytes().decode("utf-8"), delimiter, filename):
            rows.append(row)
            _check_rows(len(rows), filename)
        return _rows_table(rows)
    _check_rows(table.num_rows, filename)
    return table


def _csv_rows(text: str, delimiter: str, filename: str) -> Iterator[list[str]]:
    """Rows of CSV text by the csv module (any line ends, as Excel and others write them)."""
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as exc:
        raise FileRejected(
            vi=f"Không đọc được tệp '{filename}' như bảng CSV ({exc}). Hãy mở bằng Excel và lưu "
            "lại bằng 'CSV UTF-8'.",
            en=f"Cannot read '{filename}' as a CSV table ({exc}). Open it in Excel and save it "
            "again as 'CSV UTF-8'.",
        ) from exc


def _rows_table(rows: list[list[str]]) -> pa.Table:
    width = min(max((len(r) for r in rows), default=1), MAX_COLUMNS + 1)
    columns = [[r[i] if i < len(r) else "" for r in rows] for i in range(width)]
    return pa.table(
        [pa.array(c, type=pa.string()) for c in columns], names=[str(i) for i in range(width)]
    )


def _check_rows(count: int, filename: str) -> None:
    if count > MAX_ROWS + _HEADER_SEARCH_ROWS:
        raise FileRejected(
            vi=f"Tệp '{filename}' có hơn {MAX_ROWS:,} dòng, vượt giới hạn. Hãy chia nhỏ tệp.",
            en=f"The file '{filename}' has more than {MAX_ROWS:,} rows, over the limit. Split it.",
        )


def _find_header(table: pa.Table, is_header: HeaderTest | None) -> int:
    if is_header is None:
        return 0
    top = table.slice(0, _HEADER_SEARCH_ROWS).to_pydict()
    columns = list(top.values())
    for i in range(min(_HEADER_SEARCH_ROWS, table.num_rows)):
        if is_header([str(c[i]) for c in columns]):
            return i
    return 0


def _filled(table: pa.Table) -> npt.NDArray[np.bool_]:
    """True for rows with at least one non-blank cell.

    Column by column, looking only at the rows not yet known to be filled: usually the first
    column settles all but the blank rows.
    """
    filled = np.zeros(table.num_rows, dtype=bool)
    open_rows = np.arange(table.num_rows)
    for column in table.columns:
        if not len(open_rows):
            break
        cells = column if len(open_rows) == len(column) else column.take(pa.array(open_rows))
        # utf8_is_space is true for non-empty all-white cells; no trimmed copies are made.
        has_text = pc.and_(
            pc.greater(pc.binary_length(cells), 0), pc.invert(pc.utf8_is_space(cells))
        )
        found = np.asarray(has_text.to_numpy(zero_copy_only=False), dtype=bool)
        filled[open_rows[found]] = True
        open_rows = open_rows[~found]
    return filled


def _raw(
    table: pa.Table,
    filename: str,
    encoding: str,
    delimiter: str,
    file_format: str,
    is_header: HeaderTest | None,
    *,
    composed: bool,
) -> RawTable:
    header_index = _find_header(table, is_header)
    cells = table.slice(header_index, 1).to_pylist()
    if not cells or not any(str(c).strip() for c in cells[0].values()):
        raise FileRejected(
            vi=f"Tệp '{filename}' không có dòng tiêu đề cột. Hãy dùng mẫu tải về từ hệ thống.",
            en=f"The file '{filename}' has no header row. Use the template from the tracker.",
        )
    header = [unicodedata.normalize("NFC", str(c)).strip() for c in cells[0].values()]
    while header and not header[-1]:  # blank trailing columns
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise FileRejected(
            vi=f"Tệp '{filename}' có quá {MAX_COLUMNS} cột. Hãy dùng mẫu tải về từ hệ thống.",
            en=f"The file '{filename}' has more than {MAX_COLUMNS} columns. Use the template.",
        )
    body = table.slice(header_index + 1).select(list(range(len(header))))
    numbers = np.arange(header_index + 2, header_index + 2 + body.num_rows, dtype=np.int64)
    # Drop blank rows (Excel leaves ";;;;" lines below the data) but keep everyone's row number.
    filled = _filled(body)
    if not filled.all():
        body = body.filter(pa.array(filled))
        numbers = numbers[filled]
    if not composed:
        body = _compose(body)
    return RawTable(
        header=header,
        table=body,
        rows=numbers,
        header_row=header_index + 1,
        encoding=encoding,
        delimiter=delimiter,
        file_format=file_format,
    )
