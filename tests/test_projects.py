"""Registering a project from its alignment file, and the per-commune table it proposes."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from factories import D
from pyproj import Geod
from shapely.geometry import LineString

from tracker.alignments import read_alignment
from tracker.errors import InputError
from tracker.figures import clearance_by_commune
from tracker.ingest import commit_upload, prepare_upload
from tracker.projects import ProjectSpec, add_project, proposal_csv, propose_required_areas

HOSTILE = "<img src=x onerror=alert(1)>"


def _alignment(tmp_path: Path):
    path = tmp_path / "tuyen.geojson"
    line = LineString([(106.70, 21.80), (106.76, 21.84), (106.80, 21.90)])  # through Lạng Sơn city
    gpd.GeoDataFrame({"ten": ["tuyến"]}, geometry=[line], crs=4326).to_file(path)
    return read_alignment(path, province_code="20")


def _spec(code: str = "TEST-1", name: str = "Đường thử nghiệm") -> ProjectSpec:
    return ProjectSpec(
        code=code,
        name_vi=name,
        name_en="Test road",
        kind="other",
        province_code="20",
        started_on=D(2025, 8, 1),
    )


def test_register_with_alignment_and_upload_the_proposal(demo_store, tmp_path: Path) -> None:
    alignment = _alignment(tmp_path)
    upload_id = add_project(demo_store, _spec(), user_name="officer", alignment=alignment)
    stored = (
        demo_store.cursor()
        .execute(
            "SELECT geometry_wkb, provenance FROM project_geometries WHERE project_code = 'TEST-1'"
        )
        .fetchone()
    )
    assert shapely.from_wkb(stored[0]).equals_exact(alignment.geometry, 1e-9)
    assert stored[1] == "surveyed"
    assert demo_store.cursor().execute(
        "SELECT kind, user_name FROM uploads WHERE upload_id = ?", [upload_id]
    ).fetchone() == ("alignment", "officer")

    proposal = propose_required_areas(alignment, "20", corridor_width_m=40)
    assert len(proposal) >= 3
    total_km = proposal.length_km.sum()
    geodesic_km = Geod(ellps="WGS84").geometry_length(alignment.geometry) / 1000
    assert total_km == pytest.approx(geodesic_km, rel=0.005)
    assert proposal.corridor_ha.sum() == pytest.approx(total_km * 1000 * 40 / 1e4, rel=0.02)

    content = proposal_csv("TEST-1", proposal, D(2025, 8, 4))
    prepared = prepare_upload(
        demo_store, content, "de_xuat.csv", user_name="officer", today=D(2025, 8, 5)
    )
    assert prepared.ok, [e.message("en") for e in prepared.errors]
    commit_upload(demo_store, prepared)
    rows = clearance_by_commune(demo_store.cursor(), D(2025, 8, 4), projects=["TEST-1"])
    assert sorted(rows.commune_code) == sorted(proposal.code)
    assert rows.required_ha_basic.sum() == pytest.approx(proposal.corridor_ha.round(2).sum())


def test_names_are_stored_verbatim_and_codes_checked(demo_store) -> None:
    add_project(demo_store, _spec("XSS-1", HOSTILE), user_name="officer")
    name = (
        demo_store.cursor()
        .execute("SELECT name_vi FROM projects WHERE project_code = 'XSS-1'")
        .fetchone()
    )
    assert name == (HOSTILE,)
    for bad in (_spec("HNCL"), _spec("bad code"), _spec("X", name=" ")):
        with pytest.raises(InputError):
            add_project(demo_store, bad, user_name="officer")
