"""Write the form fixtures the way provincial boards make them.

Run from the repository root: ``.venv/bin/python tests/data/forms/make_forms.py``. The .xlsx files
are written with openpyxl (merged header cells, a title block, a signature block); the .xls and
.ods copies are made from the .xlsx by LibreOffice (``soffice --headless --convert-to xls`` and
``ods``, Debian's ``libreoffice-calc-nogui``), as an office saving in another format would; the CSV
is what Excel on a Vietnamese Windows saves (Windows-1258, semicolons, decimal commas, thousands
dots, merged cells left blank). The committed files are the fixtures; this script says how each
was made. Figures continue the demo province's history (its last clearance week is 30/06/2025).
All figures are synthetic, like the demo.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "uploads"))

from make_files import cp1258  # noqa: E402 (the upload fixtures' own Windows-1258 writer)

# Per commune: name as written; TKCS, TKKT and handed over (ha); households affected and
# relocated; compensation approved and paid (triệu đồng).
HNCL_TEXT = """
P. Lương Văn Tri | 79.99 | 88.37 | 64.50 | 234 | 139 | 220000 | 212500
P. Tam Thanh | 31.85 | 42.62 | 34.20 | 113 | 90 | 105000 | 102100
X. Đồng Đăng | 64.01 | 79.23 | 81.90 | 210 | 158 | 195000 | 190000
X. Khánh Khê | 26.16 | 33.05 | 34.10 | 88 | 59 | 82000 | 79100
X. Tân Đoàn | 68.04 | 80.62 | 82.80 | 214 | 131 | 200000 | 193000
X. Chi Lăng | 121.64 | 165.86 | 170.60 | 440 | 238 | 410000 | 397500
X. Nhân Lý | 105.76 | 128.84 | 133.20 | 341 | 198 | 320000 | 309400
"""
DDTL_TEXT = """
X. Thất Khê | 78.00 | 85.63 | 98.10 | 226 | 168 | 205000 | 199000
X. Tràng Định | 84.19 | 120.48 | 138.00 | 318 | 220 | 290000 | 279500
X. Na Sầm | 59.78 | 85.77 | 61.00 | 227 | 153 | 205000 | 199000
X. Văn Lãng | 73.83 | 81.56 | 93.40 | 215 | 146 | 195000 | 189500
X. Hoàng Văn Thụ | 65.38 | 81.94 | 64.50 | 216 | 137 | 200000 | 190000
X. Đồng Đăng | 2.03 | 2.80 | 3.30 | 8 | 4 | 7000 | 6500
"""


def communes(text: str) -> list[tuple]:
    """The rows of a commune table: a name, three areas (ha) and four whole numbers."""
    rows = []
    for line in text.strip().splitlines():
        name, *figures = (part.strip() for part in line.split("|"))
        rows.append((name, *(float(f) for f in figures[:3]), *(int(f) for f in figures[3:])))
    return rows


HNCL = communes(HNCL_TEXT)
DDTL = communes(DDTL_TEXT)
TITLES = {
    "HNCL": "Dự án: Đầu tư xây dựng đường cao tốc Hữu Nghị – Chi Lăng",
    "DDTL": "Dự án: Đường cao tốc Đồng Đăng (Lạng Sơn) – Trà Lĩnh (Cao Bằng)",
}
WIDTH = 12  # columns A–L


def cells(text: str) -> list[object]:
    """A row of cells written "a | b | | c": blank between bars is an empty cell."""
    return [part.strip() or None for part in text.split("|")]


def merged_ranges(text: str) -> list[str]:
    """Merged ranges written one after another: "A1:D1 H1:L1"."""
    return text.split()


GPMB_HEAD = [
    cells("UBND TỈNH LẠNG SƠN | | | | | | | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    cells("BAN QLDA ĐTXD CÁC CÔNG TRÌNH GIAO THÔNG | | | | | | | Độc lập - Tự do - Hạnh phúc"),
    [],
    ["BIỂU TỔNG HỢP TIẾN ĐỘ GIẢI PHÓNG MẶT BẰNG"],
]
GPMB_HEADER = [
    [None] * 10 + ["ĐVT: ha; triệu đồng"],
    cells(
        "STT | Xã, phường | Diện tích cần thu hồi (ha) | | Đã bàn giao mặt bằng (ha) | "
        "Tỷ lệ bàn giao (%) | | Số hộ | | Kinh phí bồi thường (triệu đồng) | | Ghi chú"
    ),
    cells(
        " | | Theo TKCS | Theo TKKT | | So với TKCS | So với TKKT | Bị ảnh hưởng | Đã di dời | "
        "Phê duyệt | Đã chi trả | "
    ),
    cells(
        "(1) | (2) | (3) | (4) | (5) | (6)=(5)/(3) | (7)=(5)/(4) | (8) | (9) | (10) | (11) | (12)"
    ),
]
GPMB_MERGED = merged_ranges(
    "A1:D1 H1:L1 A2:D2 H2:L2 A4:L4 A5:L5 A6:L6 K7:L7 "
    "A8:A9 B8:B9 C8:D8 E8:E9 F8:G8 H8:I8 J8:K8 L8:L9"
)


def gpmb_rows(project: str, communes: list[tuple], *, total_override: float | None = None):
    """The GPMB form as rows of cells (None: blank), and the merged ranges of its header."""
    title = [
        [TITLES[project]],
        ["(Kèm theo Báo cáo số 215/BC-BQLDA ngày 01/8/2025; số liệu tính đến ngày 31/7/2025)"],
    ]
    body = []
    for i, (name, tkcs, tkkt, done, affected, moved, approved, paid) in enumerate(communes, 1):
        rates = [round(done / tkcs * 100, 2), round(done / tkkt * 100, 2)]
        body.append([i, name, tkcs, tkkt, done, *rates, affected, moved, approved, paid, None])
    sums = [round(sum(r[k] for r in body), 2) for k in range(2, 11)]
    done_total = total_override if total_override is not None else sums[2]
    rates = [round(sums[2] / sums[0] * 100, 2), round(sums[2] / sums[1] * 100, 2)]
    totals = [None, "TỔNG CỘNG", sums[0], sums[1], done_total, *rates, *sums[5:], None]
    signature = [
        cells(" | NGƯỜI LẬP BIỂU | | | | | | | GIÁM ĐỐC"),
        cells(" | (Ký, ghi rõ họ tên) | | | | | | | (Ký tên, đóng dấu)"),
    ]
    rows = [*GPMB_HEAD, *title, *GPMB_HEADER, totals, *body, [], *signature]
    return rows, GPMB_MERGED


def write_sheet(sheet: Worksheet, rows: list[list[object]], merged: list[str], header: int) -> None:
    for row in rows:
        sheet.append(row)
    for ref in merged:
        sheet.merge_cells(ref)
    for row in sheet.iter_rows(min_row=header, max_row=header + 1):
        for cell in row:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in sheet.iter_rows(min_row=header + 3):
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = "#,##0.00"
            elif isinstance(cell.value, int) and cell.column > 1:
                cell.number_format = "#,##0"


def excel_csv_text(cell: object) -> str:
    """A cell as Excel on a Vietnamese Windows writes it to CSV: the number as displayed."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        return f"{cell:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    if isinstance(cell, int):
        return f"{cell:,}".replace(",", ".")
    return str(cell)


def save_csv(rows: list[list[object]], path: Path) -> None:
    lines = []
    for row in rows:
        cells = [excel_csv_text(c) for c in row] + [""] * (WIDTH - len(row))
        lines.append(";".join(f'"{c}"' if ";" in c else c for c in cells))
    path.write_bytes(cp1258("\r\n".join(lines) + "\r\n"))


PROJECT_ROWS = [
    "Dự án đường cao tốc Hữu Nghị – Chi Lăng (phần vốn ngân sách nhà nước) | "
    "2181/QĐ-UBND 30/12/2022 | 11000000 | 1200000 | 300000 | 85000 | 640000 | 160000 | 40000",
    "Dự án cao tốc Đồng Đăng – Trà Lĩnh, đoạn qua tỉnh Lạng Sơn | 1212/QĐ-UBND 09/8/2022 | "
    "9800000 | 900000 | 250000 | 30000 | 360000 | 110000 | 12000",
]
PHU_LUC_HEADER = [
    cells(
        "STT | Danh mục dự án | Quyết định đầu tư | | Kế hoạch vốn | | | | "
        "Giải ngân từ 01/01/2025 đến 31/7/2025 | | | | Tỷ lệ giải ngân (%) | | Ghi chú"
    ),
    cells(
        " | | Số, ngày quyết định | TMĐT | Năm 2025 | | | Năm 2024 kéo dài sang năm 2025 | "
        "Kế hoạch năm 2025 | | | Vốn kéo dài | KH năm 2025 | Vốn kéo dài | "
    ),
    cells(" | | | | Tổng số | Trong đó | | | Tổng số | Trong đó | | | | | "),
    cells(" | | | | | NSTW | NSĐP | | | NSTW | NSĐP | | | | "),
    cells("1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13=9/5 | 14=12/8 | 15"),
]
PHU_LUC_MERGED = merged_ranges(
    "A6:A9 B6:B9 C6:D6 E6:H6 I6:L6 M6:N6 O6:O9 C7:C9 D7:D9 E7:G7 H7:H9 I7:K7 L7:L9 M7:M9 N7:N9 "
    "E8:E9 F8:G8 I8:I9 J8:K8"
)


def disbursement_rows():
    """A "Phụ lục" table: four merged header rows, a carried-over ("kéo dài") column, groups."""
    body: list[list[object]] = []
    for i, line in enumerate(PROJECT_ROWS, 1):
        name, decision, *amounts = (part.strip() for part in line.split("|"))
        tmdt, p_tw, p_dp, carried, d_tw, d_dp, d_carried = (int(a) for a in amounts)
        plan, done = p_tw + p_dp, d_tw + d_dp
        rates = [round(done / plan * 100, 2), round(d_carried / carried * 100, 2)]
        figures = [tmdt, plan, p_tw, p_dp, carried, done, d_tw, d_dp, d_carried, *rates, None]
        body.append([i, name, decision, *figures])
    sums = [sum(int(str(r[k])) for r in body) for k in range(3, 12)]
    rates = [round(sums[5] / sums[1] * 100, 2), round(sums[8] / sums[4] * 100, 2)]
    figures = [*sums, *rates, None]
    rows: list[list[object]] = [
        ["UBND TỈNH LẠNG SƠN"],
        ["Phụ lục 02"],
        ["TÌNH HÌNH GIẢI NGÂN KẾ HOẠCH VỐN ĐẦU TƯ CÔNG NĂM 2025"],
        ["(Kèm theo Báo cáo số 120/BC-UBND ngày 05/8/2025 của UBND tỉnh Lạng Sơn)"],
        [None] * 13 + ["Đơn vị tính: triệu đồng"],
        *PHU_LUC_HEADER,
        [None, "TỔNG SỐ", None, *figures],
        ["A", "DỰ ÁN CHUYỂN TIẾP", None, *figures],
        ["I", "Ngành giao thông", None, *figures],
        *body,
        [],
        ["Ghi chú: vốn kéo dài được giải ngân đến hết 31/12/2025."],
        cells(" | NGƯỜI LẬP BIỂU | | | | | | | | | TM. ỦY BAN NHÂN DÂN"),
    ]
    return rows, PHU_LUC_MERGED


def convert(xlsx: Path, fmt: str) -> None:
    """An .xls or .ods copy made by LibreOffice, as an office saving in that format would."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--norestore",
                "--convert-to",
                fmt,
                "--outdir",
                str(HERE),
                str(xlsx),
            ],
            check=True,
            env={"HOME": profile, "PATH": "/usr/bin:/bin"},
            capture_output=True,
        )


def main() -> None:
    rows, merged = gpmb_rows("HNCL", HNCL)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Biểu 01"
    write_sheet(sheet, rows, merged, header=8)
    book.save(HERE / "gpmb_hncl.xlsx")
    if shutil.which("soffice"):
        convert(HERE / "gpmb_hncl.xlsx", "xls")
        convert(HERE / "gpmb_hncl.xlsx", "ods")
    save_csv(rows, HERE / "gpmb_hncl_cp1258.csv")

    wrong, _ = gpmb_rows("HNCL", HNCL, total_override=605.30)
    save_csv(wrong, HERE / "gpmb_hncl_wrong_total.csv")

    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "HNCL"
    write_sheet(first, *gpmb_rows("HNCL", HNCL), header=8)
    write_sheet(book.create_sheet("DDTL"), *gpmb_rows("DDTL", DDTL), header=8)
    book.create_sheet("Hướng dẫn").append(["Mỗi dự án một trang; số liệu tính đến 31/7/2025."])
    book.save(HERE / "gpmb_by_project.xlsx")

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "PL02"
    write_sheet(sheet, *disbursement_rows(), header=6)
    book.save(HERE / "phu_luc_giai_ngan.xlsx")


if __name__ == "__main__":
    main()
