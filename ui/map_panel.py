"""The map and, beside it, the detail of the commune clicked on it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial

import folium
import geopandas as gpd
import pandas as pd
import shapely
import streamlit as st

from tracker import config
from tracker.commune_figures import metric_values
from tracker.figures import projects_in_scope
from tracker.maps.colours import metric_scale
from tracker.maps.geometry import commune_at
from tracker.maps.render import INLINE, Basemap, build_map, legend_html, map_html
from tracker.maps.words import (
    alignment_frame,
    blocker_flags,
    commune_tips,
    legend_text,
    metric_title,
)
from tracker.store import Store
from tracker.viewstate import ViewState
from ui import cache
from ui.map_component import MapPayload, map_payload, show_map
from ui.sidebar import tile_url
from ui.state import KEYS

MAP_KEY = "board_map"
MAP_HEIGHT = 580
#: Only a click on the map reruns the page; panning and zooming stay in the browser. The map's own
#: click (any point) is used rather than a layer's: in the component's frame Chromium sometimes
#: delivers a click on a commune to the SVG group instead, which Leaflet then gives to the map only.
RETURNED = ["last_clicked"]
_OSM = Basemap(
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)


@dataclass(frozen=True)
class MapInputs:
    """Everything the map of a view is drawn from."""

    province: str
    rows: pd.DataFrame  # project_commune_rows
    summary: pd.DataFrame  # commune_summary
    names: pd.Series  # commune names by code
    as_of: dt.date
    alignments: gpd.GeoDataFrame  # tracker.maps.words.alignment_frame
    blockers: pd.DataFrame | None = None  # tracker.blockers.blocker_log of the view
    stages: Mapping[str, str] = field(default_factory=dict)  # each project's stage, as words


def basemap(state: ViewState) -> Basemap:
    if state.basemap == "osm":
        return _OSM
    url = tile_url()
    if state.basemap == "custom" and url:
        return Basemap(url, config.tile_attribution())
    return Basemap()


def make_map(state: ViewState, inputs: MapInputs, *, assets: str | None = None) -> folium.Map:
    """The folium map of the view (``assets=INLINE`` for a file that works offline).

    Needs no database cursor, so it may run on the thread of a deferred download."""
    lang = state.lang
    prepared = cache.map_communes(inputs.province)
    values = metric_values(inputs.summary, state.metric)
    scale = metric_scale(state.metric, values)
    alignments = inputs.alignments
    kinds = list(dict.fromkeys(alignments.kind))
    title = metric_title(state.metric, state.clearance_baseline, state.plan_baseline, lang)
    flags = [] if inputs.blockers is None else blocker_flags(prepared, inputs.blockers, lang)
    tips = commune_tips(
        inputs.rows,
        inputs.summary,
        inputs.names,
        metric=state.metric,
        clearance_baseline=state.clearance_baseline,
        plan_baseline=state.plan_baseline,
        as_of=inputs.as_of,
        lang=lang,
        flags=flags,
        stages=inputs.stages,
    )
    words = legend_text(title, kinds, lang, blockers=bool(flags))
    legend = legend_html(scale, words, lang, kinds)
    kwargs = {"assets": assets} if assets else {}
    return build_map(
        prepared,
        values,
        scale,
        tips,
        legend,
        alignments=alignments,
        boundary=cache.province_outline(inputs.province),
        basemap=basemap(state),
        flags=flags,
        **kwargs,
    )


def _on_click(province: str) -> None:
    """Select the commune under a click (on a commune or on an alignment crossing it)."""
    value = st.session_state.get(MAP_KEY) or {}
    click = value.get("last_clicked")
    if not click:
        return
    code = commune_at(cache.map_communes(province), float(click["lng"]), float(click["lat"]))
    if code:
        st.session_state[KEYS["selected"]] = code


def _highlight(prepared: gpd.GeoDataFrame, code: str | None) -> folium.FeatureGroup:
    """The selected commune's outline, added to the map without redrawing it."""
    group = folium.FeatureGroup(name="selected")
    if code:
        shape = prepared.loc[prepared.code == code, "geometry"]
        if len(shape):
            folium.GeoJson(
                shapely.geometry.mapping(shape.iloc[0]),
                style_function=lambda _f: {"color": "#1864ab", "weight": 4, "fill": False},
                interactive=False,
            ).add_to(group)
    return group


def view_map(store: Store, state: ViewState, inputs: MapInputs) -> MapPayload:
    """The view's map, rendered once per store version for every viewer of the same view
    (``state`` with its province and date; the selected commune is drawn apart)."""
    key = state.with_changes(province=inputs.province, as_of=inputs.as_of, selected=None)
    return store.derived("map", key, lambda: map_payload(make_map(state, inputs), MAP_KEY))


def render_map(payload: MapPayload, state: ViewState, province: str) -> None:
    """Draw the map; a click selects a commune (through ``st.session_state``)."""
    show_map(
        payload,
        key=MAP_KEY,
        height=MAP_HEIGHT,
        returned_objects=RETURNED,
        feature_group=_highlight(cache.map_communes(province), state.selected),
        on_change=partial(_on_click, province),
    )


def standalone_html(state: ViewState, inputs: MapInputs) -> bytes:
    """The view's map as one HTML file with Leaflet inside: it opens with no network."""
    return map_html(make_map(state, inputs, assets=INLINE)).encode("utf-8")


def alignments(
    store: Store,
    province: str,
    projects: list[str],
    lang: str,
    stages: Mapping[str, str] | None = None,
) -> gpd.GeoDataFrame:
    """The alignments of ``projects`` (all of the province's when empty), labelled in ``lang``
    with each project's stage."""
    codes = projects_in_scope(store, province, projects)
    rows = store.query("project_geometries", projects=codes)
    return alignment_frame(rows, lang, stages or {})
