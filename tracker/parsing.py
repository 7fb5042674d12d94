"""Reading the values people type in Excel: numbers, dates, headers and coded words.

Vectorised over whole columns (pandas string operations), because a weekly file can have 100,000
rows. Every parser returns parsed values plus a mask of cells it could not read; it never raises
for bad data — the caller turns the mask into per-cell errors.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# Units and spacing people leave in number cells: "596,94 ha", "2 169,9", "15.000.000 đ".
# Patterns are RE2 (Arrow compute), applied to whole columns at once.
_UNITS = r"(?i)\s*(?:ha|héc\s*ta|hecta|m2|m²|km|tỷ|tỉ|triệu|đồng|đ|vnd|vnđ|hộ)\.?\s*$"
_SPACES = "[\\s\u00a0\u202f\u2009']+"
_COMMA_DECIMAL = r"^-?\d{1,3}(?:\.\d{3})*,\d+$|^-?\d+,\d{1,2}$|^-?\d+,\d{4,}$"
_DOT_DECIMAL = r"^-?\d{1,3}(?:,\d{3})*\.\d+$|^-?\d+\.\d{1,2}$|^-?\d+\.\d{4,}$"
_DOT_THOUSANDS = r"^-?\d{1,3}(?:\.\d{3}){2,}$"
_COMMA_THOUSANDS = r"^-?\d{1,3}(?:,\d{3}){2,}$"
_PLAIN_NUMBER = r"^[-+]?\d+(?:\.\d+)?$"


def _arrow(column: pd.Series) -> pa.Array:
    return pa.array(column.fillna("").astype("str"), type=pa.string())


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


def blank(column: pd.Series) -> pd.Series:
    """True where a cell is empty or only spaces."""
    return column.isna() | (column.astype("str").str.strip() == "")


def _clean_numbers(cells: pa.Array) -> pa.Array:
    """Strip units and spaces (incl. non-breaking) from number cells; keep digits and marks."""
    text = pc.utf8_trim_whitespace(cells)
    text = pc.replace_substring_regex(text, _UNITS, "")
    return pc.replace_substring_regex(text, _SPACES, "")


def clean_number_text(column: pd.Series) -> pd.Series:
    """Number cells without units and spaces, as text (for messages and tests)."""
    cleaned = _clean_numbers(_arrow(column)).to_pylist()
    return pd.Series(cleaned, index=column.index, dtype="str")


def _count(cells: pa.Array, pattern: str) -> int:
    return int(pc.sum(pc.match_substring_regex(cells, pattern)).as_py() or 0)


def decimal_comma(columns: list[pd.Series], delimiter: str) -> bool:
    """Whether the file writes decimals with a comma (Vietnamese Excel) or a dot.

    Decided from the unambiguous cells of all number columns ("596,94", "1.550,75" → comma;
    "596.94", "1,550.75" → dot). With none ("1,550" alone is ambiguous), a semicolon-delimited file
    is taken as Vietnamese-locale and a comma-delimited one as not.
    """
    comma = dot = 0
    for column in columns:
        text = _clean_numbers(_arrow(column))
        comma += _count(text, _COMMA_DECIMAL) + _count(text, _DOT_THOUSANDS)
        dot += _count(text, _DOT_DECIMAL) + _count(text, _COMMA_THOUSANDS)
    if comma != dot:
        return comma > dot
    return delimiter != ","


def parse_numbers(column: pd.Series, *, comma_decimal: bool) -> Parsed:
    """Numbers as written in the file's convention; units and grouping spaces are tolerated."""
    cells = _arrow(column)
    text = _clean_numbers(cells)
    empty = pc.equal(text, "")
    if comma_decimal:
        text = pc.replace_substring(pc.replace_substring(text, ".", ""), ",", ".")
    else:
        text = pc.replace_substring(text, ",", "")
    readable = pc.match_substring_regex(text, _PLAIN_NUMBER)
    numbers = pc.cast(pc.if_else(readable, text, pa.scalar(None, pa.string())), pa.float64())
    values = pd.Series(numbers.to_numpy(zero_copy_only=False), index=column.index, dtype="float64")
    invalid = pd.Series(
        pc.and_(pc.invert(empty), pc.invert(readable)).to_numpy(zero_copy_only=False),
        index=column.index,
        dtype="bool",
    )
    return Parsed(values=values, invalid=invalid)


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y", "%Y/%m/%d")


def parse_dates(column: pd.Series) -> Parsed:
    """Dates written dd/mm/yyyy, dd-mm-yyyy or yyyy-mm-dd (also with a time part from Excel).

    Each distinct text is parsed once: a weekly file has few distinct dates and many rows.
    """
    text = pc.utf8_trim_whitespace(_arrow(column))
    text = pc.replace_substring_regex(text, r"[ T]00:00(?::00)?(?:\.0+)?$", "")
    codes, uniques = pd.factorize(pd.Series(text.to_pylist(), dtype="str"))
    parsed = np.array([_parse_one_date(str(u)) for u in uniques] + [None], dtype="datetime64[ns]")
    values = pd.Series(parsed[codes], index=column.index)  # code -1 (missing) takes the None
    empty = pd.Series(pc.equal(text, "").to_numpy(zero_copy_only=False), index=column.index)
    values = values.where(~empty)
    return Parsed(values=values, invalid=~empty & values.isna())


def _parse_one_date(text: str) -> np.datetime64 | None:
    for fmt in _DATE_FORMATS:
        try:
            day = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        if 1900 <= day.year <= 2200:
            return np.datetime64(day.date(), "ns")
    return None


def parse_choice(column: pd.Series, aliases: dict[str, str]) -> Parsed:
    """Coded words matched through ``aliases`` (folded text → canonical value)."""
    empty = blank(column)
    folded = column.astype("str").map(fold)
    values = folded.map(aliases).where(~empty)
    return Parsed(values=values, invalid=~empty & values.isna())


def integers(parsed: Parsed) -> Parsed:
    """Whole numbers only: a fractional count of households is unreadable."""
    fractional = parsed.values.notna() & (np.floor(parsed.values) != parsed.values)
    return Parsed(values=parsed.values.where(~fractional), invalid=parsed.invalid | fractional)


CAPITAL_SOURCES: dict[str, str] = {
    "central": "central",
    "nstw": "central",
    "ngan sach trung uong": "central",
    "trung uong": "central",
    "tw": "central",
    "von trung uong": "central",
    "local": "local",
    "nsdp": "local",
    "ngan sach dia phuong": "local",
    "dia phuong": "local",
    "dp": "local",
    "von dia phuong": "local",
    "nst": "local",
    "ngan sach tinh": "local",
    "other": "other",
    "khac": "other",
    "nguon khac": "other",
    "von khac": "other",
}

PLAN_BASELINES: dict[str, str] = {
    "central assigned": "central_assigned",
    "central_assigned": "central_assigned",
    "centrally assigned": "central_assigned",
    "tw giao": "central_assigned",
    "trung uong giao": "central_assigned",
    "ke hoach trung uong giao": "central_assigned",
    "kh tw giao": "central_assigned",
    "local deployed": "local_deployed",
    "locally deployed": "local_deployed",
    "local_deployed": "local_deployed",
    "dia phuong trien khai": "local_deployed",
    "ke hoach dia phuong trien khai": "local_deployed",
    "kh dia phuong": "local_deployed",
    "tinh giao": "local_deployed",
    "dia phuong": "local_deployed",
}
