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


# -- Điện Biên, the second demo province ---------------------------------------------------------

DIEN_BIEN_DAY = D(2024, 3, 28)
NAMED_WORKS = ("DB-SCHOOL", "DB-STADIUM", "DB-RELICS", "DB-GUESTHOUSE")


def test_dien_bien_has_its_eighteen_projects_with_the_articles_names(demo_store):
    projects = demo_store.query("projects", province="11")
    works = projects[projects.kind != "programme"].set_index("project_code")
    assert len(works) == 18
    assert "Trường Tiểu học Hà Nội – Điện Biên Phủ" in works.loc["DB-SCHOOL"].name_vi
    assert works.loc["DB-GUESTHOUSE"].name_vi == "Dự án Nhà khách tỉnh"
    # Named ones come from the article; the others say their names are generic.
    assert not works.loc[list(NAMED_WORKS)].is_synthetic.any()
    generic = works.drop(list(NAMED_WORKS))
    assert generic.is_synthetic.all() and len(generic) == 14
    assert generic.name_en.str.contains("generic name").all()


def test_dien_bien_stages_on_the_articles_date(demo_store):
    from tracker.status import project_status, stage_counts

    status = project_status(demo_store, DIEN_BIEN_DAY, province_code="11").set_index("project_code")
    counts = stage_counts(status)
    assert counts["procurement"] == 5
    assert counts["implementation"] >= 6  # 5 urban renovation projects and the guest house
    assert sum(counts.values()) == 18
    works = status.loc[list(NAMED_WORKS)]
    assert (works.stage == "implementation").all()
    assert (works.physical_progress_pct >= 80).all()  # the demo's reading of "từ 80% trở lên"
    assert (works.planned_completion == D(2024, 5, 6)).all()  # before the anniversary, 07/05
    urban = status[status.planned_completion == D(2024, 4, 9)]  # "trước ngày 10/4/2024"
    assert len(urban) == 5 and (urban.stage == "implementation").all()
    assert status.is_synthetic.all() and not status.overdue.any()
    # Past their deadline with no report of completion, they are marked.
    later = project_status(demo_store, D(2024, 4, 15), projects=urban.index.tolist())
    assert later.overdue.all()


def test_dien_bien_reconciles_with_what_was_published(demo_store):
    summary = build_summary(demo_store, DIEN_BIEN_DAY, province_code="11")
    assert summary["pct_central_plan"] == 18.58
    assert summary["warnings"] == []
    quotes = demo_store.query_rows(
        "published_figures",
        as_of=DIEN_BIEN_DAY,
        province="11",
        projects=[],
        all_projects=True,
    )
    measures = sorted({row[3] for row in quotes})
    assert measures == [
        "pct_of_central_plan",
        "physical_progress_pct_min",
        "projects_in_procurement",
        "projects_started",
        "projects_total",
    ]


def test_a_status_that_contradicts_the_article_is_reported(demo_store):
    from tracker.uploads import commit_upload, prepare_upload

    content = (
        "\ufeffMã dự án;Ngày báo cáo;Giai đoạn;Khối lượng đã thực hiện (%);Ghi chú\r\n"
        "DB-UR06;28/03/2024;Đang thực hiện;5;ký hợp đồng sớm\r\n"
        "DB-GUESTHOUSE;28/03/2024;Đang thực hiện;70;đo lại khối lượng\r\n"
    ).encode()
    prepared = prepare_upload(demo_store, content, "sua.csv", user_name="officer")
    assert prepared.ok, [p.message("en") for p in prepared.errors]
    commit_upload(demo_store, prepared)
    warnings = build_summary(demo_store, DIEN_BIEN_DAY, province_code="11")["warnings"]
    kinds = sorted((w["kind"], w["project_code"]) for w in warnings)
    assert kinds == [("count_mismatch", None), ("progress_below_published", "DB-GUESTHOUSE")]
    text = " ".join(w["message"] for w in warnings)
    assert "published 5 projects in contractor selection" in text and "give 4" in text
    assert "70.0%" in text and "80%" in text


def test_the_other_projects_the_articles_name_are_in_the_demo(demo_store):
    projects = demo_store.query("projects", province="20").set_index("project_code")
    assert "Xuân Dương – Hữu Lân" in projects.loc["XD-HL"].name_vi
    assert {"XD-MACCA", "XD-FOREST"} <= set(projects.index)
    road = _project(demo_store, "XD-HL", D(2025, 7, 28)).clearance
    assert road is not None and road.cleared_ha == Decimal("3.20") and road.is_synthetic
