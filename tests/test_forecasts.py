"""Forecasts from the recent pace: regression, range, deadline, required pace and the reasons
given instead of a forecast, on both stores."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import baseline, batch, clearance, project_row

from tracker.forecasts import MIN_REPORTS, disbursement_forecast, fit_pace, view_forecasts
from tracker.summary import build_summary
from tracker.uploads.batches import commit_batch

D = dt.date
AS_OF = D(2025, 6, 30)


def test_a_straight_path_gives_its_slope_and_noise_widens_the_range() -> None:
    days = [D(2025, 5, 5) + dt.timedelta(weeks=k) for k in range(6)]
    exact = fit_pace(days, [10 + 2.5 * k for k in range(6)])
    assert exact.per_day * 7 == pytest.approx(2.5)
    assert exact.low_per_day == pytest.approx(exact.high_per_day)
    noisy = fit_pace(days, [10, 12.0, 15.5, 17.0, 20.5, 22.0])
    assert noisy.low_per_day < noisy.per_day < noisy.high_per_day
    with pytest.raises(ValueError):
        fit_pace(days[:2], [1.0, 2.0])


def test_hncl_as_of_30_june_has_a_date_a_range_and_the_pace_the_deadline_needs(
    demo_store,
) -> None:
    summary = build_summary(demo_store, AS_OF, province_code="20", projects=["HNCL"])
    hncl = summary["projects"][0]
    forecast = hncl["forecast"]
    assert forecast["status"] == "forecast" and forecast["baseline"] == "technical"
    assert forecast["reports_used"] == 8
    earliest, latest = forecast["finish_range"]
    assert earliest <= forecast["finish_date"] <= latest
    assert forecast["finish_date"] > AS_OF.isoformat()
    low, high = forecast["pace_range_ha_per_week"]
    assert low < forecast["pace_ha_per_week"] < high
    # The province's (synthetic) handover deadline, moved to 30/09/2025 on 09/06/2025.
    assert (forecast["deadline"], forecast["deadline_kind"]) == ("2025-09-30", "handover")
    weeks = (D(2025, 9, 30) - AS_OF).days / 7
    assert forecast["required_ha_per_week"] == pytest.approx(21.65 / weeks, abs=0.01)
    assert forecast["required_ratio"] == pytest.approx(
        forecast["required_ha_per_week"] / forecast["pace_ha_per_week"], abs=0.01
    )
    # Its two lagging wards still have open blockers, and crawl: a straight line is optimistic.
    assert forecast["blocked_communes"] == ["05983", "05986"]
    assert forecast["open_blockers_in_remaining_communes"] == 2
    assert forecast["remaining_communes_late"] and forecast["at_risk"]
    # Against the basic design HNCL is done.
    basic = build_summary(
        demo_store, AS_OF, province_code="20", projects=["HNCL"], baseline="basic"
    )
    assert basic["projects"][0]["forecast"]["status"] == "done"
    # The page and the brief draw their own forecasts: their summary computes none.
    plain = build_summary(
        demo_store, AS_OF, province_code="20", projects=["HNCL"], with_forecasts=False
    )
    assert "forecast" not in plain["projects"][0]
    assert plain["projects"][0]["cleared_ha"] == hncl["cleared_ha"]


def test_fewer_than_three_reports_and_no_deadline_give_reasons(store) -> None:
    commit_batch(
        store,
        batch(
            {
                "projects": [project_row("NEW1"), project_row("FLAT")],
                "required_areas": [
                    baseline("NEW1", "05986", "technical", "10", D(2025, 1, 6)),
                    baseline("FLAT", "05986", "technical", "10", D(2025, 1, 6)),
                ],
                "clearance_reports": [
                    clearance("NEW1", "05986", D(2025, 6, 23), "2"),
                    clearance("NEW1", "05986", D(2025, 6, 30), "3"),
                    *[
                        clearance("FLAT", "05986", D(2025, 6, 2) + dt.timedelta(weeks=k), "4")
                        for k in range(MIN_REPORTS + 1)
                    ],
                ],
            },
            kind="projects",
        ),
    )
    projects, _ = view_forecasts(
        store, AS_OF, province_code="20", projects=None, baseline="technical"
    )
    by_code = {f.project_code: f for f in projects}
    assert by_code["NEW1"].status == "too_few_reports" and by_code["NEW1"].reports == 2
    assert by_code["NEW1"].finish is None and by_code["NEW1"].pace is None
    flat = by_code["FLAT"]
    assert flat.status == "no_progress" and flat.finish is None
    assert flat.deadline is None and flat.required_per_week is None  # no planned completion


def test_disbursement_is_projected_to_the_year_end(demo_store) -> None:
    forecast = disbursement_forecast(demo_store, AS_OF, province_code="20", projects=None)
    assert forecast is not None and forecast.status == "forecast" and forecast.reports == 6
    assert forecast.disbursed_vnd == 2_169_900_000_000
    assert forecast.year_end_low_vnd <= forecast.year_end_vnd <= forecast.year_end_high_vnd
    assert forecast.year_end_vnd > forecast.disbursed_vnd
    assert forecast.pct("central") == pytest.approx(forecast.year_end_vnd / 5_710_300_000_000 * 100)
    early = disbursement_forecast(demo_store, D(2025, 2, 28), province_code="20", projects=None)
    assert early is not None and early.status == "too_few_reports" and early.reports == 2
