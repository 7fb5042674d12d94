"""Per-commune lengths, points, areas and corridors add up, despite the boundaries' small flaws."""

from __future__ import annotations

import geopandas as gpd
import pyproj
import pytest
import shapely

from tracker import geodata
from tracker.overlay import COLUMNS, communes_crossed, project_measures

GEOD = pyproj.Geod(ellps="WGS84")
LANG_SON = "20"


@pytest.fixture(scope="module")
def full() -> gpd.GeoDataFrame:
    return geodata.load_communes(LANG_SON, full_resolution=True)


@pytest.fixture(scope="module")
def points(full: gpd.GeoDataFrame) -> dict[str, shapely.Point]:
    """A point well inside each commune, by code."""
    return dict(zip(full["code"], full.geometry.representative_point(), strict=True))


def _geodesic_km(geometry: shapely.Geometry) -> float:
    return GEOD.geometry_length(geometry) / 1000


def test_line_through_three_communes_adds_up(
    full: gpd.GeoDataFrame, points: dict[str, shapely.Point]
) -> None:
    line = shapely.LineString([points["05986"], points["05983"], points["05977"]])
    crossed = communes_crossed(line, full)
    assert list(crossed.columns) == COLUMNS
    # Which communes, checked by a plain spatial predicate; and each length, by geodesic length.
    touched = full[full.intersects(line)]
    expected = {
        code: _geodesic_km(line.intersection(geometry))
        for code, geometry in zip(touched["code"], touched.geometry, strict=True)
    }
    expected = {code: km for code, km in expected.items() if km > 0.001}
    assert set(crossed["code"]) == set(expected)
    assert len(expected) >= 3
    for row in crossed.itertuples():
        assert row.length_km == pytest.approx(expected[row.code], rel=1e-3)
        assert row.point_count == 0 and row.area_ha == 0
    total = _geodesic_km(line)
    assert crossed["length_km"].sum() == pytest.approx(total, rel=1e-3)
    assert crossed["share"].sum() == pytest.approx(1.0, abs=1e-6)
    assert crossed["share"].is_monotonic_decreasing
    assert crossed["corridor_ha"].isna().all()


def test_simplified_and_full_boundaries_give_nearly_the_same_split(
    full: gpd.GeoDataFrame, points: dict[str, shapely.Point]
) -> None:
    line = shapely.LineString([points["06184"], points["05986"], points["06463"]])
    precise = communes_crossed(line, full).set_index("code")["length_km"]
    simple = communes_crossed(line, geodata.load_communes(LANG_SON)).set_index("code")["length_km"]
    assert set(simple[simple > 0.1].index) == set(precise[precise > 0.1].index)
    assert simple.sum() == pytest.approx(precise.sum(), rel=1e-3)
    assert (simple - precise).abs().max() < 0.2  # km; boundaries moved by up to ~50 m


def test_overlap_between_communes_is_counted_once(full: gpd.GeoDataFrame) -> None:
    by_code = full.set_index("code").geometry
    overlap = by_code["06565"].intersection(by_code["06601"])
    largest = max(shapely.get_parts(overlap), key=lambda g: g.area)
    assert largest.area * 1.2e10 > 5_000  # m², the known ~0.01 km² sliver in the source
    # From one commune's interior to the other's, running along the sliver's length.
    core = largest.buffer(-2e-5)  # a couple of metres in from the sliver's edges
    ring = list(core.exterior.coords)
    along = [min(ring, key=lambda xy: xy[1]), max(ring, key=lambda xy: xy[1])]
    assert all(largest.contains(shapely.Point(p)) for p in along)
    line = shapely.LineString(
        [by_code["06601"].representative_point(), *along, by_code["06565"].representative_point()]
    )
    naive = sum(_geodesic_km(line.intersection(by_code[c])) for c in ("06565", "06601"))
    crossed = communes_crossed(line, full)
    total = _geodesic_km(line)
    assert naive > total + 0.25  # counting each commune on its own doubles the ~300 m in the sliver
    assert crossed["length_km"].sum() == pytest.approx(total, rel=1e-4)
    assert crossed["share"].sum() == pytest.approx(1.0, abs=1e-4)


def test_a_line_drawn_twice_is_measured_once(full: gpd.GeoDataFrame) -> None:
    by_code = full.set_index("code").geometry
    a, b = by_code["06565"].representative_point(), by_code["06601"].representative_point()
    there_and_back = shapely.LineString([a, b, a])
    crossed = communes_crossed(there_and_back, full)
    assert crossed["length_km"].sum() == pytest.approx(
        _geodesic_km(shapely.LineString([a, b])), rel=1e-4
    )
    assert project_measures(there_and_back)["length_km"] == pytest.approx(
        crossed["length_km"].sum()
    )


def _squares(gap_deg: float, hole: bool = False) -> gpd.GeoDataFrame:
    """Two ~1 km squares in Lạng Sơn side by side, ``gap_deg`` apart, the west one maybe holed."""
    west = shapely.box(106.70, 21.80, 106.71, 21.81)
    if hole:
        west = west.difference(shapely.box(106.703, 21.8048, 106.7032, 21.8052))
    east = shapely.box(106.71 + gap_deg, 21.80, 106.72 + gap_deg, 21.81)
    return gpd.GeoDataFrame(
        {"code": ["90001", "90002"], "name": ["Tây", "Đông"], "full_name": ["Xã Tây", "Xã Đông"]},
        geometry=[west, east],
        crs=4326,
    )


