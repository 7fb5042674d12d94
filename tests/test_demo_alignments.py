"""The demo's indicative geometries lie where the projects are publicly said to be."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from tracker import geodata
from tracker.demo.alignments import DemoAlignment, demo_alignments
from tracker.overlay import communes_crossed, local_crs, project_measures, to_metric

LANG_SON = "20"
XUAN_DUONG = "06607"
CHI_LANG = "06463"
DONG_DANG = "06184"
LINES_VIA_XUAN_DUONG = ("500KV-LSYT", "500KV-LSBG", "220KV-LSDM")
KEYS = {
    "HNCL",
    "DDTL",
    "WF-AQ",
    "WF-LB",
    *LINES_VIA_XUAN_DUONG,
    "BG-IAB",
    "BG-ROAD",
    "BG-SMART3",
    "XD-HL",
    "XD-MACCA",
    "XD-FOREST",
}


@pytest.fixture(scope="module")
def demo() -> dict[str, DemoAlignment]:
    return demo_alignments()


@pytest.fixture(scope="module")
def communes() -> gpd.GeoDataFrame:
    return geodata.load_communes(LANG_SON, full_resolution=True)


@pytest.fixture(scope="module")
def provinces() -> gpd.GeoDataFrame:
    return geodata.load_provinces().set_index("province_code")


def _commune(communes: gpd.GeoDataFrame, code: str) -> shapely.Geometry:
    return communes.loc[communes["code"] == code, "geometry"].iloc[0]


def _crossed(demo: dict[str, DemoAlignment], key: str, communes: gpd.GeoDataFrame) -> set[str]:
    crossed = communes_crossed(demo[key].geometry, communes)
    return set(crossed.loc[crossed["share"] > 0.001, "code"])


def test_keys_kinds_and_determinism(demo: dict[str, DemoAlignment]) -> None:
    assert set(demo) == KEYS
    again = demo_alignments()
    for key, alignment in demo.items():
        assert alignment.project_code == key
        assert again[key].geometry.equals_exact(alignment.geometry, 0)
        expected = {"Point": "points", "LineString": "line", "Polygon": "polygon"}
        assert alignment.kind == expected[shapely.get_parts(alignment.geometry)[0].geom_type]


def test_every_geometry_is_valid_and_inside_lang_son(
    demo: dict[str, DemoAlignment], provinces: gpd.GeoDataFrame
) -> None:
    lang_son = provinces.geometry[LANG_SON]
    for key, alignment in demo.items():
        assert alignment.geometry.is_valid, key
        assert not alignment.geometry.is_empty, key
        assert lang_son.contains(alignment.geometry), key


def test_hncl_runs_from_dong_dang_to_chi_lang(
    demo: dict[str, DemoAlignment], communes: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame
) -> None:
    line = demo["HNCL"].geometry
    start, end = shapely.Point(line.coords[0]), shapely.Point(line.coords[-1])
    assert _commune(communes, DONG_DANG).contains(start)
    assert _commune(communes, CHI_LANG).contains(end)
    # The gate is at the China border: the start is within 1 km of the province edge there.
    border_km = start.distance(provinces.geometry[LANG_SON].boundary) * 111
    assert border_km < 1.0
    assert project_measures(line)["length_km"] == pytest.approx(59.87, abs=1.0)
    crossed = _crossed(demo, "HNCL", communes)
    assert 6 <= len(crossed) <= 8
    assert {DONG_DANG, "05986", CHI_LANG} <= crossed


def test_ddtl_ends_at_the_cao_bang_boundary(
    demo: dict[str, DemoAlignment], communes: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame
) -> None:
    line = demo["DDTL"].geometry
    start, end = shapely.Point(line.coords[0]), shapely.Point(line.coords[-1])
    assert _commune(communes, DONG_DANG).contains(start)
    cao_bang = provinces.geometry["04"]
    shared = provinces.geometry[LANG_SON].boundary.intersection(cao_bang.buffer(0.001))
    proj = local_crs(line)
    assert to_metric(end, proj).distance(to_metric(shared, proj)) < 1000  # metres
    assert end.y > start.y and end.x < start.x  # north-west
    assert project_measures(line)["length_km"] == pytest.approx(52, abs=2.0)
    assert {"06046", "06040"} <= _crossed(demo, "DDTL", communes)  # Tràng Định, Thất Khê


@pytest.mark.parametrize(("key", "count"), [("WF-AQ", 25), ("WF-LB", 15)])
def test_wind_turbines_inside_xuan_duong_and_apart(
    demo: dict[str, DemoAlignment], communes: gpd.GeoDataFrame, key: str, count: int
) -> None:
    points = demo[key].geometry
    parts = shapely.get_parts(points)
    assert len(parts) == count
    xuan_duong = _commune(communes, XUAN_DUONG)
    assert all(xuan_duong.contains(p) for p in parts)
    crossed = communes_crossed(points, communes)
    assert crossed["code"].tolist() == [XUAN_DUONG]
    assert crossed["point_count"].tolist() == [count]
    xy = np.array([to_metric(p, local_crs(points)).coords[0] for p in parts])
    gaps = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(gaps, np.inf)
    assert gaps.min() >= 300


def test_wind_farms_do_not_overlap(demo: dict[str, DemoAlignment]) -> None:
    aq = demo["WF-AQ"].geometry.convex_hull
    lb = demo["WF-LB"].geometry.convex_hull
    assert not aq.intersects(lb)


@pytest.mark.parametrize("key", LINES_VIA_XUAN_DUONG)
def test_transmission_lines_cross_xuan_duong(
    demo: dict[str, DemoAlignment], communes: gpd.GeoDataFrame, key: str
) -> None:
    assert XUAN_DUONG in _crossed(demo, key, communes)
    line = demo[key].geometry
    assert _commune(communes, XUAN_DUONG).contains(shapely.Point(line.coords[0]))
    assert line.coords[-1][0] < line.coords[0][0]  # they run west


@pytest.mark.parametrize("key", ["500KV-LSYT", "500KV-LSBG"])
def test_500kv_lines_end_at_the_bac_ninh_boundary(
    demo: dict[str, DemoAlignment], provinces: gpd.GeoDataFrame, key: str
) -> None:
    line = demo[key].geometry
    end = shapely.Point(line.coords[-1])
    shared = provinces.geometry[LANG_SON].boundary.intersection(
        provinces.geometry["24"].buffer(0.001)
    )
    proj = local_crs(line)
    assert to_metric(end, proj).distance(to_metric(shared, proj)) < 500


def test_220kv_line_ends_at_dong_mo(
    demo: dict[str, DemoAlignment], communes: gpd.GeoDataFrame
) -> None:
    end = shapely.Point(demo["220KV-LSDM"].geometry.coords[-1])
    assert _commune(communes, CHI_LANG).contains(end)


def test_border_gate_works_near_huu_nghi(
    demo: dict[str, DemoAlignment], communes: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame
) -> None:
    dong_dang = _commune(communes, DONG_DANG)
    border = provinces.geometry[LANG_SON].boundary
    for key in ("BG-IAB", "BG-ROAD", "BG-SMART3"):
        geometry = demo[key].geometry
        assert dong_dang.contains(geometry), key
        assert geometry.distance(border) * 111 < 3, key  # km
    assert project_measures(demo["BG-IAB"].geometry)["area_ha"] == pytest.approx(2.0, abs=0.2)
    assert project_measures(demo["BG-ROAD"].geometry)["length_km"] == pytest.approx(1.5, abs=0.2)
    assert project_measures(demo["BG-SMART3"].geometry)["area_ha"] < 5


def test_the_inter_commune_road_runs_from_xuan_duong_to_old_huu_lan(
    demo: dict[str, DemoAlignment], communes: gpd.GeoDataFrame
) -> None:
    road = demo["XD-HL"].geometry
    thong_nhat = "06577"  # old xã Hữu Lân is part of it since 2025
    assert _crossed(demo, "XD-HL", communes) == {XUAN_DUONG, thong_nhat}
    assert _commune(communes, XUAN_DUONG).contains(shapely.Point(road.coords[0]))
    assert _commune(communes, thong_nhat).contains(shapely.Point(road.coords[-1]))
    assert 5 < project_measures(road)["length_km"] < 15


@pytest.mark.parametrize("key", ["XD-MACCA", "XD-FOREST"])
def test_xuan_duongs_planting_projects_lie_inside_it(
    demo: dict[str, DemoAlignment], communes: gpd.GeoDataFrame, key: str
) -> None:
    area = demo[key].geometry
    assert _commune(communes, XUAN_DUONG).contains(area)
    assert 50 < project_measures(area)["area_ha"] < 200
