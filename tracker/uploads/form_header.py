"""A form's header: where it is, what each column is called (parent › child) and means, its
units, and the numbering row's formulas."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tracker.uploads import form_words as words
from tracker.uploads.files import Grid
from tracker.uploads.form_model import Cells, FormChoices, FormColumn

_SEARCH_ROWS = 40
_MAX_HEADER_ROWS = 4
_HINT = re.compile(
    r"\b(stt|tt|xa|phuong|dien tich|ho|kinh phi|boi thuong|ghi chu|ban giao|thu hoi|ke hoach|"
    r"giai ngan|du an|danh muc|ty le|nguon von|tong so|trong do|tkcs|tkkt|nstw|nsdp)\b|%"
)
_NUMBER = re.compile(r"^[-+]?\d[\d.,\s]*$")


def python_rows(grid: Grid) -> Cells:
    """The sheet's cells by row (forms are read by row; the values later by column)."""
    columns = [c.to_pylist() for c in grid.table.columns]
    return list(zip(*columns, strict=True)) if columns else []


def blank(row: Sequence[str]) -> bool:
    """Whether a row has no text at all."""
    return not any(c.strip() for c in row)


def is_numbering(row: Sequence[str]) -> bool:
    """Whether a row numbers the columns: "(1) (2) … (6)=(5)/(4)", letters for text columns."""
    cells = [c.strip() for c in row if c.strip()]
    numbered = sum(bool(words.NUMBERING.match(c)) for c in cells)
    letters = sum(bool(re.fullmatch(r"[A-Za-zĐđ]", c)) for c in cells)
    return numbered >= 3 and numbered + letters == len(cells)


def _looks_like_data(row: Sequence[str]) -> bool:
    """A body row: numbered or named as a total in its first columns, or holding a number that
    is no year ("Năm 2025" may head a column; 596,94 does not)."""
    filled = [(i, c.strip()) for i, c in enumerate(row) if c.strip()]
    if not filled:
        return False
    at, first = filled[0][0], words.folded(filled[0][1])
    said = words.row_words(first, first, first)
    if at < 2 and (re.fullmatch(r"\d+|[ivx]+|[a-d]", first) or said.total):
        return True
    numbers = [c for _, c in filled if _NUMBER.match(c)]
    return any(not re.fullmatch(r"(19|20|21)\d\d", c) for c in numbers)


def header_block(rows: Cells, count: int | None) -> tuple[int, int] | None:
    """(first, last) header row: the first row with three header words, and the rows below it
    that carry no data (at most four in all, or ``count`` when the editor said so)."""
    for first in range(min(_SEARCH_ROWS, len(rows))):
        hints = sum(bool(_HINT.search(words.fold_header(c))) for c in rows[first] if c.strip())
        if hints < 3:
            continue
        last = first
        limit = first + (count or _MAX_HEADER_ROWS) - 1
        while last < min(limit, len(rows) - 1):
            below = rows[last + 1]
            if count is None and (blank(below) or is_numbering(below) or _looks_like_data(below)):
                break
            last += 1
        return first, last
    return None


def guess_kind(rows: Cells, header: tuple[int, int], grid: Grid) -> str | None:
    """The kind whose telling column is there (handed-over area, disbursed amounts), else the
    kind more of whose columns are (the editor then names the one missing)."""
    found = {
        kind: {c.field for c in header_columns(rows, header, grid, kind, FormChoices(), {})}
        for kind in ("clearance", "disbursement")
    }
    if "cleared_ha" in found["clearance"]:
        return "clearance"
    if any(f and f.startswith("disbursed_vnd") for f in found["disbursement"]):
        return "disbursement"
    plain = {k: len(v - {None, words.STT, words.PERCENT, "note"}) for k, v in found.items()}
    best = max(plain, key=lambda k: plain[k])
    return best if plain[best] else None


def _header_cell(rows: Cells, grid: Grid, row: int, col: int, last: int) -> str:
    """The header text over (row, col): its own, a merged range's, or (where the file keeps no
    merges, as CSV) the parent written once to the left over the children below it."""
    text = rows[row][col].strip()
    if text:
        return text
    for top, left, bottom, right in grid.merged:
        if top <= row <= bottom and left <= col <= right:
            return rows[top][left].strip()
    if row == last or not rows[row + 1][col].strip():
        return ""
    left = col - 1
    while left >= 0 and not rows[row][left].strip() and rows[row + 1][left].strip():
        left -= 1
    if left >= 0 and rows[row + 1][left].strip() and not _merged_alone(grid, row, left):
        return rows[row][left].strip()
    return ""


