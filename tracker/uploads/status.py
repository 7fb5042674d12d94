"""Project status uploads: each project's stage, its planned and actual dates, and the % of its
works volume done, one row per project and report date."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from tracker.i18n import format_date
from tracker.uploads import cells as parse
from tracker.uploads.cells import NO_DAY, Bools, Floats, Ints
from tracker.uploads.checks import Checker, arrow_frame
from tracker.uploads.problems import problem
from tracker.uploads.row_history import History, Rows, date_of
from tracker.vocabulary import CLOSED_STAGES, PROJECT_STAGE_SPELLINGS

DATE_COLUMNS = ("planned_start", "actual_start", "planned_completion", "actual_completion")
#: (earlier, later): the second date of each pair may not come before the first.
_ORDERED = (("planned_start", "planned_completion"), ("actual_start", "actual_completion"))
_STAGE_WORDS = (
    "Đề xuất chủ trương, Chuẩn bị đầu tư, Lựa chọn nhà thầu, Đang thực hiện, Hoàn thành, Dừng "
    "(identification, preparation, contractor selection, implementation, completion, cancelled)"
)


class StatusChecker(Checker):
    """Checks a status file: the stage is one of the known ones, dates are real and in order, an
    actual date is not after the report that gives it, and the % done does not fall unexplained."""

    reports_follow_start = False

    def _check_rows(self) -> None:
        stages, stage = self._stages()
        dates = {name: self._dates_in(name) for name in DATE_COLUMNS}
        progress = self._number("physical_progress_pct")
        self._dates_in_order(dates)
        self._actual_dates_reported(dates)
        self._completion_matches_stage(stages, stage, dates, progress)
        self._duplicates(
            [self.project],
            detail_vi="dự án và ngày báo cáo",
            detail_en="project and report date",
        )
        good = np.flatnonzero(~self.bad)
        incoming = Rows(
            group=self.groups.ids([(self.project[good], self.known)]),
            day=self.day[good],
            values={"physical_progress_pct": progress[good]},
            position=good,
        )
        history = History(incoming, self._stored())
        self._falls(history)
        if self.prepared.errors:
            return
        self._count_and_move(history, "physical_progress_pct", "%")
        pick = pa.array(good)
        columns: dict[str, pa.Array] = {
            "project_code": self._labels(self.known, self.project[good]),
            "report_date": self._dates(good),
            "stage": self._labels(stages, stage[good]),
        }
        for name, days in dates.items():
            columns[name] = _optional_dates(days[good])
        kept = progress[good]
        columns["physical_progress_pct"] = pa.array(kept, mask=np.isnan(kept))
        columns["note"] = self.note.take(pick)
        columns["source_row"] = pa.array(self.rows[good])
        self.prepared.tables["project_status_reports"] = arrow_frame(columns)

    def _stages(self) -> tuple[list[str], Ints]:
        """The stages found and each row's index into them (-1 where empty or unknown)."""
        cells = self.cells("stage")
        found, stage, invalid = parse.read_choices(cells, PROJECT_STAGE_SPELLINGS)
        self._flag(parse.blank_cells(cells), "required", "stage")
        self._flag(invalid, "unknown_choice", "stage", detail=_STAGE_WORDS)
        return [str(s) for s in found], stage

    def _dates_in(self, name: str) -> Ints:
        """Day numbers of an optional date column (``NO_DAY`` where empty or unreadable)."""
        if not self.has(name):
            return np.full(self.size, NO_DAY, dtype=np.int64)
        days, _, invalid = parse.read_dates(self.cells(name))
        self._flag(invalid, "not_a_date", name)
        return np.where(invalid, NO_DAY, days)

    def _dates_in_order(self, dates: dict[str, Ints]) -> None:
        for first, then in _ORDERED:
            both = (dates[first] != NO_DAY) & (dates[then] != NO_DAY)
            for position in np.flatnonzero(both & (dates[then] < dates[first])):
                self._date_problem(int(position), then, first, dates[first], "dates_out_of_order")

    def _actual_dates_reported(self, dates: dict[str, Ints]) -> None:
        """An actual start or completion cannot come after the report that states it."""
        dated = self.day != NO_DAY
        for name in ("actual_start", "actual_completion"):
            later = dated & (dates[name] != NO_DAY) & (dates[name] > self.day)
            for position in np.flatnonzero(later):
                self._date_problem(
                    int(position), name, "report_date", self.day, "actual_after_report"
                )

    def _date_problem(self, position: int, name: str, other: str, days: Ints, code: str) -> None:
        self.bad[position] = True
        when = date_of(int(days[position]))
        self._add(
            problem(
                "error",
                code,
                row=int(self.rows[position]),
                column=self.headers.get(name, name),
                value=self.values_at(name, np.array([position]))[0],
                detail=self.headers.get(other, other),
                detail_vi=format_date(when, "vi"),
                detail_en=format_date(when, "en"),
            )
        )

    def _completion_matches_stage(
        self, stages: list[str], stage: Ints, dates: dict[str, Ints], progress: Floats
    ) -> None:
        """An actual completion date belongs to a finished (or stopped) project; a finished one
        whose volume reads under 100% is worth a second look."""
        closed = np.array([s in CLOSED_STAGES for s in stages] + [False], dtype=bool)[stage]
        finished = np.array([s == "completion" for s in stages] + [False], dtype=bool)[stage]
        completed = dates["actual_completion"] != NO_DAY
        self._flag(completed & (stage >= 0) & ~closed, "completion_date_stage", "actual_completion")
        with np.errstate(invalid="ignore"):
            short: Bools = finished & (progress < 100)
        for position in np.flatnonzero(short):
            self._add(
                problem(
                    "notice",
                    "completion_below_full",
                    row=int(self.rows[position]),
                    column=self.headers.get("physical_progress_pct"),
                    value=self.values_at("physical_progress_pct", np.array([position]))[0],
                )
            )


def _optional_dates(days: Ints) -> pa.Array:
    """Day numbers as Arrow dates, null where there is none."""
    missing = days == NO_DAY
    return pa.array(np.where(missing, 0, days).astype(np.int32), mask=missing).cast(pa.date32())
