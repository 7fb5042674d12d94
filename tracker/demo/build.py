"""Build and load the demo: Lạng Sơn's and Điện Biên's projects, published figures reproduced.

Published figures (see ``tracker.demo.catalogue``) are kept as published. What the articles do not
give is generated here, deterministically: each project's split across the communes its indicative
alignment crosses, weekly clearance histories, households and compensation, monthly disbursement
and stage histories. Those rows point at a source flagged synthetic, so the data says what it is.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from decimal import ROUND_FLOOR, Decimal

import numpy as np
import pandas as pd
import shapely

from tracker import config
from tracker.demo import catalogue as cat
from tracker.demo.alignments import demo_alignments
from tracker.demo.dien_bien import dien_bien_sites
from tracker.demo.status import status_rows
from tracker.demo.synthetic import cumulative_path, mondays, month_ends, split_exact
from tracker.geodata import load_communes
from tracker.overlay import communes_crossed
from tracker.store import Store
from tracker.uploads.batches import Batch, commit_batch
from tracker.vocabulary import STORED_PLAN_BASELINE

SEED = 20250630
DEMO_USER = "demo-loader"
DEMO_FILE_NAME = "Dữ liệu minh hoạ Lạng Sơn và Điện Biên (built-in demo)"
#: Land-take width used to weigh an expressway's communes by corridor area.
EXPRESSWAY_CORRIDOR_M = 80.0
SYNTHETIC = "synthetic"
SYNTHETIC_STATUS = "synthetic_status"


def commune_shares(province_code: str = cat.LANG_SON) -> dict[str, pd.DataFrame]:
    """For each demo project with an alignment: the communes it crosses and its share in each."""
    communes = load_communes(province_code, full_resolution=True)
    shares = {}
    for code, alignment in demo_alignments().items():
        crossed = communes_crossed(
            alignment.geometry,
            communes,
            corridor_width_m=EXPRESSWAY_CORRIDOR_M if code in ("HNCL", "DDTL") else None,
        )
        crossed = crossed[crossed["share"] > 0.002]  # drop slivers along commune borders
        shares[code] = crossed.sort_values("code").reset_index(drop=True)
    return shares


def _quantize(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR)


def _clearance_rows(
    target: cat.ClearanceTarget, shares: pd.DataFrame, rng: np.random.Generator
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Synthetic baselines and weekly reports for one project, adding up to its published totals."""
    codes = shares["code"].tolist()
    weights = [float(s) * rng.uniform(0.7, 1.3) for s in shares["share"]]
    reference_ha = target.technical_ha[-1][1] if target.technical_ha else target.basic_ha
    reference = split_exact(reference_ha, weights)
    basic = (
        reference
        if not target.technical_ha
        else split_exact(target.basic_ha, [float(r) * rng.uniform(0.85, 1.15) for r in reference])
    )
    baselines: list[dict[str, object]] = [
        {
            "project_code": target.code,
            "commune_code": c,
            "baseline": "basic",
            "required_ha": b,
            "effective_from": target.basic_from,
        }
        for c, b in zip(codes, basic, strict=True)
    ]
    for k, (revised_on, total) in enumerate(target.technical_ha):
        values = (
            reference
            if k == len(target.technical_ha) - 1
            else split_exact(total, [float(r) * rng.uniform(0.95, 1.05) for r in reference])
        )
        baselines += [
            {
                "project_code": target.code,
                "commune_code": c,
                "baseline": "technical",
                "required_ha": v,
                "effective_from": revised_on,
                "note": "Điều chỉnh TKKT" if k else None,
            }
            for c, v in zip(codes, values, strict=True)
        ]

    finals = _final_cleared(target, reference, rng)
    households = split_exact(Decimal(target.households_affected), weights, places=0)
    compensation = split_exact(Decimal(target.compensation_vnd) / 10**6, weights, places=0)
    dates = mondays(target.history_from, target.as_of)
    reports: list[dict[str, object]] = []
    for i, code in enumerate(codes):
        lagging = finals[i] < reference[i] * Decimal("0.9")
        path = cumulative_path(
            finals[i],
            len(dates),
            rng,
            start_fraction=rng.uniform(0.15, 0.4) if lagging else rng.uniform(0.0, 0.2),
            stall_from=rng.uniform(0.45, 0.6) if lagging else None,
        )
        relocating = rng.uniform(0.5, 0.8)
        for date, cleared in zip(dates, path, strict=True):
            done = float(cleared / finals[i]) if finals[i] else 0.0
            reports.append(
                {
                    "project_code": target.code,
                    "commune_code": code,
                    "report_date": date,
                    "cleared_ha": cleared,
                    "households_affected": int(households[i]),
                    "households_relocated": int(float(households[i]) * relocating * done),
                    "compensation_paid_vnd": int(float(compensation[i]) * min(1.0, done * 1.04))
                    * 10**6,
                }
            )
    return baselines, reports


