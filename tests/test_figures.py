"""As-of figures: the value on a date, design baselines that change, corrections and undo."""

from __future__ import annotations

from decimal import Decimal

import pytest
from factories import D, baseline, batch, clearance, project_row

from tracker.figures import clearance_by_commune, project_figures, province_figures
from tracker.uploads.batches import commit_batch
from tracker.uploads.history import undo_upload, upload_history


@pytest.fixture
def weekly(store):
    """Project X in two communes, three weekly reports, a technical design revised mid-way."""
    commit_batch(
        store,
        batch(
            {
                "projects": [project_row("X")],
                "required_areas": [
                    baseline("X", "05986", "basic", "40", D(2024, 1, 1)),
                    baseline("X", "06115", "basic", "60", D(2024, 1, 1)),
                    baseline("X", "05986", "technical", "50", D(2024, 6, 1)),
                    baseline("X", "06115", "technical", "70", D(2024, 6, 1)),
                    baseline("X", "06115", "technical", "75", D(2025, 1, 6)),  # revised
                ],
                "clearance_reports": [
                    clearance("X", "05986", D(2024, 12, 23), "10", households_affected=30),
                    clearance("X", "06115", D(2024, 12, 23), "20"),
                    clearance("X", "05986", D(2024, 12, 30), "15"),
                    clearance("X", "06115", D(2024, 12, 30), "20"),
                    clearance("X", "05986", D(2025, 1, 6), "22.5"),
                    clearance("X", "06115", D(2025, 1, 6), "31.25"),
                ],
            },
            name="history.csv",
        ),
    )
    return store


def _x(store, as_of):
    return project_figures(store, as_of, projects=["X"])[0].clearance


def test_value_as_of_a_date_is_the_latest_report_on_or_before_it(weekly) -> None:
    assert _x(weekly, D(2025, 1, 6)).cleared_ha == Decimal("53.75")
    assert _x(weekly, D(2025, 1, 5)).cleared_ha == Decimal("35")  # the 30/12 week
    assert _x(weekly, D(2024, 12, 23)).cleared_ha == Decimal("30")
    assert _x(weekly, D(2025, 3, 1)).cleared_ha == Decimal("53.75")  # nothing newer: carried


def test_before_any_report_nothing_is_cleared(weekly) -> None:
    figures = _x(weekly, D(2024, 12, 1))
    assert figures.cleared_ha == 0
    assert figures.report_date is None
    assert figures.required_ha_basic == Decimal("100")


def test_change_since_previous_report(weekly) -> None:
    figures = _x(weekly, D(2025, 1, 6))
    assert figures.previous_report_date == D(2024, 12, 30)
    assert figures.change_ha == Decimal("18.75")
    per_commune = clearance_by_commune(weekly, D(2025, 1, 6), projects=["X"])
    changes = dict(zip(per_commune.commune_code, per_commune.change_ha, strict=True))
    assert changes == {"05986": Decimal("7.5"), "06115": Decimal("11.25")}


def test_baselines_in_force_follow_their_dates(weekly) -> None:
    before_technical = _x(weekly, D(2024, 5, 31))
    assert before_technical.required_ha_technical is None
    assert before_technical.pct_technical is None
    at_year_end = _x(weekly, D(2024, 12, 30))
    assert at_year_end.required_ha_technical == Decimal("120")
    assert at_year_end.pct_technical == pytest.approx(35 / 120 * 100)
    revised = _x(weekly, D(2025, 1, 6))
    assert revised.required_ha_technical == Decimal("125")
    assert revised.pct_basic == pytest.approx(53.75)  # 53.75 of 100 ha
    assert revised.pct_technical == pytest.approx(43.0)  # 53.75 of 125 ha


def test_households_affected_carry_forward_from_the_last_report_that_gave_them(weekly) -> None:
    assert _x(weekly, D(2025, 1, 6)).households_affected == 30


