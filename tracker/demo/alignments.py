"""Indicative geometries of the Lạng Sơn demo projects (EPSG:4326).

No open data exists for these alignments, so they are drawn by hand through the communes each
project is publicly known to cross, with waypoints read off the shipped commune polygons and checked
with :func:`tracker.overlay.communes_crossed` (see tests/test_demo_alignments.py). They are
**indicative, not surveyed**: good for showing a project on the commune map, not for measuring it.
Wind-turbine positions are generated with a fixed seed, so every call returns the same geometry.

What each one crosses (full-resolution communes):

* HNCL, 59.9 km: Đồng Đăng (from the Hữu Nghị gate), Tam Thanh, Lương Văn Tri, Khánh Khê,
  Tân Đoàn, Nhân Lý, Chi Lăng. Real figure: 59.87 km with the link road, 7 communes/wards.
* DDTL, 53 km: Đồng Đăng, Hoàng Văn Thụ, Na Sầm, Văn Lãng, Tràng Định, Thất Khê, to the Cao Bằng
  boundary. Real figure: about 52 km in Lạng Sơn.
* 500 kV and 220 kV lines: from the substation site in Xuân Dương, west/south-west to the Bắc Ninh
  boundary (ex-Bắc Giang) or to Đồng Mỏ in xã Chi Lăng.
* The inter-commune road Xuân Dương–Hữu Lân: from Xuân Dương north-west into xã Thống Nhất, where
  the old xã Hữu Lân now lies. The macadamia and large-timber/medicinal-plant projects: small areas
  inside Xuân Dương.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
import shapely
import shapely.affinity
from shapely.geometry.base import BaseGeometry

from tracker.geodata import load_communes
from tracker.overlay import to_metric

Kind = Literal["line", "points", "polygon"]

LANG_SON = "20"
XUAN_DUONG = "06607"
SEED = 20250729
#: Local equal-area projection around Xuân Dương, for laying out turbines in metres.
_WIND_CRS = "+proj=laea +lat_0=21.59 +lon_0=106.9 +datum=WGS84 +units=m +no_defs"


@dataclass(frozen=True)
class DemoAlignment:
    """A demo project's indicative geometry."""

    project_code: str
    geometry: BaseGeometry
    kind: Kind


_HNCL = [
    (106.7060, 21.9640),  # Hữu Nghị border gate, northern Đồng Đăng
    (106.7150, 21.9480),
    (106.7060, 21.9300),
    (106.7220, 21.9150),
    (106.7370, 21.8950),  # Tam Thanh
    (106.7330, 21.8700),
    (106.7180, 21.8500),  # Lương Văn Tri, west of the city
    (106.7230, 21.8250),
    (106.7000, 21.8080),
    (106.6880, 21.7850),  # Tân Đoàn
    (106.6600, 21.7720),
    (106.6500, 21.7450),
    (106.6280, 21.7250),  # Nhân Lý
    (106.6400, 21.7000),
    (106.6150, 21.6850),
    (106.5950, 21.6600),  # Chi Lăng
    (106.5650, 21.6480),
    (106.5550, 21.6250),
    (106.5300, 21.6150),
    (106.5150, 21.5900),
    (106.4960, 21.5830),
    (106.4840, 21.5575),
]
_DDTL = [
    (106.6960, 21.9520),  # Đồng Đăng
    (106.6700, 21.9680),  # Hoàng Văn Thụ (Tân Thanh gate area)
    (106.6450, 21.9950),
    (106.6250, 22.0300),  # Na Sầm
    (106.5950, 22.0700),
    (106.5550, 22.1150),  # Văn Lãng
    (106.5150, 22.1650),
    (106.4800, 22.2200),  # Tràng Định
    (106.4550, 22.2800),  # Thất Khê
    (106.4450, 22.3200),
    (106.4420, 22.3580),  # Lạng Sơn–Cao Bằng boundary
]
_SUBSTATION = (106.8720, 21.6080)  # 500 kV Lạng Sơn substation site, xã Xuân Dương
_500KV_LSYT = [
    _SUBSTATION,
    (106.8300, 21.6200),
    (106.7800, 21.6250),
    (106.7300, 21.6300),
    (106.6800, 21.6320),
    (106.6300, 21.6250),
    (106.6000, 21.6120),
    (106.5790, 21.6010),  # Bắc Ninh boundary, towards Yên Thế
]
_500KV_LSBG = [
    _SUBSTATION,
    (106.8450, 21.5980),
    (106.8150, 21.5850),
    (106.7935, 21.5695),  # Bắc Ninh boundary, towards Bắc Giang
]
_220KV_LSDM = [
    (106.8750, 21.6130),
    (106.8400, 21.6350),
    (106.7900, 21.6450),
    (106.7400, 21.6500),
    (106.6900, 21.6550),
    (106.6400, 21.6600),
    (106.6000, 21.6580),
    (106.5750, 21.6550),  # Đồng Mỏ, xã Chi Lăng
]
_BG_ROAD = [(106.7185, 21.9665), (106.7240, 21.9625), (106.7300, 21.9580)]
_XD_HL = [
    (106.8850, 21.6000),  # xã Xuân Dương
    (106.8720, 21.6180),
    (106.8580, 21.6360),
    (106.8430, 21.6520),
    (106.8280, 21.6660),  # old xã Hữu Lân, now xã Thống Nhất
]


