"""Numbers and dates follow the reader's language."""

from __future__ import annotations

from decimal import Decimal

from factories import D

from tracker.i18n import format_date, format_number, format_percent, format_vnd_billion


def test_vietnamese_uses_dot_thousands_and_decimal_comma() -> None:
    assert format_number(1550.5, "vi", 1) == "1.550,5"
    assert format_number(Decimal("596.94"), "vi") == "596,94"
    assert format_number(1550.5, "en", 1) == "1,550.5"
    assert format_number(None, "vi") == "–"


def test_dates_and_percentages() -> None:
    assert format_date(D(2025, 6, 30), "vi") == "30/06/2025"
    assert format_date(D(2025, 6, 30), "en") == "2025-06-30"
    assert format_percent(96.5, "vi") == "96,5%"
    assert format_percent(99.09, "en", 2) == "99.09%"


def test_billions_of_dong() -> None:
    assert format_vnd_billion(2_169_900_000_000, "vi") == "2.169,9 tỷ đồng"
    assert format_vnd_billion(2_169_900_000_000, "en") == "2,169.9 billion VND"


def test_percent_drops_zeros_beyond_the_minimum() -> None:
    assert format_percent(120.0, "en", 2, min_decimals=1) == "120.0%"
    assert format_percent(96.5001, "en", 2, min_decimals=1) == "96.5%"
    assert format_percent(99.0899, "vi", 2, min_decimals=1) == "99,09%"
    assert format_percent(37.99976, "vi", 2, min_decimals=0) == "38%"
