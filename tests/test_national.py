"""The country as of a date: provinces, the published national average, figures by kind, and
``summary --province all``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from factories import D

from tracker.national import figures_by_kind, national_average, national_summary

REPO = Path(__file__).resolve().parent.parent


def _summary(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tracker", "summary", "--province", "all", *args, "--db", str(db)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ),
        check=False,
    )


def _provinces(data: dict) -> dict[str, dict]:
    return {p["province_code"]: p for p in data["provinces"]}


def test_the_country_on_the_dien_bien_articles_date(demo_store) -> None:
    data = national_summary(demo_store, D(2024, 3, 28))
    dien_bien = _provinces(data)["11"]
    assert dien_bien["province_name"] == "Điện Biên"
    assert dien_bien["pct_central_plan"] == 18.58
    assert dien_bien["projects"] == 18
    assert dien_bien["projects_by_status"]["procurement"] == 5
    assert dien_bien["projects_by_status"]["implementation"] >= 6
    assert data["national_average"] is None  # none published for 2024
    assert data["warnings"] == []


def test_the_country_on_30_june_2025(demo_store) -> None:
    data = national_summary(demo_store, D(2025, 6, 30))
    lang_son, dien_bien = _provinces(data)["20"], _provinces(data)["11"]
    assert lang_son["pct_central_plan"] == 38.0 and lang_son["pct_local_plan"] == 30.9
    assert lang_son["disbursed_vnd"] == 2_169_900_000_000
    # Điện Biên reported no money for 2025: no figure at all, never a zero.
    assert dien_bien["disbursed_vnd"] is None and dien_bien["pct_central_plan"] is None
    assert data["national_avg_pct"] == 32.5
    average = data["national_average"]
    assert average["as_of"] == "2025-06-30" and average["plan"] == "central"
    assert "32,5%" in average["quote"]
    assert average["source"]["title"].startswith("Lạng Sơn bứt tốc")
    assert average["source"]["published_on"] == "2025-07-03"
    assert {w["kind"] for w in data["warnings"]} == {"denominator_mismatch"}


def test_the_national_average_is_only_that_of_its_year(demo_store) -> None:
    assert national_average(demo_store, D(2025, 6, 29)) is None  # published as of 30/06
    assert national_average(demo_store, D(2025, 12, 31)).pct == 32.5
    assert national_average(demo_store, D(2026, 3, 31)) is None


def test_cleared_area_and_disbursement_by_kind(demo_store) -> None:
    frame = figures_by_kind(demo_store, D(2025, 6, 30)).set_index("kind")
    assert frame.loc["expressway", "projects"] == 2
    assert frame.loc["expressway", "cleared_ha"] == pytest.approx(596.94 + 454.01)
    assert frame.loc["expressway", "disbursed_vnd"] == 552_600_000_000 + 141_300_000_000 + (
        318_700_000_000 + 96_400_000_000
    )
    assert frame.loc["programme", "disbursed_vnd"] == 2_169_900_000_000
    assert frame.loc["programme", "pct_central_plan"] == pytest.approx(38.0, abs=0.05)
    other = frame.loc["other"]
    assert other.projects == 21  # Điện Biên's 18 and Xuân Dương's three
    assert frame.loc["wind_farm", "disbursed_vnd"] != frame.loc["wind_farm", "disbursed_vnd"]


def test_summary_for_all_provinces_on_the_command_line(demo_db_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    db.write_bytes(demo_db_file.read_bytes())
    done = _summary("--as-of", "2024-03-28", "--json", db=db)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    dien_bien = _provinces(data)["11"]
    assert set(dien_bien) >= {
        "province_code",
        "province_name",
        "disbursed_vnd",
        "pct_central_plan",
        "pct_local_plan",
        "projects",
        "projects_by_status",
    }
    assert dien_bien["pct_central_plan"] == 18.58 and dien_bien["projects"] == 18
    assert dien_bien["projects_by_status"]["procurement"] == 5
    assert dien_bien["projects_by_status"]["implementation"] >= 6
    assert "national_avg_pct" in data and "national_average" in data
    text = _summary("--as-of", "2025-06-30", db=db).stdout
    assert "Điện Biên: không có số liệu" in text
    assert "Bình quân cả nước: 32,5%" in text and "2.169,9 tỷ đồng" in text
