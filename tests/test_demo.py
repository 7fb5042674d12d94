"""The demo province reproduces the published figures and says what is synthetic."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from factories import D

from tracker.demo import catalogue as cat
from tracker.figures import clearance_by_commune, project_figures, province_figures
from tracker.geodata import load_communes
from tracker.summary import build_summary

AS_OF = D(2025, 6, 30)


def _project(store, code, as_of=AS_OF):
    return project_figures(store, as_of, projects=[code])[0]


@pytest.mark.parametrize(
    ("code", "cleared", "pct_basic", "pct_technical"),
    [("HNCL", "596.94", 120.0, 96.5), ("DDTL", "454.01", 125.0, 99.09)],
)
def test_expressway_totals_as_published(demo_store, code, cleared, pct_basic, pct_technical):
    c = _project(demo_store, code).clearance
    assert c.cleared_ha == Decimal(cleared)
    assert round(c.pct_basic, 2) == pct_basic
    assert round(c.pct_technical, 2) == pct_technical
    assert c.report_date == AS_OF
    assert c.is_synthetic


def test_province_disbursement_as_published(demo_store):
    province = province_figures(demo_store, AS_OF, "20")
    d = province.disbursement
    assert province.basis == "programmes"
    assert d.disbursed_vnd == 2_169_900_000_000
    assert round(d.pct_central_plan, 1) == 38.0
    assert round(d.pct_local_plan, 1) == 30.9
    year_before = province_figures(demo_store, D(2024, 6, 30), "20").disbursement
    assert round((d.disbursed_vnd / year_before.disbursed_vnd - 1) * 100, 1) == 8.2


def test_dien_bien_programme(demo_store):
    d = province_figures(demo_store, D(2024, 3, 28), "11").disbursement
    assert round(d.pct_central_plan, 2) == 18.58


def test_commune_split_is_real_communes_and_adds_up(demo_store):
    rows = clearance_by_commune(demo_store, AS_OF, projects=["HNCL"])
    lang_son = set(load_communes("20").code)
    assert set(rows.commune_code) <= lang_son
    assert 5 <= len(rows) <= 10  # HNCL crosses about 7 communes/wards
    assert sum(Decimal(repr(round(v, 4))) for v in rows.cleared_ha) == Decimal("596.94")
    assert sum(Decimal(repr(round(v, 4))) for v in rows.required_ha_basic) == Decimal("497.45")
    # Uneven pace: some communes lag well behind the project's 96.5%.
    assert rows.pct_technical.min() < 85 < 95 < rows.pct_technical.max()


def test_weekly_histories_are_monotone(demo_store):
    history = demo_store.frame(
        """SELECT project_code, commune_code, report_date, cleared_ha
           FROM clearance_effective ORDER BY 1, 2, 3"""
    )
    falls = history.groupby(["project_code", "commune_code"]).cleared_ha.diff() < 0
    assert not falls.any()
    hncl = history[history.project_code == "HNCL"]
    assert pd.Timestamp(hncl.report_date.min()).date() < D(2024, 2, 1)
    assert (pd.to_datetime(hncl.report_date).dt.day_of_week == 0).all()


def test_earlier_week_gives_smaller_figures(demo_store):
    january = _project(demo_store, "HNCL", D(2025, 1, 31)).clearance
    assert january.report_date == D(2025, 1, 27)
    assert 0 < january.cleared_ha < Decimal("596.94")
    june = _project(demo_store, "HNCL").clearance
    assert january.households_relocated <= june.households_relocated
    money = province_figures(demo_store, D(2025, 1, 31), "20").disbursement
    assert 0 < money.disbursed_vnd < 2_169_900_000_000


def test_everything_generated_is_flagged_synthetic(demo_store):
    unflagged = demo_store.row(
        """SELECT count(*) FROM clearance_reports c JOIN sources s USING (source_id)
           WHERE NOT s.is_synthetic"""
    )
    assert unflagged == (0,)
    geometry = demo_store.rows("SELECT DISTINCT provenance FROM project_geometries")
    assert geometry == [("indicative",)]


def test_every_demo_project_is_loaded_with_geometry(demo_store):
    codes = {r[0] for r in demo_store.rows("SELECT project_code FROM projects")}
    assert codes == {p.code for p in cat.PROJECTS}
    with_geometry = {r[0] for r in demo_store.rows("SELECT project_code FROM project_geometries")}
    assert {
        "HNCL",
        "DDTL",
        "WF-AQ",
        "WF-LB",
        "500KV-LSYT",
        "500KV-LSBG",
        "220KV-LSDM",
    } <= with_geometry


def test_summary_warns_about_the_unreconciled_denominators(demo_store):
    summary = build_summary(demo_store, AS_OF, province_code="20")
    kinds = [(w["kind"], w["project_code"]) for w in summary["warnings"]]
    assert kinds == [("denominator_mismatch", "DDTL"), ("denominator_mismatch", "HNCL")]
    text = " ".join(w["message"] for w in summary["warnings"])
    assert "578" in text and "379.72" in text


def test_demo_is_deterministic():
    from tracker.demo.build import build_demo_batch

    assert build_demo_batch().sha256 == build_demo_batch().sha256
