"""Recognising column headers as people write them: Vietnamese or English, any case or accents."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache

from tracker.uploads.cells import fold
from tracker.uploads.problems import Problem, problem
from tracker.uploads.templates import COLUMNS_BY_KIND

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
    "difficulties": ("kho khan vuong mac", "vuong mac", "kho khan", "difficulties", "blockers"),
    "blocker_id": ("ma vuong mac", "so vuong mac", "blocker", "blocker id"),
    "category": ("nhom vuong mac", "loai vuong mac", "nhom", "category"),
    "category_other": ("nhom khac", "ghi ro", "other category"),
    "description": ("noi dung vuong mac", "noi dung", "vuong mac", "description"),
    "area_ha": ("dien tich bi vuong", "dien tich vuong mac", "dien tich", "area ha", "area"),
    "households": ("so ho bi vuong", "so ho vuong mac", "so ho", "households"),
    "agency": (
        "co quan chu tri xu ly",
        "don vi chu tri",
        "don vi chiu trach nhiem",
        "co quan chu tri",
        "responsible agency",
        "agency",
    ),
    "raised_on": ("ngay phat sinh", "raised on", "raised"),
    "due_on": ("han xu ly", "thoi han", "han", "due on", "due date", "due"),
    "resolved_on": ("ngay giai quyet xong", "ngay giai quyet", "resolved on", "resolved"),
    "status": ("trang thai", "tinh trang", "status"),
    "escalation": ("cap xu ly", "cap", "escalation", "level"),
    "comment": ("dien bien y kien", "dien bien", "y kien", "comment", "comments"),
    # Not "trạng thái"/"tình trạng": a blockers file's status column is written so.
    "stage": ("giai doan", "giai doan du an", "stage"),
    "planned_start": (
        "ngay khoi cong ke hoach",
        "khoi cong theo ke hoach",
        "khoi cong ke hoach",
        "planned start",
    ),
    "actual_start": (
        "ngay khoi cong",
        "khoi cong thuc te",
        "ngay khoi cong thuc te",
        "actual start",
    ),
    "planned_completion": (
        "ngay hoan thanh ke hoach",
        "hoan thanh theo ke hoach",
        "thoi han hoan thanh",
        "planned completion",
        "deadline",
    ),
    "actual_completion": ("ngay hoan thanh", "hoan thanh thuc te", "actual completion"),
    "physical_progress_pct": (
        "khoi luong da thuc hien",
        "khoi luong hoan thanh %",
        "khoi luong hoan thanh",
        "ty le khoi luong %",
        "tien do %",
        "physical progress %",
        "physical progress",
        "progress %",
    ),
}


#: The column that tells each kind of file from the others.
_MARKERS = (
    ("clearance", "cleared_ha"),
    ("disbursement", "disbursed_vnd"),
    ("blockers", "agency"),
    ("blockers", "blocker_id"),
    ("status", "stage"),
)


@dataclass
class HeaderMap:
    """Which file column holds each known field of an upload kind, and what was wrong."""

    columns: dict[str, str] = field(default_factory=dict)  # field name -> table column
    headers: dict[str, str] = field(default_factory=dict)  # field name -> header as written
    problems: list[Problem] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every required column found and no header read twice."""
        return not any(p.severity == "error" for p in self.problems)


def map_headers(header: list[str], header_row: int, kind: str) -> HeaderMap:
    """Match a file's headers to the fields of ``kind``: unknown ones are a notice, a field
    written twice or a required one missing is an error."""
    found = HeaderMap()
    aliases = header_aliases(kind)
    for position, text in enumerate(header):
        if not text.strip():
            continue
        name = aliases.get(fold(text))
        if name is None:
            found.problems.append(
                problem("notice", "unknown_column", row=header_row, column=text, value=text)
            )
        elif name in found.columns:
            found.problems.append(
                problem(
                    "error",
                    "duplicate_column",
                    row=header_row,
                    column=text,
                    detail=f"{found.headers[name]} / {text}",
                )
            )
        else:
            found.columns[name] = str(position)
            found.headers[name] = text
    for column in COLUMNS_BY_KIND[kind]:
        if column.required and column.name not in found.columns:
            found.problems.append(
                problem(
                    "error",
                    "missing_column",
                    row=header_row,
                    column=f"{column.header_vi} ({column.name})",
                )
            )
    return found


def header_aliases(kind: str) -> dict[str, str]:
    """Folded header text → canonical column name, for one upload kind."""
    return dict(_aliases(kind))


@cache
def _aliases(kind: str) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for column in COLUMNS_BY_KIND[kind]:
        for text in (column.name, column.header_vi, *_EXTRA.get(column.name, ())):
            aliases[fold(text)] = column.name
    return aliases


@lru_cache(maxsize=1)
def _known_headers() -> frozenset[str]:
    return frozenset().union(*(_aliases(kind) for kind in COLUMNS_BY_KIND))


def guess_kind(header: list[str]) -> str | None:
    """The upload kind whose distinguishing column appears in ``header``, if exactly one does."""
    folded = {fold(h) for h in header}
    found = {
        kind for kind, marker in _MARKERS if any(_aliases(kind).get(f) == marker for f in folded)
    }
    return found.pop() if len(found) == 1 else None


def looks_like_header(cells: list[str]) -> bool:
    """At least two cells are known column headers of some kind (skips title rows above)."""
    known = _known_headers()
    return sum(fold(c) in known for c in cells if str(c).strip()) >= 2
