"""The country as of a date: each province's disbursement, projects and stages, the published
national average, and cleared area and disbursement by kind of project.

A province is listed when it has projects; one whose money has no report for the year has no
disbursement figure (``None``), which is shown as "no data", never as zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from tracker.figures import (
    DisbursementFigures,
    clearance_by_commune,
    disbursement_by_source,
    percent,
    province_figures,
)
from tracker.geodata import province_name
from tracker.reconcile import reconcile
from tracker.status import as_date, project_status, stage_counts
from tracker.store import Store
from tracker.vocabulary import PROGRAMME_KIND, PROJECT_KINDS


@dataclass(frozen=True)
class NationalAverage:
    """A published national average disbursement rate (of the centrally assigned plan)."""

    pct: float
    as_of: dt.date
    quote: str
    province_code: str  # the province whose report quoted it
    source_title: str | None
    publisher: str | None
    published_on: dt.date | None
    reference: str | None


@dataclass(frozen=True)
class ProvinceEntry:
    """One province that has projects: its disbursement (None: no report this year), how many
    projects it follows (programmes aside) and in which stage they are."""

    province_code: str
    province_name: str
    disbursement: DisbursementFigures | None
    projects: int
    projects_by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0

    def pct_of_plan(self, plan: str) -> float | None:
        """Disbursed over the ``plan`` baseline ("central" or "local"), or None."""
        if self.disbursement is None:
            return None
        if plan == "local":
            return self.disbursement.pct_local_plan
        return self.disbursement.pct_central_plan


def national_average(store: Store, as_of: dt.date) -> NationalAverage | None:
    """The newest national average published in ``as_of``'s year, on or before it."""
    row = store.query_row(
        "national_average_source", as_of=as_of, year_start=dt.date(as_of.year, 1, 1)
    )
    if row is None:
        return None
    value, on, quote, province, title, publisher, published_on, reference = row
    return NationalAverage(
        pct=float(value),
        as_of=as_date(on) or as_of,
        quote=str(quote),
        province_code=str(province),
        source_title=None if title is None else str(title),
        publisher=None if publisher is None else str(publisher),
        published_on=as_date(published_on),
        reference=None if reference is None else str(reference),
    )


def province_entries(store: Store, as_of: dt.date) -> list[ProvinceEntry]:
    """Every province with projects, by code."""
    catalogue = store.query("projects", province=None)
    entries = []
    for code, projects in catalogue.groupby("province_code", sort=True):
        province = str(code)
        works = projects[projects.kind != PROGRAMME_KIND].project_code.tolist()
        status = project_status(store, as_of, projects=works) if works else None
        entries.append(
            ProvinceEntry(
                province_code=province,
                province_name=province_name(province),
                disbursement=province_figures(store, as_of, province).disbursement,
                projects=len(works),
                projects_by_status={} if status is None else stage_counts(status, len(works)),
                overdue=0 if status is None else int(status.overdue.sum()),
            )
        )
    return entries


def figures_by_kind(store: Store, as_of: dt.date) -> pd.DataFrame:
    """Per kind of project across the country: projects, cleared ha against both designs, and
    VND disbursed against both plans (plan year of ``as_of``). Kinds with no project are left
    out; a kind whose projects report no money has no disbursement figures (NaN)."""
    catalogue = store.query("projects", province=None)
    kinds = catalogue.set_index("project_code").kind
    clearance = clearance_by_commune(store, as_of)
    money = disbursement_by_source(store, as_of)
    rows = []
    for kind in PROJECT_KINDS:
        codes = kinds[kinds == kind].index
        if not len(codes):
            continue
        cleared = clearance[clearance.project_code.isin(codes)]
        paid = money[money.project_code.isin(codes)]
        rows.append(
            {
                "kind": kind,
                "projects": len(codes),
                "cleared_ha": cleared.cleared_ha.sum(min_count=1),
                "required_ha_basic": cleared.required_ha_basic.sum(min_count=1),
                "required_ha_technical": cleared.required_ha_technical.sum(min_count=1),
                "disbursed_vnd": paid.disbursed_vnd.sum(min_count=1),
                "plan_central_vnd": paid.plan_central_vnd.sum(min_count=1),
                "plan_local_vnd": paid.plan_local_vnd.sum(min_count=1),
            }
        )
    frame = pd.DataFrame(rows)
    for baseline in ("basic", "technical"):
        frame[f"pct_{baseline}"] = [
            percent(c, r) if pd.notna(c) and pd.notna(r) else None
            for c, r in zip(frame.cleared_ha, frame[f"required_ha_{baseline}"], strict=True)
        ]
    for plan in ("central", "local"):
        frame[f"pct_{plan}_plan"] = [
            percent(d, p) if pd.notna(d) and pd.notna(p) else None
            for d, p in zip(frame.disbursed_vnd, frame[f"plan_{plan}_vnd"], strict=True)
        ]
    return frame


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def national_summary(store: Store, as_of: dt.date, lang: str = "en") -> dict[str, object]:
    """One entry per province with projects, the published national average with its source, and
    every published figure that does not reconcile, as plain data (for JSON)."""
    average = national_average(store, as_of)
    provinces = []
    for entry in province_entries(store, as_of):
        money = entry.disbursement
        provinces.append(
            {
                "province_code": entry.province_code,
                "province_name": entry.province_name,
                "disbursed_vnd": None if money is None else money.disbursed_vnd,
                "pct_central_plan": None if money is None else _round(money.pct_central_plan),
                "pct_local_plan": None if money is None else _round(money.pct_local_plan),
                "report_date": None
                if money is None or money.report_date is None
                else money.report_date.isoformat(),
                "synthetic": None if money is None else money.is_synthetic,
                "projects": entry.projects,
                "projects_by_status": entry.projects_by_status,
                "projects_past_planned_completion": entry.overdue,
            }
        )
    return {
        "as_of": as_of.isoformat(),
        "provinces": provinces,
        "national_avg_pct": None if average is None else average.pct,
        "national_average": None
        if average is None
        else {
            "pct": average.pct,
            "plan": "central",
            "as_of": average.as_of.isoformat(),
            "quote": average.quote,
            "source": {
                "title": average.source_title,
                "publisher": average.publisher,
                "published_on": None
                if average.published_on is None
                else average.published_on.isoformat(),
                "reference": average.reference,
                "quoted_by_province": average.province_code,
            },
        },
        "warnings": [f.as_dict(lang) for f in reconcile(store, as_of)],
    }
