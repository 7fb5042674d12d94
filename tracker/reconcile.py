"""Reconciliation: where a published figure does not follow from the numbers beside it.

Published figures are kept verbatim. For each one, the tracker recomputes what it can from the
stored numbers as of the figure's date and reports every disagreement; it never picks one silently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from tracker.figures import (
    ClearanceFigures,
    DisbursementFigures,
    percent,
    project_figures,
    province_figures,
)
from tracker.i18n import format_date, format_number, format_percent
from tracker.reconcile_status import check_status
from tracker.store import Store
from tracker.tolerance import stated_tolerance

_BASELINE_LABELS = {
    "basic": ("thiết kế cơ sở", "basic design"),
    "technical": ("thiết kế kỹ thuật", "technical design"),
    "central": ("kế hoạch Trung ương giao", "centrally assigned plan"),
    "local": ("kế hoạch địa phương triển khai", "locally deployed plan"),
}
_PCT_MEASURES = {
    "pct_of_basic": "basic",
    "pct_of_technical": "technical",
    "pct_of_central_plan": "central",
    "pct_of_local_plan": "local",
}


@dataclass(frozen=True)
class Published:
    """One published figure, as quoted."""

    province_code: str
    project_code: str | None
    as_of: dt.date
    measure: str
    value: Decimal
    denominator: Decimal | None
    quote: str


@dataclass(frozen=True)
class Finding:
    """One disagreement between a published figure and the stored numbers."""

    kind: str
    project_code: str | None
    as_of: dt.date
    message_vi: str
    message_en: str
    details: dict[str, object] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_vi

    def as_dict(self, lang: str = "en") -> dict[str, object]:
        return {
            "kind": self.kind,
            "project_code": self.project_code,
            "as_of": self.as_of.isoformat(),
            "message": self.message(lang),
            "details": self.details,
        }


def _as_published(value: Decimal, lang: str) -> str:
    """A published percentage written with the digits it was published with (120%, 99.09%)."""
    return format_percent(float(value), lang, 4, min_decimals=0)


def reconcile(
    store: Store,
    as_of: dt.date,
    *,
    province_code: str | None = None,
    projects: list[str] | None = None,
) -> list[Finding]:
    """Check every published figure dated on or before ``as_of`` against the stored numbers."""
    rows = store.query_rows(
        "published_figures",
        as_of=as_of,
        province=province_code,
        projects=list(projects or []),
        all_projects=not projects,
    )
    published = [Published(*row) for row in rows]
    groups: dict[tuple[dt.date, str | None], list[Published]] = {}
    for fig in published:
        groups.setdefault((fig.as_of, fig.project_code), []).append(fig)
    findings: list[Finding] = []
    for (date, code), group in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        findings += [
            Finding(kind, code, date, vi, en, details)
            for kind, vi, en, details in check_status(store, date, code, group)
        ]
        if code is None:
            prov = province_figures(store, date, group[0].province_code)
            findings += _check_money(store, date, None, group, prov.disbursement)
        else:
            figures = project_figures(store, date, projects=[code])
            if not figures:
                continue
            findings += _check_clearance(date, code, group, figures[0].clearance)
            findings += _check_money(store, date, code, group, figures[0].disbursement)
    return findings


def _published_pcts(group: list[Published]) -> dict[str, Decimal]:
    return {_PCT_MEASURES[f.measure]: f.value for f in group if f.measure in _PCT_MEASURES}


def _check_clearance(
    date: dt.date, code: str, group: list[Published], stored: ClearanceFigures | None
) -> list[Finding]:
    findings: list[Finding] = []
    pcts = _published_pcts(group)
    for fig in (f for f in group if f.measure == "cleared_ha"):
        value = fig.value
        if stored is not None and abs(stored.cleared_ha - value) > Decimal("0.005"):
            findings.append(_value_differs(date, code, "ha", value, stored.cleared_ha, fig.quote))
        if fig.denominator is not None and stored is not None:
            findings += _check_denominator(
                date,
                code,
                value,
                fig.denominator,
                pcts,
                {"basic": stored.required_ha_basic, "technical": stored.required_ha_technical},
                fig.quote,
                unit="ha",
            )
    if stored is not None:
        computed = {"basic": stored.pct_basic, "technical": stored.pct_technical}
        findings += _check_pcts(date, code, pcts, computed, group)
    return findings


def _check_money(
    store: Store,
    date: dt.date,
    code: str | None,
    group: list[Published],
    stored: DisbursementFigures | None,
) -> list[Finding]:
    findings: list[Finding] = []
    pcts = {k: v for k, v in _published_pcts(group).items() if k in ("central", "local")}
    for fig in (f for f in group if f.measure == "disbursed_vnd"):
        value = fig.value
        if stored is not None and abs(Decimal(stored.disbursed_vnd) - value) > Decimal("0.5e9"):
            findings.append(
                _value_differs(date, code, "vnd", value, Decimal(stored.disbursed_vnd), fig.quote)
            )
    if stored is not None:
        computed = {"central": stored.pct_central_plan, "local": stored.pct_local_plan}
        findings += _check_pcts(date, code, pcts, computed, group)
    for fig in (f for f in group if f.measure == "growth_pct_same_period"):
        findings += _check_growth(store, date, code, group, fig.value, fig.quote, stored)
    return findings


def _check_growth(
    store: Store,
    date: dt.date,
    code: str | None,
    group: list[Published],
    stated: Decimal,
    quote: str,
    stored: DisbursementFigures | None,
) -> list[Finding]:
    year_before = date.replace(year=date.year - 1)
    if code is None:
        earlier = province_figures(store, year_before, group[0].province_code).disbursement
    else:
        figures = project_figures(store, year_before, projects=[code])
        earlier = figures[0].disbursement if figures else None
    if stored is None or earlier is None or earlier.disbursed_vnd == 0:
        return []
    growth = (stored.disbursed_vnd / earlier.disbursed_vnd - 1) * 100
    if abs(growth - float(stated)) <= stated_tolerance(stated):
        return []
    who = code or "Toàn tỉnh"
    return [
        Finding(
            kind="growth_mismatch",
            project_code=code,
            as_of=date,
            message_vi=(
                f"{who} ({format_date(date, 'vi')}): công bố tăng "
                f"{_as_published(stated, 'vi')}"
                f" so với cùng kỳ, nhưng số liệu lưu cho thấy tăng "
                f"{format_percent(growth, 'vi', 2)} («{quote}»)."
            ),
            message_en=(
                f"{code or 'Province-wide'} ({format_date(date, 'en')}): published growth of "
                f"{_as_published(stated, 'en')} on the same period, but the stored figures "
                f'give {format_percent(growth, "en", 2)} ("{quote}").'
            ),
            details={"published_pct": float(stated), "computed_pct": round(growth, 4)},
        )
    ]


def _check_pcts(
    date: dt.date,
    code: str | None,
    published: dict[str, Decimal],
    computed: dict[str, float | None],
    group: list[Published],
) -> list[Finding]:
    findings = []
    for baseline, stated in published.items():
        actual = computed.get(baseline)
        if actual is None or abs(actual - float(stated)) <= stated_tolerance(stated):
            continue
        vi_label, en_label = _BASELINE_LABELS[baseline]
        findings.append(
            Finding(
                kind="percent_mismatch",
                project_code=code,
                as_of=date,
                message_vi=(
                    f"{code or 'Toàn tỉnh'} ({format_date(date, 'vi')}): công bố đạt "
                    f"{_as_published(stated, 'vi')} {vi_label}, nhưng số liệu lưu cho "
                    f"{format_percent(actual, 'vi', 2)}."
                ),
                message_en=(
                    f"{code or 'Province-wide'} ({format_date(date, 'en')}): published "
                    f"{_as_published(stated, 'en')} of the {en_label}, but the stored "
                    f"figures give {format_percent(actual, 'en', 2)}."
                ),
                details={
                    "baseline": baseline,
                    "published_pct": float(stated),
                    "computed_pct": round(actual, 4),
                },
            )
        )
    return findings


def _check_denominator(
    date: dt.date,
    code: str,
    value: Decimal,
    denominator: Decimal,
    pcts: dict[str, Decimal],
    baselines: dict[str, Decimal | None],
    quote: str,
    unit: str,
) -> list[Finding]:
    """A published "X / Y" whose Y is no stored baseline or whose ratio no stated % matches."""
    ratio = percent(value, denominator)
    assert ratio is not None
    matches_baseline = any(
        b is not None and abs(b - denominator) <= Decimal("0.005") for b in baselines.values()
    )
    matches_pct = any(abs(ratio - float(p)) <= stated_tolerance(p) for p in pcts.values())
    if matches_baseline and (matches_pct or not pcts):
        return []
    implied_vi = "; ".join(
        f"{_as_published(p, 'vi')} {_BASELINE_LABELS[b][0]} ứng với "
        f"{format_number(value / (p / 100), 'vi')} {unit}"
        for b, p in pcts.items()
    )
    implied_en = "; ".join(
        f"{_as_published(p, 'en')} of the {_BASELINE_LABELS[b][1]} implies "
        f"{format_number(value / (p / 100), 'en')} {unit}"
        for b, p in pcts.items()
    )
    den = {lang: format_number(denominator, lang, min_decimals=0) for lang in ("vi", "en")}
    num = {lang: format_number(value, lang) for lang in ("vi", "en")}
    return [
        Finding(
            kind="denominator_mismatch",
            project_code=code,
            as_of=date,
            message_vi=(
                f"{code} ({format_date(date, 'vi')}): công bố «{quote}» cho tỷ lệ "
                f"{num['vi']}/{den['vi']} {unit} = "
                f"{format_percent(ratio, 'vi')}, không khớp với các tỷ lệ cùng công bố "
                f"({implied_vi}); mẫu số {den['vi']} {unit} không phải "
                "đường cơ sở nào đang lưu."
            ),
            message_en=(
                f'{code} ({format_date(date, "en")}): the published "{quote}" gives '
                f"{num['en']}/{den['en']} {unit} = "
                f"{format_percent(ratio, 'en')}, which matches none of the percentages published "
                f"with it ({implied_en}); the denominator "
                f"{den['en']} {unit} "
                "is not a stored baseline."
            ),
            details={
                "published_value": float(value),
                "published_denominator": float(denominator),
                "ratio_pct": round(ratio, 4),
                "published_pcts": {b: float(p) for b, p in pcts.items()},
                "stored_baselines": {
                    b: (None if v is None else float(v)) for b, v in baselines.items()
                },
            },
        )
    ]


def _value_differs(
    date: dt.date, code: str | None, unit: str, published: Decimal, stored: Decimal, quote: str
) -> Finding:
    scale = Decimal(1) if unit == "ha" else Decimal(10**9)
    unit_vi = "ha" if unit == "ha" else "tỷ đồng"
    unit_en = "ha" if unit == "ha" else "billion VND"
    decimals = 2 if unit == "ha" else 1
    return Finding(
        kind="value_differs",
        project_code=code,
        as_of=date,
        message_vi=(
            f"{code or 'Toàn tỉnh'} ({format_date(date, 'vi')}): công bố "
            f"{format_number(published / scale, 'vi', decimals)} {unit_vi} («{quote}») nhưng tổng "
            f"các báo cáo đã lưu là {format_number(stored / scale, 'vi', decimals)} {unit_vi}."
        ),
        message_en=(
            f"{code or 'Province-wide'} ({format_date(date, 'en')}): published "
            f'{format_number(published / scale, "en", decimals)} {unit_en} ("{quote}") but the '
            f"stored reports add up to {format_number(stored / scale, 'en', decimals)} {unit_en}."
        ),
        details={"published": float(published), "stored": float(stored)},
    )
