"""Read a project's geometry (alignment, tower or turbine points, site outline) from a user's file.

Accepted: GeoJSON, KML/KMZ, GeoPackage and zipped Shapefile, from a path or from uploaded bytes.
The result is one shapely geometry in EPSG:4326 with every feature of every layer collected: lines
merged (overlapping duplicates dissolved), points kept (duplicates dropped), polygons unioned.
Every refusal is an :class:`AlignmentError` that says what is wrong and what to do, in Vietnamese
and English.

CRS: the file's own, unless the user names one (which then overrides the file's, for files whose
``.prj`` is wrong). A file without a CRS is read as longitude/latitude when its coordinates can be;
otherwise the user must name the CRS (VN-2000 zones: see :mod:`tracker.crs`).
"""

from __future__ import annotations

import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd
import pyogrio
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from tracker import geodata
from tracker.crs import CRSNameError, crs_label, options_text, parse_crs, restore_towgs84
from tracker.errors import InputError
from tracker.overlay import singles

MAX_BYTES = 50 * 1024 * 1024
_MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
FORMATS = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".kml": "KML",
    ".kmz": "KMZ",
    ".gpkg": "GeoPackage",
    ".zip": "Shapefile (.zip)",
    ".shp": "Shapefile (.shp beside its .shx/.dbf/.prj; from a path only)",
}
_FORMATS_TEXT = "GeoJSON (.geojson/.json), KML (.kml/.kmz), GeoPackage (.gpkg), Shapefile (.zip)"
#: Mainland Vietnam (lon 102–110.5, lat 8–23.5) widened to the offshore islands.
VIETNAM_BOUNDS = (102.0, 6.0, 118.0, 23.5)

Kind = Literal["line", "points", "polygon", "mixed"]


class AlignmentError(InputError):
    """A project geometry file cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class Alignment:
    """A project's geometry in EPSG:4326 and where it came from."""

    geometry: BaseGeometry
    source_crs: str
    feature_count: int
    kind: Kind
    crs_assumed: bool = False  # True when the file had no CRS and lon/lat was assumed


def read_alignment(
    source: Path | bytes,
    *,
    filename: str | None = None,
    crs: str | int | None = None,
    province_code: str | None = None,
) -> Alignment:
    """Read, check and collect a project geometry; ``filename`` is required with bytes.

    With ``province_code``, the geometry must reach into that province (it may extend beyond it).
    """
    user_crs = _user_crs(crs) if crs is not None else None
    name = filename or (source.name if isinstance(source, Path) else "")
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        raise AlignmentError(
            f"Không đọc được tệp '{name}': định dạng không được hỗ trợ. Hãy gửi {_FORMATS_TEXT}.",
            f"Cannot read '{name}': unsupported format. Send {_FORMATS_TEXT}.",
        )
    if suffix == ".shp" and isinstance(source, bytes):
        raise AlignmentError(
            f"Tệp '{name}' chỉ là một phần của Shapefile. Hãy nén .shp, .shx, .dbf và .prj vào một "
            "tệp .zip rồi gửi tệp .zip đó.",
            f"'{name}' is only one part of a Shapefile. Zip the .shp, .shx, .dbf and .prj together "
            "and send the .zip.",
        )
    size = len(source) if isinstance(source, bytes) else _size(source)
    if size > MAX_BYTES:
        raise AlignmentError(
            f"Tệp '{name}' nặng {size / 1e6:.0f} MB, vượt giới hạn {MAX_BYTES / 1e6:.0f} MB. "
            "Hãy giữ lại tuyến/điểm của dự án, bỏ các lớp khác, hoặc giản lược hình.",
            f"'{name}' is {size / 1e6:.0f} MB, over the {MAX_BYTES / 1e6:.0f} MB limit. Keep only "
            "the project's alignment or points, drop other layers, or simplify it.",
        )
    with tempfile.TemporaryDirectory(prefix="alignment-") as tmp:
        if isinstance(source, bytes):
            path = Path(tmp) / f"upload{suffix}"
            path.write_bytes(source)
        else:
            path = source
        frames = _read_layers(path, name, suffix)
    return _collect(frames, name, user_crs, province_code)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        raise AlignmentError(
            f"Không tìm thấy tệp '{path}'.", f"The file '{path}' does not exist."
        ) from None


def _user_crs(crs: str | int) -> pyproj.CRS:
    try:
        return parse_crs(crs)
    except CRSNameError as error:
        raise AlignmentError(error.vi, error.en) from None


def _unreadable(name: str, detail: str) -> AlignmentError:
    return AlignmentError(
        f"Không đọc được tệp '{name}' ({detail}). Hãy kiểm tra tệp mở được trong QGIS/Google Earth "
        f"và là một trong các định dạng: {_FORMATS_TEXT}.",
        f"Cannot read '{name}' ({detail}). Check that it opens in QGIS/Google Earth and is one of: "
        f"{_FORMATS_TEXT}.",
    )


