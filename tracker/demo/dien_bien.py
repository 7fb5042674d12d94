"""Indicative locations of Điện Biên's 18 urban renovation and anniversary projects (EPSG:4326).

The article of 28/03/2024 names four works and counts the rest; it gives no location. The points
here are **indicative**: the named works at the places they are known by (the primary school,
the provincial stadium and guest house in the city centre; the relic sites at Đồi A1, the De
Castries bunker, Him Lam and the Mường Phăng command post), the unnamed urban renovation projects
spread over the city's two wards. Each lies inside the post-2025 commune it is listed with
(tests/test_demo_dien_bien.py checks it against the shipped boundaries).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import shapely
from shapely.geometry.base import BaseGeometry

DIEN_BIEN = "11"
#: Phường Điện Biên Phủ (the old city centre: Mường Thanh, Him Lam, Tân Thanh, Thanh Bình …).
DIEN_BIEN_PHU = "03127"
#: Phường Mường Thanh (old Noong Bua, Nam Thanh, Thanh Xương).
MUONG_THANH = "03334"
#: Xã Mường Phăng, where the campaign's command post stands.
MUONG_PHANG = "03325"


@dataclass(frozen=True)
class Site:
    """Where a project is, as indicative points, and the communes they lie in."""

    project_code: str
    geometry: BaseGeometry
    communes: tuple[str, ...]


_NAMED: dict[str, tuple[list[tuple[float, float]], tuple[str, ...]]] = {
    "DB-SCHOOL": ([(103.0175, 21.3850)], (DIEN_BIEN_PHU,)),
    "DB-STADIUM": ([(103.0159, 21.3868)], (DIEN_BIEN_PHU,)),
    "DB-RELICS": (
        [
            (103.0204, 21.3837),  # Đồi A1
            (103.0125, 21.3812),  # the De Castries bunker
            (103.0366, 21.4088),  # Him Lam
            (103.1170, 21.4530),  # the Mường Phăng command post
        ],
        (DIEN_BIEN_PHU, MUONG_PHANG),
    ),
    "DB-GUESTHOUSE": ([(103.0222, 21.3905)], (DIEN_BIEN_PHU,)),
}
#: The unnamed urban renovation projects DB-UR01 … DB-UR14, in that order.
_URBAN: list[tuple[float, float, str]] = [
    (103.0128, 21.3862, DIEN_BIEN_PHU),
    (103.0186, 21.3897, DIEN_BIEN_PHU),
    (103.0243, 21.3958, DIEN_BIEN_PHU),
    (103.0301, 21.4012, DIEN_BIEN_PHU),
    (103.0152, 21.3921, DIEN_BIEN_PHU),
    (103.0335, 21.3880, MUONG_THANH),
    (103.0268, 21.3741, MUONG_THANH),
    (103.0450, 21.3705, MUONG_THANH),
    (103.0069, 21.3833, DIEN_BIEN_PHU),
    (103.0352, 21.3660, MUONG_THANH),
    (103.0098, 21.3986, DIEN_BIEN_PHU),
    (103.0285, 21.3847, MUONG_THANH),
    (103.0380, 21.3700, MUONG_THANH),
    (103.0232, 21.4045, DIEN_BIEN_PHU),
]


@lru_cache(maxsize=1)
def _build() -> tuple[Site, ...]:
    sites = [
        Site(
            code,
            shapely.Point(points[0]) if len(points) == 1 else shapely.MultiPoint(points),
            communes,
        )
        for code, (points, communes) in _NAMED.items()
    ]
    sites += [
        Site(f"DB-UR{i:02d}", shapely.Point(x, y), (commune,))
        for i, (x, y, commune) in enumerate(_URBAN, start=1)
    ]
    return tuple(sites)


def dien_bien_sites() -> dict[str, Site]:
    """The Điện Biên demo projects' indicative locations by project code."""
    return {s.project_code: s for s in _build()}
