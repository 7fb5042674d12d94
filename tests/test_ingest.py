"""Weekly uploads end to end on the demo province: real-looking files, all-or-nothing, undo."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from factories import D

from tracker.figures import clearance_by_commune, project_figures, province_figures
from tracker.store import Store
from tracker.uploads.history import undo_upload, upload_history
from tracker.uploads.prepare import UploadRefused, commit_upload, prepare_upload

DATA = Path(__file__).parent / "data" / "uploads"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
TODAY = D(2025, 8, 5)
TABLES = (
    "uploads",
    "upload_events",
    "sources",
    "projects",
    "project_geometries",
    "required_areas",
    "clearance_reports",
    "disbursement_plans",
    "disbursement_reports",
    "published_figures",
)


def snapshot(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order: 'the database content'."""
    return {
        t: sorted(repr(row) for row in store.frame(f"SELECT * FROM {t}").itertuples(index=False))
        for t in TABLES
    }


def prepare(store: Store, name: str, **kwargs):
    return prepare_upload(
        store, (DATA / name).read_bytes(), name, user_name="officer", today=TODAY, **kwargs
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_outcome(demo_store: Store, name: str) -> None:
    expected = EXPECTED[name]
    before = snapshot(demo_store)
    prepared = prepare(demo_store, name)
    assert prepared.kind == expected["kind"]
    got = [[e.row, e.column, e.code] for e in prepared.errors]
    assert got == expected["errors"]
    assert prepared.ok is expected["ok"]
    for code in expected.get("notices", []):
        assert code in {n.code for n in prepared.notices}
    assert snapshot(demo_store) == before  # preparing never writes
    if not expected["ok"]:
        with pytest.raises(UploadRefused):
            commit_upload(demo_store, prepared)
        assert snapshot(demo_store) == before  # a refused file writes nothing at all
        return
    assert (
        prepared.row_count,
        prepared.rows_new,
        prepared.rows_changed,
        prepared.rows_unchanged,
    ) == (expected["rows"], expected["new"], expected["changed"], expected["unchanged"])
    upload_id = commit_upload(demo_store, prepared)
    history = upload_history(demo_store)
    row = history[history.upload_id == upload_id].iloc[0]
    assert (row.kind, row.file_name, row.user_name, row.status) == (
        expected["kind"],
        name,
        "officer",
        "committed",
    )
    assert row.sha256 == prepared.sha256 and row.row_count == expected["rows"]
    if "communes" in expected:
        stored = demo_store.rows(
            """SELECT commune_code FROM clearance_reports
                   WHERE upload_id = ? ORDER BY source_row""",
            [upload_id],
        )
        assert [r[0] for r in stored] == expected["communes"]


def test_every_error_names_row_column_value_and_reason_in_both_languages(demo_store) -> None:
    prepared = prepare(demo_store, "05_clearance_errors.csv")
    by_row = {e.row: e for e in prepared.errors}
    assert by_row[7].value == "-5" and "âm" in by_row[7].message_vi
    assert "negative" in by_row[7].message_en
    assert "06613" in by_row[5].message_en and "06625" in by_row[5].message_vi
    assert "63,74" in by_row[10].message_vi and "Ghi chú" in by_row[10].message_vi
    assert "row 2" in by_row[9].message_en


def test_values_as_written_by_excel_are_read_exactly(demo_store) -> None:
    upload_id = commit_upload(demo_store, prepare(demo_store, "01_clearance_week_utf8_bom.csv"))
    rows = demo_store.rows(
        """SELECT commune_as_written, cleared_ha, households_relocated, compensation_paid_vnd
           FROM clearance_reports WHERE upload_id = ? ORDER BY source_row""",
        [upload_id],
    )
    assert rows[2][0] == "xã Chi Lăng" and float(rows[2][1]) == 171.05
    assert rows[0][2:] == (138, 212_500_000_000)
    assert float(rows[3][1]) == 133.2


JULY_7 = D(2025, 7, 7)


def _hncl(store: Store, day: dt.date = JULY_7):
    return project_figures(store, day, projects=["HNCL"])[0].clearance


def test_import_reimport_correction_and_undo_through_the_figures(demo_store) -> None:
    before = _hncl(demo_store)
    first = commit_upload(demo_store, prepare(demo_store, "01_clearance_week_utf8_bom.csv"))
    after = _hncl(demo_store)
    assert after.report_date == D(2025, 7, 7)
    assert float(after.cleared_ha) == pytest.approx(
        64.10 + 33.87 + 171.05 + 133.2 + 81.90 + 82.56 + 34.10
    )
    assert after.cleared_ha > before.cleared_ha

    # The same file again is recognised and changes nothing.
    state = snapshot(demo_store)
    again = prepare(demo_store, "01_clearance_week_utf8_bom.csv")
    assert again.duplicate_of == first
    assert commit_upload(demo_store, again) == first
    assert snapshot(demo_store) == state

    # A corrected file for the same week supersedes one commune's figure; history keeps both.
    corrected = (
        (DATA / "01_clearance_week_utf8_bom.csv").read_bytes().replace(b"171,05 ha", b"171,45 ha")
    )
    fix = prepare_upload(demo_store, corrected, "tuan28_sua.csv", user_name="officer", today=TODAY)
    assert (fix.rows_new, fix.rows_changed, fix.rows_unchanged) == (0, 1, 6)
    assert [m.text("en") for m in fix.movements][:1] == ["HNCL · Xã Chi Lăng +1.60 ha"]
    second = commit_upload(demo_store, fix)
    assert float(_hncl(demo_store).cleared_ha) == pytest.approx(float(after.cleared_ha) + 0.40)
    both = demo_store.row(
        """SELECT count(*) FROM clearance_reports
           WHERE project_code = 'HNCL' AND commune_code = '06463'
             AND report_date = DATE '2025-07-07'"""
    )
    assert both == (2,)

    # Undo the correction: back to the first file's figures; undo the first: back to before.
    undo_upload(demo_store, second, "admin")
    assert _hncl(demo_store).cleared_ha == after.cleared_ha
    undo_upload(demo_store, first, "admin")
    assert _hncl(demo_store) == before
    statuses = dict(
        zip(upload_history(demo_store).upload_id, upload_history(demo_store).status, strict=True)
    )
    assert statuses[first] == statuses[second] == "undone"


def test_disbursement_upload_moves_province_figures(demo_store) -> None:
    commit_upload(demo_store, prepare(demo_store, "04_disbursement_vi.csv"))
    july = province_figures(demo_store, D(2025, 7, 31), "20")
    assert july.disbursement.disbursed_vnd == 1_517_300_000_000 + 1_012_450_000_000
    assert july.by_source["local"].plan_local_vnd == 3_650_000_000_000  # the revised plan
    assert july.by_source["local"].plan_central_vnd == 2_284_100_000_000  # unchanged
    june = province_figures(demo_store, D(2025, 6, 30), "20")
    assert june.disbursement.disbursed_vnd == 2_169_900_000_000  # the past is unchanged


def test_old_names_resolve_by_report_date(demo_store) -> None:
    commit_upload(demo_store, prepare(demo_store, "02_clearance_cp1258_old_names.csv"))
    rows = clearance_by_commune(demo_store, D(2025, 7, 7), projects=["DDTL"])
    week = rows[rows.report_date == "2025-07-07"]
    assert set(week.commune_code) == {"06040", "06046", "06124", "06154", "06172"}


def test_kind_is_told_by_headers_and_wrong_kind_is_refused(demo_store) -> None:
    prepared = prepare(demo_store, "04_disbursement_vi.csv", kind="clearance")
    assert not prepared.ok
    assert {e.code for e in prepared.errors} == {"missing_column"}


def test_baseline_change_in_an_upload_is_dated(demo_store) -> None:
    content = (
        "\ufeffMã dự án;Xã/phường;Ngày báo cáo;Diện tích đã bàn giao (ha);"
        "Diện tích theo TKKT (ha);Ghi chú\r\n"
        "HNCL;Tam Thanh;07/07/2025;34,00;40,00;Điều chỉnh TKKT\r\n"
    ).encode()
    commit_upload(
        demo_store,
        prepare_upload(demo_store, content, "tkkt.csv", user_name="officer", today=TODAY),
    )
    rows = clearance_by_commune(demo_store, D(2025, 7, 7), projects=["HNCL"])
    assert rows.set_index("commune_code").loc["05986", "required_ha_technical"] == 40.0
    earlier = clearance_by_commune(demo_store, D(2025, 7, 6), projects=["HNCL"])
    assert earlier.set_index("commune_code").loc["05986", "required_ha_technical"] != 40.0


def _clearance_file(*rows: str, header: str = "") -> bytes:
    header = header or (
        "Mã dự án;Xã/phường;Ngày báo cáo;Diện tích đã bàn giao (ha);"
        "Kinh phí bồi thường (đồng);Ghi chú"
    )
    return ("\ufeff" + "\r\n".join([header, *rows]) + "\r\n").encode()


def test_a_fall_is_found_whatever_the_row_order(demo_store) -> None:
    content = _clearance_file(
        "HNCL;Tam Thanh;21/07/2025;36,00;;",
        "HNCL;Chi Lăng;14/07/2025;172,00;;",
        "HNCL;Tam Thanh;14/07/2025;37,00;;",  # above the week after it, in the same file
        "HNCL;Chi Lăng;07/07/2025;171,50;;",
    )
    prepared = prepare_upload(demo_store, content, "tuan.csv", user_name="officer", today=TODAY)
    assert [(e.row, e.code) for e in prepared.errors] == [(2, "cumulative_fall")]
    assert "37,00 (14/07/2025) xuống 36,00" in prepared.errors[0].message_vi


def test_a_past_week_filled_in_above_a_later_stored_week_is_a_fall(demo_store) -> None:
    commit_upload(demo_store, prepare(demo_store, "01_clearance_week_utf8_bom.csv"))
    content = _clearance_file("HNCL;Chi Lăng;03/07/2025;180,00;;")  # stored 07/07: 171,05
    prepared = prepare_upload(demo_store, content, "bu.csv", user_name="officer", today=TODAY)
    assert [e.code for e in prepared.errors] == ["cumulative_fall"]
    assert "180.00 to 171.05 (2025-07-07)" in prepared.errors[0].message_en


def test_english_thousands_are_not_taken_for_decimals(demo_store) -> None:
    # "1,550" alone could be 1.55 or 1550: only "34.50" tells the file writes decimal dots.
    content = "\r\n".join(
        [
            "project_code,commune,report_date,cleared_ha",
            "HNCL,Tam Thanh,2025-07-07,34.50",
            'HNCL,Chi Lang,2025-07-07,"1,550"',
            'HNCL,Nhan Ly,2025-07-07,"1,200"',
        ]
    ).encode()
    prepared = prepare_upload(demo_store, content, "en.csv", user_name="officer", today=TODAY)
    assert prepared.ok, prepared.errors
    assert prepared.tables["clearance_reports"].cleared_ha.tolist() == [34.5, 1550.0, 1200.0]


def test_numbers_too_large_to_store_are_refused(demo_store) -> None:
    content = _clearance_file(
        "HNCL;Tam Thanh;07/07/2025;99999999999;;", f"HNCL;Chi Lăng;07/07/2025;171;9{'0' * 20};"
    )
    prepared = prepare_upload(demo_store, content, "big.csv", user_name="officer", today=TODAY)
    assert [(e.row, e.code) for e in prepared.errors] == [(2, "too_large"), (3, "too_large")]
    assert "9.999.999.999,9999" in prepared.errors[0].message_vi
    assert "at most 9,007,199,254,740,992" in prepared.errors[1].message_en


def test_a_cell_with_a_unit_only_is_empty(demo_store) -> None:
    prepared = prepare_upload(
        demo_store,
        _clearance_file("HNCL;Tam Thanh;07/07/2025;ha;;"),
        "u.csv",
        user_name="officer",
        today=TODAY,
    )
    assert [(e.row, e.code, e.value) for e in prepared.errors] == [(2, "required", "ha")]


def test_amounts_in_billions_are_refused_with_the_unit_rule(demo_store) -> None:
    prepared = prepare_upload(
        demo_store,
        _clearance_file("HNCL;Tam Thanh;07/07/2025;35;2,5 tỷ;"),
        "t.csv",
        user_name="officer",
        today=TODAY,
    )
    assert [(e.code, e.value) for e in prepared.errors] == [("unit_mismatch", "2,5 tỷ")]


def test_a_note_over_the_limit_is_said_to_be_too_long_without_echoing_it(demo_store) -> None:
    note = "Hộ ông A chưa nhận tiền bồi thường, " * 80  # 2,880 characters
    prepared = prepare_upload(
        demo_store,
        _clearance_file(f"HNCL;Tam Thanh;07/07/2025;35;;{note}"),
        "n.csv",
        user_name="officer",
        today=TODAY,
    )
    [error] = prepared.errors
    assert (error.row, error.code, error.column) == (2, "too_long", "Ghi chú")
    assert error.value == note.strip()[:40] + "…"
    assert "2.000 ký tự" in error.message_vi and "2,000 characters" in error.message_en
    assert "2879" in error.message_en  # how long it is
    assert note.strip() not in error.message_vi and "unit" not in error.message_en


def test_prepared_tables_commit_as_arrow_and_read_back_exactly(demo_store) -> None:
    prepared = prepare(demo_store, "01_clearance_week_utf8_bom.csv")
    frame = prepared.tables["clearance_reports"]
    assert str(frame.report_date.dtype).startswith("date32")
    assert frame.source_row.tolist() == [2, 3, 4, 5, 6, 7, 8]
    upload_id = commit_upload(demo_store, prepared)
    rows = demo_store.rows(
        """SELECT report_date, note, commune_as_written FROM clearance_reports
           WHERE upload_id = ? ORDER BY source_row""",
        [upload_id],
    )
    assert rows[0] == (D(2025, 7, 7), None, "P. Lương Văn Tri")
    assert rows[3][1] == "tên xã cũ (nay là Nhân Lý)"
