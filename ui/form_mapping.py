"""The mapping step: how a file that is not the template was read, corrected once and saved.

The editor sees which rows are header, data and skipped and which column became which field;
corrects any choice from a list (header rows, each column's field and unit, the project and the
date when the file does not say them); sees the checks and the preview again; and saves the reading
as a named layout, so next week's file of the same form goes straight to preview and commit.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from tracker.auth import Editor
from tracker.errors import TrackerError
from tracker.i18n import format_date
from tracker.store import Store
from tracker.ui_text import t as ui_t
from tracker.uploads.form_model import FormChoices, FormColumn, FormReading
from tracker.uploads.form_words import UNIT_LABELS
from tracker.uploads.intake import Intake
from tracker.uploads.layouts import layout_from_reading, save_layout
from tracker.uploads.reading_text import (
    choices_for,
    field_label,
    sheet_summary,
    units_for,
)
from ui.markdown import escape_markdown

#: Where the editor's corrections of the current file are kept between reruns.
CHOICES_KEY = "form_choices"


def render_mapping(store: Store, editor: Editor, intake: Intake, lang: str, round_: int) -> None:
    """Show how ``intake``'s form was read, with the corrections and the save form."""
    reading = intake.reading
    assert reading is not None
    if intake.layout is not None:
        label = escape_markdown(intake.layout.label)
        st.info(ui_t("form_read_with_layout", lang).format(name=label))
    else:
        st.info(ui_t("form_read_automatically", lang))
    with st.expander(ui_t("form_how_read", lang), expanded=intake.layout is None):
        for sheet in reading.sheets:
            st.markdown(escape_markdown(sheet_summary(reading, sheet, lang)))
            st.dataframe(_columns_table(sheet.columns, lang), hide_index=True, width="stretch")
        _corrections(store, reading, lang, round_)
    if reading.sheets and intake.prepared.kind is not None:
        _save(store, editor, intake, lang, round_)


def _columns_table(columns: list[FormColumn], lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            ui_t("form_col_letter", lang): [c.letter for c in columns],
            ui_t("form_col_header", lang): [c.header for c in columns],
            ui_t("form_col_field", lang): [field_label(c.field, lang) for c in columns],
            ui_t("form_col_unit", lang): [UNIT_LABELS.get(c.unit or "", "") for c in columns],
        }
    )


def _corrections(store: Store, reading: FormReading, lang: str, round_: int) -> None:
    """Every choice the reading made, each correctable from a list; applied all at once."""
    if not reading.sheets or reading.kind is None:
        return
    sheet = reading.sheets[0]
    kind = reading.kind
    current: FormChoices = st.session_state.get(CHOICES_KEY) or FormChoices(kind=kind)
    projects = store.query("upload_projects").project_code.tolist()
    with st.form(f"form_choices_{round_}"):
        st.markdown(f"**{ui_t('form_correct', lang)}**")
        a, b, c = st.columns(3)
        header_rows = a.selectbox(
            ui_t("form_header_rows", lang),
            [1, 2, 3, 4],
            index=len(sheet.header_rows) - 1,
            key=f"form_header_rows_{round_}",
        )
        project_options = ["", *projects]
        given = current.project if current.project in projects else ""
        project = b.selectbox(
            ui_t("form_project", lang),
            project_options,
            index=project_options.index(given),
            format_func=lambda p: p or ui_t("form_from_file", lang),
            key=f"form_project_{round_}",
        )
        as_of = c.date_input(
            ui_t("form_as_of", lang),
            value=current.as_of or sheet.as_of,
            format="DD/MM/YYYY",
            key=f"form_as_of_{round_}",
        )
        fields: dict[str, str] = {}
        units: dict[str, str] = {}
        for column in sheet.columns:
            name_box, unit_box = st.columns([3, 2])
            options = choices_for(kind)
            chosen = column.field if column.field in options else ""
            fields[column.key] = name_box.selectbox(
                # A header is the office's text: shown as text, never as Markdown.
                escape_markdown(f"{column.letter} · {column.header}"),
                options,
                index=options.index(chosen or ""),
                format_func=lambda f: field_label(f, lang),
                key=f"form_field_{round_}_{column.index}",
            )
            unit_options = units_for(column.field)
            if not unit_options:  # text, counts and percentages have no unit to choose
                continue
            units[column.key] = unit_box.selectbox(
                ui_t("form_col_unit", lang),
                unit_options,
                index=unit_options.index(column.unit) if column.unit in unit_options else 0,
                format_func=lambda u: UNIT_LABELS.get(u, "—"),
                key=f"form_unit_{round_}_{column.index}",
            )
        applied = st.form_submit_button(ui_t("form_apply", lang))
    if applied:
        st.session_state[CHOICES_KEY] = FormChoices(
            kind=kind,
            header_rows=int(header_rows),
            fields=fields,
            units={k: v for k, v in units.items() if v},
            project=project or None,
            as_of=as_of if isinstance(as_of, dt.date) else None,
        )
        st.session_state.pop("prepared", None)
        st.rerun()


def _save(store: Store, editor: Editor, intake: Intake, lang: str, round_: int) -> None:
    reading = intake.reading
    assert reading is not None
    with st.form(f"save_layout_{round_}"):
        st.markdown(f"**{ui_t('form_save_title', lang)}**")
        st.caption(ui_t("form_save_help", lang))
        default = intake.layout.name if intake.layout else ""
        name = st.text_input(ui_t("form_layout_name", lang), value=default, key=f"layout_{round_}")
        saved = st.form_submit_button(ui_t("form_save", lang))
    if not saved:
        return
    choices: FormChoices | None = st.session_state.get(CHOICES_KEY)
    try:
        layout = save_layout(
            store,
            layout_from_reading(
                name,
                reading,
                saved_by=editor.user_name,
                project=choices.project if choices else None,
            ),
        )
    except TrackerError as exc:
        st.error(exc.message(lang))
        return
    when = format_date(dt.date.today(), lang)
    st.success(ui_t("form_saved", lang).format(name=layout.name, version=layout.version, when=when))


def preview_table(intake: Intake, lang: str) -> None:
    """The first rows as they will be stored: what the form became."""
    prepared = intake.prepared
    main = "clearance_reports" if prepared.kind == "clearance" else "disbursement_reports"
    frame = prepared.tables.get(main)
    if frame is None or frame.empty or intake.reading is None:
        return
    st.markdown(f"**{ui_t('form_preview', lang)}**")
    shown = frame.drop(columns=[c for c in ("source_key", "note") if c in frame.columns])
    st.dataframe(shown.head(50), hide_index=True, width="stretch")
