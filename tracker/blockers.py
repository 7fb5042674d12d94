"""The blocker log (vướng mắc): what holds clearance up, who must act, by when, and its history.

Every change of a blocker is a dated row carrying its whole state, written as an upload of kind
``blockers``: from a file, or from the app's form, which writes the same file and goes through the
same checks. ``blocker_log`` rebuilds the log as of any date; a blocker is overdue on a date when
it is not resolved and its due date is past.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import pandas as pd

from tracker.figures import projects_in_scope
from tracker.i18n import format_number
from tracker.scopes import NATIONAL, Scope
from tracker.store import Store
from tracker.uploads.prepare import commit_upload, prepare_upload
from tracker.uploads.result import ProposedBlocker
from tracker.uploads.templates import BLOCKER_COLUMNS
from tracker.vocabulary import UNRESOLVED_STATUSES

_DATES = ("changed_on", "raised_on", "due_on", "resolved_on", "first_recorded")


@dataclass(frozen=True)
class BlockerChange:
    """One change of a blocker: a new one (no ``blocker_id``) or an update, whose fields left
    None keep their stored values."""

    project_code: str
    changed_on: dt.date
    blocker_id: int | None = None
    commune: str | None = None  # a 5-digit code or a name
    category: str | None = None
    category_other: str | None = None
    description: str | None = None
    area_ha: float | None = None
    households: int | None = None
    agency: str | None = None
    raised_on: dt.date | None = None
    due_on: dt.date | None = None
    resolved_on: dt.date | None = None
    status: str | None = None
    escalation: str | None = None
    comment: str | None = None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return format_number(value, "vi", 4, min_decimals=0).replace(".", "")
    return str(value)


def blockers_file(changes: Sequence[BlockerChange]) -> bytes:
    """The changes as a blockers file, as the template writes one (UTF-8 with BOM, semicolons,
    Vietnamese headers, dd/mm/yyyy dates, decimal commas)."""
    names = {
        "blocker_id": "blocker_id",
        "project_code": "project_code",
        "commune": "commune",
        "report_date": "changed_on",
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header_vi for c in BLOCKER_COLUMNS])
    for change in changes:
        fields = asdict(change)
        writer.writerow([_cell(fields[names.get(c.name, c.name)]) for c in BLOCKER_COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def record_blockers(
    store: Store,
    changes: Sequence[BlockerChange],
    *,
    user_name: str,
    file_name: str,
    today: dt.date | None = None,
    scope: Scope = NATIONAL,
) -> int:
    """Write ``changes`` as one upload through the checks a blockers file gets; return the
    upload id. Raises ``UploadRefused`` (with the first problem, in both languages) when a change
    is wrong or touches a project outside ``scope``, and writes nothing then."""
    content = blockers_file(changes)
    prepared = prepare_upload(
        store, content, file_name, user_name=user_name, kind="blockers", today=today, scope=scope
    )
    return commit_upload(store, prepared, scope)


def proposals_file(proposals: Sequence[ProposedBlocker]) -> bytes:
    """The "Khó khăn, vướng mắc" texts of a clearance file as a blockers file to complete
    (category and agency) and import."""
    return blockers_file(
        [
            BlockerChange(
                project_code=p.project_code,
                changed_on=p.report_date,
                commune=p.commune_code,
                description=p.text,
            )
            for p in proposals
        ]
    )


def blocker_log(
    store: Store,
    as_of: dt.date,
    *,
    province_code: str | None,
    projects: list[str] | None = None,
    communes: Sequence[str] = (),
    category: str | None = None,
) -> pd.DataFrame:
    """Every blocker of the view in its state as of ``as_of``, with ``unresolved``, ``overdue``
    (unresolved and past its due date) and ``days_overdue``; narrowed to ``communes`` and
    ``category`` when given."""
    rows = store.query(
        "blockers_as_of", as_of=as_of, projects=projects_in_scope(store, province_code, projects)
    )
    for column in _DATES:
        rows[column] = [None if pd.isna(v) else pd.Timestamp(v).date() for v in rows[column]]
    if communes:
        rows = rows[rows.commune_code.isin(list(communes))]
    if category:
        rows = rows[rows.category == category]
    rows = rows.reset_index(drop=True)
    rows["unresolved"] = rows.status.isin(UNRESOLVED_STATUSES)
    late = [
        (as_of - due).days if unresolved and due is not None and due < as_of else 0
        for unresolved, due in zip(rows.unresolved, rows.due_on, strict=True)
    ]
    rows["days_overdue"] = late
    rows["overdue"] = rows.days_overdue > 0
    return rows


def unresolved(log: pd.DataFrame) -> pd.DataFrame:
    """The blockers of a log that still hold clearance up, overdue ones first."""
    open_ = log[log.unresolved]
    return open_.sort_values(
        ["overdue", "days_overdue", "blocker_id"], ascending=[False, False, True]
    )


def communes_with_open_blockers(log: pd.DataFrame) -> dict[str, int]:
    """Commune code → number of unresolved blockers there (blockers with no commune left out)."""
    open_ = log[log.unresolved & log.commune_code.notna()]
    return {str(k): int(v) for k, v in open_.groupby("commune_code").size().items()}


def open_counts(log: pd.DataFrame, by: str) -> pd.DataFrame:
    """Unresolved blockers per ``by`` ("category" or "agency"): ``open`` (all of them),
    ``overdue`` (of those, past due), ``area_ha`` and ``households`` held up; most first."""
    open_ = log[log.unresolved]
    columns = [by, "open", "overdue", "area_ha", "households"]
    if open_.empty:
        return pd.DataFrame(columns=columns)
    grouped = open_.groupby(by, as_index=False).agg(
        open=("blocker_id", "size"),
        overdue=("overdue", "sum"),
        area_ha=("area_ha", "sum"),
        households=("households", "sum"),
    )
    grouped["overdue"] = grouped.overdue.astype(int)
    return grouped.sort_values(["open", by], ascending=[False, True]).reset_index(drop=True)[
        columns
    ]


def blocker_comments(store: Store, blocker_ids: Sequence[int], as_of: dt.date) -> pd.DataFrame:
    """The dated comments of the given blockers up to ``as_of``, oldest first."""
    rows = store.query("blocker_comments", as_of=as_of, blockers=[int(b) for b in blocker_ids])
    rows["changed_on"] = [pd.Timestamp(v).date() for v in rows.changed_on]
    return rows


def communes_with_blockers(
    log: pd.DataFrame, which: str | None, chosen: Sequence[str], known: Sequence[str]
) -> list[str] | None:
    """The communes a view covers under a link's ``blocker`` filter: those ``chosen`` (all
    ``known`` when none are), narrowed to the ones with unresolved (``which`` = "open") or
    overdue (``which`` = "overdue") blockers in ``log``. Without a filter, ``chosen`` as it is;
    None when the filter leaves no commune."""
    if not which:
        return list(chosen)
    wanted = log[log.unresolved if which == "open" else log.overdue]
    with_blockers = {str(c) for c in wanted.commune_code.dropna()}
    narrowed = [c for c in (list(chosen) or sorted(known)) if c in with_blockers]
    return narrowed or None
