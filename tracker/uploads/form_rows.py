"""A form's rows below the header: data, totals, subtotals, groups, blanks, footnotes and the
signature block, and the rows each total adds up."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pyarrow.compute as pc

from tracker.uploads import form_words as words
from tracker.uploads.cells import Bools
from tracker.uploads.form_header import blank
from tracker.uploads.form_model import SheetReading

_HIERARCHY = re.compile(r"^(\d+)\.\d+")


def label_columns(sheet: SheetReading, kind: str) -> tuple[int | None, int | None]:
    """The STT column and the column naming each row (the commune, or the project)."""
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


def classify_body(sheet: SheetReading, kind: str) -> None:
    """Every row below the header: data, or what it is instead. Rows numbered and named are
    data (found in one pass); only the others are read one by one, and from the first row of
    the signature block on, everything is signature."""
    stt_at, label_at = label_columns(sheet, kind)
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
    if blank(row):
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


def scope_groups(sheet: SheetReading) -> None:
    """The data rows each total, subtotal ("Cộng") and group row adds up."""
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
