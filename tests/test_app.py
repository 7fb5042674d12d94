"""The Streamlit script run headless with query parameters, as a shared link opens it, and with
widget changes, as a board member uses it. (Clicking the map needs a browser: test_browser.py.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parent.parent


def _open(query: dict[str, str | list[str]]) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _metrics(at: AppTest) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for metric in at.metric:
        found.setdefault(metric.label, []).append(metric.value)
    return found


def _query(at: AppTest) -> dict[str, list[str]]:
    return {k: [v] if isinstance(v, str) else list(v) for k, v in at.query_params.items()}


def _infos(at: AppTest) -> str:
    return " ".join(i.value for i in at.info).replace("\\", "")  # Markdown escapes


def _stored_total(db: Path, day: str) -> float:
    """Each project's and commune's newest clearance report on or before ``day``, added up."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(
            "SELECT sum(cleared_ha)::DOUBLE FROM (SELECT cleared_ha FROM clearance_effective "
            "WHERE report_date <= ?::DATE QUALIFY row_number() OVER "
            "(PARTITION BY project_code, commune_code ORDER BY report_date DESC) = 1)",
            [day],
        ).fetchone()
    assert row is not None
    return float(row[0])


def _table(at: AppTest, column: str, *, also: str | None = None):
    """The first table on the page with ``column`` (and ``also``, when given)."""
    return next(
        d.value
        for d in at.dataframe
        if column in d.value.columns and (also is None or also in d.value.columns)
    )


def test_shared_link_shows_hncl_in_english(app_db: Path) -> None:
    at = _open({"project": "HNCL", "baseline": "TKKT", "as_of": "2025-06-30", "lang": "en"})
    assert not at.exception
    metrics = _metrics(at)
    assert metrics["Handed over"] == ["596.94 ha"]
    assert metrics["% basic design"] == ["120.0%"]
    assert metrics["% technical design"] == ["96.5%"]
    assert metrics["Remaining (TKKT)"] == ["21.65 ha"]  # 618.59 - 596.94
    assert metrics["% of centrally assigned plan"] == ["38.0%"]
    assert metrics["% of locally deployed plan"] == ["30.9%"]
    assert metrics["National average"] == ["32.5%"]
    warnings = " ".join(w.value for w in at.warning)
    assert "578" in warnings  # the unreconciled published denominator is shown
    assert "synthetic" in warnings
    table = _table(at, "Commune", also="Handed over (ha)")
    assert set(table["Project"]) == {"HNCL"} and len(table) == 7
    assert [t.label for t in at.tabs] == ["Map", "Blockers", "Upload"]
    # A link that already says what is shown is left as typed.
    assert _query(at)["baseline"] == ["TKKT"]


def test_vietnamese_by_default_with_local_number_format(app_db: Path, demo_db_file: Path) -> None:
    at = _open({"as_of": "2025-06-30"})
    assert not at.exception
    metrics = _metrics(at)
    assert metrics["Đã giải ngân (tỷ đồng)"] == ["2.169,9"]
    total = _stored_total(demo_db_file, "2025-06-30")  # every project's clearance, added up
    assert metrics["Đã bàn giao"] == [
        f"{total:,.2f} ha".replace(",", "_").replace(".", ",").replace("_", ".")
    ]
    kpis = _table(at, "Tên")
    hncl = kpis[kpis["Dự án"] == "HNCL"].iloc[0]
    assert hncl["Đã bàn giao (ha)"] == "596,94" and hncl["% TKKT"] == "96,5%"
    assert kpis[kpis["Dự án"] == "DDTL"].iloc[0]["% TKCS"] == "125,0%"
    assert [t.label for t in at.tabs] == ["Bản đồ", "Vướng mắc", "Tải lên"]
    assert "30/06/2025" in " ".join(c.value for c in at.caption)


def test_invalid_link_values_are_dropped_with_a_note(app_db: Path) -> None:
    at = _open(
        {
            "project": ["HNCL", "NOPE"],
            "as_of": "yesterday",
            "lang": "xx",
            "foo": "1",
            "metric": "speed",
            "baseline": "TKXX",
            "commune": "99999",
            "selected": "<script>",
            "kind": "rocket",
        }
    )
    assert not at.exception
    note = _infos(at)
    for name in ("project", "as_of", "lang", "foo", "metric", "baseline", "commune", "selected"):
        assert name in note
    assert "<script>" not in " ".join(m.value for m in at.markdown)
    assert _metrics(at)["Đã bàn giao"] == ["596,94 ha"]  # latest report: still HNCL 30/06/2025
    assert _query(at) == {"project": ["HNCL"]}


