"""The figures of a view as an OC4IDS 0.9 project package, and the checks it must pass.

Open Contracting for Infrastructure Data Standard (OC4IDS), 0.9: a package (``uri``,
``publisher.name``, ``publishedDate``, ``version`` "0.9", ``projects``) of projects, each with its
status, planned period, budget broken down by capital source with the party that funds it,
parties, locations (GeoJSON geometry in WGS 84, [longitude, latitude], and a gazetteer of the
post-2025 commune codes), progress as ``metrics`` with dated observations and dimensions
(commune, design baseline, capital source), and the clearance forecast in ``forecasts``.

No package manager ships the OC4IDS schema (``libcoveoc4ids`` and ``oc4idskit`` on PyPI fetch it
from the standard's site at run time, which this tracker never does), so ``validate_package``
checks what the schema requires and its closed codelists, as written here from the standard's
published reference (standard.open-contracting.org/infrastructure, schema under the Apache
License 2.0); no schema file is shipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import jsonschema
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from tracker.commune_figures import project_commune_rows
from tracker.forecasts import ClearanceForecast, view_forecasts
from tracker.geodata import commune_names, province_name
from tracker.overlay import singles
from tracker.series import clearance_history, disbursement_by_month
from tracker.store import Store
from tracker.summary import build_summary
from tracker.viewstate import ViewState
from tracker.vocabulary import DESIGN_BASELINE_CODE, PROGRAMME_KIND, STORED_PLAN_BASELINE

VERSION = "0.9"
#: A publisher registers its own project-id prefix with OC4IDS; this is the standard's
#: placeholder for one not yet registered.
ID_PREFIX = "oc4ids-xxxxxx"
#: The post-2025 commune codes, as a gazetteer scheme (the codelist is open).
GAZETTEER = "VN-DVHC-2025"
PROJECT_STATUSES = (
    "identification",
    "preparation",
    "implementation",
    "completion",
    "maintenance",
    "decommissioning",
    "decommissioned",
    "cancelled",
)
GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")
_SECTORS = {
    "expressway": ["transport", "transport.road"],
    "border_gate": ["transport", "transport.road"],
    "wind_farm": ["energy", "energy.generation"],
    "line_500kv": ["energy", "energy.transmission"],
    "line_220kv": ["energy", "energy.transmission"],
    "other": [],
}
_HA = {"name": "hectare", "scheme": "UNCEFACT", "id": "HAR"}
#: Vietnam's extent, to tell a [lon, lat] pair from a [lat, lon] one.
_LON_RANGE, _LAT_RANGE = (102.0, 110.0), (8.0, 24.0)


def _stamp(day: dt.date) -> str:
    """A date as OC4IDS writes one: a date-time, here midnight in Vietnam (UTC+7)."""
    return f"{day.isoformat()}T00:00:00+07:00"


def _geometries(geometry: BaseGeometry) -> Iterator[tuple[str, dict[str, Any]]]:
    """GeoJSON geometries of the types OC4IDS admits: a collection is split by kind of part."""
    parts = singles(geometry)
    for kind in ("Point", "LineString", "Polygon"):
        mine = [p for p in parts if p.geom_type == kind]
        if not mine:
            continue
        joined = mine[0] if len(mine) == 1 else shapely.union_all(mine)
        if joined.geom_type not in GEOMETRY_TYPES:
            joined = getattr(shapely, f"Multi{kind}")(mine)
        yield kind.lower(), shapely.geometry.mapping(joined)


def _plain(value: Any) -> Any:
    """Tuples (shapely's coordinates) as lists, so the package is plain JSON."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def build_package(store: Store, state: ViewState, as_of: dt.date) -> dict[str, Any]:
    """The OC4IDS package of the view's projects (programmes, which are plans and not works,
    are left out) as of ``as_of``."""
    province = state.province or ""
    summary = build_summary(
        store,
        as_of,
        province_code=province,
        projects=list(state.projects) or None,
        baseline=state.clearance_baseline,
    )
    catalogue = store.query("projects", province=province).set_index("project_code")
    codes = [
        p["project_code"]
        for p in summary["projects"]
        if catalogue.loc[p["project_code"], "kind"] != PROGRAMME_KIND
        and (state.kind is None or catalogue.loc[p["project_code"], "kind"] == state.kind)
    ]
    communes = list(state.communes) or None
    rows = project_commune_rows(
        store, as_of, province_code=province, projects=codes, communes=communes
    )
    history = clearance_history(
        store, as_of, province_code=province, projects=codes, communes=communes
    )
    forecasts = {
        f.project_code: f
        for f in view_forecasts(
            store,
            as_of,
            province_code=province,
            projects=codes,
            baseline=state.clearance_baseline,
            communes=communes,
        )[0]
    }
    geometries = store.query("project_geometries", projects=codes).set_index("project_code")
    names = {str(k): str(v) for k, v in commune_names(province).items()}
    authority = {
        "id": f"VN-UBND-{province}",
        "name": f"UBND tỉnh {province_name(province)}",
        "roles": ["publicAuthority", "buyer"],
    }
    projects = []
    by_code = {p["project_code"]: p for p in summary["projects"]}
    for code in codes:
        project = by_code[code]
        info = catalogue.loc[code]
        mine = rows[rows.project_code == code]
        entry: dict[str, Any] = {
            "id": f"{ID_PREFIX}-{code}",
            "updated": _stamp(as_of),
            "title": project["name_vi"],
            "description": info.description if isinstance(info.description, str) else "",
            "status": "implementation" if len(mine) else "preparation",
            "sector": _SECTORS.get(str(info.kind), []),
            "parties": [authority],
            "locations": _locations(code, geometries, mine, names),
            "metrics": [
                _physical(code, history, mine, project, as_of),
            ],
        }
        period = {
            k: v
            for k, v in {
                "startDate": _stamp(pd.Timestamp(info.started_on).date())
                if not pd.isna(info.started_on)
                else None,
                "endDate": _stamp(pd.Timestamp(info.planned_completion).date())
                if not pd.isna(info.planned_completion)
                else None,
            }.items()
            if v
        }
        if period:
            entry["period"] = period
        money = project.get("disbursement")
        budget, funders = _budget(code, info, money, as_of, province)
        if budget:
            entry["budget"] = budget
            entry["parties"] = [authority, *funders]
        if money:
            entry["metrics"].append(_financial(store, code, money, as_of, province))
        if code in forecasts:
            entry["forecasts"] = [_forecast(forecasts[code], as_of)]
        projects.append(entry)
    return {
        "uri": f"urn:x-tracker:oc4ids:province-{province}:{as_of.isoformat()}",
        "publishedDate": _stamp(as_of),
        "publisher": {"name": f"Ban chỉ đạo GPMB tỉnh {province_name(province)}"},
        "version": VERSION,
        "projects": projects,
    }


def _locations(
    code: str, geometries: pd.DataFrame, rows: pd.DataFrame, names: dict[str, str]
) -> list[dict[str, Any]]:
    locations: list[dict[str, Any]] = []
    if code in geometries.index:
        found = geometries.loc[code]
        geometry = shapely.from_wkb(bytes(found.geometry_wkb))
        for kind, shape in _geometries(geometry):
            locations.append(
                {
                    "id": f"{code}-{kind}",
                    "description": f"{found.name_vi} ({found.provenance})",
                    "geometry": _plain(shape),
                }
            )
    crossed = sorted(set(rows.commune_code))
    if crossed:
        locations.append(
            {
                "id": f"{code}-communes",
                "description": "; ".join(names.get(c, c) for c in crossed),
                "gazetteer": {"scheme": GAZETTEER, "identifiers": crossed},
            }
        )
    return locations


def _observation(
    id_: str, day: dt.date, measure: float, dimensions: dict[str, str]
) -> dict[str, Any]:
    return {
        "id": id_,
        "period": {"endDate": _stamp(day)},
        "measure": round(float(measure), 4),
        "unit": _HA,
        "dimensions": dimensions,
    }


def _physical(
    code: str,
    history: pd.DataFrame,
    rows: pd.DataFrame,
    project: dict[str, Any],
    as_of: dt.date,
) -> dict[str, Any]:
    """Cleared ha: the project's weekly path, and each commune's cleared and required ha (by
    design baseline) as of the date."""
    observations = [
        _observation(
            f"{code}-cleared-{d.isoformat()}",
            d,
            v,
            {"commune": "all", "quantity": "cleared"},
        )
        for d, v in zip(
            history[history.project_code == code].report_date,
            history[history.project_code == code].cleared_ha,
            strict=True,
        )
    ]
    for row in rows.itertuples(index=False):
        commune = str(row.commune_code)
        observations.append(
            _observation(
                f"{code}-{commune}-cleared-{as_of.isoformat()}",
                as_of,
                float(str(row.cleared_ha)),
                {"commune": commune, "quantity": "cleared"},
            )
        )
        for baseline, column in (
            ("basic", "required_ha_basic"),
            ("technical", "required_ha_technical"),
        ):
            value = getattr(row, column)
            if not pd.isna(value):
                observations.append(
                    _observation(
                        f"{code}-{commune}-required-{DESIGN_BASELINE_CODE[baseline]}",
                        as_of,
                        float(value),
                        {
                            "commune": commune,
                            "quantity": "required",
                            "baseline": DESIGN_BASELINE_CODE[baseline],
                        },
                    )
                )
    return {
        "id": "physicalProgress",
        "title": "Diện tích đã bàn giao (ha) / Land handed over (ha)",
        "description": (
            f"Cumulative land handed over, as of {as_of.isoformat()}; "
            f"{'synthetic demo data' if project.get('synthetic') else 'as reported'}."
        ),
        "observations": observations,
    }


def _budget(
    code: str, info: pd.Series, money: dict[str, Any] | None, as_of: dt.date, province: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    budget: dict[str, Any] = {}
    if not pd.isna(info.total_investment_vnd):
        budget["amount"] = {"amount": int(info.total_investment_vnd), "currency": "VND"}
    if not money:
        return budget, []
    funders = {
        "central": {"id": "VN-NSTW", "name": "Ngân sách Trung ương (NSTW)", "roles": ["funder"]},
        "local": {
            "id": f"VN-NSDP-{province}",
            "name": f"Ngân sách tỉnh {province_name(province)} (NSĐP)",
            "roles": ["funder"],
        },
        "other": {"id": "VN-OTHER", "name": "Nguồn khác", "roles": ["funder"]},
    }
    used: dict[str, dict[str, Any]] = {}
    breakdowns = []
    year = {
        "startDate": _stamp(dt.date(as_of.year, 1, 1)),
        "endDate": _stamp(dt.date(as_of.year, 12, 31)),
    }
    for plan, column in (("central", "plan_central_vnd"), ("local", "plan_local_vnd")):
        lines = []
        for source, figures in money.get("by_capital_source", {}).items():
            amount = figures.get(column)
            if amount is None:
                continue
            party = funders[source]
            used[source] = party
            lines.append(
                {
                    "id": f"{code}-{as_of.year}-{plan}-{source}",
                    "description": f"{source} · {STORED_PLAN_BASELINE[plan]}",
                    "amount": {"amount": int(amount), "currency": "VND"},
                    "period": year,
                    "sourceParty": {"id": party["id"], "name": party["name"]},
                }
            )
        if lines:
            breakdowns.append(
                {
                    "id": f"{code}-{as_of.year}-{STORED_PLAN_BASELINE[plan]}",
                    "description": f"Kế hoạch vốn năm {as_of.year}: {STORED_PLAN_BASELINE[plan]}",
                    "budgetBreakdown": lines,
                }
            )
    if breakdowns:
        budget["budgetBreakdowns"] = breakdowns
    return budget, list(used.values())


def _financial(
    store: Store, code: str, money: dict[str, Any], as_of: dt.date, province: str
) -> dict[str, Any]:
    """VND disbursed this plan year: each month's end, by capital source."""
    months = disbursement_by_month(store, as_of, province_code=province, projects=[code])
    observations = []
    for month, source, amount in zip(
        months.month, months.capital_source, months.disbursed_vnd, strict=True
    ):
        end = min(_month_end(month), as_of)
        observations.append(
            {
                "id": f"{code}-disbursed-{source}-{end.isoformat()}",
                "period": {"endDate": _stamp(end)},
                "value": {"amount": int(amount), "currency": "VND"},
                "dimensions": {"capitalSource": str(source), "quantity": "disbursed"},
            }
        )
    return {
        "id": "financialProgress",
        "title": "Giải ngân (đồng) / Disbursed (VND)",
        "description": f"Disbursed in plan year {as_of.year}, cumulative.",
        "observations": observations,
    }


def _month_end(month: dt.date) -> dt.date:
    following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _forecast(f: ClearanceForecast, as_of: dt.date) -> dict[str, Any]:
    """The forecast finish at 100% of the baseline, with its range, as a planned value."""
    observation: dict[str, Any] = {
        "id": f"{f.project_code}-finish-{DESIGN_BASELINE_CODE[f.baseline]}",
        "notes": f.status,
        "dimensions": {"baseline": DESIGN_BASELINE_CODE[f.baseline], "quantity": "required"},
    }
    if f.required_ha is not None:
        observation.update({"measure": round(f.required_ha, 4), "unit": _HA})
    if f.finish is not None:
        period = {"startDate": _stamp(f.finish_earliest or f.finish), "endDate": _stamp(f.finish)}
        if f.finish_latest is not None:
            period["maxExtentDate"] = _stamp(f.finish_latest)
        observation["period"] = period
    return {
        "id": "clearanceFinish",
        "title": "Dự báo ngày hoàn thành GPMB / Forecast clearance finish",
        "description": f"At the recent pace, as of {as_of.isoformat()}.",
        "observations": [observation],
    }


# -- checks -------------------------------------------------------------------------------------

_DATE_TIME = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$",
}
_VALUE = {
    "type": "object",
    "required": ["amount", "currency"],
    "properties": {
        "amount": {"type": "number"},
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
    },
}
_PERIOD = {
    "type": "object",
    "properties": {"startDate": _DATE_TIME, "endDate": _DATE_TIME, "maxExtentDate": _DATE_TIME},
}
_METRIC = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": {"type": "string", "minLength": 1},
        "observations": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "period": _PERIOD,
                    "value": _VALUE,
                    "measure": {"type": ["number", "string"]},
                    "unit": {"type": "object"},
                    "dimensions": {"type": "object"},
                },
            },
        },
    },
}
#: What OC4IDS 0.9 requires, and its closed codelists for the fields this package fills.
SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "type": "object",
    "required": ["uri", "publisher", "publishedDate", "version", "projects"],
    "properties": {
        "uri": {"type": "string", "pattern": "^[a-zA-Z][a-zA-Z0-9+.-]*:"},
        "publishedDate": _DATE_TIME,
        "version": {"type": "string", "pattern": r"^(\d+\.)(\d+)$"},
        "publisher": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string"}},
        },
        "projects": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string", "pattern": "^oc4ids-[a-z0-9]{6}-"},
                    "status": {"type": "string", "enum": list(PROJECT_STATUSES)},
                    "period": _PERIOD,
                    "sector": {"type": "array", "items": {"type": "string"}},
                    "budget": {
                        "type": "object",
                        "properties": {
                            "amount": _VALUE,
                            "budgetBreakdowns": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["id"],
                                    "properties": {
                                        "budgetBreakdown": {
                                            "type": "array",
                                            "items": {
                                                "type": "object",
                                                "required": ["id"],
                                                "properties": {
                                                    "amount": _VALUE,
                                                    "period": _PERIOD,
                                                    "sourceParty": {
                                                        "type": "object",
                                                        "required": ["id"],
                                                    },
                                                },
                                            },
                                        }
                                    },
                                },
                            },
                        },
                    },
                    "parties": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["id", "name"],
                            "properties": {"roles": {"type": "array", "items": {"type": "string"}}},
                        },
                    },
                    "locations": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["id"],
                            "properties": {
                                "geometry": {
                                    "type": "object",
                                    "required": ["type", "coordinates"],
                                    "properties": {
                                        "type": {"type": "string", "enum": list(GEOMETRY_TYPES)},
                                        "coordinates": {"type": "array"},
                                    },
                                },
                                "gazetteer": {
                                    "type": "object",
                                    "required": ["scheme", "identifiers"],
                                    "properties": {
                                        "scheme": {"type": "string"},
                                        "identifiers": {
                                            "type": "array",
                                            "items": {"type": "string"},
                                        },
                                    },
                                },
                            },
                        },
                    },
                    "metrics": {"type": "array", "items": _METRIC},
                    "forecasts": {"type": "array", "items": _METRIC},
                },
            },
        },
    },
}


