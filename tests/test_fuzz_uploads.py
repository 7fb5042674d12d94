"""1,000+ malformed upload files: each ends in a row-level report or a clean success, never a
traceback, and a refused file leaves the stored figures exactly as they were."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.store import Store, open_store
from tracker.uploads.history import undo_upload
from tracker.uploads.prepare import UploadRefused, commit_upload, prepare_upload
from tracker.uploads.problems import MESSAGES

DATA = Path(__file__).parent / "data" / "uploads"
SEEDS = [
    (DATA / name).read_bytes()
    for name in (
        "01_clearance_week_utf8_bom.csv",
        "02_clearance_cp1258_old_names.csv",
        "03_clearance_english_comma.csv",
        "04_disbursement_vi.csv",
        "09_clearance_workbook.xlsx",
    )
]
HOSTILE = [
    '=HYPERLINK("http://example.invalid","x")',
    "+1",
    "-",
    "@SUM(A1)",
    "1e309",
    "NaN",
    "inf",
    "-0",
    "0x1F",
    "١٢٣",
    "12,3,4",
    "",
    "   ",
    "\x00",
    "𝟙𝟚",
    "<script>alert(1)</script>",
    "9" * 400,
    "31/02/2025",
    "2025-13-01",
    "00/00/0000",
    "HNCL\r\nDDTL",
    '"',
    ";;;;",
    "🙂",
    "07/07/1899",
    "99999999999999999999999",
    "1.2.3,4",
    "xã",
    "P.",
    "06607",
    "6607",
    "Ái Quốc",
    "Bính Xá",
    "hncl",
    "NSTW",
    "khác",
    "2025",
    "2101",
    "12,5",
    "-5",
    "30-06-2025 00:00:00",
]
TODAY = dt.date(2025, 8, 5)


def _mutate(data: st.DataObject, base: bytes) -> bytes:
    """Byte-level damage, or cell-level replacement with hostile values, or both."""
    content = bytearray(base)
    for _ in range(data.draw(st.integers(0, 4))):
        op = data.draw(st.sampled_from(["flip", "truncate", "insert", "cell", "line"]))
        if op == "flip" and content:
            i = data.draw(st.integers(0, len(content) - 1))
            content[i] = data.draw(st.integers(0, 255))
        elif op == "truncate":
            del content[data.draw(st.integers(0, len(content))) :]
        elif op == "insert":
            i = data.draw(st.integers(0, len(content)))
            content[i:i] = data.draw(st.binary(max_size=24))
        elif op in ("cell", "line"):
            text = bytes(content).decode("utf-8", errors="replace")
            lines = text.split("\r\n")
            k = data.draw(st.integers(0, max(len(lines) - 1, 0)))
            if op == "line":
                lines.insert(k, ";".join(data.draw(st.lists(st.sampled_from(HOSTILE), max_size=8))))
            else:
                cells = lines[k].split(";")
                j = data.draw(st.integers(0, max(len(cells) - 1, 0)))
                cells[j] = data.draw(st.sampled_from(HOSTILE) | st.text(max_size=30))
                lines[k] = ";".join(cells)
            content = bytearray("\r\n".join(lines).encode("utf-8", errors="replace"))
    return bytes(content)


def _figures(store: Store) -> list[tuple[object, ...]]:
    cur = store
    return [
        cur.row(f"SELECT count(*), sum({value})::VARCHAR FROM {view}")
        for view, value in (
            ("clearance_effective", "cleared_ha"),
            ("required_areas_effective", "required_ha"),
            ("disbursement_effective", "disbursed_vnd"),
            ("disbursement_plans_effective", "plan_vnd"),
        )
    ]


@pytest.fixture(scope="module")
def fuzz_store(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb"
    path.write_bytes(demo_db_file.read_bytes())
    return open_store(path)


@pytest.mark.slow
def test_malformed_files_never_crash_and_never_half_write(fuzz_store: Store) -> None:
    seen = {"refused": 0, "accepted": 0}

    @settings(
        max_examples=1_000,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        base = data.draw(st.sampled_from(SEEDS))
        content = _mutate(data, base)  # zero mutations leave a valid seed: the success path
        name = data.draw(st.sampled_from(["tuan.csv", "tuan.xlsx", "<b>x</b>.csv", "a;b.csv"]))
        before = _figures(fuzz_store)
        prepared = prepare_upload(fuzz_store, content, name, user_name="fuzz", today=TODAY)
        for problem in prepared.problems:
            assert problem.code in MESSAGES
            assert problem.message_vi and problem.message_en
        if not prepared.ok:
            seen["refused"] += 1
            assert prepared.errors and all(e.severity == "error" for e in prepared.errors)
            with pytest.raises(UploadRefused):
                commit_upload(fuzz_store, prepared)
            assert _figures(fuzz_store) == before
            return
        seen["accepted"] += 1
        upload_id = commit_upload(fuzz_store, prepared)
        if prepared.duplicate_of is None:
            undo_upload(fuzz_store, upload_id, "fuzz")
        assert _figures(fuzz_store) == before

    check()
    assert seen["refused"] + seen["accepted"] >= 1_000
    assert seen["refused"] > 100 and seen["accepted"] > 20, seen
