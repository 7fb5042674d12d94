"""Forms offices keep, imported on both stores: recognised with no flags, giving the figures their
rows add up to; their own arithmetic checked; every problem at its row and column letter."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import D
from form_files import FORMS, csv_form, gpmb
from test_ingest import snapshot

from tracker.figures import project_figures
from tracker.store import Store
from tracker.uploads.history import undo_upload
from tracker.uploads.intake import Intake, prepare_file
from tracker.uploads.prepare import UploadRefused, commit_upload

TODAY = D(2025, 8, 10)
JULY_31 = D(2025, 7, 31)
HNCL_CLEARED = 64.50 + 34.20 + 81.90 + 34.10 + 82.80 + 170.60 + 133.20  # 601.30
DDTL_CLEARED = 98.10 + 138.00 + 61.00 + 93.40 + 64.50 + 3.30  # 458.30


def prepare(store: Store, content: bytes, name: str, **options: object) -> Intake:
    return prepare_file(store, content, name, user_name="officer", today=TODAY, **options)  # type: ignore[arg-type]


def fixture(store: Store, name: str, **options: object) -> Intake:
    return prepare(store, (FORMS / name).read_bytes(), name, **options)


def clearance(store: Store, code: str, day: dt.date = JULY_31):
    return project_figures(store, day, projects=[code])[0].clearance


@pytest.mark.parametrize(
    "name", ["gpmb_hncl.xlsx", "gpmb_hncl.xls", "gpmb_hncl.ods", "gpmb_hncl_cp1258.csv"]
)
def test_the_gpmb_form_imports_with_no_flags_and_adds_up(demo_store: Store, name: str) -> None:
    intake = fixture(demo_store, name)
    prepared = intake.prepared
    assert prepared.ok, [p.message("en") for p in prepared.errors]
    assert intake.reading is not None and intake.layout is None
    sheet = intake.reading.sheets[0]
    assert [r + 1 for r in sheet.header_rows] == [8, 9] and sheet.numbering_row == 9
    assert (sheet.as_of, sheet.project_from) == (JULY_31, "row:5")
    assert [r + 1 for r in sheet.rows_with("total")] == [11]
    assert [r + 1 for r in sheet.rows_with("signature")] == [20, 21]
    assert (prepared.row_count, prepared.rows_new) == (7, 7)
    upload_id = commit_upload(demo_store, prepared)

    figures = clearance(demo_store, "HNCL")
    assert figures.report_date == JULY_31
    assert float(figures.cleared_ha) == pytest.approx(HNCL_CLEARED)
    assert figures.households_relocated == 139 + 90 + 158 + 59 + 131 + 238 + 198
    # Kinh phí in triệu đồng, stored in đồng.
    assert figures.compensation_paid_vnd == 1_483_600_000_000
    rows = demo_store.rows(
        """SELECT r.source_row, r.commune_as_written, s.title, s.reference
           FROM clearance_reports r JOIN sources s ON s.source_id = r.source_id
           WHERE r.upload_id = ? ORDER BY r.source_row""",
        [upload_id],
    )
    assert [r[0] for r in rows] == list(range(12, 19))  # the rows as Excel numbers them
    assert rows[1][1] == "P. Tam Thanh" and rows[5][1] == "X. Chi Lăng"
    assert rows[0][2] == name and rows[0][3] == f"sha256:{prepared.sha256}"


def test_one_sheet_per_project(demo_store: Store) -> None:
    intake = fixture(demo_store, "gpmb_by_project.xlsx")
    assert intake.prepared.ok, [p.message("en") for p in intake.prepared.errors]
    assert intake.reading is not None
    assert [s.name for s in intake.reading.sheets] == ["HNCL", "DDTL"]  # the notes sheet is left
    upload_id = commit_upload(demo_store, intake.prepared)
    assert float(clearance(demo_store, "HNCL").cleared_ha) == pytest.approx(HNCL_CLEARED)
    assert float(clearance(demo_store, "DDTL").cleared_ha) == pytest.approx(DDTL_CLEARED)
    titles = demo_store.rows(
        """SELECT DISTINCT s.title FROM clearance_reports r
           JOIN sources s ON s.source_id = r.source_id WHERE r.upload_id = ? ORDER BY 1""",
        [upload_id],
    )
    assert [t[0] for t in titles] == [
        "gpmb_by_project.xlsx › DDTL",
        "gpmb_by_project.xlsx › HNCL",
    ]


def test_a_phu_luc_with_four_header_rows_and_a_carried_over_column(demo_store: Store) -> None:
    intake = fixture(demo_store, "phu_luc_giai_ngan.xlsx")
    prepared = intake.prepared
    assert prepared.ok, [p.message("en") for p in prepared.errors]
    assert prepared.kind == "disbursement"
    assert intake.reading is not None
    sheet = intake.reading.sheets[0]
    assert len(sheet.header_rows) == 4 and sheet.year == 2025 and sheet.as_of == JULY_31
    fields = {c.letter: c.field for c in sheet.columns}
    assert fields["H"] == "carried_plan_vnd" and fields["L"] == "carried_disbursed_vnd"
    assert fields["J"] == "disbursed_vnd.central" and fields["G"] == "plan_vnd.local"
    commit_upload(demo_store, prepared)
    figures = {f.project_code: f for f in project_figures(demo_store, JULY_31)}
    hncl, ddtl = figures["HNCL"], figures["DDTL"]
    assert hncl.disbursement is not None and ddtl.disbursement is not None
    # The year's plan only: the carried-over ("kéo dài") money has its own denominator.
    assert hncl.disbursement.disbursed_vnd == 800_000_000_000
    assert hncl.disbursement_by_source["central"].disbursed_vnd == 640_000_000_000
    assert ddtl.disbursement.disbursed_vnd == 470_000_000_000
    assert hncl.disbursement.plan_central_vnd == 1_500_000_000_000


def test_a_wrong_total_is_refused_with_its_row_and_both_numbers(demo_store: Store) -> None:
    before = snapshot(demo_store)
    prepared = fixture(demo_store, "gpmb_hncl_wrong_total.csv").prepared
    assert not prepared.ok
    [error] = prepared.errors
    assert (error.code, error.row) == ("total_mismatch", 11)
    assert error.column == "E (Đã bàn giao mặt bằng (ha))"
    assert "605,30" in error.message_vi and "601,30" in error.message_vi
    assert "605.30" in error.message_en and "601.30" in error.message_en
    # The percentages written beside it no longer follow: notices, naming the row.
    assert {(n.code, n.row) for n in prepared.notices} >= {("percent_mismatch", 11)}
    with pytest.raises(UploadRefused):
        commit_upload(demo_store, prepared)
    assert snapshot(demo_store) == before


def test_cell_problems_name_the_row_and_column_letter_and_show_the_cell(demo_store: Store) -> None:
    rows = gpmb(B14="X. Không Có", K16="-193.000", I17="nhiều")
    prepared = prepare(demo_store, csv_form(rows), "bieu_loi.csv").prepared
    found = {(e.row, e.column, e.code) for e in prepared.errors}
    assert (14, "B (Xã, phường)", "commune") in found
    assert (16, "K (Kinh phí bồi thường (triệu đồng) › Đã chi trả)", "negative") in found
    assert (17, "I (Số hộ › Đã di dời)", "not_a_number") in found
    negative = next(e for e in prepared.errors if e.code == "negative")
    assert negative.value == "-193.000"  # as written, in triệu đồng
    # The totals row no longer adds up either: every problem of the file is reported at once.
    assert any(e.code == "total_mismatch" and e.row == 11 for e in prepared.errors)


def test_reupload_is_recognised_and_undo_takes_the_form_back(demo_store: Store) -> None:
    first = commit_upload(demo_store, fixture(demo_store, "gpmb_hncl.xlsx").prepared)
    state = snapshot(demo_store)
    again = fixture(demo_store, "gpmb_hncl.xlsx").prepared
    assert again.duplicate_of == first
    assert commit_upload(demo_store, again) == first
    assert snapshot(demo_store) == state
    undo_upload(demo_store, first, "officer")
    assert float(clearance(demo_store, "HNCL").cleared_ha) == pytest.approx(596.94)


def test_group_rows_name_the_projects_and_their_subtotals_are_checked(demo_store: Store) -> None:
    def form(hncl_subtotal: float) -> bytes:
        rows: list[list[object]] = [
            ["BIỂU TỔNG HỢP TIẾN ĐỘ GPMB CÁC DỰ ÁN TRỌNG ĐIỂM"],
            ["Số liệu tính đến ngày 31 tháng 7 năm 2025"],
            ["STT", "Xã, phường", "Diện tích đã bàn giao (ha)", "Số hộ đã di dời", "Ghi chú"],
            [None, "TỔNG CỘNG", round(HNCL_CLEARED + DDTL_CLEARED, 2), 1013 + 828, None],
            ["I", "Cao tốc Hữu Nghị – Chi Lăng", hncl_subtotal, 1013, None],
        ]
        for i, c in enumerate(gpmb("HNCL")[11:18], 1):
            rows.append([i, c[1], c[4], c[8], None])
        rows.append(["II", "Cao tốc Đồng Đăng – Trà Lĩnh", round(DDTL_CLEARED, 2), 828, None])
        for i, c in enumerate(gpmb("DDTL")[11:17], 1):
            rows.append([i, c[1], c[4], c[8], None])
        return csv_form(rows)

    intake = prepare(demo_store, form(round(HNCL_CLEARED, 2)), "tong_hop.csv")
    assert intake.prepared.ok, [p.message("en") for p in intake.prepared.errors]
    assert intake.reading is not None
    sheet = intake.reading.sheets[0]
    assert [r + 1 for r in sheet.rows_with("group")] == [5, 13]
    assert sorted(set(sheet.row_project.values())) == ["DDTL", "HNCL"]
    commit_upload(demo_store, intake.prepared)
    assert float(clearance(demo_store, "DDTL").cleared_ha) == pytest.approx(DDTL_CLEARED)

    wrong = prepare(demo_store, form(600.0), "tong_hop_sai.csv").prepared
    [error] = wrong.errors
    assert error.row == 5 and "600,00" in error.message_vi and "601,30" in error.message_vi
    assert "The group row" in error.message_en and "6–12" in error.message_en


def test_units_in_headers_and_project_and_date_given_when_the_form_has_none(
    demo_store: Store,
) -> None:
    rows: list[list[object]] = [
        ["STT", "Tên xã", "Diện tích đã bàn giao (m²)", "Kinh phí đã chi trả (tỷ đồng)"],
        [1, "P. Lương Văn Tri", 645_000, 212.5],
        [2, "P. Tam Thanh", 342_000, 102.1],
    ]
    content = csv_form(rows)
    refused = prepare(demo_store, content, "xa.csv").prepared
    assert {e.code for e in refused.errors} == {"form_no_project", "form_no_date"}
    assert "--project" in refused.errors[0].message_en + refused.errors[1].message_en

    intake = prepare(demo_store, content, "xa.csv", project="HNCL", as_of=JULY_31)
    assert intake.prepared.ok, [p.message("en") for p in intake.prepared.errors]
    upload_id = commit_upload(demo_store, intake.prepared)
    stored = demo_store.rows(
        """SELECT commune_code, cleared_ha, compensation_paid_vnd FROM clearance_reports
           WHERE upload_id = ? ORDER BY source_row""",
        [upload_id],
    )
    assert [(c, float(h), v) for c, h, v in stored] == [
        ("05983", 64.5, 212_500_000_000),
        ("05986", 34.2, 102_100_000_000),
    ]


@pytest.mark.parametrize(
    ("name", "rows"), [("09_clearance_workbook.xlsx", 2), ("01_clearance_week_utf8_bom.csv", 7)]
)
def test_template_files_still_go_the_templates_way(demo_store: Store, name: str, rows: int) -> None:
    content = (FORMS.parent / "uploads" / name).read_bytes()
    intake = prepare(demo_store, content, name)
    assert intake.reading is None and intake.layout is None
    assert intake.prepared.ok and intake.prepared.row_count == rows


def test_a_template_without_its_date_column_asks_for_the_date(demo_store: Store) -> None:
    name = "07_clearance_missing_column.csv"
    content = (FORMS.parent / "uploads" / name).read_bytes()
    refused = prepare(demo_store, content, name).prepared
    assert [e.code for e in refused.errors] == ["form_no_date"]
    intake = prepare(demo_store, content, name, as_of=JULY_31)
    assert intake.prepared.ok, [p.message("en") for p in intake.prepared.errors]
    frame = intake.prepared.tables["clearance_reports"]
    assert frame[["project_code", "commune_code"]].values.tolist() == [["HNCL", "05986"]]


def test_a_file_that_is_no_form_keeps_the_templates_reason(demo_store: Store) -> None:
    content = "Ghi chú;Người lập\r\nkhông có số liệu;cán bộ\r\n".encode()
    prepared = prepare(demo_store, content, "ghi_chu.csv").prepared
    assert [e.code for e in prepared.errors] == ["unknown_kind"]
