"""The blocker log: changes as dated rows, the log as of any date, files and the app's form, on
both stores."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from tracker.blockers import (
    BlockerChange,
    blocker_comments,
    blocker_log,
    communes_with_open_blockers,
    open_counts,
    proposals_file,
    record_blockers,
)
from tracker.uploads import commit_upload, prepare_upload, undo_upload
from tracker.uploads.prepare import UploadRefused

_spec = importlib.util.spec_from_file_location(
    "make_files", Path(__file__).parent / "data" / "uploads" / "make_files.py"
)
assert _spec is not None and _spec.loader is not None
make_files = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_files)

D = dt.date
TODAY = D(2025, 7, 1)
TAM_THANH = "05986"


JUNE_30 = D(2025, 6, 30)


def _log(store, as_of=JUNE_30, **kw):
    return blocker_log(store, as_of, province_code="20", **kw).set_index("blocker_id")


def test_the_demo_log_is_rebuilt_as_of_any_date(demo_store) -> None:
    june = _log(demo_store)
    assert june.loc[1, "status"] == "in_progress" and june.loc[1, "escalation"] == "province"
    assert june.loc[1, "agency"] == "Sở Nông nghiệp và Môi trường"
    assert june.loc[1, "comments"] == 3 and bool(june.loc[1, "overdue"])
    assert june.loc[3, "status"] == "resolved" and june.loc[3, "resolved_on"] == D(2025, 6, 23)
    assert bool(june.is_synthetic.all())
    may = _log(demo_store, D(2025, 5, 10))
    assert may.loc[1, "status"] == "in_progress" and may.loc[1, "escalation"] == "commune"
    assert may.loc[1, "agency"] == "UBND phường Tam Thanh"
    assert 3 in may.index and may.loc[3, "status"] == "open"  # not yet resolved then
    assert 1 not in _log(demo_store, D(2025, 3, 1)).index  # not yet raised
    comments = blocker_comments(demo_store, [1], D(2025, 6, 30))
    assert list(comments.changed_on) == [D(2025, 3, 10), D(2025, 5, 5), D(2025, 6, 9)]
    assert (
        communes_with_open_blockers(blocker_log(demo_store, D(2025, 6, 30), province_code="20"))[
            "05983"
        ]
        == 1
    )  # the utilities blocker there is resolved; the resettlement one is not


def test_add_escalate_resolve_and_undo(demo_store) -> None:
    add = BlockerChange(
        "HNCL",
        D(2025, 6, 16),
        commune="Tam Thanh",
        category="Di dời mộ",
        description="38 ngôi mộ chưa có đất cải táng",
        area_ha=0.75,
        households=11,
        agency="UBND phường Tam Thanh",
        due_on=D(2025, 6, 27),
    )
    record_blockers(demo_store, [add], user_name="officer", file_name="form.csv", today=TODAY)
    new = _log(demo_store)
    number = int(new.index.max())
    assert number == 8  # after the demo's seven
    row = new.loc[number]
    assert (row.commune_code, row.category, row.status, row.escalation) == (
        TAM_THANH,
        "graves",
        "open",
        "commune",
    )
    assert row.area_ha == pytest.approx(0.75) and row.households == 11 and bool(row.overdue)
    escalate = BlockerChange(
        "HNCL", D(2025, 6, 23), blocker_id=number, escalation="province", comment="Trình tỉnh"
    )
    record_blockers(demo_store, [escalate], user_name="officer", file_name="e.csv", today=TODAY)
    assert _log(demo_store).loc[number, "escalation"] == "province"
    assert _log(demo_store).loc[number, "description"] == "38 ngôi mộ chưa có đất cải táng"
    # Resolved the same day it was escalated: both changes stand, in the order written.
    resolve = BlockerChange("HNCL", D(2025, 6, 23), blocker_id=number, status="Đã xử lý")
    upload = record_blockers(
        demo_store, [resolve], user_name="officer", file_name="r.csv", today=TODAY
    )
    done = _log(demo_store).loc[number]
    assert done.status == "resolved" and done.resolved_on == D(2025, 6, 23)
    assert done.escalation == "province" and not bool(done.overdue)
    assert list(blocker_comments(demo_store, [number], JUNE_30).comment) == ["Trình tỉnh"]
    assert _log(demo_store, D(2025, 6, 22)).loc[number, "status"] == "open"  # history kept
    undo_upload(demo_store, upload, "officer")
    assert _log(demo_store).loc[number, "status"] == "open"


OFFICE_FILE = (
    "BIỂU THEO DÕI VƯỚNG MẮC GPMB;;;;;;;;;;;;\r\n"  # Excel pads a title row to the width
    "Mã vướng mắc;Mã dự án;Xã/phường;Ngày cập nhật;Nhóm vướng mắc;Nội dung vướng mắc;"
    "Diện tích bị vướng (ha);Số hộ bị vướng;Cơ quan chủ trì xử lý;Hạn xử lý;Trạng thái;"
    "Cấp xử lý;Diễn biến, ý kiến\r\n"
    ";DDTL;X. Na Sầm;23/06/2025;Nguồn gốc đất;Hồ sơ 4 thửa đất thất lạc;1,25;4;"
    "UBND xã Na Sầm;15/07/2025;Chưa xử lý;Xã;Đang trích lục\r\n"
    "#4;DDTL;;23/06/2025;;;;;;;Đang xử lý;Tỉnh;Báo cáo Sở\r\n"
)


def test_a_blockers_file_as_an_office_writes_it(demo_store) -> None:
    content = make_files.cp1258(OFFICE_FILE)  # as a Vietnamese Windows saves it
    prepared = prepare_upload(demo_store, content, "vuong_mac.csv", user_name="o", today=TODAY)
    assert prepared.kind == "blockers" and prepared.ok, prepared.errors
    assert (prepared.rows_new, prepared.rows_changed, prepared.row_count) == (1, 1, 2)
    commit_upload(demo_store, prepared)
    log = _log(demo_store)
    four = log.loc[4]
    assert four.escalation == "province" and four.description.startswith("Chưa xác định")
    new = log.loc[int(log.index.max())]
    assert (new.commune_code, new.category, new.area_ha) == ("06124", "land_origin", 1.25)


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(demo_store) -> None:
    content = (
        "Mã vướng mắc;Mã dự án;Xã/phường;Ngày cập nhật;Nhóm vướng mắc;Nhóm khác (ghi rõ);"
        "Nội dung vướng mắc;Cơ quan chủ trì xử lý;Ngày phát sinh;Hạn xử lý;Trạng thái\r\n"
        "99;HNCL;;23/06/2025;;;;;;;\r\n"  # row 2: no such blocker
        ";HNCL;;23/06/2025;khác;;Khác gì đó;UBND;;;\r\n"  # row 3: other without text
        ";HNCL;;23/06/2025;Sạt lở;;Nội dung;UBND;;;\r\n"  # row 4: unknown category
        ";HNCL;;23/06/2025;mồ mả;;Nội dung;UBND;20/06/2025;10/06/2025;\r\n"  # row 5: due early
        ";HNCL;;23/06/2025;mồ mả;;Nội dung;;;;\r\n"  # row 6: no agency
        "2;HNCL;;23/06/2025;;;;;;;đã hủy\r\n"  # row 7: unknown status
    ).encode()
    prepared = prepare_upload(demo_store, content, "sai.csv", user_name="o", today=TODAY)
    found = {(p.row, p.column, p.code) for p in prepared.errors}
    assert found == {
        (2, "Mã vướng mắc", "unknown_blocker"),
        (3, "Nhóm vướng mắc", "other_needs_text"),
        (4, "Nhóm vướng mắc", "unknown_choice"),
        (5, "Hạn xử lý", "date_order"),
        (6, "Cơ quan chủ trì xử lý", "blocker_needs"),
        (7, "Trạng thái", "unknown_choice"),
    }
    assert all(p.message("vi") and p.message("en") for p in prepared.errors)
    with pytest.raises(UploadRefused):
        commit_upload(demo_store, prepared)
    assert len(_log(demo_store)) == 7


def test_clearance_difficulties_become_proposed_blockers(demo_store) -> None:
    content = (
        "Mã dự án;Xã/phường;Ngày báo cáo;Diện tích đã bàn giao (ha);Khó khăn, vướng mắc\r\n"
        "HNCL;Tam Thanh;07/07/2025;34,10;5 hộ chưa nhận tiền bồi thường\r\n"
        "HNCL;05983;07/07/2025;63,80;\r\n"
    ).encode()
    prepared = prepare_upload(demo_store, content, "tuan.csv", user_name="o", today=D(2025, 7, 8))
    assert prepared.ok, prepared.errors
    [proposal] = prepared.proposed_blockers
    assert (proposal.project_code, proposal.commune_code, proposal.row) == ("HNCL", TAM_THANH, 2)
    commit_upload(demo_store, prepared)
    # The proposal, completed with a category and an agency, is confirmed as a blocker.
    lines = proposals_file(prepared.proposed_blockers).decode("utf-8-sig").splitlines()
    header, row = lines[0].split(";"), lines[1].split(";")
    row[header.index("Nhóm vướng mắc")] = "Giá bồi thường"
    row[header.index("Cơ quan chủ trì xử lý")] = "UBND phường Tam Thanh"
    completed = ("\ufeff" + lines[0] + "\r\n" + ";".join(row) + "\r\n").encode()
    confirmed = prepare_upload(
        demo_store, completed, "de_xuat.csv", user_name="o", today=D(2025, 7, 8)
    )
    assert confirmed.ok, confirmed.errors
    commit_upload(demo_store, confirmed)
    log = _log(demo_store, D(2025, 7, 7))
    new = log.loc[int(log.index.max())]
    assert new.description == "5 hộ chưa nhận tiền bồi thường" and new.commune_code == TAM_THANH


def test_open_blockers_by_category_and_agency(demo_store) -> None:
    log = blocker_log(demo_store, D(2025, 6, 30), province_code="20")
    by_category = open_counts(log, "category").set_index("category")
    assert by_category.open.sum() == 6  # seven logged, one resolved
    assert by_category.loc["land_origin", "overdue"] == 1
    assert "utilities" not in by_category.index
    assert open_counts(log, "agency").open.sum() == 6
    narrowed = blocker_log(
        demo_store, D(2025, 6, 30), province_code="20", category="complaints_lawsuits"
    )
    assert list(narrowed.blocker_id) == [7]


def test_import_writes_the_proposals_to_complete(demo_db_file, tmp_path, capsys) -> None:
    from tracker.cli import main

    db = tmp_path / "db.duckdb"
    db.write_bytes(demo_db_file.read_bytes())
    week = tmp_path / "tuan.csv"
    week.write_bytes(
        (
            "Mã dự án;Xã/phường;Ngày báo cáo;Diện tích đã bàn giao (ha);Khó khăn, vướng mắc\r\n"
            "HNCL;Tam Thanh;07/07/2025;34,10;5 hộ chưa nhận tiền bồi thường\r\n"
        ).encode()
    )
    out = tmp_path / "de_xuat.csv"
    assert main(["import", str(week), "--db", str(db), "--blocker-proposals", str(out)]) == 0
    assert "1 vướng mắc đề xuất" in capsys.readouterr().err
    text = out.read_text("utf-8-sig")
    assert "5 hộ chưa nhận tiền bồi thường" in text and "05986" in text
