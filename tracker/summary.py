"""The derived figures of a province as of a date, as one plain structure (for JSON and text)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tracker.figures import (
    ClearanceFigures,
    DisbursementFigures,
    project_figures,
    province_figures,
    report_dates,
)
from tracker.forecasts import (
    disbursement_forecast,
    disbursement_forecast_dict,
    forecast_dict,
    view_forecasts,
)
from tracker.reconcile import reconcile
from tracker.store import Store


def _ha(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def clearance_dict(c: ClearanceFigures) -> dict[str, Any]:
    return {
        "cleared_ha": _ha(c.cleared_ha),
        "required_ha_basic": _ha(c.required_ha_basic),
        "required_ha_technical": _ha(c.required_ha_technical),
        "pct_basic": _pct(c.pct_basic),
        "pct_technical": _pct(c.pct_technical),
        "remaining_ha_basic": _ha(c.remaining_ha("basic")),
        "remaining_ha_technical": _ha(c.remaining_ha("technical")),
        "change_ha": _ha(c.change_ha),
        "report_date": _date(c.report_date),
        "previous_report_date": _date(c.previous_report_date),
        "households_affected": c.households_affected,
        "households_relocated": c.households_relocated,
        "compensation_paid_vnd": c.compensation_paid_vnd,
        "synthetic": c.is_synthetic,
    }


def disbursement_dict(d: DisbursementFigures) -> dict[str, Any]:
    return {
        "disbursed_vnd": d.disbursed_vnd,
        "plan_central_vnd": d.plan_central_vnd,
        "plan_local_vnd": d.plan_local_vnd,
        "pct_central_plan": _pct(d.pct_central_plan),
        "pct_local_plan": _pct(d.pct_local_plan),
        "change_vnd": d.change_vnd,
        "report_date": _date(d.report_date),
        "previous_report_date": _date(d.previous_report_date),
        "synthetic": d.is_synthetic,
    }


def latest_report_date(store: Store, province_code: str | None) -> dt.date | None:
    """The newest report date on or before today, or None for an empty store."""
    today = dt.date.today()
    dates = [d for d in report_dates(store, province_code) if d <= today]
    return dates[0] if dates else None


def build_summary(
    store: Store,
    as_of: dt.date,
    *,
    province_code: str | None,
    projects: list[str] | None = None,
    lang: str = "en",
    baseline: str = "technical",
    with_forecasts: bool = True,
) -> dict[str, Any]:
    """Per-project clearance and disbursement with the forecast of each project's clearance
    against ``baseline`` ("technical" or "basic"), province-wide disbursement with its year-end
    projection, and reconciliation warnings, as of ``as_of``. A caller that draws its own
    forecasts (the page, the brief) leaves them out with ``with_forecasts=False``."""
    forecasts = (
        {
            f.project_code: forecast_dict(f)
            for f in view_forecasts(
                store,
                as_of,
                province_code=province_code or "",
                projects=projects,
                baseline=baseline,
            )[0]
        }
        if province_code and with_forecasts
        else {}
    )
    per_project = []
    for p in project_figures(store, as_of, province_code=province_code, projects=projects):
        entry: dict[str, Any] = {
            "project_code": p.project_code,
            "name_vi": p.name_vi,
            "name_en": p.name_en,
            "kind": p.kind,
        }
        entry.update(clearance_dict(p.clearance) if p.clearance else {"cleared_ha": None})
        if p.project_code in forecasts:
            entry["forecast"] = forecasts[p.project_code]
        if p.disbursement:
            entry["disbursement"] = disbursement_dict(p.disbursement)
            entry["disbursement"]["by_capital_source"] = {
                src: disbursement_dict(d) for src, d in p.disbursement_by_source.items()
            }
        per_project.append(entry)
    province = province_figures(store, as_of, province_code)
    national = store.query_row(
        "national_average",
        as_of=as_of,
        year_start=dt.date(as_of.year, 1, 1),
        province=province_code,
    )
    province_block: dict[str, Any] = {"basis": province.basis}
    if province.disbursement:
        province_block.update(disbursement_dict(province.disbursement))
        province_block["by_capital_source"] = {
            src: disbursement_dict(d) for src, d in province.by_source.items()
        }
    province_block["national_avg_pct"] = None if national is None else float(national[0])
    money_forecast = disbursement_forecast(store, as_of, province_code=province_code, projects=None)
    if money_forecast is not None:
        province_block["forecast"] = disbursement_forecast_dict(money_forecast)
    findings = reconcile(store, as_of, province_code=province_code, projects=projects)
    return {
        "as_of": as_of.isoformat(),
        "province_code": province_code,
        "projects": per_project,
        # Province-wide figures, repeated at the top level for quick reading.
        "disbursed_vnd": province_block.get("disbursed_vnd"),
        "pct_central_plan": province_block.get("pct_central_plan"),
        "pct_local_plan": province_block.get("pct_local_plan"),
        "national_avg_pct": province_block["national_avg_pct"],
        "province": province_block,
        "warnings": [f.as_dict(lang) for f in findings],
    }
