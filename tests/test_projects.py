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
from tracker.errors import InputError, StoreError
from tracker.figures import clearance_by_commune, projects_in_scope
from tracker.projects import ProjectSpec, add_project, proposal_csv, propose_required_areas
from tracker.uploads import undo_upload, upload_history
from tracker.uploads.prepare import commit_upload, prepare_upload

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
    stored = demo_store.row(
        "SELECT geometry_wkb, provenance FROM project_geometries WHERE project_code = 'TEST-1'"
    )
    assert shapely.from_wkb(stored[0]).equals_exact(alignment.geometry, 1e-9)
    assert stored[1] == "surveyed"
    assert demo_store.row(
        "SELECT kind, user_name FROM uploads WHERE upload_id = ?", [upload_id]
    ) == ("alignment", "officer")

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
    rows = clearance_by_commune(demo_store, D(2025, 8, 4), projects=["TEST-1"])
    assert sorted(rows.commune_code) == sorted(proposal.code)
    assert rows.required_ha_basic.sum() == pytest.approx(proposal.corridor_ha.round(2).sum())


def test_names_are_stored_verbatim_and_codes_checked(demo_store) -> None:
    add_project(demo_store, _spec("XSS-1", HOSTILE), user_name="officer")
    name = demo_store.row("SELECT name_vi FROM projects WHERE project_code = 'XSS-1'")
    assert name == (HOSTILE,)
    for bad in (_spec("HNCL"), _spec("bad code"), _spec("X", name=" ")):
        with pytest.raises(InputError):
            add_project(demo_store, bad, user_name="officer")


def test_an_undone_registration_frees_its_code(demo_store, tmp_path: Path) -> None:
    first = add_project(demo_store, _spec(), user_name="officer", alignment=_alignment(tmp_path))
    undo_upload(demo_store, first, "officer", "wrong province")
    assert "TEST-1" not in projects_in_scope(demo_store, "20", None)
    again = add_project(demo_store, _spec(name="Đường thử nghiệm (đăng ký lại)"), user_name="b")
    live = demo_store.query_row("live_project", project="TEST-1")
    assert live is not None and live[2] == again
    catalogue = demo_store.query("projects", province="20")
    registered = catalogue[catalogue.project_code == "TEST-1"]
    assert registered.name_vi.tolist() == ["Đường thử nghiệm (đăng ký lại)"]
    # The geometry went with the first registration: the new one has none yet.
    assert registered.geometry_provenance.isna().all()


def test_a_registration_with_reports_on_it_cannot_be_undone(demo_store, tmp_path: Path) -> None:
    registration = add_project(demo_store, _spec(), user_name="officer")
    content = (
        "Mã dự án;Xã/phường;Ngày báo cáo;Diện tích đã bàn giao (ha);Diện tích theo TKCS (ha)\r\n"
        "TEST-1;Tam Thanh;04/08/2025;1,5;4\r\n"
    ).encode()
    prepared = prepare_upload(
        demo_store, content, "w.csv", user_name="officer", today=D(2025, 8, 5)
    )
    report = commit_upload(demo_store, prepared)
    with pytest.raises(StoreError) as refused:
        undo_upload(demo_store, registration, "officer")
    assert f"TEST-1: #{report}" in refused.value.en and f"TEST-1: #{report}" in refused.value.vi
    assert "Undo those uploads first" in refused.value.en
    assert "TEST-1" in projects_in_scope(demo_store, "20", None)  # nothing changed
    undo_upload(demo_store, report, "officer")
    undo_upload(demo_store, registration, "officer")
    assert "TEST-1" not in projects_in_scope(demo_store, "20", None)
    statuses = upload_history(demo_store).set_index("upload_id").status
    assert statuses[registration] == statuses[report] == "undone"
