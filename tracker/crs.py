"""Coordinate reference systems users' files come in, VN-2000 above all, by name.

Survey and design files in Vietnam are mostly in VN-2000: the national UTM zones 48N/49N
(EPSG:3405, EPSG:3406) or a provincial transverse Mercator with 3° zones (TM-3, scale 0.9999) on the
province's central meridian. EPSG has no code for the provincial zones, so they are built here as
PROJ strings on the VN-2000 datum (WGS 84 ellipsoid) with the official 7-parameter shift to WGS 84.

Names accepted by :func:`parse_crs` (case, spaces, dashes and diacritics do not matter):

* an EPSG code: ``4326``, ``"EPSG:3405"``;
* ``"VN2000-UTM-48N"`` / ``"VN2000-UTM-49N"``;
* ``"VN2000-TM3-107.25"`` (central meridian in decimal degrees) or ``"VN2000-TM3-107°15'"``;
* ``"VN2000 Lạng Sơn"`` / ``"VN-2000 TM3 Lạng Sơn"``: a province's zone from
  :data:`CENTRAL_MERIDIANS`;
* anything else pyproj understands (a PROJ string, WKT).
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

import pyproj

from tracker.errors import InputError
from tracker.names import ascii_key

#: VN-2000 → WGS 84 Helmert parameters (dx, dy, dz in m; rx, ry, rz in arc-seconds; ds in ppm).
VN2000_TOWGS84 = (
    -191.90441429,
    -39.30318279,
    -111.45032835,
    -0.00928836,
    0.01975479,
    -0.00427372,
    0.252906278,
)
VN2000_UTM = {"48N": "EPSG:3405", "49N": "EPSG:3406"}

#: Central meridians (decimal degrees) of the VN-2000 TM-3 zone of each pre-2025 province, from the
#: table of Circular 973/2001/TT-TCĐC as republished by Vietnamese survey firms. Files keep using
#: their old province's zone after the 2025 merger. Only entries checked against two copies are
#: listed; for any other province give ``VN2000-TM3-<meridian>``.
CENTRAL_MERIDIANS: dict[str, float] = {
    "Lai Châu": 103.0,
    "Điện Biên": 103.0,
    "Sơn La": 104.0,
    "Lào Cai": 104.75,
    "Yên Bái": 104.75,
    "Hà Giang": 105.5,
    "Tuyên Quang": 106.0,
    "Phú Thọ": 104.75,
    "Vĩnh Phúc": 105.0,
    "Cao Bằng": 105.75,
    "Lạng Sơn": 107.25,
    "Bắc Kạn": 106.5,
    "Thái Nguyên": 106.5,
    "Bắc Giang": 107.0,
    "Bắc Ninh": 105.5,
    "Quảng Ninh": 107.75,
    "Hải Phòng": 105.75,
    "Hải Dương": 105.5,
    "Hưng Yên": 105.5,
    "Hà Nội": 105.0,
    "Hoà Bình": 106.0,
    "Hà Nam": 105.0,
    "Quảng Nam": 107.75,
    "Quảng Ngãi": 108.0,
    "Bình Định": 108.25,
    "Kon Tum": 107.5,
    "Gia Lai": 108.5,
    "Đắk Lắk": 108.5,
    "Đắk Nông": 108.5,
    "Phú Yên": 108.5,
    "Khánh Hoà": 108.25,
    "Ninh Thuận": 108.25,
    "Bình Thuận": 108.5,
    "Lâm Đồng": 107.75,
    "Bình Dương": 105.75,
    "Bình Phước": 106.25,
    "Đồng Nai": 107.75,
    "Bà Rịa - Vũng Tàu": 107.75,
    "Tây Ninh": 105.5,
    "Long An": 105.75,
    "Tiền Giang": 105.75,
    "Bến Tre": 105.75,
    "Đồng Tháp": 105.0,
    "Vĩnh Long": 105.5,
}


class CRSNameError(InputError):
    """A coordinate reference system given by a user cannot be understood."""


def vn2000_tm3(central_meridian_deg: float) -> pyproj.CRS:
    """VN-2000 provincial TM-3 zone on ``central_meridian_deg`` (e.g. 107.25 for Lạng Sơn)."""
    if not 100.0 <= central_meridian_deg <= 120.0:
        raise CRSNameError(
            f"Kinh tuyến trục {central_meridian_deg} không thuộc Việt Nam (từ 102° đến 118°).",
            f"Central meridian {central_meridian_deg} is not one used in Vietnam (102° to 118°).",
        )
    towgs84 = ",".join(f"{v:.9g}" for v in VN2000_TOWGS84)
    return pyproj.CRS.from_proj4(
        f"+proj=tmerc +lat_0=0 +lon_0={central_meridian_deg:.6g} +k=0.9999 +x_0=500000 +y_0=0 "
        f"+ellps=WGS84 +towgs84={towgs84} +units=m +no_defs +type=crs"
    )


def tm3_label(central_meridian_deg: float) -> str:
    """Canonical name of a TM-3 zone, as :func:`parse_crs` accepts it: ``VN2000-TM3-107.25``."""
    return f"VN2000-TM3-{central_meridian_deg:g}"


def options_text() -> str:
    """The named CRSs a user can give, for error messages."""
    return (
        "EPSG:4326 (WGS 84), EPSG:3405 (VN-2000 UTM 48N), EPSG:3406 (VN-2000 UTM 49N), "
        "VN2000-TM3-<kinh tuyến trục / central meridian> (e.g. VN2000-TM3-107.25), "
        "VN2000 <tỉnh / province> (e.g. VN2000 Lạng Sơn)"
    )


_MERIDIAN_BY_KEY = {ascii_key(name): value for name, value in CENTRAL_MERIDIANS.items()}
_EPSG_RE = re.compile(r"^(?:epsg\s*:?\s*)?(\d{4,6})$")
_VN2000_RE = re.compile(r"^vn\W*2000\W*(?P<rest>.*)$")
_UTM_RE = re.compile(r"^utm\W*(?P<zone>4[89])\W*n?$")
_TM3_RE = re.compile(
    r"^(?:tm\W*3\W*)?(?P<deg>\d{3})(?:[.,](?P<frac>\d+)|\W+(?P<min>\d{1,2})\W*(?:'|′|p|phut)?)?\W*$"
)


def _deg(match: re.Match[str]) -> float:
    deg = float(match.group("deg"))
    if match.group("frac"):
        return float(f"{match.group('deg')}.{match.group('frac')}")
    if match.group("min"):
        return deg + float(match.group("min")) / 60
    return deg


@lru_cache(maxsize=128)
def parse_crs(value: str | int) -> pyproj.CRS:
    """A CRS from an EPSG code, a VN-2000 name (see module doc), a PROJ string or WKT."""
    if isinstance(value, int):
        return _from_user(f"EPSG:{value}", str(value))
    text = value.strip()
    simple = ascii_key(text).replace("°", " ").strip()
    if match := _EPSG_RE.match(simple):
        return _from_user(f"EPSG:{match.group(1)}", text)
    if match := _VN2000_RE.match(simple):
        rest = match.group("rest").strip()
        if utm := _UTM_RE.match(rest):
            return pyproj.CRS.from_user_input(VN2000_UTM[f"{utm.group('zone')}N"])
        if tm3 := _TM3_RE.match(rest):
            return vn2000_tm3(_deg(tm3))
        province = re.sub(r"^tm\W*3\W*", "", rest).strip()
        if province in _MERIDIAN_BY_KEY:
            return vn2000_tm3(_MERIDIAN_BY_KEY[province])
        raise _unknown(text)
    return _from_user(text, text)


def _from_user(value: str, shown: str) -> pyproj.CRS:
    try:
        return pyproj.CRS.from_user_input(value)
    except pyproj.exceptions.CRSError:
        raise _unknown(shown) from None


def _unknown(text: str) -> CRSNameError:
    return CRSNameError(
        f"Không hiểu hệ toạ độ '{text}'. Có thể dùng: {options_text()}.",
        f"Unknown coordinate reference system '{text}'. You can use: {options_text()}.",
    )


def crs_label(crs: pyproj.CRS) -> str:
    """Short name of a CRS for display: ``EPSG:3405``, ``VN2000-TM3-107.25`` or PROJ/WKT text."""
    epsg = crs.to_epsg(min_confidence=90)
    if epsg is not None:
        return f"EPSG:{epsg}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "may lose information": we only read 4 keys
        params = crs.to_dict()
    towgs84 = params.get("towgs84")
    if params.get("proj") == "tmerc" and towgs84 is not None and params.get("k") == 0.9999:
        shift = [float(v) for v in str(towgs84).split(",")] if isinstance(towgs84, str) else towgs84
        if all(abs(a - b) < 1e-6 for a, b in zip(shift, VN2000_TOWGS84, strict=False)):
            return tm3_label(float(params["lon_0"]))
    return str(crs.to_string())


_ENCODED_TOWGS84 = re.compile(r"using_towgs84_([-\d_]+)$")


def restore_towgs84(crs: pyproj.CRS) -> pyproj.CRS:
    """Put back a datum shift that a Shapefile ``.prj`` kept only in the datum's name.

    ESRI WKT has no TOWGS84, so GDAL writes a VN-2000 zone's datum as
    ``D_Unknown_based_on_WGS_84_ellipsoid_using_towgs84_-191_904414_…`` and, read back, the shift
    is gone: coordinates land about 200 m off. The numbers are recovered from the name.
    """
    datum = crs.datum.name if crs.datum is not None else ""
    match = _ENCODED_TOWGS84.search(datum)
    if match is None:
        return crs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        params = crs.to_dict()
    if params.get("towgs84") is not None:
        return crs
    tokens = match.group(1).split("_")
    if len(tokens) != 14:  # seven numbers, each written "<int>_<fraction>"
        return crs
    values = [
        float(f"{whole}.{frac}") for whole, frac in zip(tokens[::2], tokens[1::2], strict=True)
    ]
    params["towgs84"] = ",".join(f"{v:.10g}" for v in values)
    return pyproj.CRS.from_dict(params)
