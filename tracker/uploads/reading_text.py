"""How a form was read, in words: for the command line and the app's mapping step."""

from __future__ import annotations

from tracker.i18n import format_date
from tracker.uploads import form_words as words
from tracker.uploads.form_model import FormColumn, FormReading, SheetReading, excel_rows
from tracker.uploads.intake import Intake
from tracker.uploads.templates import COLUMNS_BY_KIND

#: What each field a form column can become is called, (vi, en).
FIELD_LABELS: dict[str, tuple[str, str]] = {
    **{c.name: (c.header_vi, c.name) for cols in COLUMNS_BY_KIND.values() for c in cols},
    "project_code": ("Dự án (mã hoặc tên)", "project (code or name)"),
    "plan_vnd.central": ("Kế hoạch vốn NSTW", "plan, central budget (NSTW)"),
    "plan_vnd.local": ("Kế hoạch vốn NSĐP", "plan, local budget (NSĐP)"),
    "plan_vnd.total": ("Kế hoạch vốn, tổng số (để kiểm tra)", "plan, total (checked)"),
    "disbursed_vnd.central": ("Giải ngân NSTW", "disbursed, central budget (NSTW)"),
    "disbursed_vnd.local": ("Giải ngân NSĐP", "disbursed, local budget (NSĐP)"),
    "disbursed_vnd.total": ("Giải ngân, tổng số (để kiểm tra)", "disbursed, total (checked)"),
    "carried_plan_vnd": ("Kế hoạch kéo dài (để kiểm tra)", "carried-over plan (checked)"),
    "carried_disbursed_vnd": (
        "Giải ngân vốn kéo dài (để kiểm tra)",
        "carried-over disbursement (checked)",
    ),
    words.STT: ("Số thứ tự", "row number (STT)"),
    words.PERCENT: ("Tỷ lệ % (tính lại, không lưu)", "percentage (recomputed, not stored)"),
    "": ("Bỏ qua", "ignored"),
}
ROLE_LABELS: dict[str, tuple[str, str]] = {
    "title": ("tiêu đề", "title"),
    "header": ("dòng tiêu đề cột", "header"),
    "numbering": ("dòng đánh số cột", "column numbering"),
    "body": ("số liệu", "data"),
    "total": ("tổng cộng", "total"),
    "subtotal": ("cộng nhóm", "subtotal"),
    "group": ("nhóm", "group"),
    "blank": ("trống", "blank"),
    "signature": ("chữ ký", "signature"),
    "footnote": ("ghi chú cuối bảng", "footnote"),
}


def field_label(name: str | None, lang: str) -> str:
    vi, en = FIELD_LABELS.get(name or "", (name or "", name or ""))
    return en if lang == "en" else vi


def choices_for(kind: str) -> list[str]:
    """The fields a column of a form of ``kind`` may become, "" (ignored) first."""
    return ["", *words.FORM_FIELDS[kind], words.STT, words.PERCENT]


def units_for(name: str | None) -> list[str]:
    """The units a column of this field may be written in (none for text and counts)."""
    if name in words.MONEY_FIELDS:
        return ["dong", "nghin_dong", "trieu_dong", "ty_dong"]
    if name in words.AREA_FIELDS:
        return ["ha", "m2"]
    return []


def column_line(column: FormColumn, lang: str) -> str:
    unit = f" [{words.UNIT_LABELS[column.unit]}]" if column.unit else ""
    return f"{column.letter} «{column.header}» → {field_label(column.field, lang)}{unit}"


def where_from(place: str, lang: str) -> str:
    """Where a project or date was read: "row 5", "sheet name", or "given"."""
    if place.startswith("row:"):
        return ("dòng " if lang == "vi" else "row ") + place[4:]
    if place.startswith("sheet:"):
        return "tên trang" if lang == "vi" else "sheet name"
    if place == "column":
        return "cột ngày của từng dòng" if lang == "vi" else "each row's date column"
    if place == "given":
        return "chọn khi tải lên" if lang == "vi" else "given on upload"
    return ""


def rows_by_role(sheet: SheetReading) -> list[tuple[str, str]]:
    """(role, Excel rows) for every role present in the sheet, in the sheet's order."""
    seen: dict[str, list[int]] = {}
    for i, role in enumerate(sheet.roles):
        seen.setdefault(role, []).append(i)
    return [(role, excel_rows(rows)) for role, rows in seen.items()]


def sheet_summary(reading: FormReading, sheet: SheetReading, lang: str) -> str:
    """One paragraph: which rows are what, the project and the date, and where each was read."""
    vi = lang != "en"
    parts = [
        f"{ROLE_LABELS[role][0 if vi else 1]}: {rows}"
        for role, rows in rows_by_role(sheet)
        if role != "title"
    ]
    projects = sorted({p for p in sheet.row_project.values() if p})
    place = where_from(sheet.project_from, lang)
    project = ", ".join(projects) + (f" ({place})" if place else "")
    date = format_date(sheet.as_of, lang) if sheet.as_of else "—"
    when = where_from(sheet.as_of_from, lang)
    head = f"'{sheet.name}': " if len(reading.sheets) > 1 else ""
    label = ("Dự án", "Tính đến ngày") if vi else ("Project", "As of")
    return (
        f"{head}{'; '.join(parts)}. {label[0]}: {project or '—'}. "
        f"{label[1]}: {date}{f' ({when})' if when else ''}."
    )


def reading_summary(intake: Intake, lang: str) -> str:
    """How a form was read, for the command line: the layout, each sheet, each column."""
    reading = intake.reading
    assert reading is not None
    vi = lang != "en"
    how = (
        (f"theo cách đọc '{intake.layout.label}'" if vi else f"with layout '{intake.layout.label}'")
        if intake.layout
        else ("tự nhận dạng" if vi else "recognised automatically")
    )
    lines = [("Đọc như biểu mẫu, " if vi else "Read as a form, ") + how + ":"]
    for sheet in reading.sheets:
        lines.append("  " + sheet_summary(reading, sheet, lang))
        lines += [f"    {column_line(c, lang)}" for c in sheet.columns]
    return "\n".join(lines)
