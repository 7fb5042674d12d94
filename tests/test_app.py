"""The Streamlit script run headless with query parameters, as a shared link opens it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def app_db(demo_db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    db = tmp_path / "app.duckdb"
    db.write_bytes(demo_db_file.read_bytes())
    monkeypatch.setenv("TRACKER_DB", str(db))
    st.cache_resource.clear()
    yield db
    st.cache_resource.clear()


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


def test_shared_link_shows_hncl_in_english(app_db: Path) -> None:
    at = _open({"project": "HNCL", "as_of": "2025-06-30", "lang": "en"})
    assert not at.exception
    metrics = _metrics(at)
    assert metrics["Handed over"] == ["596.94 ha"]
    assert metrics["% basic design"] == ["120.0%"]
    assert metrics["% technical design"] == ["96.5%"]
    assert metrics["% of centrally assigned plan"] == ["38.0%"]
    assert metrics["% of locally deployed plan"] == ["30.9%"]
    assert metrics["National average"] == ["32.5%"]
    warnings = " ".join(w.value for w in at.warning)
    assert "578" in warnings  # the unreconciled published denominator is shown
    assert "synthetic" in warnings
    table = at.dataframe[0].value
    assert set(table["Project"]) == {"HNCL"}


def test_vietnamese_by_default_with_local_number_format(app_db: Path) -> None:
    at = _open({"as_of": "2025-06-30"})
    assert not at.exception
    metrics = _metrics(at)
    assert "596,94 ha" in metrics["Đã bàn giao"]
    assert "454,01 ha" in metrics["Đã bàn giao"]
    assert metrics["Đã giải ngân (tỷ đồng)"] == ["2.169,9"]


def test_invalid_link_values_are_dropped_with_a_note(app_db: Path) -> None:
    at = _open({"project": ["HNCL", "NOPE"], "as_of": "yesterday", "lang": "xx", "foo": "1"})
    assert not at.exception
    note = " ".join(i.value for i in at.info).replace("\\", "")  # Markdown escapes
    for name in ("project", "as_of", "lang", "foo"):
        assert name in note
    assert _metrics(at)["Đã bàn giao"] == ["596,94 ha"]  # latest report: still HNCL 30/06/2025
    assert at.query_params["project"] in ("HNCL", ["HNCL"])
    assert "foo" not in at.query_params


def test_earlier_date_and_language_switch(app_db: Path) -> None:
    at = _open({"project": "HNCL", "as_of": "2025-01-27"})
    cleared = _metrics(at)["Đã bàn giao"][0]
    assert cleared != "596,94 ha"
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception
    assert at.query_params["lang"] in ("en", ["en"])
    assert _metrics(at)["Handed over"][0].replace(",", "") == cleared.replace(".", "").replace(
        ",", "."
    )
