"""Reading the forms offices keep: where the header is, what each column and each row is.

A form has a title block (the board, "Dự án: …", "Tính đến ngày 31/7/2025", "ĐVT: ha; triệu
đồng"), a header of one to four rows whose upper cells are merged over the columns they head, often
a numbering row "(1) (2) … (6)=(5)/(4)", then body rows among totals ("TỔNG CỘNG"), subtotals
("Cộng"), group rows ("I. Cao tốc Hữu Nghị – Chi Lăng", "A", "1" over "1.1") and blank rows, and a
signature block. :func:`read_form` finds all of that in each sheet and says how it read it; the
editor may correct any choice (:class:`FormChoices`), and a saved layout is such a set of choices.
The header is read in ``form_header``, the rows in ``form_rows``, projects and dates in
``form_projects``; what it all produces is in ``form_model``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tracker.uploads.files import Grid
from tracker.uploads.form_header import (
    formulas,
    guess_kind,
    header_block,
    header_columns,
    is_numbering,
    python_rows,
    title_units,
)
from tracker.uploads.form_model import Cells, FormChoices, FormReading, SheetReading
from tracker.uploads.form_projects import KnownProjects, projects_of_rows, settle_project_and_date
from tracker.uploads.form_rows import classify_body, scope_groups
from tracker.uploads.problems import problem


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
        rows = python_rows(grid)
        header = header_block(rows, choices.header_rows)
        if header is None:
            continue
        sheet_kind = kind or guess_kind(rows, header, grid)
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
        settle_project_and_date(sheet, known, project, as_of, reading.problems)
    return reading


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
    columns = header_columns(rows, header, grid, kind, choices, title_units(title))
    numbering = last + 1 if last + 1 < len(rows) and is_numbering(rows[last + 1]) else None
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
        formulas=formulas(rows, numbering, columns, kind),
    )
    classify_body(sheet, kind)
    scope_groups(sheet)
    projects_of_rows(sheet, kind, projects)
    return sheet
