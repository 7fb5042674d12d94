"""The national view run headless with the link's parameters, and its filters used as a person
would (the map's clicks need a browser: test_browser_national.py)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest
from test_app import _query

REPO = Path(__file__).resolve().parent.parent


def _open(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_country_on_30_june_2025(app_db: Path) -> None:
    at = _open({"scope": "national", "as_of": "2025-06-30", "lang": "en"})
    assert not at.exception
    metrics = _metrics(at)
    assert metrics["National average"] == "32.5%"
    assert metrics["Provinces reporting"] == "1 / 34"
    ranking = next(d.value for d in at.dataframe if "Rank" in d.value.columns)
    assert ranking["Province"].tolist() == ["Lạng Sơn", "Điện Biên"]
    first, second = ranking.iloc[0], ranking.iloc[1]
    assert first["% of centrally assigned plan"] == "38.0%" and first["Rank"] == "1"
    assert second["% of centrally assigned plan"] == "no data" and second["Rank"] == "–"
    assert "province=20&as_of=2025-06-30&lang=en" in first["Open its communes"]
    captions = " ".join(c.value for c in at.caption)
    assert "is a published figure, as of 2025-06-30" in captions
    kinds = next(d.value for d in at.dataframe if "Project kind" in d.value.columns)
    assert kinds.set_index("Project kind").loc["Expressway", "Handed over (ha)"] == "1,050.95"
    assert _query(at) == {"scope": ["national"], "as_of": ["2025-06-30"], "lang": ["en"]}


def test_against_the_local_plan_the_average_is_not_drawn(app_db: Path) -> None:
    at = _open({"scope": "national", "as_of": "2025-06-30", "lang": "en", "baseline": "local"})
    assert not at.exception
    ranking = next(d.value for d in at.dataframe if "Rank" in d.value.columns)
    assert ranking.iloc[0]["% of locally deployed plan"] == "30.9%"
    captions = " ".join(c.value for c in at.caption)
    assert "not drawn against the locally deployed plan" in captions


def test_the_filters_write_the_link(app_db: Path) -> None:
    at = _open({"scope": "national", "as_of": "2024-03-28", "lang": "en"})
    assert not at.exception
    ranking = next(d.value for d in at.dataframe if "Rank" in d.value.columns)
    dien_bien = ranking.set_index("Province").loc["Điện Biên"]
    assert dien_bien["% of centrally assigned plan"] == "18.58%"
    assert "Contractor selection 5" in dien_bien["Projects by stage"]
    at.sidebar.radio(key="w_level").set_value("commune").run()
    assert not at.exception
    assert _query(at)["level"] == ["commune"]
    at.sidebar.radio(key="w_scope").set_value("province").run()
    assert not at.exception
    query = _query(at)
    assert "scope" not in query and "level" not in query
    assert any("Lạng Sơn" in h.value for h in at.header)


def test_an_unknown_scope_is_dropped_with_a_note(app_db: Path) -> None:
    at = _open({"scope": "world", "lang": "en"})
    assert not at.exception
    notes = " ".join(i.value for i in at.info).replace("\\", "")
    assert "scope='world'" in notes and "province or national" in notes
