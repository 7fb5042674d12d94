"""Downloads open safely in a spreadsheet: text that looks like a formula stays text."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from tracker.exports import csv_bytes, excel_bytes, neutralise

HOSTILE = pd.DataFrame(
    {
        "Dự án": ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "HNCL"],
        "Ghi chú": ["\tTAB", "bình thường", None, "a=b", "-"],
        "Đã bàn giao (ha)": [1550.75, -1.5, 0.0, 2.0, 596.94],
    }
)


def test_formula_like_text_gets_an_apostrophe() -> None:
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("a=b") == "a=b"
    assert neutralise(-1.5) == -1.5  # numbers stay numbers


def test_csv_follows_the_reader_and_is_safe() -> None:
    vi = csv_bytes(HOSTILE, "vi").decode("utf-8")
    assert vi.startswith("\ufeffDự án;Ghi chú;Đã bàn giao (ha)\r\n")
    lines = vi.lstrip("\ufeff").split("\r\n")
    assert lines[1] == '"\'=HYPERLINK(""http://x"",""y"")";\'\tTAB;1550,75'
    assert lines[2] == "'+1+1;bình thường;-1,5"
    assert lines[3].startswith("'-2+3;;")
    assert lines[4].startswith("'@SUM(A1);a=b;")
    assert lines[5] == "HNCL;'-;596,94"
    en = csv_bytes(HOSTILE, "en").decode("utf-8")
    assert "\r\n'+1+1,bình thường,-1.5\r\n" in en


def test_excel_keeps_numbers_and_writes_no_formula() -> None:
    book = openpyxl.load_workbook(
        io.BytesIO(excel_bytes(HOSTILE, "Số liệu GPMB theo xã, phường 2025"))
    )
    sheet = book.active
    assert sheet.title == "Số liệu GPMB theo xã, phường 20"[:31]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[1][0] == '\'=HYPERLINK("http://x","y")'
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert cells[1][2] == 1550.75 and cells[2][2] == -1.5
