"""What is wrong with an uploaded file, cell by cell, in words the data officer can act on."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Literal

from tracker.exports import neutralise

Severity = Literal["error", "notice"]

#: Message templates by problem code: (Vietnamese, English). Fields: {value}, {column}, {detail}.
MESSAGES: dict[str, tuple[str, str]] = {
    "file": ("{detail_vi}", "{detail_en}"),
    "missing_column": (
        "Thiếu cột bắt buộc '{column}'. Thêm cột này (xem mẫu tải về).",
        "Required column '{column}' is missing. Add it (see the template).",
    ),
    "duplicate_column": (
        "Cột '{column}' xuất hiện hai lần ({detail}). Giữ lại một cột.",
        "Column '{column}' appears twice ({detail}). Keep one.",
    ),
    "unknown_column": (
        "Cột '{value}' không có trong mẫu nên được bỏ qua.",
        "Column '{value}' is not in the template and is ignored.",
    ),
    "unknown_kind": (
        "Không nhận ra loại báo cáo: cần cột 'Diện tích đã bàn giao (ha)' (GPMB), "
        "'Giá trị giải ngân (đồng)' (giải ngân), 'Cơ quan chủ trì xử lý' (vướng mắc) hoặc "
        "'Giai đoạn' (tình trạng dự án). Hãy dùng mẫu.",
        "Cannot tell the report kind: it needs a 'cleared_ha' (clearance), 'disbursed_vnd' "
        "(disbursement), 'agency' (blockers) or 'stage' (project status) column. Use a template.",
    ),
    "required": (
        "Ô trống: cột '{column}' bắt buộc phải có giá trị.",
        "Empty cell: column '{column}' needs a value.",
    ),
    "not_a_number": (
        "'{value}' không phải là số. Viết số như 1.550,75 hoặc 1550.75.",
        "'{value}' is not a number. Write numbers like 1550.75 or 1.550,75.",
    ),
    "not_whole": (
        "'{value}' phải là số nguyên ({detail_vi}).",
        "'{value}' must be a whole number ({detail_en}).",
    ),
    "negative": (
        "'{value}' là số âm; giá trị này không thể âm.",
        "'{value}' is negative; it cannot be.",
    ),
    "too_large": (
        "'{value}' quá lớn cho cột '{column}': tối đa {detail_vi}.",
        "'{value}' is too large for column '{column}': at most {detail_en}.",
    ),
    "unit_mismatch": (
        "'{value}' ghi đơn vị khác với cột '{column}'. {detail_vi}",
        "'{value}' is written in a different unit from column '{column}'. {detail_en}",
    ),
    "too_long": (
        "Ô bắt đầu bằng '{value}' có {detail} ký tự: cột '{column}' nhận tối đa {detail_vi} "
        "ký tự. Rút gọn nội dung ô này.",
        "The cell starting '{value}' has {detail} characters: column '{column}' holds at most "
        "{detail_en} characters. Shorten it.",
    ),
    "not_a_date": (
        "'{value}' không phải ngày hợp lệ. Viết ngày dạng 30/06/2025.",
        "'{value}' is not a valid date. Write dates as 30/06/2025 (day/month/year).",
    ),
    "future_date": (
        "Ngày {value} ở tương lai (sau ngày mai). Kiểm tra lại ngày báo cáo.",
        "The date {value} is in the future (after tomorrow). Check the report date.",
    ),
    "before_start": (
        "Ngày {value} trước khi dự án {detail} bắt đầu ({detail_vi}). Kiểm tra lại ngày.",
        "The date {value} is before project {detail} started ({detail_en}). Check the date.",
    ),
    "year_mismatch": (
        "Ngày báo cáo {value} không thuộc năm kế hoạch {detail}. Kiểm tra năm hoặc ngày.",
        "Report date {value} does not belong to plan year {detail}. Check the year or the date.",
    ),
    "bad_year": (
        "'{value}' không phải năm kế hoạch hợp lệ (ví dụ 2025).",
        "'{value}' is not a valid plan year (e.g. 2025).",
    ),
    "unknown_project": (
        "Không có dự án mã '{value}'. Các mã hợp lệ: {detail}.",
        "There is no project with code '{value}'. Valid codes: {detail}.",
    ),
    "commune": ("{detail_vi}", "{detail_en}"),
    "outside_scope": (
        "{detail_vi} Tài khoản này không tải lên được số liệu của dự án đó.",
        "{detail_en} This account cannot upload figures of that project.",
    ),
    "unknown_choice": (
        "'{value}' không hợp lệ cho cột '{column}'. Dùng một trong: {detail}.",
        "'{value}' is not valid in column '{column}'. Use one of: {detail}.",
    ),
    "duplicate_row": (
        "Trùng với dòng {detail}: cùng {detail_vi}. Mỗi khoá chỉ được một dòng.",
        "Same as row {detail}: same {detail_en}. Each key may appear once.",
    ),
    "cumulative_fall": (
        "Số luỹ kế giảm từ {detail_vi}. Nếu đúng, ghi lý do vào cột Ghi chú.",
        "The cumulative figure falls from {detail_en}. If that is right, give the reason in the "
        "note column.",
    ),
    "cumulative_fall_noted": (
        "Số luỹ kế giảm từ {detail_vi}; chấp nhận vì có ghi chú.",
        "The cumulative figure falls from {detail_en}; accepted because a note explains it.",
    ),
    "above_baseline": (
        "Đã bàn giao {detail_vi}. Vượt diện tích thiết kế là bình thường (ví dụ so với TKCS).",
        "Handed over {detail_en}. Exceeding a design baseline is normal (e.g. the basic design).",
    ),
    "relocated_above_affected": (
        "Số hộ đã di dời ({value}) lớn hơn số hộ bị ảnh hưởng ({detail}).",
        "Households relocated ({value}) exceed households affected ({detail}).",
    ),
    "plan_baseline_assumed": (
        "Có kế hoạch vốn nhưng không ghi loại kế hoạch: coi là kế hoạch Trung ương giao.",
        "A plan amount without a plan type: taken as the centrally assigned plan.",
    ),
    "plan_baseline_without_plan": (
        "Có loại kế hoạch '{value}' nhưng thiếu 'Kế hoạch vốn (đồng)'.",
        "Plan type '{value}' is given without a plan amount ('plan_vnd').",
    ),
    "unknown_blocker": (
        "Không có vướng mắc số '{value}' của dự án này. Để trống ô này khi thêm vướng mắc mới.",
        "There is no blocker number '{value}' of this project. Leave the cell empty for a new "
        "blocker.",
    ),
    "blocker_needs": (
        "Vướng mắc mới cần có '{column}'.",
        "A new blocker needs '{column}'.",
    ),
    "other_needs_text": (
        "Nhóm 'khác' cần ghi rõ nội dung ở cột '{detail}'.",
        "Category 'other' needs a few words in column '{detail}'.",
    ),
    "date_order": (
        "Ngày {value} trước {detail_vi}. Kiểm tra lại ngày.",
        "The date {value} is before {detail_en}. Check the date.",
    ),
    "resolved_not_resolved": (
        "Có ngày giải quyết xong nhưng trạng thái chưa là 'đã xử lý'.",
        "A resolution date is given but the status is not 'resolved'.",
    ),
    "form_not_recognised": (
        "Không nhận ra bảng trong tệp: không có dòng tiêu đề cột nào (STT, Xã/phường, Diện tích, "
        "Kế hoạch, Giải ngân…) và đây không phải mẫu của hệ thống. Hãy dùng mẫu, hoặc chọn dòng "
        "tiêu đề ở bước đối chiếu cột.",
        "No table recognised in the file: no header row (STT, Xã/phường, Diện tích, Kế hoạch, "
        "Giải ngân…) was found and it is not the tracker's template. Use the template, or choose "
        "the header rows in the column mapping step.",
    ),
    "form_no_project": (
        "Tệp không ghi dự án{detail_vi}: không có 'Dự án: …' ở phần tiêu đề và không có dòng "
        "nhóm nêu tên dự án. Chọn dự án ở bước đối chiếu cột (dòng lệnh: --project).",
        "The file does not say which project{detail_en}: no 'Dự án: …' in its title and no "
        "group row naming one. Choose the project in the column mapping step (command line: "
        "--project).",
    ),
    "form_no_date": (
        "Tệp không ghi ngày số liệu{detail_vi} (không có 'Tính đến ngày …'). Chọn ngày ở bước "
        "đối chiếu cột (dòng lệnh: --as-of).",
        "The file does not say the date of its figures{detail_en} (no 'Tính đến ngày …'). "
        "Choose it in the column mapping step (command line: --as-of).",
    ),
    "form_no_field": (
        "Không tìm thấy cột '{value}' trong bảng. Chọn cột đó ở bước đối chiếu cột.",
        "No column for '{value}' was found in the table. Choose it in the column mapping step.",
    ),
    "layout_column_gone": (
        "Cột '{value}' của cách đọc '{detail}' không còn trong tệp, nên tệp không theo cách "
        "đọc này nữa. Hãy đối chiếu cột lại và lưu thành phiên bản mới.",
        "Column '{value}' of the layout '{detail}' is no longer in the file, so the file does "
        "not fit that layout any more. Map its columns again and save a new version.",
    ),
    "total_mismatch": ("{detail_vi}", "{detail_en}"),
    "percent_mismatch": ("{detail_vi}", "{detail_en}"),
    "dates_out_of_order": (
        "Ngày {value} ở cột '{column}' trước ngày {detail_vi} ở cột '{detail}'. Kiểm tra lại ngày.",
        "The date {value} in column '{column}' is before {detail_en} in column '{detail}'. "
        "Check the dates.",
    ),
    "actual_after_report": (
        "Ngày thực tế {value} ở cột '{column}' sau ngày báo cáo {detail_vi}: việc đó chưa xảy ra. "
        "Kiểm tra lại ngày.",
        "The actual date {value} in column '{column}' is after the report date {detail_en}: it "
        "cannot have happened yet. Check the date.",
    ),
    "completion_date_stage": (
        "Có ngày hoàn thành thực tế {value} nhưng giai đoạn chưa phải 'Hoàn thành' (hay 'Dừng'). "
        "Sửa giai đoạn hoặc bỏ ngày này.",
        "An actual completion date {value} is given but the stage is not 'completion' (or "
        "'cancelled'). Correct the stage or remove the date.",
    ),
    "completion_below_full": (
        "Dự án đã hoàn thành nhưng khối lượng đã thực hiện ghi {value}%.",
        "The project is completed but its works volume done reads {value}%.",
    ),
    "too_many": (
        "Còn {value} lỗi khác không liệt kê; sửa các lỗi trên rồi tải lên lại.",
        "{value} more problems are not listed; fix the ones above and upload again.",
    ),
}


@dataclass(frozen=True)
class Problem:
    """One problem in an uploaded file: where (row, column), what was seen, and why."""

    severity: Severity
    code: str
    row: int | None  # row number as Excel shows it; None for the file as a whole
    column: str | None  # the header as written in the file
    value: str
    message_vi: str
    message_en: str

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_vi


def problem(
    severity: Severity,
    code: str,
    *,
    row: int | None = None,
    column: str | None = None,
    value: object = "",
    detail: str = "",
    detail_vi: str = "",
    detail_en: str = "",
) -> Problem:
    """Build a problem from the message catalogue."""
    vi, en = MESSAGES[code]
    fields = {
        "value": "" if value is None else str(value),
        "column": column or "",
        "detail": detail,
        "detail_vi": detail_vi or detail,
        "detail_en": detail_en or detail,
    }
    return Problem(
        severity, code, row, column, fields["value"], vi.format(**fields), en.format(**fields)
    )


_REPORT_HEADERS = {
    "vi": ["Mức độ", "Dòng", "Cột", "Giá trị", "Lý do"],
    "en": ["Severity", "Row", "Column", "Value", "Reason"],
}
_SEVERITY = {
    "vi": {"error": "Lỗi", "notice": "Lưu ý"},
    "en": {"error": "Error", "notice": "Notice"},
}


def report_rows(problems: list[Problem], lang: str) -> list[list[str]]:
    """The problems as table rows (header first), for the screen and the downloadable report."""
    rows = [_REPORT_HEADERS.get(lang, _REPORT_HEADERS["vi"])]
    for p in problems:
        rows.append(
            [
                _SEVERITY.get(lang, _SEVERITY["vi"])[p.severity],
                "" if p.row is None else str(p.row),
                p.column or "",
                p.value,
                p.message(lang),
            ]
        )
    return rows


def report_csv(problems: list[Problem], lang: str) -> bytes:
    """The problem report as CSV that Excel opens correctly (UTF-8 with BOM, semicolons).

    Cells that Excel would run as formulas are prefixed with an apostrophe.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in report_rows(problems, lang):
        writer.writerow([str(neutralise(cell)) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
