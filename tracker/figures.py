"""Derived figures as of a date: clearance against design baselines, disbursement against plans.

Percentages are computed here from stored numbers; nothing stored is a percentage taken as truth.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from tracker.store import Store
from tracker.vocabulary import CAPITAL_SOURCES, PROGRAMME_KIND


def percent(numerator: float | Decimal | None, denominator: float | Decimal | None) -> float | None:
    """``numerator / denominator`` in percent, or None when the denominator is missing or zero."""
    if numerator is None or denominator is None:
        return None
    if float(denominator) == 0 or pd.isna(float(denominator)):
        return None
    return float(numerator) / float(denominator) * 100.0


def _exact(value: float) -> Decimal:
    """The stored DECIMAL(14,4) behind a float read back from DuckDB, exactly."""
    return Decimal(repr(round(float(value), 4)))


def _decimal_sum(values: pd.Series) -> Decimal | None:
    present = [_exact(v) for v in values if v is not None and not pd.isna(v)]
    return sum(present, Decimal(0)) if present else None


def _int_sum(values: pd.Series) -> int | None:
    present = [int(v) for v in values if v is not None and not pd.isna(v)]
    return sum(present) if present else None


def _latest_date(values: pd.Series) -> dt.date | None:
    present = [v for v in values if v is not None and not pd.isna(v)]
    return pd.Timestamp(max(present)).date() if present else None


@dataclass(frozen=True)
class ClearanceFigures:
    """Clearance of one project (or of a commune within it) as of a date."""

    cleared_ha: Decimal
    previous_cleared_ha: Decimal
    required_ha_basic: Decimal | None
    required_ha_technical: Decimal | None
    households_affected: int | None
    households_relocated: int | None
    compensation_paid_vnd: int | None
    report_date: dt.date | None
    previous_report_date: dt.date | None
    is_synthetic: bool

    @property
    def change_ha(self) -> Decimal:
        return self.cleared_ha - self.previous_cleared_ha

    @property
    def pct_basic(self) -> float | None:
        return percent(self.cleared_ha, self.required_ha_basic)

    @property
    def pct_technical(self) -> float | None:
        return percent(self.cleared_ha, self.required_ha_technical)

    def remaining_ha(self, baseline: str) -> Decimal | None:
        """Area still to hand over under ``baseline`` ("basic" or "technical"); never negative."""
        required = self.required_ha_basic if baseline == "basic" else self.required_ha_technical
        if required is None:
            return None
        return max(required - self.cleared_ha, Decimal(0))


def clearance_from_rows(rows: pd.DataFrame) -> ClearanceFigures:
    """Add up per-commune rows of the ``clearance_by_commune`` query."""
    return ClearanceFigures(
        cleared_ha=_decimal_sum(rows["cleared_ha"]) or Decimal(0),
        previous_cleared_ha=_decimal_sum(rows["previous_cleared_ha"]) or Decimal(0),
        required_ha_basic=_decimal_sum(rows["required_ha_basic"]),
        required_ha_technical=_decimal_sum(rows["required_ha_technical"]),
        households_affected=_int_sum(rows["households_affected"]),
        households_relocated=_int_sum(rows["households_relocated"]),
        compensation_paid_vnd=_int_sum(rows["compensation_paid_vnd"]),
        report_date=_latest_date(rows["report_date"]),
        previous_report_date=_latest_date(rows["previous_report_date"]),
        is_synthetic=bool(rows["is_synthetic"].any()),
    )


@dataclass(frozen=True)
class DisbursementFigures:
    """Disbursement against the year's plan baselines, for one source, project or province."""

    disbursed_vnd: int
    previous_disbursed_vnd: int
    plan_central_vnd: int | None
    plan_local_vnd: int | None
    report_date: dt.date | None
    previous_report_date: dt.date | None
    is_synthetic: bool

    @property
    def change_vnd(self) -> int:
        return self.disbursed_vnd - self.previous_disbursed_vnd

    @property
    def pct_central_plan(self) -> float | None:
        return percent(self.disbursed_vnd, self.plan_central_vnd)

    @property
    def pct_local_plan(self) -> float | None:
        return percent(self.disbursed_vnd, self.plan_local_vnd)


def disbursement_from_rows(rows: pd.DataFrame) -> DisbursementFigures:
    """Add up per-source rows of the ``disbursement_by_source`` query."""
    return DisbursementFigures(
        disbursed_vnd=_int_sum(rows["disbursed_vnd"]) or 0,
        previous_disbursed_vnd=_int_sum(rows["previous_disbursed_vnd"]) or 0,
        plan_central_vnd=_int_sum(rows["plan_central_vnd"]),
        plan_local_vnd=_int_sum(rows["plan_local_vnd"]),
        report_date=_latest_date(rows["report_date"]),
        previous_report_date=_latest_date(rows["previous_report_date"]),
        is_synthetic=bool(rows["is_synthetic"].any()),
    )


