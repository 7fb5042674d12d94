"""The board's charts as Altair specifications (rendered by Streamlit's bundled Vega, no CDN).

Numbers shown on marks are formatted in Python (``tracker.i18n``) so they read 1.550,5 in
Vietnamese; axis labels are reformatted by a Vega expression for the same reason.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from tracker.i18n import format_date, format_number, format_percent

#: Axis label expression swapping separators for Vietnamese: 1,550.5 -> 1.550,5.
_VI_NUMBER = (
    "replace(replace(replace(format(datum.value, ',.4~f'), /,/g, '_'), /[.]/g, ','), /_/g, '.')"
)
_SERIES_COLORS = {"cleared": "#1c7ed6", "basic": "#868e96", "technical": "#e8590c"}
_SOURCE_COLORS = ("#1c7ed6", "#74c0fc", "#adb5bd")
#: What the chart builders return: anything ``st.altair_chart`` draws.
ChartLike = alt.Chart | alt.LayerChart | alt.FacetChart


def _number_axis(title: str, lang: str) -> alt.Axis:
    return alt.Axis(title=title, labelExpr=_VI_NUMBER) if lang == "vi" else alt.Axis(title=title)


def _date_format(lang: str) -> str:
    return "%d/%m/%Y" if lang == "vi" else "%Y-%m-%d"


def s_curve(
    history: pd.DataFrame,
    labels: Mapping[str, str],
    lang: str,
    *,
    height: int = 220,
    forecast: pd.DataFrame | None = None,
) -> ChartLike:
    """Cumulative ha cleared over time against both design baselines (step lines). ``history``
    comes from ``tracker.series.clearance_history`` (one project: see :func:`s_curves`);
    ``labels`` names the series ("cleared", "basic", "technical", "forecast") and the axes
    ("date", "ha"). ``forecast`` (``date``, ``ha``: from the last report to the forecast finish)
    continues the cleared line, dashed."""
    series = {
        "cleared": history["cleared_ha"],
        "basic": history["required_ha_basic"],
        "technical": history["required_ha_technical"],
    }
    parts = []
    for key, values in series.items():
        parts.append(
            pd.DataFrame(
                {
                    "project": history["project_code"],
                    "date": pd.to_datetime(history["report_date"]),
                    "series": labels[key],
                    "ha": values.astype(float),
                    "value": [format_number(v, lang) + " ha" for v in values.astype(float)],
                    "day": [format_date(d, lang) for d in history["report_date"]],
                }
            )
        )
    data = pd.concat(parts).dropna(subset=["ha"])
    order = [labels[k] for k in series]
    colors = [_SERIES_COLORS[k] for k in series]
    ahead = None
    if forecast is not None and len(forecast):
        ahead = pd.DataFrame(
            {
                "project": history["project_code"].iloc[0],
                "date": pd.to_datetime(forecast["date"]),
                "series": labels["forecast"],
                "ha": forecast["ha"].astype(float),
                "value": [format_number(v, lang) + " ha" for v in forecast["ha"].astype(float)],
                "day": [format_date(d, lang) for d in forecast["date"]],
            }
        )
        order.append(labels["forecast"])
        colors.append(_SERIES_COLORS["cleared"])
    base = alt.Chart(data).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format=_date_format(lang), labelAngle=0)),
        y=alt.Y("ha:Q", axis=_number_axis(labels["ha"], lang)),
        color=alt.Color(
            "series:N",
            scale=alt.Scale(domain=order, range=colors),
            # One entry a line: two columns ran past a phone's 390 px with the longer labels.
            legend=alt.Legend(title=None, orient="bottom", columns=1),
        ),
        strokeDash=alt.StrokeDash(
            "series:N",
            scale=alt.Scale(domain=order, range=[[1, 0], [6, 4], [6, 4], [2, 3]]),
            legend=None,
        ),
        tooltip=[
            alt.Tooltip("project:N", title=labels["project"]),
            alt.Tooltip("series:N", title=" "),
            alt.Tooltip("day:N", title=labels["date"]),
            alt.Tooltip("value:N", title="ha"),
        ],
    )
    chart: alt.Chart = base.mark_line(interpolate="step-after", strokeWidth=2.2).properties(
        height=height
    )
    if ahead is None:
        return chart
    path = base.properties(data=ahead).mark_line(strokeWidth=2.2, point=True)
    return alt.layer(chart, path).properties(height=height)


def s_curves(
    history: pd.DataFrame,
    labels: Mapping[str, str],
    lang: str,
    *,
    height: int = 220,
    forecasts: Mapping[str, pd.DataFrame] | None = None,
) -> list[tuple[str, ChartLike]]:
    """One S-curve per project of ``history``, in its order, each continued by its forecast
    path when ``forecasts`` has one. Each chart takes the width of the space it is drawn in; a
    faceted chart would keep a fixed width and spill out of a narrow column (or off a phone's
    screen)."""
    return [
        (
            str(code),
            s_curve(rows, labels, lang, height=height, forecast=(forecasts or {}).get(str(code))),
        )
        for code, rows in history.groupby("project_code", sort=False)
    ]


def blocker_bars(counts: pd.DataFrame, labels: Mapping[str, str], lang: str) -> ChartLike:
    """Horizontal bars of unresolved blockers per ``label`` (with ``open`` and ``overdue`` from
    ``tracker.blockers.open_counts``), the overdue part in red; the most first."""
    rows = []
    for label, total, late in zip(counts["label"], counts["open"], counts["overdue"], strict=True):
        rows.append({"label": label, "part": labels["overdue"], "n": int(late), "order": 0})
        rows.append(
            {"label": label, "part": labels["open"], "n": int(total) - int(late), "order": 1}
        )
    data = pd.DataFrame(rows)
    totals = counts.assign(text=[format_number(int(v), lang, 0) for v in counts["open"]])
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=list(counts["label"]), title=None),
            x=alt.X("n:Q", stack="zero", axis=alt.Axis(title=labels["count"], tickMinStep=1)),
            color=alt.Color(
                "part:N",
                scale=alt.Scale(
                    domain=[labels["overdue"], labels["open"]], range=["#e03131", "#fd7e14"]
                ),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("label:N", title=" "),
                alt.Tooltip("part:N", title=" "),
                alt.Tooltip("n:Q", title=labels["count"]),
            ],
        )
    )
    text = (
        alt.Chart(totals)
        .mark_text(align="left", dx=4)
        .encode(y=alt.Y("label:N", sort=list(counts["label"])), x="open:Q", text="text:N")
    )
    # The page fits the whole chart (axis and legend too) into this height: room for both, and
    # a row per label tall enough for its text.
    height = 110 + 30 * max(len(counts), 1)
    return alt.layer(bars.properties(height=height), text.properties(height=height)).properties(
        height=height
    )


def percent_bars(
    rows: pd.DataFrame,
    reference: float | None,
    labels: Mapping[str, str],
    lang: str,
) -> ChartLike:
    """Horizontal bars of ``rows`` (``label``, ``pct``) with each value printed, and a red rule at
    ``reference`` (the national average) when known."""
    data = rows.assign(text=[format_percent(v, lang, 1) for v in rows["pct"]])
    bars = alt.Chart(data).encode(
        y=alt.Y("label:N", title=None, sort=None),
        x=alt.X("pct:Q", axis=_number_axis(labels["pct"], lang)),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("text:N", title="%")],
    )
    layers: list[alt.Chart] = [
        bars.mark_bar(color="#1c7ed6"),
        bars.mark_text(align="left", dx=4).encode(text="text:N"),
    ]
    if reference is not None:
        ref = pd.DataFrame(
            {
                "pct": [reference],
                "text": [f"{labels['reference']} {format_percent(reference, lang)}"],
            }
        )
        # Near the right edge the words go left of the rule, where there is room for them.
        right = reference > 0.6 * max([reference, *data["pct"].dropna()])
        rule = alt.Chart(ref).encode(x="pct:Q")
        layers.append(rule.mark_rule(color="#e03131", strokeWidth=2))
        layers.append(
            rule.mark_text(
                color="#e03131",
                align="right" if right else "left",
                dx=-4 if right else 4,
                dy=-6,
                baseline="bottom",
            ).encode(text="text:N", y=alt.value(0))
        )
    # Streamlit fits the whole chart, axis and title included, into this height.
    return alt.layer(*layers).properties(height=90 + 30 * len(data))


def monthly_disbursement(
    months: pd.DataFrame,
    plans: Mapping[str, float],
    source_labels: Mapping[str, str],
    labels: Mapping[str, str],
    lang: str,
) -> ChartLike:
    """Cumulative disbursement at each month's end (billion VND), stacked by capital source, with a
    rule for each plan (label -> billion VND). ``months`` comes from
    ``tracker.series.disbursement_by_month``."""
    data = months.assign(
        bn=months["disbursed_vnd"].astype(float) / 1e9,
        source=[source_labels.get(s, s) for s in months["capital_source"]],
        month_text=[pd.Timestamp(m).strftime("%m/%Y") for m in months["month"]],
    )
    data["text"] = [format_number(v, lang, 1) for v in data["bn"]]
    domain = [source_labels.get(s, s) for s in ("central", "local", "other")]
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("month_text:O", title=None, sort=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("bn:Q", stack="zero", axis=_number_axis(labels["bn"], lang)),
            color=alt.Color(
                "source:N",
                scale=alt.Scale(domain=domain, range=list(_SOURCE_COLORS)),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("month_text:N", title=labels["month"]),
                alt.Tooltip("source:N", title=" "),
                alt.Tooltip("text:N", title=labels["bn"]),
            ],
        )
    )
    totals = data.groupby("month_text", as_index=False, sort=False)["bn"].sum()
    totals["text"] = [format_number(v, lang, 1) for v in totals["bn"]]
    layers: list[alt.Chart] = [
        bars,
        alt.Chart(totals)
        .mark_text(dy=-6, baseline="bottom", fontSize=11)
        .encode(x=alt.X("month_text:O", sort=None), y="bn:Q", text="text:N"),
    ]
    plan_rows = pd.DataFrame(
        {
            "bn": [v / 1e9 for v in plans.values()],
            "text": [f"{k}: {format_number(v / 1e9, lang, 1)}" for k, v in plans.items()],
        }
    )
    if len(plan_rows):
        rule = alt.Chart(plan_rows).encode(y="bn:Q")
        layers.append(rule.mark_rule(color="#e03131", strokeDash=[6, 4], strokeWidth=1.5))
        layers.append(
            rule.mark_text(color="#e03131", align="left", dy=-5, baseline="bottom").encode(
                text="text:N", x=alt.value(2)
            )
        )
    return alt.layer(*layers).properties(height=260)


def ranking_bars(ranked: pd.DataFrame, title: str, unit: str, lang: str) -> ChartLike:
    """Horizontal bars of the lagging communes (``name``, ``value``), worst first, each with its
    number printed."""
    decimals = 1 if unit == "%" else 2
    texts = [
        format_percent(v, lang, decimals)
        if unit == "%"
        else f"{format_number(v, lang, decimals)} ha"
        for v in ranked["value"]
    ]
    data = ranked.assign(text=texts)
    base = alt.Chart(data).encode(
        y=alt.Y("name:N", sort=None, title=None),
        x=alt.X("value:Q", axis=_number_axis(title, lang)),
        tooltip=[alt.Tooltip("name:N", title=" "), alt.Tooltip("text:N", title=title)],
    )
    color = "#d73027" if unit == "ha" else "#fc8d59"
    return alt.layer(
        base.mark_bar(color=color),
        base.mark_text(align="left", dx=4).encode(text="text:N"),
    ).properties(height=80 + 28 * max(len(data), 1))  # axis and title fit inside the height
