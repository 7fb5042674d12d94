"""Benchmark: reading office forms, against the template path and against the old reader.

Two comparisons, each measured in this run (medians of several alternating runs):

1. Reading a 50,000-row .xlsx into text cells: the reader the tracker used before
   (openpyxl in read-only mode, a Python loop over every cell) against the new one (calamine,
   cells turned into text column by column). Target: the new reader is faster.
2. Importing (prepare + commit, into a copy of the demo database file) 5,000 rows of an office
   form against the same rows as a template CSV. Target: the form takes at most 2x the CSV.
   Two forms: a board's running log on one sheet (title block, two-row merged header, numbering
   row, a date column, group rows per project, signature block, amounts in triệu đồng), and the
   same rows as a workbook of weekly sheets (one per week, each with its title, header, TỔNG
   CỘNG and subtotals), where the work per sheet weighs more.

Run: ``.venv/bin/python bench/bench_forms.py [--rows N] [--read-rows N] [--runs K]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook, load_workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.demo.build import load_demo
from tracker.geodata import load_communes
from tracker.store import open_store
from tracker.uploads.intake import prepare_file
from tracker.uploads.prepare import commit_upload
from tracker.uploads.workbooks import cell_text, read_sheets

TODAY = dt.date(2028, 1, 1)
FIRST_WEEK = dt.date(2025, 7, 7)  # post-reform names
PROJECTS = (
    ("HNCL", "I", "Cao tốc Hữu Nghị – Chi Lăng"),
    ("DDTL", "II", "Cao tốc Đồng Đăng – Trà Lĩnh"),
)
TEMPLATE_HEADER = (
    "Mã dự án;Xã/phường;Ngày báo cáo;Diện tích đã bàn giao (ha);Số hộ đã di dời;"
    "Kinh phí bồi thường (đồng);Ghi chú"
)


def weekly_rows(rows: int) -> list[tuple[dt.date, str, str, float, int, int]]:
    """(date, project, commune, ha, households, triệu đồng) for every commune of both
    projects, week after week, figures that only grow; ``rows`` of them."""
    communes = load_communes("20")
    names = [
        ("P. " if kind == "phuong" else "X. ") + str(name)
        for name, kind in zip(communes.name, communes.kind, strict=True)
    ]
    out: list[tuple[dt.date, str, str, float, int, int]] = []
    week = 0
    while len(out) < rows:
        day = FIRST_WEEK + dt.timedelta(weeks=week)
        for p, (code, _, _) in enumerate(PROJECTS):
            for c, name in enumerate(names):
                base = 300 + 7 * c + 2 * p
                ha = round(base + 0.25 * week, 2)
                out.append((day, code, name, ha, int(ha * 2), int(ha * 1_500)))
        week += 1
    return out[:rows]


def form_workbook(rows: list[tuple[dt.date, str, str, float, int, int]]) -> bytes:
    """One sheet per week, as a board's weekly workbook keeps them."""
    book = Workbook()
    book.remove(book.active)
    weeks: dict[dt.date, list[tuple[dt.date, str, str, float, int, int]]] = {}
    for row in rows:
        weeks.setdefault(row[0], []).append(row)
    for day, week in weeks.items():
        sheet = book.create_sheet(f"Tuần {day:%d-%m-%Y}")
        sheet.append(["UBND TỈNH LẠNG SƠN", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
        sheet.append(["BIỂU TỔNG HỢP TIẾN ĐỘ GIẢI PHÓNG MẶT BẰNG CÁC DỰ ÁN CAO TỐC"])
        sheet.append([f"(Số liệu tính đến ngày {day.day}/{day.month}/{day.year})"])
        sheet.append([None, None, None, None, None, "ĐVT: ha; triệu đồng"])
        sheet.append(
            [
                "STT",
                "Xã, phường",
                "Đã bàn giao mặt bằng",
                "Số hộ đã di dời",
                "Kinh phí bồi thường (triệu đồng)",
                "Ghi chú",
            ]
        )
        sheet.append([None, None, "Diện tích (ha)", None, "Đã chi trả", None])
        sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"])
        for ref in ("A5:A6", "B5:B6", "D5:D6", "F5:F6"):
            sheet.merge_cells(ref)
        sheet.append(
            [
                None,
                "TỔNG CỘNG",
                round(sum(r[3] for r in week), 2),
                sum(r[4] for r in week),
                sum(r[5] for r in week),
                None,
            ]
        )
        for code, mark, name in PROJECTS:
            mine = [r for r in week if r[1] == code]
            if not mine:
                continue
            sheet.append(
                [
                    mark,
                    name,
                    round(sum(r[3] for r in mine), 2),
                    sum(r[4] for r in mine),
                    sum(r[5] for r in mine),
                    None,
                ]
            )
            for i, (_, _, commune, ha, households, money) in enumerate(mine, 1):
                sheet.append([i, commune, ha, households, money, None])
        sheet.append([])
        sheet.append([None, "NGƯỜI LẬP BIỂU", None, None, "GIÁM ĐỐC"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def log_workbook(rows: list[tuple[dt.date, str, str, float, int, int]]) -> bytes:
    """One sheet: the board's running log, a row per commune and week under each project."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Theo dõi"
    sheet.append(["UBND TỈNH LẠNG SƠN", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    sheet.append(["SỔ THEO DÕI TIẾN ĐỘ GIẢI PHÓNG MẶT BẰNG CÁC DỰ ÁN CAO TỐC"])
    sheet.append([None, None, None, None, None, None, "ĐVT: ha; triệu đồng"])
    sheet.append(
        [
            "STT",
            "Ngày báo cáo",
            "Xã, phường",
            "Đã bàn giao mặt bằng",
            "Số hộ đã di dời",
            "Kinh phí bồi thường (triệu đồng)",
            "Ghi chú",
        ]
    )
    sheet.append([None, None, None, "Diện tích (ha)", None, "Đã chi trả", None])
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"])
    for ref in ("A4:A5", "B4:B5", "C4:C5", "E4:E5", "G4:G5"):
        sheet.merge_cells(ref)
    for code, mark, name in PROJECTS:
        sheet.append([mark, name])
        mine = [r for r in rows if r[1] == code]
        for i, (day, _, commune, ha, households, money) in enumerate(mine, 1):
            sheet.append([i, dt.datetime.combine(day, dt.time()), commune, ha, households, money])
    sheet.append([])
    sheet.append([None, "NGƯỜI LẬP BIỂU", None, None, "GIÁM ĐỐC"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_csv(rows: list[tuple[dt.date, str, str, float, int, int]]) -> bytes:
    lines = [TEMPLATE_HEADER]
    for day, code, commune, ha, households, money in rows:
        amount = f"{money * 1_000_000:,}".replace(",", ".")
        ha_text = f"{ha:.2f}".replace(".", ",")
        lines.append(f"{code};{commune};{day:%d/%m/%Y};{ha_text};{households};{amount};")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def big_workbook(rows: int) -> bytes:
    """A plain 50,000-row sheet of numbers, dates and names, for the readers alone."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.append(TEMPLATE_HEADER.split(";"))
    for i in range(rows):
        sheet.append(
            [
                "HNCL",
                f"X. Xã số {i % 65}",
                dt.datetime(2025, 7, 7) + dt.timedelta(days=i % 300),
                300 + i * 0.01,
                i % 500,
                1_500_000_000 + i,
                None,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def openpyxl_reader(content: bytes) -> int:
    """Today's reader before this change: openpyxl, read-only, a Python loop over every cell."""
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    rows = [
        [cell_text(v) for v in values]
        for values in book.worksheets[0].iter_rows(values_only=True, max_col=101)
    ]
    book.close()
    return len(rows)


def calamine_reader(content: bytes) -> int:
    return int(read_sheets(content, "bench.xlsx", first_only=True)[0].table.num_rows)


def import_time(
    demo_db: Path, work: Path, content: bytes, name: str, *, form: bool
) -> tuple[float, int]:
    """Seconds to prepare and commit ``content`` into a fresh copy of the demo database."""
    db = work / "run.duckdb"
    shutil.copy(demo_db, db)
    store = open_store(db)
    started = time.perf_counter()
    intake = prepare_file(store, content, name, user_name="bench", today=TODAY)
    prepared = intake.prepared
    if not prepared.ok:
        raise SystemExit(
            f"benchmark file refused: {[p.message('en') for p in prepared.errors[:3]]}"
        )
    if form and intake.reading is None:
        raise SystemExit("the form was read as a template")
    commit_upload(store, prepared)
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed, prepared.row_count


def medians(runs: int, *timers: Callable[[], float]) -> list[float]:
    """Each timer run ``runs`` times, alternating, and its median."""
    times: list[list[float]] = [[] for _ in timers]
    for _ in range(runs):
        for i, timer in enumerate(timers):
            times[i].append(timer())
    return [statistics.median(t) for t in times]


def timed(work: Callable[[], object]) -> Callable[[], float]:
    def run() -> float:
        started = time.perf_counter()
        work()
        return time.perf_counter() - started

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5_000, help="rows of the form import")
    parser.add_argument("--read-rows", type=int, default=50_000, help="rows of the read test")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    sheet = big_workbook(args.read_rows)
    assert openpyxl_reader(sheet) == calamine_reader(sheet) == args.read_rows + 1
    old, new = medians(
        args.runs, timed(lambda: openpyxl_reader(sheet)), timed(lambda: calamine_reader(sheet))
    )
    print(
        f"reading a {args.read_rows:,}-row .xlsx ({len(sheet) / 1e6:.1f} MB) into text cells;"
        f" medians of {args.runs} runs"
    )
    print(f"| {'reader':<46} | {'seconds':>8} | {'x openpyxl':>10} |")
    print(f"|{'-' * 48}|{'-' * 10}|{'-' * 12}|")
    for label, value in (("openpyxl read-only (before; baseline)", old), ("calamine (now)", new)):
        print(f"| {label:<46} | {value:>8.3f} | {value / old:>10.2f} |")
    print(f"target: calamine faster than openpyxl -> {'met' if new < old else 'NOT met'}\n")

    rows = weekly_rows(args.rows)
    csv = template_csv(rows)
    forms = {"bieu_theo_doi.xlsx": log_workbook(rows), "bieu_tuan.xlsx": form_workbook(rows)}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        demo_db = work / "demo.duckdb"
        store = open_store(demo_db)
        load_demo(store)
        store.close()
        import_time(demo_db, work, csv, "tuan.csv", form=False)  # warm caches
        counts: dict[str, int] = {}

        def run(content: bytes, name: str, form: bool) -> Callable[[], float]:
            def once() -> float:
                seconds, counts[name] = import_time(demo_db, work, content, name, form=form)
                return seconds

            return once

        template, log, weekly = medians(
            args.runs,
            run(csv, "tuan.csv", False),
            *(run(content, name, True) for name, content in forms.items()),
        )
    print(
        f"importing {counts['tuan.csv']:,} rows (prepare + commit into a database file);"
        f" medians of {args.runs} runs"
    )
    print(f"| {'file':<52} | {'seconds':>8} | {'x template':>10} |")
    print(f"|{'-' * 54}|{'-' * 10}|{'-' * 12}|")
    weeks = len({r[0] for r in rows})
    for label, value in (
        ("template CSV (baseline)", template),
        (f"office form .xlsx, one sheet, {counts['bieu_theo_doi.xlsx']:,} rows", log),
        (f"office form .xlsx, {weeks} weekly sheets, {counts['bieu_tuan.xlsx']:,} rows", weekly),
    ):
        print(f"| {label:<52} | {value:>8.3f} | {value / template:>10.2f} |")
    for label, value in (("one sheet", log), (f"{weeks} weekly sheets", weekly)):
        verdict = "met" if value <= 2 * template else "NOT met"
        print(f"target: form ({label}) <= 2.00 x template CSV -> {verdict}")


if __name__ == "__main__":
    main()
