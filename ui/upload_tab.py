"""The upload tab: templates, file picker, validation report, preview, commit and history."""

from __future__ import annotations

import streamlit as st

from tracker.store import Store


def render(store: Store, lang: str) -> None:
    """Draw the upload tab for ``store`` in ``lang``."""
    st.info("…")
