"""The weekly upload files: columns (English names, Vietnamese headers) and blank templates."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font


@dataclass(frozen=True)
class Column:
    name: str  # English column name, accepted as a header
    header_vi: str  # Vietnamese header, used in the templates
    required: bool
    example: str
    help_en: str


CLEARANCE_COLUMNS: tuple[Column, ...] = (
    Column("project_code", "Mã dự án", True, "HNCL", "Project code as listed by the tracker"),
    Column(
        "commune",
        "Xã/phường",
        True,
        "Tân Văn",
        "Commune name (new or pre-2025) or its 5-digit code",
    ),
    Column("report_date", "Ngày báo cáo", True, "30/06/2025", "Report date, dd/mm/yyyy"),
    Column(
        "cleared_ha",
        "Diện tích đã bàn giao (ha)",
        True,
        "12,50",
        "Cumulative area handed over, in ha",
    ),
    Column("households_affected", "Số hộ bị ảnh hưởng", False, "120", "Households affected"),
    Column(
        "households_relocated", "Số hộ đã di dời", False, "85", "Households relocated (cumulative)"
    ),
    Column(
        "compensation_paid_vnd",
        "Kinh phí bồi thường (đồng)",
        False,
        "15.000.000.000",
        "Compensation paid, cumulative, in VND",
    ),
    Column(
        "required_ha_basic",
        "Diện tích theo TKCS (ha)",
        False,
        "",
        "Required area under the basic design, when it changes",
    ),
    Column(
        "required_ha_technical",
        "Diện tích theo TKKT (ha)",
        False,
        "",
        "Required area under the technical design, when it changes",
    ),
    Column("note", "Ghi chú", False, "", "Free text; required when a cumulative figure falls"),
    Column(
        "difficulties",
        "Khó khăn, vướng mắc",
        False,
        "",
        "What holds clearance up here; offered as a proposed blocker to confirm",
    ),
)

DISBURSEMENT_COLUMNS: tuple[Column, ...] = (
    Column("project_code", "Mã dự án", True, "LS-DTC", "Project or programme code"),
    Column("year", "Năm kế hoạch", True, "2025", "Plan year"),
    Column(
        "capital_source", "Nguồn vốn", True, "NSTW", "central/local/other (also NSTW, NSĐP, khác)"
    ),
    Column("report_date", "Ngày báo cáo", True, "30/06/2025", "Report date, dd/mm/yyyy"),
    Column(
        "disbursed_vnd",
        "Giá trị giải ngân (đồng)",
        True,
        "1.302.000.000.000",
        "Disbursed so far this plan year, in VND",
    ),
    Column(
        "plan_vnd",
        "Kế hoạch vốn (đồng)",
        False,
        "",
        "The year's plan for this source, when given or changed",
    ),
    Column(
        "plan_baseline",
        "Loại kế hoạch",
        False,
        "",
        "Which plan: centrally assigned (TW giao) or locally deployed (địa phương triển khai)",
    ),
    Column("note", "Ghi chú", False, "", "Free text; required when a cumulative figure falls"),
)

BLOCKER_COLUMNS: tuple[Column, ...] = (
    Column("blocker_id", "Mã vướng mắc", False, "", "Number of the blocker to update; empty: new"),
    Column("project_code", "Mã dự án", True, "HNCL", "Project code as listed by the tracker"),
    Column("commune", "Xã/phường", False, "Tân Văn", "Commune name or 5-digit code, if any"),
    Column("report_date", "Ngày cập nhật", True, "30/06/2025", "Date of this change, dd/mm/yyyy"),
    Column(
        "category",
        "Nhóm vướng mắc",
        False,
        "Giá bồi thường",
        "compensation_price, land_origin, households_not_agreeing, resettlement_not_ready, "
        "graves, forest_land, utilities, complaints_lawsuits, funds_not_allocated or other "
        "(Vietnamese words accepted); required for a new blocker",
    ),
    Column("category_other", "Nhóm khác (ghi rõ)", False, "", "What 'other' is; required then"),
    Column(
        "description",
        "Nội dung vướng mắc",
        False,
        "12 hộ chưa đồng ý đơn giá đất",
        "What holds clearance up; required for a new blocker",
    ),
    Column("area_ha", "Diện tích bị vướng (ha)", False, "3,20", "Area held up, in ha"),
    Column("households", "Số hộ bị vướng", False, "12", "Households held up"),
    Column(
        "agency",
        "Cơ quan chủ trì xử lý",
        False,
        "UBND xã Tân Văn",
        "Who must act; required for a new blocker",
    ),
    Column("raised_on", "Ngày phát sinh", False, "02/06/2025", "When it arose (default: the date)"),
    Column("due_on", "Hạn xử lý", False, "15/07/2025", "Due date"),
    Column("resolved_on", "Ngày giải quyết xong", False, "", "When it was resolved"),
    Column(
        "status",
        "Trạng thái",
        False,
        "Đang xử lý",
        "open / in_progress / resolved (chưa xử lý, đang xử lý, đã xử lý); default open",
    ),
    Column(
        "escalation",
        "Cấp xử lý",
        False,
        "Xã",
        "commune / province / ministry / government (xã, tỉnh, bộ, Chính phủ); default commune",
    ),
    Column("comment", "Diễn biến, ý kiến", False, "", "A dated comment on this change"),
)


STATUS_COLUMNS: tuple[Column, ...] = (
    Column("project_code", "Mã dự án", True, "HNCL", "Project code as listed by the tracker"),
    Column("report_date", "Ngày báo cáo", True, "30/06/2025", "Report date, dd/mm/yyyy"),
    Column(
        "stage",
        "Giai đoạn",
        True,
        "Đang thực hiện",
        "identification, preparation, contractor selection, implementation, completion or "
        "cancelled (also Chuẩn bị đầu tư, Lựa chọn nhà thầu, Đang thực hiện, Hoàn thành, Dừng)",
    ),
    Column("planned_start", "Ngày khởi công theo kế hoạch", False, "21/04/2024", "Planned start"),
    Column("actual_start", "Ngày khởi công thực tế", False, "21/04/2024", "Actual start"),
    Column(
        "planned_completion",
        "Ngày hoàn thành theo kế hoạch",
        False,
        "31/12/2026",
        "Planned completion",
    ),
    Column(
        "actual_completion",
        "Ngày hoàn thành thực tế",
        False,
        "",
        "Actual completion, once the works are finished",
    ),
    Column(
        "physical_progress_pct",
        "Khối lượng đã thực hiện (%)",
        False,
        "45,5",
        "Physical progress: % of the works volume done, cumulative",
    ),
    Column("note", "Ghi chú", False, "", "Free text; required when the % done falls"),
)

COLUMNS_BY_KIND: dict[str, tuple[Column, ...]] = {
    "clearance": CLEARANCE_COLUMNS,
    "disbursement": DISBURSEMENT_COLUMNS,
    "blockers": BLOCKER_COLUMNS,
    "status": STATUS_COLUMNS,
}


def template_csv(kind: str) -> bytes:
    """A CSV template as Excel on a Vietnamese PC opens it: UTF-8 with BOM, semicolons and the
    Vietnamese headers. It has no example row, which could be imported by mistake."""
    columns = COLUMNS_BY_KIND[kind]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header_vi for c in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(kind: str) -> bytes:
    """An Excel template: the data sheet with Vietnamese headers, and a sheet explaining each
    column with its English name and an example."""
    columns = COLUMNS_BY_KIND[kind]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Du lieu"
    sheet.append([c.header_vi for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    help_sheet = book.create_sheet("Huong dan")
    help_sheet.append(
        [
            "Cột (tiếng Việt)",
            "Column (English name)",
            "Bắt buộc / Required",
            "Ví dụ / Example",
            "Description",
        ]
    )
    for c in columns:
        help_sheet.append([c.header_vi, c.name, "x" if c.required else "", c.example, c.help_en])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_template(kind: str, path: Path) -> Path:
    """Write the template for ``kind`` to ``path`` (.xlsx for Excel, anything else for CSV)."""
    data = template_xlsx(kind) if path.suffix.lower() == ".xlsx" else template_csv(kind)
    path.write_bytes(data)
    return path
