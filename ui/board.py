"""The board tab: the date, the KPIs, the map with a commune's detail, the charts, the table, the
link and the downloads. Figures come from ``tracker``; this module only lays them out."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from tracker.errors import InputError
from tracker.geodata import province_name
from tracker.i18n import format_date
from tracker.status import project_status
from tracker.status_tables import stage_words
from tracker.store import Store
from tracker.tables import figures_table, format_commune_table
from tracker.ui_text import t
from tracker.view import read_view
from tracker.viewstate import ViewState
from tracker.vocabulary import PROGRAMME_KIND
from ui import charts_panel, detail, kpis, map_panel, outlook_panel, share, status_panel
from ui.markdown import escape_markdown
from ui.state import AS_OF_CHOSEN, KEYS, OpenedView, snap_date


def choose_date(state: ViewState, opened: OpenedView) -> ViewState:
    """The report-week slider; moving it replays the map week by week."""
    dates = opened.catalogue.dates
    lang = state.lang
    st.select_slider(
        t("as_of_slider", lang),
        dates,
        key=KEYS["as_of"],
        format_func=lambda d: format_date(d, lang),
        on_change=lambda: st.session_state.__setitem__(AS_OF_CHOSEN, True),
    )
    chosen = st.session_state[KEYS["as_of"]]
    return state.with_changes(as_of=chosen if st.session_state.get(AS_OF_CHOSEN) else None)


def notes(opened: OpenedView, lang: str) -> None:
    if opened.dropped:
        st.info(
            t("dropped", lang)
            + ": "
            + "; ".join(escape_markdown(d.message(lang)) for d in opened.dropped)
        )
    shown, reason = snap_date(opened.state.as_of, opened.catalogue.dates)
    if reason and opened.state.as_of is not None and shown is not None:
        key = "as_of_snapped" if reason == "snapped" else "as_of_too_early"
        asked = format_date(opened.state.as_of, lang)
        st.info(t(key, lang).format(asked=asked, shown=format_date(shown, lang)))


def render(store: Store, opened: OpenedView, state: ViewState) -> ViewState:
    """Draw the board for ``state``; return it with the date and the selected commune as shown."""
    lang = state.lang
    cat = opened.catalogue
    province = cat.province
    st.header(f"{t('title', lang)} · {province_name(province)}", anchor=False)
    notes(opened, lang)
    if not cat.dates:
        st.info(t("no_data", lang))
        return state
    state = choose_date(state, opened)
    as_of: dt.date = st.session_state[KEYS["as_of"]]
    try:
        view = read_view(store, state.with_changes(province=province, as_of=as_of))
    except InputError:  # the link's blocker filter leaves no commune
        st.info(t("blockers_filter_none", lang))
        return state
    summary, rows, log, forecasts = view.summary, view.rows, view.log, view.forecasts
    # What the view's shared charts and map are kept under: all but the commune selected.
    view_key = state.with_changes(province=province, as_of=as_of, selected=None)
    communes, by_commune, projects = view.communes, view.by_commune, view.projects
    names = cat.communes
    name_series = pd.Series(names, dtype=object)
    status = project_status(store, as_of, province_code=province, projects=projects)
    synthetic_money = bool(summary["province"].get("synthetic"))
    if (
        any(p.get("synthetic") for p in summary["projects"])
        or synthetic_money
        or (status.is_synthetic.any())
    ):
        # Said before any figure: the per-commune, weekly and stage data are not surveyed.
        st.warning(t("synthetic_note", lang), icon="ℹ️")
    st.caption(f"{t('as_of', lang)} {format_date(as_of, lang)}")
    if communes:
        listed = ", ".join(names.get(c, c) for c in communes)
        if state.blocker:
            which = t(f"blocker_which_{state.blocker}", lang)
            text = t("blockers_filter_scope", lang).format(which=which, communes=listed)
        else:
            text = t("commune_scope", lang).format(communes=listed)
        st.caption(escape_markdown(text))
    project_names = {
        p["project_code"]: p["name_vi"] if lang == "vi" else p["name_en"]
        for p in summary["projects"]
    }
    kpis.render(
        rows,
        project_names,
        state.clearance_baseline,
        lang,
        forecasts={f.project_code: f for f in forecasts},
        communes=names,
    )
    outlook_panel.at_risk(forecasts, project_names, lang)
    stages = stage_words(status, lang)

    inputs = map_panel.MapInputs(
        province=province,
        rows=rows,
        summary=by_commune,
        names=name_series,
        as_of=as_of,
        alignments=map_panel.alignments(store, province, projects, lang, stages),
        blockers=log,
        stages=stages,
    )
    left, right = st.columns([5, 3], gap="medium")
    with left:
        st.subheader(t("map_heading", lang))
        st.caption(t("map_hint", lang))
        if rows.empty:
            st.caption(t("map_no_clearance", lang))
        map_panel.render_map(map_panel.view_map(store, state, inputs), state, province)
    state = state.with_changes(selected=st.session_state.get(KEYS["selected"]))
    with right:
        detail.render(
            store,
            state,
            rows,
            name_series,
            province=province,
            as_of=as_of,
            projects=projects,
            log=log,
        )

    works = sum(cat.project_kinds.get(c) != PROGRAMME_KIND for c in projects)
    status_panel.render(status, works, project_names, as_of, lang)
    if summary["warnings"]:
        st.subheader(t("warnings", lang))
        for warning in summary["warnings"]:
            st.warning(escape_markdown(str(warning["message"])), icon="⚠️")
    charts_panel.clearance(
        store,
        view_key,
        province=province,
        as_of=as_of,
        projects=projects,
        communes=communes,
        summary=by_commune,
        names=name_series,
        lang=lang,
        forecasts=forecasts,
    )
    outlook_panel.blockers_section(store, view_key, log, names, lang)
    programmes = [c for c, k in cat.project_kinds.items() if k == "programme"]
    charts_panel.disbursement(
        store,
        view_key,
        summary,
        province=province,
        as_of=as_of,
        projects=list(state.projects) or None,
        province_scope=programmes or list(cat.project_kinds),
        plan=state.plan_baseline,
        lang=lang,
    )
    st.subheader(t("by_commune", lang))
    if rows.empty:
        st.caption(t("no_clearance", lang))
    else:
        table = format_commune_table(rows, name_series, lang)
        st.dataframe(table, hide_index=True, width="stretch")
    frozen = state
    share.render(
        state,
        figures_table(rows, name_series, lang),
        lambda: map_panel.standalone_html(frozen, inputs),
        stem=f"tracker-{province}-{as_of.isoformat()}",
    )
    share.brief(store, state.with_changes(province=province, as_of=as_of))
    return state