def _datasets(path: Path, name: str, suffix: str) -> list[str]:
    """GDAL dataset names to read; a .zip may hold Shapefiles or another accepted file."""
    if suffix != ".zip":
        return [str(path)]
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise _unreadable(name, "not a valid zip / không phải tệp zip hợp lệ") from None
    if sum(i.file_size for i in infos) > _MAX_UNZIPPED_BYTES:
        raise _unreadable(name, "too large once unzipped / quá lớn khi giải nén")
    members = [i.filename for i in infos if not i.is_dir() and "__MACOSX" not in i.filename]
    shapefiles = [m for m in members if m.lower().endswith(".shp")]
    others = [
        m for m in members if Path(m).suffix.lower() in (".geojson", ".json", ".kml", ".gpkg")
    ]
    chosen = shapefiles or others
    if not chosen:
        raise _unreadable(name, "no .shp inside / không có tệp .shp bên trong")
    return [f"/vsizip/{path}/{member}" for member in chosen]


def _read_layers(path: Path, name: str, suffix: str) -> list[gpd.GeoDataFrame]:
    frames: list[gpd.GeoDataFrame] = []
    try:
        for dataset in _datasets(path, name, suffix):
            for layer in pyogrio.list_layers(dataset)[:, 0]:
                frame = pyogrio.read_dataframe(dataset, layer=layer)
                if isinstance(frame, gpd.GeoDataFrame) and len(frame):
                    frames.append(frame)
    except pyogrio.errors.DataSourceError as error:
        raise _unreadable(name, str(error).splitlines()[0][:200]) from None
    except (pyogrio.errors.DataLayerError, pyogrio.errors.GeometryError) as error:
        raise _unreadable(name, str(error).splitlines()[0][:200]) from None
    return frames


def _plausible_lonlat(bounds: tuple[float, float, float, float]) -> bool:
    minx, miny, maxx, maxy = bounds
    return -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


def _inside(bounds: tuple[float, float, float, float], box: tuple[float, ...]) -> bool:
    return (
        box[0] <= bounds[0] and bounds[2] <= box[2] and box[1] <= bounds[1] and bounds[3] <= box[3]
    )


def _swapped_hint(bounds: tuple[float, float, float, float]) -> tuple[str, str]:
    minx, miny, maxx, maxy = bounds
    if _inside((miny, minx, maxy, maxx), VIETNAM_BOUNDS):
        return (
            " Toạ độ có vẻ bị đảo thứ tự (vĩ độ trước kinh độ): hãy đổi lại thành kinh độ, vĩ độ.",
            " The coordinates look swapped (latitude before longitude): put longitude first.",
        )
    return "", ""


def _to_wgs84(
    frame: gpd.GeoDataFrame, name: str, user_crs: pyproj.CRS | None
) -> tuple[gpd.GeoSeries, str, bool]:
    """The layer's geometries in EPSG:4326, the CRS label, and whether lon/lat was assumed."""
    geoms = frame.geometry
    bounds = tuple(shapely.total_bounds(geoms.values).tolist())
    assumed = False
    if user_crs is not None:
        source = user_crs
    elif frame.crs is not None and not (frame.crs.is_geographic and not _plausible_lonlat(bounds)):
        source = restore_towgs84(frame.crs)
    elif _plausible_lonlat(bounds):
        source, assumed = pyproj.CRS.from_epsg(4326), True
    else:
        # No CRS, or a geographic one (GeoJSON always claims lon/lat) with metre-like numbers.
        vi_hint, en_hint = _swapped_hint(bounds)
        raise AlignmentError(
            f"Tệp '{name}' không ghi hệ toạ độ (hoặc ghi là kinh độ/vĩ độ) nhưng toạ độ không phải "
            f"kinh độ/vĩ độ (ví dụ {bounds[0]:.0f}, {bounds[1]:.0f}).{vi_hint} Hãy chọn hệ toạ độ "
            f"của tệp: {options_text()}.",
            f"'{name}' does not state its coordinate reference system (or states "
            f"longitude/latitude) but its coordinates are not longitude/latitude (e.g. "
            f"{bounds[0]:.0f}, {bounds[1]:.0f}).{en_hint} Give the file's CRS: {options_text()}.",
        )
    series = gpd.GeoSeries(shapely.force_2d(geoms.values), crs=source)
    try:
        out = series.to_crs(4326)
    except pyproj.exceptions.ProjError as error:
        raise _unreadable(name, f"CRS {crs_label(source)}: {error}") from None
    return out, crs_label(source), assumed


