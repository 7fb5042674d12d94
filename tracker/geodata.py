"""Load the shipped boundary files of ``geodata/``, check them, and cache them.

Every loader reads its file once per process (``functools.lru_cache``) and hands out a copy, so a
caller may modify what it gets without affecting anyone else. A file that fails a check raises
:class:`GeodataError`: the repository's data is broken and must be restored, not worked around.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import cast

import geopandas as gpd
import pandas as pd
import shapely

from tracker import config
from tracker.errors import NotFoundError, TrackerError

log = logging.getLogger(__name__)

COMMUNES_FILE = "communes_2025.parquet"
PROVINCES_FILE = "provinces_2025.parquet"
CROSSWALK_FILE = "crosswalk_2025.csv"
#: Provinces that also ship unsimplified commune boundaries, by province code.
FULL_RESOLUTION_FILES: dict[str, str] = {"20": "lang_son_communes_2025_full.parquet"}

COMMUNE_COLUMNS = (
    "code",
    "name",
    "full_name",
    "name_en",
    "kind",
    "province_code",
    "province_name",
    "area_km2",
    "predecessors",
    "geometry",
)
PROVINCE_COLUMNS = ("province_code", "province_name", "name_en", "geometry")
CROSSWALK_COLUMNS = (
    "old_code",
    "old_name",
    "old_district_code",
    "old_district_name",
    "old_province_code",
    "old_province_name",
    "new_code",
    "new_name",
    "new_province_code",
    "split",
    "is_default",
    "note",
)
_COMMUNE_CODE = re.compile(r"^\d{5}$")
_PROVINCE_CODE = re.compile(r"^\d{2}$")


class GeodataError(TrackerError):
    """A shipped boundary file is missing or fails a check."""


def _path(filename: str) -> Path:
    path = config.GEODATA_DIR / filename
    if not path.is_file():
        raise GeodataError(
            f"Thiếu tệp dữ liệu ranh giới {path}. Hãy khôi phục thư mục geodata/ từ kho mã "
            "(git checkout -- geodata).",
            f"The boundary file {path} is missing. Restore the geodata/ folder from the "
            "repository (git checkout -- geodata).",
        )
    return path


def _fail(path: Path, vi: str, en: str) -> GeodataError:
    return GeodataError(
        f"Tệp {path.name} không hợp lệ: {vi}. Hãy khôi phục thư mục geodata/ từ kho mã.",
        f"The file {path.name} is not valid: {en}. Restore the geodata/ folder from the "
        "repository.",
    )


def _check_columns(frame: pd.DataFrame, expected: tuple[str, ...], path: Path) -> None:
    missing = [c for c in expected if c not in frame.columns]
    if missing:
        cols = ", ".join(missing)
        raise _fail(path, f"thiếu cột {cols}", f"columns {cols} are missing")


def _check_geometry(frame: gpd.GeoDataFrame, key: str, path: Path) -> None:
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        raise _fail(
            path, f"hệ toạ độ là {frame.crs}, cần EPSG:4326", f"CRS is {frame.crs}, not EPSG:4326"
        )
    geoms = frame.geometry.values
    bad = frame.loc[shapely.is_missing(geoms) | shapely.is_empty(geoms), key].tolist()
    if bad:
        raise _fail(path, f"hình rỗng ở {bad[:5]}", f"empty geometry for {bad[:5]}")
    bad = frame.loc[~shapely.is_valid(geoms), key].tolist()
    if bad:
        raise _fail(path, f"hình không hợp lệ ở {bad[:5]}", f"invalid geometry for {bad[:5]}")


def _check_codes(series: pd.Series, pattern: re.Pattern[str], path: Path) -> None:
    wrong = [c for c in series.tolist() if not isinstance(c, str) or not pattern.match(c)]
    if wrong:
        raise _fail(path, f"mã sai dạng {wrong[:5]}", f"malformed codes {wrong[:5]}")
    dupes = series[series.duplicated()].tolist()
    if dupes:
        raise _fail(path, f"mã trùng {dupes[:5]}", f"duplicate codes {dupes[:5]}")


@lru_cache(maxsize=8)
def _read_communes(filename: str) -> gpd.GeoDataFrame:
    path = _path(filename)
    frame = gpd.read_parquet(path)
    _check_columns(frame, COMMUNE_COLUMNS, path)
    _check_codes(frame["code"], _COMMUNE_CODE, path)
    _check_codes(frame["province_code"].drop_duplicates(), _PROVINCE_CODE, path)
    _check_geometry(frame, "code", path)
    return frame.sort_values("code").reset_index(drop=True)


@lru_cache(maxsize=1)
def _read_provinces() -> gpd.GeoDataFrame:
    path = _path(PROVINCES_FILE)
    frame = gpd.read_parquet(path)
    _check_columns(frame, PROVINCE_COLUMNS, path)
    _check_codes(frame["province_code"], _PROVINCE_CODE, path)
    _check_geometry(frame, "province_code", path)
    return frame.sort_values("province_code").reset_index(drop=True)


@lru_cache(maxsize=1)
def _read_crosswalk() -> pd.DataFrame:
    path = _path(CROSSWALK_FILE)
    # Every column is text: codes keep their leading zeros and empty cells stay "".
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    _check_columns(frame, CROSSWALK_COLUMNS, path)
    old = frame.loc[frame["old_code"] != "", "old_code"]
    for column, codes in (("old_code", old), ("new_code", frame["new_code"])):
        wrong = codes[~codes.str.fullmatch(r"\d{5}")].tolist()
        if wrong:
            raise _fail(path, f"{column} sai dạng {wrong[:5]}", f"malformed {column} {wrong[:5]}")
    return frame


def _check_province(code: str) -> str:
    provinces = _read_provinces()
    if code not in set(provinces["province_code"]):
        known = ", ".join(
            f"{c} {n}" for c, n in provinces[["province_code", "province_name"]].values
        )
        raise NotFoundError(
            f"Không có tỉnh/thành phố mã '{code}'. Các mã hợp lệ: {known}.",
            f"There is no province with code '{code}'. Valid codes: {known}.",
        )
    return code


def load_communes(
    province_code: str | None = None, *, full_resolution: bool = False
) -> gpd.GeoDataFrame:
    """Communes of one province (2-digit code), or of the whole country when ``None``.

    ``full_resolution`` uses the unsimplified boundaries where they ship (Lạng Sơn, "20"); for any
    other province, and for the national layer, it falls back to the simplified layer, which is
    coverage-preserving and accurate to about 50 m. Rows are sorted by code; the result is a copy.
    """
    if province_code is None:
        return _read_communes(COMMUNES_FILE).copy()
    code = _check_province(province_code)
    filename = FULL_RESOLUTION_FILES.get(code) if full_resolution else None
    if full_resolution and filename is None:
        log.info("No full-resolution boundaries for province %s; using the simplified ones", code)
    if filename is not None:
        return _read_communes(filename).copy()
    communes = _read_communes(COMMUNES_FILE)
    return communes[communes["province_code"] == code].reset_index(drop=True)


def load_provinces() -> gpd.GeoDataFrame:
    """The 34 post-2025 provinces, each the union of its (simplified) communes; a copy."""
    return _read_provinces().copy()


def load_crosswalk() -> pd.DataFrame:
    """The national old→new commune table, every column as text; a copy."""
    return _read_crosswalk().copy()


def province_name(code: str) -> str:
    """Vietnamese name of a post-2025 province ("20" → "Lạng Sơn"); NotFoundError if unknown."""
    provinces = _read_provinces()
    _check_province(code)
    return str(provinces.loc[provinces["province_code"] == code, "province_name"].iloc[0])


def province_codes() -> list[str]:
    """The 34 province codes, sorted."""
    return [str(c) for c in _read_provinces()["province_code"]]


def commune_names(province_code: str) -> pd.Series:
    """Full commune names ("Xã Xuân Dương") by 5-digit code."""
    return cast(pd.Series, load_communes(province_code).set_index("code")["full_name"])
