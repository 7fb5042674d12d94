"""The charts under the map: clearance over time, lagging communes, and disbursement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from tracker.charts import monthly_disbursement, percent_bars, ranking_bars, s_curves
from tracker.commune_figures import disbursement_scope, lagging_communes
from tracker.figures import percent
from tracker.forecasts import ClearanceForecast, disbursement_forecast
from tracker.i18n import format_number, format_percent
from tracker.outlook import disbursement_forecast_line, forecast_path
from tracker.series import clearance_history, disbursement_by_month
from tracker.store import Store
from tracker.ui_text import t
from tracker.vocabulary import CAPITAL_SOURCES, PLAN_COLUMN
from ui.chart_specs import Spec, draw, show_chart, vega_spec
from ui.markdown import escape_markdown


def series_labels(lang: str) -> dict[str, str]:
    return {
        "cleared": t("series_cleared", lang),
        "basic": t("series_basic", lang),
        "technical": t("series_technical", lang),
        "ha": "ha",
        "date": t("date", lang),
        "project": t("project", lang),
        "forecast": t("series_forecast", lang),
    }


def clearance(
    store: Store,
    view: Hashable,
    *,
    province: str,
    as_of: dt.date,
    projects: list[str],
    communes: list[str],
    summary: pd.DataFrame,
    names: pd.Series,
    lang: str,
    forecasts: Sequence[ClearanceForecast] = (),
) -> None:
    """The S-curve of each selected project, two to a row (one under the other on a phone),
    each continued dashed to its forecast finish, then the rankings of lagging communes side by
    side."""
    st.subheader(t("s_curve", lang))

    def curves() -> list[tuple[str, Spec]]:
        history = clearance_history(
            store,
            as_of,
            province_code=province,
            projects=projects,
            communes=communes,
        )
        paths = {f.project_code: forecast_path(f) for f in forecasts}
        charts = s_curves(
            history,
            series_labels(lang),
            lang,
            forecasts={code: path for code, path in paths.items() if path is not None},
        )
        return [(code, vega_spec(chart)) for code, chart in charts]

    # ``view`` names the view these are the figures of: its charts are made once per version.
    charts = store.derived("s_curves", view, curves)
    if not charts:
        st.caption(t("no_clearance", lang))
    for row in range(0, len(charts), 2):
        for column, (code, chart) in zip(st.columns(2), charts[row : row + 2], strict=False):
            with column:
                st.caption(escape_markdown(code))
                draw(chart)
    st.subheader(t("lagging", lang))
    if summary.empty:
        st.caption(t("no_clearance", lang))
        return
    rankings = (
        ("clearance_pct", "lagging_pct", "%"),
        ("remaining_ha", "lagging_remaining", "ha"),
    )
    for column, (by, key, unit) in zip(st.columns(2), rankings, strict=True):
        with column:
            ranked = lagging_communes(summary, names, by=by)
            st.caption(t(key, lang))
            if ranked.empty:
                st.caption(t("lagging_none", lang))
                continue
            show_chart(
                store,
                (view, "lagging", by),
                partial(ranking_bars, ranked, t(key, lang), unit, lang),
            )


def _source_rows(totals: dict[str, dict[str, int | None]], plan: str, lang: str) -> pd.DataFrame:
    rows = []
    for source in CAPITAL_SOURCES:
        if source in totals:
            f = totals[source]
            rows.append(
                {
                    "label": t(f"source_{source}", lang),
                    "pct": percent(f["disbursed_vnd"], f[PLAN_COLUMN[plan]]),
                }
            )
    disbursed = sum(f["disbursed_vnd"] or 0 for f in totals.values())
    planned = sum(f[PLAN_COLUMN[plan]] or 0 for f in totals.values())
    rows.append({"label": t("source_total", lang), "pct": percent(disbursed, planned)})
    return pd.DataFrame([r for r in rows if r["pct"] is not None])


def disbursement(
    store: Store,
    view: Hashable,
    summary: dict[str, Any],
    *,
    province: str,
    as_of: dt.date,
    projects: list[str] | None,
    province_scope: list[str],
    plan: str,
    lang: str,
) -> None:
    """Province-wide KPIs, % of plan by capital source against the national average, and the
    monthly path against the plans: for the selected projects when they report money, else for
    the province (``province_scope``: the codes its province-wide figures add up)."""
    st.subheader(t("disbursement", lang))
    if summary["disbursed_vnd"] is not None:
        a, b, c, d = st.columns(4)
        a.metric(t("disbursed_bn", lang), format_number(summary["disbursed_vnd"] / 1e9, lang, 1))
        b.metric(
            t("pct_central", lang),
            format_percent(summary["pct_central_plan"], lang, 2, min_decimals=1),
        )
        c.metric(
            t("pct_local", lang), format_percent(summary["pct_local_plan"], lang, 2, min_decimals=1)
        )
        d.metric(t("national_avg", lang), format_percent(summary["national_avg_pct"], lang, 1))
    codes, totals = disbursement_scope(summary, projects)
    if not totals:
        return
    projection = disbursement_forecast(store, as_of, province_code=province, projects=codes or None)
    if projection is not None:
        st.caption(escape_markdown(disbursement_forecast_line(projection, lang)))
    scope = (
        t("disbursement_scope_projects", lang).format(projects=", ".join(codes))
        if codes
        else t("disbursement_scope_province", lang)
    )
    left, right = st.columns(2)
    with left:
        st.caption(f"{t('disbursement_by_source', lang)} · {t(f'baseline_{plan}', lang)} · {scope}")
        labels = {"pct": "%", "reference": t("national_avg_short", lang)}
        source_rows = _source_rows(totals, plan, lang)
        if not source_rows.empty:
            show_chart(
                store,
                (view, "by_source"),
                partial(percent_bars, source_rows, summary["national_avg_pct"], labels, lang),
            )
    with right:
        st.caption(f"{t('monthly', lang)} · {scope}")
        scope_codes = codes or province_scope
        plans = {
            t("plan_central_line", lang): sum(f["plan_central_vnd"] or 0 for f in totals.values()),
            t("plan_local_line", lang): sum(f["plan_local_vnd"] or 0 for f in totals.values()),
        }

        def monthly() -> Spec | None:
            months = disbursement_by_month(
                store,
                as_of,
                province_code=province,
                projects=scope_codes,
            )
            if months.empty:
                return None
            return vega_spec(
                monthly_disbursement(
                    months,
                    {k: float(v) for k, v in plans.items() if v},
                    {s: t(f"source_{s}", lang) for s in CAPITAL_SOURCES},
                    {"bn": t("bn", lang), "month": t("month", lang)},
                    lang,
                )
            )

        spec = store.derived("monthly", view, monthly)
        if spec is not None:
            draw(spec)
