"""Numbers and dates in the reader's language: 1.550,5 and 30/06/2025 in Vietnamese."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


def format_number(value: float | int | Decimal | None, lang: str, decimals: int = 2) -> str:
    """``value`` with thousands grouping and ``decimals`` places; "–" when missing.

    Trailing zeros after the decimal mark are kept so columns line up (120,00 / 96,50).
    """
    if value is None:
        return "–"
    text = f"{float(value):,.{decimals}f}"
    if lang == "en":
        return text
    # Swap the separators through a placeholder: 1,550.5 -> 1.550,5
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(
    value: float | None, lang: str, decimals: int = 1, *, min_decimals: int | None = None
) -> str:
    """A percentage such as "96,5%" (vi) or "96.5%" (en).

    With ``min_decimals``, zeros beyond it are dropped: 2 decimals and min 1 give 120.0%, 96.5%
    and 99.09%, each as precise as the figure it is compared with.
    """
    if value is None:
        return "–"
    text = format_number(value, lang, decimals)
    if min_decimals is not None and decimals > min_decimals:
        mark = "," if lang == "vi" else "."
        whole, _, fraction = text.partition(mark)
        fraction = fraction.rstrip("0").ljust(min_decimals, "0")
        text = f"{whole}{mark}{fraction}" if fraction else whole
    return f"{text}%"


def format_date(value: dt.date | None, lang: str) -> str:
    """30/06/2025 in Vietnamese, 2025-06-30 in English (unambiguous for any English reader)."""
    if value is None:
        return "–"
    return value.strftime("%d/%m/%Y") if lang == "vi" else value.isoformat()


def format_vnd_billion(value_vnd: int | None, lang: str, decimals: int = 1) -> str:
    """An amount in billions of VND: "2.169,9 tỷ đồng" / "2,169.9 billion VND"."""
    if value_vnd is None:
        return "–"
    number = format_number(value_vnd / 1e9, lang, decimals)
    return f"{number} tỷ đồng" if lang == "vi" else f"{number} billion VND"
