"""Small, explicit batches of figures for tests that do not need the whole demo province."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd

from tracker.uploads.batches import Batch

D = dt.date


def frame(rows: list[dict[str, object]], source: str = "src") -> pd.DataFrame:
    out = pd.DataFrame(rows)
    out["source_key"] = source
    return out


def project_row(code: str, *, kind: str = "expressway", province: str = "20") -> dict[str, object]:
    return {
        "project_code": code,
        "name_vi": f"Dự án {code}",
        "name_en": f"Project {code}",
        "kind": kind,
        "province_code": province,
    }


def batch(
    tables: dict[str, list[dict[str, object]]],
    *,
    kind: str = "clearance",
    name: str = "week.csv",
    user: str = "officer",
    synthetic: bool = False,
) -> Batch:
    """A batch whose rows all come from one source of kind 'upload'."""
    return Batch(
        kind=kind,
        file_name=name,
        user_name=user,
        content=repr(sorted((k, repr(v)) for k, v in tables.items())).encode(),
        sources={"src": {"kind": "upload", "title": name, "is_synthetic": synthetic}},
        tables={k: frame(v) for k, v in tables.items()},
    )


def clearance(
    code: str, commune: str, date: dt.date, ha: str, **extra: object
) -> dict[str, object]:
    return {
        "project_code": code,
        "commune_code": commune,
        "report_date": date,
        "cleared_ha": Decimal(ha),
        **extra,
    }


def baseline(code: str, commune: str, which: str, ha: str, since: dt.date) -> dict[str, object]:
    return {
        "project_code": code,
        "commune_code": commune,
        "baseline": which,
        "required_ha": Decimal(ha),
        "effective_from": since,
    }


POST_REFORM_WEEK = D(2025, 7, 7)


def weekly_clearance_csv(
    rows: int, *, start: dt.date = POST_REFORM_WEEK, base: float = 300.0
) -> bytes:
    """A large, valid Vietnamese-locale clearance file for HNCL and DDTL over every Lạng Sơn
    commune (codes, post-reform dates), with cumulative figures above anything stored."""
    from tracker.geodata import load_communes

    codes = load_communes("20").code.tolist()
    lines = ["Mã dự án;Xã/phường;Ngày báo cáo;Diện tích đã bàn giao (ha);Ghi chú"]
    per_series = -(-rows // (2 * len(codes)))
    count = 0
    for p, project in enumerate(("HNCL", "DDTL")):
        for c, code in enumerate(codes):
            for d in range(per_series):
                if count == rows:
                    break
                value = base + p + c / 100 + d * 0.05
                day = (start + dt.timedelta(days=d)).strftime("%d/%m/%Y")
                lines.append(f"{project};{code};{day};{value:.2f}".replace(".", ",", 1) + ";")
                count += 1
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
