"""The link to the current view, and the downloads of its figures and map."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from tracker.exports import csv_bytes, excel_bytes
from tracker.ui_text import t
from tracker.viewstate import ViewState, to_query


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
