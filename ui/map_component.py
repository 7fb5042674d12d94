"""The folium map as streamlit-folium's component, with the map's HTML made once per view.

``st_folium`` renders the whole map (every commune's outline and tooltip) to HTML on every run of
every viewer, although that HTML changes only with the view and the store's version. Here the
rendering is split: ``map_payload`` makes the component's arguments once (kept through
``Store.derived``), and ``show_map`` passes them, with the per-run selection outline, to the same
component ``st_folium`` uses. The helpers are streamlit-folium's own (the version is pinned in
``requirements.txt``); ``tests/test_map_component.py`` checks that the arguments equal those
``st_folium`` sends for the same map.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import folium
import streamlit as st
import streamlit_folium as sf


@dataclass(frozen=True)
class MapPayload:
    """What the component needs of a rendered map."""

    script: str
    header: str
    html: str
    map_id: str
    bounds: list[list[float | None]]
    zoom: Any
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    component_key: str  # the component's key: st_folium's hash of the script and the map's key


def _asset_links(m: folium.Map) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The CSS and JS files the map's elements declare (Leaflet's, served by the app itself:
    ``tracker.maps.render`` points them there, so the map loads nothing from the network)."""
    css: list[str] = []
    js: list[str] = []

    def walk(element: Any) -> None:
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(m)
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))


def map_payload(m: folium.Map, key: str) -> MapPayload:
    """Render ``m``, drawn under ``key``, once into the component's arguments (this changes
    ``m``'s element ids)."""
    m.get_root().render()
    cast(Any, m).render()  # as st_folium does: the map's own pass adds its header parts
    html = sf._get_html(m)
    header = sf._get_header(m)
    script = sf._get_map_string(m)
    try:
        bounds = m.get_bounds()
    except AttributeError:
        bounds = [[None, None], [None, None]]
    css, js = _asset_links(m)
    return MapPayload(
        script=script,
        header=header,
        html=html,
        map_id=sf.get_full_id(m),
        bounds=bounds,
        zoom=m.options.get("zoom"),
        css_links=css,
        js_links=js,
        component_key=sf.generate_js_hash(script, key, False),
    )


def feature_group_script(group: folium.FeatureGroup) -> str:
    """The script that adds ``group`` to an already drawn map (rendered against a scratch map:
    the component names the drawn map ``map_div`` whatever its id was)."""
    scratch = folium.Map(tiles=None)
    return str(sf._get_feature_group_string(group, map=scratch, idx=0))


def _bounds(bounds: list[list[float | None]]) -> dict[str, dict[str, float | None]]:
    southwest, northeast = bounds
    return {
        "_southWest": {"lat": southwest[0], "lng": southwest[1]},
        "_northEast": {"lat": northeast[0], "lng": northeast[1]},
    }


#: What the component can return besides the bounds and the zoom (all None until a click).
_RETURNABLE = (
    "last_clicked",
    "last_object_clicked",
    "last_object_clicked_count",
    "last_object_clicked_tooltip",
    "last_object_clicked_popup",
    "all_drawings",
    "last_active_drawing",
    "last_circle_radius",
    "last_circle_polygon",
    "selected_layers",
    "selected_tags",
    "last_geocoder_result",
)


def show_map(
    payload: MapPayload,
    *,
    key: str,
    height: int,
    returned_objects: Sequence[str],
    feature_group: folium.FeatureGroup | None = None,
    on_change: Callable[[], None] | None = None,
) -> Any:
    """Draw the map at the container's width; return what the viewer last did on it (only the
    ``returned_objects``), as ``st_folium`` does. ``key`` is the one ``payload`` was made with."""
    defaults = {
        **dict.fromkeys(_RETURNABLE),
        "bounds": _bounds(payload.bounds),
        "zoom": payload.zoom,
    }
    hash_key = payload.component_key

    def changed() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})
        if on_change is not None:
            on_change()

    return sf._component_func(
        script=payload.script,
        header=payload.header,
        html=payload.html,
        id=payload.map_id,
        key=hash_key,
        height=height,
        width=None,
        returned_objects=list(returned_objects),
        default={k: v for k, v in defaults.items() if k in returned_objects},
        zoom=None,
        center=None,
        feature_group=None if feature_group is None else feature_group_script(feature_group),
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(payload.css_links),
        js_links=list(payload.js_links),
        on_change=changed,
        wrap_longitude=False,
    )
