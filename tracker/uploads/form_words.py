"""The words of the forms offices keep: what a header means, its unit, and what a row is.

Everything here works on folded text (lower case, no tone marks; see ``cells.fold``). A header
is read as its whole path, parents first ("dien tich can thu hoi ha theo tkkt"), so a child such
as "Theo TKKT" takes its meaning from the parent above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tracker.uploads.cells import fold
from tracker.uploads.templates import CLEARANCE_COLUMNS

#: Fields a form column can become, by upload kind. Disbursement amounts carry their capital
#: source ("disbursed_vnd.central"); "….total" columns and carried-over ("kéo dài") plans are read
#: for the file's own arithmetic and not stored.
FORM_FIELDS: dict[str, tuple[str, ...]] = {
    "clearance": tuple(c.name for c in CLEARANCE_COLUMNS),
    "disbursement": (
        "project_code",
        "year",
        "report_date",
        "plan_vnd.central",
        "plan_vnd.local",
        "plan_vnd.total",
        "disbursed_vnd.central",
        "disbursed_vnd.local",
        "disbursed_vnd.total",
        "carried_plan_vnd",
        "carried_disbursed_vnd",
        "note",
    ),
}
#: Columns that are read but never stored: a numbering column and computed percentages.
STT, PERCENT = "stt", "percent"
#: Fields that hold amounts of money or area (converted from the header's unit).
MONEY_FIELDS = frozenset(
    f for fields in FORM_FIELDS.values() for f in fields if f.split(".")[0].endswith("_vnd")
)
AREA_FIELDS = frozenset(f for f in FORM_FIELDS["clearance"] if f.endswith("_ha"))
#: Fields stored as text, never read as numbers.
TEXT_FIELDS = frozenset({"project_code", "commune", "report_date", "note"})

#: Units and their factor to the stored unit (ha; đồng).
UNIT_FACTORS: dict[str, float] = {
    "ha": 1.0,
    "m2": 1e-4,
    "dong": 1.0,
    "nghin_dong": 1e3,
    "trieu_dong": 1e6,
    "ty_dong": 1e9,
}
UNIT_LABELS = {
    "ha": "ha",
    "m2": "m²",
    "dong": "đồng",
    "nghin_dong": "nghìn đồng",
    "trieu_dong": "triệu đồng",
    "ty_dong": "tỷ đồng",
}
_UNIT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("m2", re.compile(r"\bm2\b|\bm 2\b")),
    ("ha", re.compile(r"\bha\b|\bhec ta\b|\bhecta\b")),
    ("ty_dong", re.compile(r"\bty dong\b|\bti dong\b|\bty vnd\b|\bty\b")),
    ("trieu_dong", re.compile(r"\btrieu dong\b|\btrieu vnd\b|\btr d\b|\btrd\b|\btrieu\b")),
    ("nghin_dong", re.compile(r"\bnghin dong\b|\bngan dong\b|\b1000 dong\b|\b1 000 dong\b")),
    ("dong", re.compile(r"\bdong\b|\bvnd\b")),
)

# -- what a header means ------------------------------------------------------------------------

_PERCENT = re.compile(r"%|\bty le\b|\bphan tram\b|\bdat\b.*\bso voi\b")
_STT = re.compile(r"^(stt|tt|so tt|so thu tu)$")
_CARRIED = re.compile(r"\bkeo dai\b|\bchuyen sang\b|\bnam truoc chuyen\b")
_CENTRAL = re.compile(r"\bnstw\b|\btrung uong\b|\bngan sach tw\b|\bvon tw\b")
_LOCAL = re.compile(r"\bnsdp\b|\bdia phuong\b|\bngan sach tinh\b|\bnst\b|\bvon tinh\b")
#: The words that name a capital source in a header.
SOURCE_WORDS = {"central": _CENTRAL.pattern, "local": _LOCAL.pattern}
_TOTAL = re.compile(r"\btong so\b|\btong cong\b|\btong\b|\bcong\b")
_DISBURSED = re.compile(r"\bgiai ngan\b|\bda thanh toan\b|\bthanh toan\b|\bluy ke\b")
_PLAN = re.compile(r"\bke hoach\b|\bkh von\b|\bkh\b|\bvon giao\b")
_CLEARANCE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("commune", re.compile(r"^(ten )?(xa|phuong|xa phuong|xa phuong thi tran|xa phuong dac khu)$")),
    ("commune", re.compile(r"\bdia phuong\b|\bdon vi hanh chinh\b|\bdia ban\b|^don vi$")),
    ("project_code", re.compile(r"^ma du an$|^du an$|^ten du an$")),
    ("report_date", re.compile(r"^ngay bao cao$|^ngay cap nhat$")),
    ("note", re.compile(r"^ghi chu$")),
    (
        "households_relocated",
        re.compile(r"\bho\b.*\b(da di doi|di doi|da di chuyen|da tai dinh cu)\b"),
    ),
    (
        "households_affected",
        re.compile(r"\bho\b.*\b(anh huong|bi thu hoi|tong so ho)\b|\bso ho\b$"),
    ),
    (
        "compensation_paid_vnd",
        re.compile(r"\b(boi thuong|kinh phi|tien)\b.*\b(da chi tra|da chi|da tra|da thanh toan)\b"),
    ),
    (
        "required_ha_basic",
        re.compile(r"\b(can thu hoi|dien tich|phai thu hoi)\b.*\b(tkcs|thiet ke co so)\b"),
    ),
    (
        "required_ha_technical",
        re.compile(r"\b(can thu hoi|dien tich|phai thu hoi)\b.*\b(tkkt|thiet ke ky thuat)\b"),
    ),
    (
        "cleared_ha",
        re.compile(
            r"\b(da ban giao|da thu hoi|da gpmb|da giai phong mat bang|ban giao mat bang)\b"
            r"(?!.*\b(ho|kinh phi|tien)\b)"
        ),
    ),
)


@lru_cache(maxsize=4096)
def header_field(path: str, kind: str) -> str | None:
    """The field a column's folded header path names, or ``stt``/``percent``, or None."""
    if _STT.match(path):
        return STT
    if _PERCENT.search(path):
        return PERCENT
    if kind == "clearance":
        return next((field for field, pattern in _CLEARANCE if pattern.search(path)), None)
    return _disbursement_field(path)