def test_length_in_a_gap_goes_to_the_nearest_commune() -> None:
    communes = _squares(gap_deg=0.00005)  # about 5 m of no-man's-land
    line = shapely.LineString([(106.7020, 21.805), (106.7149, 21.805)])
    crossed = communes_crossed(line, communes).set_index("code")
    assert crossed["length_km"].sum() == pytest.approx(_geodesic_km(line), rel=1e-4)
    gap_km = _geodesic_km(line) - _geodesic_km(line.intersection(communes.union_all()))
    assert 0.004 < gap_km < 0.006
    for code, square in zip(communes["code"], communes.geometry, strict=True):
        inside = _geodesic_km(line.intersection(square))
        assert inside <= crossed.at[code, "length_km"] <= inside + gap_km + 1e-6
    # A line ending in the gap near the west square gives that piece to the west square.
    stub = shapely.LineString([(106.7020, 21.805), (106.71002, 21.805)])
    crossed = communes_crossed(stub, communes)
    assert list(crossed["code"]) == ["90001"]
    assert crossed["length_km"].sum() == pytest.approx(_geodesic_km(stub), rel=1e-6)


def test_length_in_a_hole_goes_to_the_surrounding_commune() -> None:
    communes = _squares(gap_deg=0.0, hole=True)
    line = shapely.LineString([(106.7020, 21.805), (106.7149, 21.805)])
    crossed = communes_crossed(line, communes).set_index("code")
    assert crossed["length_km"].sum() == pytest.approx(_geodesic_km(line), rel=1e-4)
    assert crossed.at["90001", "length_km"] == pytest.approx(
        _geodesic_km(shapely.LineString([(106.7020, 21.805), (106.71, 21.805)])), rel=1e-4
    )


def test_length_outside_the_communes_is_not_counted() -> None:
    communes = _squares(gap_deg=0.0)
    line = shapely.LineString([(106.705, 21.805), (106.705, 21.830)])  # leaves to the north
    crossed = communes_crossed(line, communes)
    assert list(crossed["code"]) == ["90001"]
    inside = _geodesic_km(shapely.LineString([(106.705, 21.805), (106.705, 21.81)]))
    assert crossed["length_km"].iloc[0] == pytest.approx(inside, rel=1e-4)
    assert crossed["share"].iloc[0] == pytest.approx(inside / _geodesic_km(line), rel=1e-4)


def test_points_are_counted_once_each() -> None:
    communes = _squares(gap_deg=0.00005)
    pts = shapely.MultiPoint(
        [
            (106.705, 21.805),  # west
            (106.706, 21.806),  # west
            (106.71, 21.805),  # on the west square's edge, by the gap
            (106.71003, 21.805),  # in the gap, nearer the east square
            (106.715, 21.805),  # east
            (106.705, 21.850),  # outside both
        ]
    )
    crossed = communes_crossed(pts, communes).set_index("code")
    assert crossed["point_count"].to_dict() == {"90001": 3, "90002": 2}
    assert crossed["share"].sum() == pytest.approx(5 / 6)
    assert crossed["length_km"].sum() == 0


def test_point_on_a_shared_boundary_is_counted_once() -> None:
    communes = _squares(gap_deg=0.0)
    crossed = communes_crossed(shapely.Point(106.71, 21.805), communes)
    assert crossed["point_count"].sum() == 1


def test_polygon_areas_add_up(full: gpd.GeoDataFrame, points: dict[str, shapely.Point]) -> None:
    site = points["05986"].buffer(0.03)  # spills over several wards
    crossed = communes_crossed(site, full)
    geodesic_ha = abs(GEOD.geometry_area_perimeter(site)[0]) / 10_000
    assert len(crossed) >= 3
    assert crossed["area_ha"].sum() == pytest.approx(geodesic_ha, rel=1e-3)
    assert crossed["share"].sum() == pytest.approx(1.0, abs=1e-6)
    tam_thanh = crossed.set_index("code").at["05986", "area_ha"]
    expected = abs(GEOD.geometry_area_perimeter(site.intersection(points["05986"].buffer(1)))[0])
    assert tam_thanh < expected / 10_000


def test_corridor_area_is_width_times_length(
    full: gpd.GeoDataFrame, points: dict[str, shapely.Point]
) -> None:
    line = shapely.LineString([points["06184"], points["05986"], points["06316"]])
    crossed = communes_crossed(line, full, corridor_width_m=80)
    length_km = crossed["length_km"].sum()
    # Flat caps: 80 m × length, less a little at the bend (inner side overlaps).
    assert crossed["corridor_ha"].sum() == pytest.approx(length_km * 1000 * 80 / 10_000, rel=2e-3)
    for row in crossed.itertuples():
        if row.length_km > 1:
            assert row.corridor_ha == pytest.approx(row.length_km * 8, rel=0.1)


def test_mixed_collection_of_line_and_points(
    full: gpd.GeoDataFrame, points: dict[str, shapely.Point]
) -> None:
    line = shapely.LineString([points["05986"], points["05977"]])
    towers = shapely.MultiPoint([points["05986"], points["05983"], points["06607"]])
    crossed = communes_crossed(shapely.GeometryCollection([line, towers]), full)
    by_code = crossed.set_index("code")
    assert by_code["point_count"].sum() == 3
    assert by_code.at["06607", "point_count"] == 1
    assert by_code.at["06607", "share"] == 0  # shares follow length when there are lines
    assert crossed["share"].sum() == pytest.approx(1.0, abs=1e-3)
    assert project_measures(shapely.GeometryCollection([line, towers]))["point_count"] == 3


def test_empty_geometry_gives_an_empty_table(full: gpd.GeoDataFrame) -> None:
    crossed = communes_crossed(shapely.LineString(), full)
    assert crossed.empty and list(crossed.columns) == COLUMNS
