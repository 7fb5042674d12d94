"""Deterministic synthetic series for the demo: exact splits and monotone cumulative histories.

Everything here is seeded, so the demo database is the same on every machine.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_FLOOR, Decimal

import numpy as np


def split_exact(total: Decimal, weights: list[float], places: int = 2) -> list[Decimal]:
    """Split ``total`` in proportion to ``weights`` into amounts with ``places`` decimals that add
    up to ``total`` exactly (largest-remainder rounding)."""
    if not weights or any(w < 0 for w in weights) or sum(weights) <= 0:
        raise ValueError("weights must be non-negative and not all zero")
    unit = Decimal(1).scaleb(-places)
    units_total = int((total / unit).to_integral_value())
    if Decimal(units_total) * unit != total:
        raise ValueError(f"{total} has more than {places} decimal places")
    exact = [units_total * w / sum(weights) for w in weights]
    floors = [int(Decimal(x).to_integral_value(rounding=ROUND_FLOOR)) for x in exact]
    short = units_total - sum(floors)
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in by_remainder[:short]:
        floors[i] += 1
    return [Decimal(n) * unit for n in floors]


def mondays(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every Monday from the first on or after ``start`` up to ``end`` inclusive."""
    first = start + dt.timedelta(days=(7 - start.weekday()) % 7)
    count = (end - first).days // 7 + 1
    return [first + dt.timedelta(weeks=k) for k in range(max(count, 0))]


def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The last day of each month from ``start``'s month to ``end``'s month inclusive."""
    result = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        result.append(nxt - dt.timedelta(days=1))
        year, month = nxt.year, nxt.month
    return result


def cumulative_path(
    final: Decimal,
    steps: int,
    rng: np.random.Generator,
    *,
    start_fraction: float = 0.0,
    stall_from: float | None = None,
    places: int = 2,
) -> list[Decimal]:
    """A non-decreasing cumulative series of ``steps`` values ending exactly at ``final``.

    The shape is an S-curve that starts after ``start_fraction`` of the period, with a few weeks of
    no progress; with ``stall_from`` it reaches most of its value early and then crawls (a lagging
    commune).
    """
    if steps <= 0:
        return []
    x = np.linspace(0.0, 1.0, steps)
    shifted = np.clip((x - start_fraction) / max(1e-9, 1.0 - start_fraction), 0.0, 1.0)
    steepness = rng.uniform(1.6, 3.2)
    curve = shifted**steepness * (3 - 2 * shifted)
    curve = np.clip(curve / curve[-1] if curve[-1] > 0 else curve, 0.0, 1.0)
    if stall_from is not None:
        stalled = np.minimum(curve / stall_from, 1.0) * 0.93 + 0.07 * shifted
        curve = np.clip(stalled, 0.0, 1.0)
    # Some weeks nothing is handed over: repeat the previous week's value.
    pauses = rng.random(steps) < 0.18
    for i in range(1, steps):
        if pauses[i]:
            curve[i] = curve[i - 1]
    curve = np.maximum.accumulate(curve)
    unit = Decimal(1).scaleb(-places)
    values = [(final * Decimal(float(c))).quantize(unit, rounding=ROUND_FLOOR) for c in curve]
    values[-1] = final
    for i in range(1, len(values)):  # rounding must not undo monotonicity
        values[i] = max(values[i], values[i - 1])
    return values
