"""Write the upload fixtures the way Excel on a Vietnamese-locale Windows PC saves them.

Run from the repository root: ``.venv/bin/python tests/data/uploads/make_files.py``. The files are
committed; this script documents exactly how each was made. Figures continue the demo province's
weekly history (its last clearance week is 30/06/2025), so a clean file is accepted on the demo.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
VI_CLEARANCE = [
    "Mã dự án",
    "Xã/phường",
    "Ngày báo cáo",
    "Diện tích đã bàn giao (ha)",
    "Số hộ đã di dời",
    "Kinh phí bồi thường (đồng)",
    "Ghi chú",
]


def excel_csv(
    rows: list[list[str]], *, delimiter: str = ";", bom: bool = True, trailing_blank_rows: int = 2
) -> str:
    """CSV text as Excel writes it: CRLF, quotes only where needed, blank rows as delimiters."""
    width = len(rows[0])
    lines = []
    for row in rows:
        cells = [f'"{c}"' if (delimiter in c or '"' in c or "\n" in c) else c for c in row]
        lines.append(delimiter.join(cells))
    lines += [delimiter * (width - 1)] * trailing_blank_rows
    return ("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n"


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters precomposed where the code page
    has them (â, ă, ê, ô, ơ, ư, đ), tone marks as separate combining characters."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
        out.append(base + "".join(c for c in decomposed if c in TONES))
    return "".join(out).encode("cp1258")


def main() -> None:
    files: dict[str, bytes] = {}

    # 1. The usual weekly file: UTF-8 with BOM, semicolons, decimal commas, units left in cells,
    #    unit prefixes written every way, an old commune name, a code, blank rows below.
    files["01_clearance_week_utf8_bom.csv"] = excel_csv(
        [
            VI_CLEARANCE,
            ["HNCL", "P. Lương Văn Tri", "07/07/2025", "64,10", "138", "212.500.000.000", ""],
            ["HNCL", "phường tam thanh", "07/07/2025", "33,87", "89", "101.956.000.000", ""],
            ["HNCL", "xã Chi Lăng", "07/07/2025", "171,05 ha", "238", "399.000.000.000", ""],
            [
                "HNCL",
                "Mai Sao",
                "07/07/2025",
                "133,2",
                "197",
                "309.000.000.000",
                "tên xã cũ (nay là Nhân Lý)",
            ],
            ["HNCL", "06184", "07/07/2025", "81,90", "157", "190.000.000.000", ""],
            ["HNCL", "Tân Đoàn", "07/07/2025", "82,56", "130", "192.885.000.000", ""],
            ["HNCL", "Khanh Khe", "07/07/2025", "34,10", "58", "79.067.000.000", "gõ không dấu"],
        ]
    ).encode("utf-8")

    # 2. Windows-1258 (combining tone marks), old pre-2025 names, a title row above the header.
    rows = [
        ["BÁO CÁO TIẾN ĐỘ GPMB CAO TỐC ĐỒNG ĐĂNG - TRÀ LĨNH, TUẦN 28/2025", "", "", "", "", "", ""],
        VI_CLEARANCE,
        ["DDTL", "TT Thất Khê", "07/07/2025", "98,00", "167", "199.000.000.000", ""],
        ["DDTL", "Hùng Sơn", "07/07/2025", "137,5", "219", "279.000.000.000", "xã cũ"],
        ["DDTL", "Hoàng Việt", "07/07/2025", "60,22", "152", "198.426.000.000", "xã cũ"],
        ["DDTL", "Bắc La", "07/07/2025", "93,01", "145", "189.000.000.000", "xã cũ"],
        ["DDTL", "Tân Mỹ", "07/07/2025", "64,3", "137", "190.000.000.000", "xã cũ"],
    ]
    files["02_clearance_cp1258_old_names.csv"] = cp1258(excel_csv(rows, bom=False))

    # 3. An English-locale export: commas, dot decimals, ISO dates, English headers, no BOM.
    files["03_clearance_english_comma.csv"] = excel_csv(
        [
            ["project_code", "commune", "report_date", "cleared_ha", "households_relocated"],
            ["HNCL", "Nhan Ly", "2025-07-14", "134.75", "199"],
            ["HNCL", "Chi Lang", "2025-07-14", "172.30", "240"],
        ],
        delimiter=",",
        bom=False,
    ).encode("utf-8")

    # 4. A disbursement report in đồng with dot thousands, NSTW/NSĐP and a plan revision.
    files["04_disbursement_vi.csv"] = excel_csv(
        [
            [
                "Mã dự án",
                "Năm kế hoạch",
                "Nguồn vốn",
                "Ngày báo cáo",
                "Giá trị giải ngân (đồng)",
                "Kế hoạch vốn (đồng)",
                "Loại kế hoạch",
                "Ghi chú",
            ],
            ["LS-DTC", "2025", "NSTW", "31/07/2025", "1.517.300.000.000", "", "", ""],
            [
                "LS-DTC",
                "2025",
                "NSĐP",
                "31/07/2025",
                "1.012.450.000.000",
                "3.650.000.000.000",
                "địa phương triển khai",
                "HĐND tỉnh bổ sung kế hoạch",
            ],
        ]
    ).encode("utf-8")

    # 5. Everything wrong that a week's file can get wrong, one bad cell per problem.
    files["05_clearance_errors.csv"] = excel_csv(
        [
            VI_CLEARANCE,
            ["HNCL", "Tam Thanh", "07/07/2025", "35,00", "", "", ""],  # fine
            ["HNCLL", "Tam Thanh", "07/07/2025", "35,00", "", "", ""],  # unknown project
            ["HNCL", "Xã Không Tồn Tại", "07/07/2025", "10", "", "", ""],  # unknown commune
            ["HNCL", "Bính Xá", "07/07/2025", "10", "", "", ""],  # split old commune
            ["HNCL", "Chi Lăng", "31/06/2025", "170", "", "", ""],  # impossible date
            ["HNCL", "Nhân Lý", "07/07/2025", "-5", "", "", ""],  # negative
            ["HNCL", "Tân Đoàn", "07/07/2025", "khoảng 80", "", "", ""],  # not a number
            ["HNCL", "P. Tam Thanh", "07/07/2025", "36,00", "", "", ""],  # duplicate of row 2
            ["HNCL", "Lương Văn Tri", "07/07/2025", "50,00", "", "", ""],  # falls, no note
            ["HNCL", "Khánh Khê", "07/07/2030", "40", "", "", ""],  # future
            ["HNCL", "Đồng Đăng", "07/07/2025", "82", "12,5", "", ""],  # fractional households
        ]
    ).encode("utf-8")

    # 6. A fall explained in a note is accepted, as a notice.
    files["06_clearance_fall_with_note.csv"] = excel_csv(
        [
            VI_CLEARANCE,
            [
                "HNCL",
                "Lương Văn Tri",
                "07/07/2025",
                "62,00",
                "",
                "",
                "Đo đạc lại, trả lại 1,74 ha cho hộ dân theo quyết định điều chỉnh",
            ],
        ]
    ).encode("utf-8")

    # 7. A required column missing.
    files["07_clearance_missing_column.csv"] = excel_csv(
        [
            ["Mã dự án", "Xã/phường", "Diện tích đã bàn giao (ha)"],
            ["HNCL", "Tam Thanh", "35"],
        ]
    ).encode("utf-8")

    # 8. Not a spreadsheet at all.
    files["08_binary.csv"] = bytes(range(256)) * 8

    # 9. An Excel workbook with real number and date cells.
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(VI_CLEARANCE)
    import datetime as dt

    sheet.append(["HNCL", "Tam Thanh", dt.datetime(2025, 7, 7), 34.2, 90, 102_000_000_000, None])
    sheet.append(["HNCL", "Chi Lăng", dt.datetime(2025, 7, 7), 170.5, 237, 398_000_000_000, None])
    sheet.cell(row=2, column=4).number_format = "#,##0.00"
    path = HERE / "09_clearance_workbook.xlsx"
    book.save(path)

    for name, content in files.items():
        (HERE / name).write_bytes(content)


if __name__ == "__main__":
    main()
