"""The view state between the URL and the widgets.

The URL wins when it changed from outside (a link opened, the back button): the widgets are set
from it. Otherwise the widgets win, and every change is written back to ``st.query_params``, so the
address bar always holds a link to the current view.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import streamlit as st

from tracker import config
from tracker.figures import report_dates
from tracker.geodata import commune_names, province_codes
from tracker.status import status_report_dates
from tracker.store import Store
from tracker.viewstate import DroppedParameter, ViewState, from_query, to_query

_SYNCED = "_synced_query"
#: Session keys of the widgets, by the view-state field they edit.
KEYS = {
    "lang": "w_lang",
    "province": "w_province",
    "kind": "w_kind",
    "projects": "w_projects",
    "communes": "w_communes",
    "metric": "w_metric",
    "baseline": "w_baseline",
    "basemap": "w_basemap",
    "as_of": "w_as_of",
    "selected": "selected",
    "blocker": "w_blocker",
    "category": "w_category",
    "scope": "w_scope",
    "level": "w_level",
}
AS_OF_CHOSEN = "as_of_chosen"  # True once the date was set by a link or the slider


@dataclass(frozen=True)
class Catalogue:
    """What a link may name, for the province it shows."""

    province: str
    project_kinds: dict[str, str]  # code -> kind, projects of the province
    communes: dict[str, str]  # code -> full name
    dates: list[dt.date]  # report dates up to today, oldest first


@dataclass
class OpenedView:
    state: ViewState
    catalogue: Catalogue
    dropped: list[DroppedParameter] = field(default_factory=list)
    notes: list[str] = field(
        default_factory=list
    )  # further notes, already in the reader's language


def current_query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _normal(query: dict[str, str | list[str]]) -> dict[str, list[str]]:
    return {k: [v] if isinstance(v, str) else list(v) for k, v in query.items()}


def catalogue(store: Store, province: str, *, national: bool = False) -> Catalogue:
    """What a link may name for ``province``; its dates are those of the whole country when the
    view is ``national``. A date counts when any figure or status was reported on it."""
    projects = store.query("projects", province=province)
    communes = commune_names(province)
    today = dt.date.today()
    scope = None if national else province
    reported = {*report_dates(store, scope), *status_report_dates(store, scope)}
    dates = sorted(d for d in reported if d <= today)
    return Catalogue(
        province=province,
        project_kinds=dict(zip(projects.project_code, projects.kind, strict=True)),
        communes={str(k): str(v) for k, v in communes.items()},
        dates=dates,
    )


def open_view(store: Store) -> OpenedView:
    """The view the URL asks for, checked against the store; sets the widgets if the URL is new."""
    query = current_query()
    asked = from_query(query, known_provinces=province_codes()).state
    cat = catalogue(
        store, asked.province or config.province_code(), national=asked.scope == "national"
    )
    parsed = from_query(
        query,
        known_projects=cat.project_kinds,
        known_provinces=province_codes(),
        known_communes=list(cat.communes),
    )
    if st.session_state.get(_SYNCED) != query:
        _set_widgets(parsed.state, cat)
        st.session_state[_SYNCED] = query
        return OpenedView(parsed.state, cat, parsed.dropped)
    return OpenedView(parsed.state, cat)


def _set_widgets(state: ViewState, cat: Catalogue) -> None:
    values: dict[str, object] = {
        "lang": state.lang,
        "province": cat.province,
        "kind": state.kind or "",
        "projects": list(state.projects),
        "communes": list(state.communes),
        "metric": state.metric,
        "baseline": state.effective_baseline,
        "basemap": state.basemap,
        "selected": state.selected,
        "blocker": state.blocker or "",
        "category": state.category or "",
        "scope": state.scope,
        "level": state.level,
    }
    for name, value in values.items():
        st.session_state[KEYS[name]] = value
    st.session_state[AS_OF_CHOSEN] = state.as_of is not None
    st.session_state[KEYS["as_of"]] = snap_date(state.as_of, cat.dates)[0]


def snap_date(asked: dt.date | None, dates: list[dt.date]) -> tuple[dt.date | None, str | None]:
    """The report date to show for ``asked``: itself, else the newest report before it, else the
    latest report; with the reason when it is not ``asked`` ("before", "snapped")."""
    if not dates:
        return None, None
    if asked is None:
        return dates[-1], None
    earlier = [d for d in dates if d <= asked]
    if not earlier:
        return dates[-1], "before"
    return earlier[-1], None if earlier[-1] == asked else "snapped"


def sync_url(state: ViewState, opened: OpenedView | None = None) -> None:
    """Write ``state`` to the address bar if it differs from the view there. A link that already
    says exactly this (``opened``, with nothing dropped) is left as typed, defaults and all."""
    if opened is not None and state == opened.state and not opened.dropped:
        st.session_state[_SYNCED] = current_query()
        return
    wanted = to_query(state)
    if _normal(wanted) != current_query():
        st.query_params.from_dict(wanted)
    st.session_state[_SYNCED] = _normal(wanted)


def open_link(state: ViewState) -> None:
    """Go to the view ``state`` as if its link had been opened: the address bar gets it (so Back
    returns here) and, on the next run, every widget is set from it."""
    sync_url(state)
    st.session_state.pop(_SYNCED, None)
    st.rerun()
