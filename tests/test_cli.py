"""The command line, run as a user would: a real process on a real database file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.store import read_migrations
from tracker.uploads.templates import CLEARANCE_COLUMNS

REPO = Path(__file__).resolve().parent.parent


def run(
    *args: str, db: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args, "--db", str(db)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_summary_json_on_the_demo(demo_db_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    db.write_bytes(demo_db_file.read_bytes())
    out = run("summary", "--as-of", "2025-06-30", "--json", db=db)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    projects = {p["project_code"]: p for p in data["projects"]}
    assert projects["HNCL"]["cleared_ha"] == 596.94
    assert projects["HNCL"]["pct_basic"] == 120.0
    assert projects["HNCL"]["pct_technical"] == 96.5
    assert projects["DDTL"]["cleared_ha"] == 454.01
    assert projects["DDTL"]["pct_basic"] == 125.0
    assert projects["DDTL"]["pct_technical"] == 99.09
    assert data["disbursed_vnd"] == 2_169_900_000_000
    assert data["pct_central_plan"] == 38.0
    assert data["pct_local_plan"] == 30.9
    assert data["national_avg_pct"] == 32.5
    warned = " ".join(w["message"] for w in data["warnings"])
    assert "578" in warned and "379.72" in warned

    earlier = json.loads(run("summary", "--as-of", "2025-01-31", "--json", db=db).stdout)
    hncl_then = next(p for p in earlier["projects"] if p["project_code"] == "HNCL")
    assert hncl_then["report_date"] == "2025-01-27"
    assert hncl_then["cleared_ha"] < 596.94
    assert earlier["disbursed_vnd"] < data["disbursed_vnd"]


def test_first_run_loads_the_demo_and_text_summary_is_vietnamese(tmp_path: Path) -> None:
    db = tmp_path / "first.duckdb"
    out = run("summary", "--as-of", "2025-06-30", db=db)
    assert out.returncode == 0, out.stderr
    assert "demo" in out.stderr
    assert "596,94 ha" in out.stdout and "30/06/2025" in out.stdout
    assert "2.169,9 tỷ đồng" in out.stdout
    again = run("summary", "--as-of", "2025-06-30", db=db)
    assert "demo" not in again.stderr  # loaded once only


def test_init_without_demo_then_undo_and_history(tmp_path: Path) -> None:
    db = tmp_path / "admin.duckdb"
    init = run("init", db=db, env={"TRACKER_DEMO": "off"})
    latest = read_migrations()[-1].name
    assert init.returncode == 0 and latest in init.stdout
    assert run("init", "--demo", db=db).returncode == 0
    listing = json.loads(run("uploads", "--json", db=db).stdout)
    assert [(u["upload_id"], u["status"], u["kind"]) for u in listing] == [(1, "committed", "demo")]
    assert run("undo", "1", "--user", "admin", db=db).returncode == 0
    after = json.loads(run("summary", "--as-of", "2025-06-30", "--json", db=db).stdout)
    assert after["projects"] == [] and after["disbursed_vnd"] is None
    listing = json.loads(run("uploads", "--json", db=db).stdout)
    assert listing[0]["status"] == "undone" and listing[0]["status_by"] == "admin"
    twice = run("undo", "1", db=db)
    assert twice.returncode == 2 and "already undone" not in twice.stderr  # Vietnamese by default
    assert "đã được hoàn tác" in twice.stderr


def test_bad_date_is_a_clear_usage_error(tmp_path: Path) -> None:
    out = run("summary", "--as-of", "30/06/2025", db=tmp_path / "x.duckdb")
    assert out.returncode == 2
    assert "YYYY-MM-DD" in out.stderr


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_template_is_written_with_vietnamese_headers(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"gpmb{suffix}"
    out = run("template", "clearance", "-o", str(target), db=tmp_path / "x.duckdb")
    assert out.returncode == 0, out.stderr
    if suffix == ".csv":
        text = target.read_bytes().decode("utf-8-sig")
        assert text.splitlines()[0].split(";") == [c.header_vi for c in CLEARANCE_COLUMNS]
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(target).worksheets[0]
        assert [c.value for c in sheet[1]] == [c.header_vi for c in CLEARANCE_COLUMNS]


def test_every_command_has_help(tmp_path: Path) -> None:
    for command in ("init", "summary", "template", "import", "uploads", "undo", "layouts"):
        out = run(command, "--help", db=tmp_path / "x.duckdb")
        assert out.returncode == 0 and "--db" in out.stdout, command


def test_import_of_office_forms_with_a_saved_layout(demo_db_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "forms.duckdb"
    db.write_bytes(demo_db_file.read_bytes())
    forms = REPO / "tests" / "data" / "forms"
    wrong = run("import", str(forms / "gpmb_hncl_wrong_total.csv"), "--lang", "en", db=db)
    assert wrong.returncode == 2
    assert "ERROR row 11 [E (Đã bàn giao mặt bằng (ha))]" in wrong.stderr
    assert "605.30" in wrong.stderr and "601.30" in wrong.stderr

    first = run(
        "import",
        str(forms / "gpmb_hncl.xls"),
        "--save-layout",
        "Biểu 01 BQL",
        "--user",
        "officer",
        "--lang",
        "en",
        db=db,
    )
    assert first.returncode == 0, first.stderr
    assert "Read as a form, recognised automatically" in first.stderr
    assert "header: 8–9; column numbering: 10; total: 11; data: 12–18" in first.stderr
    assert "K «Kinh phí bồi thường (triệu đồng) › Đã chi trả» → compensation_paid_vnd" in (
        first.stderr
    )
    assert "Layout 'Biểu 01 BQL v1' saved." in first.stderr
    assert "7 rows: 7 new" in first.stdout

    listed = run("layouts", db=db)
    assert "Biểu 01 BQL" in listed.stdout and "v1" in listed.stdout and "officer" in listed.stdout

    again = run("import", str(forms / "gpmb_hncl.ods"), "--layout", "Biểu 01 BQL", db=db)
    assert again.returncode == 0, again.stderr
    assert "theo cách đọc 'Biểu 01 BQL v1'" in again.stderr
    assert "7 unchanged" in again.stdout

    unknown = run("import", str(forms / "gpmb_hncl.ods"), "--layout", "Không có", db=db)
    assert unknown.returncode == 2 and "Biểu 01 BQL" in unknown.stderr