def _final_cleared(
    target: cat.ClearanceTarget, reference: list[Decimal], rng: np.random.Generator
) -> list[Decimal]:
    """Per-commune cleared ha at the end of the history: a few communes lag, the rest share what
    is left in proportion to their required area; the total is exactly the published one."""
    n = len(reference)
    lagging_count = min(target.lagging_communes, max(n - 2, 0))
    lagging = (
        set(rng.choice(n, size=lagging_count, replace=False).tolist()) if lagging_count else set()
    )
    lagging_ha = {i: _quantize(reference[i] * Decimal(rng.uniform(0.68, 0.8))) for i in lagging}
    rest = target.cleared_ha - sum(lagging_ha.values(), Decimal(0))
    others = [i for i in range(n) if i not in lagging]
    shared = split_exact(rest, [float(reference[i]) for i in others])
    finals = [Decimal(0)] * n
    for i, value in lagging_ha.items():
        finals[i] = value
    for i, value in zip(others, shared, strict=True):
        finals[i] = value
    return finals


def _disbursement_rows(
    plan: cat.PlanYear,
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Plans in force from 1 January and monthly cumulative reports through the anchor figures."""
    start = dt.date(plan.year, 1, 1)
    plans: list[dict[str, object]] = []
    for baseline, amounts in (
        (STORED_PLAN_BASELINE["central"], plan.plan_central_assigned),
        (STORED_PLAN_BASELINE["local"], plan.plan_local_deployed),
    ):
        plans += [
            {
                "project_code": plan.code,
                "plan_year": plan.year,
                "capital_source": src,
                "plan_baseline": baseline,
                "plan_vnd": amount,
                "effective_from": start,
            }
            for src, amount in amounts.items()
        ]
    dates = [d for d in month_ends(start, plan.through) if d < plan.through] + [plan.through]
    dates = sorted(set(dates) | set(plan.disbursed_at))
    anchors = sorted(plan.disbursed_at.items())
    reports: list[dict[str, object]] = []
    for src in plan.plan_central_assigned:
        points = [(start, 0), *[(d, v[src]) for d, v in anchors]]
        for date in dates:
            reports.append(
                {
                    "project_code": plan.code,
                    "plan_year": plan.year,
                    "capital_source": src,
                    "report_date": date,
                    "disbursed_vnd": _interpolate(points, date),
                }
            )
    return plans, reports


def _interpolate(points: list[tuple[dt.date, int]], date: dt.date) -> int:
    """Cumulative money between anchors, slow early in each stretch (as disbursement is); anchors
    are hit exactly; amounts are rounded to 100 million VND."""
    for (d0, v0), (d1, v1) in itertools.pairwise(points):
        if d0 <= date <= d1:
            if date == d1:
                return v1
            x = (date - d0).days / (d1 - d0).days
            return int(round((v0 + (v1 - v0) * x**1.35) / 1e8)) * 10**8  # noqa: RUF046
    return points[-1][1]


def _blocker_rows() -> list[dict[str, object]]:
    """Each synthetic blocker's changes as rows of its whole state, numbered from 1."""
    rows: list[dict[str, object]] = []
    for number, blocker in enumerate(cat.BLOCKERS, start=1):
        state: dict[str, object] = {
            "blocker_id": number,
            "project_code": blocker.project_code,
            "commune_code": blocker.commune_code,
            "category": blocker.category,
            "description": blocker.description,
            "area_ha": blocker.area_ha,
            "households": blocker.households,
            "agency": blocker.agency,
            "raised_on": blocker.raised_on,
            "due_on": blocker.due_on,
            "resolved_on": None,
        }
        for change in blocker.changes:
            state.update({k: v for k, v in change.items() if k != "on"})
            if state["status"] == "resolved" and state["resolved_on"] is None:
                state["resolved_on"] = change["on"]
            rows.append({**state, "changed_on": change["on"], "comment": change.get("comment")})
    return rows


def _deadline_rows() -> list[dict[str, object]]:
    return [
        {
            "project_code": d.code,
            "deadline": d.deadline,
            "effective_from": d.effective_from,
            "note": d.note,
        }
        for d in cat.HANDOVER_DEADLINES
    ]


def _frame(rows: list[dict[str, object]], source: str) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["source_key"] = source
    return frame


def build_demo_batch(user_name: str = DEMO_USER) -> Batch:
    """Everything the demo loads, as one batch (one upload), generated deterministically."""
    rng = np.random.default_rng(SEED)
    shares = commune_shares()
    alignments = demo_alignments()
    projects = pd.DataFrame(
        [
            {
                "project_code": p.code,
                "name_vi": p.name_vi,
                "name_en": p.name_en,
                "kind": p.kind,
                "province_code": p.province_code,
                "length_km": p.length_km,
                "capacity_mw": p.capacity_mw,
                "total_investment_vnd": p.total_investment_vnd,
                "started_on": p.started_on,
                "description": p.description,
                "source_key": p.source,
            }
            for p in cat.PROJECTS
        ]
    )
    shapes = {code: a.geometry for code, a in alignments.items()}
    shapes.update({code: site.geometry for code, site in dien_bien_sites().items()})
    geometries = pd.DataFrame(
        [
            {
                "project_code": code,
                "geometry_wkb": shapely.to_wkb(geometry),
                "provenance": "indicative",
                "source_key": "indicative_geometry",
            }
            for code, geometry in sorted(shapes.items())
        ]
    )
    baselines: list[dict[str, object]] = []
    clearance: list[dict[str, object]] = []
    for target in cat.CLEARANCE_TARGETS:
        b, c = _clearance_rows(target, shares[target.code], rng)
        baselines += b
        clearance += c
    plans: list[dict[str, object]] = []
    money: list[dict[str, object]] = []
    for plan in cat.PLAN_YEARS:
        p, m = _disbursement_rows(plan)
        plans += p
        money += m
    published = pd.DataFrame(
        [
            {
                "province_code": f.province_code,
                "project_code": f.project_code,
                "as_of": f.as_of,
                "measure": f.measure,
                "value": f.value,
                "denominator": f.denominator,
                "quote": f.quote,
                "source_key": f.source,
            }
            for f in cat.PUBLISHED
        ]
    )
    tables = {
        "projects": projects,
        "project_geometries": geometries,
        "required_areas": _frame(baselines, SYNTHETIC),
        "clearance_reports": _frame(clearance, SYNTHETIC),
        "disbursement_plans": _frame(plans, SYNTHETIC),
        "disbursement_reports": _frame(money, SYNTHETIC),
        "published_figures": published,
        "blocker_events": _frame(_blocker_rows(), SYNTHETIC),
        "handover_deadlines": _frame(_deadline_rows(), SYNTHETIC),
        "project_status_reports": _frame(
            [row for plan in cat.STATUS for row in status_rows(plan)], SYNTHETIC_STATUS
        ),
    }
    return Batch(
        kind="demo",
        file_name=DEMO_FILE_NAME,
        user_name=user_name,
        content=_fingerprint(tables),
        sources=dict(cat.SOURCES),
        tables=tables,
        note="Synthetic/indicative demo data reproducing published totals (see sources).",
        rows_new=sum(len(t) for t in tables.values()),
    )


def _fingerprint(tables: dict[str, pd.DataFrame]) -> bytes:
    """A stable byte representation of the demo, so its upload has a meaningful SHA-256."""
    buffer = io.StringIO()
    for name in sorted(tables):
        buffer.write(f"## {name}\n")
        frame = tables[name].drop(columns=["geometry_wkb"], errors="ignore")
        frame.to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8")


def load_demo(store: Store, user_name: str = DEMO_USER) -> int:
    """Load the demo into ``store`` as one upload; return its upload id."""
    upload_id = commit_batch(store, build_demo_batch(user_name))
    # The demo numbers its blockers itself: new ones must be numbered after them.
    with store.transaction() as tx:
        tx.advance_sequence("seq_blocker_id", len(cat.BLOCKERS))
    return upload_id


def ensure_demo(store: Store) -> int | None:
    """On first run (nothing ever uploaded) load the demo, unless switched off with
    ``TRACKER_DEMO=off``; return the demo's upload id if it was loaded."""
    if store.has_history() or not config.demo_on_first_run():
        return None
    return load_demo(store)
