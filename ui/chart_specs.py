"""Charts drawn from specifications kept between viewers.

Building an Altair chart and validating it into a Vega-Lite specification costs more server time
than anything else on the board once the figures are shared. The specification changes only with
the view and the store's version, so it is made once through ``Store.derived`` and every viewer's
run draws it with ``st.vega_lite_chart``: the element ``st.altair_chart`` would have sent.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import altair as alt
import streamlit as st

# Streamlit's own conversion, so the specification (datasets as Arrow, no Altair theme sizes) is
# exactly what ``st.altair_chart`` sends; tests/test_chart_specs.py checks it stays so.
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from tracker.store import Store

Spec = dict[str, Any]


def vega_spec(chart: alt.TopLevelMixin) -> Spec:
    """The Vega-Lite specification ``st.altair_chart`` would send for ``chart``."""
    return dict(_convert_altair_to_vega_lite_spec(chart))  # type: ignore[arg-type]


def shared_spec(store: Store, key: Hashable, build: Callable[[], alt.TopLevelMixin]) -> Spec:
    """The specification of the chart ``build`` makes; ``key`` names every input but the store."""
    return store.derived("chart", key, lambda: vega_spec(build()))


def draw(spec: Spec) -> None:
    """Draw a specification at the container's width."""
    st.vega_lite_chart(spec=spec, width="stretch")


def show_chart(store: Store, key: Hashable, build: Callable[[], alt.TopLevelMixin]) -> None:
    """Draw the chart ``build`` makes, made once per store version for every viewer."""
    draw(shared_spec(store, key, build))
