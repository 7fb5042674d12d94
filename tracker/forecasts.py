"""When will clearance be done at the recent pace, and what pace would meet the deadline?

The recent pace is the slope of a least-squares line through the last ``RECENT_REPORTS`` reports
(never one pair of points), in ha per week, with an 80% interval from the slope's standard error.
At that pace (and at either end of its interval) the area still to hand over under the chosen
design baseline gives a finish date and its range. The deadline is the project's handover deadline
in force, else its planned completion; the pace it needs is the remaining area over the weeks
left. Land clearance has a long tail of holdout households, so a straight line is optimistic where
the communes still to clear have open blockers: each forecast counts them.

Disbursement gets the same treatment over this year's month-end path: the year-end total at the
recent monthly pace, against each full plan.

Nothing is forecast from fewer than ``MIN_REPORTS`` reports; the forecast says why instead.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from tracker.blockers import blocker_log
from tracker.commune_figures import NOTHING_LEFT_HA, project_commune_rows
from tracker.figures import (
    DisbursementFigures,
    clearance_from_rows,
    disbursement_by_source,
    disbursement_from_rows,
    percent,
    projects_in_scope,
    province_figures,
)
from tracker.series import clearance_history, disbursement_by_month
from tracker.store import Store
from tracker.vocabulary import PROGRAMME_KIND, REQUIRED_COLUMN

MIN_REPORTS = 3
RECENT_REPORTS = 8
#: Two-sided 80% quantiles of Student's t by degrees of freedom (beyond the table: 1.282).
_T80 = {1: 3.078, 2: 1.886, 3: 1.638, 4: 1.533, 5: 1.476, 6: 1.440, 7: 1.415, 8: 1.397}
_T80_LARGE = 1.282
_DAYS_PER_WEEK = 7.0


@dataclass(frozen=True)
class Pace:
    """A least-squares slope per day through dated values, and its 80% interval."""

    per_day: float
    low_per_day: float
    high_per_day: float
    points: int


def fit_pace(days: list[dt.date], values: list[float]) -> Pace:
    """The slope of ``values`` over ``days`` (per day), with an 80% interval (needs 3 points)."""
    if len(days) < MIN_REPORTS:
        raise ValueError(f"a pace needs at least {MIN_REPORTS} points, got {len(days)}")
    x = np.array([(d - days[0]).days for d in days], dtype=float)
    y = np.asarray(values, dtype=float)
    x_mean, y_mean = x.mean(), y.mean()
    sxx = float(((x - x_mean) ** 2).sum())
    if sxx == 0:
        raise ValueError("a pace needs points on more than one date")
    slope = float(((x - x_mean) * (y - y_mean)).sum() / sxx)
    residuals = y - (y_mean + slope * (x - x_mean))
    spread = math.sqrt(float((residuals**2).sum()) / (len(x) - 2)) if len(x) > 2 else 0.0
    margin = _T80.get(len(x) - 2, _T80_LARGE) * spread / math.sqrt(sxx)
    return Pace(slope, slope - margin, slope + margin, len(x))


def _finish(last: dt.date, remaining: float, per_day: float) -> dt.date | None:
    """The day ``remaining`` is reached from ``last`` at ``per_day``; None if never (or not before
    the calendar ends)."""
    if per_day <= 0:
        return None
    days = remaining / per_day
    return last + dt.timedelta(days=math.ceil(days)) if days < 365 * 200 else None


@dataclass
class ReportPath:
    """Reports of one commune or project, oldest first: at least the newest ``RECENT_REPORTS``
    of its ``reports`` in all."""

    days: list[dt.date] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    reports: int = 0


def paths_by(frame: pd.DataFrame, keys: list[str]) -> dict[Any, ReportPath]:
    """``frame``'s ``report_date`` and ``cleared_ha`` (sorted by ``keys`` then date) as one path
    per key, each with its count of reports from the column ``reports``."""
    found: dict[Any, ReportPath] = {}
    columns = [frame[k].tolist() for k in keys]
    names = columns[0] if len(keys) == 1 else list(zip(*columns, strict=True))
    rows = zip(
        names,
        frame.report_date.tolist(),
        frame.cleared_ha.tolist(),
        frame.reports.tolist(),
        strict=True,
    )
    for name, day, value, reports in rows:
        path = found.setdefault(name, ReportPath())
        path.days.append(day)
        path.values.append(float(value))
        path.reports = int(reports)
    return found


@dataclass(frozen=True)
class Deadline:
    """What a forecast is measured against: a handover deadline, else the planned completion."""

    date: dt.date
    kind: str  # "handover" or "planned_completion"
    is_synthetic: bool = False


@dataclass(frozen=True)
class ClearanceForecast:
    """The finish of one project's (or one commune's) clearance under one design baseline.

    ``status``: "forecast"; "done" (nothing left); "too_few_reports"; "no_baseline" (no design
    area to measure against); "no_progress" (the recent pace is not above zero).
    """

    project_code: str
    commune_code: str | None
    baseline: str
    status: str
    reports: int
    last_report: dt.date | None
    cleared_ha: float
    required_ha: float | None
    remaining_ha: float | None
    pace: Pace | None = None
    finish: dt.date | None = None
    finish_earliest: dt.date | None = None
    finish_latest: dt.date | None = None  # None with a pace: not reached at the slow end
    deadline: Deadline | None = None
    required_per_week: float | None = None  # None: no deadline, or it has passed
    open_blockers: int = 0  # unresolved blockers in the communes still to clear
    blocked_communes: tuple[str, ...] = ()
    #: For a project: when the last of its communes still short of the baseline finishes, each
    #: at its own recent pace (None: one of them has no pace to finish at); ``tail_known`` False
    #: when no commune forecast was made.
    tail_finish: dt.date | None = None
    tail_known: bool = False

    @property
    def pace_per_week(self) -> float | None:
        return None if self.pace is None else self.pace.per_day * _DAYS_PER_WEEK

    @property
    def pace_range_per_week(self) -> tuple[float, float] | None:
        if self.pace is None:
            return None
        return (self.pace.low_per_day * _DAYS_PER_WEEK, self.pace.high_per_day * _DAYS_PER_WEEK)

    @property
    def required_ratio(self) -> float | None:
        """The pace the deadline needs over the recent pace (above 1: faster than now)."""
        pace = self.pace_per_week
        if self.required_per_week is None or pace is None or pace <= 0:
            return None
        return self.required_per_week / pace

    @property
    def deadline_passed(self) -> bool:
        return (
            self.deadline is not None
            and self.last_report is not None
            and self.remaining_ha is not None
            and self.remaining_ha >= NOTHING_LEFT_HA
            and self.deadline.date <= self.last_report
        )

    @property
    def late(self) -> bool:
        """Not done by the deadline at the recent pace (or no pace at all while area remains)."""
        if self.deadline is None or self.status in ("done", "too_few_reports", "no_baseline"):
            return False
        if self.deadline_passed or self.status == "no_progress":
            return True
        return self.finish is not None and self.finish > self.deadline.date

    @property
    def tail_late(self) -> bool:
        """The communes still to clear, each at its own pace, miss the deadline."""
        if self.deadline is None or not self.tail_known or self.status != "forecast":
            return False
        return self.tail_finish is None or self.tail_finish > self.deadline.date

    @property
    def at_risk(self) -> bool:
        """Late, needing a faster pace than now, or held up by open blockers."""
        ratio = self.required_ratio
        return (
            self.late
            or (ratio is not None and ratio > 1)
            or (self.status in ("forecast", "no_progress") and self.open_blockers > 0)
        )


def _forecast(
    *,
    project: str,
    commune: str | None,
    baseline: str,
    path: ReportPath,
    cleared: float,
    required: float | None,
    deadline: Deadline | None,
    blocked: dict[str, int],
    remaining_communes: list[str],
) -> ClearanceForecast:
    """One forecast from a commune's or a project's path of reports."""
    days, values = path.days[-RECENT_REPORTS:], path.values[-RECENT_REPORTS:]
    reports = path.reports
    last = days[-1] if reports else None
    remaining = None if required is None else max(required - cleared, 0.0)
    blocked_here = tuple(c for c in remaining_communes if blocked.get(c))
    common: dict[str, Any] = {
        "project_code": project,
        "commune_code": commune,
        "baseline": baseline,
        "reports": reports,
        "last_report": last,
        "cleared_ha": cleared,
        "required_ha": required,
        "remaining_ha": remaining,
        "deadline": deadline,
        "open_blockers": sum(blocked.get(c, 0) for c in blocked_here),
        "blocked_communes": blocked_here,
    }
    if remaining is None:
        return ClearanceForecast(status="no_baseline", **common)
    if remaining < NOTHING_LEFT_HA:
        return ClearanceForecast(status="done", **common)
    if reports < MIN_REPORTS or len(set(days)) < 2:
        return ClearanceForecast(status="too_few_reports", **common)
    assert last is not None
    pace = fit_pace(days, values)
    weeks_left = None if deadline is None else (deadline.date - last).days / _DAYS_PER_WEEK
    required_per_week = remaining / weeks_left if weeks_left and weeks_left > 0 else None
    if pace.per_day <= 0:
        return ClearanceForecast(
            status="no_progress", pace=pace, required_per_week=required_per_week, **common
        )
    return ClearanceForecast(
        status="forecast",
        pace=pace,
        finish=_finish(last, remaining, pace.per_day),
        finish_earliest=_finish(last, remaining, pace.high_per_day),
        finish_latest=_finish(last, remaining, pace.low_per_day),
        required_per_week=required_per_week,
        **common,
    )


def deadlines(store: Store, as_of: dt.date, projects: list[str]) -> dict[str, Deadline]:
    """Each project's deadline in force on ``as_of``: its handover deadline, else its planned
    completion. Projects with neither are left out."""
    found: dict[str, Deadline] = {}
    catalogue = store.query("projects", province=None)
    for code, planned in zip(catalogue.project_code, catalogue.planned_completion, strict=True):
        if code in projects and not pd.isna(planned):
            found[str(code)] = Deadline(pd.Timestamp(planned).date(), "planned_completion")
    handover = store.query("handover_deadlines", as_of=as_of, projects=projects)
    for code, day, synthetic in zip(
        handover.project_code, handover.deadline, handover.is_synthetic, strict=True
    ):
        found[str(code)] = Deadline(pd.Timestamp(day).date(), "handover", bool(synthetic))
    return found


@dataclass
class ForecastInputs:
    """What the forecasts of a view are drawn from, read once."""

    rows: pd.DataFrame  # project_commune_rows of the view
    history: pd.DataFrame  # clearance_history of the view
    series: pd.DataFrame  # clearance_series: per commune, its recent reports and their count
    deadlines: dict[str, Deadline]
    blocked: dict[str, int] = field(default_factory=dict)  # commune -> unresolved blockers


def _recent_reports(store: Store, as_of: dt.date, scope: list[str]) -> pd.DataFrame:
    return store.query("clearance_series", as_of=as_of, projects=scope, recent=RECENT_REPORTS)


def read_ahead(
    store: Store,
    as_of: dt.date,
    *,
    province_code: str,
    projects: list[str] | None,
    communes: list[str] | None = None,
) -> None:
    """Start the two slow reads of a view's forecasts (the S-curve history, which the page's
    charts share, and each commune's recent reports) in the background of the current run, so
    they overlap with the view's other reads; ``read_inputs`` then takes them as they are."""
    scope = projects_in_scope(store, province_code, projects)
    store.in_background(
        lambda: clearance_history(
            store, as_of, province_code=province_code, projects=scope, communes=communes
        )
    )
    store.in_background(lambda: _recent_reports(store, as_of, scope))


