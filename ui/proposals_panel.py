"""Proposed blockers: the "Khó khăn, vướng mắc" texts of the clearance file just committed, to
confirm as blockers with a category and an agency (or to download as a blockers file)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tracker.auth import Editor
from tracker.blockers import BlockerChange, proposals_file, record_blockers
from tracker.errors import TrackerError
from tracker.outlook import category_label
from tracker.store import Store
from tracker.ui_text import t
from tracker.uploads.result import ProposedBlocker
from tracker.vocabulary import BLOCKER_CATEGORIES

PROPOSALS = "proposed_blockers"


def render(store: Store, editor: Editor, lang: str) -> None:
    """The proposals of the last committed clearance file, if any, as a table to complete."""
    proposals: list[ProposedBlocker] = st.session_state.get(PROPOSALS) or []
    if not proposals:
        return
    st.subheader(t("proposals_heading", lang))
    st.caption(t("proposals_hint", lang))
    labels = {category_label(c, None, lang): c for c in BLOCKER_CATEGORIES}
    table = pd.DataFrame(
        {
            t("proposals_keep", lang): [False] * len(proposals),
            t("project", lang): [p.project_code for p in proposals],
            t("commune_code", lang): [p.commune_code for p in proposals],
            t("report_date", lang): [p.report_date for p in proposals],
            t("col_description", lang): [p.text for p in proposals],
            t("col_category", lang): [None] * len(proposals),
            t("col_agency", lang): [""] * len(proposals),
        }
    )
    edited = st.data_editor(
        table,
        hide_index=True,
        width="stretch",
        key="proposals_editor",
        disabled=[t("project", lang), t("commune_code", lang), t("report_date", lang)],
        column_config={
            t("col_category", lang): st.column_config.SelectboxColumn(options=list(labels)),
        },
    )
    st.download_button(
        t("proposals_download", lang),
        proposals_file(proposals),
        "vuong_mac_de_xuat.csv",
        "text/csv",
        key="proposals_download",
    )
    if not st.button(t("proposals_confirm", lang), key="proposals_confirm"):
        return
    changes = [
        BlockerChange(
            project_code=p.project_code,
            changed_on=p.report_date,
            commune=p.commune_code,
            category=labels[str(row[t("col_category", lang)])],
            description=str(row[t("col_description", lang)]).strip() or p.text,
            agency=str(row[t("col_agency", lang)]).strip(),
        )
        for p, (_, row) in zip(proposals, edited.iterrows(), strict=True)
        if row[t("proposals_keep", lang)]
        and row[t("col_category", lang)] in labels
        and str(row[t("col_agency", lang)]).strip()
    ]
    if not changes:
        st.warning(t("proposals_none_chosen", lang))
        return
    try:
        upload_id = record_blockers(
            store,
            changes,
            user_name=editor.user_name,
            file_name="vuong_mac_de_xuat.csv",
            scope=editor.scope,
        )
    except TrackerError as exc:
        st.error(exc.message(lang))
        return
    st.session_state.pop(PROPOSALS, None)
    st.success(t("blocker_saved", lang).format(id=upload_id))
