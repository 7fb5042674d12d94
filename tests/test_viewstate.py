"""View state in the URL: round trips, and invalid values dropped with a note."""

from __future__ import annotations

import pytest

from tracker.viewstate import ViewState, from_query, to_query


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"lang": "en"},
        {"province": "20", "project": ["HNCL", "DDTL"], "as_of": "2025-06-30", "lang": "en"},
        {"project": ["WF-AQ"], "as_of": "2025-01-27"},
    ],
)
def test_round_trip(query) -> None:
    parsed = from_query(query)
    assert parsed.dropped == []
    assert to_query(parsed.state) == query


def test_invalid_values_are_dropped_with_notes() -> None:
    parsed = from_query(
        {
            "lang": "fr",
            "as_of": "30/06/2025",
            "project": ["HNCL", "<script>", "NOPE"],
            "province": "99",
            "utm_source": "zalo",
        },
        known_projects=["HNCL", "DDTL"],
        known_provinces=["20"],
    )
    assert parsed.state == ViewState(projects=("HNCL",))
    assert sorted(d.name for d in parsed.dropped) == [
        "as_of",
        "lang",
        "project",
        "project",
        "province",
        "utm_source",
    ]
    note = next(d for d in parsed.dropped if d.name == "as_of")
    assert "YYYY-MM-DD" in note.message("en") and "30/06/2025" in note.message("vi")


def test_project_codes_are_normalised_and_deduplicated() -> None:
    parsed = from_query({"project": ["hncl", "HNCL"]})
    assert parsed.state.projects == ("HNCL",)
    assert parsed.state.as_of is None  # no date given: the app uses the latest report