def _cleared_text(db: Path, code: str, day: dt.date) -> str:
    """A project's cleared area on ``day`` as the page writes it in Vietnamese, from the store."""
    from tracker.figures import project_figures
    from tracker.i18n import format_number
    from tracker.store import open_store

    store = open_store(db)
    try:
        figures = project_figures(store, day, projects=[code])[0].clearance
    finally:
        store.close()
    assert figures is not None
    return f"{format_number(figures.cleared_ha, 'vi')} ha"


def test_earlier_date_and_language_switch(app_db: Path) -> None:
    expected = _cleared_text(app_db, "HNCL", dt.date(2025, 1, 27))
    at = _open({"project": "HNCL", "as_of": "2025-01-27"})
    cleared = _metrics(at)["Đã bàn giao"][0]
    assert cleared == expected and expected != "596,94 ha"
    at.sidebar.radio(key="w_lang").set_value("en").run()
    assert not at.exception
    assert _query(at)["lang"] == ["en"]
    assert _query(at)["as_of"] == ["2025-01-27"]
    assert _metrics(at)["Handed over"][0].replace(",", "") == cleared.replace(".", "").replace(
        ",", "."
    )


def test_moving_the_week_replays_the_figures(app_db: Path) -> None:
    at = _open({"project": "HNCL", "as_of": "2025-06-30"})
    slider = at.select_slider(key="w_as_of")
    assert slider.value == dt.date(2025, 6, 30)
    slider.set_value(dt.date(2025, 6, 23)).run()
    assert not at.exception
    assert _query(at)["as_of"] == ["2025-06-23"]
    assert _metrics(at)["Đã bàn giao"] == ["590,97 ha"]


def test_a_date_between_reports_shows_the_report_before(app_db: Path) -> None:
    at = _open({"project": "HNCL", "as_of": "2025-06-29"})
    assert "23/06/2025" in _infos(at) and "29/06/2025" in _infos(at)
    assert _metrics(at)["Đã bàn giao"] == ["590,97 ha"]
    assert _query(at)["as_of"] == ["2025-06-23"]


def test_metric_and_baseline_go_to_the_link(app_db: Path) -> None:
    at = _open({"project": "HNCL", "as_of": "2025-06-30", "lang": "en"})
    at.sidebar.radio(key="w_baseline").set_value("TKCS").run()
    assert _query(at)["baseline"] == ["TKCS"]
    assert _metrics(at)["Remaining (TKCS)"] == ["0.00 ha"]  # 120% of the basic design
    at.sidebar.radio(key="w_metric").set_value("disbursement_pct").run()
    assert not at.exception
    assert at.sidebar.radio(key="w_baseline").options == [
        "Centrally assigned plan",
        "Locally deployed plan",
    ]
    query = _query(at)
    assert query["metric"] == ["disbursement_pct"] and "baseline" not in query


def test_commune_filter_narrows_the_kpis(app_db: Path) -> None:
    full = _open({"project": "HNCL", "as_of": "2025-06-30", "lang": "en"})
    rows = _table(full, "Commune", also="Handed over (ha)")
    first = rows.iloc[0]
    code = first["Commune"][-6:-1]
    at = _open({"project": "HNCL", "as_of": "2025-06-30", "lang": "en", "commune": code})
    assert not at.exception
    assert _metrics(at)["Handed over"] == [f"{first['Handed over (ha)']} ha"]
    assert list(_table(at, "Commune", also="Handed over (ha)")["Commune"]) == [first["Commune"]]


def test_selected_commune_opens_its_detail(app_db: Path) -> None:
    at = _open({"project": "HNCL", "as_of": "2025-06-30", "lang": "en", "selected": "06607"})
    assert not at.exception
    headings = " ".join(m.value for m in at.markdown)
    assert "Xuân Dương (06607)" in headings
    assert any(
        "No selected project crosses" in i.value for i in at.info
    )  # HNCL does not cross Xuân Dương
    at = _open({"project": "500KV-LSYT", "as_of": "2025-06-30", "lang": "en", "selected": "06607"})
    detail = next(
        d.value
        for d in at.dataframe
        if "Basic design (ha)" in d.value.columns and len(d.value.columns) == 9
    )
    assert list(detail["Project"]) == ["500KV-LSYT"]
    at.button(key="close_detail").click().run()
    assert "selected" not in _query(at)


def test_kind_filter_limits_the_projects(app_db: Path) -> None:
    at = _open({"kind": "wind_farm", "as_of": "2025-06-30", "lang": "en"})
    assert not at.exception
    assert at.sidebar.multiselect(key="w_projects").options == ["WF-AQ", "WF-LB"]
    assert set(_table(at, "Commune", also="Handed over (ha)")["Project"]) == {"WF-AQ", "WF-LB"}
    at = _open({"kind": "wind_farm", "project": "HNCL"})
    assert "project" in _infos(at)
