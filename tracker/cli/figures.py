"""``summary``: the figures of a province as of a date, as JSON or as text."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from tracker import config
from tracker.cli.opening import open_for_command
from tracker.errors import InputError
from tracker.i18n import format_date, format_number, format_percent, format_vnd_billion
from tracker.national import national_summary
from tracker.store import Store
from tracker.summary import build_summary, latest_report_date
from tracker.ui_text import t

#: ``--province all``: every province with projects, and the national average.
ALL_PROVINCES = "all"


def run_summary(args: argparse.Namespace) -> int:
    store = open_for_command(args)
    with store.reading():  # each figure computed once for the whole summary
        return _summary(store, args)


def _summary(store: Store, args: argparse.Namespace) -> int:
    province = args.province or config.province_code()
    whole_country = province.lower() == ALL_PROVINCES
    as_of = args.as_of or latest_report_date(store, None if whole_country else province)
    if as_of is None:
        raise InputError(
            vi="Cơ sở dữ liệu chưa có báo cáo nào. Tải lên báo cáo hoặc chạy 'init --demo'.",
            en="The database holds no report yet. Upload one, or run 'init --demo'.",
        )
    if whole_country:
        national = national_summary(store, as_of, "en" if args.json else args.lang)
        print(
            json.dumps(national, ensure_ascii=False, indent=2)
            if args.json
            else render_national(national, args.lang)
        )
        return 0
    data = build_summary(
        store,
        as_of,
        province_code=province,
        projects=args.project,
        lang="en" if args.json else args.lang,
    )
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(render_summary(data, args.lang))
    return 0


def render_summary(data: dict[str, Any], lang: str) -> str:
    """The summary as lines of text in ``lang``."""
    vi = lang == "vi"
    as_of = dt.date.fromisoformat(data["as_of"])
    lines = [("Số liệu tính đến " if vi else "Figures as of ") + format_date(as_of, lang)]
    for p in data["projects"]:
        if p.get("cleared_ha") is None:
            continue
        name = p["name_vi"] if vi else p["name_en"]
        change = p["change_ha"] or 0
        pct_basic = format_percent(p["pct_basic"], lang, 2, min_decimals=1)
        pct_technical = format_percent(p["pct_technical"], lang, 2, min_decimals=1)
        lines.append(
            f"  {p['project_code']:<11} {name}: {format_number(p['cleared_ha'], lang)} ha"
            f" | {'TKCS' if vi else 'basic'} {pct_basic}"
            f" | {'TKKT' if vi else 'technical'} {pct_technical}"
            f" | {'+' if change >= 0 else ''}{format_number(change, lang)} ha"
            f" ({format_date(_iso(p['report_date']), lang)})"
            + (" [minh hoạ]" if vi and p["synthetic"] else " [synthetic]" if p["synthetic"] else "")
        )
    if data["disbursed_vnd"] is not None:
        lines.append(
            ("Giải ngân toàn tỉnh: " if vi else "Province-wide disbursement: ")
            + format_vnd_billion(data["disbursed_vnd"], lang)
            + f" | {'KH TW giao' if vi else 'central plan'} "
            f"{format_percent(data['pct_central_plan'], lang, 2, min_decimals=1)}"
            + f" | {'KH địa phương' if vi else 'local plan'} "
            f"{format_percent(data['pct_local_plan'], lang, 2, min_decimals=1)}"
            + (
                f" | {'bình quân cả nước' if vi else 'national average'} "
                f"{format_percent(data['national_avg_pct'], lang)}"
                if data["national_avg_pct"] is not None
                else ""
            )
        )
    for w in data["warnings"]:
        lines.append(("! Cảnh báo: " if vi else "! Warning: ") + str(w["message"]))
    return "\n".join(lines)


def render_national(data: dict[str, Any], lang: str) -> str:
    """The national summary as lines of text in ``lang``: one line per province."""
    as_of = dt.date.fromisoformat(data["as_of"])
    lines = [f"{t('national_title', lang)} · {t('as_of', lang)} {format_date(as_of, lang)}"]
    for p in data["provinces"]:
        stages = ", ".join(
            f"{t(f'stage_{s}', lang).lower()} {n}" for s, n in p["projects_by_status"].items()
        )
        money = (
            t("no_figures", lang)
            if p["disbursed_vnd"] is None
            else f"{format_vnd_billion(p['disbursed_vnd'], lang)}, "
            f"{format_percent(p['pct_central_plan'], lang, 2, min_decimals=1)} "
            f"({t('baseline_central', lang)})"
        )
        lines.append(
            f"  {p['province_code']} {p['province_name']}: {money} | "
            f"{p['projects']} {t('projects', lang).lower()} ({stages})"
        )
    average = data["national_average"]
    if average is not None:
        source = average["source"]
        lines.append(
            f"{t('national_avg', lang)}: {format_percent(average['pct'], lang)} "
            f"({format_date(dt.date.fromisoformat(average['as_of']), lang)}; "
            f"{source['title']})"
        )
    for w in data["warnings"]:
        lines.append(("! Cảnh báo: " if lang == "vi" else "! Warning: ") + str(w["message"]))
    return "\n".join(lines)


def _iso(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)
