"""The words of the user interface, in Vietnamese (default) and English."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "title": {"vi": "Theo dõi GPMB và giải ngân", "en": "Land clearance and disbursement"},
    "language": {"vi": "Ngôn ngữ", "en": "Language"},
    "as_of": {"vi": "Số liệu tính đến", "en": "Figures as of"},
    "projects": {"vi": "Dự án", "en": "Projects"},
    "all_projects": {"vi": "Tất cả dự án", "en": "All projects"},
    "cleared": {"vi": "Đã bàn giao", "en": "Handed over"},
    "pct_basic": {"vi": "% TKCS", "en": "% basic design"},
    "pct_technical": {"vi": "% TKKT", "en": "% technical design"},
    "remaining": {"vi": "Còn lại (TKKT)", "en": "Remaining (technical)"},
    "change": {"vi": "so với kỳ trước", "en": "since previous report"},
    "disbursement": {
        "vi": "Giải ngân vốn đầu tư công toàn tỉnh",
        "en": "Province-wide public-investment disbursement",
    },
    "disbursed_bn": {"vi": "Đã giải ngân (tỷ đồng)", "en": "Disbursed (billion VND)"},
    "pct_central": {"vi": "% KH Trung ương giao", "en": "% of centrally assigned plan"},
    "pct_local": {"vi": "% KH địa phương triển khai", "en": "% of locally deployed plan"},
    "national_avg": {"vi": "Bình quân cả nước", "en": "National average"},
    "warnings": {
        "vi": "Số liệu công bố không khớp",
        "en": "Published figures that do not reconcile",
    },
    "synthetic_note": {
        "vi": "Dữ liệu minh hoạ: tổng số khớp với số liệu đã công bố; phân bổ theo xã, theo tuần "
        "và hướng tuyến là số liệu tổng hợp/minh hoạ, không phải số liệu khảo sát.",
        "en": "Demo data: totals match published figures; the split by commune and week and the "
        "alignments are synthetic/indicative, not surveyed.",
    },
    "by_commune": {"vi": "Chi tiết theo xã, phường", "en": "By commune"},
    "dropped": {
        "vi": "Đã bỏ qua tham số không hợp lệ trong đường dẫn",
        "en": "Ignored invalid link parameters",
    },
    "no_data": {
        "vi": "Chưa có số liệu. Chạy `python -m tracker init --demo` hoặc tải lên báo cáo.",
        "en": "No figures yet. Run `python -m tracker init --demo` or upload a report.",
    },
    "error": {"vi": "Có lỗi", "en": "Error"},
    "kpi_caption": {
        "vi": "Nguồn: {source}; báo cáo ngày {date}",
        "en": "Source: {source}; reported {date}",
    },
    "commune": {"vi": "Xã/phường", "en": "Commune"},
    "project": {"vi": "Dự án", "en": "Project"},
    "required_basic": {"vi": "DT theo TKCS (ha)", "en": "Basic design (ha)"},
    "required_technical": {"vi": "DT theo TKKT (ha)", "en": "Technical design (ha)"},
    "cleared_ha": {"vi": "Đã bàn giao (ha)", "en": "Handed over (ha)"},
    "change_ha": {"vi": "Thay đổi (ha)", "en": "Change (ha)"},
    "report_date": {"vi": "Ngày báo cáo", "en": "Report date"},
    "households_relocated": {"vi": "Hộ đã di dời", "en": "Households relocated"},
    "source": {"vi": "Nguồn", "en": "Source"},
    "upload": {"vi": "Lần tải lên", "en": "Upload"},
}


def t(key: str, lang: str) -> str:
    """The text for ``key`` in ``lang`` (Vietnamese when the language is unknown)."""
    entry = TEXT[key]
    return entry.get(lang, entry["vi"])
