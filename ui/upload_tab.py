"""The upload tab: templates, sign-in, file picker, validation report, preview, commit, history.

Anyone may download the templates. Everything that writes (commit, undo) needs a signed-in editor;
a viewer holding a shared link only sees the sign-in form here.
"""

from __future__ import annotations

import dataclasses
import hashlib
from functools import partial

import pandas as pd
import streamlit as st

from tracker.auth import Editor, set_editor
from tracker.errors import TrackerError
from tracker.i18n import format_date
from tracker.store import Store
from tracker.ui_text import t as ui_t
from tracker.uploads.history import undo_upload, upload_history
from tracker.uploads.intake import Intake, prepare_file
from tracker.uploads.prepare import PreparedUpload, commit_upload
from tracker.uploads.problems import report_csv, report_rows
from tracker.uploads.templates import template_csv, template_xlsx
from tracker.vocabulary import FILE_KINDS
from ui import proposals_panel
from ui.access import SESSION_KEY, account_bar, current_account, sign_in_form
from ui.form_mapping import CHOICES_KEY, preview_table, render_mapping
from ui.markdown import escape_markdown
from ui.proposals_panel import PROPOSALS


def _t(key: str, lang: str, **fields: object) -> str:
    return ui_t(f"upload_{key}", lang).format(**fields)


def render(store: Store, lang: str) -> None:
    """Draw the upload tab for ``store`` in ``lang``."""
    _templates(lang)
    editor = current_account(store, lang)
    if editor is None:
        st.subheader(_t("sign_in", lang))
        st.caption(_t("viewer_note", lang))
        sign_in_form(store, lang, key="sign_in")
        return
    account_bar(editor, lang, key="sign_out")
    if not editor.can_write:
        st.info(_t("viewer_note", lang))
        return
    if editor.must_change_password:
        _change_password(store, editor, lang)
        return
    _upload(store, editor, lang)
    _history(store, editor, lang)


def _templates(lang: str) -> None:
    st.subheader(_t("templates", lang))
    for column, kind in zip(st.columns(len(FILE_KINDS)), FILE_KINDS, strict=True):
        label = _t(f"template_{kind}", lang)
        # Made when asked for: a workbook costs more than the rest of the tab's run.
        column.download_button(
            f"{label} (.csv)",
            partial(template_csv, kind),
            f"mau_{kind}.csv",
            "text/csv",
            key=f"template_{kind}_csv",
            on_click="ignore",
        )
        column.download_button(
            f"{label} (.xlsx)",
            partial(template_xlsx, kind),
            f"mau_{kind}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"template_{kind}_xlsx",
            on_click="ignore",
        )


def _change_password(store: Store, editor: Editor, lang: str) -> None:
    st.subheader(_t("change_password", lang))
    with st.form("change_password_form"):
        new = st.text_input(_t("new_password", lang), type="password", key="new_password")
        saved = st.form_submit_button(_t("save_password", lang))
    if saved:
        try:
            set_editor(store, editor.user_name, new, role=editor.role, created_by=editor.user_name)
        except TrackerError as exc:
            st.error(exc.message(lang))
            return
        st.session_state[SESSION_KEY] = dataclasses.replace(editor, must_change_password=False)
        st.rerun()


def _upload(store: Store, editor: Editor, lang: str) -> None:
    kinds = {
        None: _t("kind_auto", lang),
        "clearance": _t("kind_clearance", lang),
        "disbursement": _t("kind_disbursement", lang),
        "blockers": _t("kind_blockers", lang),
        "status": _t("kind_status", lang),
    }
    kind = st.radio(
        _t("kind", lang),
        list(kinds),
        format_func=lambda k: kinds[k],
        horizontal=True,
        key="upload_kind",
    )
    flash = st.session_state.pop("upload_flash", None)
    if flash:
        st.success(flash)
    # A new key per committed file empties the picker, so the same file is not checked again.
    round_ = st.session_state.setdefault("upload_round", 0)
    file = st.file_uploader(
        _t("file", lang), type=["csv", "txt", "xlsx", "xls", "ods"], key=f"upload_file_{round_}"
    )
    if file is None:
        st.session_state.pop("prepared", None)
        st.session_state.pop(CHOICES_KEY, None)
        proposals_panel.render(store, editor, lang)
        return
    content = file.getvalue()
    intake: Intake | None = st.session_state.get("prepared")
    digest = hashlib.sha256(content).hexdigest()
    if st.session_state.get("choices_for") != digest:  # another file: its own corrections
        st.session_state.pop(CHOICES_KEY, None)
        st.session_state["choices_for"] = digest
    asked = (digest, kind)
    if intake is None or st.session_state.get("prepared_for") != asked:
        with st.status(_t("checking", lang), expanded=False) as status:
            intake = prepare_file(
                store,
                content,
                file.name,
                user_name=editor.user_name,
                kind=kind,
                choices=st.session_state.get(CHOICES_KEY),
                scope=editor.scope,
            )
            rows = intake.prepared.row_count
            status.update(label=_t("checked", lang, rows=rows), state="complete")
        st.session_state["prepared"] = intake
        st.session_state["prepared_for"] = asked
    prepared = intake.prepared
    if intake.reading is not None:
        render_mapping(store, editor, intake, lang, round_)
    _report(prepared, lang)
    if not prepared.ok:
        return
    if prepared.duplicate_of is not None:
        st.info(_t("duplicate", lang, id=prepared.duplicate_of))
        return
    _preview(prepared, lang)
    preview_table(intake, lang)
    if st.button(_t("commit", lang), type="primary", key="commit_upload"):
        try:
            upload_id = commit_upload(store, prepared, editor.scope)
        except TrackerError as exc:
            st.error(exc.message(lang))
            return
        st.session_state.pop("prepared", None)
        st.session_state.pop(CHOICES_KEY, None)
        st.session_state[PROPOSALS] = prepared.proposed_blockers
        st.session_state["upload_round"] = round_ + 1
        st.session_state["upload_flash"] = _t("committed", lang, id=upload_id)
        st.rerun()


