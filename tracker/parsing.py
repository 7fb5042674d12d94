"""Reading the values people type in Excel: numbers, dates, headers and coded words.

Vectorised over whole columns (pandas string operations), because a weekly file can have 100,000
rows. Every parser returns parsed values plus a mask of cells it could not read; it never raises
for bad data — the caller turns the mask into per-cell errors.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

# Units and spacing people leave in number cells: "596,94 ha", "2 169,9", "15.000.000 đ".
_UNITS = re.compile(r"(?i)\s*(ha|héc\s*ta|hecta|m2|m²|km|tỷ|tỉ|triệu|đồng|đ|vnd|vnđ|hộ)\.?\s*$")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_COMMA_DECIMAL = re.compile(r"^-?\d{1,3}(\.\d{3})*,\d+$|^-?\d+,\d{1,2}$|^-?\d+,\d{4,}$")
_DOT_DECIMAL = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d+$|^-?\d+\.\d{1,2}$|^-?\d+\.\d{4,}$")
_DOT_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3}){2,}$")
_COMMA_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3}){2,}$")


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


def clean_number_text(column: pd.Series) -> pd.Series:
    """Strip units and spaces (incl. non-breaking) from number cells; keep digits and marks."""
    text = column.astype("str").str.strip()
    text = text.str.replace(_UNITS, "", regex=True)
    return text.str.replace(_SPACES, "", regex=True)


def decimal_comma(columns: list[pd.Series], delimiter: str) -> bool:
    """Whether the file writes decimals with a comma (Vietnamese Excel) or a dot.

    Decided from the unambiguous cells of all number columns ("596,94", "1.550,75" → comma;
    "596.94", "1,550.75" → dot). With none ("1,550" alone is ambiguous), a semicolon-delimited file
    is taken as Vietnamese-locale and a comma-delimited one as not.
    """
    comma = dot = 0
    for column in columns:
        text = clean_number_text(column[~blank(column)])
        comma += int(text.str.match(_COMMA_DECIMAL).sum() + text.str.match(_DOT_THOUSANDS).sum())
        dot += int(text.str.match(_DOT_DECIMAL).sum() + text.str.match(_COMMA_THOUSANDS).sum())
    if comma != dot:
        return comma > dot
    return delimiter != ","


def parse_numbers(column: pd.Series, *, comma_decimal: bool) -> Parsed:
    """Numbers as written in the file's convention; units and grouping spaces are tolerated."""
    empty = blank(column)
    text = clean_number_text(column)
    if comma_decimal:
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        text = text.str.replace(",", "", regex=False)
    valid_shape = text.str.fullmatch(r"[-+]?\d+(\.\d+)?")
    values = pd.to_numeric(text.where(valid_shape & ~empty), errors="coerce").astype("float64")
    return Parsed(values=values, invalid=~empty & values.isna())


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y", "%Y/%m/%d")


def parse_dates(column: pd.Series) -> Parsed:
    """Dates written dd/mm/yyyy, dd-mm-yyyy or yyyy-mm-dd (also with a time part from Excel).

    Each distinct text is parsed once: a weekly file has few distinct dates and many rows.
    """
    empty = blank(column)
    text = column.astype("str").str.strip().str.replace(r"[ T]00:00(:00)?(\.0+)?$", "", regex=True)
    lookup: dict[str, pd.Timestamp | None] = {}
    for value in pd.unique(text[~empty]):
        lookup[value] = _parse_one_date(str(value))
    values = pd.to_datetime(text.map(lookup).where(~empty), errors="coerce")
    return Parsed(values=values, invalid=~empty & values.isna())


def _parse_one_date(text: str) -> pd.Timestamp | None:
    for fmt in _DATE_FORMATS:
        try:
            stamp = pd.to_datetime(text, format=fmt)
        except (ValueError, TypeError):
            continue
        if 1900 <= stamp.year <= 2200:
            return stamp
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
