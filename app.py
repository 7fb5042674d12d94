"""The board: read the URL, set the filters, show the map and figures, keep the URL in step.

No business logic here: figures come from ``tracker``, page parts from ``ui``.
"""

from __future__ import annotations

import streamlit as st

from tracker.errors import TrackerError
from tracker.store import Store
from tracker.ui_text import t
from ui import access, blockers_tab, board, national, page_style, sidebar, upload_tab
from ui.cache import ensure_leaflet_files, get_store
from ui.state import KEYS, open_view, sync_url

st.set_page_config(page_title="tracker · GPMB", page_icon="🗺️", layout="wide")
page_style.apply()


def main() -> None:
    store = get_store()
    ensure_leaflet_files()
    # The store's version is read once; every figure of this run is computed once, or taken
    # from what another viewer of the same version already computed.
    with store.reading():
        page(store)


def page(store: Store) -> None:
    """The page for the link in the address bar."""
    opened = open_view(store)
    if not access.require_view_access(store, opened.state.lang):
        return  # viewer accounts exist and this session has not signed in
    state = sidebar.render(opened.state, opened.catalogue)
    moved = (state.province or opened.catalogue.province) != opened.catalogue.province
    if moved or state.scope != opened.state.scope:
        # Another province, or the country: projects, communes and dates differ; start again
        # from the new link.
        sync_url(state)
        st.rerun()
    map_tab, blockers, upload = st.tabs(
        [t("tab_map", state.lang), t("tab_blockers", state.lang), t("tab_upload", state.lang)]
    )
    with map_tab:
        view = national if state.scope == "national" else board
        state = view.render(store, opened, state)
    sync_url(state, opened)
    with blockers:
        blockers_tab.render(store, state, opened.catalogue, st.session_state.get(KEYS["as_of"]))
    with upload:
        upload_tab.render(store, state.lang)


try:
    main()
except TrackerError as exc:
    st.error(exc.message(st.query_params.get("lang", "vi")))
