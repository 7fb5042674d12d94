"""Project status reports: a third kind of weekly file, checked cell by cell, written append-only
and read as of a date, on both stores."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from factories import D, batch

from tracker.errors import StoreError
from tracker.status import NO_STATUS, project_status, stage_counts
from tracker.store import open_store, read_migrations
from tracker.uploads import commit_batch, commit_upload, prepare_upload, undo_upload
from tracker.uploads.headers import guess_kind
from tracker.uploads.templates import template_csv

HEADER = (
    "Mã dự án;Ngày báo cáo;Giai đoạn;Ngày khởi công theo kế hoạch;Ngày khởi công thực tế;"
    "Ngày hoàn thành theo kế hoạch;Ngày hoàn thành thực tế;Khối lượng đã thực hiện (%);Ghi chú"
)


def excel(*rows: str, header: str = HEADER) -> bytes:
    """A status file as Excel on a Vietnamese PC saves it: BOM, semicolons, CRLF, a blank row."""
    blank = ";" * header.count(";")
    return ("\ufeff" + "\r\n".join([header, *rows, blank]) + "\r\n").encode("utf-8")


def _prepare(store, content: bytes, name: str = "sai.csv"):
    return prepare_upload(store, content, name, user_name="officer", today=D(2025, 8, 1))


def _commit(store, content: bytes, name: str = "tinh_trang.csv") -> int:
    prepared = _prepare(store, content, name)
    assert prepared.ok, [p.message("en") for p in prepared.errors]
    return commit_upload(store, prepared)


def _problems(store, content: bytes) -> list[tuple[int | None, str, str]]:
    return [(p.row, p.column or "", p.code) for p in _prepare(store, content).problems]


WEEK_27 = excel(
    "HNCL;30/06/2025;Đang thi công;21/04/2024;21/04/2024;31/12/2026;;45,5;",
    "DDTL;30/06/2025;Lựa chọn nhà thầu;;;;;;gói thầu XL-02",
    "BG-IAB;30/06/2025;da khoi cong;30/06/2025;30/06/2025;30/06/2025;;0;khởi công 30/6",
    "BG-SMART3;30/06/2025;Chuẩn bị đầu tư;;;;;;",
)


def test_a_status_file_is_recognised_and_read_as_of_its_date(demo_store) -> None:
    header = WEEK_27.decode("utf-8-sig").splitlines()[0].split(";")
    assert guess_kind(header) == "status"
    before = project_status(demo_store, D(2025, 6, 30), projects=["HNCL"])
    _commit(demo_store, WEEK_27)
    status = project_status(demo_store, D(2025, 7, 6), province_code="20").set_index("project_code")
    hncl = status.loc["HNCL"]
    assert hncl.stage == "implementation" and hncl.physical_progress_pct == 45.5
    assert hncl.actual_start == D(2024, 4, 21) and hncl.planned_completion == D(2026, 12, 31)
    assert hncl.source_title == "tinh_trang.csv" and not hncl.is_synthetic
    assert status.loc["DDTL"].stage == "procurement"
    assert status.loc["DDTL"].note == "gói thầu XL-02"
    assert status.loc["BG-SMART3"].stage == "preparation"
    # BG-IAB was due on 30/06/2025 and is not finished: past its planned completion a week on.
    assert bool(status.loc["BG-IAB"].overdue) and not bool(hncl.overdue)
    counts = stage_counts(status.reset_index())
    assert counts["implementation"] >= 2 and counts["procurement"] >= 1
    # As of the day before the file's date, the file's rows do not count.
    earlier = project_status(demo_store, D(2025, 6, 29), projects=["HNCL"])
    assert len(earlier) == len(before)


def test_a_later_report_keeps_dates_it_leaves_blank_and_moves_the_stage(demo_store) -> None:
    _commit(demo_store, WEEK_27)
    _commit(
        demo_store,
        excel(
            "DDTL;07/07/2025;Đang thực hiện;;07/07/2025;;;35;",
            "BG-IAB;07/07/2025;Hoàn thành;;;;07/07/2025;100;",
            "HNCL;07/07/2025;Đang thi công;;;;;46,25;",
        ),
        "tuan_28.csv",
    )
    status = project_status(demo_store, D(2025, 7, 10), province_code="20").set_index(
        "project_code"
    )
    assert status.loc["DDTL"].stage == "implementation"
    assert status.loc["DDTL"].stage_since == D(2025, 7, 7)
    assert status.loc["HNCL"].planned_completion == D(2026, 12, 31)  # given on 30/06 only
    assert status.loc["HNCL"].physical_progress_pct == 46.25
    assert status.loc["BG-IAB"].stage == "completion" and not bool(status.loc["BG-IAB"].overdue)


def test_bad_cells_are_refused_one_problem_each_and_nothing_is_written(demo_store) -> None:
    _commit(demo_store, WEEK_27)
    before = demo_store.row("SELECT count(*) FROM project_status_reports")
    problems = _problems(
        demo_store,
        excel(
            "HNCL;07/07/2025;đang xây;;;;;47;",  # row 2: unknown stage
            "DDTL;07/07/2025;Đang thực hiện;;;01/07/2025;;;",  # row 3: fine
            "BG-IAB;07/07/2025;Đang thực hiện;01/08/2025;;01/07/2025;;;",  # row 4: order
            "BG-ROAD;07/07/2025;Đang thực hiện;;09/07/2025;;;;",  # row 5: after the report
            "WF-AQ;07/07/2025;Chuẩn bị đầu tư;;;;;120;",  # row 6: over 100%
            "HNCL;14/07/2025;Đang thi công;;;;;40;",  # row 7: falls from 45.5 without a note
            "WF-LB;07/07/2025;Đang thực hiện;;;;03/07/2025;;",  # row 8: finished, not in stage
            "NOPE;07/07/2025;Hoàn thành;;;;;;",  # row 9: unknown project
            "DDTL;07/07/2025;Đang thực hiện;;;;;;",  # row 10: same project and date as row 3
            "WF-AQ;31/02/2025;Chuẩn bị đầu tư;;;;;;",  # row 11: no such date
        ),
    )
    errors = {(row, code) for row, _, code in problems}
    assert errors >= {
        (2, "unknown_choice"),
        (4, "dates_out_of_order"),
        (5, "actual_after_report"),
        (6, "too_large"),
        (7, "cumulative_fall"),
        (8, "completion_date_stage"),
        (9, "unknown_project"),
        (10, "duplicate_row"),
        (11, "not_a_date"),
    }
    assert not any(row == 3 for row, _ in errors)
    assert (2, "Giai đoạn", "unknown_choice") in problems
    assert demo_store.row("SELECT count(*) FROM project_status_reports") == before


def test_messages_name_the_cell_in_both_languages(demo_store) -> None:
    (error,) = _prepare(
        demo_store, excel("BG-ROAD;07/07/2025;Đang thực hiện;;09/07/2025;;;;")
    ).errors
    assert "09/07/2025" in error.message("vi") and "07/07/2025" in error.message("vi")
    assert "2025-07-07" in error.message("en") and "after the report date" in error.message("en")


def test_a_fall_with_a_note_is_accepted_with_a_notice(demo_store) -> None:
    _commit(demo_store, WEEK_27)
    prepared = _prepare(
        demo_store, excel("HNCL;07/07/2025;Đang thi công;;;;;44;đo đạc lại khối lượng")
    )
    assert prepared.ok
    assert [p.code for p in prepared.notices] == ["cumulative_fall_noted"]


def test_undo_brings_back_the_stage_before(demo_store) -> None:
    _commit(demo_store, WEEK_27)
    later = _commit(demo_store, excel("DDTL;07/07/2025;Đang thực hiện;;07/07/2025;;;35;"), "t.csv")
    undo_upload(demo_store, later, "officer")
    status = project_status(demo_store, D(2025, 7, 10), projects=["DDTL"])
    assert status.stage.tolist() == ["procurement"]


def test_a_status_upload_holds_its_project_registration(demo_store) -> None:
    registration = int(demo_store.row("SELECT min(upload_id) FROM projects")[0])
    _commit(demo_store, WEEK_27)
    with pytest.raises(StoreError) as refused:
        undo_upload(demo_store, registration, "admin")
    assert "HNCL" in refused.value.message("en")


def test_the_template_reads_back_as_a_status_file(store) -> None:
    header = template_csv("status").decode("utf-8-sig").strip().split(";")
    assert guess_kind(header) == "status"
    assert header[:3] == ["Mã dự án", "Ngày báo cáo", "Giai đoạn"]


def test_english_headers_and_stage_words_are_accepted(demo_store) -> None:
    content = excel(
        "HNCL,2025-06-30,implementation,,2024-04-21,,,45.5,",
        "DDTL,2025-06-30,contractor selection,,,,,,",
        header="project_code,report_date,stage,planned_start,actual_start,planned_completion,"
        "actual_completion,physical_progress_pct,note",
    ).replace(b";", b",")
    _commit(demo_store, content, "status_en.csv")
    status = project_status(demo_store, D(2025, 6, 30), projects=["HNCL", "DDTL"])
    assert dict(zip(status.project_code, status.stage, strict=True)) == {
        "DDTL": "procurement",
        "HNCL": "implementation",
    }


def test_stage_counts_say_how_many_projects_have_no_status() -> None:
    import pandas as pd

    status = pd.DataFrame({"stage": ["procurement", "implementation", "procurement"]})
    assert stage_counts(status, projects=5) == {
        "procurement": 2,
        "implementation": 1,
        NO_STATUS: 2,
    }
    assert list(stage_counts(status)) == ["procurement", "implementation"]


def test_upgrading_a_store_keeps_accounts_and_published_figures(tmp_path: Path) -> None:
    from tracker import auth

    path = tmp_path / "old.duckdb"
    migrations = read_migrations()
    names = [m.name for m in migrations]
    old = open_store(path, migrations=migrations[: names.index("0007_project_status")])
    with old.transaction() as tx:  # as the tracker wrote accounts before scopes existed
        tx.execute(
            """INSERT INTO editor_accounts (user_name, role, password_hash, created_by)
               VALUES ('officer', 'editor', $hash, 'test')""",
            {"hash": auth.hash_password("mat-khau-rat-dai")},
        )
    commit_batch(
        old,
        batch(
            {
                "published_figures": [
                    {
                        "province_code": "20",
                        "as_of": D(2025, 6, 30),
                        "measure": "pct_of_central_plan",
                        "value": Decimal("38"),
                        "quote": "đạt 38% kế hoạch Trung ương giao",
                    }
                ]
            },
            kind="demo",
        ),
    )
    old.close()
    upgraded = open_store(path)
    assert upgraded.applied_migrations() == names
    assert upgraded.rows("SELECT user_name, scope FROM editor_accounts") == [
        ("officer", "national")
    ]
    assert auth.sign_in(upgraded, "officer", "mat-khau-rat-dai").scope.national
    assert upgraded.rows("SELECT measure, CAST(value AS INTEGER) FROM published_figures") == [
        ("pct_of_central_plan", 38)
    ]
    upgraded.close()
