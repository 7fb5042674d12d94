"""Saved layouts: the reading of a form an editor checked once, kept to read next week's file.

A layout holds the choices of :class:`~tracker.uploads.forms.FormChoices` that stay from week to
week (header rows, each column's field and unit by its header text, the project when the file
never names it) and never the date. Layouts live in the store, append-only and versioned: saving a
name again adds its next version; every version keeps who saved it. A layout fits a file when
every column it maps is still there; otherwise the column that is gone is named.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from tracker.errors import InputError, NotFoundError
from tracker.store import Store
from tracker.store.queries import query_text
from tracker.uploads.form_model import FormChoices, FormReading
from tracker.uploads.form_words import PERCENT, STT
from tracker.uploads.problems import Problem, problem

MAX_NAME_CHARS = 80


@dataclass(frozen=True)
class Layout:
    """One saved version of a layout."""

    name: str
    version: int
    kind: str
    choices: FormChoices
    headers: dict[str, str]  # column key → header as written, to name a column that is gone
    saved_by: str
    saved_at: dt.datetime | None = None

    @property
    def label(self) -> str:
        return f"{self.name} v{self.version}"

    def choices_for(self, as_of: dt.date | None) -> FormChoices:
        """The layout's choices with this week's date (a layout never keeps one)."""
        c = self.choices
        return FormChoices(c.kind, c.header_rows, c.fields, c.units, c.project, as_of)


def layout_from_reading(
    name: str, reading: FormReading, *, saved_by: str, project: str | None = None
) -> Layout:
    """What a checked reading becomes when saved: every column's field and unit by header."""
    clean = " ".join(name.split())
    if not clean or len(clean) > MAX_NAME_CHARS:
        raise InputError(
            vi=f"Tên cách đọc phải có từ 1 đến {MAX_NAME_CHARS} ký tự.",
            en=f"A layout name must have 1 to {MAX_NAME_CHARS} characters.",
        )
    first = reading.sheets[0]
    fields: dict[str, str] = {}
    units: dict[str, str] = {}
    headers: dict[str, str] = {}
    for sheet in reading.sheets:
        for column in sheet.columns:
            fields[column.key] = column.field or ""
            headers[column.key] = column.header
            if column.unit:
                units[column.key] = column.unit
    choices = FormChoices(
        kind=reading.kind,
        header_rows=len(first.header_rows),
        fields=fields,
        units=units,
        project=project,
    )
    return Layout(clean, 0, str(reading.kind), choices, headers, saved_by)


def save_layout(store: Store, layout: Layout) -> Layout:
    """Store ``layout`` as the next version of its name; return it with its version."""
    definition = json.dumps(
        {
            "header_rows": layout.choices.header_rows,
            "fields": layout.choices.fields,
            "units": layout.choices.units,
            "project": layout.choices.project,
            "headers": layout.headers,
        },
        ensure_ascii=False,
        sort_keys=True,
    )
    with store.transaction() as tx:
        tx.lock(f"layout:{layout.name}")
        row = tx.row(
            "SELECT coalesce(max(version), 0) FROM form_layouts WHERE name = $name",
            {"name": layout.name},
        )
        version = int(row[0]) + 1 if row else 1
        tx.execute(
            """INSERT INTO form_layouts (name, version, kind, definition, saved_by)
               VALUES ($name, $version, $kind, $definition, $saved_by)""",
            {
                "name": layout.name,
                "version": version,
                "kind": layout.kind,
                "definition": definition,
                "saved_by": layout.saved_by,
            },
        )
    return load_layout(store, layout.name, version)


def _layout(row: tuple[object, ...]) -> Layout:
    name, version, kind, definition, saved_by, saved_at = row
    data = json.loads(str(definition))
    choices = FormChoices(
        kind=str(kind),
        header_rows=data.get("header_rows"),
        fields=dict(data.get("fields", {})),
        units=dict(data.get("units", {})),
        project=data.get("project"),
    )
    when = saved_at if isinstance(saved_at, dt.datetime) else None
    return Layout(
        str(name),
        int(str(version)),
        str(kind),
        choices,
        dict(data.get("headers", {})),
        str(saved_by),
        when,
    )


def list_layouts(store: Store) -> list[Layout]:
    """The newest version of every saved layout, by name."""
    return [_layout(r) for r in store.rows(query_text("form_layouts"))]


def layout_versions(store: Store, name: str) -> list[Layout]:
    """Every version of the layout ``name``, newest first."""
    return [_layout(r) for r in store.rows(query_text("form_layout_versions"), {"name": name})]


def load_layout(store: Store, name: str, version: int | None = None) -> Layout:
    """A saved layout (its newest version unless one is named)."""
    versions = layout_versions(store, name)
    found = [v for v in versions if version is None or v.version == version]
    if not found:
        known = ", ".join(layout.name for layout in list_layouts(store)) or "—"
        raise NotFoundError(
            vi=f"Không có cách đọc tên '{name}'. Các cách đọc đã lưu: {known}.",
            en=f"There is no layout named '{name}'. Saved layouts: {known}.",
        )
    return found[0]


def columns_gone(layout: Layout, reading: FormReading) -> list[Problem]:
    """One error per column the layout maps that the file no longer has."""
    present = {c.key for s in reading.sheets for c in s.columns}
    return [
        problem(
            "error",
            "layout_column_gone",
            value=layout.headers.get(key, key),
            detail=layout.label,
        )
        for key, name in layout.choices.fields.items()
        if name and name not in (STT, PERCENT) and key not in present
    ]
