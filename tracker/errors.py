"""One family of errors a user can act on, each carrying its message in Vietnamese and English."""

from __future__ import annotations


class TrackerError(Exception):
    """An error whose message is written for the person who must fix it.

    ``vi`` and ``en`` are complete sentences that say what is wrong and what to do.
    """

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi = vi
        self.en = en

    def message(self, lang: str = "vi") -> str:
        """The message in ``lang`` ("vi" or "en"); Vietnamese for anything else."""
        return self.en if lang == "en" else self.vi


class StoreError(TrackerError):
    """The database cannot be opened, migrated or written as asked."""


class NotFoundError(TrackerError):
    """A project, commune, upload or other named thing does not exist."""


class InputError(TrackerError):
    """A value given by a user (CLI flag, URL parameter, file) is not acceptable."""
