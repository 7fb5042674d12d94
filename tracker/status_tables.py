"""Project status as a table for people: each project's stage and since when, its planned and
actual dates, the % of works volume done and a mark when past its planned completion."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from tracker.commune_figures import optional_float
from tracker.i18n import format_date, format_percent
from tracker.ui_text import t


def status_table(status: pd.DataFrame, names: Mapping[str, str], lang: str) -> pd.DataFrame:
    """``tracker.status.project_status`` as text in ``lang``, one row per project."""
    return pd.DataFrame(
        {
            t("project", lang): status.project_code,
            t("name", lang): [names.get(str(c), "") for c in status.project_code],
            t("stage", lang): [t(f"stage_{s}", lang) for s in status.stage],
            t("stage_since", lang): [format_date(d, lang) for d in status.stage_since],
            t("planned_start", lang): [format_date(d, lang) for d in status.planned_start],
            t("actual_start", lang): [format_date(d, lang) for d in status.actual_start],
            t("planned_completion", lang): [
                format_date(d, lang) for d in status.planned_completion
            ],
            t("actual_completion", lang): [format_date(d, lang) for d in status.actual_completion],
            t("works_done", lang): [
                format_percent(optional_float(v), lang, 1) for v in status.physical_progress_pct
            ],
            t("past_due", lang): [t("past_due_mark", lang) if o else "" for o in status.overdue],
            t("report_date", lang): [format_date(d, lang) for d in status.report_date],
            t("source", lang): status.source_title.fillna("–"),
        }
    )


def stage_words(status: pd.DataFrame, lang: str) -> dict[str, str]:
    """ "Đang thực hiện · 80,0%" by project code: the stage (and % done) for tooltips."""
    words = {}
    for code, stage, done, late in zip(
        status.project_code, status.stage, status.physical_progress_pct, status.overdue, strict=True
    ):
        text = t(f"stage_{stage}", lang)
        value = optional_float(done)
        if value is not None:
            text += f" · {format_percent(value, lang, 1)}"
        if late:
            text += f" · {t('past_due_mark', lang)}"
        words[str(code)] = text
    return words