def _merged_alone(grid: Grid, row: int, col: int) -> bool:
    """True when the file keeps merges and (row, col) is in none: then it spans nothing."""
    if not grid.merged:
        return False
    return not any(t <= row <= b and lft <= col <= r for t, lft, b, r in grid.merged)


def header_columns(
    rows: Cells,
    header: tuple[int, int],
    grid: Grid,
    kind: str,
    choices: FormChoices,
    title_units: dict[str, str],
) -> list[FormColumn]:
    """Every column under the header: its path (parents first), its field and its unit, the
    editor's choices first."""
    first, last = header
    width = max((len(r) for r in rows), default=0)
    columns = []
    for col in range(width):
        parts: list[str] = []
        for row in range(first, last + 1):
            text = " ".join(_header_cell(rows, grid, row, col, last).split())
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        if not parts:
            continue
        key = words.fold_header(" ".join(parts))
        found = words.header_field(key, kind)
        chosen = choices.fields.get(key, found or "")
        unit = choices.units.get(key) or _unit(key, chosen, title_units)
        columns.append(FormColumn(col, tuple(parts), chosen or None, unit))
    return columns


def _unit(key: str, name: str, title_units: dict[str, str]) -> str | None:
    if name in words.MONEY_FIELDS:
        unit = words.header_unit(key)
        return (
            unit
            if unit in ("dong", "nghin_dong", "trieu_dong", "ty_dong")
            else (title_units.get("money", "dong"))
        )
    if name in words.AREA_FIELDS:
        unit = words.header_unit(key)
        return unit if unit in ("ha", "m2") else title_units.get("area", "ha")
    return None


def title_units(title: list[str]) -> dict[str, str]:
    """Units named once for the whole table: "ĐVT: ha; triệu đồng"."""
    units: dict[str, str] = {}
    for text in title:
        folded = words.fold_header(text)
        if not re.search(r"\b(dvt|don vi tinh|don vi)\b", folded):
            continue
        for piece in re.split(r"[;,]", text):
            unit = words.header_unit(words.fold_header(piece))
            if unit in ("ha", "m2"):
                units.setdefault("area", unit)
            elif unit is not None:
                units.setdefault("money", unit)
    return units


def formulas(
    rows: Cells, numbering: int | None, columns: list[FormColumn], kind: str
) -> dict[int, tuple[int, int]]:
    """Each percent column's numerator and denominator: from the numbering row's "(6)=(5)/(4)"
    when there is one, else from the fields beside it."""
    found: dict[int, tuple[int, int]] = {}
    if numbering is not None:
        labels: dict[str, int] = {}
        formulas: dict[int, str] = {}
        for col, cell in enumerate(rows[numbering]):
            match = words.NUMBERING.match(cell.strip())
            if match:
                labels[match.group(1)] = col
                if match.group(2):
                    formulas[col] = match.group(2)
        for col, formula in formulas.items():
            ratio = words.numbering_ratio(formula)
            if ratio and ratio[0] in labels and ratio[1] in labels:
                found[col] = (labels[ratio[0]], labels[ratio[1]])
    by_field = {c.field: c.index for c in columns if c.field}
    for column in columns:
        if column.field != words.PERCENT or column.index in found:
            continue
        pair = _percent_fields(column.key, kind)
        if pair and pair[0] in by_field and pair[1] in by_field:
            found[column.index] = (by_field[pair[0]], by_field[pair[1]])
    return found


def _percent_fields(key: str, kind: str) -> tuple[str, str] | None:
    if kind == "clearance":
        if "tkcs" in key or "thiet ke co so" in key:
            return "cleared_ha", "required_ha_basic"
        return "cleared_ha", "required_ha_technical"
    if "keo dai" in key:
        return "carried_disbursed_vnd", "carried_plan_vnd"
    for source in ("central", "local", "total"):
        if source == "total" or re.search(words.SOURCE_WORDS[source], key):
            return f"disbursed_vnd.{source}", f"plan_vnd.{source}"
    return None