def _rectangle(
    lon: float, lat: float, width_m: float, height_m: float, angle: float
) -> BaseGeometry:
    """A small rotated rectangle centred on (lon, lat); sizes in metres."""
    dx = width_m / 2 / (111_320 * math.cos(math.radians(lat)))
    dy = height_m / 2 / 110_574
    box = shapely.box(lon - dx, lat - dy, lon + dx, lat + dy)
    return shapely.set_precision(shapely.affinity.rotate(box, angle), 1e-6)


def _turbines(count: int, centre: tuple[float, float], seed: int) -> BaseGeometry:
    """``count`` turbine points inside Xuân Dương nearest ``centre``, at least 350 m apart.

    A 550 m grid with at most ±100 m of jitter per axis keeps neighbours ≥ 350 m apart; points stay
    250 m inside the commune boundary.
    """
    communes = load_communes(LANG_SON, full_resolution=True)
    commune = communes.loc[communes["code"] == XUAN_DUONG, "geometry"].iloc[0]
    inner = to_metric(commune, _WIND_CRS).buffer(-250)
    cx, cy = to_metric(shapely.Point(centre), _WIND_CRS).coords[0]
    rng = np.random.default_rng(seed)
    offsets = np.arange(-12, 13) * 550.0
    gx, gy = np.meshgrid(cx + offsets, cy + offsets)
    jitter = rng.uniform(-100, 100, size=(2, *gx.shape))
    xy = np.column_stack([(gx + jitter[0]).ravel(), (gy + jitter[1]).ravel()])
    inside = shapely.contains_xy(inner, xy[:, 0], xy[:, 1])
    xy = xy[inside]
    nearest = np.argsort(np.hypot(xy[:, 0] - cx, xy[:, 1] - cy), kind="stable")[:count]
    back = shapely.MultiPoint(xy[np.sort(nearest)])
    lonlat = to_metric(back, "EPSG:4326", source=_WIND_CRS)
    return shapely.set_precision(lonlat, 1e-6)


@lru_cache(maxsize=1)
def _build() -> tuple[DemoAlignment, ...]:
    line = shapely.LineString
    return (
        DemoAlignment("HNCL", line(_HNCL), "line"),
        DemoAlignment("DDTL", line(_DDTL), "line"),
        DemoAlignment("WF-AQ", _turbines(25, (106.9250, 21.6450), SEED), "points"),
        DemoAlignment("WF-LB", _turbines(15, (106.8650, 21.5350), SEED + 1), "points"),
        DemoAlignment("500KV-LSYT", line(_500KV_LSYT), "line"),
        DemoAlignment("500KV-LSBG", line(_500KV_LSBG), "line"),
        DemoAlignment("220KV-LSDM", line(_220KV_LSDM), "line"),
        DemoAlignment("BG-IAB", _rectangle(106.7100, 21.9610, 160, 125, 20), "polygon"),
        DemoAlignment("BG-ROAD", line(_BG_ROAD), "line"),
        DemoAlignment("BG-SMART3", _rectangle(106.7160, 21.9555, 140, 110, -15), "polygon"),
        DemoAlignment("XD-HL", line(_XD_HL), "line"),
        DemoAlignment("XD-MACCA", _rectangle(106.9000, 21.5480, 1200, 800, 10), "polygon"),
        DemoAlignment("XD-FOREST", _rectangle(106.8780, 21.5720, 1500, 900, -20), "polygon"),
    )


def demo_alignments() -> dict[str, DemoAlignment]:
    """The demo projects' indicative geometries by project code; the same on every call."""
    return {a.project_code: a for a in _build()}