def test_clearance_above_basic_design_is_kept_not_capped(store) -> None:
    commit_batch(
        store,
        batch(
            {
                "projects": [project_row("Y")],
                "required_areas": [baseline("Y", "05986", "basic", "10", D(2024, 1, 1))],
                "clearance_reports": [clearance("Y", "05986", D(2025, 1, 6), "12")],
            }
        ),
    )
    figures = project_figures(store, D(2025, 1, 6), projects=["Y"])[0].clearance
    assert figures.pct_basic == pytest.approx(120.0)
    assert figures.remaining_ha("basic") == 0


def test_corrected_upload_supersedes_and_undo_restores(weekly) -> None:
    correction = batch(
        {"clearance_reports": [clearance("X", "05986", D(2025, 1, 6), "24.5", note="re-measured")]},
        name="correction.csv",
    )
    upload_id = commit_batch(weekly, correction)
    assert _x(weekly, D(2025, 1, 6)).cleared_ha == Decimal("55.75")
    # History keeps both rows.
    rows = weekly.row(
        "SELECT count(*) FROM clearance_reports WHERE commune_code = '05986' "
        "AND report_date = DATE '2025-01-06'"
    )
    assert rows == (2,)
    undo_upload(weekly, upload_id, "admin")
    assert _x(weekly, D(2025, 1, 6)).cleared_ha == Decimal("53.75")
    history = upload_history(weekly)
    assert dict(zip(history.upload_id, history.status, strict=True)) == {
        upload_id: "undone",
        upload_id - 1: "committed",
    }


def _money(code: str, src: str, when, vnd: int) -> dict[str, object]:
    return {
        "project_code": code,
        "plan_year": when.year,
        "capital_source": src,
        "report_date": when,
        "disbursed_vnd": vnd,
    }


def _plan(code: str, src: str, which: str, vnd: int, year: int = 2025) -> dict[str, object]:
    return {
        "project_code": code,
        "plan_year": year,
        "capital_source": src,
        "plan_baseline": which,
        "plan_vnd": vnd,
        "effective_from": D(year, 1, 1),
    }


@pytest.fixture
def money(store):
    commit_batch(
        store,
        batch(
            {
                "projects": [project_row("P", kind="programme"), project_row("Z")],
                "disbursement_plans": [
                    _plan("P", "central", "central_assigned", 600),
                    _plan("P", "local", "central_assigned", 400),
                    _plan("P", "central", "local_deployed", 600),
                    _plan("P", "local", "local_deployed", 650),
                    _plan("Z", "central", "central_assigned", 100),
                ],
                "disbursement_reports": [
                    _money("P", "central", D(2025, 5, 31), 150),
                    _money("P", "local", D(2025, 5, 31), 100),
                    _money("P", "central", D(2025, 6, 30), 240),
                    _money("P", "local", D(2025, 6, 30), 140),
                    _money("P", "central", D(2024, 12, 31), 999),  # last year's plan: not counted
                    _money("Z", "central", D(2025, 6, 30), 50),
                ],
            },
            kind="disbursement",
        ),
    )
    return store


def test_province_wide_disbursement_uses_programmes_not_project_sum(money) -> None:
    province = province_figures(money, D(2025, 6, 30), "20")
    assert province.basis == "programmes"
    d = province.disbursement
    assert d.disbursed_vnd == 380
    assert d.pct_central_plan == pytest.approx(38.0)
    assert d.pct_local_plan == pytest.approx(380 / 1250 * 100)
    assert d.change_vnd == 130
    assert province.by_source["central"].pct_central_plan == pytest.approx(40.0)
    assert province.by_source["local"].pct_local_plan == pytest.approx(140 / 650 * 100)


def test_disbursement_as_of_an_earlier_date_and_year(money) -> None:
    may = province_figures(money, D(2025, 6, 29), "20").disbursement
    assert may.disbursed_vnd == 250
    january = province_figures(money, D(2025, 1, 31), "20").disbursement
    assert january.disbursed_vnd == 0  # the 2024 report belongs to the 2024 plan


def test_per_project_disbursement(money) -> None:
    z = project_figures(money, D(2025, 6, 30), projects=["Z"])[0]
    assert z.disbursement.disbursed_vnd == 50
    assert z.disbursement.pct_central_plan == pytest.approx(50.0)
    assert z.disbursement.pct_local_plan is None
