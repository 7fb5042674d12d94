"""The figures of one view (a link's filters), read once for the page and for the brief alike, so
the brief's numbers are the page's numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from tracker import config
from tracker.blockers import blocker_log, communes_with_blockers
from tracker.commune_figures import (
    commune_summary,
    disbursement_scope,
    lagging_communes,
    project_commune_rows,
)
from tracker.errors import InputError
from tracker.figures import report_dates
from tracker.forecasts import (
    ClearanceForecast,
    DisbursementForecast,
    disbursement_forecast,
    read_ahead,
    view_forecasts,
)
from tracker.geodata import commune_names
from tracker.store import Store
from tracker.summary import build_summary
from tracker.viewstate import ViewState


@dataclass
class ViewFigures:
    """The figures of one view, as of the report date the page shows for its link."""

    state: ViewState
    province: str
    as_of: dt.date
    projects: list[str]
    communes: list[str]  # the view's communes (empty: all); None-filter cases never get here
    names: dict[str, str]  # commune code -> name
    summary: dict[str, Any]
    rows: pd.DataFrame  # project_commune_rows
    by_commune: pd.DataFrame  # commune_summary
    lagging: pd.DataFrame  # lagging_communes by % cleared
    log: pd.DataFrame  # blocker_log of the view
    forecasts: list[ClearanceForecast]
    money_forecast: DisbursementForecast | None
    sources: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def report_date_for(store: Store, province: str, asked: dt.date | None) -> dt.date:
    """The report date the page shows for ``asked``: itself, else the newest report before it,
    else (none asked, or none before it) the latest report up to today."""
    today = dt.date.today()
    dates = sorted(d for d in report_dates(store, province) if d <= today)
    if not dates:
        raise InputError(
            vi="Cơ sở dữ liệu chưa có báo cáo nào của tỉnh này.",
            en="The database holds no report of this province yet.",
        )
    earlier = [d for d in dates if asked is not None and d <= asked]
    return earlier[-1] if earlier else dates[-1]


def read_view(store: Store, state: ViewState) -> ViewFigures:
    """Read the view's figures (once per store version for viewers sharing a cache). Raises
    ``InputError`` when the link's blocker filter leaves no commune (the page says so instead of
    showing figures)."""
    # The selected commune changes nothing here; today decides the date when the link has none.
    key = (state.with_changes(selected=None), dt.date.today())
    shared = store.derived("view", key, lambda: _read_view(store, key[0]))
    return replace(shared, state=state)


def _read_view(store: Store, state: ViewState) -> ViewFigures:
    province = state.province or config.province_code()
    as_of = report_date_for(store, province, state.as_of)
    catalogue = store.query("projects", province=province)
    kinds = dict(zip(catalogue.project_code, catalogue.kind, strict=True))
    projects = list(state.projects) or [
        str(c) for c, k in kinds.items() if state.kind is None or k == state.kind
    ]
    names = {str(k): str(v) for k, v in commune_names(province).items()}
    log = blocker_log(
        store, as_of, province_code=province, projects=projects or None, category=state.category
    )
    communes = communes_with_blockers(log, state.blocker, state.communes, list(names))
    if communes is None:
        raise InputError(
            vi="Không có xã, phường nào có vướng mắc phù hợp bộ lọc của đường dẫn.",
            en="No commune has a blocker matching the link's filter.",
        )
    if communes:
        log = log[log.commune_code.isin(communes)]
    # The slow, independent reads start at once and overlap; the calls below take their results.
    read_ahead(
        store,
        as_of,
        province_code=province,
        projects=projects or None,
        communes=communes or None,
    )
    store.in_background(lambda: _sources(store, as_of, projects, province))
    summary = build_summary(
        store,
        as_of,
        province_code=province,
        projects=projects or None,
        lang=state.lang,
        baseline=state.clearance_baseline,
        with_forecasts=False,
    )
    rows = project_commune_rows(
        store, as_of, province_code=province, projects=projects, communes=communes
    )
    by_commune = commune_summary(
        rows, clearance_baseline=state.clearance_baseline, plan_baseline=state.plan_baseline
    )
    forecasts, _ = view_forecasts(
        store,
        as_of,
        province_code=province,
        projects=projects or None,
        baseline=state.clearance_baseline,
        communes=communes or None,
    )
    return ViewFigures(
        state=state,
        province=province,
        as_of=as_of,
        projects=projects,
        communes=communes,
        names=names,
        summary=summary,
        rows=rows,
        by_commune=by_commune,
        lagging=lagging_communes(by_commune, pd.Series(names, dtype=object), by="clearance_pct"),
        log=log,
        forecasts=forecasts,
        money_forecast=disbursement_forecast(
            store,
            as_of,
            province_code=province,
            projects=disbursement_scope(summary, list(state.projects) or None)[0] or None,
        ),
        sources=_sources(store, as_of, projects, province),
    )


def _sources(store: Store, as_of: dt.date, projects: list[str], province: str) -> pd.DataFrame:
    return store.query("view_sources", as_of=as_of, projects=projects, province=province)
