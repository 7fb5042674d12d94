"""Page-wide style the board adds to Streamlit's own."""

from __future__ import annotations

import streamlit as st

# While an element's code is still loading, Streamlit draws a grey placeholder that pulses. A
# board meeting opens one link on many devices at once, and there the pulse feeds on itself: the
# slower the load, the more frames it draws. Ten pages loading together on two cores each spent
# about 14.5 s of browser CPU with the pulse and 10.5 s with motion reduced, and their maps came
# about 20 s sooner. A still placeholder says "loading" as well.
_STILL_PLACEHOLDERS = "[data-testid^='stSkeleton'] { animation: none !important; }"


def apply() -> None:
    """Add the board's page-wide style (it takes no room on the page)."""
    st.html(f"<style>{_STILL_PLACEHOLDERS}</style>")
