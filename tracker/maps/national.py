"""The map of the whole country: its 34 provinces, or its 3,321 communes, light enough for a
provincial intranet link.

What goes to the browser is only what is drawn: shared borders once (``tracker.maps.topology``),
coordinates on a coarse grid fit for the country on one screen, one fill colour per polygon and
the words of the tooltips that have figures (the rest say "no data" from a shared template). The
commune layer gets its detail by zoom: from zoom ``DETAIL_ZOOM`` on, the page fetches the full
boundaries of the provinces in view from the app's static files (``tracker.maps.detail``), so no
megabytes of commune borders are parsed for the first picture.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import folium
import numpy as np
import shapely
from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry.base import BaseGeometry

from tracker.geodata import load_communes, load_provinces
from tracker.maps.colours import NO_DATA_COLOR
from tracker.maps.render import MAP_CSS, Basemap, base_map
from tracker.maps.topology import Topology, encode
from tracker.web_assets import COMPONENT_RELATIVE_URL

#: The country on one screen is about 0.03° a pixel (zoom 5): its polygons are simplified to
#: 0.012° (under half a pixel up to zoom 6) on a grid of 0.002°, and the commune layer swaps in the
#: full boundaries from ``DETAIL_ZOOM`` on.
NATIONAL_TOLERANCE = 0.012
NATIONAL_STEP = 0.002
#: From this zoom on, the commune layer swaps in the full boundaries of the provinces in view.
DETAIL_ZOOM = 8
#: Where the app serves the full boundaries, relative to the map component's page.
DETAIL_URL = COMPONENT_RELATIVE_URL.replace("/leaflet", "/geo")
PROVINCE_CLASS = "tracker-province"
COMMUNE_CLASS = "tracker-commune"


@dataclass(frozen=True)
class NationalLayer:
    """Country-wide polygons ready to draw: their codes, names, province, simplified shapes (for
    finding what a click hit) and the topology sent to the browser."""

    level: str  # "province" or "commune"
    codes: list[str]
    names: list[str]
    province_of: list[int]  # index into ``province_codes`` per feature
    province_codes: list[str]
    province_names: list[str]
    shapes: list[BaseGeometry]
    topology: Topology
    borders: list[int]  # arcs between provinces (commune level), drawn as one line
    province_bounds: list[list[float]]  # minx, miny, maxx, maxy per province

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        minx, miny, maxx, maxy = shapely.total_bounds(np.asarray(self.shapes, dtype=object))
        return float(minx), float(miny), float(maxx), float(maxy)

    def at(self, lon: float, lat: float) -> int | None:
        """The feature under a point (or the nearest within ~1 km: a click on a border)."""
        tree = shapely.STRtree(np.asarray(self.shapes, dtype=object))
        point = shapely.Point(lon, lat)
        hits = tree.query(point, predicate="covered_by")
        if len(hits):
            return int(min(hits))
        nearest = tree.query_nearest(point, max_distance=0.01)
        return int(nearest[0]) if len(nearest) else None


def _provinces() -> tuple[list[str], list[str], list[list[float]]]:
    provinces = load_provinces()
    bounds = [[round(float(v), 4) for v in b] for b in shapely.bounds(provinces.geometry.values)]
    return list(provinces.province_code), list(provinces.province_name), bounds


def _borders(topology: Topology, province_of: Sequence[int]) -> list[int]:
    """Arcs that separate two provinces or face the outside."""
    users: dict[int, set[int]] = {}
    uses: dict[int, int] = {}
    for feature, province in zip(topology.features, province_of, strict=True):
        for ref in (r for polygon in feature for ring in polygon for r in ring):
            arc = ref if ref >= 0 else ~ref
            users.setdefault(arc, set()).add(province)
            uses[arc] = uses.get(arc, 0) + 1
    return sorted(a for a, who in users.items() if len(who) > 1 or uses[a] == 1)


@lru_cache(maxsize=1)
def province_layer() -> NationalLayer:
    """The 34 provinces, simplified for the whole country on one screen (built once)."""
    codes, names, bounds = _provinces()
    provinces = load_provinces()
    shapes = list(shapely.coverage_simplify(provinces.geometry.values, NATIONAL_TOLERANCE))
    return NationalLayer(
        level="province",
        codes=codes,
        names=names,
        province_of=list(range(len(codes))),
        province_codes=codes,
        province_names=names,
        shapes=shapes,
        topology=encode(shapes, NATIONAL_STEP),
        borders=[],
        province_bounds=bounds,
    )


@lru_cache(maxsize=1)
def commune_layer() -> NationalLayer:
    """The 3,321 communes, simplified for the whole country on one screen (built once: a few
    seconds), with the lines between provinces."""
    codes, names, bounds = _provinces()
    communes = load_communes(None)
    shapes = list(shapely.coverage_simplify(communes.geometry.values, NATIONAL_TOLERANCE))
    index = {code: i for i, code in enumerate(codes)}
    province_of = [index[str(p)] for p in communes.province_code]
    topology = encode(shapes, NATIONAL_STEP)
    return NationalLayer(
        level="commune",
        codes=[str(c) for c in communes.code],
        names=[str(n) for n in communes.full_name],
        province_of=province_of,
        province_codes=codes,
        province_names=names,
        shapes=shapes,
        topology=topology,
        borders=_borders(topology, province_of),
        province_bounds=bounds,
    )


#: The page's script (decoding, drawing, tooltips, detail by zoom), kept as JavaScript.
_SCRIPT = (Path(__file__).with_name("country.js")).read_text(encoding="utf-8")
#: On a phone the legend shrinks, so it leaves the country in sight.
_SMALL_SCREEN_CSS = """
@media (max-width: 480px) {
  .tracker-legend { font-size: 10px !important; max-width: 150px !important; }
  .tracker-legend i { width: 10px; height: 8px; }
  .tracker-credit { max-width: 140px; font-size: 8px; }
}
"""


def _json(value: object) -> str:
    """Compact JSON safe inside a ``<script>`` element."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


