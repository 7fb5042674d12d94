"""Office forms for tests: the fixture generator's own builders, and small variations of them."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from types import ModuleType

FORMS = Path(__file__).parent / "data" / "forms"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_forms", FORMS / "make_forms.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_forms = _load()


def csv_form(rows: list[list[object]]) -> bytes:
    """Rows of cells as Excel on a Vietnamese Windows saves them to CSV (Windows-1258, ';')."""
    lines = []
    width = max(len(r) for r in rows)
    for row in rows:
        # Excel writes every row as wide as the sheet's used range.
        cells = [make_forms.excel_csv_text(c) for c in row] + [""] * (width - len(row))
        lines.append(";".join(f'"{c}"' if ";" in c else c for c in cells))
    return make_forms.cp1258("\r\n".join(lines) + "\r\n")


def gpmb(project: str = "HNCL", **changes: object) -> list[list[object]]:
    """The GPMB form's rows (title, two-row header, numbering, TỔNG CỘNG, communes, signature);
    ``changes`` replace cells by Excel reference ("B14": "X. Không Có")."""
    communes = make_forms.HNCL if project == "HNCL" else make_forms.DDTL
    rows, _ = make_forms.gpmb_rows(project, communes)
    rows = [list(r) + [None] * (make_forms.WIDTH - len(r)) for r in rows]
    for ref, value in changes.items():
        column = ord(ref[0]) - ord("A")
        rows[int(ref[1:]) - 1][column] = value
    return rows


def unfamiliar_workbook(day: str, cleared: list[float], moved: list[int]) -> bytes:
    """A board's own weekly sheet in words the tracker does not know ("Mặt bằng đã nhận"), as
    .xlsx: title, one header row, communes, a totals row at the bottom and a signature."""
    from openpyxl import Workbook

    communes = ["P. Lương Văn Tri", "P. Tam Thanh", "X. Chi Lăng"]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["BÁO CÁO NHANH TIẾN ĐỘ BÀN GIAO MẶT BẰNG"])
    sheet.append(["Dự án: Cao tốc Hữu Nghị – Chi Lăng"])
    sheet.append([f"Cập nhật đến ngày {day}"])
    sheet.append(["TT", "Địa phương", "Mặt bằng đã nhận (ha)", "Hộ đã di dời", "Ghi chú"])
    for i, (name, ha, households) in enumerate(zip(communes, cleared, moved, strict=True), 1):
        sheet.append([i, name, ha, households, None])
    sheet.append([None, "TỔNG CỘNG", round(sum(cleared), 2), sum(moved), None])
    sheet.append([])
    sheet.append([None, "NGƯỜI LẬP BIỂU", None, "TRƯỞNG BAN"])
    for ref in ("A1:E1", "A2:E2", "A3:E3"):
        sheet.merge_cells(ref)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
