"""Reading the values people type in Excel: numbers, dates, headers and coded words.

A weekly file can have 100,000 rows, so every parser works on whole columns: Arrow arrays of cell
text, read through their distinct values (a file has few distinct dates, project codes or commune
names) or, for numbers, through the distinct *shapes* of their cells ("596,94" and "133,27" are both
``999,99``): whether a cell is a number, and which decimal mark it shows, follows from its shape.
Every parser returns parsed values plus a mask of cells it could not read; it never raises for bad
data — the caller turns the mask into per-cell errors. The pandas functions at the end wrap the
Arrow ones for callers that hold Series.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# Units and spacing people leave in number cells: "596,94 ha", "2 169,9", "15.000.000 đ".
# Patterns are RE2 (Arrow compute), applied to the few cells that hold more than digits and marks.
_UNITS = r"(?i)\s*(?:ha|héc\s*ta|hecta|m2|m²|km|tỷ|tỉ|triệu|đồng|đ|vnd|vnđ|hộ)\.?\s*$"
_SPACES = "[\\s\u00a0\u202f\u2009']+"
# Evidence for the decimal mark, matched against cell shapes (every ASCII digit written as 9).
# "1.550,75" needs at least one thousands group before its comma: "1,550" alone is ambiguous.
_COMMA_DECIMAL = r"-?\d{1,3}(?:\.\d{3})+,\d+|-?\d+,\d{1,2}|-?\d+,\d{4,}"
_DOT_DECIMAL = r"-?\d{1,3}(?:,\d{3})+\.\d+|-?\d+\.\d{1,2}|-?\d+\.\d{4,}"
_DOT_THOUSANDS = r"-?\d{1,3}(?:\.\d{3}){2,}"
_COMMA_THOUSANDS = r"-?\d{1,3}(?:,\d{3}){2,}"
_PLAIN_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_EVIDENCE = {
    "comma": re.compile(f"{_COMMA_DECIMAL}|{_DOT_THOUSANDS}", re.ASCII),
    "dot": re.compile(f"{_DOT_DECIMAL}|{_COMMA_THOUSANDS}", re.ASCII),
}
_PLAIN = re.compile(_PLAIN_NUMBER, re.ASCII)

Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

# Byte table: every ASCII digit becomes "9" in a cell's shape.
_SHAPE_BYTES = np.arange(256, dtype=np.uint8)
_SHAPE_BYTES[ord("0") : ord("9") + 1] = ord("9")
_SIMPLE_SHAPE = frozenset("9.,+-")  # shapes of cells that need no cleaning


@dataclass(frozen=True)
class Parsed:
    """Parsed values (NaN/NaT/None where empty or unreadable) and the cells that were unreadable."""

    values: pd.Series
    invalid: pd.Series  # True where a non-empty cell could not be read


def fold(text: str) -> str:
    """Lower-case, no diacritics, single spaces: for matching headers and coded words."""
    nfd = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "D")
    plain = "".join(c for c in nfd if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", plain).split())


# -- Arrow helpers -------------------------------------------------------------------------------


def text_array(cells: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One contiguous string array, missing cells as ""."""
    if isinstance(cells, pa.ChunkedArray):
        cells = cells.combine_chunks() if cells.num_chunks != 1 else cells.chunk(0)
    if cells.type != pa.string():
        cells = cells.cast(pa.string())
    if cells.null_count:
        cells = pc.fill_null(cells, "")
    return cells


def distinct(cells: pa.Array) -> tuple[Ints, list[str]]:
    """Each cell's index into the list of distinct cell texts (a file repeats most texts)."""
    encoded = pc.dictionary_encode(text_array(cells))
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    indices = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
    return indices, encoded.dictionary.to_pylist()


def trimmed(cells: pa.Array) -> pa.Array:
    """Cells without leading and trailing white space (non-breaking spaces included)."""
    return pc.utf8_trim_whitespace(text_array(cells))


def blank_cells(cells: pa.Array) -> Bools:
    """True where a cell is empty or only white space."""
    return np.asarray(pc.equal(trimmed(cells), "").to_numpy(zero_copy_only=False), dtype=bool)