def _positions(coordinates: Any) -> Iterator[list[float]]:
    if coordinates and isinstance(coordinates[0], int | float):
        yield coordinates
        return
    for part in coordinates:
        yield from _positions(part)


def validate_package(package: dict[str, Any]) -> list[str]:
    """What is wrong with ``package`` (empty when nothing): the schema's requirements and closed
    codelists, unique ids, parties that budget lines name, and positions in [lon, lat]."""
    problems = [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(package)'}: {error.message}"
        for error in jsonschema.Draft4Validator(SCHEMA).iter_errors(package)
    ]
    ids = [p.get("id") for p in package.get("projects", [])]
    problems += [f"projects: id {i} is not unique" for i in set(ids) if ids.count(i) > 1]
    for project in package.get("projects", []):
        parties = {p.get("id") for p in project.get("parties", [])}
        for breakdown in project.get("budget", {}).get("budgetBreakdowns", []):
            for line in breakdown.get("budgetBreakdown", []):
                if line.get("sourceParty", {}).get("id") not in parties:
                    problems.append(f"{project['id']}: budget line {line['id']} names no party")
        for location in project.get("locations", []):
            geometry = location.get("geometry")
            if not geometry:
                continue
            for lon, lat, *_ in _positions(geometry.get("coordinates", [])):
                if not (
                    _LON_RANGE[0] <= lon <= _LON_RANGE[1] and _LAT_RANGE[0] <= lat <= _LAT_RANGE[1]
                ):
                    problems.append(
                        f"{project['id']}/{location['id']}: position {lon}, {lat} is not "
                        "[longitude, latitude] in Vietnam"
                    )
                    break
        for metric in [*project.get("metrics", []), *project.get("forecasts", [])]:
            seen = [o["id"] for o in metric.get("observations", [])]
            problems += [
                f"{project['id']}/{metric['id']}: observation id {i} is not unique"
                for i in sorted(set(seen))
                if seen.count(i) > 1
            ]
    return problems
