"""Uploads: check a weekly file, write it as one upload, take an upload back, list the history.

Everything that changes figures arrives as an upload (a file, the demo, a project registration)
and is written by :func:`commit_batch` in one transaction.
"""

from tracker.uploads.batches import Batch, commit_batch
from tracker.uploads.history import undo_upload, upload_history
from tracker.uploads.prepare import (
    MAX_NOTE_CHARS,
    MAX_PROBLEMS,
    Movement,
    PreparedUpload,
    UploadRefused,
    commit_upload,
    prepare_upload,
)

__all__ = [
    "MAX_NOTE_CHARS",
    "MAX_PROBLEMS",
    "Batch",
    "Movement",
    "PreparedUpload",
    "UploadRefused",
    "commit_batch",
    "commit_upload",
    "prepare_upload",
    "undo_upload",
    "upload_history",
]
