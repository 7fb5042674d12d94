"""The shipped boundary files load, pass their checks, and hold what the README says."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyproj
import pytest
import shapely

from tracker import config, geodata
from tracker.errors import NotFoundError

LANG_SON = "20"
GEODATA = config.GEODATA_DIR


def _geodesic_km2(frame: gpd.GeoDataFrame) -> float:
    geod = pyproj.Geod(ellps="WGS84")
    return sum(abs(geod.geometry_area_perimeter(g)[0]) for g in frame.geometry) / 1e6


def test_national_layers_have_every_unit() -> None:
    communes = geodata.load_communes()
    provinces = geodata.load_provinces()
    assert len(communes) == 3321
    assert communes["code"].is_unique
    assert len(provinces) == 34
    assert set(communes["province_code"]) == set(provinces["province_code"])
    assert communes["kind"].value_counts().to_dict() == {"xa": 2611, "phuong": 697, "dac_khu": 13}


@pytest.mark.parametrize("full_resolution", [False, True])
def test_lang_son_has_61_xa_and_4_phuong(full_resolution: bool) -> None:
    communes = geodata.load_communes(LANG_SON, full_resolution=full_resolution)
    assert len(communes) == 65
    assert communes["kind"].value_counts().to_dict() == {"xa": 61, "phuong": 4}
    assert (communes["province_code"] == LANG_SON).all()
    assert communes.crs.to_epsg() == 4326
    assert shapely.is_valid(communes.geometry.values).all()


def test_full_resolution_is_more_detailed_and_same_units() -> None:
    full = geodata.load_communes(LANG_SON, full_resolution=True)
    simple = geodata.load_communes(LANG_SON)
    assert full["code"].tolist() == simple["code"].tolist()
    assert full["full_name"].tolist() == simple["full_name"].tolist()
    full_vertices = shapely.get_num_coordinates(full.geometry.values).sum()
    simple_vertices = shapely.get_num_coordinates(simple.geometry.values).sum()
    assert full_vertices == 179_994
    assert simple_vertices < full_vertices / 2


def test_full_resolution_falls_back_where_none_ships() -> None:
    thai_nguyen = geodata.load_communes("19", full_resolution=True)
    assert thai_nguyen.equals(geodata.load_communes("19"))
    assert "Xuân Dương" in set(thai_nguyen["name"])


def test_lang_son_area_matches_the_official_8310_km2() -> None:
    full = geodata.load_communes(LANG_SON, full_resolution=True)
    polygon_km2 = _geodesic_km2(full)
    official_km2 = full["area_km2"].sum()
    assert abs(polygon_km2 / 8310 - 1) < 0.005, polygon_km2
    assert abs(official_km2 / 8310 - 1) < 0.005, official_km2
    # The equal-area projection used by the overlay agrees with the geodesic area.
    laea = full.to_crs("+proj=laea +lat_0=21.9 +lon_0=106.7 +datum=WGS84 +units=m")
    assert laea.area.sum() / 1e6 == pytest.approx(polygon_km2, rel=1e-4)


def test_provinces_contain_their_communes() -> None:
    provinces = geodata.load_provinces().set_index("province_code")
    communes = geodata.load_communes(LANG_SON)
    outline = provinces.geometry[LANG_SON]
    union = shapely.union_all(communes.geometry.values)
    assert union.symmetric_difference(outline).area < 1e-8


def test_crosswalk_is_all_text_with_leading_zeros() -> None:
    crosswalk = geodata.load_crosswalk()
    assert len(crosswalk) == 10_602
    assert all(pd.api.types.is_string_dtype(t) for t in crosswalk.dtypes)
    assert crosswalk["new_code"].str.fullmatch(r"\d{5}").all()
    hoang_dong = crosswalk[crosswalk["old_name"] == "Xã Hoàng Đồng"]
    assert hoang_dong["old_code"].tolist() == ["05986"]
    assert hoang_dong["old_province_code"].tolist() == ["20"]
    assert set(crosswalk["new_code"]) <= set(geodata.load_communes()["code"])


def test_loaders_return_copies() -> None:
    first = geodata.load_communes(LANG_SON)
    first.loc[0, "name"] = "changed"
    del first["predecessors"]
    again = geodata.load_communes(LANG_SON)
    assert again.loc[0, "name"] != "changed"
    assert "predecessors" in again.columns
    crosswalk = geodata.load_crosswalk()
    crosswalk["old_code"] = ""
    assert (geodata.load_crosswalk()["old_code"] != "").any()


def test_province_name_and_unknown_province() -> None:
    assert geodata.province_name(LANG_SON) == "Lạng Sơn"
    assert geodata.province_name("19") == "Thái Nguyên"
    with pytest.raises(NotFoundError) as caught:
        geodata.load_communes("99")
    assert "99" in caught.value.vi and "99" in caught.value.en
    assert "20 Lạng Sơn" in caught.value.en


def test_checksums_match_shipped_files() -> None:
    listed = {}
    for line in (GEODATA / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        listed[name] = digest
    assert set(listed) == {
        "communes_2025.parquet",
        "provinces_2025.parquet",
        "lang_son_communes_2025_full.parquet",
        "crosswalk_2025.csv",
    }
    for name, digest in listed.items():
        assert hashlib.sha256((GEODATA / name).read_bytes()).hexdigest() == digest, name


def test_readme_credits_the_sources() -> None:
    readme = (GEODATA / "README.md").read_text()
    assert (
        "Boundaries: sapnhap.bando.com.vn (NXB Tài nguyên – Môi trường và Bản đồ Việt Nam), via\n"
        "thanglequoc/vietnamese-provinces-database (MIT)." in readme
    )
    assert "vietnamadminunits 1.0.4" in readme
    assert "EPSG:4326" in readme


# -- failed checks ----------------------------------------------------------------------------


@pytest.fixture
def sample() -> gpd.GeoDataFrame:
    """Three real communes, read before the loaders are pointed elsewhere."""
    return geodata.load_communes(LANG_SON).head(3)


@pytest.fixture
def broken_dir(
    sample: gpd.GeoDataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """An empty geodata folder the loaders read from, with their caches cleared around the test."""
    caches = (geodata._read_communes, geodata._read_provinces, geodata._read_crosswalk)
    for cache in caches:
        cache.cache_clear()
    monkeypatch.setattr(config, "GEODATA_DIR", tmp_path)
    yield tmp_path
    for cache in caches:
        cache.cache_clear()


def test_missing_file_is_reported(broken_dir: Path) -> None:
    with pytest.raises(geodata.GeodataError) as caught:
        geodata.load_provinces()
    assert "provinces_2025.parquet" in caught.value.en
    assert "Thiếu tệp" in caught.value.vi


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda f: f.assign(code=["06184", "06184", "05986"]), "duplicate codes"),
        (lambda f: f.assign(code=["6184", "05977", "05983"]), "malformed codes"),
        (lambda f: f.set_crs(3405, allow_override=True), "not EPSG:4326"),
        (lambda f: f.drop(columns="full_name"), "full_name"),
        (
            lambda f: f.set_geometry(
                [shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)]), *f.geometry[1:]], crs=4326
            ),
            "invalid geometry",
        ),
        (lambda f: f.set_geometry([shapely.Polygon(), *f.geometry[1:]], crs=4326), "empty"),
    ],
)
def test_damaged_communes_file_is_refused(
    sample: gpd.GeoDataFrame, broken_dir: Path, damage: object, expected: str
) -> None:
    assert callable(damage)
    damage(sample).to_parquet(broken_dir / geodata.COMMUNES_FILE)
    with pytest.raises(geodata.GeodataError) as caught:
        geodata.load_communes()
    assert expected in caught.value.en
    assert "không hợp lệ" in caught.value.vi


def test_intact_sample_passes(sample: gpd.GeoDataFrame, broken_dir: Path) -> None:
    sample.to_parquet(broken_dir / geodata.COMMUNES_FILE)
    assert len(geodata.load_communes()) == 3
