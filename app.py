"""The board's view: read the URL, pick the figures from tracker, show them. No business logic."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from tracker import config
from tracker.demo import ensure_demo
from tracker.errors import TrackerError
from tracker.figures import report_dates
from tracker.geodata import province_codes, province_name
from tracker.i18n import LANGUAGES, format_date, format_number, format_percent
from tracker.sql import run_query
from tracker.store import Store, open_store
from tracker.summary import build_summary
from tracker.text import escape_markdown
from tracker.ui_text import t
from tracker.views import commune_table
from tracker.viewstate import ViewState, from_query, to_query

st.set_page_config(page_title="tracker · GPMB", page_icon="🗺️", layout="wide")


@st.cache_resource
def get_store() -> Store:
    """One store per server process; each script run takes its own cursor from it."""
    store = open_store(config.db_path())
    ensure_demo(store)
    return store


def _query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _sidebar(state: ViewState, dates: list[dt.date], projects: list[str]) -> ViewState:
    lang = st.sidebar.radio(
        t("language", state.lang),
        LANGUAGES,
        index=LANGUAGES.index(state.lang),
        format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
        horizontal=True,
    )
    as_of = state.as_of if state.as_of in dates else (dates[0] if dates else None)
    if dates:
        as_of = st.sidebar.selectbox(
            t("as_of", lang),
            dates,
            index=dates.index(as_of) if as_of in dates else 0,
            format_func=lambda d: format_date(d, lang),
        )
    chosen = st.sidebar.multiselect(
        t("projects", lang),
        projects,
        default=[p for p in state.projects if p in projects],
        placeholder=t("all_projects", lang),
    )
    return ViewState(province=state.province, projects=tuple(chosen), as_of=as_of, lang=lang)


def _kpis(summary: dict, lang: str) -> None:
    shown = [p for p in summary["projects"] if p.get("cleared_ha") is not None]
    for start in range(0, len(shown), 3):
        for column, p in zip(st.columns(3), shown[start : start + 3], strict=False):
            with column.container(border=True):
                name = p["name_vi"] if lang == "vi" else p["name_en"]
                st.markdown(f"**{escape_markdown(p['project_code'])}** · {escape_markdown(name)}")
                change = p["change_ha"] or 0
                st.metric(
                    t("cleared", lang),
                    f"{format_number(p['cleared_ha'], lang)} ha",
                    f"{format_number(change, lang)} ha {t('change', lang)}",
                )
                a, b = st.columns(2)
                a.metric(
                    t("pct_basic", lang), format_percent(p["pct_basic"], lang, 2, min_decimals=1)
                )
                b.metric(
                    t("pct_technical", lang),
                    format_percent(p["pct_technical"], lang, 2, min_decimals=1),
                )
                report = p["report_date"] and dt.date.fromisoformat(p["report_date"])
                st.caption(f"{t('report_date', lang)}: {format_date(report or None, lang)}")


def _disbursement(summary: dict, lang: str) -> None:
    if summary["disbursed_vnd"] is None:
        return
    st.subheader(t("disbursement", lang))
    a, b, c, d = st.columns(4)
    a.metric(t("disbursed_bn", lang), format_number(summary["disbursed_vnd"] / 1e9, lang, 1))
    b.metric(
        t("pct_central", lang), format_percent(summary["pct_central_plan"], lang, 2, min_decimals=1)
    )
    c.metric(
        t("pct_local", lang), format_percent(summary["pct_local_plan"], lang, 2, min_decimals=1)
    )
    d.metric(t("national_avg", lang), format_percent(summary["national_avg_pct"], lang, 1))


def main() -> None:
    store = get_store()
    cur = store.cursor()
    known_projects = run_query(cur, "projects", province=None).project_code.tolist()
    parsed = from_query(_query(), known_projects=known_projects, known_provinces=province_codes())
    lang = parsed.state.lang
    province = parsed.state.province or config.province_code()
    province_projects = [
        p for p in run_query(cur, "projects", province=province).project_code.tolist()
    ]
    dates = [d for d in report_dates(cur, province) if d <= dt.date.today()]
    state = _sidebar(parsed.state, dates, province_projects)
    lang = state.lang
    if to_query(state) != to_query(parsed.state) or parsed.dropped:
        st.query_params.from_dict(to_query(state))

    st.title(f"{t('title', lang)} · {province_name(province)}")
    if parsed.dropped:
        st.info(
            t("dropped", lang)
            + ": "
            + "; ".join(escape_markdown(d.message(lang)) for d in parsed.dropped)
        )
    if state.as_of is None:
        st.info(t("no_data", lang))
        return
    summary = build_summary(
        cur, state.as_of, province_code=province, projects=list(state.projects) or None, lang=lang
    )
    if any(p.get("synthetic") for p in summary["projects"]):
        st.warning(t("synthetic_note", lang), icon="ℹ️")
    st.caption(f"{t('as_of', lang)} {format_date(state.as_of, lang)}")
    _kpis(summary, lang)
    _disbursement(summary, lang)
    if summary["warnings"]:
        st.subheader(t("warnings", lang))
        for warning in summary["warnings"]:
            st.warning(escape_markdown(str(warning["message"])), icon="⚠️")
    st.subheader(t("by_commune", lang))
    st.dataframe(
        commune_table(
            cur,
            state.as_of,
            province_code=province,
            projects=list(state.projects) or None,
            lang=lang,
        ),
        hide_index=True,
        width="stretch",
    )


try:
    main()
except TrackerError as exc:
    st.error(exc.message(st.query_params.get("lang", "vi")))