def read_inputs(
    store: Store,
    as_of: dt.date,
    *,
    province_code: str,
    projects: list[str],
    rows: pd.DataFrame,
    communes: list[str] | None = None,
) -> ForecastInputs:
    """Read the paths, deadlines and open blockers the forecasts of ``projects`` need. ``rows``
    are the view's ``project_commune_rows`` (the figures the forecasts start from)."""
    codes = sorted(set(rows.project_code)) if len(rows) else []
    # The view's own scope, not ``codes``: the same query as the page's S-curves, so a run
    # computes it once (projects without communes have no path to add).
    scope = projects_in_scope(store, province_code, projects)
    history = clearance_history(
        store, as_of, province_code=province_code, projects=scope, communes=communes
    )
    series = _recent_reports(store, as_of, scope)
    series["report_date"] = [pd.Timestamp(d).date() for d in series.report_date]
    if communes:
        series = series[series.commune_code.isin(communes)]
    log = blocker_log(store, as_of, province_code=province_code, projects=codes or projects)
    open_ = log[log.unresolved & log.commune_code.notna()]
    blocked = {str(k): int(v) for k, v in open_.groupby("commune_code").size().items()}
    return ForecastInputs(rows, history, series, deadlines(store, as_of, codes), blocked)


def _remaining_communes(rows: pd.DataFrame, baseline: str) -> list[str]:
    required = rows[REQUIRED_COLUMN[baseline]].astype(float)
    left = required - rows.cleared_ha.astype(float)
    return sorted(set(rows.commune_code[left >= NOTHING_LEFT_HA]))


