"""Workbooks (.xlsx, .xls, .ods) into sheets of text cells, read by calamine.

calamine (Rust) parses the workbook and hands over each sheet as rows of Python values; the text
each cell would show in a Vietnamese CSV export is then made column by column, through NumPy and
Arrow, never by a Python loop over every cell. Merged ranges come along, so a header written
once over several columns can be read as the parent of the headers below it.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from tracker.errors import InputError

MAX_ROWS = 200_000
MAX_COLUMNS = 100
MAX_UNCOMPRESSED = 200 * 1024 * 1024
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls) compound file
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_EXACT = 2.0**53  # whole numbers below this are written without a decimal part
_TEXT, _NUMBER, _OTHER = 0, 1, 2
_KINDS: dict[type, int] = {str: _TEXT, float: _NUMBER, int: _NUMBER}

#: (first row, first column, last row, last column), 0-based and inclusive, as in the sheet.
Merge = tuple[int, int, int, int]


class WorkbookRejected(InputError):  # noqa: N818 (reads as what happened to the file)
    """The workbook cannot be opened or is too large to read."""


@dataclass(frozen=True)
class Sheet:
    """One sheet's cells as text: row ``i`` of ``table`` is Excel row ``i + 1``, column ``j``
    is column letter ``j`` (A = 0); blank cells are ""."""

    name: str
    table: pa.Table
    merged: tuple[Merge, ...]


def workbook_format(content: bytes) -> str | None:
    """ "xlsx", "xls" or "ods" when ``content`` is such a workbook, else None."""
    if content.startswith(_OLE2):
        return "xls"
    if not content.startswith(b"PK\x03\x04"):
        return None
    # An OpenDocument file starts with its uncompressed "mimetype" member.
    return "ods" if _ODS_MIMETYPE in content[:200] else "xlsx"


def read_sheets(
    content: bytes,
    filename: str,
    *,
    first_only: bool = False,
    max_expanded: int = MAX_UNCOMPRESSED,
) -> list[Sheet]:
    """Every visible sheet of a workbook (or the first one), as text cells."""
    from python_calamine import CalamineWorkbook

    if workbook_format(content) in ("xlsx", "ods"):
        _check_expanded_size(content, filename, max_expanded)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = [
            m.name
            for m in book.sheets_metadata
            if str(m.visible).rsplit(".", 1)[-1].lower() == "visible"
        ] or list(book.sheet_names)
        sheets = []
        for name in names[:1] if first_only else names:
            sheet = book.get_sheet_by_name(name)
            _check_size(sheet.height, filename)
            values = sheet.to_python(skip_empty_area=False)
            merged = tuple(
                (int(a[0]), int(a[1]), int(b[0]), int(b[1]))
                for a, b in (sheet.merged_cell_ranges or [])
            )
            sheets.append(Sheet(name=str(name), table=_text_table(values), merged=merged))
        book.close()
    except WorkbookRejected:
        raise
    except Exception as exc:  # calamine raises its own errors and OSError for foreign files
        raise _unreadable(filename) from exc
    return sheets


def _unreadable(filename: str) -> WorkbookRejected:
    return WorkbookRejected(
        vi=f"Không mở được '{filename}' như một tệp Excel (.xlsx, .xls) hay OpenDocument (.ods): "
        "tệp hỏng hoặc không phải bảng tính. Hãy mở bằng Excel và lưu lại.",
        en=f"Cannot open '{filename}' as an Excel workbook (.xlsx, .xls) or OpenDocument sheet "
        "(.ods): it is damaged or not a spreadsheet. Open it in Excel and save it again.",
    )


def _check_expanded_size(content: bytes, filename: str, limit: int) -> None:
    """Refuse zip bombs by their declared sizes (zipfile never inflates past them)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise _unreadable(filename) from exc
    if total > limit:
        raise WorkbookRejected(
            vi=f"Tệp '{filename}' giải nén ra {total / 1e6:.0f} MB, vượt giới hạn "
            f"{limit / 1e6:.0f} MB. Hãy chia nhỏ tệp.",
            en=f"The workbook '{filename}' expands to {total / 1e6:.0f} MB, over the "
            f"{limit / 1e6:.0f} MB limit. Split it.",
        )


def _check_size(rows: int, filename: str) -> None:
    if rows > MAX_ROWS + 50:
        raise WorkbookRejected(
            vi=f"Tệp '{filename}' có hơn {MAX_ROWS:,} dòng, vượt giới hạn. Hãy chia nhỏ tệp.",
            en=f"The file '{filename}' has more than {MAX_ROWS:,} rows, over the limit. Split it.",
        )


def _text_table(values: Sequence[Sequence[object]]) -> pa.Table:
    """Rows of cell values into string columns "0", "1", …, at most ``MAX_COLUMNS + 1`` wide.

    Text cells are kept (composed to NFC where needed); numbers are written with a decimal comma
    and no grouping; dates as yyyy-mm-dd. Cell types are told apart by C-level ``map`` calls and
    the numbers of all columns are converted as one array, so no Python code runs per cell.
    """
    width = min(max((len(r) for r in values), default=1), MAX_COLUMNS + 1)
    if not values:
        return pa.table({"0": pa.array([], pa.string())})
    same = all(len(r) == width for r in values)
    columns = list(zip(*(values if same else (r[:width] for r in values)), strict=True))
    texts, numbers = [], []
    for cells in columns:
        kind = np.fromiter(
            map(_KINDS.get, map(type, cells), repeat(_OTHER)), dtype=np.int8, count=len(cells)
        )
        column = np.empty(len(cells), dtype=object)
        column[:] = cells
        others = kind == _OTHER
        if others.any():  # dates, times and booleans: few per sheet
            column[others] = [cell_text(v) for v in column[others]]
        texts.append(column)
        numbers.append(kind == _NUMBER)
    found = [column[mask] for column, mask in zip(texts, numbers, strict=True)]
    if any(len(f) for f in found):
        written = _number_texts(np.concatenate(found).astype(np.float64))
        start = 0
        for column, mask, part in zip(texts, numbers, found, strict=True):
            column[mask] = written[start : start + len(part)]
            start += len(part)
    return pa.table(
        [_composed(pa.array(c, pa.string())) for c in texts],
        names=[str(i) for i in range(len(texts))],
    )


def _number_texts(values: npt.NDArray[np.float64]) -> list[str]:
    """Numbers as text with a decimal comma: whole ones without decimals, others in the shortest
    form that reads back to the same value."""
    whole = (np.floor(values) == values) & (np.abs(values) < _EXACT)
    out = pa.array(values).cast(pa.string())
    if whole.any():
        ints = pa.array(np.where(whole, values, 0).astype(np.int64)).cast(pa.string())
        out = pc.if_else(pa.array(whole), ints, out)
    return list(pc.replace_substring(out, ".", ",").to_pylist())


def _composed(column: pa.Array) -> pa.Array:
    """Text in NFC; only the distinct non-ASCII cells are looked at."""
    if column.null_count:
        column = pc.fill_null(column, "")
    if pc.all(pc.string_is_ascii(column)).as_py() in (True, None):
        return column
    texts = pc.unique(column).to_pylist()
    if all(unicodedata.is_normalized("NFC", t) for t in texts):
        return column
    return pc.utf8_normalize(column, "NFC")


def cell_text(value: object) -> str:
    """A workbook cell as the text a Vietnamese CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number_texts(np.array([value]))[0]
    return unicodedata.normalize("NFC", str(value))
