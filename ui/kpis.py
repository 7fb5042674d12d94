"""Clearance KPIs: per selected project and in total, against both design baselines."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from tracker.figures import ClearanceFigures, clearance_from_rows
from tracker.forecasts import ClearanceForecast
from tracker.i18n import format_number, format_percent
from tracker.tables import kpi_table
from tracker.ui_text import t
from tracker.vocabulary import DESIGN_BASELINE_CODE
from ui.markdown import escape_markdown
from ui.outlook_panel import forecast_caption

_MAX_CARDS = 3


def _metrics(figures: ClearanceFigures, baseline: str, lang: str) -> None:
    change = figures.change_ha
    a, b, c, d = st.columns(4)
    a.metric(
        t("cleared", lang),
        f"{format_number(figures.cleared_ha, lang)} ha",
        f"{format_number(change, lang)} ha {t('week_change', lang)}",
        delta_color="normal" if change >= 0 else "inverse",
    )
    b.metric(t("pct_basic", lang), format_percent(figures.pct_basic, lang, 2, min_decimals=1))
    c.metric(
        t("pct_technical", lang), format_percent(figures.pct_technical, lang, 2, min_decimals=1)
    )
    remaining = figures.remaining_ha(baseline)
    d.metric(
        t("remaining_baseline", lang).format(baseline=DESIGN_BASELINE_CODE[baseline]),
        "–" if remaining is None else f"{format_number(remaining, lang)} ha",
    )


def render(
    rows: pd.DataFrame,
    names: dict[str, str],
    baseline: str,
    lang: str,
    *,
    forecasts: Mapping[str, ClearanceForecast] | None = None,
    communes: Mapping[str, str] | None = None,
) -> None:
    """KPIs: the total of the selected projects (when more than one), then each project, as cards
    for up to three projects and as a table beyond.

    ``rows`` are the per-project, per-commune rows of the view (``project_commune_rows``), so a
    commune filter narrows the KPIs too; ``names`` gives each project's name in ``lang``. Each
    card ends with the project's forecast (``forecasts``, by code; ``communes`` names communes).
    """
    if rows.empty:
        st.info(t("no_clearance", lang))
        return
    codes = list(dict.fromkeys(rows.project_code))
    if len(codes) > 1:
        with st.container(border=True):
            st.markdown(f"**{t('total', lang)}** ({len(codes)})")
            _metrics(clearance_from_rows(rows), baseline, lang)
    if len(codes) > _MAX_CARDS:
        table = kpi_table(rows, names, baseline, lang, forecasts)
        st.dataframe(table, hide_index=True, width="stretch")
        return
    for code in codes:
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(code)}** · {escape_markdown(names.get(code, ''))}")
            _metrics(clearance_from_rows(rows[rows.project_code == code]), baseline, lang)
            forecast_caption((forecasts or {}).get(code), communes or {}, lang)