def project_forecasts(inputs: ForecastInputs, baseline: str) -> list[ClearanceForecast]:
    """One forecast per project of the view, in the order of its rows."""
    out = []
    history = inputs.history
    recent = history.groupby("project_code", sort=False).tail(RECENT_REPORTS)
    counts = history.groupby("project_code").size()
    paths = paths_by(recent.assign(reports=recent.project_code.map(counts)), ["project_code"])
    for code, mine in inputs.rows.groupby("project_code", sort=False):
        figures = clearance_from_rows(mine)
        required = (
            figures.required_ha_basic if baseline == "basic" else figures.required_ha_technical
        )
        out.append(
            _forecast(
                project=str(code),
                commune=None,
                baseline=baseline,
                path=paths.get(code, ReportPath()),
                cleared=float(figures.cleared_ha),
                required=None if required is None else float(required),
                deadline=inputs.deadlines.get(str(code)),
                blocked=inputs.blocked,
                remaining_communes=_remaining_communes(mine, baseline),
            )
        )
    return out


def commune_forecasts(inputs: ForecastInputs, baseline: str) -> list[ClearanceForecast]:
    """One forecast per project and commune of the view."""
    out = []
    paths = paths_by(inputs.series, ["project_code", "commune_code"])
    for row in inputs.rows.itertuples(index=False):
        key = (str(row.project_code), str(row.commune_code))
        required = getattr(row, REQUIRED_COLUMN[baseline])
        out.append(
            _forecast(
                project=key[0],
                commune=key[1],
                baseline=baseline,
                path=paths.get(key, ReportPath()),
                cleared=float(str(row.cleared_ha)),
                required=None if pd.isna(required) else float(required),
                deadline=inputs.deadlines.get(key[0]),
                blocked=inputs.blocked,
                remaining_communes=[key[1]],
            )
        )
    return out


