"""The country map on the real boundaries: shared borders sent once and read back, the layers'
size, what a click finds, the detail files, and the words on the map."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from factories import D

from tracker.geodata import load_communes
from tracker.maps.country_words import (
    average_words,
    country_legend,
    province_map_figures,
    province_scale,
)
from tracker.maps.detail import detail_ready, install_detail, province_detail
from tracker.maps.national import (
    CountryFigures,
    commune_layer,
    national_map,
    province_layer,
)
from tracker.maps.render import map_html
from tracker.maps.topology import Topology, decode, encode
from tracker.national import national_average, province_entries
from tracker.national_tables import ranked


@pytest.fixture(scope="module")
def lang_son() -> list[shapely.Geometry]:
    return list(load_communes("20").geometry.values)


def test_shared_borders_are_sent_once_and_read_back(lang_son) -> None:
    step = 1e-5
    topology = encode(lang_son, step)
    refs = [r if r >= 0 else ~r for f in topology.features for p in f for ring in p for r in ring]
    uses = np.bincount(refs)
    assert uses.max() == 2  # an arc borders two communes at most
    assert (uses == 2).sum() > 0.5 * len(uses)  # most arcs are shared borders, kept once
    ring_points = sum(shapely.get_num_coordinates(np.asarray(lang_son, dtype=object)))
    assert topology.vertices() < 0.6 * ring_points
    back = decode(topology)
    for original, again in zip(lang_son, back, strict=True):
        assert again.is_valid
        assert shapely.hausdorff_distance(original, again) <= 2 * step
        assert again.area == pytest.approx(original.area, rel=1e-3)


def test_a_commune_enclosed_by_another_shares_its_whole_ring() -> None:
    outer = shapely.Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (1, 2), (2, 2), (2, 1)]])
    inner = shapely.Polygon([(1, 1), (2, 1), (2, 2), (1, 2)])
    topology = encode([outer, inner], 0.5)
    assert len(topology.arcs) == 2  # the outer edge, and the hole's edge once for both
    assert [round(g.area, 6) for g in decode(topology)] == [15.0, 1.0]


def _figures(codes: list[str]) -> CountryFigures:
    return CountryFigures(
        title="% disbursed",
        no_data="no data",
        fills={c: "#1a9850" for c in codes},
        values={c: "38.0%" for c in codes},
    )


@pytest.mark.parametrize(("level", "limit"), [("province", 300_000), ("commune", 1_500_000)])
def test_each_layer_sends_little_and_nothing_from_a_cdn(level: str, limit: int) -> None:
    layer = province_layer() if level == "province" else commune_layer()
    html = map_html(national_map(layer, _figures(layer.codes), "<div>legend</div>"))
    assert len(html.encode("utf-8")) <= limit
    assert "cdn" not in html.lower() and "unpkg" not in html and "https://" not in html
    assert len(layer.codes) == (34 if level == "province" else 3321)


def test_a_click_finds_the_province_and_the_commune() -> None:
    provinces, communes = province_layer(), commune_layer()
    tam_thanh = (106.75, 21.85)
    found = provinces.at(*tam_thanh)
    assert found is not None and provinces.codes[found] == "20"
    found = communes.at(*tam_thanh)
    assert found is not None and communes.codes[found] == "05986"
    assert communes.province_codes[communes.province_of[found]] == "20"
    assert provinces.at(130.0, 10.0) is None  # out at sea, far from everything
    # The lines between provinces, kept once: every province's outline is among them.
    assert 0 < len(communes.borders) < len(communes.topology.arcs) / 2


def test_the_full_boundaries_of_a_province_are_written_once(tmp_path: Path) -> None:
    detail = province_detail("11")
    assert len(detail["codes"]) == 45
    topology = Topology(
        origin=tuple(detail["origin"]),
        step=detail["step"],
        arcs=detail["arcs"],
        features=detail["features"],
    )
    shapes = decode(topology)
    assert all(s.is_valid for s in shapes)
    assert install_detail(tmp_path) == 34 and detail_ready(tmp_path)
    assert install_detail(tmp_path) == 0  # up to date: nothing written again
    written = json.loads((tmp_path / "communes-20.json").read_text(encoding="utf-8"))
    assert len(written["codes"]) == 65


def test_the_province_map_says_figures_and_no_data(demo_store) -> None:
    entries = province_entries(demo_store, D(2025, 6, 30))
    figures = province_map_figures(entries, "central", D(2025, 6, 30), "vi")
    assert figures.labels == {"20": "Lạng Sơn 38,0%"}
    assert set(figures.fills) == {"20"}  # Điện Biên reported no money for 2025: grey
    assert "Điện Biên (11)" in figures.tips["11"] and "không có số liệu" in figures.tips["11"]
    assert "2.169,9 tỷ đồng" in figures.tips["20"]
    average = national_average(demo_store, D(2025, 6, 30))
    assert average_words(average, "central", "en") == (
        "National average (published, as of 2025-06-30): 32.5%"
    )
    assert average_words(average, "local", "en") is None  # published against the central plan
    assert [e.province_code for e in ranked(entries, "central")] == ["20", "11"]
    legend = country_legend(
        province_scale(entries, "central"), figures.title, "en", average, "central"
    )
    assert "32.5%" in legend and "no data" in legend
