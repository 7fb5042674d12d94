"""The country on one screen (``scope=national``): provinces (or communes) coloured by
disbursement against the chosen plan, the published national average as reference, the provinces
ranked, and cleared area and disbursement by kind of project. A click on a province opens its
commune view through the link, so Back and shared links work."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st

from tracker.charts import percent_bars
from tracker.commune_figures import commune_summary, metric_values, project_commune_rows
from tracker.geodata import province_codes
from tracker.i18n import format_date, format_percent
from tracker.maps.country_words import (
    average_words,
    commune_map_figures,
    country_legend,
    province_map_figures,
    province_scale,
)
from tracker.maps.national import CountryFigures, NationalLayer, national_map
from tracker.maps.render import INLINE, map_html
from tracker.maps.words import metric_title
from tracker.national import (
    NationalAverage,
    ProvinceEntry,
    figures_by_kind,
    national_average,
    province_entries,
)
from tracker.national_tables import kind_table, ranked, ranking_table
from tracker.store import Store
from tracker.ui_text import t
from tracker.viewstate import ViewState, province_link
from ui import cache, map_panel, share
from ui.board import choose_date, notes
from ui.map_component import map_payload, show_map
from ui.markdown import escape_markdown
from ui.share import view_link
from ui.state import KEYS, OpenedView, open_link

MAP_KEY = "country_map"
#: The province (and commune) a click on the map asked to open.
OPEN_KEY = "open_province"


def _layer(level: str) -> NationalLayer:
    return cache.country_communes() if level == "commune" else cache.country_provinces()


def _on_click(layer: NationalLayer, key: str) -> None:
    """Open the province under a click (with the commune clicked, on the commune map)."""
    click = (st.session_state.get(key) or {}).get("last_clicked")
    if not click:
        return
    found = layer.at(float(click["lng"]), float(click["lat"]))
    if found is None:
        return
    province = layer.province_codes[layer.province_of[found]]
    st.session_state[OPEN_KEY] = (
        province,
        layer.codes[found] if layer.level == "commune" else None,
    )


def _open_clicked(state: ViewState) -> None:
    asked = st.session_state.pop(OPEN_KEY, None)
    if asked is None:
        return
    province, commune = asked
    open_link(province_link(state, province).with_changes(selected=commune))


def _map_parts(
    store: Store,
    state: ViewState,
    entries: list[ProvinceEntry],
    average: NationalAverage | None,
    as_of: dt.date,
) -> tuple[CountryFigures, str]:
    """What each polygon of the view's layer shows, and the legend."""
    lang, plan = state.lang, state.plan_baseline
    if state.level == "commune":
        rows = project_commune_rows(store, as_of, province_code=None, projects=None)
        summary = commune_summary(
            rows, clearance_baseline=state.clearance_baseline, plan_baseline=plan
        )
        title = metric_title(state.metric, state.clearance_baseline, plan, lang)
        figures, scale = commune_map_figures(
            metric_values(summary, state.metric), state.metric, title, lang
        )
    else:
        figures = province_map_figures(entries, plan, as_of, lang)
        scale, title = province_scale(entries, plan), figures.title
    return figures, country_legend(scale, title, lang, average, plan)


def _kpis(entries: list[ProvinceEntry], average: NationalAverage | None, lang: str) -> None:
    a, b, c, d = st.columns(4)
    with_money = sum(e.disbursement is not None for e in entries)
    a.metric(t("provinces_with_figures", lang), f"{with_money} / {len(province_codes())}")
    b.metric(
        t("national_avg", lang),
        "–" if average is None else format_percent(average.pct, lang, 1),
    )
    c.metric(t("projects", lang), sum(e.projects for e in entries))
    d.metric(t("past_due", lang), sum(e.overdue for e in entries))