def with_tails(
    projects: list[ClearanceForecast], communes: list[ClearanceForecast]
) -> list[ClearanceForecast]:
    """Each project forecast with the finish of its slowest remaining commune."""
    out = []
    for project in projects:
        mine = [
            c
            for c in communes
            if c.project_code == project.project_code and c.status in ("forecast", "no_progress")
        ]
        if not mine:
            out.append(project)
            continue
        finishes = [c.finish if c.status == "forecast" else None for c in mine]
        tail = None if any(f is None for f in finishes) else max(f for f in finishes if f)
        out.append(replace(project, tail_finish=tail, tail_known=True))
    return out


def view_forecasts(
    store: Store,
    as_of: dt.date,
    *,
    province_code: str,
    projects: list[str] | None,
    baseline: str,
    communes: list[str] | None = None,
) -> tuple[list[ClearanceForecast], list[ClearanceForecast]]:
    """The forecasts of a view: per project (with its slowest remaining commune) and per project
    and commune, from the same per-commune figures the page shows."""
    rows = project_commune_rows(
        store, as_of, province_code=province_code, projects=projects, communes=communes
    )
    inputs = read_inputs(
        store,
        as_of,
        province_code=province_code,
        projects=list(projects or []),
        rows=rows,
        communes=communes,
    )
    per_commune = commune_forecasts(inputs, baseline)
    return with_tails(project_forecasts(inputs, baseline), per_commune), per_commune


@dataclass(frozen=True)
class DisbursementForecast:
    """This year's disbursement projected to 31 December at the recent monthly pace.

    ``status``: "forecast" or "too_few_reports" (fewer than three month-end reports this year).
    """

    as_of: dt.date
    status: str
    reports: int
    disbursed_vnd: int
    plan_central_vnd: int | None
    plan_local_vnd: int | None
    pace: Pace | None = None
    year_end_vnd: float | None = None
    year_end_low_vnd: float | None = None
    year_end_high_vnd: float | None = None

    def pct(self, plan: str, value: float | None = None) -> float | None:
        """``value`` (default: the projected year-end total) in percent of ``plan``."""
        amount = self.year_end_vnd if value is None else value
        denominator = self.plan_central_vnd if plan == "central" else self.plan_local_vnd
        return percent(amount, denominator)


def disbursement_forecast(
    store: Store, as_of: dt.date, *, province_code: str | None, projects: list[str] | None
) -> DisbursementForecast | None:
    """The year-end projection of ``projects`` (default: the province's programmes, as the
    province-wide figures add up); None when nothing is disbursed this year. Shared between
    viewers like the figures it is made of."""
    key = (as_of, province_code, tuple(projects) if projects else None)
    return store.derived(
        "disbursement_forecast",
        key,
        lambda: _disbursement_forecast(store, as_of, province_code, projects),
    )


