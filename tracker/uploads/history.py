"""The history of uploads and taking an upload back (undo), which keeps both in the history."""

from __future__ import annotations

import pandas as pd

from tracker.errors import NotFoundError, StoreError
from tracker.scopes import NATIONAL, Scope, refuse_outside
from tracker.store import Store, Transaction
from tracker.store.queries import query_text

#: Kinds of upload that register projects: undoing one takes its projects away.
_REGISTRATIONS = ("demo", "projects", "alignment")


def upload_history(store: Store) -> pd.DataFrame:
    """Every upload, newest first, with its current status (committed or undone)."""
    return store.query("upload_history")


def find_committed_by_hash(store: Store, sha256: str, kind: str) -> int | None:
    """The live upload with exactly this content, if any (re-uploading it must change nothing)."""
    row = store.query_row("committed_upload_by_hash", sha256=sha256, kind=kind)
    return None if row is None else int(row[0])


def undo_upload(
    store: Store,
    upload_id: int,
    user_name: str,
    note: str | None = None,
    *,
    scope: Scope = NATIONAL,
) -> None:
    """Take a committed upload back: its rows stop counting; the upload and the undo stay listed.

    A project registration is refused while other live uploads report on its projects: they
    would be left with no project to belong to. Undo those first. An upload naming any project
    outside ``scope`` (the account's provinces) is refused too.
    """
    with store.transaction() as tx:
        tx.lock(f"upload:{upload_id}")
        row = tx.row(query_text("upload_status"), {"upload_id": upload_id})
        if row is None:
            raise NotFoundError(
                vi=f"Không có lần tải lên số {upload_id}. Xem danh sách bằng lệnh 'uploads'.",
                en=f"There is no upload number {upload_id}. List them with the 'uploads' command.",
            )
        if row[0] == "undone":
            raise StoreError(
                vi=f"Lần tải lên số {upload_id} đã được hoàn tác trước đó; không có gì thay đổi.",
                en=f"Upload {upload_id} was already undone; nothing changed.",
            )
        if not scope.national:
            named = tx.rows(query_text("upload_project_provinces"), {"upload_id": upload_id})
            refuse_outside(scope, {str(code): province for code, province in named})
        _refuse_if_projects_in_use(tx, upload_id)
        # Inserts stay beside the code that binds their values; reads are named queries.
        tx.execute(
            """INSERT INTO upload_events (upload_id, event, user_name, note)
               VALUES ($upload_id, 'undone', $user_name, $note)""",
            {"upload_id": upload_id, "user_name": user_name, "note": note},
        )


def _refuse_if_projects_in_use(tx: Transaction, upload_id: int) -> None:
    """Refuse to undo a registration whose projects other live uploads still report on."""
    kind = tx.row("SELECT kind FROM uploads WHERE upload_id = $id", {"id": upload_id})
    if kind is None or kind[0] not in _REGISTRATIONS:
        return
    codes = tx.rows(
        "SELECT DISTINCT project_code FROM projects WHERE upload_id = $id ORDER BY project_code",
        {"id": upload_id},
    )
    blocking: dict[str, list[int]] = {}
    for (code,) in codes:
        users = tx.rows(
            query_text("uploads_naming_project"), {"project": code, "upload_id": upload_id}
        )
        if users:
            blocking[str(code)] = [int(u) for (u,) in users]
    if not blocking:
        return
    listing = "; ".join(
        f"{code}: {', '.join(f'#{u}' for u in ids)}" for code, ids in sorted(blocking.items())
    )
    raise StoreError(
        vi=f"Không hoàn tác được lần tải lên số {upload_id}: nó đăng ký dự án mà các lần tải lên "
        f"khác vẫn báo cáo ({listing}). Hoàn tác các lần tải lên đó trước; số liệu của chúng "
        "không bị xoá mà vẫn nằm trong lịch sử.",
        en=f"Upload {upload_id} cannot be undone: it registers projects that other uploads still "
        f"report on ({listing}). Undo those uploads first; their figures are not deleted and stay "
        "in the history.",
    )
