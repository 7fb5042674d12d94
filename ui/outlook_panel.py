"""Blockers and forecasts on the board: the at-risk list, the open blockers by category and agency
with the overdue ones first, and the blockers of the selected commune."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from functools import partial

import pandas as pd
import streamlit as st

from tracker.blockers import blocker_comments, open_counts, unresolved
from tracker.charts import ChartLike, blocker_bars
from tracker.forecasts import ClearanceForecast
from tracker.i18n import format_date
from tracker.outlook import at_risk_table, blocker_table, category_label, forecast_lines
from tracker.store import Store
from tracker.ui_text import t
from ui.chart_specs import show_chart
from ui.markdown import escape_markdown


def forecast_caption(
    forecast: ClearanceForecast | None, names: Mapping[str, str], lang: str
) -> None:
    """A project's forecast under its KPI card, in a few short lines."""
    if forecast is None:
        return
    lines = forecast_lines(forecast, names, lang)
    text = "  \n".join(escape_markdown(line) for line in lines)
    st.caption(f"**{t('forecast_heading', lang)}**: {text}")


def at_risk(
    forecasts: Sequence[ClearanceForecast], project_names: Mapping[str, str], lang: str
) -> None:
    """The projects that will not be done by their deadline at the recent pace, need a faster
    pace than now, or are held up by open blockers."""
    st.subheader(t("at_risk_heading", lang))
    table = at_risk_table(forecasts, project_names, lang)
    if table.empty:
        st.caption(t("at_risk_none", lang))
        return
    st.dataframe(table, hide_index=True, width="stretch", key="at_risk_table")


def _labelled(counts: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    labels = (
        [category_label(c, None, lang) for c in counts[by]]
        if by == "category"
        else [str(a) for a in counts[by]]
    )
    return counts.assign(label=labels)


def blockers_section(
    store: Store, view: Hashable, log: pd.DataFrame, names: Mapping[str, str], lang: str
) -> None:
    """Open blockers of the view: how many are overdue, a chart by category and one by agency
    (shared between viewers of ``view``), and the list, overdue first."""
    st.subheader(t("blockers_heading", lang))
    open_ = unresolved(log)
    if open_.empty:
        st.caption(t("blockers_none", lang))
        return
    late = int(open_.overdue.sum())
    if late:
        st.error(t("blockers_overdue", lang).format(n=late), icon="⚠️")
    labels = {
        "open": t("blockers_open_label", lang),
        "overdue": t("blockers_overdue_label", lang),
        "count": t("blockers_count", lang),
    }
    for column, by, key in zip(
        st.columns(2),
        ("category", "agency"),
        ("blockers_by_category", "blockers_by_agency"),
        strict=True,
    ):
        with column:
            st.caption(t(key, lang))
            show_chart(store, (view, "blockers", by), partial(_chart, log, by, labels, lang))
    st.dataframe(
        _highlight(blocker_table(open_, names, lang), open_, lang),
        hide_index=True,
        width="stretch",
        key="open_blockers_table",
    )


def _chart(log: pd.DataFrame, by: str, labels: dict[str, str], lang: str) -> ChartLike:
    """Open blockers counted ``by`` category or agency, as bars."""
    return blocker_bars(_labelled(open_counts(log, by), by, lang), labels, lang)


def _highlight(table: pd.DataFrame, log: pd.DataFrame, lang: str) -> object:
    """The table with overdue rows in red, so they stand out."""
    late = [bool(v) for v in log.overdue]
    red = "color: #c92a2a; font-weight: 600"
    styles = pd.DataFrame(
        [[red if late[i] else ""] * table.shape[1] for i in range(len(table))],
        columns=table.columns,
    )
    return table.reset_index(drop=True).style.apply(lambda _: styles, axis=None)


def commune_blockers(
    store: Store,
    log: pd.DataFrame,
    code: str,
    names: Mapping[str, str],
    as_of: dt.date,
    lang: str,
) -> None:
    """The blockers of one commune, overdue first, each with its dated comments."""
    mine = log[log.commune_code == code]
    if mine.empty:
        return
    st.caption(t("blockers_in_commune", lang))
    ordered = pd.concat([unresolved(mine), mine[~mine.unresolved]])
    st.dataframe(
        _highlight(blocker_table(ordered, names, lang), ordered, lang),
        hide_index=True,
        width="stretch",
        key="commune_blockers_table",
    )
    comments = blocker_comments(store, list(ordered.blocker_id), as_of)
    if comments.empty:
        return
    with st.expander(t("comments_heading", lang)):
        for number, day, level, comment in zip(
            comments.blocker_id,
            comments.changed_on,
            comments.escalation,
            comments.comment,
            strict=True,
        ):
            st.markdown(
                f"- **#{int(number)}** {format_date(day, lang)} · "
                f"{t(f'escalation_{level}', lang)} · {escape_markdown(str(comment))}"
            )
