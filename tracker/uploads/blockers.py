"""Blocker log uploads: one row per change of a blocker (vướng mắc), new or already logged.

A row with an empty "Mã vướng mắc" is a new blocker and gets the next number; a row naming a
number updates that blocker, and its blank cells keep the values stored before. Every row is the
blocker's whole state on the row's date, so the log as of any date can be rebuilt from the rows.
Blocker files are short (a board logs dozens a week), so after the shared column checks each row
is assembled on its own.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tracker.communes import CommuneNotResolved, CommuneResolver
from tracker.i18n import format_date
from tracker.uploads import cells as parse
from tracker.uploads.batches import TABLE_COLUMNS
from tracker.uploads.cells import NO_DAY, Ints
from tracker.uploads.checks import MAX_NOTE_CHARS, Checker, arrow_frame
from tracker.uploads.problems import problem
from tracker.uploads.row_history import date_of
from tracker.uploads.templates import BLOCKER_COLUMNS
from tracker.vocabulary import (
    BLOCKER_CATEGORY_SPELLINGS,
    BLOCKER_STATUS_SPELLINGS,
    ESCALATION_SPELLINGS,
    OTHER_CATEGORY,
)

_BLOCKER_NUMBER = re.compile(r"^(?:#|vm-?|b-?)?\s*(\d{1,12})(?:\.0+)?$", re.IGNORECASE)
MAX_AGENCY_CHARS = 300
#: What a new blocker takes when its file leaves these cells empty.
_DEFAULTS = {"status": "open", "escalation": "commune"}
#: Cells a new blocker must have (after the defaults above).
_NEW_NEEDS = ("category", "description", "agency")
_COLUMNS = TABLE_COLUMNS["blocker_events"]
_TEMPLATE_HEADERS = {c.name: c.header_vi for c in BLOCKER_COLUMNS}
_TYPES: dict[str, pa.DataType] = {
    "blocker_id": pa.int64(),
    "changed_on": pa.date32(),
    "area_ha": pa.float64(),
    "households": pa.int64(),
    "raised_on": pa.date32(),
    "due_on": pa.date32(),
    "resolved_on": pa.date32(),
    "source_row": pa.int64(),
}


class BlockersChecker(Checker):
    """Checks a blockers file and assembles each row's whole state."""

    def _check_rows(self) -> None:
        stored = self._stored_states()
        number = self._numbers(stored)
        communes = self._communes()
        choices = {
            "category": self._choice("category", BLOCKER_CATEGORY_SPELLINGS),
            "status": self._choice("status", BLOCKER_STATUS_SPELLINGS),
            "escalation": self._choice("escalation", ESCALATION_SPELLINGS),
        }
        dates = {
            name: self._optional_dates(name) for name in ("raised_on", "due_on", "resolved_on")
        }
        figures = {
            "area_ha": self._number("area_ha"),
            "households": self._number("households", whole=True),
        }
        texts = {
            name: self._texts(name, limit)
            for name, limit in (
                ("category_other", MAX_AGENCY_CHARS),
                ("description", MAX_NOTE_CHARS),
                ("agency", MAX_AGENCY_CHARS),
                ("comment", MAX_NOTE_CHARS),
            )
        }
        self._repeated(number)
        rows: list[dict[str, Any]] = []
        for position in range(self.size):
            if self.bad[position]:
                continue
            given: dict[str, Any] = {
                "commune_code": communes[position],
                **{k: v[position] for k, v in choices.items()},
                **{k: v[position] for k, v in dates.items()},
                **{
                    k: None if np.isnan(v[position]) else float(v[position])
                    for k, v in figures.items()
                },
                **{k: v[position] for k, v in texts.items()},
            }
            row = self._assemble(position, int(number[position]), given, stored)
            if row is not None:
                rows.append(row)
        if self.prepared.errors:
            return
        self._number_new_blockers(rows)
        self.prepared.rows_new = sum(1 for r in rows if r.pop("is_new"))
        self.prepared.rows_changed = len(rows) - self.prepared.rows_new
        self.prepared.tables["blocker_events"] = arrow_frame(
            pa.table(
                {c: pa.array([r[c] for r in rows], _TYPES.get(c, pa.string())) for c in _COLUMNS}
            )
        )

    # -- columns -------------------------------------------------------------------------------

    def _stored_states(self) -> dict[int, dict[str, Any]]:
        """The newest stored state of each blocker of the file's projects, by number."""
        table = self.stored.result().figures
        return {int(r["blocker_id"]): r for r in table.to_pylist()}

    def _numbers(self, stored: dict[int, dict[str, Any]]) -> Ints:
        """Each row's blocker number (-1 for a new blocker); unknown numbers are flagged."""
        index, texts = parse.distinct(self.cells("blocker_id"))
        parsed = []
        for text in texts:
            match = _BLOCKER_NUMBER.match(text.strip())
            parsed.append(-1 if not text.strip() else int(match.group(1)) if match else -2)
        number = np.array(parsed, dtype=np.int64)[index] if texts else np.full(self.size, -1)
        project = [self.known[p] if p >= 0 else None for p in self.project]
        unknown = np.array(
            [
                n == -2 or (n >= 0 and (n not in stored or stored[n]["project_code"] != project[i]))
                for i, n in enumerate(number)
            ],
            dtype=bool,
        )
        self._flag(unknown & (self.project >= 0), "unknown_blocker", "blocker_id")
        return number

    def _communes(self) -> list[str | None]:
        """Each row's commune code (None where the cell is empty); each distinct text, province
        and era resolved once."""
        index, texts = parse.distinct(self.cells("commune"))
        provinces = dict(zip(self.projects.project_code, self.projects.province_code, strict=True))
        resolvers: dict[str, CommuneResolver] = {}
        found: dict[tuple[int, str, dt.date | None], str | CommuneNotResolved] = {}
        codes: list[str | None] = []
        for position in range(self.size):
            text = texts[index[position]].strip() if texts else ""
            if not text or self.project[position] < 0:
                codes.append(None)
                continue
            province = str(provinces[self.known[self.project[position]]])
            day = None if self.day[position] == NO_DAY else date_of(self.day[position])
            key = (int(index[position]), province, day)
            if key not in found:
                resolver = resolvers.setdefault(province, CommuneResolver(province))
                try:
                    found[key] = resolver.resolve(text, day).code
                except CommuneNotResolved as error:
                    found[key] = error
            outcome = found[key]
            if isinstance(outcome, CommuneNotResolved):
                self._flag_at(
                    np.array([position]),
                    "commune",
                    "commune",
                    detail_vi=outcome.vi,
                    detail_en=outcome.en,
                )
                codes.append(None)
            else:
                codes.append(outcome)
        return codes

    def _choice(self, name: str, spellings: dict[str, str]) -> list[str | None]:
        values, choice, invalid = parse.read_choices(self.cells(name), spellings)
        allowed = ", ".join(sorted(set(spellings.values())))
        self._flag(invalid, "unknown_choice", name, detail=allowed)
        return [values[c] if c >= 0 else None for c in choice]

    def _optional_dates(self, name: str) -> list[dt.date | None]:
        days, _empty, invalid = parse.read_dates(self.cells(name))
        self._flag(invalid, "not_a_date", name)
        return [None if d == NO_DAY else date_of(d) for d in days]

    def _texts(self, name: str, limit: int) -> list[str | None]:
        trimmed = pc.utf8_trim_whitespace(self.cells(name))
        lengths = pc.utf8_length(trimmed).to_numpy(zero_copy_only=False)
        for position in np.flatnonzero(lengths > limit):
            self.bad[position] = True
            text = str(trimmed[int(position)].as_py())
            self._add(
                problem(
                    "error",
                    "too_long",
                    row=int(self.rows[position]),
                    column=self.headers.get(name, name),
                    value=text[:40] + "…",
                    detail=str(len(text)),
                    detail_vi=str(limit),
                    detail_en=str(limit),
                )
            )
        return [t or None for t in trimmed.to_pylist()]

    def _repeated(self, number: Ints) -> None:
        """A blocker may change once per date in a file."""
        known = np.where(number >= 0, number, -1)
        self._duplicates(
            [np.where(known >= 0, self.project, -1), known],
            detail_vi="vướng mắc và ngày cập nhật",
            detail_en="blocker and date of change",
        )

    # -- rows ----------------------------------------------------------------------------------

    def _assemble(
        self,
        position: int,
        number: int,
        given: dict[str, Any],
        stored: dict[int, dict[str, Any]],
    ) -> dict[str, Any] | None:
        """The blocker's whole state after this row: the row's cells, and for an update the
        stored values where the row leaves a cell empty. None (and problems) where it is wrong."""
        changed_on = date_of(self.day[position])
        before = stored.get(number, {}) if number >= 0 else {}
        state = {
            key: given[key] if given.get(key) is not None else before.get(key)
            for key in (*given, "raised_on")
        }
        if number < 0:
            for key, default in _DEFAULTS.items():
                state[key] = state[key] or default
            missing = [k for k in _NEW_NEEDS if state[k] is None]
            for name in missing:
                self._flag_at(
                    np.array([position]),
                    "blocker_needs",
                    name,
                    detail=self._label(name),
                )
            if missing:
                return None
        state["raised_on"] = state["raised_on"] or changed_on
        if state["status"] != "resolved":
            if given["resolved_on"] is not None:
                self._flag_at(np.array([position]), "resolved_not_resolved", "resolved_on")
                return None
            state["resolved_on"] = None
        elif given["resolved_on"] is None and before.get("status") != "resolved":
            state["resolved_on"] = changed_on
        if state["category"] == OTHER_CATEGORY and not state["category_other"]:
            self._flag_at(
                np.array([position]),
                "other_needs_text",
                "category",
                detail=self._label("category_other"),
            )
            return None
        if not self._dates_in_order(position, state, changed_on):
            return None
        return {
            **state,
            "blocker_id": number,
            "is_new": number < 0,
            "changed_on": changed_on,
            "project_code": self.known[self.project[position]],
            "comment": given["comment"],
            "source_row": int(self.rows[position]),
        }

    def _dates_in_order(self, position: int, state: dict[str, Any], changed_on: dt.date) -> bool:
        """Raised on or before the date of the change, the due date and the resolution."""
        raised = state["raised_on"]
        checks = (
            ("report_date", changed_on),
            ("due_on", state["due_on"]),
            ("resolved_on", state["resolved_on"]),
        )
        ok = True
        for name, later in checks:
            if later is None or later >= raised:
                continue
            label = self._label("raised_on")
            self._flag_at(
                np.array([position]),
                "date_order",
                name,
                detail_vi=f"{label} ({format_date(raised, 'vi')})",
                detail_en=f"{label} ({format_date(raised, 'en')})",
            )
            ok = False
        return ok

    def _label(self, name: str) -> str:
        """A column's header as the file writes it, else as the template does."""
        return self.headers.get(name) or _TEMPLATE_HEADERS[name]

    def _number_new_blockers(self, rows: list[dict[str, Any]]) -> None:
        """Give each new blocker the next number (numbers drawn for a file never committed stay
        unused: the log never reuses one)."""
        new = [r for r in rows if r["is_new"]]
        if not new:
            return
        drawn = self.store.query_rows("next_blocker_ids", slots=list(range(len(new))))
        for row, (number,) in zip(new, drawn, strict=True):
            row["blocker_id"] = int(number)
