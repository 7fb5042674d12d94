"""View state in the URL: round trips, and invalid values dropped with a note."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.viewstate import (
    BASEMAPS,
    BLOCKER_FILTERS,
    LEVELS,
    METRICS,
    SCOPES,
    ViewState,
    baselines_for,
    from_query,
    province_link,
    to_query,
)
from tracker.vocabulary import BLOCKER_CATEGORIES, PROJECT_KINDS


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


def test_every_parameter_round_trips() -> None:
    query = {
        "province": "20",
        "kind": "expressway",
        "project": ["HNCL", "DDTL"],
        "commune": ["06607", "06001"],
        "as_of": "2025-06-30",
        "metric": "disbursement_pct",
        "baseline": "local",
        "lang": "en",
        "selected": "06607",
        "basemap": "osm",
        "blocker": "open",
        "category": "compensation_price",
        "level": "commune",
    }
    parsed = from_query(query)
    assert parsed.dropped == []
    assert to_query(parsed.state) == query
    assert parsed.state.plan_baseline == "local"


def test_baseline_follows_the_metric() -> None:
    clearance = from_query({"baseline": "TKCS"}).state
    assert clearance.clearance_baseline == "basic" and clearance.plan_baseline == "central"
    assert from_query({}).state.clearance_baseline == "technical"
    # The metric's default baseline is left out of links; another metric's baseline is dropped.
    assert to_query(from_query({"baseline": "TKKT"}).state) == {}
    parsed = from_query({"metric": "disbursement_pct", "baseline": "TKKT"})
    assert [d.name for d in parsed.dropped] == ["baseline"]
    assert parsed.state.plan_baseline == "central"


def test_communes_kinds_and_single_values_are_checked() -> None:
    parsed = from_query(
        {
            "commune": ["06607", "6607", "99999", "06607"],
            "selected": ["06001", "06004"],
            "kind": "expressway",
            "project": ["HNCL", "WF-AQ"],
            "as_of": ["2025-06-30", "2025-07-07"],
            "metric": "speed",
            "basemap": "google",
        },
        known_projects={"HNCL": "expressway", "WF-AQ": "wind_farm"},
        known_communes=["06607", "06001", "06004"],
    )
    assert parsed.state.communes == ("06607",)
    assert parsed.state.selected == "06001"
    assert parsed.state.projects == ("HNCL",)
    assert parsed.state.as_of.isoformat() == "2025-06-30"
    assert parsed.state.metric == "clearance_pct" and parsed.state.basemap == "none"
    dropped = sorted((d.name, d.value) for d in parsed.dropped)
    assert dropped == [
        ("as_of", "2025-07-07"),
        ("basemap", "google"),
        ("commune", "6607"),
        ("commune", "99999"),
        ("metric", "speed"),
        ("project", "WF-AQ"),
        ("selected", "06004"),
    ]


def test_blocker_filters_are_checked() -> None:
    parsed = from_query({"blocker": ["open", "overdue"], "category": "landslide"})
    assert parsed.state.blocker == "open" and parsed.state.category is None
    assert sorted((d.name, d.value) for d in parsed.dropped) == [
        ("blocker", "overdue"),
        ("category", "landslide"),
    ]
    assert to_query(from_query({"blocker": "overdue", "category": "graves"}).state) == {
        "blocker": "overdue",
        "category": "graves",
    }


def test_the_national_view_colours_provinces_by_disbursement_by_default() -> None:
    query = {"scope": "national", "as_of": "2025-06-30", "lang": "en"}
    parsed = from_query(query)
    assert parsed.dropped == []
    state = parsed.state
    assert (state.scope, state.level, state.metric) == ("national", "province", "disbursement_pct")
    assert state.plan_baseline == "central"
    assert to_query(state) == query
    local = from_query({"scope": "national", "baseline": "local", "level": "commune"}).state
    assert local.plan_baseline == "local" and local.level == "commune"
    # In a province, disbursement is a metric to ask for; in the country it is the default.
    assert to_query(from_query({"metric": "disbursement_pct"}).state) == {
        "metric": "disbursement_pct"
    }
    assert to_query(from_query({"scope": "national", "metric": "clearance_pct"}).state) == {
        "scope": "national",
        "metric": "clearance_pct",
    }


def test_unknown_scopes_and_levels_are_dropped_with_a_note() -> None:
    parsed = from_query({"scope": "world", "level": "district"})
    assert (parsed.state.scope, parsed.state.level) == ("province", "province")
    assert sorted(d.name for d in parsed.dropped) == ["level", "scope"]
    note = next(d for d in parsed.dropped if d.name == "scope")
    assert "province or national" in note.message("en")


def test_a_province_clicked_in_the_country_opens_its_communes() -> None:
    national = from_query(
        {"scope": "national", "as_of": "2025-06-30", "lang": "en", "baseline": "local"}
    ).state
    opened = province_link(national, "20")
    assert to_query(opened) == {"province": "20", "as_of": "2025-06-30", "lang": "en"}


def test_impossible_dates_are_dropped() -> None:
    for value in ("2025-02-30", "2025-6-30", "20250630"):
        parsed = from_query({"as_of": value})
        assert parsed.state.as_of is None
        assert [d.name for d in parsed.dropped] == ["as_of"]


_codes = st.from_regex(r"[A-Z0-9][A-Z0-9_-]{0,8}", fullmatch=True)
_communes = st.from_regex(r"\d{5}", fullmatch=True)


@st.composite
def _states(draw: st.DrawFn) -> ViewState:
    metric = draw(st.sampled_from(METRICS))
    return ViewState(
        province=draw(st.none() | st.from_regex(r"\d{2}", fullmatch=True)),
        kind=draw(st.none() | st.sampled_from(PROJECT_KINDS)),
        projects=tuple(draw(st.lists(_codes, max_size=3, unique=True))),
        communes=tuple(draw(st.lists(_communes, max_size=3, unique=True))),
        as_of=draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))),
        metric=metric,
        baseline=draw(st.none() | st.sampled_from(baselines_for(metric)[1:])),
        lang=draw(st.sampled_from(("vi", "en"))),
        selected=draw(st.none() | _communes),
        basemap=draw(st.sampled_from(BASEMAPS)),
        blocker=draw(st.none() | st.sampled_from(BLOCKER_FILTERS)),
        category=draw(st.none() | st.sampled_from(BLOCKER_CATEGORIES)),
        scope=draw(st.sampled_from(SCOPES)),
        level=draw(st.sampled_from(LEVELS)),
    )


@given(_states())
def test_any_state_survives_its_link(state: ViewState) -> None:
    query = to_query(state)
    parsed = from_query(query)
    assert parsed.dropped == []
    assert parsed.state == state
    assert to_query(parsed.state) == query