@dataclass(frozen=True)
class ProjectFigures:
    project_code: str
    name_vi: str
    name_en: str
    kind: str
    clearance: ClearanceFigures | None
    disbursement: DisbursementFigures | None
    disbursement_by_source: dict[str, DisbursementFigures] = field(default_factory=dict)


@dataclass(frozen=True)
class ProvinceFigures:
    """Province-wide disbursement: the province's programmes, or all its projects if it has none."""

    province_code: str | None
    disbursement: DisbursementFigures | None
    by_source: dict[str, DisbursementFigures]
    basis: str  # "programmes" or "projects": what was added up


def projects_in_scope(
    store: Store, province_code: str | None, projects: list[str] | None
) -> list[str]:
    """The live projects a view covers: ``projects`` (those that exist), or else every project of
    the province (of every province when ``province_code`` is None)."""
    codes = store.query("projects", province=province_code).project_code.tolist()
    if not projects:
        return [str(c) for c in codes]
    wanted = set(projects)
    return [str(c) for c in codes if c in wanted]


def clearance_by_commune(
    store: Store,
    as_of: dt.date,
    *,
    province_code: str | None = None,
    projects: list[str] | None = None,
) -> pd.DataFrame:
    """Per project and commune: cleared ha, baselines, change, % of each baseline, as of a date."""
    rows = store.query(
        "clearance_by_commune",
        as_of=as_of,
        projects=projects_in_scope(store, province_code, projects),
    )
    rows["pct_basic"] = [
        percent(c, r) for c, r in zip(rows.cleared_ha, rows.required_ha_basic, strict=True)
    ]
    rows["pct_technical"] = [
        percent(c, r) for c, r in zip(rows.cleared_ha, rows.required_ha_technical, strict=True)
    ]
    rows["change_ha"] = (rows.cleared_ha - rows.previous_cleared_ha).round(4)
    return rows


def disbursement_by_source(
    store: Store,
    as_of: dt.date,
    *,
    province_code: str | None = None,
    projects: list[str] | None = None,
) -> pd.DataFrame:
    """Per project and capital source: disbursed VND and the plan baselines, as of a date."""
    return store.query(
        "disbursement_by_source",
        as_of=as_of,
        plan_year=as_of.year,
        projects=projects_in_scope(store, province_code, projects),
    )


def project_figures(
    store: Store,
    as_of: dt.date,
    *,
    province_code: str | None = None,
    projects: list[str] | None = None,
) -> list[ProjectFigures]:
    """Clearance and disbursement of each project as of a date."""
    catalogue = store.query("projects", province=province_code)
    if projects:
        catalogue = catalogue[catalogue.project_code.isin(projects)]
    clearance = clearance_by_commune(store, as_of, province_code=province_code, projects=projects)
    money = disbursement_by_source(store, as_of, province_code=province_code, projects=projects)
    result = []
    for project in catalogue.itertuples(index=False):
        code = str(project.project_code)
        c_rows = clearance[clearance.project_code == code]
        m_rows = money[money.project_code == code]
        result.append(
            ProjectFigures(
                project_code=code,
                name_vi=str(project.name_vi),
                name_en=str(project.name_en),
                kind=str(project.kind),
                clearance=clearance_from_rows(c_rows) if len(c_rows) else None,
                disbursement=disbursement_from_rows(m_rows) if len(m_rows) else None,
                disbursement_by_source={
                    str(src): disbursement_from_rows(m_rows[m_rows.capital_source == src])
                    for src in CAPITAL_SOURCES
                    if (m_rows.capital_source == src).any()
                },
            )
        )
    return result


def province_figures(store: Store, as_of: dt.date, province_code: str | None) -> ProvinceFigures:
    """Province-wide disbursement as of a date.

    A province's programme rows (kind ``programme``) carry its whole public-investment plan; a
    project's own figures are part of that plan, so adding both would count money twice. Only when a
    province has no programme are its projects added up.
    """
    catalogue = store.query("projects", province=province_code)
    programmes = catalogue[catalogue.kind == PROGRAMME_KIND].project_code.tolist()
    basis = "programmes" if programmes else "projects"
    codes = programmes or catalogue.project_code.tolist()
    if not codes:
        return ProvinceFigures(province_code, None, {}, basis)
    money = disbursement_by_source(store, as_of, province_code=province_code, projects=codes)
    if money.empty:
        return ProvinceFigures(province_code, None, {}, basis)
    return ProvinceFigures(
        province_code=province_code,
        disbursement=disbursement_from_rows(money),
        by_source={
            src: disbursement_from_rows(money[money.capital_source == src])
            for src in CAPITAL_SOURCES
            if (money.capital_source == src).any()
        },
        basis=basis,
    )


def report_dates(
    store: Store, province_code: str | None, until: dt.date | None = None
) -> list[dt.date]:
    """Dates with at least one live report, up to ``until`` (default: today), newest first."""
    rows = store.query(
        "report_dates",
        projects=projects_in_scope(store, province_code, None),
        until=until or dt.date.today(),
    )
    return [pd.Timestamp(d).date() for d in rows.report_date]
