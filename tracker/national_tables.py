"""The country's figures as tables for people: provinces ranked by disbursement, and cleared area
and disbursement by kind of project, as text in the reader's language. No figure is made here."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from tracker.commune_figures import optional_float
from tracker.i18n import format_date, format_number, format_percent, format_vnd_billion
from tracker.national import ProvinceEntry
from tracker.ui_text import t
from tracker.vocabulary import PLAN_COLUMN


def stages_text(counts: dict[str, int], lang: str) -> str:
    """ "Đang thực hiện 9 · Lựa chọn nhà thầu 5": each stage with its count, in stage order."""
    return " · ".join(f"{t(f'stage_{s}', lang)} {n}" for s, n in counts.items()) or "–"


def ranked(entries: Sequence[ProvinceEntry], plan: str) -> list[ProvinceEntry]:
    """Provinces with a disbursement figure, highest % of ``plan`` first; then the others."""
    known = [e for e in entries if e.pct_of_plan(plan) is not None]
    known.sort(key=lambda e: (-(e.pct_of_plan(plan) or 0.0), e.province_code))
    return known + [e for e in entries if e.pct_of_plan(plan) is None]


def ranking_table(
    entries: Sequence[ProvinceEntry], plan: str, lang: str, link: Callable[[str], str]
) -> pd.DataFrame:
    """One row per province with projects: rank (for those with a figure), % of ``plan``,
    disbursed, report date, projects and their stages, and the link that opens the province."""
    rows = []
    order = ranked(entries, plan)
    for position, entry in enumerate(order, start=1):
        money = entry.disbursement
        pct = entry.pct_of_plan(plan)
        rows.append(
            {
                t("rank", lang): str(position) if pct is not None else "–",
                t("province", lang): entry.province_name,
                t(f"pct_{plan}", lang): t("no_figures", lang)
                if pct is None
                else format_percent(pct, lang, 2, min_decimals=1),
                t("disbursed_bn", lang): "–"
                if money is None
                else format_number(money.disbursed_vnd / 1e9, lang, 1),
                t("report_date", lang): "–"
                if money is None
                else format_date(money.report_date, lang),
                t("projects", lang): str(entry.projects),
                t("stages", lang): stages_text(entry.projects_by_status, lang),
                t("past_due", lang): str(entry.overdue),
                t("open", lang): link(entry.province_code),
            }
        )
    return pd.DataFrame(rows)


def kind_table(frame: pd.DataFrame, plan: str, lang: str) -> pd.DataFrame:
    """``tracker.national.figures_by_kind`` as text: projects, cleared ha and % of both designs,
    VND disbursed and % of ``plan``; "–" where a kind reports nothing."""
    plan_column = PLAN_COLUMN[plan]
    return pd.DataFrame(
        {
            t("kind", lang): [t(f"kind_{k}", lang) for k in frame.kind],
            t("projects", lang): frame.projects.astype(int).astype(str),
            t("cleared_ha", lang): [
                format_number(optional_float(v), lang) for v in frame.cleared_ha
            ],
            t("pct_basic", lang): [
                format_percent(optional_float(v), lang) for v in frame.pct_basic
            ],
            t("pct_technical", lang): [
                format_percent(optional_float(v), lang) for v in frame.pct_technical
            ],
            t("disbursed_bn", lang): [
                "–" if optional_float(v) is None else format_vnd_billion(int(v), lang)
                for v in frame.disbursed_vnd
            ],
            t(f"pct_{plan}", lang): [
                format_percent(optional_float(v), lang) for v in frame[f"pct_{plan}_plan"]
            ],
            t("plan_bn", lang): [
                "–" if optional_float(v) is None else format_vnd_billion(int(v), lang)
                for v in frame[plan_column]
            ],
        }
    )
