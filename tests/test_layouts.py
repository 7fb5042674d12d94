"""Saved layouts on both stores: versioned, append-only, saying who saved them; a file that no
longer fits its layout is refused naming the column that is gone."""

from __future__ import annotations

import pytest
from factories import D
from form_files import FORMS, csv_form, gpmb, unfamiliar_workbook
from test_forms import prepare

from tracker.errors import InputError, NotFoundError
from tracker.figures import project_figures
from tracker.store import Store
from tracker.uploads.form_model import FormChoices
from tracker.uploads.layouts import (
    layout_from_reading,
    layout_versions,
    list_layouts,
    load_layout,
    save_layout,
)
from tracker.uploads.prepare import commit_upload

WEEK_1 = unfamiliar_workbook("31/7/2025", [64.50, 34.20, 170.60], [139, 90, 238])
WEEK_2 = unfamiliar_workbook("7/8/2025", [64.90, 34.60, 171.30], [140, 91, 240])
CLEARED_KEY = "mat bang da nhan ha"


def _mapped_once(store: Store):
    """Week 1 read with the editor's one correction: column C is the handed-over area."""
    refused = prepare(store, WEEK_1, "tuan31.xlsx")
    assert [e.code for e in refused.prepared.errors] == ["form_no_field"]
    assert "Diện tích đã bàn giao (ha)" in refused.prepared.errors[0].message_vi
    choices = FormChoices(kind="clearance", fields={CLEARED_KEY: "cleared_ha"})
    return prepare(store, WEEK_1, "tuan31.xlsx", choices=choices)


def test_a_layout_saved_once_reads_next_weeks_file(demo_store: Store) -> None:
    week_1 = _mapped_once(demo_store)
    assert week_1.prepared.ok, [p.message("en") for p in week_1.prepared.errors]
    assert week_1.reading is not None
    saved = save_layout(
        demo_store, layout_from_reading("BQL – báo cáo nhanh", week_1.reading, saved_by="officer")
    )
    assert (saved.version, saved.saved_by, saved.kind) == (1, "officer", "clearance")
    assert saved.saved_at is not None
    commit_upload(demo_store, week_1.prepared)

    week_2 = prepare(demo_store, WEEK_2, "tuan32.xlsx")  # no flags, no choices
    assert week_2.layout is not None and week_2.layout.label == "BQL – báo cáo nhanh v1"
    assert week_2.prepared.ok, [p.message("en") for p in week_2.prepared.errors]
    commit_upload(demo_store, week_2.prepared)
    hncl = project_figures(demo_store, D(2025, 8, 7), projects=["HNCL"])[0].clearance
    assert hncl is not None and hncl.report_date == D(2025, 8, 7)
    note = demo_store.row(
        "SELECT s.note FROM clearance_reports r JOIN sources s ON s.source_id = r.source_id "
        "WHERE r.report_date = DATE '2025-08-07' LIMIT 1"
    )
    assert note is not None and "BQL – báo cáo nhanh v1" in note[0]


def test_layouts_are_versioned_and_append_only(demo_store: Store) -> None:
    reading = _mapped_once(demo_store).reading
    assert reading is not None
    first = save_layout(demo_store, layout_from_reading("Biểu 01", reading, saved_by="officer"))
    second = save_layout(demo_store, layout_from_reading("Biểu 01", reading, saved_by="admin"))
    other = save_layout(demo_store, layout_from_reading("Khác", reading, saved_by="officer"))
    assert (first.version, second.version, other.version) == (1, 2, 1)
    assert [(v.version, v.saved_by) for v in layout_versions(demo_store, "Biểu 01")] == [
        (2, "admin"),
        (1, "officer"),
    ]
    assert [(x.name, x.version) for x in list_layouts(demo_store)] == [("Biểu 01", 2), ("Khác", 1)]
    assert load_layout(demo_store, "Biểu 01", 1).saved_by == "officer"
    with pytest.raises(NotFoundError) as missing:
        load_layout(demo_store, "Không có")
    assert "Biểu 01" in missing.value.en
    with pytest.raises(InputError):
        layout_from_reading("   ", reading, saved_by="officer")
    assert demo_store.row("SELECT count(*) FROM form_layouts") == (3,)


def test_a_layout_that_no_longer_fits_names_the_column_gone(demo_store: Store) -> None:
    reading = prepare(demo_store, (FORMS / "gpmb_hncl.xlsx").read_bytes(), "gpmb.xlsx").reading
    assert reading is not None
    save_layout(demo_store, layout_from_reading("BQL biểu 01", reading, saved_by="officer"))
    # Next week's file lost its "Đã di dời" column (I): households relocated.
    rows = [[c for k, c in enumerate(row) if k != 8] for row in gpmb()]
    refused = prepare(demo_store, csv_form(rows), "bieu_moi.csv", layout="BQL biểu 01")
    [gone] = [e for e in refused.prepared.errors if e.code == "layout_column_gone"]
    assert gone.value == "Số hộ › Đã di dời"
    assert "'Số hộ › Đã di dời'" in gone.message_en and "BQL biểu 01 v1" in gone.message_en
    assert "không còn trong tệp" in gone.message_vi
    # Without --layout it no longer fits, so it is read afresh (and still imports).
    fresh = prepare(demo_store, csv_form(rows), "bieu_moi.csv")
    assert fresh.layout is None and fresh.prepared.ok
