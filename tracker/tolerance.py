"""When a figure as written agrees with the one computed from its parts.

A person writes a figure to some number of digits; it agrees with the computed one when they
differ by no more than half a unit of the last digit written (96.5% → 0.05, 120% → 0.5). The
tracker applies this one rule to published figures and to a form's own totals and percentages.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def stated_tolerance(value: Decimal) -> float:
    """Half a unit of the last digit the publisher wrote: 96.5 -> 0.05, 120 -> 0.5."""
    exponent = value.normalize().as_tuple().exponent
    decimals = max(0, -int(exponent)) if isinstance(exponent, int) else 0
    return 0.5 * 10.0**-decimals


def written_tolerance(text: str, *, comma_decimal: bool) -> float:
    """:func:`stated_tolerance` of a figure as typed in a cell ("596,94", "1.302.000")."""
    mark, grouping = (",", ".") if comma_decimal else (".", ",")
    cleaned = "".join(c for c in text.strip() if c.isdigit() or c in "-+" + mark)
    try:
        return stated_tolerance(Decimal(cleaned.replace(mark, ".").replace(grouping, "")))
    except InvalidOperation:
        return 0.5


def agrees(stated: float, computed: float, tolerance: float) -> bool:
    """Whether a stated figure agrees with a computed one (float noise aside)."""
    return abs(stated - computed) <= tolerance + 1e-9 * max(1.0, abs(stated), abs(computed))
