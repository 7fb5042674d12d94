"""Figures over time and per commune, on the demo store: they add up to what the store holds."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from tracker.charts import monthly_disbursement, ranking_bars, s_curves
from tracker.commune_figures import (
    commune_summary,
    disbursement_scope,
    lagging_communes,
    project_commune_rows,
)
from tracker.geodata import commune_names
from tracker.series import clearance_history, disbursement_by_month
from tracker.summary import build_summary

AS_OF = dt.date(2025, 6, 30)


def test_clearance_path_carries_each_commune_forward(demo_store) -> None:
    history = clearance_history(demo_store, AS_OF, province_code="20", projects=["HNCL"])
    last = history.iloc[-1]
    assert last.report_date == AS_OF
    assert last.cleared_ha == pytest.approx(596.94)
    assert last.required_ha_basic == pytest.approx(497.45)
    assert last.required_ha_technical == pytest.approx(618.59)
    assert history.cleared_ha.is_monotonic_increasing
    # The technical design was revised on 2024-06-03: the baseline steps there, not before.
    before = history[history.report_date < dt.date(2024, 6, 3)]
    assert (
        before.required_ha_technical.isna().all() or (before.required_ha_technical < 618.59).all()
    )
    # On every date, the total is each commune's newest report on or before it.
    raw = demo_store.frame(
        "SELECT commune_code, report_date, CAST(cleared_ha AS DOUBLE PRECISION) AS ha "
        "FROM clearance_effective WHERE project_code = 'HNCL'"
    )
    for day in history.report_date.iloc[::10]:
        seen = raw[raw.report_date.dt.date <= day].sort_values("report_date")
        expected = seen.groupby("commune_code")["ha"].last().sum()
        got = history.loc[history.report_date == day, "cleared_ha"].iloc[0]
        assert got == pytest.approx(expected)


def test_a_communes_history_is_its_own(demo_store) -> None:
    cur = demo_store
    rows = project_commune_rows(cur, AS_OF, province_code="20", projects=["HNCL"])
    code = rows.commune_code.iloc[0]
    mine = clearance_history(cur, AS_OF, province_code="20", projects=["HNCL"], communes=[code])
    assert mine.iloc[-1].cleared_ha == pytest.approx(float(rows.cleared_ha.iloc[0]))


def test_monthly_disbursement_reaches_the_published_total(demo_store) -> None:
    months = disbursement_by_month(demo_store, AS_OF, province_code="20", projects=["LS-DTC"])
    june = months[months.month == dt.date(2025, 6, 1)]
    assert june.disbursed_vnd.sum() == 2_169_900_000_000
    assert list(months.month.unique()) == [dt.date(2025, m, 1) for m in range(1, 7)]


def test_commune_summary_and_ranking(demo_store) -> None:
    cur = demo_store
    rows = project_commune_rows(cur, AS_OF, province_code="20", projects=["HNCL", "DDTL"])
    summary = commune_summary(rows, clearance_baseline="technical", plan_baseline="central")
    assert (summary.remaining_ha.dropna() >= 0).all()
    assert summary.cleared_ha.sum() == pytest.approx(596.94 + 454.01)
    names = commune_names("20")
    worst = lagging_communes(summary, names, by="clearance_pct", count=3)
    assert list(worst.value) == sorted(summary.clearance_pct.dropna())[:3]
    most = lagging_communes(summary, names, by="remaining_ha", count=3)
    assert list(most.value) == sorted(summary.remaining_ha.dropna(), reverse=True)[:3]
    assert all(n.startswith(("Xã", "Phường")) for n in worst.name)
    chart = ranking_bars(worst, "% cleared", "%", "vi").to_dict()
    assert any("," in str(v) for v in chart["datasets"].values())  # 96,5% in Vietnamese


def test_disbursement_scope_prefers_selected_projects(demo_store) -> None:
    cur = demo_store
    summary = build_summary(cur, AS_OF, province_code="20", projects=["HNCL"])
    codes, totals = disbursement_scope(summary, ["HNCL"])
    assert codes == ["HNCL"]
    assert totals["central"]["disbursed_vnd"] == 552_600_000_000
    province = build_summary(cur, AS_OF, province_code="20")
    codes, totals = disbursement_scope(province, None)
    assert codes == []
    assert sum(v["disbursed_vnd"] or 0 for v in totals.values()) == 2_169_900_000_000


def test_charts_build_from_the_queries(demo_store) -> None:
    cur = demo_store
    history = clearance_history(cur, AS_OF, province_code="20", projects=["HNCL", "DDTL"])
    labels = {
        "cleared": "c",
        "basic": "b",
        "technical": "t",
        "ha": "ha",
        "date": "d",
        "project": "p",
    }
    charts = s_curves(history, labels, "en")
    assert [code for code, _ in charts] == ["DDTL", "HNCL"]
    for code, chart in charts:
        spec = chart.to_dict()
        assert "facet" not in spec and spec["mark"]["interpolate"] == "step-after"
        assert {r["project"] for r in spec["datasets"][spec["data"]["name"]]} == {code}
    months = disbursement_by_month(cur, AS_OF, province_code="20", projects=["LS-DTC"])
    plans = {"Central plan": 5_710_300_000_000.0}
    chart = monthly_disbursement(
        months, plans, {"central": "C", "local": "L"}, {"bn": "bn", "month": "m"}, "en"
    )
    text = str(chart.to_dict())
    assert "5,710.3" in text and "2,169.9" in text
    assert pd.Timestamp("2025-06-01").strftime("%m/%Y") in text


@pytest.mark.parametrize("baseline", ["technical", "basic"])
def test_only_communes_with_area_left_are_ranked_as_lagging(demo_store, baseline) -> None:
    rows = project_commune_rows(demo_store, AS_OF, province_code="20", projects=None)
    summary = commune_summary(rows, clearance_baseline=baseline, plan_baseline="central")
    names = commune_names("20")
    done = set(summary.index[summary.remaining_ha < 0.005])
    assert done  # communes where everything is handed over (120% of the basic design, say)
    remaining = lagging_communes(summary, names, by="remaining_ha", count=100)
    assert len(remaining) and (remaining.value >= 0.005).all()
    assert not set(remaining.code) & done
    least = lagging_communes(summary, names, by="clearance_pct", count=100)
    assert len(least) and (least.value < 100).all()
    assert not set(least.code) & done
