"""Numbers and dates in the reader's language: 1.550,5 and 30/06/2025 in Vietnamese."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


def format_number(
    value: float | int | Decimal | None,
    lang: str,
    decimals: int = 2,
    *,
    min_decimals: int | None = None,
) -> str:
    """``value`` with thousands grouping and ``decimals`` places; "–" when missing.

    Trailing zeros are kept so columns line up (120,00 / 96,50), unless ``min_decimals`` is given:
    then zeros beyond it are dropped (578 rather than 578,00; 96,5 rather than 96,50).
    """
    if value is None:
        return "–"
    text = f"{float(value):,.{decimals}f}"
    if min_decimals is not None and decimals > min_decimals:
        whole, _, fraction = text.partition(".")
        fraction = fraction.rstrip("0").ljust(min_decimals, "0")
        text = f"{whole}.{fraction}" if fraction else whole
    if lang == "en":
        return text
    # Swap the separators through a placeholder: 1,550.5 -> 1.550,5
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(
    value: float | None, lang: str, decimals: int = 1, *, min_decimals: int | None = None
) -> str:
    """A percentage such as "96,5%" (vi) or "96.5%" (en); see ``format_number`` for the places."""
    if value is None:
        return "–"
    return f"{format_number(value, lang, decimals, min_decimals=min_decimals)}%"


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
