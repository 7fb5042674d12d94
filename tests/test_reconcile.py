"""Reconciliation: published figures that do not follow from the published or stored numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from factories import D, baseline, batch, clearance, project_row

from tracker.reconcile import reconcile, stated_tolerance
from tracker.uploads.batches import commit_batch

AS_OF = D(2025, 6, 30)


def _published(measure: str, value: str, project: str | None = "E", denominator: str | None = None):
    return {
        "province_code": "20",
        "project_code": project,
        "as_of": AS_OF,
        "measure": measure,
        "value": Decimal(value),
        "quote": f"{measure} {value}",
        "denominator": None if denominator is None else Decimal(denominator),
    }


def _expressway(store, *published) -> None:
    commit_batch(
        store,
        batch(
            {
                "projects": [project_row("E")],
                "required_areas": [
                    baseline("E", "05986", "basic", "200", D(2024, 1, 1)),
                    baseline("E", "06115", "basic", "297.45", D(2024, 1, 1)),
                    baseline("E", "05986", "technical", "300", D(2024, 1, 1)),
                    baseline("E", "06115", "technical", "318.59", D(2024, 1, 1)),
                ],
                "clearance_reports": [
                    clearance("E", "05986", AS_OF, "290"),
                    clearance("E", "06115", AS_OF, "306.94"),
                ],
                "published_figures": list(published),
            }
        ),
    )


@pytest.mark.parametrize(("value", "tolerance"), [("120", 0.5), ("96.5", 0.05), ("99.09", 0.005)])
def test_tolerance_is_half_the_last_published_digit(value: str, tolerance: float) -> None:
    assert stated_tolerance(Decimal(value)) == pytest.approx(tolerance)


def test_consistent_publication_gives_no_warning(store) -> None:
    _expressway(
        store,
        _published("cleared_ha", "596.94", denominator="497.45"),
        _published("pct_of_basic", "120"),
        _published("pct_of_technical", "96.5"),
    )
    assert reconcile(store, AS_OF) == []


def test_denominator_that_matches_no_baseline_nor_percentage_is_reported(store) -> None:
    _expressway(
        store,
        _published("cleared_ha", "596.94", denominator="578"),
        _published("pct_of_basic", "120"),
        _published("pct_of_technical", "96.5"),
    )
    findings = reconcile(store, AS_OF)
    assert [f.kind for f in findings] == ["denominator_mismatch"]
    finding = findings[0]
    assert finding.project_code == "E"
    assert "578 ha" in finding.message_en and "103.3%" in finding.message_en
    assert "120% of the basic design" in finding.message_en
    assert "497.45" in finding.message_en and "618.59" in finding.message_en
    assert "578" in finding.message_vi and "103,3%" in finding.message_vi
    assert finding.details["published_denominator"] == 578.0


def test_published_percentage_the_stored_numbers_do_not_give_is_reported(store) -> None:
    _expressway(store, _published("pct_of_basic", "125"))
    findings = reconcile(store, AS_OF)
    assert [f.kind for f in findings] == ["percent_mismatch"]
    assert findings[0].details["computed_pct"] == pytest.approx(120.0, abs=1e-3)


def test_published_total_different_from_stored_reports_is_reported(store) -> None:
    _expressway(store, _published("cleared_ha", "600.00"))
    findings = reconcile(store, AS_OF)
    assert [f.kind for f in findings] == ["value_differs"]
    assert "596.94" in findings[0].message_en


def test_figures_published_after_the_as_of_date_are_not_checked(store) -> None:
    _expressway(store, _published("pct_of_basic", "125"))
    assert reconcile(store, D(2025, 6, 29)) == []
