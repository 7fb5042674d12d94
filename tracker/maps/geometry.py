"""Commune geometry for the map, with no drawing: simplified polygons, label points, outline.

Commune polygons are simplified with ``shapely.coverage_simplify``, which moves a shared edge once
for both neighbours (plain ``simplify`` opens gaps between them), then snapped to a 1e-5° grid
(about 1 m), which shortens every coordinate in the map's JSON.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

GRID_DEG = 1e-5
#: A map is about 2,500 px wide at most; an error under a pixel at the zoom that fits the view
#: does not show (Lạng Sơn: 0.0005°, about 50 m; the whole country: 0.006°).
_PIXELS_ACROSS = 2500
#: Label communes once the typical one is this many pixels wide.
_LABEL_MIN_PX = 80


def view_tolerance(bounds: tuple[float, float, float, float] | np.ndarray) -> float:
    """Simplification tolerance (degrees) for a view of ``bounds`` (minx, miny, maxx, maxy)."""
    minx, miny, maxx, maxy = (float(b) for b in bounds)
    return max(maxx - minx, maxy - miny) / _PIXELS_ACROSS


def prepare_communes(
    communes: gpd.GeoDataFrame, tolerance: float | None = None
) -> gpd.GeoDataFrame:
    """``code``, ``name`` and simplified ``geometry`` of each commune, plus a ``label_x/label_y``
    point inside it; neighbours stay gap-free. ``tolerance`` defaults to ``view_tolerance``."""
    if tolerance is None:
        tolerance = view_tolerance(communes.total_bounds)
    geoms = shapely.coverage_simplify(communes.geometry.values, tolerance)
    geoms = shapely.make_valid(shapely.set_precision(geoms, GRID_DEG))
    points = shapely.point_on_surface(geoms)
    return gpd.GeoDataFrame(
        {
            "code": communes["code"].to_numpy(),
            "name": communes["full_name"].to_numpy(),
            "label_x": np.round(shapely.get_x(points), 5),
            "label_y": np.round(shapely.get_y(points), 5),
        },
        geometry=geoms,
        crs=communes.crs,
    )


def outline(prepared: gpd.GeoDataFrame) -> BaseGeometry:
    """The outer boundary of the prepared communes (the province), on the same grid as they are.

    A plain union: the source boundaries overlap slightly in places, which a coverage union refuses.
    """
    return shapely.union_all(prepared.geometry.values, grid_size=GRID_DEG).boundary


def label_min_zoom(prepared: gpd.GeoDataFrame) -> int:
    """The zoom from which commune names are shown: when a typical commune is wide enough."""
    minx, miny, maxx, maxy = shapely.bounds(prepared.geometry.values).T
    width = float(np.median(np.maximum(maxx - minx, maxy - miny)))
    if width <= 0:
        return 12
    return max(0, math.ceil(math.log2(_LABEL_MIN_PX * 360 / (256 * width))))


def commune_at(prepared: gpd.GeoDataFrame, lon: float, lat: float) -> str | None:
    """The code of the commune under a point, or of the nearest one within ~100 m (a click on an
    edge); None outside them all."""
    point = shapely.Point(lon, lat)
    geoms = prepared.geometry.values
    tree = shapely.STRtree(geoms)
    hits = tree.query(point, predicate="covered_by")
    if len(hits):
        return str(prepared["code"].iloc[int(min(hits))])
    nearest = tree.query_nearest(point, max_distance=0.001)
    return str(prepared["code"].iloc[int(nearest[0])]) if len(nearest) else None
