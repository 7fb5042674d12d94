"""The history of uploads and taking an upload back (undo), which keeps both in the history."""

from __future__ import annotations

import pandas as pd

from tracker.errors import NotFoundError, StoreError
from tracker.store import Store

_HISTORY = """
SELECT u.upload_id, u.kind, u.file_name, u.sha256, u.user_name, u.uploaded_at, u.row_count,
       u.rows_new, u.rows_changed, u.rows_unchanged, u.note,
       e.event AS status, e.event_at AS status_at, e.user_name AS status_by
FROM uploads u
JOIN (
    SELECT * FROM upload_events
    QUALIFY row_number() OVER (PARTITION BY upload_id
                               ORDER BY event_at DESC, event = 'undone' DESC) = 1
) e USING (upload_id)
ORDER BY u.upload_id DESC
"""


def upload_history(store: Store) -> pd.DataFrame:
    """Every upload, newest first, with its current status (committed or undone)."""
    return store.cursor().execute(_HISTORY).df()


def find_committed_by_hash(store: Store, sha256: str, kind: str) -> int | None:
    """The live upload with exactly this content, if any (re-uploading it must change nothing)."""
    row = (
        store.cursor()
        .execute(
            """SELECT u.upload_id FROM uploads u JOIN live_uploads USING (upload_id)
               WHERE u.sha256 = ? AND u.kind = ? ORDER BY u.upload_id DESC LIMIT 1""",
            [sha256, kind],
        )
        .fetchone()
    )
    return None if row is None else int(row[0])


def undo_upload(store: Store, upload_id: int, user_name: str, note: str | None = None) -> None:
    """Take a committed upload back: its rows stop counting; the upload and the undo stay listed."""
    with store.transaction() as cur:
        row = cur.execute(
            """SELECT event FROM upload_events WHERE upload_id = ?
               ORDER BY event_at DESC, event = 'undone' DESC LIMIT 1""",
            [upload_id],
        ).fetchone()
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
        cur.execute(
            """INSERT INTO upload_events (upload_id, event, user_name, note)
               VALUES (?, 'undone', ?, ?)""",
            [upload_id, user_name, note],
        )
