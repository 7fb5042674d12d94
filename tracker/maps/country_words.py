"""The words and colours of the country map, in the reader's language: each province's
disbursement with its tooltip and label, each commune's figure, and the legend with the published
national average as its reference line."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

import pandas as pd

from tracker.i18n import format_date, format_percent, format_vnd_billion
from tracker.maps.colours import Scale, metric_scale
from tracker.maps.national import CountryFigures
from tracker.maps.render import legend_html, tooltip_html
from tracker.maps.words import legend_text, metric_text, metric_title
from tracker.national import NationalAverage, ProvinceEntry
from tracker.national_tables import stages_text
from tracker.ui_text import t

#: The colour of the national average wherever it is drawn (legend, ranking chart).
REFERENCE_COLOR = "#e03131"


def province_scale(entries: Sequence[ProvinceEntry], plan: str) -> Scale:
    values = pd.Series([e.pct_of_plan(plan) for e in entries], dtype=float)
    return metric_scale("disbursement_pct", values)


def province_map_figures(
    entries: Sequence[ProvinceEntry], plan: str, as_of: dt.date, lang: str
) -> CountryFigures:
    """Provinces coloured by % of ``plan`` disbursed, labelled with it, and each province with
    projects explained in its tooltip (figure, VND, projects by stage, dates)."""
    scale = province_scale(entries, plan)
    title = metric_title("disbursement_pct", "technical", plan, lang)
    fills, values, tips, labels = {}, {}, {}, {}
    for entry in entries:
        pct = entry.pct_of_plan(plan)
        money = entry.disbursement
        if pct is None or money is None:
            lines = [f"{title}: {t('no_figures', lang)}"]
        else:
            fills[entry.province_code] = scale.color(pct)
            values[entry.province_code] = format_percent(pct, lang, 1)
            labels[entry.province_code] = f"{entry.province_name} {format_percent(pct, lang, 1)}"
            lines = [
                f"{title}: {format_percent(pct, lang, 2, min_decimals=1)}",
                f"{t('disbursed', lang)}: {format_vnd_billion(money.disbursed_vnd, lang)}",
            ]
        lines.append(f"{t('projects', lang)}: {entry.projects}")
        lines.append(stages_text(entry.projects_by_status, lang))
        footer = [t("tip_as_of", lang).format(date=format_date(as_of, lang))]
        if money is not None and money.report_date is not None:
            footer[0] += " · " + t("tip_reported", lang).format(
                date=format_date(money.report_date, lang)
            )
        footer.append(t("click_to_open", lang))
        tips[entry.province_code] = tooltip_html(
            f"{entry.province_name} ({entry.province_code})", lines, footer
        )
    return CountryFigures(
        title=title,
        no_data=t("no_figures", lang),
        fills=fills,
        values=values,
        tips=tips,
        labels=labels,
    )


def average_words(average: NationalAverage | None, plan: str, lang: str) -> str | None:
    """ "Bình quân cả nước (công bố 30/06/2025): 32,5%", or None when there is none to draw: none
    published for the year, or the plan chosen is not the one it was published against."""
    if average is None or plan != "central":
        return None
    return t("national_avg_published", lang).format(
        date=format_date(average.as_of, lang), pct=format_percent(average.pct, lang, 1)
    )


def country_legend(
    scale: Scale, title: str, lang: str, average: NationalAverage | None, plan: str
) -> str:
    """The legend: colour classes, "no data", the national average line and the boundary
    credit."""
    words = average_words(average, plan, lang)
    notes = [] if words is None else [(REFERENCE_COLOR, words)]
    text = dataclasses.replace(legend_text(title, [], lang), no_data=t("no_figures", lang))
    return legend_html(scale, text, lang, [], notes=notes)


def commune_map_figures(
    values: pd.Series, metric: str, title: str, lang: str
) -> tuple[CountryFigures, Scale]:
    """Every commune with a figure coloured by ``metric`` and its value as text."""
    scale = metric_scale(metric, values)
    known = values.dropna()
    figures = CountryFigures(
        title=title,
        no_data=t("no_figures", lang),
        fills={str(c): scale.color(v) for c, v in known.items()},
        values={str(c): metric_text(metric, float(v), lang) for c, v in known.items()},
    )
    return figures, scale
