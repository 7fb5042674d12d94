"""The synthetic series behind the demo: exact splits and monotone histories."""

from __future__ import annotations

import itertools
from decimal import Decimal

import numpy as np
import pytest
from factories import D

from tracker.demo.synthetic import cumulative_path, mondays, month_ends, split_exact


@pytest.mark.parametrize("total", ["596.94", "454.01", "0.07", "1000"])
def test_split_adds_up_exactly(total: str) -> None:
    weights = [0.31, 0.02, 0.4, 0.27, 0.0]
    parts = split_exact(Decimal(total), weights)
    assert sum(parts) == Decimal(total)
    assert parts[-1] == 0
    assert all(p >= 0 for p in parts)


def test_split_refuses_more_decimals_than_asked() -> None:
    with pytest.raises(ValueError, match="decimal"):
        split_exact(Decimal("1.234"), [1, 1])


def test_cumulative_path_is_monotone_and_ends_exactly() -> None:
    rng = np.random.default_rng(7)
    for stall in (None, 0.5):
        path = cumulative_path(Decimal("87.13"), 60, rng, start_fraction=0.2, stall_from=stall)
        assert len(path) == 60
        assert path[-1] == Decimal("87.13")
        assert all(b >= a for a, b in itertools.pairwise(path))
        assert path[0] < path[-1] / 4


def test_calendar_helpers() -> None:
    weeks = mondays(D(2024, 1, 1), D(2025, 6, 30))
    assert weeks[0] == D(2024, 1, 1) and weeks[-1] == D(2025, 6, 30)
    assert all(d.weekday() == 0 for d in weeks)
    assert month_ends(D(2024, 1, 15), D(2024, 3, 1)) == [
        D(2024, 1, 31),
        D(2024, 2, 29),
        D(2024, 3, 31),
    ]