class _CountryLayer(MacroElement):
    """The polygons, their fills and tooltips, the province lines, the legend and the detail by
    zoom, as one script on the map."""

    _template = Template(
        """
{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
{% macro script(this, kwargs) %}
{{ this.code }}({{ this._parent.get_name() }}, {{ this.data }});
{% endmacro %}
"""
    )

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "TrackerCountry"
        self.css = MAP_CSS + _SMALL_SCREEN_CSS
        self.code = _SCRIPT
        self.data = _json(data)


@dataclass(frozen=True)
class CountryFigures:
    """What the country map shows of each polygon, already in the reader's language."""

    title: str  # what is measured, as in the legend
    no_data: str  # the words for a polygon without a figure
    fills: Mapping[str, str]  # colour by code; the others are "no data" grey
    values: Mapping[str, str]  # the figure by code, as text ("38,0%")
    tips: Mapping[str, str] = field(default_factory=dict)  # richer tooltips (escaped HTML)
    labels: Mapping[str, str] = field(default_factory=dict)  # words drawn on the polygon


def national_map(
    layer: NationalLayer,
    figures: CountryFigures,
    legend: str,
    *,
    detail_url: str | None = DETAIL_URL,
    basemap: Basemap | None = None,
    assets: str = COMPONENT_RELATIVE_URL,
) -> folium.Map:
    """The country map of ``layer`` coloured and labelled with ``figures``, the ``legend`` HTML,
    and for the commune layer its detail by zoom from ``detail_url``. A tooltip without a rich
    one in ``figures.tips`` says the name, code, province and the figure (or "no data")."""
    m = base_map(layer.bounds, basemap, assets)
    index = {code: i for i, code in enumerate(layer.codes)}
    e = html.escape
    points = shapely.point_on_surface(np.asarray(layer.shapes, dtype=object))
    data = {
        "topology": layer.topology.as_json(),
        "codes": layer.codes,
        "names": [html.escape(n) for n in layer.names],
        "province": layer.province_of,
        "provinceCodes": layer.province_codes,
        "provinceNames": [html.escape(n) for n in layer.province_names],
        "level": layer.level,
        "fills": [figures.fills.get(code) for code in layer.codes],
        "values": [e(figures.values[c]) if c in figures.values else "" for c in layer.codes],
        "title": e(figures.title),
        "noDataColor": NO_DATA_COLOR,
        "tips": {str(index[c]): t for c, t in figures.tips.items() if c in index},
        "labels": [
            [round(float(points[index[c]].y), 4), round(float(points[index[c]].x), 4), e(text)]
            for c, text in figures.labels.items()
            if c in index
        ],
        "noData": e(figures.no_data),
        "className": PROVINCE_CLASS if layer.level == "province" else COMMUNE_CLASS,
        "weight": 0.9 if layer.level == "province" else 0.3,
        "borders": layer.borders,
        "legend": legend,
        "detail": None
        if layer.level != "commune" or detail_url is None
        else {"zoom": DETAIL_ZOOM, "url": detail_url, "provinces": layer.province_bounds},
    }
    m.add_child(_CountryLayer(data))
    minx, miny, maxx, maxy = layer.bounds
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m
