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
import tempfile
import unicodedata
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

# Per commune: name as written, TKCS, TKKT, handed over, households affected, relocated,
# compensation approved and paid (triệu đồng).
HNCL = [
    ("P. Lương Văn Tri", 79.99, 88.37, 64.50, 234, 139, 220_000, 212_500),
    ("P. Tam Thanh", 31.85, 42.62, 34.20, 113, 90, 105_000, 102_100),
    ("X. Đồng Đăng", 64.01, 79.23, 81.90, 210, 158, 195_000, 190_000),
    ("X. Khánh Khê", 26.16, 33.05, 34.10, 88, 59, 82_000, 79_100),
    ("X. Tân Đoàn", 68.04, 80.62, 82.80, 214, 131, 200_000, 193_000),
    ("X. Chi Lăng", 121.64, 165.86, 170.60, 440, 238, 410_000, 397_500),
    ("X. Nhân Lý", 105.76, 128.84, 133.20, 341, 198, 320_000, 309_400),
]
DDTL = [
    ("X. Thất Khê", 78.00, 85.63, 98.10, 226, 168, 205_000, 199_000),
    ("X. Tràng Định", 84.19, 120.48, 138.00, 318, 220, 290_000, 279_500),
    ("X. Na Sầm", 59.78, 85.77, 61.00, 227, 153, 205_000, 199_000),
    ("X. Văn Lãng", 73.83, 81.56, 93.40, 215, 146, 195_000, 189_500),
    ("X. Hoàng Văn Thụ", 65.38, 81.94, 64.50, 216, 137, 200_000, 190_000),
    ("X. Đồng Đăng", 2.03, 2.80, 3.30, 8, 4, 7_000, 6_500),
]
TITLES = {
    "HNCL": "Dự án: Đầu tư xây dựng đường cao tốc Hữu Nghị – Chi Lăng",
    "DDTL": "Dự án: Đường cao tốc Đồng Đăng (Lạng Sơn) – Trà Lĩnh (Cao Bằng)",
}
WIDTH = 12  # columns A–L


def gpmb_rows(project: str, communes: list[tuple], *, total_override: float | None = None):
    """The GPMB form as rows of cells (None: blank), and the merged ranges of its header."""
    rows: list[list[object]] = [
        [
            "UBND TỈNH LẠNG SƠN",
            None,
            None,
            None,
            None,
            None,
            None,
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        ],
        [
            "BAN QLDA ĐTXD CÁC CÔNG TRÌNH GIAO THÔNG",
            None,
            None,
            None,
            None,
            None,
            None,
            "Độc lập - Tự do - Hạnh phúc",
        ],
        [],
        ["BIỂU TỔNG HỢP TIẾN ĐỘ GIẢI PHÓNG MẶT BẰNG"],
        [TITLES[project]],
        ["(Kèm theo Báo cáo số 215/BC-BQLDA ngày 01/8/2025; số liệu tính đến ngày 31/7/2025)"],
        [None] * 10 + ["ĐVT: ha; triệu đồng"],
        [
            "STT",
            "Xã, phường",
            "Diện tích cần thu hồi (ha)",
            None,
            "Đã bàn giao mặt bằng (ha)",
            "Tỷ lệ bàn giao (%)",
            None,
            "Số hộ",
            None,
            "Kinh phí bồi thường (triệu đồng)",
            None,
            "Ghi chú",
        ],
        [
            None,
            None,
            "Theo TKCS",
            "Theo TKKT",
            None,
            "So với TKCS",
            "So với TKKT",
            "Bị ảnh hưởng",
            "Đã di dời",
            "Phê duyệt",
            "Đã chi trả",
            None,
        ],
        [
            "(1)",
            "(2)",
            "(3)",
            "(4)",
            "(5)",
            "(6)=(5)/(3)",
            "(7)=(5)/(4)",
            "(8)",
            "(9)",
            "(10)",
            "(11)",
            "(12)",
        ],
    ]
    body = []
    for i, (name, tkcs, tkkt, done, affected, moved, approved, paid) in enumerate(communes, 1):
        body.append(
            [
                i,
                name,
                tkcs,
                tkkt,
                done,
                round(done / tkcs * 100, 2),
                round(done / tkkt * 100, 2),
                affected,
                moved,
                approved,
                paid,
                None,
            ]
        )
    sums = [round(sum(r[k] for r in body), 2) for k in range(2, 11)]
    done_total = total_override if total_override is not None else sums[2]
    totals = [
        None,
        "TỔNG CỘNG",
        sums[0],
        sums[1],
        done_total,
        round(sums[2] / sums[0] * 100, 2),
        round(sums[2] / sums[1] * 100, 2),
        *sums[5:],
        None,
    ]
    rows += [
        totals,
        *body,
        [],
        [None, "NGƯỜI LẬP BIỂU", None, None, None, None, None, None, "GIÁM ĐỐC"],
        [None, "(Ký, ghi rõ họ tên)", None, None, None, None, None, None, "(Ký tên, đóng dấu)"],
    ]
    merged = [
        "A1:D1",
        "H1:L1",
        "A2:D2",
        "H2:L2",
        "A4:L4",
        "A5:L5",
        "A6:L6",
        "K7:L7",
        "A8:A9",
        "B8:B9",
        "C8:D8",
        "E8:E9",
        "F8:G8",
        "H8:I8",
        "J8:K8",
        "L8:L9",
    ]
    return rows, merged


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


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: tone marks as combining characters."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
        out.append(base + "".join(c for c in decomposed if c in TONES))
    return "".join(out).encode("cp1258")