def _buffers(cells: pa.Array) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.uint8]]:
    """Offsets (from 0) and bytes of a string array, without copying where possible."""
    cells = text_array(cells)
    _, offsets_buffer, data_buffer = cells.buffers()
    offsets = np.frombuffer(
        offsets_buffer, dtype=np.int32, count=len(cells) + 1, offset=4 * cells.offset
    )
    start, end = int(offsets[0]), int(offsets[-1])
    data = (
        np.frombuffer(data_buffer, dtype=np.uint8, count=end - start, offset=start)
        if data_buffer is not None and end > start
        else np.zeros(0, dtype=np.uint8)
    )
    return offsets - start, data


def _strings(offsets: npt.NDArray[np.integer], data: npt.NDArray[np.uint8]) -> pa.Array:
    return pa.StringArray.from_buffers(
        len(offsets) - 1, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data)
    )


# -- numbers -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NumberCells:
    """The cells of one number column, cleaned of units and spaces, read through their shapes."""

    text: pa.Array  # cleaned cell text
    empty: Bools  # True where nothing is left after cleaning
    shape_of: Ints  # each cell's index into ``shapes``
    shapes: list[str]  # distinct cleaned cells with every ASCII digit written as 9
    needed_cleaning: Bools  # True where the cell held more than digits, marks and a sign


def _clean_numbers(cells: pa.Array) -> pa.Array:
    """Strip units and spaces (incl. non-breaking) from number cells; keep digits and marks."""
    text = pc.utf8_trim_whitespace(cells)
    text = pc.replace_substring_regex(text, _UNITS, "")
    return pc.replace_substring_regex(text, _SPACES, "")


def number_cells(cells: pa.Array | pa.ChunkedArray) -> NumberCells:
    """Clean a number column; only cells with letters or spaces go through the slow patterns."""
    text = text_array(cells)
    shape_of, shapes = _shapes(text)
    # A shape holds what its cell holds besides digits, so it tells which cells need cleaning.
    messy = np.array([not set(s) <= _SIMPLE_SHAPE for s in shapes], dtype=bool)[shape_of]
    if messy.any():
        cleaned = _clean_numbers(text.take(pa.array(np.flatnonzero(messy))))
        text = pc.replace_with_mask(text, pa.array(messy), cleaned)
        shape_of, shapes = _shapes(text)
    return NumberCells(
        text=text,
        empty=np.array([s == "" for s in shapes], dtype=bool)[shape_of],
        shape_of=shape_of,
        shapes=shapes,
        needed_cleaning=messy,
    )


def _shapes(text: pa.Array) -> tuple[Ints, list[str]]:
    """Each cell's index into the distinct cell shapes (every ASCII digit written as 9)."""
    offsets, data = _buffers(text)
    return distinct(_strings(offsets, np.take(_SHAPE_BYTES, data)))


def mark_evidence(columns: list[NumberCells]) -> tuple[int, int]:
    """Cells that can only be read with a decimal comma, and those only with a decimal dot."""
    counts = {"comma": 0, "dot": 0}
    for column in columns:
        per_shape = np.bincount(column.shape_of, minlength=len(column.shapes))
        for shape, count in zip(column.shapes, per_shape, strict=True):
            for mark, pattern in _EVIDENCE.items():
                if pattern.fullmatch(shape):
                    counts[mark] += int(count)
    return counts["comma"], counts["dot"]


def comma_decides(columns: list[NumberCells], delimiter: str) -> bool:
    """Whether the file writes decimals with a comma (Vietnamese Excel) or a dot.

    Decided from the unambiguous cells of all number columns ("596,94", "1.550,75" → comma;
    "596.94", "1,550.75" → dot). With none ("1,550" alone is ambiguous), a semicolon-delimited file
    is taken as Vietnamese-locale and a comma-delimited one as not.
    """
    comma, dot = mark_evidence(columns)
    if comma != dot:
        return comma > dot
    return delimiter != ","


def _canonical(text: str, comma_decimal: bool) -> str:
    """A number as written in the file's convention, rewritten with a dot and no grouping."""
    if comma_decimal:
        return text.replace(".", "").replace(",", ".")
    return text.replace(",", "")