def _report(prepared: PreparedUpload, lang: str) -> None:
    problems = prepared.errors if not prepared.ok else prepared.notices
    if not prepared.ok:
        st.error(_t("refused", lang, n=len(prepared.errors)))
        first = prepared.errors[0]
        where = "–" if first.row is None else str(first.row)
        st.caption(_t("first_error", lang, row=where, message=escape_markdown(first.message(lang))))
    if problems:
        rows = report_rows(problems, lang)
        st.dataframe(pd.DataFrame(rows[1:], columns=rows[0]), hide_index=True, width="stretch")
        st.download_button(
            _t("report", lang),
            report_csv(problems, lang),
            "bao_cao_kiem_tra.csv",
            "text/csv",
            key="problem_report",
        )


def _preview(prepared: PreparedUpload, lang: str) -> None:
    a, b, c = st.columns(3)
    a.metric(_t("rows_new", lang), prepared.rows_new)
    b.metric(_t("rows_changed", lang), prepared.rows_changed)
    c.metric(_t("rows_unchanged", lang), prepared.rows_unchanged)
    if prepared.movements:
        st.markdown(f"**{_t('movements', lang)}**")
        for movement in prepared.movements:
            st.markdown(f"- {escape_markdown(movement.text(lang))}")


def history_table(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The upload history with headers, statuses and dates in the reader's language."""
    status = {"committed": _t("status_committed", lang), "undone": _t("status_undone", lang)}
    return pd.DataFrame(
        {
            _t("col_id", lang): history.upload_id,
            _t("col_status", lang): history.status.map(status),
            _t("col_kind", lang): history.kind,
            _t("col_file", lang): history.file_name,
            _t("col_user", lang): history.user_name,
            _t("col_at", lang): [
                f"{format_date(pd.Timestamp(v).date(), lang)} {pd.Timestamp(v):%H:%M}"
                for v in history.uploaded_at
            ],
            _t("col_rows", lang): history.row_count,
            _t("col_new", lang): history.rows_new,
            _t("col_changed", lang): history.rows_changed,
            _t("col_status_by", lang): history.status_by,
        }
    )


def _history(store: Store, editor: Editor, lang: str) -> None:
    st.subheader(_t("history", lang))
    history = upload_history(store)
    st.dataframe(history_table(history, lang), hide_index=True, width="stretch")
    committed = history[history.status == "committed"]
    if committed.empty:
        return
    labels = {
        int(upload_id): f"#{int(upload_id)} · {name} · {user} · "
        f"{format_date(pd.Timestamp(at).date(), lang)}"
        for upload_id, name, user, at in zip(
            committed.upload_id,
            committed.file_name,
            committed.user_name,
            committed.uploaded_at,
            strict=True,
        )
    }
    with st.form("undo_form"):
        st.markdown(f"**{_t('undo', lang)}**")
        # Keyed by the newest upload: when one arrives, the list starts again at it, unticked.
        newest = max(labels)
        upload_id = st.selectbox(
            _t("undo", lang),
            list(labels),
            format_func=labels.__getitem__,
            key=f"undo_id_{newest}",
            label_visibility="collapsed",
        )
        confirmed = st.checkbox(_t("undo_confirm", lang), key=f"undo_confirm_{newest}")
        pressed = st.form_submit_button(_t("undo_button", lang))
    if pressed and confirmed and upload_id is not None:
        try:
            undo_upload(store, int(upload_id), editor.user_name, scope=editor.scope)
        except TrackerError as exc:
            st.error(exc.message(lang))
            return
        st.success(_t("undone", lang, id=upload_id))
