"""Clearance uploads: communes resolved in each row's era, households and design baselines."""

from __future__ import annotations

import bisect

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tracker.communes import CommuneNotResolved, CommuneResolver, ResolvedCommune
from tracker.i18n import format_number
from tracker.uploads import cells as parse
from tracker.uploads.cells import NO_DAY, Floats, Ints
from tracker.uploads.checks import (
    CUMULATIVE,
    Checker,
    arrow_frame,
    commune_names_by_code,
    whole_numbers,
)
from tracker.uploads.problems import problem
from tracker.uploads.result import ProposedBlocker
from tracker.uploads.row_history import TOLERANCE, History, Rows, day_of
from tracker.vocabulary import DESIGN_BASELINE_CODE, LAST_DAY_BEFORE_REFORM, REFORM_DATE

_ERA_DATES = {"old": LAST_DAY_BEFORE_REFORM, "new": REFORM_DATE}
_ERAS = (None, "old", "new")  # era codes 0, 1, 2 of a row (0: its date is unreadable)


class ClearanceChecker(Checker):
    """Checks a clearance file: one row per project, commune and report date."""

    def _check_rows(self) -> None:
        # The commune text as written, without surrounding spaces: trimmed once per distinct text.
        written_index, raw_texts = parse.distinct(self.cells("commune"))
        written = pc.utf8_trim_whitespace(pa.array(raw_texts, pa.string()))
        commune, codes = self._communes(written_index, written.to_pylist())
        figures = {
            "cleared_ha": self._number("cleared_ha", required=True),
            "households_affected": self._number("households_affected", whole=True),
            "households_relocated": self._number("households_relocated", whole=True),
            "compensation_paid_vnd": self._number("compensation_paid_vnd", whole=True, money=True),
            "required_ha_basic": self._number("required_ha_basic"),
            "required_ha_technical": self._number("required_ha_technical"),
        }
        self._relocated_above_affected(figures)
        self._duplicates(
            [self.project, commune],
            detail_vi="dự án, xã/phường và ngày báo cáo",
            detail_en="project, commune and report date",
        )
        good = np.flatnonzero(~self.bad)
        parts = [(self.project[good], self.known), (commune[good], codes)]
        incoming = Rows(
            group=self.groups.ids(parts),
            day=self.day[good],
            values={k: figures[k][good] for k in CUMULATIVE["clearance"]},
            position=good,
        )
        stored = self._stored()
        history = History(incoming, stored)
        self._falls(history)
        self._above_baselines(history.latest_incoming(), figures)
        if self.prepared.errors:
            return
        self._count_and_move(history, "cleared_ha", "ha")
        columns = {
            "project_code": self._labels(self.known, self.project[good]),
            "commune_code": self._labels(codes, commune[good]),
            "report_date": self._dates(good),
            "cleared_ha": pa.array(figures["cleared_ha"][good]),
            "households_affected": whole_numbers(figures["households_affected"][good]),
            "households_relocated": whole_numbers(figures["households_relocated"][good]),
            "compensation_paid_vnd": whole_numbers(figures["compensation_paid_vnd"][good]),
            "note": self.note.take(pa.array(good)),
            "commune_as_written": written.take(pa.array(written_index[good])),
            "source_row": pa.array(self.rows[good]),
        }
        self.prepared.tables["clearance_reports"] = arrow_frame(columns)
        self.prepared.tables["required_areas"] = self._baseline_rows(columns, figures, good)
        self._propose_blockers(columns, good)

    def _propose_blockers(self, columns: dict[str, pa.Array], good: Ints) -> None:
        """Each row's "Khó khăn, vướng mắc" text, offered as a blocker to confirm (not stored)."""
        if not self.has("difficulties"):
            return
        texts = pc.utf8_trim_whitespace(self.cells("difficulties")).take(pa.array(good))
        for i in np.flatnonzero(pc.not_equal(texts, "").to_numpy(zero_copy_only=False)):
            self.prepared.proposed_blockers.append(
                ProposedBlocker(
                    project_code=str(columns["project_code"][i]),
                    commune_code=str(columns["commune_code"][i]),
                    report_date=columns["report_date"][i].as_py(),
                    text=str(texts[i]),
                    row=int(columns["source_row"][i].as_py()),
                )
            )

    def _communes(self, index: Ints, texts: list[str]) -> tuple[Ints, list[str]]:
        """Each row's index into the commune codes found (-1 where none), and those codes.

        ``texts`` are the distinct commune cells, ``index`` each row's; each distinct (text,
        province, era) is resolved once.
        """
        empty = np.array([t == "" for t in texts], dtype=bool)[index]
        self._flag(empty, "required", "commune")
        provinces = sorted(set(self.projects.province_code))
        by_project = dict(zip(self.projects.project_code, self.projects.province_code, strict=True))
        province_of = np.array([provinces.index(by_project[c]) for c in self.known] + [-1])
        province = province_of[self.project]  # -1 indexes the last entry: no province
        era = np.where(self.day == NO_DAY, 0, np.where(self.day < day_of(REFORM_DATE), 1, 2))
        todo = np.flatnonzero(~empty & (province >= 0))
        combos, uniques = pd.factorize(
            (index[todo] * len(provinces) + province[todo]) * 3 + era[todo]
        )
        found = np.full(len(uniques), -1, dtype=np.int64)
        codes: list[str] = []
        failures: dict[int, CommuneNotResolved] = {}
        resolvers: dict[str, CommuneResolver] = {}
        for k, combo in enumerate(uniques.tolist()):
            rest, era_code = divmod(combo, 3)
            text_index, province_index = divmod(rest, len(provinces))
            code = provinces[province_index]
            resolver = resolvers.setdefault(code, CommuneResolver(code))
            try:
                resolved = _resolve_in_era(resolver, texts[text_index], _ERAS[era_code])
            except CommuneNotResolved as error:
                failures[k] = error
                continue
            if resolved.code not in codes:
                codes.append(resolved.code)
            found[k] = codes.index(resolved.code)
        if failures:
            order = np.argsort(combos, kind="stable")
            bounds = np.searchsorted(combos[order], np.arange(len(uniques) + 1))
            for k, exc in failures.items():
                where = np.sort(todo[order[bounds[k] : bounds[k + 1]]])
                self._flag_at(where, "commune", "commune", detail_vi=exc.vi, detail_en=exc.en)
        commune = np.full(self.size, -1, dtype=np.int64)
        commune[todo] = found[combos]
        return commune, codes

    def _relocated_above_affected(self, figures: dict[str, Floats]) -> None:
        relocated, affected = figures["households_relocated"], figures["households_affected"]
        with np.errstate(invalid="ignore"):
            over = np.flatnonzero(relocated > affected)
        for position in over:
            self._add(
                problem(
                    "notice",
                    "relocated_above_affected",
                    row=int(self.rows[position]),
                    column=self.headers.get("households_relocated"),
                    value=int(relocated[position]),
                    detail=str(int(affected[position])),
                )
            )

    def _above_baselines(self, rows: Rows, figures: dict[str, Floats]) -> None:
        """Notice (not error) where the latest row of a commune exceeds a baseline in force."""
        if not len(rows.group):
            return
        latest = rows.position
        in_force = self._baselines_in_force(rows)
        names = commune_names_by_code()
        cleared = figures["cleared_ha"][latest]
        for baseline, label in DESIGN_BASELINE_CODE.items():
            given = figures[f"required_ha_{baseline}"][latest]
            required = np.where(np.isnan(given), in_force[baseline], given)
            with np.errstate(invalid="ignore"):
                over = (required > 0) & (cleared > required + TOLERANCE)
            for i in np.flatnonzero(over):
                position = int(latest[i])
                pct = cleared[i] / required[i] * 100
                code = str(self.groups.keys[rows.group[i]][1])
                commune = names.get(code, code)
                self._add(
                    problem(
                        "notice",
                        "above_baseline",
                        row=int(self.rows[position]),
                        column=self.headers.get("cleared_ha"),
                        value=self.values_at("cleared_ha", np.array([position]))[0],
                        detail_vi=f"{format_number(pct, 'vi', 1)}% {label} tại {commune}",
                        detail_en=f"{format_number(pct, 'en', 1)}% of {label} in {commune}",
                    )
                )

    def _baselines_in_force(self, rows: Rows) -> dict[str, Floats]:
        """Per baseline, the stored required area in force on each row's date (NaN if none)."""
        keys = [self.groups.keys[g] for g in rows.group]
        history: dict[tuple[str, str, str], tuple[list[int], list[float]]] = {}
        for project, commune, baseline, required, since in self.stored.result().baselines:
            days, values = history.setdefault((project, commune, baseline), ([], []))
            days.append(day_of(since))
            values.append(float(required))
        found: dict[str, Floats] = {}
        for baseline in ("basic", "technical"):
            found[baseline] = np.full(len(keys), np.nan)
            for i, (key, day) in enumerate(zip(keys, rows.day, strict=True)):
                days, values = history.get((str(key[0]), str(key[1]), baseline), ([], []))
                before = bisect.bisect_right(days, day)
                if before:
                    found[baseline][i] = values[before - 1]
        return found

    def _baseline_rows(
        self, columns: dict[str, pa.Array], figures: dict[str, Floats], good: Ints
    ) -> pd.DataFrame:
        """The design baselines given in the file, as ``required_areas`` rows."""
        parts = []
        for baseline in ("basic", "technical"):
            required = figures[f"required_ha_{baseline}"][good]
            given = np.flatnonzero(~np.isnan(required))
            pick = pa.array(given)
            parts.append(
                pa.table(
                    {
                        "project_code": columns["project_code"].take(pick),
                        "commune_code": columns["commune_code"].take(pick),
                        "baseline": pa.array([baseline] * len(given), pa.string()),
                        "required_ha": pa.array(required[given]),
                        "effective_from": columns["report_date"].take(pick),
                        "note": columns["note"].take(pick),
                        "source_row": columns["source_row"].take(pick),
                    }
                )
            )
        return arrow_frame(pa.concat_tables(parts))


def _resolve_in_era(resolver: CommuneResolver, text: str, era: object) -> ResolvedCommune:
    """Resolve in the row's era; a row whose date is unreadable (already an error) is checked in
    both eras, so its commune cell is only flagged when it is wrong either way."""
    if era in ("old", "new"):
        return resolver.resolve(text, _ERA_DATES[str(era)])
    try:
        return resolver.resolve(text, _ERA_DATES["new"])
    except CommuneNotResolved:
        return resolver.resolve(text, _ERA_DATES["old"])
