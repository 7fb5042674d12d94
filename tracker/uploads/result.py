"""What checking an upload produces: the preparation to show and commit, and its movements."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from tracker.i18n import format_number
from tracker.uploads.problems import Problem


@dataclass(frozen=True)
class Movement:
    """How much a row moves a figure compared with the report before it."""

    label: str
    change: float
    unit: str

    def text(self, lang: str) -> str:
        sign = "+" if self.change >= 0 else "−"
        decimals = 0 if self.unit == "VND" else 2
        return f"{self.label} {sign}{format_number(abs(self.change), lang, decimals)} {self.unit}"


#: The table whose rows an upload of each kind counts as its own.
MAIN_TABLE = {
    "clearance": "clearance_reports",
    "disbursement": "disbursement_reports",
    "blockers": "blocker_events",
    "status": "project_status_reports",
}


@dataclass(frozen=True)
class ProposedBlocker:
    """The "Khó khăn, vướng mắc" text of a clearance row, offered as a blocker to confirm."""

    project_code: str
    commune_code: str
    report_date: dt.date
    text: str
    row: int  # the row of the file, as Excel numbers it


@dataclass
class PreparedUpload:
    """A validated (or refused) upload, not yet written."""

    kind: str | None
    file_name: str
    user_name: str
    content: bytes
    problems: list[Problem] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    rows_new: int = 0
    rows_changed: int = 0
    rows_unchanged: int = 0
    movements: list[Movement] = field(default_factory=list)
    duplicate_of: int | None = None
    proposed_blockers: list[ProposedBlocker] = field(default_factory=list)
    #: Sources the rows name in a ``source_key`` column (a form names one per sheet); empty: the
    #: whole file is one source.
    sources: dict[str, dict[str, object]] = field(default_factory=dict)

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def notices(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "notice"]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def row_count(self) -> int:
        frame = self.tables.get(MAIN_TABLE.get(str(self.kind), ""))
        return 0 if frame is None else len(frame)
