"""What reading a form produces: its columns, the editor's choices, and how each sheet was read.

Row and column numbers are 0-based positions in the sheet; :func:`column_letter` and
:func:`excel_rows` write them as Excel shows them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from tracker.uploads import form_words as words
from tracker.uploads.files import Grid
from tracker.uploads.problems import Problem

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
