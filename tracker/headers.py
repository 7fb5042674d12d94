"""Recognising column headers as people write them: Vietnamese or English, any case or accents."""

from __future__ import annotations

from functools import cache, lru_cache

from tracker.parsing import fold
from tracker.templates import KINDS

_EXTRA: dict[str, tuple[str, ...]] = {
    "project_code": ("ma du an", "ma da", "du an", "project", "project code", "code"),
    "commune": (
        "xa phuong",
        "xa",
        "phuong",
        "xa phuong dac khu",
        "don vi hanh chinh",
        "ten xa",
        "ma xa",
        "commune",
        "commune code",
        "xa phuong thi tran",
    ),
    "report_date": ("ngay bao cao", "ngay", "ngay cap nhat", "date", "report date", "as of"),
    "cleared_ha": (
        "dien tich da ban giao",
        "da ban giao ha",
        "da ban giao",
        "dien tich da gpmb ha",
        "dien tich da gpmb",
        "cleared ha",
        "cleared",
    ),
    "households_affected": ("so ho bi anh huong", "so ho anh huong", "households affected"),
    "households_relocated": ("so ho da di doi", "so ho di doi", "households relocated"),
    "compensation_paid_vnd": (
        "kinh phi boi thuong",
        "tien boi thuong da chi tra dong",
        "da chi tra boi thuong dong",
        "compensation paid vnd",
        "compensation paid",
        "compensation vnd",
    ),
    "required_ha_basic": ("dien tich theo tkcs", "tkcs ha", "tkcs", "required ha basic"),
    "required_ha_technical": ("dien tich theo tkkt", "tkkt ha", "tkkt", "required ha technical"),
    "note": ("ghi chu", "note", "notes", "ly do", "remarks"),
    "year": ("nam ke hoach", "nam", "year", "plan year"),
    "capital_source": ("nguon von", "capital source", "source", "nguon"),
    "disbursed_vnd": (
        "gia tri giai ngan",
        "da giai ngan dong",
        "da giai ngan",
        "luy ke giai ngan dong",
        "luy ke giai ngan",
        "disbursed vnd",
        "disbursed",
    ),
    "plan_vnd": ("ke hoach von", "ke hoach von dong", "ke hoach", "plan vnd", "plan"),
    "plan_baseline": ("loai ke hoach", "plan baseline", "plan type"),
}


def header_aliases(kind: str) -> dict[str, str]:
    """Folded header text → canonical column name, for one upload kind."""
    return dict(_aliases(kind))


@cache
def _aliases(kind: str) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for column in KINDS[kind]:
        for text in (column.name, column.header_vi, *_EXTRA.get(column.name, ())):
            aliases[fold(text)] = column.name
    return aliases


@lru_cache(maxsize=1)
def _known_headers() -> frozenset[str]:
    return frozenset(_aliases("clearance")) | frozenset(_aliases("disbursement"))


def guess_kind(header: list[str]) -> str | None:
    """The upload kind whose distinguishing column appears in ``header``, if exactly one does."""
    folded = {fold(h) for h in header}
    found = [
        kind
        for kind, marker in (("clearance", "cleared_ha"), ("disbursement", "disbursed_vnd"))
        if any(_aliases(kind).get(f) == marker for f in folded)
    ]
    return found[0] if len(found) == 1 else None


def looks_like_header(cells: list[str]) -> bool:
    """At least two cells are known column headers of some kind (skips title rows above)."""
    known = _known_headers()
    return sum(fold(c) in known for c in cells if str(c).strip()) >= 2
