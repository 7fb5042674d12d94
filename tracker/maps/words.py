"""The words on the map, in the reader's language: commune tooltips, legend, alignment labels.

Everything here is plain text until ``tracker.maps.tooltip_html`` escapes it, so a project or
commune name can never become markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import geopandas as gpd
import pandas as pd
import shapely

from tracker.figures import percent
from tracker.i18n import format_date, format_number, format_percent
from tracker.maps.render import BlockerFlag, LegendText, tooltip_html
from tracker.ui_text import t
from tracker.vocabulary import DESIGN_BASELINE_CODE, PLAN_COLUMN, REQUIRED_COLUMN

_MAX_PROJECT_LINES = 8


def metric_title(metric: str, clearance_baseline: str, plan_baseline: str, lang: str) -> str:
    """ "% đã bàn giao (TKKT)": the metric and the baseline it is measured against."""
    label = t(f"metric_{metric}", lang)
    if metric in ("clearance_pct", "remaining_ha"):
        return f"{label} ({DESIGN_BASELINE_CODE[clearance_baseline]})"
    if metric == "disbursement_pct":
        return f"{label} ({t(f'baseline_{plan_baseline}', lang)})"
    return label


def metric_text(metric: str, value: float | None, lang: str) -> str:
    """A metric's value as read on the map: "92,6%", "12,35 ha", "120"."""
    if value is None or pd.isna(value):
        return "–"
    if metric.endswith("_pct"):
        return format_percent(value, lang, 1)
    if metric == "remaining_ha":
        return f"{format_number(value, lang, 2)} ha"
    return format_number(value, lang, 0)


def _project_line(
    row: pd.Series,
    metric: str,
    clearance_baseline: str,
    plan_baseline: str,
    lang: str,
    stages: Mapping[str, str],
) -> str:
    code = str(row.project_code)
    if code in stages:
        code += f" ({stages[code]})"
    if metric == "households_relocated":
        value = row.households_relocated
        return f"{code}: {metric_text(metric, None if pd.isna(value) else float(value), lang)}"
    if metric == "disbursement_pct":
        pct = percent(row.disbursed_vnd, row[PLAN_COLUMN[plan_baseline]])
        return f"{code}: {metric_text(metric, pct, lang)}"
    required = row[REQUIRED_COLUMN[clearance_baseline]]
    required_f = None if pd.isna(required) else float(required)
    cleared = float(row.cleared_ha)
    share = format_percent(percent(cleared, required_f), lang, 1)
    return (
        f"{code}: {format_number(cleared, lang)} / {format_number(required_f, lang)} ha "
        f"{DESIGN_BASELINE_CODE[clearance_baseline]} ({share})"
    )


def commune_tips(
    rows: pd.DataFrame,
    summary: pd.DataFrame,
    names: pd.Series,
    *,
    metric: str,
    clearance_baseline: str,
    plan_baseline: str,
    as_of: dt.date,
    lang: str,
    flags: Sequence[BlockerFlag] = (),
    stages: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Tooltip HTML by commune code: name and code, the metric, one line per project (with its
    stage from ``stages``), its open blockers (``flags``), the date of the figures and their
    source. Communes without a selected project say so."""
    blocked = {f.code: f.tip for f in flags}
    title = metric_title(metric, clearance_baseline, plan_baseline, lang)
    as_of_line = t("tip_as_of", lang).format(date=format_date(as_of, lang))
    tips: dict[str, str] = {}
    by_commune = dict(iter(rows.groupby("commune_code"))) if len(rows) else {}
    for key, name in names.items():
        code = str(key)
        heading = f"{name} ({code})"
        group = by_commune.get(code)
        if group is None or code not in summary.index:
            tips[code] = tooltip_html(heading, [t("tip_no_project", lang)], [])
            continue
        figures = summary.loc[code]
        value = figures[metric]
        number = None if value is None or pd.isna(value) else float(value)
        lines = [f"{title}: {metric_text(metric, number, lang)}"]
        lines += [
            _project_line(r, metric, clearance_baseline, plan_baseline, lang, stages or {})
            for _, r in group.head(_MAX_PROJECT_LINES).iterrows()
        ]
        if code in blocked:
            lines.append(blocked[code])
        footer = [as_of_line]
        if figures.report_date is not None and not pd.isna(figures.report_date):
            footer[0] += " · " + t("tip_reported", lang).format(
                date=format_date(figures.report_date, lang)
            )
        if figures.sources:
            footer.append(f"{t('source', lang)}: {figures.sources}")
        tips[code] = tooltip_html(heading, lines, footer)
    return tips


def legend_text(
    title: str, kinds: Sequence[str], lang: str, *, blockers: bool = False
) -> LegendText:
    """The legend's words for ``title``, the project kinds drawn and, when ``blockers``, the
    marker of communes with unresolved blockers."""
    return LegendText(
        title=title,
        no_data=t("legend_no_data", lang),
        alignments={k: t(f"kind_{k}", lang) for k in kinds},
        indicative=t("legend_indicative", lang),
        surveyed=t("legend_surveyed", lang),
        blockers=t("legend_blockers", lang) if blockers else "",
    )


def blocker_flags(prepared: gpd.GeoDataFrame, log: pd.DataFrame, lang: str) -> list[BlockerFlag]:
    """A marker for each commune of ``prepared`` with unresolved blockers in ``log`` (from
    ``tracker.blockers.blocker_log``), at its label point, with how many and how many late."""
    open_ = log[log.unresolved & log.commune_code.notna()]
    if open_.empty:
        return []
    points = prepared.set_index("code")
    flags = []
    for code, group in open_.groupby("commune_code"):
        if code not in points.index:
            continue
        late = int(group.overdue.sum())
        tip = t("tip_blockers", lang).format(n=len(group), late=late, name=points.loc[code, "name"])
        flags.append(
            BlockerFlag(
                code=str(code),
                lon=float(points.loc[code, "label_x"]),
                lat=float(points.loc[code, "label_y"]),
                count=len(group),
                overdue=late,
                tip=tip,
            )
        )
    return flags


def alignment_frame(
    geometries: pd.DataFrame, lang: str, stages: Mapping[str, str] | None = None
) -> gpd.GeoDataFrame:
    """Rows of the ``project_geometries`` query as a GeoDataFrame with a ``label`` for each:
    "HNCL · Cao tốc Hữu Nghị – Chi Lăng · Đang thực hiện · minh hoạ" (the stage from
    ``stages``, when known)."""
    name_column = "name_vi" if lang == "vi" else "name_en"
    known = stages or {}
    labels = [
        " · ".join(
            part
            for part in (
                str(code),
                str(name),
                known.get(str(code), ""),
                t("indicative" if prov == "indicative" else "surveyed", lang),
            )
            if part
        )
        for code, name, prov in zip(
            geometries.project_code, geometries[name_column], geometries.provenance, strict=True
        )
    ]
    return gpd.GeoDataFrame(
        {
            "project_code": geometries.project_code.to_numpy(),
            "kind": geometries.kind.to_numpy(),
            "provenance": geometries.provenance.to_numpy(),
            "label": labels,
        },
        geometry=shapely.from_wkb([bytes(b) for b in geometries.geometry_wkb]),
        crs="EPSG:4326",
    )
