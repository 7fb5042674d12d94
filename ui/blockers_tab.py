"""The blockers tab: the log of the view as of its date, and for editors the forms that add a
blocker and record a change of one (escalate, resolve, comment). Each save is one upload through
the checks a blockers file gets."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from tracker.auth import Editor
from tracker.blockers import BlockerChange, blocker_log, record_blockers
from tracker.errors import TrackerError
from tracker.exports import csv_bytes
from tracker.i18n import format_date
from tracker.outlook import blocker_table, category_label
from tracker.store import Store
from tracker.ui_text import t
from tracker.viewstate import ViewState
from tracker.vocabulary import BLOCKER_CATEGORIES, BLOCKER_STATUSES, ESCALATION_LEVELS
from ui.access import current_account
from ui.state import Catalogue

_FLASH = "blocker_flash"
_KEEP = ""


def render(store: Store, state: ViewState, cat: Catalogue, as_of: dt.date | None) -> None:
    """The log of the view's projects as of ``as_of`` and, for an editor, the forms."""
    lang = state.lang
    st.subheader(t("blockers_log", lang))
    flash = st.session_state.pop(_FLASH, None)
    if flash:
        st.success(flash)
    if as_of is None:
        st.info(t("no_data", lang))
        return
    projects = list(state.projects) or list(cat.project_kinds)
    log = blocker_log(
        store, as_of, province_code=cat.province, projects=projects, category=state.category
    )
    st.caption(f"{t('as_of', lang)} {format_date(as_of, lang)}")
    if log.empty:
        st.caption(t("blockers_none", lang))
    else:
        table = blocker_table(log, cat.communes, lang)
        st.dataframe(table, hide_index=True, width="stretch", key="blocker_log_table")
        st.download_button(
            t("download_csv", lang),
            csv_bytes(table, lang),
            file_name=f"vuong-mac-{cat.province}-{as_of.isoformat()}.csv",
            mime="text/csv",
            key="download_blockers",
        )
    editor = current_account(store, lang)
    if editor is None or not editor.can_write or editor.must_change_password:
        st.info(t("blocker_sign_in", lang))
        return
    default_day = state.as_of or dt.date.today()
    _add_form(store, editor, cat, projects, default_day, lang)
    if not log.empty:
        _update_form(store, editor, log, cat, default_day, lang)


def _save(store: Store, editor: Editor, change: BlockerChange, lang: str) -> None:
    try:
        upload_id = record_blockers(
            store,
            [change],
            user_name=editor.user_name,
            file_name=t("tab_blockers", lang) + f" · {change.changed_on.isoformat()}",
            scope=editor.scope,
        )
    except TrackerError as exc:
        st.error(exc.message(lang))
        return
    st.session_state[_FLASH] = t("blocker_saved", lang).format(id=upload_id)
    st.rerun()


def _add_form(
    store: Store,
    editor: Editor,
    cat: Catalogue,
    projects: list[str],
    default_day: dt.date,
    lang: str,
) -> None:
    with st.form("blocker_add_form", clear_on_submit=True):
        st.markdown(f"**{t('blocker_form_add', lang)}**")
        left, right = st.columns(2)
        project = left.selectbox(t("blocker_form_project", lang), projects, key="ba_project")
        commune = right.selectbox(
            t("blocker_form_commune", lang),
            ["", *cat.communes],
            format_func=lambda c: (
                cat.communes.get(c, c) if c else t("blocker_form_no_commune", lang)
            ),
            key="ba_commune",
        )
        category = left.selectbox(
            t("col_category", lang),
            list(BLOCKER_CATEGORIES),
            format_func=lambda c: category_label(c, None, lang),
            key="ba_category",
        )
        other = right.text_input(t("blocker_form_other", lang), key="ba_other")
        description = st.text_area(t("blocker_form_description", lang), key="ba_description")
        a, b, c = st.columns(3)
        area = a.number_input(t("blocker_form_area", lang), min_value=0.0, step=0.1, key="ba_area")
        households = b.number_input(
            t("blocker_form_households", lang), min_value=0, step=1, key="ba_households"
        )
        agency = c.text_input(t("blocker_form_agency", lang), key="ba_agency")
        d, e = st.columns(2)
        changed_on = d.date_input(t("blocker_form_date", lang), value=default_day, key="ba_date")
        due = e.date_input(t("blocker_form_due", lang), value=None, key="ba_due")
        comment = st.text_input(t("blocker_form_comment", lang), key="ba_comment")
        saved = st.form_submit_button(t("blocker_form_save", lang))
    if saved:
        _save(
            store,
            editor,
            BlockerChange(
                project_code=str(project),
                changed_on=_day(changed_on, default_day),
                commune=commune or None,
                category=str(category),
                category_other=other.strip() or None,
                description=description.strip() or None,
                area_ha=float(area) or None,
                households=int(households) or None,
                agency=agency.strip() or None,
                due_on=due if isinstance(due, dt.date) else None,
                comment=comment.strip() or None,
            ),
            lang,
        )


def _day(value: object, default: dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else default


def _update_form(
    store: Store,
    editor: Editor,
    log: pd.DataFrame,
    cat: Catalogue,
    default_day: dt.date,
    lang: str,
) -> None:
    labels = {
        int(number): f"#{int(number)} · {project} · {cat.communes.get(str(commune), '–')} · "
        f"{category_label(str(category), None, lang)} · {t(f'blocker_status_{status}', lang)}"
        for number, project, commune, category, status in zip(
            log.blocker_id,
            log.project_code,
            log.commune_code,
            log.category,
            log.status,
            strict=True,
        )
    }
    projects = dict(zip(log.blocker_id.astype(int), log.project_code, strict=True))
    with st.form("blocker_update_form", clear_on_submit=True):
        st.markdown(f"**{t('blocker_form_update', lang)}**")
        number = st.selectbox(
            t("blocker_form_which", lang), list(labels), format_func=labels.__getitem__, key="bu_id"
        )
        a, b, c = st.columns(3)
        status = a.selectbox(
            t("col_status", lang),
            [_KEEP, *BLOCKER_STATUSES],
            format_func=lambda s: t(f"blocker_status_{s}", lang) if s else "—",
            key="bu_status",
        )
        escalation = b.selectbox(
            t("col_escalation", lang),
            [_KEEP, *ESCALATION_LEVELS],
            format_func=lambda e: t(f"escalation_{e}", lang) if e else "—",
            key="bu_escalation",
        )
        changed_on = c.date_input(t("blocker_form_date", lang), value=default_day, key="bu_date")
        d, e = st.columns(2)
        agency = d.text_input(t("blocker_form_agency", lang), key="bu_agency")
        due = e.date_input(t("blocker_form_due", lang), value=None, key="bu_due")
        comment = st.text_input(t("blocker_form_comment", lang), key="bu_comment")
        saved = st.form_submit_button(t("blocker_form_update_save", lang))
    if saved and number is not None:
        _save(
            store,
            editor,
            BlockerChange(
                project_code=str(projects[int(number)]),
                changed_on=_day(changed_on, default_day),
                blocker_id=int(number),
                status=status or None,
                escalation=escalation or None,
                agency=agency.strip() or None,
                due_on=due if isinstance(due, dt.date) else None,
                comment=comment.strip() or None,
            ),
            lang,
        )
