"""Synthetic status reports of the demo projects, made from the stage histories in the catalogue.

Each project reports weekly (Mondays) or at each month's end from its first stage to its last
report: its stage then, the planned dates, the actual start and completion once they have
happened, and the % of works volume done, which rises steadily from 0 at the works start through
the catalogue's anchor values.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import ROUND_FLOOR, Decimal

from tracker.demo.catalogue import StatusPlan
from tracker.demo.synthetic import mondays, month_ends

_TENTH = Decimal("0.1")


def _report_dates(plan: StatusPlan) -> list[dt.date]:
    first = min(plan.stages.values())
    regular = (
        mondays(first, plan.through)
        if plan.cadence == "weekly"
        else month_ends(first, plan.through)
    )
    dates = {*regular, *plan.stages.values(), *plan.progress, plan.through}
    return sorted(d for d in dates if first <= d <= plan.through)


def _stage_on(plan: StatusPlan, day: dt.date) -> str:
    begun = [(since, stage) for stage, since in plan.stages.items() if since <= day]
    return max(begun)[1]


def _progress(points: list[tuple[dt.date, Decimal]], day: dt.date) -> Decimal:
    """The % done on ``day``: straight between anchors, kept at the last one after it."""
    for (d0, v0), (d1, v1) in itertools.pairwise(points):
        if d0 <= day <= d1:
            share = Decimal((day - d0).days) / Decimal(max((d1 - d0).days, 1))
            return (v0 + (v1 - v0) * share).quantize(_TENTH, rounding=ROUND_FLOOR)
    return points[-1][1]


def status_rows(plan: StatusPlan) -> list[dict[str, object]]:
    """Every status report of the plan's projects."""
    started = plan.stages.get("implementation")
    finished = plan.stages.get("completion")
    rows: list[dict[str, object]] = []
    for i, code in enumerate(plan.codes):
        anchors = sorted((on, values[i]) for on, values in plan.progress.items())
        points = [(started, Decimal(0)), *anchors] if started else []
        for day in _report_dates(plan):
            begun = started is not None and started <= day
            done = finished is not None and finished <= day
            rows.append(
                {
                    "project_code": code,
                    "report_date": day,
                    "stage": _stage_on(plan, day),
                    "planned_start": plan.planned_start,
                    "actual_start": started if begun else None,
                    "planned_completion": plan.planned_completion,
                    "actual_completion": finished if done else None,
                    "physical_progress_pct": (
                        Decimal(100) if done else _progress(points, day) if begun else None
                    ),
                }
            )
    return rows
