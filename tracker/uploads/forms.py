"""Reading the forms offices keep: where the header is, what each column and each row is.

A form has a title block (the board, "Dự án: …", "Tính đến ngày 31/7/2025", "ĐVT: ha; triệu
đồng"), a header of one to four rows whose upper cells are merged over the columns they head, often
a numbering row "(1) (2) … (6)=(5)/(4)", then body rows among totals ("TỔNG CỘNG"), subtotals
("Cộng"), group rows ("I. Cao tốc Hữu Nghị – Chi Lăng", "A", "1" over "1.1") and blank rows, and a
signature block. :func:`read_form` finds all of that in each sheet and says how it read it; the
editor may correct any choice (:class:`FormChoices`), and a saved layout is such a set of choices.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from tracker.uploads import form_words as words
from tracker.uploads.cells import Bools
from tracker.uploads.files import Grid
from tracker.uploads.problems import Problem, problem

_SEARCH_ROWS = 40
_MAX_HEADER_ROWS = 4
_HINT = re.compile(
    r"\b(stt|tt|xa|phuong|dien tich|ho|kinh phi|boi thuong|ghi chu|ban giao|thu hoi|ke hoach|"
    r"giai ngan|du an|danh muc|ty le|nguon von|tong so|trong do|tkcs|tkkt|nstw|nsdp)\b|%"
)
_NUMBER = re.compile(r"^[-+]?\d[\d.,\s]*$")
_HIERARCHY = re.compile(r"^(\d+)\.\d+")

#: A sheet's cells, row by row.
Cells = Sequence[Sequence[str]]

#: What a row of a sheet is.
ROLES = (
    "title",
    "header",
    "numbering",
    "body",
    "total",
    "subtotal",
    "group",
    "blank",
    "signature",
    "footnote",
)


def column_letter(index: int) -> str:
    """Excel's letter for a 0-based column: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def excel_rows(rows: list[int]) -> str:
    """0-based sheet rows as Excel numbers them, in ranges: "10–16, 19"."""
    if not rows:
        return ""
    numbers = [r + 1 for r in rows]
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


@dataclass(frozen=True)
class FormColumn:
    """One column of a form: its header path (parents first), the field it became and its
    unit."""

    index: int
    path: tuple[str, ...]
    field: str | None  # a form field, ``stt``, ``percent``, or None: ignored
    unit: str | None

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def header(self) -> str:
        return " › ".join(self.path)

    @property
    def key(self) -> str:
        """The folded header path: how a saved layout finds this column in next week's file."""
        return words.fold_header(" ".join(self.path))


@dataclass(frozen=True)
class FormChoices:
    """Choices that override what recognition finds: the editor's corrections, or a layout.

    ``fields`` and ``units`` are keyed by a column's folded header path (:attr:`FormColumn.key`),
    so they still apply when next week's file moves a column; a field of "" ignores the column.
    """

    kind: str | None = None
    header_rows: int | None = None
    fields: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    project: str | None = None
    as_of: dt.date | None = None


@dataclass
class SheetReading:
    """How one sheet was read. Row and column numbers are 0-based positions in ``grid``."""

    grid: Grid
    rows: Cells
    header_rows: list[int]
    numbering_row: int | None
    roles: list[str]
    columns: list[FormColumn]
    scopes: dict[int, list[int]]  # a total, subtotal or group row → the body rows it adds up
    row_project: dict[int, str | None]  # each body row → its project code
    project_from: str  # where the sheet's project was read ("Dự án: …" in row 3, …)
    as_of: dt.date | None
    as_of_from: str
    year: int | None
    formulas: dict[int, tuple[int, int]]  # a percent column → (numerator, denominator) columns
    #: Number columns already read (by column position), so checks and the table share them.
    numbers: dict[int, object] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.grid.name

    def column_of(self, name: str) -> FormColumn | None:
        return next((c for c in self.columns if c.field == name), None)

    def rows_with(self, role: str) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r == role]