def _disbursement_forecast(
    store: Store, as_of: dt.date, province_code: str | None, projects: list[str] | None
) -> DisbursementForecast | None:
    catalogue = store.query("projects", province=province_code)
    if projects:
        codes = projects
    else:
        programmes = catalogue[catalogue.kind == PROGRAMME_KIND].project_code.tolist()
        codes = programmes or catalogue.project_code.tolist()
    months = disbursement_by_month(store, as_of, province_code=province_code, projects=codes)
    if months.empty:
        return None
    path = months.groupby("month", as_index=False)["disbursed_vnd"].sum()
    # Each month's figure stands at its end; the current month's at the date of the view.
    ends = [min(_month_end(m), as_of) for m in path.month]
    totals = province_figures(store, as_of, province_code) if not projects else None
    plans = _plans(store, as_of, province_code, codes) if totals is None else totals.disbursement
    disbursed = int(path.disbursed_vnd.iloc[-1])
    central = None if plans is None else plans.plan_central_vnd
    local = None if plans is None else plans.plan_local_vnd
    if len(path) < MIN_REPORTS:
        return DisbursementForecast(as_of, "too_few_reports", len(path), disbursed, central, local)
    pace = fit_pace(ends, [float(v) for v in path.disbursed_vnd])
    days_left = (dt.date(as_of.year, 12, 31) - ends[-1]).days
    return DisbursementForecast(
        as_of=as_of,
        status="forecast",
        reports=len(path),
        disbursed_vnd=disbursed,
        plan_central_vnd=central,
        plan_local_vnd=local,
        pace=pace,
        year_end_vnd=disbursed + max(pace.per_day, 0.0) * days_left,
        year_end_low_vnd=disbursed + max(pace.low_per_day, 0.0) * days_left,
        year_end_high_vnd=disbursed + max(pace.high_per_day, 0.0) * days_left,
    )


def _plans(
    store: Store, as_of: dt.date, province_code: str | None, codes: list[str]
) -> DisbursementFigures | None:
    money = disbursement_by_source(store, as_of, province_code=province_code, projects=codes)
    return disbursement_from_rows(money) if len(money) else None


def _month_end(month: dt.date) -> dt.date:
    following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


# -- as plain data (summary --json, exports) -------------------------------------------------------


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _round(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def forecast_dict(f: ClearanceForecast) -> dict[str, Any]:
    """A clearance forecast as JSON-ready data."""
    pace_range = f.pace_range_per_week
    return {
        "status": f.status,
        "baseline": f.baseline,
        "reports": f.reports,
        "reports_used": min(f.reports, RECENT_REPORTS) if f.pace else 0,
        "last_report": _day(f.last_report),
        "remaining_ha": _round(f.remaining_ha, 4),
        "pace_ha_per_week": _round(f.pace_per_week),
        "pace_range_ha_per_week": None if pace_range is None else [_round(v) for v in pace_range],
        "finish_date": _day(f.finish),
        "finish_range": None
        if f.pace is None or f.status != "forecast"
        else [_day(f.finish_earliest), _day(f.finish_latest)],
        "deadline": _day(f.deadline.date) if f.deadline else None,
        "deadline_kind": f.deadline.kind if f.deadline else None,
        "required_ha_per_week": _round(f.required_per_week),
        "required_ratio": _round(f.required_ratio),
        "deadline_passed": f.deadline_passed,
        "late": f.late,
        "slowest_remaining_commune_finish": _day(f.tail_finish) if f.tail_known else None,
        "remaining_communes_late": f.tail_late,
        "at_risk": f.at_risk,
        "open_blockers_in_remaining_communes": f.open_blockers,
        "blocked_communes": list(f.blocked_communes),
    }


def disbursement_forecast_dict(f: DisbursementForecast) -> dict[str, Any]:
    """A year-end disbursement projection as JSON-ready data."""
    return {
        "status": f.status,
        "reports": f.reports,
        "year_end_vnd": None if f.year_end_vnd is None else int(f.year_end_vnd),
        "year_end_range_vnd": None
        if f.year_end_low_vnd is None or f.year_end_high_vnd is None
        else [int(f.year_end_low_vnd), int(f.year_end_high_vnd)],
        "pct_central_plan_year_end": _round(f.pct("central")),
        "pct_local_plan_year_end": _round(f.pct("local")),
        "vnd_per_month": None if f.pace is None else int(f.pace.per_day * 365.25 / 12),
    }
