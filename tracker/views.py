"""Tables for the board's view, formatted for the reader's language (no Streamlit here)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from tracker.figures import clearance_by_commune
from tracker.geodata import load_communes
from tracker.i18n import format_date, format_number, format_percent
from tracker.ui_text import t


def commune_table(
    cur: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    *,
    province_code: str,
    projects: list[str] | None,
    lang: str,
) -> pd.DataFrame:
    """Per project and commune: the figures as of ``as_of``, with their report date and source.

    Values are formatted text (1.550,75 in Vietnamese); every row names the upload it came from.
    """
    rows = clearance_by_commune(cur, as_of, province_code=province_code, projects=projects)
    names = load_communes(province_code).set_index("code")["full_name"]
    out = pd.DataFrame(
        {
            t("project", lang): rows.project_code,
            t("commune", lang): [f"{names.get(c, '?')} ({c})" for c in rows.commune_code],
            t("required_basic", lang): [format_number(v, lang) for v in rows.required_ha_basic],
            t("required_technical", lang): [
                format_number(v, lang) for v in rows.required_ha_technical
            ],
            t("cleared_ha", lang): [format_number(v, lang) for v in rows.cleared_ha],
            t("pct_basic", lang): [format_percent(v, lang) for v in rows.pct_basic],
            t("pct_technical", lang): [format_percent(v, lang) for v in rows.pct_technical],
            t("change_ha", lang): [format_number(v, lang) for v in rows.change_ha],
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
    return out