def read_numbers(cells: NumberCells, *, comma_decimal: bool) -> tuple[Floats, Bools]:
    """Values (NaN where empty or unreadable) and the non-empty cells that are no number."""
    shapes, shape_of = cells.shapes, cells.shape_of
    readable_shape = [bool(_PLAIN.fullmatch(_canonical(s, comma_decimal))) for s in shapes]
    readable = np.array(readable_shape, dtype=bool)[shape_of]
    # Rewrite every cell's bytes at once: drop grouping marks, turn a decimal comma into a dot.
    # How many marks each cell loses follows from its shape, so no pass over bytes counts them.
    offsets, data = _buffers(cells.text)
    grouping = "." if comma_decimal else ","
    dropped = np.array([s.count(grouping) for s in shapes], dtype=np.int32)
    if dropped.any():
        data = data[data != ord(grouping)]
        lengths = np.diff(offsets) - dropped[shape_of]
        offsets = np.zeros(len(lengths) + 1, dtype=np.int32)
        np.cumsum(lengths, out=offsets[1:])
    if comma_decimal and any("," in s for s in shapes):
        data = np.where(data == ord(","), np.uint8(ord(".")), data)
    text = _strings(offsets, data)
    if not readable.all():
        text = pc.if_else(pa.array(readable), text, pa.scalar(None, pa.string()))
    values = pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False)
    return np.array(values, dtype=np.float64), ~cells.empty & ~readable  # a writable copy


def contains(cells: pa.Array, pattern: str) -> Bools:
    """True where a cell contains ``pattern`` (RE2)."""
    return np.asarray(
        pc.match_substring_regex(text_array(cells), pattern).to_numpy(zero_copy_only=False),
        dtype=bool,
    )


# -- dates ---------------------------------------------------------------------------------------

_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y", "%Y/%m/%d")
_MIDNIGHT = re.compile(r"[ T]00:00(?::00)?(?:\.0+)?\Z")
NO_DAY = np.iinfo(np.int64).min  # the day number of an empty or unreadable date cell


@lru_cache(maxsize=4096)
def parse_date_text(text: str) -> dt.date | None:
    """One date as typed: dd/mm/yyyy, dd-mm-yyyy or yyyy-mm-dd (also with Excel's midnight)."""
    text = _MIDNIGHT.sub("", text.strip())
    for fmt in _DATE_FORMATS:
        try:
            day = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        if 1900 <= day.year <= 2200:
            return day.date()
    return None


def read_dates(cells: pa.Array | pa.ChunkedArray) -> tuple[Ints, Bools, Bools]:
    """Day numbers since 1970-01-01 (``NO_DAY`` where none), empty cells and unreadable cells.

    Each distinct text is parsed once: a weekly file has few distinct dates and many rows.
    """
    index, texts = distinct(cells)
    epoch = dt.date(1970, 1, 1)
    days = np.full(len(texts), NO_DAY, dtype=np.int64)
    empty = np.zeros(len(texts), dtype=bool)
    for i, text in enumerate(texts):
        empty[i] = not text.strip()
        day = None if empty[i] else parse_date_text(text)
        if day is not None:
            days[i] = (day - epoch).days
    return days[index], empty[index], ~empty[index] & (days[index] == NO_DAY)


def read_choices(
    cells: pa.Array | pa.ChunkedArray, aliases: dict[str, str]
) -> tuple[list[str | None], Ints, Bools]:
    """Coded words through ``aliases`` (folded text → value): the distinct values found, each
    cell's index into them (-1 where empty or unknown) and the non-empty unknown cells."""
    index, texts = distinct(cells)
    found: list[str | None] = []
    position: dict[str, int] = {}
    code = np.full(len(texts), -1, dtype=np.int64)
    unknown = np.zeros(len(texts), dtype=bool)
    for i, text in enumerate(texts):
        if not text.strip():
            continue
        value = aliases.get(fold(text))
        if value is None:
            unknown[i] = True
            continue
        code[i] = position.setdefault(value, len(found))
        if code[i] == len(found):
            found.append(value)
    return found, code[index], unknown[index]
