"""The downloadable check report: opens in Excel correctly and never runs a formula."""

from __future__ import annotations

import csv
import io

from tracker.exports import neutralise as neutralise_formula
from tracker.uploads.problems import problem, report_csv


def test_formula_like_cells_are_neutralised() -> None:
    assert neutralise_formula('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    for risky in ("+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise_formula(risky).startswith("'")
    assert neutralise_formula("Tam Thanh") == "Tam Thanh"
    assert neutralise_formula("") == ""


def test_report_csv_rows_and_encoding() -> None:
    problems = [
        problem(
            "error",
            "not_a_number",
            row=7,
            column="Diện tích đã bàn giao (ha)",
            value='=HYPERLINK("http://x","bấm")',
        ),
        problem("notice", "unknown_column", row=1, column="@cột lạ", value="@cột lạ"),
    ]
    data = report_csv(problems, "vi")
    assert data.startswith("\ufeff".encode())  # Excel needs the BOM to read UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Mức độ", "Dòng", "Cột", "Giá trị", "Lý do"]
    assert rows[1][:3] == ["Lỗi", "7", "Diện tích đã bàn giao (ha)"]
    assert rows[1][3] == '\'=HYPERLINK("http://x","bấm")'
    assert rows[2][2].startswith("'@") and rows[2][3].startswith("'@")
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
