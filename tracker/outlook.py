"""Blockers and forecasts in words and tables for people, in the reader's language.

The page, the weekly brief and the exports all take their sentences and tables from here, so a
number reads the same wherever it is shown. Nothing is computed here but formatting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd

from tracker.forecasts import ClearanceForecast, DisbursementForecast
from tracker.i18n import format_date, format_number, format_percent, format_vnd_billion
from tracker.ui_text import t
from tracker.vocabulary import DESIGN_BASELINE_CODE, OTHER_CATEGORY


def category_label(category: str, other: object, lang: str) -> str:
    """ "Giá bồi thường", or "Khác: <what>" for the other category."""
    label = t(f"blocker_category_{category}", lang)
    if category == OTHER_CATEGORY and isinstance(other, str) and other:
        return f"{label}: {other}"
    return label


def _date(value: object, lang: str) -> str:
    return format_date(value, lang) if isinstance(value, dt.date) else "–"


def blocker_table(log: pd.DataFrame, names: Mapping[str, str], lang: str) -> pd.DataFrame:
    """The blockers of a log as text to read: number, project, commune, category, what, area,
    households, agency, dates, status, level, how late, and the latest comment."""
    return pd.DataFrame(
        {
            t("col_blocker", lang): [f"#{int(b)}" for b in log.blocker_id],
            t("project", lang): log.project_code,
            t("commune", lang): [
                "–" if pd.isna(c) else str(names.get(str(c), c)) for c in log.commune_code
            ],
            t("col_category", lang): [
                category_label(c, o, lang)
                for c, o in zip(log.category, log.category_other, strict=True)
            ],
            t("col_description", lang): log.description,
            t("col_area", lang): [
                "–" if pd.isna(v) else format_number(float(v), lang) for v in log.area_ha
            ],
            t("col_households", lang): [
                "–" if pd.isna(v) else format_number(int(v), lang, 0) for v in log.households
            ],
            t("col_agency", lang): log.agency,
            t("col_raised", lang): [_date(d, lang) for d in log.raised_on],
            t("col_due", lang): [_date(d, lang) for d in log.due_on],
            t("col_status", lang): [t(f"blocker_status_{s}", lang) for s in log.status],
            t("col_escalation", lang): [t(f"escalation_{e}", lang) for e in log.escalation],
            t("col_overdue", lang): [
                t("overdue_days", lang).format(n=int(n)) if n > 0 else "" for n in log.days_overdue
            ],
            t("col_changed", lang): [_date(d, lang) for d in log.changed_on],
        }
    )


def baseline_code(baseline: str) -> str:
    return DESIGN_BASELINE_CODE[baseline]


def _ha(value: float | None, lang: str) -> str:
    return format_number(value, lang, 2)


def forecast_lines(
    f: ClearanceForecast, names: Mapping[str, str], lang: str, *, tail: bool = True
) -> list[str]:
    """A forecast as sentences: when, at what pace and range; against which deadline and the
    pace it needs; the slowest remaining communes; the open blockers that make a line
    optimistic. A forecast that cannot be made says why."""
    code = baseline_code(f.baseline)
    if f.status == "done":
        return [t("forecast_done", lang).format(baseline=code)]
    if f.status == "too_few_reports":
        return [t("forecast_too_few_reports", lang).format(n=f.reports)]
    if f.status == "no_baseline":
        return [t("forecast_no_baseline", lang).format(baseline=code)]
    lines = []
    if f.status == "no_progress":
        lines.append(t("forecast_no_progress", lang))
    elif f.pace_range_per_week is not None:
        low, high = f.pace_range_per_week
        lines.append(
            t("forecast_line", lang).format(
                pace=_ha(f.pace_per_week, lang),
                pace_low=_ha(max(low, 0.0), lang),
                pace_high=_ha(high, lang),
                baseline=code,
                finish=_date(f.finish, lang),
                earliest=_date(f.finish_earliest, lang),
                latest=_date(f.finish_latest, lang)
                if f.finish_latest
                else t("forecast_not_at_slow_end", lang),
            )
        )
    lines.append(_deadline_line(f, lang))
    if tail and f.tail_known:
        lines.append(
            t("forecast_tail", lang).format(date=_date(f.tail_finish, lang))
            if f.tail_finish
            else t("forecast_tail_never", lang)
        )
    if f.open_blockers:
        communes = ", ".join(str(names.get(c, c)) for c in f.blocked_communes)
        lines.append(t("forecast_blocked", lang).format(n=f.open_blockers, communes=communes))
    return lines


def _deadline_line(f: ClearanceForecast, lang: str) -> str:
    if f.deadline is None:
        return t("forecast_no_deadline", lang)
    kind = t(f"forecast_deadline_kind_{f.deadline.kind}", lang)
    deadline = format_date(f.deadline.date, lang)
    if f.deadline_passed:
        return t("forecast_deadline_passed", lang).format(
            kind=kind, deadline=deadline, remaining=_ha(f.remaining_ha, lang)
        )
    ratio = f.required_ratio
    return t("forecast_deadline", lang).format(
        kind=kind,
        deadline=deadline,
        required=_ha(f.required_per_week, lang),
        ratio="–" if ratio is None else format_number(ratio, lang, 2),
    )


def at_risk_table(
    forecasts: Sequence[ClearanceForecast], project_names: Mapping[str, str], lang: str
) -> pd.DataFrame:
    """The projects at risk on their forecasts, with when, the deadline, the paces and why."""
    rows = []
    for f in forecasts:
        if not f.at_risk:
            continue
        why = []
        if f.late:
            why.append(t("why_late", lang))
        if f.tail_late:
            why.append(t("why_tail", lang))
        if f.required_ratio is not None and f.required_ratio > 1:
            why.append(t("why_faster", lang))
        if f.open_blockers:
            why.append(t("why_blocked", lang))
        rows.append(
            {
                t("project", lang): f.project_code,
                t("name", lang): project_names.get(f.project_code, ""),
                t("col_finish", lang): _date(f.finish, lang),
                t("col_deadline", lang): _date(f.deadline.date if f.deadline else None, lang),
                t("col_pace", lang): _ha(f.pace_per_week, lang),
                t("col_required", lang): _ha(f.required_per_week, lang),
                t("col_why", lang): "; ".join(why),
            }
        )
    return pd.DataFrame(rows)


def disbursement_forecast_line(f: DisbursementForecast, lang: str) -> str:
    """The year-end projection as one sentence, or why there is none."""
    if f.status != "forecast" or f.year_end_vnd is None or f.pace is None:
        return t("disbursement_forecast_too_few", lang).format(n=f.reports)
    return t("disbursement_forecast", lang).format(
        amount=format_vnd_billion(int(f.year_end_vnd), lang),
        low=format_number((f.year_end_low_vnd or 0) / 1e9, lang, 1),
        high=format_number((f.year_end_high_vnd or 0) / 1e9, lang, 1),
        pct_central=format_percent(f.pct("central"), lang),
        pct_local=format_percent(f.pct("local"), lang),
        monthly=format_vnd_billion(int(f.pace.per_day * 365.25 / 12), lang),
    )


def forecast_path(f: ClearanceForecast) -> pd.DataFrame | None:
    """The dashed continuation of a project's S-curve: from its last report to the forecast
    finish at 100% of the baseline. None where there is no finish date to draw to."""
    if f.status != "forecast" or f.finish is None or f.last_report is None:
        return None
    if f.required_ha is None:
        return None
    return pd.DataFrame(
        {"date": [f.last_report, f.finish], "ha": [f.cleared_ha, max(f.required_ha, f.cleared_ha)]}
    )
