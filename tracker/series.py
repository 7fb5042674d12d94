"""Figures over time: the weekly clearance path of each project and monthly disbursement."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tracker.figures import projects_in_scope
from tracker.store import Store


def clearance_history(
    store: Store,
    as_of: dt.date,
    *,
    province_code: str | None,
    projects: list[str] | None = None,
    communes: list[str] | None = None,
) -> pd.DataFrame:
    """Per project and report date up to ``as_of``: cleared ha (each commune's latest value carried
    forward), households relocated and both design baselines in force then.

    Limited to ``communes`` when given, so a commune's own history comes from the same query.
    """
    rows = store.query(
        "clearance_history",
        as_of=as_of,
        projects=projects_in_scope(store, province_code, projects),
        communes=list(communes or []),
        all_communes=not communes,
    )
    rows["report_date"] = pd.to_datetime(rows["report_date"]).dt.date
    return rows


def disbursement_by_month(
    store: Store,
    as_of: dt.date,
    *,
    province_code: str | None,
    projects: list[str],
) -> pd.DataFrame:
    """Cumulative VND disbursed at the end of each month of ``as_of``'s plan year, by capital
    source, added up over ``projects``.

    A project that did not report in a month counts with its previous month's figure, so a late
    report never shows as a fall.
    """
    rows = store.query(
        "disbursement_by_month",
        as_of=as_of,
        plan_year=as_of.year,
        projects=projects_in_scope(store, province_code, projects),
    )
    columns = ["month", "capital_source", "disbursed_vnd"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows["month"] = pd.to_datetime(rows["month"]).dt.date
    months = sorted(set(rows["month"]))
    filled = []
    for (project, source), group in rows.groupby(["project_code", "capital_source"]):
        series = group.set_index("month")["disbursed_vnd"].reindex(months).ffill()
        filled.append(
            pd.DataFrame(
                {
                    "month": months,
                    "project_code": project,
                    "capital_source": source,
                    "disbursed_vnd": series.to_numpy(),
                }
            )
        )
    frame = pd.concat(filled).dropna(subset=["disbursed_vnd"])
    total = frame.groupby(["month", "capital_source"], as_index=False)["disbursed_vnd"].sum()
    total["disbursed_vnd"] = total["disbursed_vnd"].astype("int64")
    result = pd.DataFrame(total, columns=columns).sort_values(by=["month", "capital_source"])
    return result.reset_index(drop=True)
