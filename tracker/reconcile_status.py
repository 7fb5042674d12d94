"""Published project counts and progress against the stored status reports.

An article counts a province's projects ("18 dự án … 5 đã khởi công … 5 đang lựa chọn nhà thầu")
and says how far works are ("từ 80% khối lượng trở lên"). The tracker keeps those words and checks
them against the status reports as of the same date; a disagreement is reported, never smoothed.
A published count of started projects may count only some kinds of project, so more stored
projects under way than published is no disagreement; fewer is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

from tracker.i18n import format_date, format_number
from tracker.status import project_status
from tracker.store import Store
from tracker.vocabulary import PROGRAMME_KIND

STATUS_MEASURES = (
    "projects_total",
    "projects_started",
    "projects_in_procurement",
    "physical_progress_pct_min",
)
_STARTED = ("implementation", "completion")
_WORDS = {
    "projects_total": ("dự án", "projects"),
    "projects_started": ("dự án đã khởi công", "projects started"),
    "projects_in_procurement": ("dự án đang lựa chọn nhà thầu", "projects in contractor selection"),
}


class PublishedFigure(Protocol):
    """A published figure as ``tracker.reconcile`` holds it."""

    @property
    def province_code(self) -> str: ...
    @property
    def measure(self) -> str: ...
    @property
    def value(self) -> Decimal: ...
    @property
    def quote(self) -> str: ...


def check_status(
    store: Store, date: dt.date, code: str | None, group: Sequence[PublishedFigure]
) -> list[tuple[str, str, str, dict[str, object]]]:
    """(kind, message vi, message en, details) for each published count or minimum progress in
    ``group`` (figures of one date and project, or of a province when ``code`` is None) that the
    stored status reports contradict."""
    figures = [f for f in group if f.measure in STATUS_MEASURES]
    if not figures:
        return []
    province = figures[0].province_code
    if code is not None:
        status = project_status(store, date, projects=[code])
        progress = status.physical_progress_pct.dropna()
        stored = float(progress.iloc[0]) if len(progress) else None
        return [
            _progress_below(date, code, fig, stored)
            for fig in figures
            if fig.measure == "physical_progress_pct_min"
            and (stored is None or stored < float(fig.value))
        ]
    catalogue = store.query("projects", province=province)
    works = catalogue[catalogue.kind != PROGRAMME_KIND].project_code.tolist()
    status = project_status(store, date, projects=works)
    counts = {
        "projects_total": len(works),
        "projects_started": int(status.stage.isin(_STARTED).sum()),
        "projects_in_procurement": int((status.stage == "procurement").sum()),
    }
    found = []
    for fig in figures:
        if fig.measure not in counts:
            continue
        stored_count = counts[fig.measure]
        published = int(fig.value)
        short = stored_count < published
        if stored_count == published or (fig.measure == "projects_started" and not short):
            continue
        found.append(_count_differs(date, province, fig, published, stored_count))
    return found


def _count_differs(
    date: dt.date, province: str, fig: PublishedFigure, published: int, stored: int
) -> tuple[str, str, str, dict[str, object]]:
    vi, en = _WORDS[fig.measure]
    return (
        "count_mismatch",
        f"Tỉnh {province} ({format_date(date, 'vi')}): công bố {published} {vi} («{fig.quote}»), "
        f"nhưng báo cáo tình trạng đã lưu cho {stored}.",
        f"Province {province} ({format_date(date, 'en')}): published {published} {en} "
        f'("{fig.quote}"), but the stored status reports give {stored}.',
        {"measure": fig.measure, "published": published, "stored": stored},
    )


def _progress_below(
    date: dt.date, code: str, fig: PublishedFigure, stored: float | None
) -> tuple[str, str, str, dict[str, object]]:
    shown = {
        lang: "–" if stored is None else format_number(stored, lang, 1) for lang in ("vi", "en")
    }
    least = {lang: format_number(fig.value, lang, 0) for lang in ("vi", "en")}
    return (
        "progress_below_published",
        f"{code} ({format_date(date, 'vi')}): công bố đã hoàn thành từ {least['vi']}% khối lượng "
        f"trở lên («{fig.quote}»), nhưng báo cáo đã lưu ghi {shown['vi']}%.",
        f"{code} ({format_date(date, 'en')}): published at {least['en']}% of its works volume or "
        f'more ("{fig.quote}"), but the stored reports give {shown["en"]}%.',
        {"published_min_pct": float(fig.value), "stored_pct": stored},
    )