@dataclass
class FormReading:
    """How a whole file was read, and what keeps it from being imported."""

    kind: str | None
    sheets: list[SheetReading]
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def read_form(
    grids: list[Grid],
    projects: pd.DataFrame,
    *,
    kind: str | None = None,
    project: str | None = None,
    as_of: dt.date | None = None,
    choices: FormChoices | None = None,
) -> FormReading:
    """Read every sheet of a form; sheets with no header are left out (a cover sheet, notes)."""
    choices = choices or FormChoices()
    known = KnownProjects.of(projects)
    kind = choices.kind or kind
    project = choices.project or project
    as_of = choices.as_of or as_of
    sheets: list[SheetReading] = []
    reading = FormReading(kind=kind, sheets=sheets)
    for grid in grids:
        rows = _python_rows(grid)
        header = _header_block(rows, choices.header_rows)
        if header is None:
            continue
        sheet_kind = kind or _guess_kind(rows, header, grid)
        if sheet_kind is None:
            continue
        reading.kind = reading.kind or sheet_kind
        if sheet_kind != reading.kind:
            continue
        sheets.append(_read_sheet(grid, rows, header, reading.kind, known, choices))
    if not sheets:
        reading.problems.append(problem("error", "form_not_recognised"))
        return reading
    for sheet in sheets:
        _settle_project_and_date(sheet, known, project, as_of, reading.problems)
    return reading


def _python_rows(grid: Grid) -> Cells:
    """The sheet's cells by row (forms are read by row; the values later by column)."""
    columns = [c.to_pylist() for c in grid.table.columns]
    return list(zip(*columns, strict=True)) if columns else []


def _blank(row: Sequence[str]) -> bool:
    return not any(c.strip() for c in row)


def _is_numbering(row: Sequence[str]) -> bool:
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


def _header_block(rows: Cells, count: int | None) -> tuple[int, int] | None:
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
            if count is None and (_blank(below) or _is_numbering(below) or _looks_like_data(below)):
                break
            last += 1
        return first, last
    return None


