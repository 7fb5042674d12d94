"""Tables for the board's view, formatted for the reader's language (no Streamlit here).

``project_commune_rows`` is the one source of the per-commune figures: the map, the ranking, the
tables and the downloads are all derived from it, so they always agree with each other.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, cast

import duckdb
import pandas as pd

from tracker.figures import clearance_by_commune, disbursement_by_source, percent
from tracker.geodata import load_communes
from tracker.i18n import format_date, format_number, format_percent
from tracker.ui_text import t

#: Stored column of the disbursement plan behind each plan baseline.
_PLAN_COLUMN = {"central": "plan_central_vnd", "local": "plan_local_vnd"}
_REQUIRED_COLUMN = {"basic": "required_ha_basic", "technical": "required_ha_technical"}


def project_commune_rows(
    cur: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    *,
    province_code: str,
    projects: list[str] | None,
    communes: list[str] | None = None,
) -> pd.DataFrame:
    """Per project and commune as of ``as_of``: the clearance figures with report date and source,
    and the project's disbursement (VND disbursed, both plans) repeated on each of its rows."""
    rows = clearance_by_commune(cur, as_of, province_code=province_code, projects=projects)
    if communes:
        rows = rows[rows.commune_code.isin(communes)]
    money = disbursement_by_source(cur, as_of, province_code=province_code, projects=projects)
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
        required_ha=rows[_REQUIRED_COLUMN[clearance_baseline]],
        plan_vnd=rows[_PLAN_COLUMN[plan_baseline]],
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
    numbers = [_num(v) for v in summary[metric]]
    values = pd.Series([math.nan if v is None else v for v in numbers], index=summary.index)
    return cast(pd.Series, values.astype(float))


def commune_names(province_code: str) -> pd.Series:
    """Full commune names ("Xã Xuân Dương") by 5-digit code."""
    return cast(pd.Series, load_communes(province_code).set_index("code")["full_name"])


def lagging_communes(
    summary: pd.DataFrame, names: pd.Series, *, by: str, count: int = 10
) -> pd.DataFrame:
    """The ``count`` communes that hold clearance back most: least ``clearance_pct`` (``by`` =
    "clearance_pct") or most ``remaining_ha``; with name, value and cleared/required ha."""
    known = summary.dropna(subset=[by])
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


def figures_table(rows: pd.DataFrame, names: pd.Series, lang: str) -> pd.DataFrame:
    """The figures behind the view as plain numbers with headers in ``lang`` (for downloads)."""
    return pd.DataFrame(
        {
            t("project", lang): rows.project_code,
            t("commune_code", lang): rows.commune_code,
            t("commune", lang): [str(names.get(c, "?")) for c in rows.commune_code],
            t("required_basic", lang): rows.required_ha_basic,
            t("required_technical", lang): rows.required_ha_technical,
            t("cleared_ha", lang): rows.cleared_ha,
            t("pct_basic", lang): [_round(v) for v in rows.pct_basic],
            t("pct_technical", lang): [_round(v) for v in rows.pct_technical],
            t("change_ha", lang): rows.change_ha,
            t("households_relocated", lang): rows.households_relocated,
            t("report_date", lang): [
                None if pd.isna(d) else pd.Timestamp(d).date().isoformat() for d in rows.report_date
            ],
            t("note", lang): rows.note,
            t("source", lang): rows.source_title,
            t("upload", lang): rows.upload_id,
        }
    )


def _round(value: float | None) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 2)


def _num(value: object) -> float | None:
    """A float, or None for a missing value (None, NaN, NA)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def format_commune_table(rows: pd.DataFrame, names: pd.Series, lang: str) -> pd.DataFrame:
    """``project_commune_rows`` as text for reading: 1.550,75 in Vietnamese, one row per project
    and commune, each naming the upload it came from."""
    return pd.DataFrame(
        {
            t("project", lang): rows.project_code,
            t("commune", lang): [f"{names.get(c, '?')} ({c})" for c in rows.commune_code],
            t("required_basic", lang): [
                format_number(_num(v), lang) for v in rows.required_ha_basic
            ],
            t("required_technical", lang): [
                format_number(_num(v), lang) for v in rows.required_ha_technical
            ],
            t("cleared_ha", lang): [format_number(_num(v), lang) for v in rows.cleared_ha],
            t("pct_basic", lang): [format_percent(_num(v), lang) for v in rows.pct_basic],
            t("pct_technical", lang): [format_percent(_num(v), lang) for v in rows.pct_technical],
            t("change_ha", lang): [format_number(_num(v), lang) for v in rows.change_ha],
            t("households_relocated", lang): [
                "–" if pd.isna(v) else format_number(v, lang, 0) for v in rows.households_relocated
            ],
            t("report_date", lang): [
                "–" if pd.isna(d) else format_date(pd.Timestamp(d).date(), lang)
                for d in rows.report_date
            ],
            t("source", lang): rows.source_title.fillna("–"),
            t("upload", lang): ["–" if pd.isna(u) else f"#{int(u)}" for u in rows.upload_id],
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
