"""Colour classes of the map: fixed steps for percentages, steps from the data for hectares and
counts, and the colour of "no data"."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

NO_DATA_COLOR = "#e9ecef"
_GOOD_TO_BAD = ("#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027")
_BLUES = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")


@dataclass(frozen=True)
class Scale:
    """Colour classes: ``colors[i]`` for values below ``breaks[i]`` (and above ``breaks[i-1]``);
    the last colour for values at or above the last break."""

    breaks: tuple[float, ...]
    colors: tuple[str, ...]
    unit: str  # "%", "ha" or "" (a count)

    def color(self, value: float | None) -> str:
        if value is None or pd.isna(value):
            return NO_DATA_COLOR
        index = int(np.searchsorted(np.asarray(self.breaks), value, side="right"))
        return self.colors[index]


def _nice(value: float) -> float:
    """``value`` rounded to two significant digits, so legends read 12 and 150, not 12.37."""
    if value <= 0:
        return 0.0
    digits = 1 - math.floor(math.log10(value))
    return round(value, digits)


def _quantile_breaks(values: pd.Series, count: int) -> tuple[float, ...]:
    positive = values[values > 0].dropna()
    if positive.empty:
        return ()
    qs = [_nice(float(positive.quantile(q))) for q in np.linspace(0, 1, count + 1)[1:-1]]
    return tuple(sorted({q for q in qs if q > 0}))


def metric_scale(metric: str, values: pd.Series) -> Scale:
    """The colour classes of ``metric``: fixed steps for percentages (so weeks compare), steps
    from the data for hectares and households; red is always the side that holds a project back."""
    if metric == "clearance_pct":
        return Scale((50.0, 75.0, 90.0, 100.0), tuple(reversed(_GOOD_TO_BAD)), "%")
    if metric == "disbursement_pct":
        return Scale((20.0, 40.0, 60.0, 80.0), tuple(reversed(_GOOD_TO_BAD)), "%")
    if metric == "remaining_ha":
        # Nothing left (under half a hundredth of a hectare) is its own, green, class.
        breaks = (0.005, *_quantile_breaks(values, 4))
        return Scale(breaks, _GOOD_TO_BAD[: len(breaks) + 1], "ha")
    breaks = _quantile_breaks(values, 5)
    colors = _BLUES[-(len(breaks) + 1) :] if breaks else _BLUES[2:3]
    return Scale(breaks, colors, "")