def _disbursement_field(path: str) -> str | None:
    if re.search(r"^(ten du an|danh muc du an|du an|danh muc|ten cong trinh|ma du an)$", path):
        return "project_code"
    if re.search(r"^ghi chu$", path):
        return "note"
    disbursed, plan = _DISBURSED.search(path), _PLAN.search(path)
    if not (disbursed or plan):
        return None
    if _CARRIED.search(path):
        return "carried_disbursed_vnd" if disbursed else "carried_plan_vnd"
    amount = "disbursed_vnd" if disbursed else "plan_vnd"
    if _CENTRAL.search(path):
        return f"{amount}.central"
    if _LOCAL.search(path):
        return f"{amount}.local"
    if _TOTAL.search(path) or path.endswith(("dong", "tong so")):
        return f"{amount}.total"
    return None


@lru_cache(maxsize=4096)
def header_unit(path: str) -> str | None:
    """The unit a folded header path names (the last one written wins: a child's over its
    parent's), or None. "triệu đồng" is one unit, not "triệu" and "đồng"."""
    found = [
        (match.start(), match.end(), unit)
        for unit, pattern in _UNIT_PATTERNS
        for match in pattern.finditer(path)
    ]
    whole = [f for f in found if not any(o[0] <= f[0] and f[1] <= o[1] and o != f for o in found)]
    return max(whole)[2] if whole else None


@lru_cache(maxsize=65536)
def folded(text: str) -> str:
    """:func:`fold`, remembered: a form repeats its commune names and labels sheet after sheet."""
    return fold(text)


@lru_cache(maxsize=65536)
def fold_header(text: str) -> str:
    """A header folded for matching, with "m²" kept apart from "m"."""
    return fold(text.replace("²", "2"))