def _collect(
    frames: list[gpd.GeoDataFrame],
    name: str,
    user_crs: pyproj.CRS | None,
    province_code: str | None,
) -> Alignment:
    frames = [f[~(f.geometry.isna() | f.geometry.is_empty)] for f in frames]
    frames = [f for f in frames if len(f)]
    if not frames:
        raise AlignmentError(
            f"Tệp '{name}' không có đối tượng nào có hình (đường, điểm hoặc vùng). Hãy xuất lại "
            "tuyến/điểm của dự án.",
            f"'{name}' has no feature with a geometry (line, point or polygon). Export the "
            "project's alignment or points again.",
        )
    offset, pieces, labels, assumed = 0, [], [], False
    for frame in frames:
        valid = shapely.is_valid(frame.geometry.values)
        if not valid.all():
            bad = [int(i) + offset + 1 for i in range(len(frame)) if not valid[i]]
            reason = shapely.is_valid_reason(frame.geometry.values[~valid][0])
            raise AlignmentError(
                f"Tệp '{name}' có hình không hợp lệ ở đối tượng số {bad[:10]} ({reason}). Hãy sửa "
                "trong QGIS (Vector › Geometry Tools › Fix Geometries) rồi gửi lại.",
                f"'{name}' has invalid geometry in feature(s) {bad[:10]} ({reason}). Fix it in "
                "QGIS (Vector › Geometry Tools › Fix Geometries) and send it again.",
            )
        series, label, layer_assumed = _to_wgs84(frame, name, user_crs)
        pieces.extend(series.values)
        labels.append(label)
        assumed = assumed or layer_assumed
        offset += len(frame)
    geometry, kind = _merge(pieces)
    if geometry.is_empty:
        raise AlignmentError(
            f"Hình trong tệp '{name}' rỗng sau khi gộp các đối tượng. Hãy kiểm tra tệp.",
            f"The geometry in '{name}' is empty once its features are combined. Check the file.",
        )
    _check_location(geometry, name, province_code)
    return Alignment(geometry, " + ".join(dict.fromkeys(labels)), offset, kind, assumed)


def _merge(geoms: list[BaseGeometry]) -> tuple[BaseGeometry, Kind]:
    parts = [g for geom in geoms for g in singles(geom)]
    lines = [g for g in parts if g.geom_type in ("LineString", "LinearRing")]
    points = [g for g in parts if g.geom_type == "Point"]
    polygons = [g for g in parts if g.geom_type == "Polygon"]
    out: list[BaseGeometry] = []
    if lines:
        out.append(shapely.line_merge(shapely.union_all(lines)))
    if points:
        out.append(shapely.MultiPoint(list(dict.fromkeys(points))))
    if polygons:
        out.append(shapely.union_all(polygons))
    present = [k for k, v in (("line", lines), ("points", points), ("polygon", polygons)) if v]
    if len(out) == 1:
        kind: Kind = (
            "line" if present[0] == "line" else "points" if present[0] == "points" else "polygon"
        )
        return out[0], kind
    return shapely.GeometryCollection(out), "mixed"


def _check_location(geometry: BaseGeometry, name: str, province_code: str | None) -> None:
    bounds = geometry.bounds
    if not _inside(bounds, VIETNAM_BOUNDS):
        lon, lat = geometry.centroid.x, geometry.centroid.y
        vi_hint, en_hint = _swapped_hint(bounds)
        raise AlignmentError(
            f"Hình trong tệp '{name}' nằm ngoài Việt Nam (quanh kinh độ {lon:.2f}, "
            f"vĩ độ {lat:.2f}).{vi_hint} Thường là do chọn sai hệ toạ độ: hãy kiểm tra hệ toạ độ "
            f"của tệp ({options_text()}).",
            f"The geometry in '{name}' lies outside Vietnam (around longitude {lon:.2f}, latitude "
            f"{lat:.2f}).{en_hint} This usually means a wrong coordinate reference system: check "
            f"the file's CRS ({options_text()}).",
        )
    if province_code is None:
        return
    provinces = geodata.load_provinces()
    target = provinces[provinces["province_code"] == province_code]
    if target.empty:
        geodata.province_name(province_code)  # raises NotFoundError with the valid codes
    if target.geometry.iloc[0].intersects(geometry):
        return
    hits = provinces[provinces.intersects(geometry)]
    here = geodata.province_name(province_code)
    if len(hits):
        found = ", ".join(pd.unique(hits["province_name"]))
        vi_where, en_where = f"nằm ở {found}", f"lies in {found}"
    else:
        vi_where, en_where = "không nằm trong tỉnh nào", "lies in no province"
    raise AlignmentError(
        f"Hình trong tệp '{name}' {vi_where}, không chạm tỉnh {here} của dự án. Hãy kiểm tra đúng "
        "tệp, đúng dự án và đúng hệ toạ độ.",
        f"The geometry in '{name}' {en_where} and does not reach {here}, the project's province. "
        "Check the file, the project and the coordinate reference system.",
    )
