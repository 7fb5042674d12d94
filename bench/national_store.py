"""A synthetic national store built with the tracker's own code, for the benchmarks.

34 provinces × 30 projects × 10 communes (each province's real first ten communes) with a weekly
clearance report per commune, written through ``commit_batch`` as the app writes uploads, and a
year's disbursement programme per province. The measured province (Lạng Sơn, "20") always has
``weeks`` of history; the other provinces have ``other_weeks``. Uploads are written in blocks of
weeks covering every province, so the rows of a province lie spread through the table as weekly
uploads from many offices would leave them.

    from national_store import build_national
    build_national(store, weeks=1000, other_weeks=1000)   # 10.2 million clearance rows
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa

from tracker.geodata import load_communes, province_codes
from tracker.store import Store
from tracker.uploads import Batch, commit_batch

MEASURED = "20"
PROJECTS_PER_PROVINCE = 30
COMMUNES_PER_PROJECT = 10
LAST_WEEK = dt.date(2026, 11, 23)  # a Monday
BLOCK_WEEKS = 100


def project_codes(province: str) -> list[str]:
    return [f"N{province}-{k:02d}" for k in range(PROJECTS_PER_PROVINCE)]


def _communes(province: str) -> list[str]:
    return [str(c) for c in load_communes(province).code.tolist()[:COMMUNES_PER_PROJECT]]


def _registration(provinces: list[str], weeks: int) -> Batch:
    first = LAST_WEEK - dt.timedelta(weeks=weeks)
    projects, baselines, plans = [], [], []
    for province in provinces:
        for code in project_codes(province):
            projects.append(
                {
                    "project_code": code,
                    "name_vi": f"Dự án thử {code}",
                    "name_en": f"Benchmark project {code}",
                    "kind": "expressway",
                    "province_code": province,
                    "started_on": first,
                    "source_key": "bench",
                }
            )
            for commune in _communes(province):
                for baseline, ha in (("basic", 90.0), ("technical", 100.0)):
                    baselines.append(
                        {
                            "project_code": code,
                            "commune_code": commune,
                            "baseline": baseline,
                            "required_ha": ha,
                            "effective_from": first,
                            "source_key": "bench",
                        }
                    )
        programme = f"N{province}-DTC"
        projects.append(
            {
                "project_code": programme,
                "name_vi": f"Kế hoạch đầu tư công thử {province}",
                "name_en": f"Benchmark programme {province}",
                "kind": "programme",
                "province_code": province,
                "source_key": "bench",
            }
        )
        for source, vnd in (("central", 3_000 * 10**9), ("local", 2_000 * 10**9)):
            for baseline in ("central_assigned", "local_deployed"):
                plans.append(
                    {
                        "project_code": programme,
                        "plan_year": LAST_WEEK.year,
                        "capital_source": source,
                        "plan_baseline": baseline,
                        "plan_vnd": vnd,
                        "effective_from": dt.date(LAST_WEEK.year, 1, 1),
                        "source_key": "bench",
                    }
                )
    return _batch(
        "projects",
        "đăng ký dự án thử",
        {
            "projects": pd.DataFrame(projects),
            "required_areas": pd.DataFrame(baselines),
            "disbursement_plans": pd.DataFrame(plans),
        },
    )


def _batch(kind: str, name: str, tables: dict[str, pd.DataFrame]) -> Batch:
    return Batch(
        kind=kind,
        file_name=name,
        user_name="bench",
        content=name.encode("utf-8"),
        sources={"bench": {"kind": "synthetic", "title": name, "is_synthetic": True}},
        tables=tables,
    )


def _week_block(provinces: dict[str, int], first_week: int, last_week: int) -> Batch:
    """Clearance reports of weeks [first_week, last_week) (counted back from the last week) for
    every province whose history reaches that far, week by week, every province in each week."""
    parts = []
    for week in range(first_week, last_week):
        day = (LAST_WEEK - dt.timedelta(weeks=week) - dt.date(1970, 1, 1)).days
        for province, weeks in provinces.items():
            if week >= weeks:
                continue
            codes, communes = _keys(province)
            parts.append(
                pa.table(
                    {
                        "project_code": codes,
                        "commune_code": communes,
                        "report_date": pa.array(np.full(len(codes), day, np.int32)).cast(
                            pa.date32()
                        ),
                        "cleared_ha": pa.array(
                            np.full(len(codes), round(100.0 * (weeks - week) / weeks, 2))
                        ),
                    }
                )
            )
    table = pa.concat_tables(parts)
    source = pa.array(np.full(table.num_rows, "bench", dtype=object), pa.string())
    frame: pd.DataFrame = table.append_column("source_key", source).to_pandas(
        types_mapper=pd.ArrowDtype
    )
    return _batch("clearance", f"tuần {first_week}-{last_week}", {"clearance_reports": frame})


_KEYS: dict[str, tuple[pa.Array, pa.Array]] = {}


def _keys(province: str) -> tuple[pa.Array, pa.Array]:
    """Every (project, commune) of a province, as two Arrow columns."""
    if province not in _KEYS:
        pairs = [(p, c) for p in project_codes(province) for c in _communes(province)]
        _KEYS[province] = (
            pa.array([p for p, _ in pairs], pa.string()),
            pa.array([c for _, c in pairs], pa.string()),
        )
    return _KEYS[province]


def _disbursement(provinces: list[str]) -> Batch:
    rows = []
    for province in provinces:
        for month in range(1, LAST_WEEK.month + 1):
            day = dt.date(LAST_WEEK.year, month, 28)
            for source, vnd in (("central", 3_000 * 10**9), ("local", 2_000 * 10**9)):
                rows.append(
                    {
                        "project_code": f"N{province}-DTC",
                        "plan_year": LAST_WEEK.year,
                        "capital_source": source,
                        "report_date": day,
                        "disbursed_vnd": vnd * month // 14,
                        "source_key": "bench",
                    }
                )
    return _batch("disbursement", "giải ngân thử", {"disbursement_reports": pd.DataFrame(rows)})


def build_national(store: Store, *, weeks: int, other_weeks: int) -> int:
    """Fill an empty store; return the number of clearance rows written."""
    provinces = {p: (weeks if p == MEASURED else other_weeks) for p in province_codes()}
    commit_batch(store, _registration(list(provinces), max(provinces.values())))
    commit_batch(store, _disbursement(list(provinces)))
    written = 0
    longest = max(provinces.values())
    for first in range(longest - BLOCK_WEEKS, -BLOCK_WEEKS, -BLOCK_WEEKS):
        batch = _week_block(provinces, max(first, 0), first + BLOCK_WEEKS)
        written += len(batch.tables["clearance_reports"])
        commit_batch(store, batch)
    return written
