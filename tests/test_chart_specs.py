"""A chart drawn from its kept specification is the element ``st.altair_chart`` draws."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _both_ways() -> None:
    import datetime as dt

    import pandas as pd
    import streamlit as st

    from tracker.charts import s_curve
    from ui.chart_specs import draw, vega_spec

    history = pd.DataFrame(
        {
            "project_code": "HNCL",
            "report_date": [dt.date(2025, 5, d) for d in (5, 12, 19, 26)],
            "cleared_ha": [10.0, 12.5, 15.25, 18.0],
            "required_ha_basic": [40.0] * 4,
            "required_ha_technical": [42.5] * 4,
        }
    )
    labels = {
        "cleared": "cleared",
        "basic": "TKCS",
        "technical": "TKKT",
        "ha": "ha",
        "date": "date",
        "project": "project",
        "forecast": "forecast",
    }
    chart = s_curve(history, labels, "vi")
    st.altair_chart(chart, width="stretch")
    draw(vega_spec(chart))


def test_a_kept_specification_draws_the_same_chart() -> None:
    at = AppTest.from_function(_both_ways, default_timeout=60)
    at.run()
    assert not at.exception
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2
    altair, kept = (c.proto for c in charts)
    assert kept.spec == altair.spec and '"TKKT"' in kept.spec
    assert kept.datasets == altair.datasets and len(kept.datasets) >= 1
