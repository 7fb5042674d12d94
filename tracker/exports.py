"""Downloads of the figures behind a view: CSV and Excel files that open safely in a spreadsheet.

A text cell beginning with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) would be read
by Excel as a formula, so a project named ``=HYPERLINK(...)`` could run one on a board member's
machine. Such cells get a leading apostrophe, which spreadsheets show as text. Numbers stay numbers.
"""

from __future__ import annotations

import io

import pandas as pd

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """``value`` with a leading apostrophe if it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell and header neutralised."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(neutralise).astype(object)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame, lang: str) -> bytes:
    """CSV as Excel opens it by double-click in the reader's locale: UTF-8 with BOM; in
    Vietnamese, ``;`` between fields and a decimal comma (1550,75), else ``,`` and a dot."""
    vietnamese = lang == "vi"
    text = safe_frame(frame).to_csv(
        index=False,
        sep=";" if vietnamese else ",",
        decimal="," if vietnamese else ".",
        lineterminator="\r\n",
    )
    return ("\ufeff" + text).encode("utf-8")


def excel_bytes(frame: pd.DataFrame, sheet_name: str) -> bytes:
    """An ``.xlsx`` workbook with ``frame`` on one sheet; numbers stored as numbers."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe_frame(frame).to_excel(writer, sheet_name=sheet_name[:31], index=False)
    return buffer.getvalue()
