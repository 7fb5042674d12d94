"""Any weekly file, template or not: the one way in for the app and the command line.

A file in the template's columns goes the template's way (:func:`prepare_upload`). Any other file
is read as a form: through the saved layout it fits (or the one named), else by recognising it;
its own arithmetic is checked; then it is read into the template's columns and the template's
checks run on it, so it is held to every rule a template file is: all or nothing, a re-upload
recognised, every problem at its row and column as Excel shows them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from tracker.scopes import NATIONAL, Scope
from tracker.store import Store
from tracker.uploads.checks import arrow_frame
from tracker.uploads.files import FileRejected, Grid, read_grids, table_of_grid
from tracker.uploads.form_arithmetic import check_arithmetic
from tracker.uploads.form_model import FormChoices, FormReading
from tracker.uploads.form_table import FormTable, canonical_table
from tracker.uploads.form_words import PERCENT, STT
from tracker.uploads.forms import read_form
from tracker.uploads.headers import guess_kind, looks_like_header, map_headers
from tracker.uploads.layouts import Layout, columns_gone, list_layouts, load_layout
from tracker.uploads.prepare import check_table, in_reading_order, prepare_upload
from tracker.uploads.problems import Problem, problem
from tracker.uploads.result import PreparedUpload
from tracker.uploads.workbooks import workbook_format

_HEADER_SEARCH = 12
#: Problems that only say the file is not in the template's columns.
_NOT_THE_TEMPLATE = frozenset({"missing_column", "unknown_kind", "duplicate_column"})


@dataclass
class Intake:
    """A checked file, and for a form how it was read and through which layout."""

    prepared: PreparedUpload
    reading: FormReading | None = None
    layout: Layout | None = None


@dataclass(frozen=True)
class Asked:
    """What the person importing said about the file; all but the name may be left out."""

    user_name: str
    kind: str | None = None
    layout: Layout | None = None
    project: str | None = None
    as_of: dt.date | None = None
    choices: FormChoices | None = None
    today: dt.date | None = None
    scope: Scope = NATIONAL  # the provinces the importing account may write


def prepare_file(
    store: Store,
    content: bytes,
    file_name: str,
    *,
    user_name: str,
    kind: str | None = None,
    layout: str | Layout | None = None,
    project: str | None = None,
    as_of: dt.date | None = None,
    choices: FormChoices | None = None,
    today: dt.date | None = None,
    scope: Scope = NATIONAL,
) -> Intake:
    """Check any weekly file; write nothing. ``layout`` reads it as a saved form layout,
    ``choices`` with the editor's corrections; ``project`` and ``as_of`` are used where the
    file does not say."""
    grids: list[Grid] | None = None
    stored: tuple[Future[pd.DataFrame], Future[list[Layout]]] | None = None
    with ThreadPoolExecutor(max_workers=1) as background:
        if workbook_format(content) is not None:
            # A workbook is opened once, for both ways of reading; what is stored is read on
            # the second thread meanwhile.
            stored = (
                background.submit(store.query, "upload_projects"),
                background.submit(list_layouts, store),
            )
            try:
                grids = read_grids(content, file_name)
            except FileRejected:
                grids = None  # the template's way says why, in its words
        as_template = False
        if (
            layout is None
            and choices is None
            and (not grids or _template_columns(grids[0], file_name, kind))
        ):
            prepared = prepare_upload(
                store, content, file_name, user_name=user_name, kind=kind, today=today,
                grid=grids[0] if grids else None, scope=scope,
            )  # fmt: skip
            if prepared.ok or not {p.code for p in prepared.errors} <= _NOT_THE_TEMPLATE:
                return Intake(prepared)
            as_template = True
        if isinstance(layout, str):
            layout = load_layout(store, layout)
        asked = Asked(user_name, kind, layout, project, as_of, choices, today, scope)
        intake = prepare_form(store, content, file_name, asked, grids=grids, stored=stored)
        if as_template and intake.reading is not None and not intake.reading.sheets:
            # No form in it either: the template's words (a column missing) say more.
            return Intake(prepared)
        return intake


def _template_columns(grid: Grid, file_name: str, kind: str | None) -> bool:
    """Whether a sheet has the template's columns (the template's checks then say the rest)."""
    top = Grid(
        grid.name,
        grid.table.slice(0, _HEADER_SEARCH),  # the template's header is in its first rows
        grid.merged,
        grid.encoding,
        grid.delimiter,
        grid.file_format,
    )
    try:
        raw = table_of_grid(top, file_name, looks_like_header)
    except FileRejected:
        return True  # the template's way reports it
    kind = kind or guess_kind(raw.header)
    return kind is not None and map_headers(raw.header, raw.header_row, kind).complete


def prepare_form(
    store: Store,
    content: bytes,
    file_name: str,
    asked: Asked,
    *,
    grids: list[Grid] | None = None,
    stored: tuple[Future[pd.DataFrame], Future[list[Layout]]] | None = None,
) -> Intake:
    """Read a file as a form (``grids``: its sheets, when read already; ``stored``: the live
    projects and the saved layouts, being read) and check it all; write nothing."""
    kind, project, as_of, choices, layout = (
        asked.kind, asked.project, asked.as_of, asked.choices, asked.layout
    )  # fmt: skip
    user_name, today = asked.user_name, asked.today
    prepared = PreparedUpload(kind=kind, file_name=file_name, user_name=user_name, content=content)
    try:
        grids = grids or read_grids(content, file_name)
    except FileRejected as exc:
        prepared.problems.append(problem("error", "file", detail_vi=exc.vi, detail_en=exc.en))
        return Intake(prepared)
    projects = stored[0].result() if stored else store.query("upload_projects")
    if layout is None and choices is None:
        saved = stored[1].result() if stored else list_layouts(store)
        layout = fitting_layout(saved, grids, projects, kind=kind, project=project, as_of=as_of)
    if layout is not None and choices is None:
        choices = layout.choices_for(as_of)
    reading = read_form(grids, projects, kind=kind, project=project, as_of=as_of, choices=choices)
    intake = Intake(prepared, reading, layout)
    prepared.kind = reading.kind
    prepared.problems += reading.problems
    if layout is not None and reading.sheets:
        prepared.problems += columns_gone(layout, reading)
    if not prepared.ok:
        return intake
    table, missing = canonical_table(reading)
    prepared.problems += missing
    if table is None:
        return intake
    prepared.problems += check_arithmetic(reading)
    checked = PreparedUpload(prepared.kind, file_name, user_name, content)
    with ThreadPoolExecutor(max_workers=1) as background:
        check_table(
            store, table.raw, table.headers, checked, projects, background, today, asked.scope
        )
    prepared.problems += table.remap(checked.problems)
    prepared.duplicate_of = checked.duplicate_of
    prepared.rows_new, prepared.rows_changed = checked.rows_new, checked.rows_changed
    prepared.rows_unchanged, prepared.movements = checked.rows_unchanged, checked.movements
    if prepared.ok:
        _trace_to_sheets(prepared, checked, table, layout)
    in_reading_order(prepared, _order(reading))
    return intake


def fitting_layout(
    layouts: list[Layout],
    grids: list[Grid],
    projects: pd.DataFrame,
    *,
    kind: str | None,
    project: str | None,
    as_of: dt.date | None,
) -> Layout | None:
    """The saved layout the file fits (every column it maps is there), mapping the most
    columns; None when none fits."""
    best: tuple[int, Layout] | None = None
    for layout in layouts:
        if kind is not None and layout.kind != kind:
            continue
        reading = read_form(
            grids, projects, project=project, as_of=as_of, choices=layout.choices_for(as_of)
        )
        if not reading.sheets or columns_gone(layout, reading):
            continue
        mapped = sum(bool(f) and f not in (STT, PERCENT) for f in layout.choices.fields.values())
        if best is None or mapped > best[0]:
            best = (mapped, layout)
    return None if best is None else best[1]


def _trace_to_sheets(
    prepared: PreparedUpload, checked: PreparedUpload, table: FormTable, layout: Layout | None
) -> None:
    """The checked tables with each row's Excel row, and one source per sheet it came from."""
    reading = table.reading
    how = f"cách đọc '{layout.label}'" if layout else "nhận dạng tự động"
    prepared.sources = {
        f"sheet:{i}": {
            "kind": "upload",
            "title": prepared.file_name + (f" › {s.name}" if len(reading.sheets) > 1 else ""),
            "reference": f"sha256:{prepared.sha256}",
            "is_synthetic": False,
            "note": f"Biểu mẫu của đơn vị, đọc theo {how}; dòng tiêu đề "
            f"{s.header_rows[0] + 1}–{s.header_rows[-1] + 1}",
        }
        for i, s in enumerate(reading.sheets)
    }
    for name, frame in checked.tables.items():
        if frame.empty:
            prepared.tables[name] = frame.assign(source_key=pd.Series(dtype="string"))
            continue
        rows, sheets = table.source_rows(pa.array(frame["source_row"].astype("int64")))
        data = pa.Table.from_pandas(frame, preserve_index=False)
        data = data.set_column(data.schema.get_field_index("source_row"), "source_row", rows)
        data = data.append_column("source_key", pa.array([f"sheet:{s}" for s in sheets]))
        prepared.tables[name] = arrow_frame(data)


def _order(reading: FormReading) -> Callable[[Problem], tuple[object, ...]]:
    names = {f"{s.name}!": i for i, s in enumerate(reading.sheets) if s.name}
    several = len(reading.sheets) > 1

    def key(p: Problem) -> tuple[object, ...]:
        sheet = 0
        if several and p.column:
            sheet = next((i for prefix, i in names.items() if p.column.startswith(prefix)), 0)
        return (p.row is not None, sheet, p.row or 0, p.severity != "error")

    return key