def _average_source(average: NationalAverage | None, plan: str, lang: str) -> None:
    """Where the national average comes from, in the publisher's words; or why none is drawn."""
    if average is None:
        st.caption(t("national_avg_none", lang))
        return
    source = ", ".join(
        part
        for part in (
            average.source_title,
            average.publisher,
            format_date(average.published_on, lang) if average.published_on else None,
        )
        if part
    )
    st.caption(
        t("national_avg_source", lang).format(
            pct=format_percent(average.pct, lang, 1),
            date=format_date(average.as_of, lang),
            source=escape_markdown(source),
            quote=escape_markdown(average.quote),
        )
    )
    if average_words(average, plan, lang) is None:
        st.caption(t("national_avg_other_plan", lang))


def _ranking(
    state: ViewState, entries: list[ProvinceEntry], average: NationalAverage | None
) -> pd.DataFrame:
    lang, plan = state.lang, state.plan_baseline
    st.subheader(t("ranking", lang))
    known = [e for e in ranked(entries, plan) if e.pct_of_plan(plan) is not None]
    if known:
        rows = pd.DataFrame(
            {"label": [e.province_name for e in known], "pct": [e.pct_of_plan(plan) for e in known]}
        )
        reference = (
            average.pct if average is not None and average_words(average, plan, lang) else None
        )
        labels = {"pct": t(f"pct_{plan}", lang), "reference": t("national_avg_short", lang)}
        st.altair_chart(percent_bars(rows, reference, labels, lang), width="stretch")
    missing = len(province_codes()) - len(known)
    st.caption(t("provinces_without_figures", lang).format(count=missing))
    table = ranking_table(entries, plan, lang, lambda code: view_link(province_link(state, code)))
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            t("open", lang): st.column_config.LinkColumn(display_text=t("open_short", lang))
        },
    )
    return table


def render(store: Store, opened: OpenedView, state: ViewState) -> ViewState:
    """Draw the national view for ``state``; return it with the date as shown."""
    lang = state.lang
    st.header(f"{t('title', lang)} · {t('national_title', lang)}", anchor=False)
    notes(opened, lang)
    if not opened.catalogue.dates:
        st.info(t("no_data", lang))
        return state
    state = choose_date(state, opened)
    _open_clicked(state)
    as_of: dt.date = st.session_state[KEYS["as_of"]]
    entries = province_entries(store, as_of)
    average = national_average(store, as_of)
    if any(e.disbursement is not None and e.disbursement.is_synthetic for e in entries):
        st.warning(t("synthetic_note", lang), icon="ℹ️")
    st.caption(f"{t('as_of', lang)} {format_date(as_of, lang)}")
    _kpis(entries, average, lang)
    _average_source(average, state.plan_baseline, lang)
    left, right = st.columns([5, 3], gap="medium")
    with left:
        st.subheader(t(f"country_map_{state.level}", lang))
        st.caption(t(f"country_map_hint_{state.level}", lang))
        key = f"{MAP_KEY}_{state.level}"
        layer = _layer(state.level)
        view = state.with_changes(as_of=as_of, selected=None)
        figures, legend = store.derived(
            "country_map_parts", view, lambda: _map_parts(store, state, entries, average, as_of)
        )
        payload = store.derived(
            "country_map",
            view,
            lambda: map_payload(
                national_map(layer, figures, legend, basemap=map_panel.basemap(state)), key
            ),
        )
        show_map(
            payload,
            key=key,
            height=map_panel.MAP_HEIGHT,
            returned_objects=["last_clicked"],
            on_change=partial(_on_click, layer, key),
        )
    with right:
        table = _ranking(state, entries, average)
    st.subheader(t("by_kind", lang))
    st.dataframe(
        kind_table(figures_by_kind(store, as_of), state.plan_baseline, lang),
        hide_index=True,
        width="stretch",
    )
    st.caption(t("by_kind_note", lang))
    base = map_panel.basemap(state)
    share.render(
        state,
        table.drop(columns=[t("open", lang)]),
        lambda: map_html(
            national_map(layer, figures, legend, basemap=base, assets=INLINE, detail_url=None)
        ).encode("utf-8"),
        stem=f"tracker-national-{as_of.isoformat()}",
    )
    return state
