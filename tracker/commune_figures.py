"""Per-commune figures of a view: one row per project and commune, added up per commune, ranked.

``project_commune_rows`` is the one source of the per-commune figures: the map, the ranking, the
tables and the downloads are all derived from it, so they always agree with each other.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, cast

import pandas as pd

from tracker.figures import clearance_by_commune, disbursement_by_source, percent
from tracker.store import Store
from tracker.vocabulary import PLAN_COLUMN, REQUIRED_COLUMN


def project_commune_rows(
    store: Store,
    as_of: dt.date,
    *,
    province_code: str | None,
    projects: list[str] | None,
    communes: list[str] | None = None,
) -> pd.DataFrame:
    """Per project and commune as of ``as_of``: the clearance figures with report date and source,
    and the project's disbursement (VND disbursed, both plans) repeated on each of its rows."""
    rows = clearance_by_commune(store, as_of, province_code=province_code, projects=projects)
    if communes:
        rows = rows[rows.commune_code.isin(communes)]
    money = disbursement_by_source(store, as_of, province_code=province_code, projects=projects)
    per_project = money.groupby("project_code", as_index=False)[
        ["disbursed_vnd", "plan_central_vnd", "plan_local_vnd"]
    ].sum(min_count=1)
    rows = rows.merge(per_project, on="project_code", how="left")
    return rows.reset_index(drop=True)


def commune_summary(
    rows: pd.DataFrame, *, clearance_baseline: str, plan_baseline: str
) -> pd.DataFrame:
    """One row per commune (index: code) adding up the projects in it.

    ``clearance_pct`` is cleared over required under ``clearance_baseline``; ``remaining_ha`` is
    what is left to hand over, each project's shortfall counted on its own so an overshoot on one
    project never hides another's backlog; ``disbursement_pct`` is the disbursement of the projects
    crossing the commune against their ``plan_baseline`` plan.
    """
    columns = [
        "cleared_ha",
        "required_ha",
        "clearance_pct",
        "remaining_ha",
        "households_relocated",
        "disbursement_pct",
        "report_date",
        "sources",
        "projects",
        "is_synthetic",
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="code"))
    work = rows.assign(
        required_ha=rows[REQUIRED_COLUMN[clearance_baseline]],
        plan_vnd=rows[PLAN_COLUMN[plan_baseline]],
    )
    work["remaining_ha"] = (work.required_ha - work.cleared_ha).clip(lower=0)
    out = []
    for code, group in work.groupby("commune_code"):
        money = group.drop_duplicates("project_code")
        cleared = float(group.cleared_ha.sum())
        required = group.required_ha.sum(min_count=1)
        dates = group.report_date.dropna()
        out.append(
            {
                "code": code,
                "cleared_ha": cleared,
                "required_ha": None if pd.isna(required) else float(required),
                "clearance_pct": percent(cleared, None if pd.isna(required) else required),
                "remaining_ha": float(group.remaining_ha.sum(min_count=1))
                if group.remaining_ha.notna().any()
                else None,
                "households_relocated": group.households_relocated.sum(min_count=1),
                "disbursement_pct": percent(
                    money.disbursed_vnd.sum(min_count=1), money.plan_vnd.sum(min_count=1)
                ),
                "report_date": pd.Timestamp(dates.max()).date() if len(dates) else None,
                "sources": "; ".join(sorted(set(group.source_title.dropna()))),
                "projects": ", ".join(sorted(set(group.project_code))),
                "is_synthetic": bool(group.is_synthetic.any()),
            }
        )
    return pd.DataFrame(out, columns=["code", *columns]).set_index("code")


def metric_values(summary: pd.DataFrame, metric: str) -> pd.Series:
    """The metric the map is coloured by, per commune code (NaN where it does not apply)."""
    numbers = [optional_float(v) for v in summary[metric]]
    values = pd.Series([math.nan if v is None else v for v in numbers], index=summary.index)
    return cast(pd.Series, values.astype(float))


#: Less than this is nothing left to hand over: it shows as 0,00 ha.
NOTHING_LEFT_HA = 0.005


def lagging_communes(
    summary: pd.DataFrame, names: pd.Series, *, by: str, count: int = 10
) -> pd.DataFrame:
    """The ``count`` communes that hold clearance back most: least ``clearance_pct`` (``by`` =
    "clearance_pct") or most ``remaining_ha``; with name, value and cleared/required ha.

    A commune with nothing left to hand over (under half a hundredth of a hectare, what shows as
    0,00 ha) holds nothing back and is left out of both rankings."""
    known = summary.dropna(subset=[by])
    left = known.remaining_ha.astype(float)
    known = known[~(left < NOTHING_LEFT_HA)]
    if by == "clearance_pct":
        known = known[known.clearance_pct.astype(float) < 100]
    ordered = known.sort_values(by, ascending=by == "clearance_pct").head(count)
    return pd.DataFrame(
        {
            "code": ordered.index,
            "name": [str(names.get(c, c)) for c in ordered.index],
            "value": ordered[by].astype(float).to_numpy(),
            "cleared_ha": ordered.cleared_ha.to_numpy(),
            "required_ha": ordered.required_ha.to_numpy(),
        }
    )


def disbursement_scope(
    summary: dict[str, Any], projects: list[str] | None
) -> tuple[list[str], dict[str, dict[str, int | None]]]:
    """What the disbursement charts cover, and its VND by capital source (``disbursed_vnd``,
    ``plan_central_vnd``, ``plan_local_vnd``): the selected projects that report disbursement, or
    else the province's own programme figures. The list of codes is empty for the province."""
    chosen = [
        p
        for p in summary["projects"]
        if projects and p["project_code"] in projects and p.get("disbursement")
    ]
    blocks = (
        [p["disbursement"]["by_capital_source"] for p in chosen]
        if chosen
        else [summary["province"].get("by_capital_source", {})]
    )
    totals: dict[str, dict[str, int | None]] = {}
    for block in blocks:
        for source, figures in block.items():
            entry = totals.setdefault(
                source, {"disbursed_vnd": None, "plan_central_vnd": None, "plan_local_vnd": None}
            )
            for key in entry:
                if figures.get(key) is not None:
                    entry[key] = (entry[key] or 0) + int(figures[key])
    return [p["project_code"] for p in chosen], totals


def optional_float(value: object) -> float | None:
    """A float, or None for a missing value (None, NaN, NA)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number