def save_csv(rows: list[list[object]], path: Path) -> None:
    lines = []
    for row in rows:
        cells = [excel_csv_text(c) for c in row] + [""] * (WIDTH - len(row))
        lines.append(";".join(f'"{c}"' if ";" in c else c for c in cells))
    path.write_bytes(cp1258("\r\n".join(lines) + "\r\n"))


def disbursement_rows():
    """A "Phụ lục" table: four merged header rows, a carried-over ("kéo dài") column, groups."""
    projects = [
        (
            "Dự án đường cao tốc Hữu Nghị – Chi Lăng (phần vốn ngân sách nhà nước)",
            "2181/QĐ-UBND 30/12/2022",
            11_000_000,
            1_200_000,
            300_000,
            85_000,
            640_000,
            160_000,
            40_000,
        ),
        (
            "Dự án cao tốc Đồng Đăng – Trà Lĩnh, đoạn qua tỉnh Lạng Sơn",
            "1212/QĐ-UBND 09/8/2022",
            9_800_000,
            900_000,
            250_000,
            30_000,
            360_000,
            110_000,
            12_000,
        ),
    ]
    body = []
    for i, (name, decision, tmdt, p_tw, p_dp, carried, d_tw, d_dp, d_carried) in enumerate(
        projects, 1
    ):
        plan, done = p_tw + p_dp, d_tw + d_dp
        body.append(
            [
                i,
                name,
                decision,
                tmdt,
                plan,
                p_tw,
                p_dp,
                carried,
                done,
                d_tw,
                d_dp,
                d_carried,
                round(done / plan * 100, 2),
                round(d_carried / carried * 100, 2),
                None,
            ]
        )
    sums = [sum(r[k] for r in body) for k in range(3, 12)]
    figures = [*sums, round(sums[5] / sums[1] * 100, 2), round(sums[8] / sums[4] * 100, 2), None]
    rows: list[list[object]] = [
        ["UBND TỈNH LẠNG SƠN"],
        ["Phụ lục 02"],
        ["TÌNH HÌNH GIẢI NGÂN KẾ HOẠCH VỐN ĐẦU TƯ CÔNG NĂM 2025"],
        ["(Kèm theo Báo cáo số 120/BC-UBND ngày 05/8/2025 của UBND tỉnh Lạng Sơn)"],
        [None] * 13 + ["Đơn vị tính: triệu đồng"],
        [
            "STT",
            "Danh mục dự án",
            "Quyết định đầu tư",
            None,
            "Kế hoạch vốn",
            None,
            None,
            None,
            "Giải ngân từ 01/01/2025 đến 31/7/2025",
            None,
            None,
            None,
            "Tỷ lệ giải ngân (%)",
            None,
            "Ghi chú",
        ],
        [
            None,
            None,
            "Số, ngày quyết định",
            "TMĐT",
            "Năm 2025",
            None,
            None,
            "Năm 2024 kéo dài sang năm 2025",
            "Kế hoạch năm 2025",
            None,
            None,
            "Vốn kéo dài",
            "KH năm 2025",
            "Vốn kéo dài",
            None,
        ],
        [
            None,
            None,
            None,
            None,
            "Tổng số",
            "Trong đó",
            None,
            None,
            "Tổng số",
            "Trong đó",
            None,
            None,
            None,
            None,
            None,
        ],
        [
            None,
            None,
            None,
            None,
            None,
            "NSTW",
            "NSĐP",
            None,
            None,
            "NSTW",
            "NSĐP",
            None,
            None,
            None,
            None,
        ],
        ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13=9/5", "14=12/8", "15"],
        [None, "TỔNG SỐ", None, *figures],
        ["A", "DỰ ÁN CHUYỂN TIẾP", None, *figures],
        ["I", "Ngành giao thông", None, *figures],
        *body,
        [],
        ["Ghi chú: vốn kéo dài được giải ngân đến hết 31/12/2025."],
        [
            None,
            "NGƯỜI LẬP BIỂU",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "TM. ỦY BAN NHÂN DÂN",
        ],
    ]
    merged = [
        "A6:A9",
        "B6:B9",
        "C6:D6",
        "E6:H6",
        "I6:L6",
        "M6:N6",
        "O6:O9",
        "C7:C9",
        "D7:D9",
        "E7:G7",
        "H7:H9",
        "I7:K7",
        "L7:L9",
        "M7:M9",
        "N7:N9",
        "E8:E9",
        "F8:G8",
        "I8:I9",
        "J8:K8",
    ]
    return rows, merged


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
