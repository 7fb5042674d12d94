"""The link to the current view, and the downloads of its figures and map."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from tracker.brief import gather, write_brief
from tracker.brief.document import brief_file_name
from tracker.exports import csv_bytes, excel_bytes
from tracker.store import Store
from tracker.ui_text import t
from tracker.viewstate import ViewState, to_query

_BRIEF = "weekly_brief"  # (the view's query, the .docx, its file name)


def view_link(state: ViewState) -> str:
    """The address of this view: the page's own URL (as the browser sees it) and the query."""
    base = st.context.url or "http://127.0.0.1:8501/"
    query = urlencode(to_query(state), doseq=True)
    return f"{base}?{query}" if query else base


def render(
    state: ViewState, figures: pd.DataFrame, map_file: Callable[[], bytes], stem: str
) -> None:
    """The shareable link (``st.code`` has a copy button) and three downloads, each built only when
    asked for (on another thread: none of them touches the database)."""
    lang = state.lang
    st.subheader(t("share", lang))
    st.code(view_link(state), language=None, wrap_lines=True)
    st.caption(t("share_hint", lang))
    st.subheader(t("downloads", lang))
    a, b, c = st.columns(3)
    a.download_button(
        t("download_csv", lang),
        lambda: csv_bytes(figures, lang),
        file_name=f"{stem}.csv",
        mime="text/csv",
        on_click="ignore",
        key="download_csv",
    )
    b.download_button(
        t("download_xlsx", lang),
        lambda: excel_bytes(figures, t("sheet_name", lang)),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        key="download_xlsx",
    )
    c.download_button(
        t("download_map", lang),
        map_file,
        file_name=f"{stem}.html",
        mime="text/html",
        on_click="ignore",
        key="download_map",
    )


def brief(store: Store, state: ViewState) -> None:
    """The weekly board brief of exactly this view: made on request, with its progress shown,
    then offered as a download (kept for this view until the view changes)."""
    lang = state.lang
    st.subheader(t("brief_heading", lang))
    key = urlencode(to_query(state), doseq=True)
    made = st.session_state.get(_BRIEF)
    if made is None or made[0] != key:
        if not st.button(t("brief_make", lang), key="brief_make"):
            return
        with st.status(t("brief_progress", lang), expanded=True) as status:
            bar = st.progress(0.0, text=t("brief_step_figures", lang))
            figures = gather(store, state)
            data = write_brief(
                store, figures, progress=lambda share, step: bar.progress(share, text=step)
            )
            status.update(label=t("brief_ready", lang), state="complete", expanded=False)
        made = (key, data, brief_file_name(figures))
        st.session_state[_BRIEF] = made
    st.download_button(
        t("brief_download", lang),
        made[1],
        file_name=made[2],
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="brief_download",
    )
