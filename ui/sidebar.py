"""The filters in the sidebar. Each widget starts from the URL (``ui.state``) and its value makes up
the view state that ``ui.state.sync_url`` writes back."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from tracker import config
from tracker.geodata import load_provinces
from tracker.i18n import LANGUAGES
from tracker.ui_text import t
from tracker.viewstate import (
    BASEMAPS,
    BLOCKER_FILTERS,
    LEVELS,
    METRICS,
    SCOPES,
    ViewState,
    baselines_for,
    default_baseline,
    default_metric,
)
from tracker.vocabulary import BLOCKER_CATEGORIES, PROJECT_KINDS
from ui.state import KEYS, Catalogue

_LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def tile_url() -> str | None:
    """The intranet tile server an administrator set, if any."""
    return config.tile_url()


def _keep_valid(name: str, options: Sequence[object], fallback: object) -> None:
    """Reset a widget whose stored value is no longer among its options (e.g. after the project
    kind or the metric changed), so Streamlit never sees an impossible value."""
    key = KEYS[name]
    value = st.session_state.get(key, fallback)
    if isinstance(value, list):
        st.session_state[key] = [v for v in value if v in options]
    elif value not in options:
        st.session_state[key] = fallback


def render(state: ViewState, cat: Catalogue) -> ViewState:
    """Draw the filters; return the view they describe (the date and selection are kept)."""
    side = st.sidebar
    _keep_valid("lang", list(LANGUAGES), state.lang)
    lang = side.radio(
        t("language", state.lang),
        LANGUAGES,
        key=KEYS["lang"],
        format_func=_LANGUAGE_NAMES.__getitem__,
        horizontal=True,
    )
    _keep_valid("scope", list(SCOPES), state.scope)
    scope = side.radio(
        t("view", lang),
        SCOPES,
        key=KEYS["scope"],
        format_func=lambda s: t(f"scope_{s}", lang),
        horizontal=True,
    )
    if scope != state.scope:
        # Each scope starts from what it colours by default: clearance in a province, money in
        # the country.
        st.session_state[KEYS["metric"]] = default_metric(scope)
        st.session_state[KEYS["baseline"]] = default_baseline(default_metric(scope))
    if scope == "national":
        return _national(state, lang)
    side.subheader(t("filters", lang))
    provinces = load_provinces().set_index("province_code")["province_name"]
    _keep_valid("province", list(provinces.index), cat.province)
    province = side.selectbox(
        t("province", lang),
        list(provinces.index),
        key=KEYS["province"],
        format_func=lambda code: f"{provinces[code]} ({code})",
    )
    kinds = [k for k in PROJECT_KINDS if k in set(cat.project_kinds.values())]
    # "" stands for every kind: a None value would show the box as empty.
    _keep_valid("kind", ["", *kinds], "")
    kind = (
        side.selectbox(
            t("kind", lang),
            ["", *kinds],
            key=KEYS["kind"],
            format_func=lambda k: t(f"kind_{k}", lang) if k else t("all_kinds", lang),
        )
        or None
    )
    shown = [c for c, k in cat.project_kinds.items() if kind is None or k == kind]
    _keep_valid("projects", shown, [])
    projects = side.multiselect(
        t("projects", lang),
        shown,
        key=KEYS["projects"],
        placeholder=t("all_projects", lang),
    )
    _keep_valid("communes", list(cat.communes), [])
    communes = side.multiselect(
        t("communes", lang),
        list(cat.communes),
        key=KEYS["communes"],
        format_func=lambda c: cat.communes.get(c, c),
        placeholder=t("all_communes", lang),
    )
    metric, baseline, basemap = _colours_and_base(state, lang, METRICS)
    blocker, category = _blocker_filters(lang)
    changed_province = province != cat.province
    return ViewState(
        province=state.province if province == cat.province else province,
        kind=kind,
        projects=() if changed_province else tuple(projects),
        communes=() if changed_province else tuple(communes),
        as_of=state.as_of,
        metric=metric,
        baseline=baseline,
        lang=lang,
        selected=None if changed_province else st.session_state.get(KEYS["selected"]),
        basemap=basemap,
        blocker=blocker,
        category=category,
    )


def _colours_and_base(
    state: ViewState, lang: str, metrics: Sequence[str]
) -> tuple[str, str | None, str]:
    """What colours the map (one of ``metrics``), against which baseline (None: the metric's
    default), and the base map."""
    side = st.sidebar
    _keep_valid("metric", list(metrics), metrics[0])
    metric = (
        side.radio(
            t("metric", lang),
            metrics,
            key=KEYS["metric"],
            format_func=lambda m: t(f"metric_{m}", lang),
        )
        if len(metrics) > 1
        else metrics[0]
    )
    _keep_valid("baseline", list(baselines_for(metric)), default_baseline(metric))
    baseline = side.radio(
        t("baseline", lang),
        baselines_for(metric),
        key=KEYS["baseline"],
        format_func=lambda b: t(f"baseline_{b}", lang),
    )
    basemaps = [b for b in BASEMAPS if b != "custom" or tile_url()]
    _keep_valid("basemap", basemaps, "none")
    basemap = side.radio(
        t("basemap", lang),
        basemaps,
        key=KEYS["basemap"],
        format_func=lambda b: t(f"basemap_{b}", lang),
    )
    return metric, None if baseline == default_baseline(metric) else baseline, basemap


def _national(state: ViewState, lang: str) -> ViewState:
    """The country's filters: provinces or communes, what colours them, the base map. Provinces
    are coloured by disbursement (what every province reports); communes by any metric."""
    side = st.sidebar
    side.subheader(t("filters", lang))
    _keep_valid("level", list(LEVELS), state.level)
    level = side.radio(
        t("level", lang),
        LEVELS,
        key=KEYS["level"],
        format_func=lambda v: t(f"level_{v}", lang),
        horizontal=True,
    )
    shown = ("disbursement_pct",) if level == "province" else ("disbursement_pct", *METRICS)
    metric, baseline, basemap = _colours_and_base(state, lang, list(dict.fromkeys(shown)))
    return ViewState(
        province=state.province,
        as_of=state.as_of,
        metric=metric,
        baseline=baseline,
        lang=lang,
        basemap=basemap,
        scope="national",
        level=level,
    )


def _blocker_filters(lang: str) -> tuple[str | None, str | None]:
    """Only communes with open (or overdue) blockers, and only blockers of one category."""
    side = st.sidebar
    _keep_valid("blocker", ["", *BLOCKER_FILTERS], "")
    blocker = side.selectbox(
        t("blocker_filter", lang),
        ["", *BLOCKER_FILTERS],
        key=KEYS["blocker"],
        format_func=lambda b: (
            t(f"blocker_filter_{b}", lang) if b else t("blocker_filter_all", lang)
        ),
    )
    _keep_valid("category", ["", *BLOCKER_CATEGORIES], "")
    category = side.selectbox(
        t("category_filter", lang),
        ["", *BLOCKER_CATEGORIES],
        key=KEYS["category"],
        format_func=lambda c: t(f"blocker_category_{c}", lang) if c else t("category_all", lang),
    )
    return blocker or None, category or None
