"""Registering a project, its geometry, and the per-commune table its alignment proposes.

A new project is written as one upload (kind ``projects``), like every other change. When an
alignment is given, the communes it crosses and the land-take of a corridor in each are proposed
as a pre-filled clearance file: the board corrects the required areas and uploads it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import asdict, dataclass
from typing import Any, cast

import pandas as pd
import shapely

from tracker.alignments import Alignment
from tracker.errors import InputError
from tracker.geodata import load_communes, province_codes
from tracker.i18n import format_number
from tracker.overlay import communes_crossed
from tracker.scopes import NATIONAL, Scope, refuse_outside
from tracker.store import Store
from tracker.uploads.batches import Batch, commit_batch
from tracker.uploads.templates import CLEARANCE_COLUMNS
from tracker.vocabulary import PROJECT_KINDS

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")
MAX_NAME_CHARS = 300


@dataclass(frozen=True)
class ProjectSpec:
    """What a board knows about a project when it registers it."""

    code: str
    name_vi: str
    name_en: str
    kind: str
    province_code: str
    owner: str | None = None
    length_km: float | None = None
    capacity_mw: float | None = None
    total_investment_vnd: int | None = None
    started_on: dt.date | None = None
    planned_completion: dt.date | None = None
    description: str | None = None


def _check(spec: ProjectSpec, store: Store) -> None:
    if not _CODE.match(spec.code):
        raise InputError(
            vi=f"Mã dự án '{spec.code}' không hợp lệ: chỉ chữ in hoa, số, '-' và '_', tối đa 32 "
            "ký tự (ví dụ HNCL, 500KV-LSYT).",
            en=f"Project code '{spec.code}' is not valid: capitals, digits, '-' and '_' only, "
            "at most 32 characters (e.g. HNCL, 500KV-LSYT).",
        )
    if spec.kind not in PROJECT_KINDS:
        kinds = ", ".join(PROJECT_KINDS)
        raise InputError(
            vi=f"Loại dự án '{spec.kind}' không hợp lệ. Dùng một trong: {kinds}.",
            en=f"Project kind '{spec.kind}' is not valid. Use one of: {kinds}.",
        )
    if spec.province_code not in province_codes():
        raise InputError(
            vi=f"Không có tỉnh mã '{spec.province_code}'.",
            en=f"There is no province with code '{spec.province_code}'.",
        )
    for name in (spec.name_vi, spec.name_en):
        if not name.strip() or len(name) > MAX_NAME_CHARS:
            raise InputError(
                vi=f"Tên dự án phải có từ 1 đến {MAX_NAME_CHARS} ký tự.",
                en=f"Project names must have 1 to {MAX_NAME_CHARS} characters.",
            )
    if store.query_row("live_project", project=spec.code) is not None:
        raise InputError(
            vi=f"Mã dự án '{spec.code}' đã có. Chọn mã khác.",
            en=f"Project code '{spec.code}' already exists. Choose another.",
        )


def add_project(
    store: Store,
    spec: ProjectSpec,
    *,
    user_name: str,
    alignment: Alignment | None = None,
    provenance: str = "surveyed",
    scope: Scope = NATIONAL,
) -> int:
    """Register ``spec`` (and its geometry, if given) as one upload; return the upload id. The
    project's province must lie in ``scope``, the registering account's provinces."""
    _check(spec, store)
    refuse_outside(scope, {spec.code: spec.province_code})
    if provenance not in ("surveyed", "indicative"):
        raise ValueError("provenance must be 'surveyed' or 'indicative'")
    fields = asdict(spec)
    project = {("project_code" if k == "code" else k): v for k, v in fields.items()}
    tables = {"projects": pd.DataFrame([{**project, "source_key": "registration"}])}
    if alignment is not None:
        tables["project_geometries"] = pd.DataFrame(
            [
                {
                    "project_code": spec.code,
                    "geometry_wkb": shapely.to_wkb(alignment.geometry),
                    "provenance": provenance,
                    "source_key": "registration",
                }
            ]
        )
    content = json.dumps(
        {
            **{k: str(v) for k, v in fields.items()},
            "geometry": None if alignment is None else alignment.geometry.wkt,
        },
        ensure_ascii=False,
        sort_keys=True,
    ).encode("utf-8")
    batch = Batch(
        kind="projects" if alignment is None else "alignment",
        file_name=f"project {spec.code}",
        user_name=user_name,
        content=content,
        sources={
            "registration": {
                "kind": "upload",
                "title": f"Đăng ký dự án {spec.code}",
                "is_synthetic": provenance == "indicative",
                "note": None if alignment is None else f"geometry from {alignment.source_crs}",
            }
        },
        tables=tables,
        file_rows=1,
    )
    return commit_batch(store, batch)


def propose_required_areas(
    alignment: Alignment, province_code: str, corridor_width_m: float | None
) -> pd.DataFrame:
    """The communes the geometry crosses, with km, points, ha and the corridor's land-take."""
    communes = load_communes(province_code, full_resolution=True)
    crossed = communes_crossed(alignment.geometry, communes, corridor_width_m=corridor_width_m)
    return crossed[crossed["share"] > 0].reset_index(drop=True)


def proposal_csv(code: str, proposal: pd.DataFrame, effective_from: dt.date) -> bytes:
    """The proposal as a clearance upload file (Vietnamese headers, ';', decimal commas) with the
    proposed basic-design areas filled in, for the board to correct and upload."""
    header = {c.name: c.header_vi for c in CLEARANCE_COLUMNS}
    columns = ["project_code", "commune", "report_date", "cleared_ha", "required_ha_basic", "note"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([header[c] for c in columns])
    records = cast("list[dict[str, Any]]", proposal.to_dict("records"))
    for row in records:
        area = row["corridor_ha"] if pd.notna(row["corridor_ha"]) else row["area_ha"]
        if row["length_km"]:
            measure = f"{format_number(row['length_km'], 'vi', 3)} km"
        elif row["point_count"]:
            measure = f"{int(row['point_count'])} điểm"
        else:
            measure = f"{format_number(row['area_ha'], 'vi')} ha"
        note = f"Đề xuất từ hướng tuyến: {measure} trong {row['full_name']}; kiểm tra, sửa"
        day = effective_from.strftime("%d/%m/%Y")
        area_text = f"{float(area or 0):.2f}".replace(".", ",")
        writer.writerow([code, row["code"], day, "0", area_text, note])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
