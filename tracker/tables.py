"""The figures of a view as tables for people: localised text for reading, plain numbers with
localised headers for downloads. No figure is computed here."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from tracker.commune_figures import optional_float
from tracker.figures import clearance_from_rows
from tracker.forecasts import ClearanceForecast
from tracker.i18n import format_date, format_number, format_percent
from tracker.ui_text import t
from tracker.vocabulary import DESIGN_BASELINE_CODE


def figures_table(rows: pd.DataFrame, names: pd.Series, lang: str) -> pd.DataFrame:
    """The figures behind the view as plain numbers with headers in ``lang`` (for downloads)."""
    return pd.DataFrame(
        {
            t("project", lang): rows.project_code,
            t("commune_code", lang): rows.commune_code,
            t("commune", lang): [str(names.get(c, "?")) for c in rows.commune_code],
            t("required_basic", lang): rows.required_ha_basic,
            t("required_technical", lang): rows.required_ha_technical,
            t("cleared_ha", lang): rows.cleared_ha,
            t("pct_basic", lang): [_round(v) for v in rows.pct_basic],
            t("pct_technical", lang): [_round(v) for v in rows.pct_technical],
            t("change_ha", lang): rows.change_ha,
            t("households_relocated", lang): rows.households_relocated,
            t("report_date", lang): [
                None if pd.isna(d) else pd.Timestamp(d).date().isoformat() for d in rows.report_date
            ],
            t("note", lang): rows.note,
            t("source", lang): rows.source_title,
            t("upload", lang): rows.upload_id,
        }
    )


def _round(value: float | None) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 2)


def format_commune_table(rows: pd.DataFrame, names: pd.Series, lang: str) -> pd.DataFrame:
    """``project_commune_rows`` as text for reading: 1.550,75 in Vietnamese, one row per project
    and commune, each naming the upload it came from."""
    return pd.DataFrame(
        {
            t("project", lang): rows.project_code,
            t("commune", lang): [f"{names.get(c, '?')} ({c})" for c in rows.commune_code],
            t("required_basic", lang): [
                format_number(optional_float(v), lang) for v in rows.required_ha_basic
            ],
            t("required_technical", lang): [
                format_number(optional_float(v), lang) for v in rows.required_ha_technical
            ],
            t("cleared_ha", lang): [
                format_number(optional_float(v), lang) for v in rows.cleared_ha
            ],
            t("pct_basic", lang): [format_percent(optional_float(v), lang) for v in rows.pct_basic],
            t("pct_technical", lang): [
                format_percent(optional_float(v), lang) for v in rows.pct_technical
            ],
            t("change_ha", lang): [format_number(optional_float(v), lang) for v in rows.change_ha],
            t("households_relocated", lang): [
                "–" if pd.isna(v) else format_number(v, lang, 0) for v in rows.households_relocated
            ],
            t("report_date", lang): [
                "–" if pd.isna(d) else format_date(pd.Timestamp(d).date(), lang)
                for d in rows.report_date
            ],
            t("source", lang): rows.source_title.fillna("–"),
            t("upload", lang): ["–" if pd.isna(u) else f"#{int(u)}" for u in rows.upload_id],
        }
    )


def kpi_table(
    rows: pd.DataFrame,
    names: Mapping[str, str],
    baseline: str,
    lang: str,
    forecasts: Mapping[str, ClearanceForecast] | None = None,
) -> pd.DataFrame:
    """One line per project with the same figures as the cards, for many projects at once, and
    each forecast finish."""
    lines = []
    for code in dict.fromkeys(rows.project_code):
        forecast = (forecasts or {}).get(code)
        f = clearance_from_rows(rows[rows.project_code == code])
        lines.append(
            {
                t("project", lang): code,
                t("name", lang): names.get(code, ""),
                t("cleared_ha", lang): format_number(f.cleared_ha, lang),
                t("change_ha", lang): format_number(f.change_ha, lang),
                t("pct_basic", lang): format_percent(f.pct_basic, lang, 2, min_decimals=1),
                t("pct_technical", lang): format_percent(f.pct_technical, lang, 2, min_decimals=1),
                t("remaining_baseline", lang).format(
                    baseline=DESIGN_BASELINE_CODE[baseline]
                ): format_number(f.remaining_ha(baseline), lang),
                t("col_finish", lang): "–"
                if forecast is None or forecast.finish is None
                else format_date(forecast.finish, lang),
            }
        )
    return pd.DataFrame(lines)
