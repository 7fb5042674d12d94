"""The board's map as a folium ``Map``: communes coloured by a metric, project alignments, commune
names, the province outline and a legend, readable with no network at all.

* No base tiles by default: the communes, their names and the outline carry the map.
* Leaflet comes from local files (``tracker.web_assets``); folium's other defaults (jQuery,
  Bootstrap, Font Awesome, awesome-markers) are not loaded, since nothing here uses them.
* The legend is plain HTML in a Leaflet control, not a branca colormap (streamlit-folium fetches
  d3 from a CDN for those).
* Every text from users or files (names, notes, sources) is escaped before it reaches HTML.
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import folium
import geopandas as gpd
import pandas as pd
import shapely
from branca.element import Element, Figure, MacroElement
from jinja2 import Template
from shapely.geometry.base import BaseGeometry

from tracker.i18n import format_number
from tracker.maps.colours import NO_DATA_COLOR, Scale
from tracker.maps.geometry import label_min_zoom
from tracker.overlay import singles
from tracker.web_assets import COMPONENT_RELATIVE_URL, inline_head

#: Colour of each project kind's alignment.
KIND_COLORS = {
    "expressway": "#e8590c",
    "line_500kv": "#7048e8",
    "line_220kv": "#c2255c",
    "wind_farm": "#1c7ed6",
    "border_gate": "#2b8a3e",
    "other": "#495057",
    "programme": "#495057",
}
#: Dash pattern of an indicative (not surveyed) alignment; surveyed ones are solid.
INDICATIVE_DASH = "8 6"
COMMUNE_CLASS = "tracker-commune"
INLINE = "inline"
_LEGEND_STYLE = (
    "background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;"
    "box-shadow:0 1px 4px rgba(0,0,0,.3);font:12px/1.35 sans-serif;color:#212529;max-width:260px"
)
MAP_CSS = """
.leaflet-container { background: #f8f9fa; }
.tracker-label { white-space: nowrap; pointer-events: none; }
.tracker-label span { position: relative; left: -50%; top: -0.7em; font: 11px sans-serif;
  color: #343a40; text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
.tracker-legend i { display: inline-block; width: 14px; height: 10px; margin-right: 5px;
  border: 1px solid #868e96; vertical-align: middle; }
.tracker-legend svg { vertical-align: middle; margin-right: 5px; }
.tracker-blocker { background: none; border: none; pointer-events: none; }
.tracker-blocker span { display: block; box-sizing: border-box; width: 18px; height: 18px;
  border-radius: 9px; border: 2.5px solid #fd7e14; background: transparent; color: #212529;
  font: bold 10px/13px sans-serif; text-align: center;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff; }
.tracker-blocker.overdue span { border-color: #e03131; }
.tracker-credit { margin-top: 4px; max-width: 190px; font-size: 9px; line-height: 1.2;
                  color: #6c757d; }
"""


@dataclass(frozen=True)
class LegendText:
    """The words of the legend, already in the reader's language."""

    title: str
    no_data: str
    alignments: Mapping[str, str]  # kind -> label, for the kinds drawn
    indicative: str
    surveyed: str
    blockers: str = ""  # the marker of communes with open blockers, when any is drawn


@dataclass(frozen=True)
class BlockerFlag:
    """A commune with unresolved blockers: where to mark it, how many, how many overdue."""

    code: str
    lon: float
    lat: float
    count: int
    overdue: int
    tip: str  # plain text, escaped here


@dataclass(frozen=True)
class Basemap:
    """Background tiles: none (the default, works offline) or a tile URL with its attribution."""

    url: str | None = None
    attribution: str = ""


def _json_for_script(value: object) -> str:
    """``value`` as JSON safe to place inside a ``<script>`` element."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


#: Credit the boundaries' source wherever they are shown (see geodata/README.md).
BOUNDARY_CREDIT = (
    "Boundaries: sapnhap.bando.com.vn (NXB Tài nguyên – Môi trường và Bản đồ Việt Nam), "
    "via thanglequoc/vietnamese-provinces-database (MIT)"
)


class _Overlay(MacroElement):
    """Commune names (from a zoom on) and the legend, as a few lines of script on the map."""

    _template = Template(
        """
{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
    var map = {{ this._parent.get_name() }};
    var labels = L.layerGroup();
    {{ this.labels }}.forEach(function (p) {
        L.marker([p[0], p[1]], {
            icon: L.divIcon({className: "tracker-label", html: "<span>" + p[2] + "</span>",
                             iconSize: null}),
            interactive: false, keyboard: false
        }).addTo(labels);
    });
    function showLabels() {
        if (map.getZoom() >= {{ this.min_zoom }}) { labels.addTo(map); } else { labels.remove(); }
    }
    map.on("zoomend", showLabels);
    showLabels();
    var legend = L.control({position: "topright"});
    legend.onAdd = function () {
        var div = L.DomUtil.create("div", "tracker-legend-control");
        div.innerHTML = {{ this.legend }};
        L.DomEvent.disableClickPropagation(div);
        return div;
    };
    legend.addTo(map);
    // A map drawn while its tab was hidden has no size: once shown, size and fit it again.
    var container = map.getContainer();
    var shown = container.clientWidth > 0;
    if (window.ResizeObserver) {
        new ResizeObserver(function () {
            if (container.clientWidth === 0) { shown = false; return; }
            map.invalidateSize();
            if (!shown) { map.fitBounds({{ this.bounds }}); shown = true; }
        }).observe(container);
    }
})();
{% endmacro %}
"""
    )

    def __init__(
        self,
        labels: list[list[Any]],
        min_zoom: int,
        legend_html: str,
        bounds: list[list[float]] | None = None,
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "TrackerOverlay"
        self.bounds = _json_for_script(bounds or [[0, 0], [0, 0]])
        self.css = MAP_CSS
        self.labels = _json_for_script(labels)
        self.min_zoom = int(min_zoom)
        self.legend = _json_for_script(legend_html)


def legend_html(
    scale: Scale,
    text: LegendText,
    lang: str,
    kinds: Sequence[str],
    notes: Sequence[tuple[str, str]] = (),
) -> str:
    """The legend as HTML: the colour classes, "no data", one line sample per project kind,
    solid for surveyed and dashed for indicative alignments, and ``notes`` (a line colour and
    its words, such as a reference value drawn on the map)."""
    e = html.escape
    rows = [f'<div class="tracker-legend" style="{_LEGEND_STYLE}"><b>{e(text.title)}</b>']
    for color, label in zip(scale.colors, class_labels(scale, lang), strict=True):
        rows.append(f'<div><i style="background:{color}"></i>{e(label)}</div>')
    rows.append(f'<div><i style="background:{NO_DATA_COLOR}"></i>{e(text.no_data)}</div>')
    for kind in kinds:
        color = KIND_COLORS.get(kind, KIND_COLORS["other"])
        rows.append(f"<div>{_line_sample(color, None)}{e(text.alignments.get(kind, kind))}</div>")
    if kinds:
        grey = KIND_COLORS["other"]
        rows.append(f"<div>{_line_sample(grey, None)}{e(text.surveyed)}</div>")
        rows.append(
            f'<div class="indicative">{_line_sample(grey, INDICATIVE_DASH)}{e(text.indicative)}'
            "</div>"
        )
    if text.blockers:
        rows.append(
            '<div><span class="tracker-blocker-sample" style="display:inline-block;width:14px;'
            "height:14px;box-sizing:border-box;border-radius:7px;border:2.5px solid #fd7e14;"
            "margin-right:5px;"
            f'vertical-align:middle"></span>{e(text.blockers)}</div>'
        )
    for color, words in notes:
        rows.append(f"<div>{_line_sample(color, '4 3')}{e(words)}</div>")
    # The boundaries' source is credited wherever they are shown (geodata/README.md); here rather
    # than in Leaflet's attribution bar, which would cover the communes along the bottom edge.
    rows.append(f'<div class="tracker-credit">{e(BOUNDARY_CREDIT)}</div>')
    rows.append("</div>")
    return "".join(rows)


def _line_sample(color: str, dash: str | None) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        '<svg width="26" height="8"><line x1="1" y1="4" x2="25" y2="4" '
        f'stroke="{color}" stroke-width="3"{dash_attr}/></svg>'
    )


def class_labels(scale: Scale, lang: str) -> list[str]:
    """One label per colour class: "< 50%", "50–75%", "≥ 100%"; hectares and counts alike."""

    def fmt(value: float) -> str:
        decimals = 0 if float(value).is_integer() or scale.unit == "" else 2
        number = format_number(value, lang, decimals, min_decimals=0)
        return f"{number}%" if scale.unit == "%" else f"{number} {scale.unit}".strip()

    breaks = scale.breaks
    if not breaks:
        return [f"> {fmt(0)}"]
    if scale.unit == "ha" and breaks[0] < 0.01:
        # The first class of hectares remaining is "nothing left".
        labels = [fmt(0)]
        rest = breaks[1:]
        lower = [0.0, *rest]
        labels += [f"{fmt(a)}–{fmt(b)}" for a, b in zip(lower[:-1], rest, strict=True)]
        labels.append(f"≥ {fmt(rest[-1])}" if rest else f"> {fmt(0)}")
        return labels
    labels = [f"< {fmt(breaks[0])}"]
    labels += [f"{fmt(a)}–{fmt(b)}" for a, b in itertools.pairwise(breaks)]
    labels.append(f"≥ {fmt(breaks[-1])}")
    return labels


def tooltip_html(title: str, lines: Sequence[str], footer: Sequence[str]) -> str:
    """A commune's tooltip: a bold title, one line per figure, and small print (date, source).
    Every part is plain text and is escaped here."""
    e = html.escape
    parts = [f"<b>{e(title)}</b>"]
    parts += [f"<div>{e(line)}</div>" for line in lines]
    parts += [f'<div style="color:#666;font-size:11px">{e(line)}</div>' for line in footer]
    return "".join(parts)


def _feature_collection(prepared: gpd.GeoDataFrame, tips: Mapping[str, str]) -> dict[str, Any]:
    features = []
    for code, geom in zip(prepared["code"], prepared.geometry.values, strict=True):
        features.append(
            {
                "type": "Feature",
                "id": str(code),
                "properties": {"tip": tips.get(str(code), "")},
                "geometry": shapely.geometry.mapping(geom),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _add_communes(
    m: folium.Map,
    prepared: gpd.GeoDataFrame,
    values: pd.Series,
    scale: Scale,
    tips: Mapping[str, str],
) -> None:
    fills = {str(c): scale.color(values.get(c)) for c in prepared["code"]}

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        fill = fills.get(str(feature["id"]), NO_DATA_COLOR)
        return {
            "fillColor": fill,
            "fillOpacity": 0.75 if fill != NO_DATA_COLOR else 0.45,
            "color": "#495057",
            "weight": 0.8,
            "className": COMMUNE_CLASS,
        }

    folium.GeoJson(
        _feature_collection(prepared, tips),
        name="communes",
        style_function=style,
        highlight_function=lambda _feature: {"weight": 2.5, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
        control=False,
    ).add_to(m)


def _add_outline(m: folium.Map, boundary: BaseGeometry) -> None:
    folium.GeoJson(
        shapely.geometry.mapping(boundary),
        name="outline",
        style_function=lambda _feature: {"color": "#212529", "weight": 2.5, "fill": False},
        interactive=False,
        control=False,
    ).add_to(m)


def _single_features(geometry: BaseGeometry) -> dict[str, Any]:
    """One GeoJSON feature per single part. Leaflet 1.9 turns a MultiPoint into a nested layer
    group, which breaks its tooltips (``getElement is not a function``) and the whole map."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(part)}
            for part in singles(geometry)
        ],
    }


def _add_alignments(m: folium.Map, alignments: gpd.GeoDataFrame) -> None:
    """One layer per project, coloured by kind, dashed when indicative; turbines as dots."""
    for row in alignments.itertuples(index=False):
        color = KIND_COLORS.get(str(row.kind), KIND_COLORS["other"])
        dash = INDICATIVE_DASH if row.provenance == "indicative" else None
        style = {"color": color, "weight": 4, "opacity": 0.95, "dashArray": dash}
        style.update({"fillColor": color, "fillOpacity": 0.5})
        folium.GeoJson(
            _single_features(row.geometry),
            name=f"alignment {row.project_code}",
            style_function=lambda _feature, s=style: s,
            marker=folium.CircleMarker(radius=4, weight=2),
            tooltip=folium.Tooltip(html.escape(str(row.label))),
            control=False,
        ).add_to(m)


def _add_blocker_flags(m: folium.Map, flags: Sequence[BlockerFlag]) -> None:
    """A ring with the number of unresolved blockers around the name point of each commune that
    has any; red when one is overdue. A ring, not a disc, so a small ward's colour still shows
    inside it; it lets clicks through to the commune (whose tooltip says how many blockers it
    has)."""
    group = folium.FeatureGroup(name="blockers", control=False)
    for flag in flags:
        late = " overdue" if flag.overdue else ""
        folium.Marker(
            [flag.lat, flag.lon],
            icon=folium.DivIcon(
                html=f'<span data-commune="{html.escape(flag.code)}">{int(flag.count)}</span>',
                class_name=f"tracker-blocker{late}",
                icon_size=(18, 18),
                icon_anchor=(9, 9),
            ),
            interactive=False,
            keyboard=False,
        ).add_to(group)
    group.add_to(m)


def base_map(
    bounds: tuple[float, float, float, float],
    basemap: Basemap | None = None,
    assets: str = COMPONENT_RELATIVE_URL,
) -> folium.Map:
    """An empty map over ``bounds`` (minx, miny, maxx, maxy) with Leaflet from ``assets`` (a URL
    folder, or ``INLINE``), no tiles unless ``basemap`` has some, and nothing from a CDN."""
    basemap = basemap or Basemap()
    minx, miny, maxx, maxy = bounds
    m = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=9,
        tiles=None,
        control_scale=True,
        zoom_snap=0.25,  # fit the view snugly, not at the next whole zoom out
        prefer_canvas=False,  # SVG: each commune is its own element, styled by class
    )
    if assets == INLINE:
        m.default_js, m.default_css = [], []
        root = cast(Figure, m.get_root())
        root.header.add_child(Element(inline_head()), name="leaflet_inline")
    else:
        m.default_js = [("leaflet", f"{assets}/leaflet.js")]
        m.default_css = [("leaflet_css", f"{assets}/leaflet.css")]
    if basemap.url:
        folium.TileLayer(
            tiles=basemap.url, attr=basemap.attribution or "©", control=False, opacity=0.6
        ).add_to(m)
    return m


def build_map(
    prepared: gpd.GeoDataFrame,
    values: pd.Series,
    scale: Scale,
    tips: Mapping[str, str],
    legend: str,
    *,
    alignments: gpd.GeoDataFrame | None = None,
    boundary: BaseGeometry | None = None,
    basemap: Basemap | None = None,
    assets: str = COMPONENT_RELATIVE_URL,
    flags: Sequence[BlockerFlag] = (),
) -> folium.Map:
    """The map of ``prepared`` communes (``tracker.maps.geometry.prepare_communes``) coloured by
    ``values`` (by code) on ``scale``, with ``tips`` (escaped HTML by code) as tooltips.

    ``alignments`` has ``project_code``, ``kind``, ``provenance``, ``label`` and ``geometry``.
    ``assets`` is the URL folder of Leaflet's files, or ``INLINE`` to put Leaflet in the page.
    """
    minx, miny, maxx, maxy = prepared.total_bounds
    m = base_map((minx, miny, maxx, maxy), basemap, assets)
    _add_communes(m, prepared, values, scale, tips)
    if boundary is not None:
        _add_outline(m, boundary)
    if alignments is not None and len(alignments):
        _add_alignments(m, alignments)
    if flags:
        _add_blocker_flags(m, flags)
    labels = [
        [float(y), float(x), html.escape(str(name))]
        for x, y, name in zip(prepared.label_x, prepared.label_y, prepared.name, strict=True)
    ]
    bounds = [[float(miny), float(minx)], [float(maxy), float(maxx)]]
    m.add_child(_Overlay(labels, label_min_zoom(prepared), legend, bounds))
    m.fit_bounds(bounds)
    return m


def map_html(m: folium.Map) -> str:
    """The whole map as one HTML page (for a map built with ``assets=INLINE``: works offline)."""
    return str(m.get_root().render())
