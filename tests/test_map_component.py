"""The board's map, rendered once per view and drawn through streamlit-folium's component,
sends the component exactly what ``st_folium`` sends for the same map."""

from __future__ import annotations

import re
from typing import Any

import folium
import numpy as np
import pandas as pd
import pytest
import streamlit_folium
from streamlit_folium import st_folium

from tracker.geodata import load_communes
from tracker.maps.colours import metric_scale
from tracker.maps.geometry import prepare_communes
from tracker.maps.render import build_map, legend_html
from tracker.maps.words import legend_text
from ui.map_component import map_payload, show_map

#: Element ids folium draws at random for every new map.
RANDOM_ID = re.compile(r"[0-9a-f]{32}")


def _board_map() -> folium.Map:
    prepared = prepare_communes(load_communes("20", full_resolution=True))
    values = pd.Series(np.linspace(0, 130, len(prepared)), index=prepared.code)
    scale = metric_scale("clearance_pct", values)
    legend = legend_html(scale, legend_text("% cleared (TKKT)", [], "en"), "en", [])
    tips = {code: f"<b>{code}</b>" for code in prepared.code}
    return build_map(prepared, values, scale, tips, legend)


def _selection() -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="selected")
    folium.GeoJson(
        {"type": "Point", "coordinates": [106.6, 21.6]}, style_function=lambda _f: {}
    ).add_to(group)
    return group


def _same_ids(value: Any) -> Any:
    return RANDOM_ID.sub("ID", value) if isinstance(value, str) else value


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def component(**kwargs: Any) -> None:
        kwargs.pop("on_change")
        calls.append({name: _same_ids(value) for name, value in kwargs.items()})

    monkeypatch.setattr(streamlit_folium, "_component_func", component)
    return calls


def test_the_component_gets_what_st_folium_would_send(sent: list[dict[str, Any]]) -> None:
    st_folium(
        _board_map(),
        key="board_map",
        height=580,
        use_container_width=True,
        returned_objects=["last_clicked"],
        feature_group_to_add=_selection(),
    )
    show_map(
        map_payload(_board_map(), "board_map"),
        key="board_map",
        height=580,
        returned_objects=["last_clicked"],
        feature_group=_selection(),
    )
    reference, ours = sent
    assert ours.keys() == reference.keys()
    for name in reference:
        assert ours[name] == reference[name], name
    assert "tracker-commune" in ours["script"] and ours["feature_group"]
    links = ours["css_links"] + ours["js_links"]
    assert links and all(link.startswith("../../app/static/") for link in links)  # no network


def test_a_payload_serves_many_runs_unchanged(sent: list[dict[str, Any]]) -> None:
    payload = map_payload(_board_map(), "board_map")
    for selected in (None, _selection(), None):
        show_map(
            payload,
            key="board_map",
            height=580,
            returned_objects=["last_clicked"],
            feature_group=selected,
        )
    first, second, third = sent
    assert first == third and first["script"] == second["script"] == payload.script
    assert second["feature_group"] and first["feature_group"] is None
