"""Weekly uploads: validate everything first, then write all of it in one transaction or nothing.

``prepare_upload`` reads a file and checks every cell against the rules (known project, resolvable
commune, possible date, non-negative numbers, no duplicate keys, cumulative figures that do not
fall without a note), compares it with what is stored (new / changed / unchanged rows, the biggest
movements) and writes nothing. ``commit_upload`` writes a clean preparation as one upload.

A weekly file can have 100,000 rows, so the checks run on whole columns (Arrow arrays and NumPy
masks): values that repeat (project codes, communes, dates) are resolved once per distinct value,
every check yields a mask of bad cells, and a :class:`Problem` is written only for a flagged cell.
The checks live in ``checks`` (shared), ``clearance``, ``disbursement`` and ``status``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pandas as pd

from tracker.errors import InputError
from tracker.scopes import NATIONAL, Scope, refuse_outside
from tracker.store import Store
from tracker.uploads.batches import Batch, commit_batch
from tracker.uploads.blockers import BlockersChecker
from tracker.uploads.checks import MAX_NOTE_CHARS, Checker, FileToCheck
from tracker.uploads.clearance import ClearanceChecker
from tracker.uploads.disbursement import DisbursementChecker
from tracker.uploads.files import FileRejected, Grid, RawTable, read_table, table_of_grid
from tracker.uploads.headers import HeaderMap, guess_kind, looks_like_header, map_headers
from tracker.uploads.history import find_committed_by_hash
from tracker.uploads.problems import Problem, problem
from tracker.uploads.result import Movement, PreparedUpload
from tracker.uploads.status import StatusChecker
from tracker.uploads.stored import read_projects
from tracker.uploads.templates import COLUMNS_BY_KIND

__all__ = [
    "MAX_NOTE_CHARS",
    "MAX_PROBLEMS",
    "Movement",
    "PreparedUpload",
    "UploadRefused",
    "commit_upload",
    "prepare_upload",
]

MAX_PROBLEMS = 10_000
_CHECKERS: dict[str, type[Checker]] = {
    "clearance": ClearanceChecker,
    "disbursement": DisbursementChecker,
    "blockers": BlockersChecker,
    "status": StatusChecker,
}


class UploadRefused(InputError):  # noqa: N818 (reads as what happened to the upload)
    """Raised when committing an upload that has errors."""


def prepare_upload(
    store: Store,
    content: bytes,
    file_name: str,
    *,
    user_name: str,
    kind: str | None = None,
    today: dt.date | None = None,
    grid: Grid | None = None,
    scope: Scope = NATIONAL,
) -> PreparedUpload:
    """Read and check an upload against the rules and the stored figures; write nothing.
    ``grid`` is the file's first sheet when the caller has read it already. Rows of projects
    outside ``scope`` (the uploading account's provinces) are errors."""
    prepared = PreparedUpload(kind=kind, file_name=file_name, user_name=user_name, content=content)
    with ThreadPoolExecutor(max_workers=1) as background:
        # A second thread hashes the file and reads what is stored (with its own cursor) while
        # this one reads and checks the cells.
        projects = background.submit(read_projects, store, prepared)
        try:
            raw = (
                read_table(content, file_name, looks_like_header)
                if grid is None
                else table_of_grid(grid, file_name, looks_like_header)
            )
        except FileRejected as exc:
            prepared.problems.append(problem("error", "file", detail_vi=exc.vi, detail_en=exc.en))
            return prepared
        prepared.kind = kind or guess_kind(raw.header)
        if prepared.kind not in COLUMNS_BY_KIND:
            prepared.problems.append(problem("error", "unknown_kind", row=raw.header_row))
            return prepared
        headers = map_headers(raw.header, raw.header_row, prepared.kind)
        prepared.problems.extend(headers.problems)
        if not headers.complete:
            return in_reading_order(prepared)
        live = projects.result()  # the file's hash is known once this is
        check_table(store, raw, headers, prepared, live, background, today, scope)
    return in_reading_order(prepared)


def check_table(
    store: Store,
    raw: RawTable,
    headers: HeaderMap,
    prepared: PreparedUpload,
    projects: pd.DataFrame,
    background: ThreadPoolExecutor,
    today: dt.date | None,
    scope: Scope = NATIONAL,
) -> None:
    """Check a table in the template's columns (the template itself, or a form read into them)
    unless the same file is already stored; rows of projects outside ``scope`` are errors."""
    assert prepared.kind is not None
    prepared.duplicate_of = find_committed_by_hash(store, prepared.sha256, prepared.kind)
    if prepared.duplicate_of is not None:
        return
    file = FileToCheck(store, raw, prepared, headers, projects, today or dt.date.today(), scope)
    _CHECKERS[prepared.kind](file, background).check()


def in_reading_order(
    prepared: PreparedUpload, order: Callable[[Problem], tuple[object, ...]] | None = None
) -> PreparedUpload:
    """The report read top to bottom (file-level problems first, then by row, or in ``order``),
    at most ``MAX_PROBLEMS`` long."""
    prepared.problems.sort(key=order or (lambda p: (p.row or 0, p.severity != "error")))
    if len(prepared.problems) > MAX_PROBLEMS:
        hidden = len(prepared.problems) - MAX_PROBLEMS
        prepared.problems = [
            *prepared.problems[:MAX_PROBLEMS],
            problem("error", "too_many", value=hidden),
        ]
    return prepared


def commit_upload(store: Store, prepared: PreparedUpload, scope: Scope = NATIONAL) -> int:
    """Write a clean preparation as one upload; an identical earlier file changes nothing.

    Every project it names must lie in ``scope`` (checked again here: a preparation may have been
    made for another account)."""
    if not prepared.ok:
        first = prepared.errors[0]
        raise UploadRefused(
            vi=f"Tệp có {len(prepared.errors)} lỗi nên không ghi gì. Lỗi đầu tiên: "
            f"{first.message('vi')}",
            en=f"The file has {len(prepared.errors)} errors, so nothing was written. First: "
            f"{first.message('en')}",
        )
    if not scope.national:
        named = {str(c) for frame in prepared.tables.values() for c in frame["project_code"]}
        provinces = store.query("upload_projects").set_index("project_code").province_code
        refuse_outside(scope, {c: provinces.get(c) for c in named})
    if prepared.duplicate_of is not None:
        return prepared.duplicate_of
    assert prepared.kind is not None
    # A form read sheet by sheet names one source per sheet; a template file is one source.
    tables = {
        name: frame if "source_key" in frame.columns else frame.assign(source_key="upload")
        for name, frame in prepared.tables.items()
    }
    batch = Batch(
        kind=prepared.kind,
        file_name=prepared.file_name,
        user_name=prepared.user_name,
        content=prepared.content,
        sources=prepared.sources
        or {
            "upload": {
                "kind": "upload",
                "title": prepared.file_name,
                "reference": f"sha256:{prepared.sha256}",
                "is_synthetic": False,
            }
        },
        tables=tables,
        rows_new=prepared.rows_new,
        rows_changed=prepared.rows_changed,
        rows_unchanged=prepared.rows_unchanged,
        file_rows=prepared.row_count,
        content_sha256=prepared.sha256,
    )
    return commit_batch(store, batch)
