"""Project status on the board: how many projects are in each stage, how many are past their
planned completion, and each project's stage and dates in a table."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from tracker.status import stage_counts
from tracker.status_tables import status_table
from tracker.ui_text import t
from ui.markdown import escape_markdown

_PER_ROW = 4


def render(
    status: pd.DataFrame, works: int, names: dict[str, str], as_of: dt.date, lang: str
) -> None:
    """``status`` (``tracker.status.project_status``) of the ``works`` projects in view (the
    province's programmes aside), with project ``names`` in ``lang``."""
    st.subheader(t("status_heading", lang))
    if status.empty:
        st.caption(t("status_none", lang))
        return
    cards = [(t(f"stage_{s}", lang), n) for s, n in stage_counts(status, works).items()]
    cards.append((t("past_due", lang), int(status.overdue.sum())))
    for start in range(0, len(cards), _PER_ROW):
        for column, (label, count) in zip(
            st.columns(_PER_ROW), cards[start : start + _PER_ROW], strict=False
        ):
            column.metric(label, count)
    st.dataframe(status_table(status, names, lang), hide_index=True, width="stretch")
    sources = "; ".join(sorted(set(status.source_title.dropna())))
    st.caption(t("status_sources", lang).format(sources=escape_markdown(sources)))
