"""The weekly board brief and the exports, read back as their readers would: python-docx opens the
brief, the OC4IDS package passes its checks and its metrics equal ``summary``; both stores."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess

import pytest
from docx import Document

from tracker.blockers import blocker_log
from tracker.brief import gather, write_brief
from tracker.cli import main
from tracker.oc4ids import build_package, validate_package
from tracker.summary import build_summary
from tracker.uploads import commit_upload, prepare_upload
from tracker.viewstate import from_query

AS_OF = dt.date(2025, 6, 30)


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_the_brief_reads_back_with_the_screen_s_figures(demo_store, tmp_path) -> None:
    state = from_query({"province": "20", "as_of": "2025-06-30"}).state
    steps: list[float] = []
    data = write_brief(
        demo_store, gather(demo_store, state), progress=lambda share, _: steps.append(share)
    )
    assert steps[-1] == 1.0 and steps == sorted(steps)
    path = tmp_path / "brief.docx"
    path.write_bytes(data)
    document = Document(str(path))
    text = _text(document)
    assert "UBND TỈNH LẠNG SƠN" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Tính đến ngày 30/06/2025" in text
    assert "596,94" in text and "96,5%" in text and "120,0%" in text
    assert "2.169,9 tỷ đồng" in text and "32,5%" in text  # province-wide money, national average
    images = [r for r in document.part.rels.values() if "image" in r.reltype]
    assert len(images) == 1 and images[0].target_part.blob[:8] == b"\x89PNG\r\n\x1a\n"
    log = blocker_log(demo_store, AS_OF, province_code="20")
    for row in log[log.unresolved].itertuples():
        assert f"#{row.blocker_id}" in text and row.agency in text
        assert row.due_on.strftime("%d/%m/%Y") in text
    resolved = log[~log.unresolved]
    assert all(f"#{b}\n" not in text for b in resolved.blocker_id)
    assert "minh hoạ" in text  # the synthetic-data note and sources
    assert "30/09/2025" in text  # HNCL's forecast, against its handover deadline
    if shutil.which("libreoffice") and demo_store.engine == "duckdb":
        subprocess.run(
            ["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), path],
            check=True,
            capture_output=True,
            timeout=180,
        )
        assert (tmp_path / "brief.pdf").read_bytes()[:5] == b"%PDF-"


def test_the_brief_in_english_for_one_project(demo_store) -> None:
    state = from_query({"project": "HNCL", "as_of": "2025-06-30", "lang": "en"}).state
    text = _text(Document(io.BytesIO(write_brief(demo_store, gather(demo_store, state)))))
    assert "WEEKLY BRIEF" in text and "596.94" in text and "96.5%" in text
    assert "DDTL ·" not in text  # one project's table only


def test_the_oc4ids_package_validates_and_its_metrics_equal_summary(demo_store) -> None:
    state = from_query({"province": "20"}).state
    package = build_package(demo_store, state, AS_OF)
    assert validate_package(package) == []
    summary = build_summary(demo_store, AS_OF, province_code="20")
    projects = {p["id"]: p for p in package["projects"]}
    for entry in summary["projects"]:
        if entry["kind"] == "programme":
            continue
        project = projects[f"oc4ids-xxxxxx-{entry['project_code']}"]
        physical = next(m for m in project["metrics"] if m["id"] == "physicalProgress")
        as_of_rows = [o for o in physical["observations"] if o["dimensions"]["commune"] != "all"]
        cleared = sum(o["measure"] for o in as_of_rows if o["dimensions"]["quantity"] == "cleared")
        assert cleared == pytest.approx(entry["cleared_ha"] or 0, abs=1e-6)
        for code, key in (("TKCS", "required_ha_basic"), ("TKKT", "required_ha_technical")):
            required = [o["measure"] for o in as_of_rows if o["dimensions"].get("baseline") == code]
            if entry.get(key) is not None:
                assert sum(required) == pytest.approx(entry[key], abs=1e-6)
        weekly = [o for o in physical["observations"] if o["dimensions"]["commune"] == "all"]
        if weekly:
            assert weekly[-1]["measure"] == pytest.approx(entry["cleared_ha"], abs=1e-6)
        money = entry.get("disbursement")
        if money:
            financial = next(m for m in project["metrics"] if m["id"] == "financialProgress")
            latest: dict[str, int] = {}
            for o in financial["observations"]:
                latest[o["dimensions"]["capitalSource"]] = o["value"]["amount"]
            assert sum(latest.values()) == money["disbursed_vnd"]
            lines = project["budget"]["budgetBreakdowns"][0]["budgetBreakdown"]
            assert sum(line["amount"]["amount"] for line in lines) == money["plan_central_vnd"]
        if "forecast" in entry and entry["forecast"]["finish_date"]:
            [observation] = project["forecasts"][0]["observations"]
            assert observation["period"]["endDate"].startswith(entry["forecast"]["finish_date"])
    hncl = projects["oc4ids-xxxxxx-HNCL"]
    line = next(loc for loc in hncl["locations"] if "geometry" in loc)
    lon, lat = line["geometry"]["coordinates"][0]
    assert 106 < lon < 107.5 and 21 < lat < 22.5  # [longitude, latitude]
    gazetteer = next(loc for loc in hncl["locations"] if "gazetteer" in loc)["gazetteer"]
    assert "05986" in gazetteer["identifiers"]


def test_the_checks_catch_what_oc4ids_refuses(demo_store) -> None:
    package = build_package(demo_store, from_query({"province": "20"}).state, AS_OF)
    broken = json.loads(json.dumps(package))
    del broken["publisher"]
    project = broken["projects"][0]
    project["status"] = "ongoing"  # not in the closed codelist
    line = next(loc for loc in project["locations"] if "geometry" in loc)
    line["geometry"]["coordinates"] = [[lat, lon] for lon, lat in line["geometry"]["coordinates"]]
    problems = validate_package(broken)
    assert any("publisher" in p for p in problems)
    assert any("ongoing" in p for p in problems)
    assert any("[longitude, latitude]" in p for p in problems)


def test_export_as_a_link_says_and_neutralises_formulas(demo_db_file, tmp_path, capsys) -> None:
    db = tmp_path / "db.duckdb"
    db.write_bytes(demo_db_file.read_bytes())
    from tracker.store import open_store

    store = open_store(db)
    content = (
        "Mã dự án;Xã/phường;Ngày báo cáo;Diện tích đã bàn giao (ha);Ghi chú\r\n"
        'HNCL;Tam Thanh;07/07/2025;34,10;=HYPERLINK("http://x")\r\n'
    ).encode()
    prepared = prepare_upload(store, content, "w.csv", user_name="o", today=dt.date(2025, 7, 8))
    commit_upload(store, prepared)
    store.close()
    out = tmp_path / "view.csv"
    link = "http://127.0.0.1:8501/?project=HNCL&as_of=2025-07-07&blocker=open"
    assert main(["export", "--db", str(db), "--link", link, "-o", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";"))
    assert [r[1] for r in rows[1:]] == ["05983", "05986"]  # the communes with open blockers
    assert '\'=HYPERLINK("http://x")' in [r[11] for r in rows[1:]]
    json_out = tmp_path / "view.json"
    assert (
        main(["export", "--db", str(db), "--link", link, "--format", "json", "-o", str(json_out)])
        == 0
    )
    data = json.loads(json_out.read_text("utf-8"))
    assert data["view"]["blocker"] == "open" and data["forecasts"]["HNCL"]["status"]
    assert main(["export", "--db", str(db), "--link", "project=NOPE"]) == 2
    assert "NOPE" in capsys.readouterr().err
    docx = tmp_path / "brief.docx"
    assert (
        main(
            ["brief", "--db", str(db), "--province", "20", "--as-of", "2025-06-30", "-o", str(docx)]
        )
        == 0
    )
    assert "596,94" in _text(Document(str(docx)))
