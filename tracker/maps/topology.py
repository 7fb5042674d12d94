"""Polygons that share borders, sent once per border: a small TopoJSON-like encoding.

Neighbouring communes (or provinces) meet along the same line. Sent as GeoJSON, every such line
travels twice and every coordinate is a long decimal. Here the coordinates are snapped to an
integer grid, the rings are cut where three or more polygons meet, each piece (an *arc*) is kept
once, and a ring lists the arcs it is made of (``~i`` is arc ``i`` walked backwards). Arcs are
delta-encoded: after its first point, each point is the step from the one before, so most numbers
are one or two digits. ``tracker.maps.national`` carries the decoder (a few lines of script).

The polygons must form a coverage whose shared edges have the same vertices on both sides, as
``shapely.coverage_simplify`` leaves them; anything else is still drawn, only less compactly.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

Points = npt.NDArray[np.int64]  # (n, 2) grid coordinates


@dataclass(frozen=True)
class Topology:
    """Arcs on a grid and, per feature, its polygons as rings of arc references."""

    origin: tuple[float, float]  # longitude, latitude of grid point (0, 0)
    step: float  # degrees per grid unit
    arcs: list[list[int]]  # flat [x0, y0, dx1, dy1, ...]
    features: list[list[list[list[int]]]]  # feature -> polygons -> rings -> arc refs

    def as_json(self) -> dict[str, Any]:
        return {
            "origin": [round(self.origin[0], 6), round(self.origin[1], 6)],
            "step": self.step,
            "arcs": self.arcs,
            "features": self.features,
        }

    def vertices(self) -> int:
        """Points stored in the arcs (each shared border once)."""
        return sum(len(a) for a in self.arcs) // 2


def _rings(geometry: BaseGeometry) -> list[list[npt.NDArray[np.float64]]]:
    """Per polygon part, its rings (exterior first) as open coordinate arrays."""
    polygons = []
    for part in shapely.get_parts(geometry):
        if part.geom_type != "Polygon" or part.is_empty:
            continue
        rings = [part.exterior, *part.interiors]
        polygons.append([np.asarray(r.coords)[:-1, :2] for r in rings])
    return polygons


def _snap(coords: npt.NDArray[np.float64], origin: np.ndarray, step: float) -> Points:
    """Grid coordinates of a ring, without repeated points (snapping can merge neighbours)."""
    snapped: Points = np.rint((coords - origin) / step).astype(np.int64)
    if len(snapped) < 2:
        return snapped
    keep = np.any(snapped != np.roll(snapped, 1, axis=0), axis=1)
    kept: Points = snapped[keep] if keep.any() else snapped[:1]
    return kept


class _Arcs:
    """Arcs found so far, each once; a repeat (either way round) refers to the first."""

    def __init__(self) -> None:
        self.found: list[Points] = []
        self._index: dict[bytes, int] = {}

    def ref(self, arc: Points) -> int:
        key = arc.tobytes()
        if key in self._index:
            return self._index[key]
        backwards = arc[::-1].tobytes()
        if backwards in self._index:
            return ~self._index[backwards]
        self._index[key] = len(self.found)
        self.found.append(arc)
        return len(self.found) - 1


def _junctions(rings: Sequence[Points]) -> set[tuple[int, int]]:
    """Points where the neighbours along a ring differ between the rings passing through them:
    where three or more polygons (or two polygons and the outside) meet."""
    if not rings:
        return set()
    here = np.concatenate(rings)
    _, inverse = np.unique(here, axis=0, return_inverse=True)
    ids = inverse.ravel()
    bounds = np.cumsum([0, *(len(r) for r in rings)])
    spans = list(itertools.pairwise(bounds.tolist()))
    before = np.concatenate([np.roll(ids[a:b], 1) for a, b in spans])
    after = np.concatenate([np.roll(ids[a:b], -1) for a, b in spans])
    count = int(ids.max()) + 1
    sides = np.minimum(before, after) * count + np.maximum(before, after)
    distinct = np.unique(np.column_stack([ids, sides]), axis=0)
    ways = np.bincount(distinct[:, 0], minlength=count)
    return {(int(x), int(y)) for x, y in here[ways[ids] > 1]}


def _cut(ring: Points, junctions: set[tuple[int, int]]) -> list[Points]:
    """A ring as arcs from junction to junction (closed: the last arc ends where the first
    starts). A ring without junctions is one arc, started at its smallest point, so the same ring
    seen from its other side yields the same arc."""
    at = [i for i, (x, y) in enumerate(ring.tolist()) if (x, y) in junctions]
    if not at:
        start = int(np.lexsort((ring[:, 1], ring[:, 0]))[0])
        rolled = np.roll(ring, -start, axis=0)
        return [np.vstack([rolled, rolled[:1]])]
    rolled = np.roll(ring, -at[0], axis=0)
    cuts = [i - at[0] for i in at] + [len(ring)]
    closed = np.vstack([rolled, rolled[:1]])
    return [closed[a : b + 1] for a, b in itertools.pairwise(cuts)]


def encode(geometries: Sequence[BaseGeometry], step: float) -> Topology:
    """The topology of ``geometries`` (polygons, EPSG:4326) on a grid of ``step`` degrees."""
    minx, miny = shapely.total_bounds(np.asarray(geometries, dtype=object))[:2]
    origin = np.array([minx, miny])
    snapped = [[[_snap(r, origin, step) for r in poly] for poly in _rings(g)] for g in geometries]
    usable = [[[r for r in poly if len(r) >= 3] for poly in feature] for feature in snapped]
    usable = [[poly for poly in feature if poly and len(poly[0]) >= 3] for feature in usable]
    junctions = _junctions([r for feature in usable for poly in feature for r in poly])
    arcs = _Arcs()
    features = [
        [[[arcs.ref(a) for a in _cut(ring, junctions)] for ring in poly] for poly in feature]
        for feature in usable
    ]
    return Topology(
        origin=(float(minx), float(miny)),
        step=step,
        arcs=[_delta(a) for a in arcs.found],
        features=features,
    )


def _delta(arc: Points) -> list[int]:
    steps = np.vstack([arc[:1], np.diff(arc, axis=0)])
    return [int(v) for v in steps.ravel()]


def decode(topology: Topology) -> list[BaseGeometry]:
    """The polygons back (for tests): what the browser's decoder draws."""
    ox, oy = topology.origin
    points = []
    for flat in topology.arcs:
        grid = np.cumsum(np.asarray(flat, dtype=np.int64).reshape(-1, 2), axis=0)
        points.append(grid * topology.step + np.array([ox, oy]))
    shapes = []
    for feature in topology.features:
        polygons = []
        for poly in feature:
            rings = []
            for refs in poly:
                parts = [points[r] if r >= 0 else points[~r][::-1] for r in refs]
                ring = np.vstack([p[:-1] for p in parts] + [parts[-1][-1:]])
                rings.append(ring)
            polygons.append(shapely.Polygon(rings[0], rings[1:]))
        shapes.append(shapely.MultiPolygon(polygons) if polygons else shapely.MultiPolygon())
    return shapes