# -- what a row is ------------------------------------------------------------------------------

_TOTAL_ROW = re.compile(r"^(tong cong|tong so|tong|toan tuyen|toan du an|toan tinh)\b")
_SUBTOTAL_ROW = re.compile(r"^(cong|cong nhom|cong muc)\b")
_ROMAN = r"(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii|xiii|xiv|xv)"
_GROUP_MARK = re.compile(rf"^(?:{_ROMAN}|[a-d])$")
_GROUP_TEXT = re.compile(rf"^(?:{_ROMAN}|[a-d])\s+\S")
_SIGNATURE = re.compile(
    r"\bnguoi lap\b|\bnguoi lap bieu\b|\bgiam doc\b|\btruong ban\b|\bthu truong\b|"
    r"\bky ghi ro ho ten\b|\bky ten\b|\bchu tich\b|\bkt giam doc\b|\btm ubnd\b|\bnoi nhan\b|"
    r"\bngay \d{1,2} thang \d{1,2} nam \d{4}\b"
)
_FOOTNOTE = re.compile(r"^(ghi chu|nguon|chu thich)\b")


@dataclass(frozen=True)
class RowWords:
    """What the label cells of a row say."""

    total: bool
    subtotal: bool
    group: bool
    signature: bool
    footnote: bool


def row_words(stt: str, label: str, whole: str) -> RowWords:
    """Read a body row from its STT cell, its label cell and all its text, folded."""
    first = stt or label
    return RowWords(
        total=bool(_TOTAL_ROW.match(first) or _TOTAL_ROW.match(label)),
        subtotal=bool(_SUBTOTAL_ROW.match(first) or _SUBTOTAL_ROW.match(label)),
        group=bool(_GROUP_MARK.match(stt) or (not stt and _GROUP_TEXT.match(label))),
        signature=bool(_SIGNATURE.search(whole)),
        footnote=bool(_FOOTNOTE.match(first)),
    )


#: A cell of the numbering row: "(1)", "1", "(6)=(5)/(4)", "6=5/4*100".
NUMBERING = re.compile(r"^\(?(\d{1,3})\)?(?:\s*=\s*(.+))?$")
_REFERENCE = re.compile(r"\(?(\d{1,3})\)?")
_RATIO = re.compile(r"^\(?(\d{1,3})\)?\s*[/:]\s*\(?(\d{1,3})\)?(?:\s*[x*]\s*100\s*%?)?$")


def numbering_ratio(formula: str) -> tuple[str, str] | None:
    """The numerator and denominator labels of a numbering formula "(5)/(4)", if it is one."""
    match = _RATIO.match(formula.replace(" ", ""))
    return None if match is None else (match.group(1), match.group(2))


# -- as-of dates, years and projects in titles -----------------------------------------------

_AS_OF = (
    re.compile(r"\b(?:den|toi)(?: het)?(?: ngay)? (\d{1,2}) (\d{1,2}) (\d{4})\b"),
    re.compile(r"\b(?:den|toi)(?: het)? ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})\b"),
)
_YEAR = re.compile(r"\bnam (20\d\d)\b")
_GENERIC = re.compile(
    r"\b(du an|dau tu|xay dung|duong|tuyen|cao toc|nha may|dien gio|duong day|cong trinh|"
    r"ke hoach|von|nsnn|tinh)\b"
)


def as_of_in(folded: str) -> tuple[int, int, int] | None:
    """(year, month, day) of "tính đến ngày 31/7/2025" (or "đến ngày 31 tháng 7 năm 2025")."""
    for pattern in _AS_OF:
        match = pattern.search(folded)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return year, month, day
    return None


def year_in(folded: str) -> int | None:
    """The year of "kế hoạch vốn năm 2025"."""
    match = _YEAR.search(folded)
    return None if match is None else int(match.group(1))


@lru_cache(maxsize=4096)
def project_core(name: str) -> str:
    """A project's name without the words every name shares ("cao tốc", "dự án", …)."""
    return " ".join(_GENERIC.sub(" ", fold(name)).split())
