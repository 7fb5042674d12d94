"""Project geometry files are read from real KML, Shapefile, GeoJSON and GeoPackage files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely

from tracker import alignments, geodata
from tracker.alignments import AlignmentError, read_alignment
from tracker.crs import parse_crs, vn2000_tm3
from tracker.errors import InputError
from tracker.overlay import communes_crossed

LANG_SON = "20"
# Files without a CRS are written on purpose.
pytestmark = pytest.mark.filterwarnings("ignore:'crs' was not provided:UserWarning")


@pytest.fixture(scope="module")
def communes() -> gpd.GeoDataFrame:
    return geodata.load_communes(LANG_SON, full_resolution=True)


@pytest.fixture(scope="module")
def line(communes: gpd.GeoDataFrame) -> shapely.LineString:
    """A line through Đồng Đăng, Tam Thanh and Đông Kinh, with a vertex every ~100 m."""
    at = dict(zip(communes["code"], communes.geometry.representative_point(), strict=True))
    return shapely.segmentize(shapely.LineString([at["06184"], at["05986"], at["05977"]]), 0.001)


def _write(frame: gpd.GeoDataFrame, path: Path, driver: str, **kwargs: object) -> Path:
    pyogrio.write_dataframe(frame, path, driver=driver, **kwargs)
    return path


def _zip_shapefile(frame: gpd.GeoDataFrame, folder: Path, name: str = "tuyen") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    _write(frame, folder / f"{name}.shp", "ESRI Shapefile")
    archive = folder.parent / f"{name}.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in sorted(folder.glob(f"{name}.*")):
            zf.write(part, arcname=part.name)
    return archive


def _frame(geoms: list[shapely.Geometry], crs: object = 4326) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"ten": [f"f{i}" for i in range(len(geoms))]}, geometry=geoms, crs=crs)


def _lengths(geometry: shapely.Geometry, communes: gpd.GeoDataFrame) -> dict[str, float]:
    crossed = communes_crossed(geometry, communes)
    return dict(zip(crossed["code"], crossed["length_km"], strict=True))


def test_drivers_for_every_accepted_format_are_available() -> None:
    drivers = pyogrio.list_drivers()
    for driver in ("GeoJSON", "GPKG", "ESRI Shapefile"):
        assert driver in drivers
    assert "KML" in drivers or "LIBKML" in drivers


def test_kml_line(tmp_path: Path, line: shapely.LineString, communes: gpd.GeoDataFrame) -> None:
    path = _write(_frame([line]), tmp_path / "cao_toc.kml", "KML")
    got = read_alignment(path, province_code=LANG_SON)
    assert (got.kind, got.feature_count, got.source_crs) == ("line", 1, "EPSG:4326")
    assert got.geometry.hausdorff_distance(line) < 1e-6
    assert set(_lengths(got.geometry, communes)) >= {"06184", "05986", "05977"}
    # The same file uploaded as bytes.
    uploaded = read_alignment(path.read_bytes(), filename="Cao tốc.KML")
    assert uploaded.geometry.equals(got.geometry)


def test_zipped_shapefile_from_path_and_bytes(tmp_path: Path, line: shapely.LineString) -> None:
    archive = _zip_shapefile(_frame([line]), tmp_path / "shp")
    from_path = read_alignment(archive, province_code=LANG_SON)
    from_bytes = read_alignment(archive.read_bytes(), filename="tuyen.zip")
    assert from_path.kind == from_bytes.kind == "line"
    assert from_path.geometry.equals(from_bytes.geometry)
    assert from_path.geometry.hausdorff_distance(line) < 1e-6


def test_kmz_and_plain_shapefile_path(tmp_path: Path, line: shapely.LineString) -> None:
    kml = _write(_frame([line]), tmp_path / "doc.kml", "KML")
    kmz = tmp_path / "tuyen.kmz"
    with zipfile.ZipFile(kmz, "w") as zf:
        zf.write(kml, arcname="doc.kml")
    assert read_alignment(kmz).geometry.hausdorff_distance(line) < 1e-6
    shp = _write(_frame([line]), tmp_path / "tuyen.shp", "ESRI Shapefile")
    assert read_alignment(shp).kind == "line"
    with pytest.raises(AlignmentError, match="Zip the"):
        read_alignment(shp.read_bytes(), filename="tuyen.shp")


def test_vn2000_tm3_file_gives_the_same_commune_lengths(
    tmp_path: Path, line: shapely.LineString, communes: gpd.GeoDataFrame
) -> None:
    tm3 = vn2000_tm3(107.25)
    projected = _frame([line]).to_crs(tm3)
    assert projected.total_bounds[0] > 100_000  # metres, not degrees
    archive = _zip_shapefile(projected, tmp_path / "vn2000")
    got = read_alignment(archive, province_code=LANG_SON)
    # A .prj cannot hold the datum shift; it is recovered, or the line would sit ~200 m off.
    assert got.source_crs == "VN2000-TM3-107.25"
    assert got.geometry.hausdorff_distance(line) < 1e-5  # about 1 m
    expected = _lengths(line, communes)
    lengths = _lengths(got.geometry, communes)
    assert set(lengths) == set(expected)
    for code, km in expected.items():
        assert lengths[code] == pytest.approx(km, rel=1e-3)
    # The same coordinates with no CRS in the file, and the CRS named by the user.
    bare = _zip_shapefile(projected.set_crs(None, allow_override=True), tmp_path / "bare", "bare")
    for name in ("VN2000-TM3-107.25", "VN-2000 Lạng Sơn", "vn2000 tm3 107°15'"):
        named = read_alignment(bare, crs=name, province_code=LANG_SON)
        assert named.source_crs == "VN2000-TM3-107.25"
        assert named.geometry.hausdorff_distance(got.geometry) < 1e-7


def test_vn2000_utm_epsg_3405(tmp_path: Path, line: shapely.LineString) -> None:
    utm = _frame([line]).to_crs(3405)
    path = _write(utm, tmp_path / "utm.gpkg", "GPKG")
    got = read_alignment(path)
    assert got.source_crs == "EPSG:3405"
    assert got.geometry.hausdorff_distance(line) < 1e-7
    assert parse_crs("VN2000 UTM 48N").to_epsg() == 3405


def test_no_crs_and_projected_coordinates_is_refused(
    tmp_path: Path, line: shapely.LineString
) -> None:
    projected = _frame([line]).to_crs(vn2000_tm3(107.25)).set_crs(None, allow_override=True)
    archive = _zip_shapefile(projected, tmp_path / "noprj")
    with pytest.raises(AlignmentError) as caught:
        read_alignment(archive)
    error = caught.value
    assert isinstance(error, InputError)
    assert "VN2000-TM3" in error.en and "EPSG:3405" in error.en
    assert "hệ toạ độ" in error.vi
    # GeoJSON cannot state a CRS other than lon/lat: projected numbers in it are refused too.
    x, y = projected.geometry.iloc[0].coords[0]
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "LineString", "coordinates": [[x, y], [x + 500, y + 900]]},
            }
        ],
    }
    with pytest.raises(AlignmentError, match="not longitude/latitude"):
        read_alignment(json.dumps(doc).encode(), filename="tuyen.geojson")


def test_file_without_crs_but_lonlat_is_read_as_wgs84(
    tmp_path: Path, line: shapely.LineString
) -> None:
    archive = _zip_shapefile(_frame([line]).set_crs(None, allow_override=True), tmp_path / "ll")
    got = read_alignment(archive, province_code=LANG_SON)
    assert got.crs_assumed and got.source_crs == "EPSG:4326"


def test_line_near_paris_is_outside_vietnam(tmp_path: Path) -> None:
    paris = shapely.LineString([(2.29, 48.85), (2.35, 48.86)])
    path = _write(_frame([paris]), tmp_path / "paris.geojson", "GeoJSON")
    with pytest.raises(AlignmentError) as caught:
        read_alignment(path, province_code=LANG_SON)
    assert "outside Vietnam" in caught.value.en and "ngoài Việt Nam" in caught.value.vi


def test_swapped_latitude_longitude_is_explained(tmp_path: Path, line: shapely.LineString) -> None:
    swapped = shapely.transform(line, lambda xy: xy[:, ::-1])
    path = _write(_frame([swapped]), tmp_path / "swapped.geojson", "GeoJSON")
    with pytest.raises(AlignmentError, match="swapped"):
        read_alignment(path)


def test_line_in_ha_noi_is_outside_lang_son(tmp_path: Path) -> None:
    ha_noi = geodata.load_communes("01").geometry.union_all().representative_point()
    hanoi_line = shapely.LineString([(ha_noi.x, ha_noi.y), (ha_noi.x + 0.01, ha_noi.y + 0.005)])
    path = _write(_frame([hanoi_line]), tmp_path / "hn.gpkg", "GPKG")
    with pytest.raises(AlignmentError) as caught:
        read_alignment(path, province_code=LANG_SON)
    assert "Hà Nội" in caught.value.en and "Lạng Sơn" in caught.value.en
    assert "Hà Nội" in caught.value.vi
    assert read_alignment(path, province_code="01").kind == "line"


def test_geopackage_with_lines_and_points_layers(tmp_path: Path, line: shapely.LineString) -> None:
    path = tmp_path / "du_an.gpkg"
    towers = [line.interpolate(f, normalized=True) for f in (0.1, 0.5, 0.9)]
    _write(_frame([line]), path, "GPKG", layer="tuyen")
    _write(_frame(towers), path, "GPKG", layer="mong_cot", append=True)
    got = read_alignment(path, province_code=LANG_SON)
    assert (got.kind, got.feature_count) == ("mixed", 4)
    parts = {g.geom_type for g in got.geometry.geoms}
    assert parts == {"LineString", "MultiPoint"}


def test_points_and_polygons(tmp_path: Path, line: shapely.LineString) -> None:
    pts = [line.interpolate(f, normalized=True) for f in (0.2, 0.4)]
    got = read_alignment(_write(_frame(pts), tmp_path / "p.geojson", "GeoJSON"))
    assert (got.kind, got.feature_count, len(got.geometry.geoms)) == ("points", 2, 2)
    a, b = (
        line.interpolate(0.3, normalized=True).buffer(0.002),
        line.interpolate(0.31, normalized=True),
    )
    got = read_alignment(_write(_frame([a, b.buffer(0.002)]), tmp_path / "s.geojson", "GeoJSON"))
    assert got.kind == "polygon" and got.geometry.area < a.area * 2  # overlapping sites unioned


def test_empty_and_geometryless_files_are_refused(tmp_path: Path) -> None:
    empty = {"type": "FeatureCollection", "features": []}
    with pytest.raises(AlignmentError, match="no feature"):
        read_alignment(json.dumps(empty).encode(), filename="rong.geojson")
    no_geometry = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"a": 1}, "geometry": None}],
    }
    with pytest.raises(AlignmentError, match="no feature"):
        read_alignment(json.dumps(no_geometry).encode(), filename="rong.geojson")


def test_invalid_geometry_names_the_feature() -> None:
    ok = {"type": "Point", "coordinates": [106.7, 21.85]}
    bow_tie = {
        "type": "Polygon",
        "coordinates": [
            [[106.70, 21.80], [106.72, 21.82], [106.72, 21.80], [106.70, 21.82], [106.70, 21.80]]
        ],
    }
    doc = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {}, "geometry": g} for g in (ok, bow_tie)],
    }
    with pytest.raises(AlignmentError) as caught:
        read_alignment(json.dumps(doc).encode(), filename="x.geojson")
    assert "[2]" in caught.value.en and "Self-intersection" in caught.value.en
    assert "[2]" in caught.value.vi


def test_unsupported_or_unreadable_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(AlignmentError, match="unsupported format") as caught:
        read_alignment(b"a,b\n1,2\n", filename="toa_do.csv")
    assert "GeoJSON" in caught.value.en and "KML" in caught.value.vi
    with pytest.raises(AlignmentError, match="Cannot read"):
        read_alignment(b"{ not json", filename="hong.geojson")
    with pytest.raises(AlignmentError, match="not a valid zip"):
        read_alignment(b"PK not really", filename="hong.zip")
    archive = tmp_path / "readme.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "no shapefile here")
    with pytest.raises(AlignmentError, match=r"no \.shp"):
        read_alignment(archive)
    with pytest.raises(AlignmentError, match="does not exist"):
        read_alignment(tmp_path / "missing.kml")
    with pytest.raises(AlignmentError, match="Unknown coordinate reference system"):
        read_alignment(tmp_path / "missing.kml", crs="VN2000 Atlantis")


def test_file_size_limit(monkeypatch: pytest.MonkeyPatch, line: shapely.LineString) -> None:
    data = json.dumps({"type": "Feature", "geometry": shapely.geometry.mapping(line)}).encode()
    monkeypatch.setattr(alignments, "MAX_BYTES", len(data) - 1)
    with pytest.raises(AlignmentError) as caught:
        read_alignment(data, filename="lon.geojson")
    assert "limit" in caught.value.en and "giới hạn" in caught.value.vi
