"""Disbursement uploads: plan years, capital sources and yearly plans."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from tracker.uploads import cells as parse
from tracker.uploads.cells import NO_DAY, Floats, Ints
from tracker.uploads.checks import Checker, arrow_frame, whole_numbers
from tracker.uploads.problems import problem
from tracker.uploads.row_history import History, Rows
from tracker.vocabulary import (
    CAPITAL_SOURCE_SPELLINGS,
    PLAN_BASELINE_SPELLINGS,
    STORED_PLAN_BASELINE,
)


class DisbursementChecker(Checker):
    """Checks a disbursement file: one row per project, plan year, capital source and date."""

    def _check_rows(self) -> None:
        year = self._plan_years()
        source_values, source, source_invalid = parse.read_choices(
            self.cells("capital_source"), CAPITAL_SOURCE_SPELLINGS
        )
        self._flag(parse.blank_cells(self.cells("capital_source")), "required", "capital_source")
        self._flag(
            source_invalid,
            "unknown_choice",
            "capital_source",
            detail="NSTW (central), NSĐP (local), khác (other)",
        )
        disbursed = self._number("disbursed_vnd", required=True, whole=True, money=True)
        plan = self._number("plan_vnd", whole=True, money=True)
        baseline = self._plan_baselines(plan)
        years = sorted({int(y) for y in year[year >= 0]})
        year_index = np.where(year >= 0, np.searchsorted(years, year), -1)
        self._duplicates(
            [self.project, year_index, source],
            detail_vi="dự án, năm, nguồn vốn và ngày báo cáo",
            detail_en="project, year, capital source and report date",
        )
        good = np.flatnonzero(~self.bad)
        parts: list[tuple[Ints, Sequence[object]]] = [
            (self.project[good], self.known),
            (year_index[good], years),
            (source[good], source_values),
        ]
        incoming = Rows(
            group=self.groups.ids(parts),
            day=self.day[good],
            values={"disbursed_vnd": disbursed[good]},
            position=good,
        )
        history = History(incoming, self._stored())
        self._falls(history)
        if self.prepared.errors:
            return
        self._count_and_move(history, "disbursed_vnd", "VND")
        columns = {
            "project_code": self._labels(self.known, self.project[good]),
            "plan_year": pa.array(year[good]),
            "capital_source": self._labels(source_values, source[good]),
            "report_date": self._dates(good),
            "disbursed_vnd": whole_numbers(disbursed[good]),
            "note": self.note.take(pa.array(good)),
            "source_row": pa.array(self.rows[good]),
        }
        self.prepared.tables["disbursement_reports"] = arrow_frame(columns)
        planned = np.flatnonzero(~np.isnan(plan[good]))
        pick = pa.array(planned)
        self.prepared.tables["disbursement_plans"] = arrow_frame(
            {
                "project_code": columns["project_code"].take(pick),
                "plan_year": columns["plan_year"].take(pick),
                "capital_source": columns["capital_source"].take(pick),
                "plan_baseline": pa.array(baseline[good][planned].tolist(), pa.string()),
                "plan_vnd": whole_numbers(plan[good][planned]),
                "effective_from": columns["report_date"].take(pick),
                "note": columns["note"].take(pick),
                "source_row": columns["source_row"].take(pick),
            }
        )

    def _plan_years(self) -> Ints:
        """Each row's plan year (-1 where empty or flagged)."""
        cells, values, invalid = self.numbers["year"]
        self._flag(cells.empty, "required", "year")
        with np.errstate(invalid="ignore"):
            fractional = ~np.isnan(values) & (np.floor(values) != values)
            bad = invalid | fractional | (values < 2000) | (values > 2100)
        self._flag(bad & ~cells.empty, "bad_year", "year")
        year = np.where(bad | np.isnan(values), -1, np.nan_to_num(values)).astype(np.int64)
        dated = (year >= 0) & (self.day != NO_DAY)
        report_year = self.day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
        report_year = report_year + 1970
        mismatch = dated & (report_year != year) & (report_year != year + 1)
        for plan_year in pd.unique(year[mismatch]):
            self._flag(
                mismatch & (year == plan_year),
                "year_mismatch",
                "report_date",
                detail=str(plan_year),
            )
        return year

    def _plan_baselines(self, plan: Floats) -> npt.NDArray[np.object_]:
        """Each row's plan type; a plan amount without one is taken as centrally assigned."""
        values, choice, invalid = parse.read_choices(
            self.cells("plan_baseline"), PLAN_BASELINE_SPELLINGS
        )
        self._flag(
            invalid,
            "unknown_choice",
            "plan_baseline",
            detail="TW giao (centrally assigned), địa phương triển khai (locally deployed)",
        )
        has_plan = ~np.isnan(plan)
        self._flag((choice >= 0) & ~has_plan, "plan_baseline_without_plan", "plan_baseline")
        assumed = has_plan & (choice < 0) & ~invalid
        for position in np.flatnonzero(assumed):
            self._add(
                problem(
                    "notice",
                    "plan_baseline_assumed",
                    row=int(self.rows[position]),
                    column=self.headers.get("plan_vnd"),
                )
            )
        named = np.array([*values, None], dtype=object)[choice]  # -1 picks None
        return np.where(assumed, STORED_PLAN_BASELINE["central"], named)
