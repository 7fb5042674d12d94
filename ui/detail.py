"""The detail of the selected commune, beside the map: each project's figures and their path."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from tracker.charts import s_curves
from tracker.series import clearance_history
from tracker.store import Store
from tracker.tables import format_commune_table
from tracker.ui_text import t
from tracker.viewstate import ViewState
from ui.charts_panel import series_labels
from ui.markdown import escape_markdown
from ui.outlook_panel import commune_blockers
from ui.state import KEYS

_COLUMNS = (
    "project",
    "cleared_ha",
    "required_basic",
    "required_technical",
    "pct_basic",
    "pct_technical",
    "households_relocated",
    "report_date",
    "source",
)


def _close() -> None:
    st.session_state[KEYS["selected"]] = None


def render(
    store: Store,
    state: ViewState,
    rows: pd.DataFrame,
    names: pd.Series,
    *,
    province: str,
    as_of: dt.date,
    projects: list[str],
    log: pd.DataFrame,
) -> None:
    """The selected commune's per-project table, its blockers and weekly history, or a hint to
    click one."""
    lang = state.lang
    st.subheader(t("detail_heading", lang))
    code = state.selected
    if code is None:
        st.caption(t("detail_empty", lang))
        return
    name = str(names.get(code, code))
    top, button = st.columns([4, 1])
    top.markdown(f"#### {escape_markdown(name)} ({code})")
    button.button(t("detail_close", lang), on_click=_close, key="close_detail")
    commune_blockers(store, log, code, {str(k): str(v) for k, v in names.items()}, as_of, lang)
    mine = rows[rows.commune_code == code]
    if mine.empty:
        st.info(t("detail_none", lang))
        return
    table = format_commune_table(mine, names, lang)
    st.dataframe(
        table[[t(c, lang) for c in _COLUMNS]], hide_index=True, width="stretch", key="detail_table"
    )
    history = clearance_history(
        store,
        as_of,
        province_code=province,
        projects=projects,
        communes=[code],
    )
    charts = s_curves(history, series_labels(lang), lang, height=170)
    if charts:
        st.caption(t("history", lang))
    for project, chart in charts:
        if len(charts) > 1:
            st.caption(escape_markdown(project))
        st.altair_chart(chart, width="stretch")