def _guess_kind(rows: Cells, header: tuple[int, int], grid: Grid) -> str | None:
    """The kind whose telling column is there (handed-over area, disbursed amounts), else the
    kind more of whose columns are (the editor then names the one missing)."""
    found = {
        kind: {c.field for c in _columns(rows, header, grid, kind, FormChoices(), {})}
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


def _columns(
    rows: Cells,
    header: tuple[int, int],
    grid: Grid,
    kind: str,
    choices: FormChoices,
    title_units: dict[str, str],
) -> list[FormColumn]:
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


def _title_units(title: list[str]) -> dict[str, str]:
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


def _read_sheet(
    grid: Grid,
    rows: Cells,
    header: tuple[int, int],
    kind: str,
    projects: KnownProjects,
    choices: FormChoices,
) -> SheetReading:
    first, last = header
    title = [" ".join(c for c in row if c.strip()) for row in rows[:first]]
    columns = _columns(rows, header, grid, kind, choices, _title_units(title))
    numbering = last + 1 if last + 1 < len(rows) and _is_numbering(rows[last + 1]) else None
    roles = ["title"] * first + ["header"] * (last - first + 1)
    if numbering is not None:
        roles.append("numbering")
    sheet = SheetReading(
        grid=grid,
        rows=rows,
        header_rows=list(range(first, last + 1)),
        numbering_row=numbering,
        roles=roles,
        columns=columns,
        scopes={},
        row_project={},
        project_from="",
        as_of=None,
        as_of_from="",
        year=None,
        formulas=_formulas(rows, numbering, columns, kind),
    )
    _classify_body(sheet, kind)
    _scope_groups(sheet)
    _projects_of_rows(sheet, kind, projects)
    return sheet


def _label_columns(sheet: SheetReading, kind: str) -> tuple[int | None, int | None]:
    stt = sheet.column_of(words.STT)
    label = sheet.column_of("commune" if kind == "clearance" else "project_code")
    return (None if stt is None else stt.index), (None if label is None else label.index)


def _numbered_and_named(sheet: SheetReading, stt_at: int | None, label_at: int | None) -> Bools:
    """Rows numbered in the STT column with a name beside it: data, told apart in one pass
    over the columns (most rows of a form are these)."""
    size = len(sheet.rows)
    if stt_at is None or label_at is None:
        return np.zeros(size, dtype=bool)
    table = sheet.grid.table
    numbered = pc.match_substring_regex(pc.utf8_trim_whitespace(table.column(stt_at)), r"^\d+$")
    named = pc.invert(pc.utf8_is_space(pc.utf8_trim_whitespace(table.column(label_at))))
    named = pc.and_(named, pc.greater(pc.utf8_length(table.column(label_at)), 0))
    found = pc.and_(numbered, named).to_numpy(zero_copy_only=False)
    return np.asarray(found, dtype=bool)[:size]


def _classify_body(sheet: SheetReading, kind: str) -> None:
    """Every row below the header: data, or what it is instead. Rows numbered and named are
    data (found in one pass); only the others are read one by one, and from the first row of
    the signature block on, everything is signature."""
    stt_at, label_at = _label_columns(sheet, kind)
    start = len(sheet.roles)
    data = _numbered_and_named(sheet, stt_at, label_at)
    roles = ["body"] * (len(sheet.rows) - start)
    for i in (np.flatnonzero(~data[start:]) + start).tolist():
        role = _row_role(sheet.rows[i], stt_at, label_at)
        if role == "signature":
            roles[i - start :] = ["signature"] * (len(sheet.rows) - i)
            break
        roles[i - start] = role
    sheet.roles += roles
    if stt_at is not None:
        _parents_of_numbered_children(sheet, stt_at)


def _row_role(row: Sequence[str], stt_at: int | None, label_at: int | None) -> str:
    """What a row that is not plainly data is."""
    stt = row[stt_at].strip() if stt_at is not None else ""
    if stt.isdigit():  # numbered ahead and left empty, or nameless
        others = any(c.strip() for j, c in enumerate(row) if j != stt_at)
        return "body" if others else "blank"
    stt = words.folded(stt)
    label = words.folded(row[label_at]) if label_at is not None else ""
    said = words.row_words(stt, label, words.folded(" ".join(row)))
    if said.signature:
        return "signature"
    if _blank(row):
        return "blank"
    for role in ("total", "subtotal", "group", "footnote"):
        if getattr(said, role):
            return role
    return "body"


def _parents_of_numbered_children(sheet: SheetReading, stt_at: int) -> None:
    """ "1" over "1.1", "1.2": the parent is a group that adds up its children."""
    stt = pc.utf8_trim_whitespace(sheet.grid.table.column(stt_at))
    if not pc.any(pc.match_substring_regex(stt, r"^\d+\.\d+")).as_py():
        return
    body = sheet.rows_with("body")
    for i, below in zip(body, [*body[1:], None], strict=True):
        number = sheet.rows[i][stt_at].strip()
        if below is None or not number.isdigit():
            continue
        match = _HIERARCHY.match(sheet.rows[below][stt_at].strip())
        if match and match.group(1) == number:
            sheet.roles[i] = "group"


def _group_level(sheet: SheetReading, row: int) -> int:
    text = words.folded(" ".join(c for c in sheet.rows[row] if c.strip()))
    first = text.split(" ")[0] if text else ""
    if re.fullmatch(r"[a-d]", first):
        return 1
    if re.fullmatch(r"[ivx]+", first):
        return 2
    return 3


def _scope_groups(sheet: SheetReading) -> None:
    body = sheet.rows_with("body")
    open_groups: list[tuple[int, int]] = []  # (row, level)
    since = 0
    for i, role in enumerate(sheet.roles):
        if role == "total":
            sheet.scopes[i] = body
        elif role == "group":
            level = _group_level(sheet, i)
            open_groups = [(r, lv) for r, lv in open_groups if lv < level] + [(i, level)]
            since = i
        elif role == "subtotal":
            sheet.scopes[i] = [b for b in body if since < b < i]
            since = i
        elif role == "body":
            for group, _ in open_groups:
                sheet.scopes.setdefault(group, []).append(i)


@dataclass(frozen=True)
class KnownProjects:
    """The live projects' codes and names, as a form's words are matched against them."""

    codes: tuple[str, ...]
    names: tuple[str, ...]

    @classmethod
    def of(cls, projects: pd.DataFrame) -> KnownProjects:
        return cls(tuple(projects.project_code.astype(str)), tuple(projects.name_vi.astype(str)))


def match_project(text: str, projects: KnownProjects) -> str | None:
    """The project a title, group row or name cell names: by code, or by the distinctive words
    of its name, in order ("Đồng Đăng (Lạng Sơn) – Trà Lĩnh" names "Cao tốc Đồng Đăng – Trà
    Lĩnh"); None when none or more than one fits equally well."""
    return _match_project(text, projects.codes, projects.names)


@lru_cache(maxsize=4096)
def _match_project(text: str, codes: tuple[str, ...], names: tuple[str, ...]) -> str | None:
    found = words.folded(text).split()
    if not found:
        return None
    best: list[tuple[int, str]] = []
    for code, name in zip(codes, names, strict=True):
        score = 1000 if _in_order(words.folded(code).split(), found, together=True) else 0
        core = words.project_core(name)
        if core and _in_order(core.split(), found):
            score = max(score, len(core))
        if score:
            best.append((score, code))
    best.sort(reverse=True)
    if not best or (len(best) > 1 and best[0][0] == best[1][0]):
        return None
    return best[0][1]


def _in_order(wanted: list[str], found: list[str], *, together: bool = False) -> bool:
    """Whether every word of ``wanted`` appears in ``found`` in the same order (next to each
    other when ``together``: a code such as "LS DTC")."""
    if together:
        size = len(wanted)
        return any(found[i : i + size] == wanted for i in range(len(found) - size + 1))
    remaining = iter(found)
    return all(word in remaining for word in wanted)


def _projects_of_rows(sheet: SheetReading, kind: str, projects: KnownProjects) -> None:
    """Each body row's project: its own name cell (disbursement), else the innermost group row
    that names one; None where neither says (the sheet's project, settled later)."""
    _, label_at = _label_columns(sheet, kind)
    from_group: dict[int, str] = {}
    # Groups in row order: an inner group starts below its outer one and so overrides it.
    for group in sorted(g for g in sheet.scopes if sheet.roles[g] == "group"):
        code = match_project(" ".join(sheet.rows[group]), projects)
        if code is not None:
            from_group.update(dict.fromkeys(sheet.scopes[group], code))
    for i in sheet.rows_with("body"):
        own = None
        if kind == "disbursement" and label_at is not None:
            own = match_project(sheet.rows[i][label_at], projects)
        sheet.row_project[i] = own or from_group.get(i)


def _formulas(
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


def _settle_project_and_date(
    sheet: SheetReading,
    projects: KnownProjects,
    project: str | None,
    as_of: dt.date | None,
    found: list[Problem],
) -> None:
    """The sheet's project (title, sheet name, or the one given) for rows that no group row
    names, its as-of date (title, header, or the one given) and its plan year."""
    first_header = sheet.header_rows[0]
    titles = [(i, " ".join(c for c in sheet.rows[i] if c.strip())) for i in range(first_header)]
    own = _project_in_titles(titles, projects)
    if own is None and sheet.name:
        code = match_project(sheet.name, projects)
        own = None if code is None else (code, f"sheet:{sheet.name}")
    chosen = own[0] if own else project
    sheet.project_from = own[1] if own else ("given" if project else "")
    for i, code in sheet.row_project.items():
        if code is None:
            sheet.row_project[i] = chosen
    named_in_rows = sheet.column_of("project_code") is not None
    if not named_in_rows and any(code is None for code in sheet.row_project.values()):
        vi, en = _in_sheet(sheet)
        found.append(problem("error", "form_no_project", detail_vi=vi, detail_en=en))
    headers = [(i, " ".join(sheet.rows[i])) for i in sheet.header_rows]
    for i, text in [*titles, *headers]:
        ymd = words.as_of_in(words.folded(text))
        if ymd is not None:
            try:
                sheet.as_of = dt.date(*ymd)
            except ValueError:
                continue
            sheet.as_of_from = f"row:{i + 1}"
            break
    if sheet.as_of is None and as_of is not None:
        sheet.as_of, sheet.as_of_from = as_of, "given"
    if sheet.as_of is None and sheet.column_of("report_date") is not None:
        sheet.as_of_from = "column"  # every row has its own date
    elif sheet.as_of is None:
        vi, en = _in_sheet(sheet)
        found.append(problem("error", "form_no_date", detail_vi=vi, detail_en=en))
    plan = [c.header for c in sheet.columns if c.field and c.field.startswith("plan_vnd")]
    years = [words.year_in(words.folded(t)) for t in [*plan, *(t for _, t in titles)]]
    sheet.year = next((y for y in years if y), sheet.as_of.year if sheet.as_of else None)


def _in_sheet(sheet: SheetReading) -> tuple[str, str]:
    """Which sheet a problem is on, to add to its message (nothing for a CSV file)."""
    if not sheet.name:
        return "", ""
    return f" (trang '{sheet.name}')", f" (sheet '{sheet.name}')"


def _project_in_titles(
    titles: list[tuple[int, str]], projects: KnownProjects
) -> tuple[str, str] | None:
    """The project of "Dự án: …" in the title block, else of any title row naming one."""
    labelled = [(i, t) for i, t in titles if re.match(r"^(du an|cong trinh)\b", words.folded(t))]
    for i, text in [*labelled, *titles]:
        code = match_project(text, projects)
        if code is not None:
            return code, f"row:{i + 1}"
    return None
