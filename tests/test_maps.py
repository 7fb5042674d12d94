"""The board's map, tested through the HTML it produces, on Lạng Sơn's real commune polygons."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from tracker.commune_figures import commune_summary, metric_values, project_commune_rows
from tracker.figures import projects_in_scope
from tracker.geodata import load_communes
from tracker.maps.colours import NO_DATA_COLOR, metric_scale
from tracker.maps.geometry import (
    GRID_DEG,
    commune_at,
    label_min_zoom,
    outline,
    prepare_communes,
    view_tolerance,
)
from tracker.maps.render import INDICATIVE_DASH, INLINE, Basemap, build_map, legend_html, map_html
from tracker.maps.words import alignment_frame, commune_tips, legend_text

HOSTILE = "<img src=x onerror=alert(1)>"
AS_OF = dt.date(2025, 6, 30)
URL = re.compile(r"https?://[^\s\"'<>)]+")


@pytest.fixture(scope="module")
def communes() -> gpd.GeoDataFrame:
    return load_communes("20", full_resolution=True)


@pytest.fixture(scope="module")
def prepared(communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return prepare_communes(communes)


def _map(prepared: gpd.GeoDataFrame, **kwargs: object) -> str:
    values = pd.Series(np.linspace(0, 130, len(prepared)), index=prepared.code)
    scale = metric_scale("clearance_pct", values)
    legend = legend_html(scale, legend_text("% cleared (TKKT)", [], "en"), "en", [])
    return map_html(build_map(prepared, values, scale, {}, legend, **kwargs))  # type: ignore[arg-type]


def _holes_ha(geoms: np.ndarray) -> list[float]:
    """Areas (ha, roughly, at Lạng Sơn's latitude) of the holes in the union of ``geoms``."""
    union = shapely.union_all(geoms, grid_size=GRID_DEG)
    rings = [r for part in shapely.get_parts(union) for r in part.interiors]
    return [shapely.Polygon(r).area * 1.15e10 / 1e4 for r in rings]


def test_simplified_communes_stay_gap_free(communes, prepared) -> None:
    assert len(prepared) == 65
    before = shapely.get_num_coordinates(communes.geometry.values).sum()
    after = shapely.get_num_coordinates(prepared.geometry.values).sum()
    assert after < before / 4  # much lighter …
    # … yet neighbours stay together: only a few specks (the source's own slivers), where plain
    # simplify at the same tolerance opens hundreds of gaps along shared edges.
    tolerance = view_tolerance(communes.total_bounds)
    plain = shapely.set_precision(shapely.simplify(communes.geometry.values, tolerance), GRID_DEG)
    assert len(_holes_ha(plain)) > 100
    holes = _holes_ha(prepared.geometry.values)
    assert len(holes) < 10 and max(holes, default=0) < 0.1
    coords = shapely.get_coordinates(prepared.geometry.values)
    assert np.allclose(coords, np.round(coords, 5), atol=1e-9)  # on the 1e-5° grid
    assert shapely.is_valid(prepared.geometry.values).all()


def test_tolerance_follows_the_view() -> None:
    assert view_tolerance((106.0, 21.3, 107.4, 22.5)) == pytest.approx(0.00056, rel=0.01)
    assert view_tolerance((102.1, 7.2, 117.8, 23.4)) > 10 * view_tolerance((106, 21, 107, 22))


def test_a_click_finds_its_commune(prepared) -> None:
    row = prepared.iloc[10]
    inside = row.geometry.representative_point()
    assert commune_at(prepared, inside.x, inside.y) == row.code
    assert commune_at(prepared, 100.0, 10.0) is None
    assert 9 <= label_min_zoom(prepared) <= 11


def test_map_html_loads_nothing_from_the_internet(prepared) -> None:
    html = _map(prepared, boundary=outline(prepared))
    assert URL.findall(html) == []
    assert '<script src="../../app/static/leaflet/leaflet.js"></script>' in html
    for dropped in ("jquery", "bootstrap", "font-awesome", "fontawesome", "awesome-markers"):
        assert dropped not in html.lower()
    assert "tracker-legend" in html and "% cleared (TKKT)" in html
    assert "> 100%" not in html and "≥ 100%" in html
    assert "tracker-credit" in html and "sapnhap.bando.com.vn" in html  # boundary credit


def test_base_tiles_only_when_chosen(prepared) -> None:
    html = _map(prepared, basemap=Basemap("https://tiles.example.vn/{z}/{x}/{y}.png", "Sở TN&MT"))
    assert {u.split("/{z}")[0] for u in URL.findall(html)} == {"https://tiles.example.vn"}


def test_standalone_map_carries_leaflet_inline(prepared) -> None:
    html = _map(prepared, assets=INLINE)
    assert "<script src=" not in html and '<link rel="stylesheet"' not in html
    assert "L.map(" in html and "leaflet-container" in html  # Leaflet's code and its stylesheet
    # Nothing is fetched: no script, stylesheet or CSS url() from the network (Leaflet's own
    # attribution link to leafletjs.com is a link, not a load).
    assert not re.search(
        r"(<script[^>]*src|<link[^>]*href)=[\"']https?://|url\(['\"]?https?:", html
    )


def test_hostile_names_are_shown_as_text(prepared) -> None:
    hostile = prepared.copy()
    hostile.loc[0, "name"] = HOSTILE
    geometries = pd.DataFrame(
        {
            "project_code": ["EVIL"],
            "name_vi": [HOSTILE],
            "name_en": [HOSTILE],
            "kind": ["expressway"],
            "provenance": ["indicative"],
            "geometry_wkb": [shapely.to_wkb(shapely.LineString([(106.7, 21.8), (106.8, 21.9)]))],
        }
    )
    rows = pd.DataFrame(
        {
            "project_code": ["EVIL"],
            "commune_code": [hostile.code[0]],
            "cleared_ha": [1.0],
            "required_ha_technical": [2.0],
            "required_ha_basic": [2.0],
            "households_relocated": [1],
            "report_date": [pd.Timestamp(AS_OF)],
            "source_title": [HOSTILE],
            "is_synthetic": [False],
            "disbursed_vnd": [None],
            "plan_central_vnd": [None],
            "plan_local_vnd": [None],
        }
    )
    summary = commune_summary(rows, clearance_baseline="technical", plan_baseline="central")
    tips = commune_tips(
        rows,
        summary,
        hostile.set_index("code")["name"],
        metric="clearance_pct",
        clearance_baseline="technical",
        plan_baseline="central",
        as_of=AS_OF,
        lang="en",
    )
    values = metric_values(summary, "clearance_pct")
    scale = metric_scale("clearance_pct", values)
    legend = legend_html(scale, legend_text(HOSTILE, ["expressway"], "en"), "en", ["expressway"])
    html = map_html(
        build_map(
            hostile, values, scale, tips, legend, alignments=alignment_frame(geometries, "en")
        )
    )
    assert "<img" not in html.replace("\\u003c", "<").replace("<\\/", "</")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html.replace("\\u0026", "&")


def test_indicative_alignments_are_dashed(demo_store, prepared) -> None:
    rows = demo_store.query(
        "project_geometries", projects=projects_in_scope(demo_store, "20", None)
    )
    surveyed = rows[rows.project_code == "HNCL"].assign(provenance="surveyed", project_code="SURV")
    frame = alignment_frame(pd.concat([rows[rows.project_code == "HNCL"], surveyed]), "vi")
    assert list(frame.label) == [
        "HNCL · Cao tốc Hữu Nghị – Chi Lăng · minh hoạ",
        "SURV · Cao tốc Hữu Nghị – Chi Lăng · đã khảo sát",
    ]
    legend = legend_html(
        metric_scale("clearance_pct", pd.Series(dtype=float)),
        legend_text("x", ["expressway"], "vi"),
        "vi",
        ["expressway"],
    )
    assert "Nét đứt: hướng tuyến minh hoạ" in legend and INDICATIVE_DASH in legend
    html = _map(prepared, alignments=frame)
    styles = [json.loads(s) for s in re.findall(r"return (\{\"color\": \"#e8590c\".*?\});", html)]
    dashes = sorted(str(s["dashArray"]) for s in styles)
    assert dashes == [INDICATIVE_DASH, "None"]


def _stored_pct_technical(cur, code: str) -> dict[str, float]:
    """Cleared over required (technical) per commune, straight from the tables."""
    rows = cur.rows(
        """
        WITH c AS (
            SELECT commune_code, cleared_ha,
                   row_number() OVER (PARTITION BY commune_code ORDER BY report_date DESC) AS n
            FROM clearance_effective
            WHERE project_code = $p AND report_date <= $d
        ), r AS (
            SELECT commune_code, required_ha,
                   row_number() OVER (PARTITION BY commune_code ORDER BY effective_from DESC) AS n
            FROM required_areas_effective
            WHERE project_code = $p AND baseline = 'technical' AND effective_from <= $d
        )
        SELECT commune_code, cleared_ha, required_ha
        FROM c JOIN r USING (commune_code) WHERE c.n = 1 AND r.n = 1
        """,
        {"p": code, "d": AS_OF},
    )
    return {c: float(Decimal(a) / Decimal(b) * 100) for c, a, b in rows}


def _fills(html: str, codes: list[str]) -> dict[str, str]:
    """Commune code -> fill colour, read from the map's style function (folium lists each style's
    features, leaving the most common style to the ``default`` branch)."""
    styler = re.search(r"_styler\(feature\) \{\s*switch\(feature\.id\) \{(.*?)\n\s*\}", html, re.S)
    assert styler
    default = re.search(r"default:\s*return \{[^}]*\"fillColor\": \"(#\w+)\"", styler.group(1))
    assert default
    fills = dict.fromkeys(codes, default.group(1))
    for cases, fill in re.findall(
        r"((?:case \"\d{5}\":\s*)+)return \{[^}]*\"fillColor\": \"(#\w+)\"", styler.group(1)
    ):
        for code in re.findall(r"\d{5}", cases):
            fills[code] = fill
    return fills


def test_choropleth_matches_the_stored_figures(demo_store, prepared) -> None:
    cur = demo_store
    rows = project_commune_rows(cur, AS_OF, province_code="20", projects=["HNCL"])
    summary = commune_summary(rows, clearance_baseline="technical", plan_baseline="central")
    values = metric_values(summary, "clearance_pct")
    scale = metric_scale("clearance_pct", values)
    names = prepared.set_index("code")["name"]
    tips = commune_tips(
        rows,
        summary,
        names,
        metric="clearance_pct",
        clearance_baseline="technical",
        plan_baseline="central",
        as_of=AS_OF,
        lang="vi",
    )
    legend = legend_html(scale, legend_text("x", [], "vi"), "vi", [])
    html = map_html(build_map(prepared, values, scale, tips, legend))
    expected = _stored_pct_technical(cur, "HNCL")
    assert len(expected) == 7  # HNCL crosses 7 communes and wards
    fills = _fills(html, list(prepared.code))
    for code in prepared.code:
        want = scale.color(expected[code]) if code in expected else NO_DATA_COLOR
        assert fills[code] == want, code
    for code, pct in expected.items():
        assert f"{pct:.1f}%".replace(".", ",") in tips[code]
        assert "30/06/2025" in tips[code] and "minh hoạ" in tips[code]
