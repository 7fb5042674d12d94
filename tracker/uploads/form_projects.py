"""A form's projects and date: from its title, its group rows, its sheet names or its rows,
else as given; and its plan year."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from tracker.uploads import form_words as words
from tracker.uploads.form_model import SheetReading
from tracker.uploads.form_rows import label_columns
from tracker.uploads.problems import Problem, problem


@dataclass(frozen=True)
class KnownProjects:
    """The live projects' codes and names, as a form's words are matched against them."""

    codes: tuple[str, ...]
    names: tuple[str, ...]

    @classmethod
    def of(cls, projects: pd.DataFrame) -> KnownProjects:
        return cls(tuple(projects.project_code.astype(str)), tuple(projects.name_vi.astype(str)))


def match_project(text: str, projects: KnownProjects) -> str | None:
    """The project a title, group row or name cell names: by code, or by the distinctive words
    of its name, in order ("Đồng Đăng (Lạng Sơn) – Trà Lĩnh" names "Cao tốc Đồng Đăng – Trà
    Lĩnh"); None when none or more than one fits equally well."""
    return _match_project(text, projects.codes, projects.names)


@lru_cache(maxsize=4096)
def _match_project(text: str, codes: tuple[str, ...], names: tuple[str, ...]) -> str | None:
    found = words.folded(text).split()
    if not found:
        return None
    best: list[tuple[int, str]] = []
    for code, name in zip(codes, names, strict=True):
        score = 1000 if _in_order(words.folded(code).split(), found, together=True) else 0
        core = words.project_core(name)
        if core and _in_order(core.split(), found):
            score = max(score, len(core))
        if score:
            best.append((score, code))
    best.sort(reverse=True)
    if not best or (len(best) > 1 and best[0][0] == best[1][0]):
        return None
    return best[0][1]


def _in_order(wanted: list[str], found: list[str], *, together: bool = False) -> bool:
    """Whether every word of ``wanted`` appears in ``found`` in the same order (next to each
    other when ``together``: a code such as "LS DTC")."""
    if together:
        size = len(wanted)
        return any(found[i : i + size] == wanted for i in range(len(found) - size + 1))
    remaining = iter(found)
    return all(word in remaining for word in wanted)


def projects_of_rows(sheet: SheetReading, kind: str, projects: KnownProjects) -> None:
    """Each body row's project: its own name cell (disbursement), else the innermost group row
    that names one; None where neither says (the sheet's project, settled later)."""
    _, label_at = label_columns(sheet, kind)
    from_group: dict[int, str] = {}
    # Groups in row order: an inner group starts below its outer one and so overrides it.
    for group in sorted(g for g in sheet.scopes if sheet.roles[g] == "group"):
        code = match_project(" ".join(sheet.rows[group]), projects)
        if code is not None:
            from_group.update(dict.fromkeys(sheet.scopes[group], code))
    for i in sheet.rows_with("body"):
        own = None
        if kind == "disbursement" and label_at is not None:
            own = match_project(sheet.rows[i][label_at], projects)
        sheet.row_project[i] = own or from_group.get(i)


def settle_project_and_date(
    sheet: SheetReading,
    projects: KnownProjects,
    project: str | None,
    as_of: dt.date | None,
    found: list[Problem],
) -> None:
    """The sheet's project (title, sheet name, or the one given) for rows that no group row
    names, its as-of date (title, header, or the one given) and its plan year."""
    first_header = sheet.header_rows[0]
    titles = [(i, " ".join(c for c in sheet.rows[i] if c.strip())) for i in range(first_header)]
    own = _project_in_titles(titles, projects)
    if own is None and sheet.name:
        code = match_project(sheet.name, projects)
        own = None if code is None else (code, f"sheet:{sheet.name}")
    chosen = own[0] if own else project
    sheet.project_from = own[1] if own else ("given" if project else "")
    for i, code in sheet.row_project.items():
        if code is None:
            sheet.row_project[i] = chosen
    named_in_rows = sheet.column_of("project_code") is not None
    if not named_in_rows and any(code is None for code in sheet.row_project.values()):
        vi, en = _in_sheet(sheet)
        found.append(problem("error", "form_no_project", detail_vi=vi, detail_en=en))
    headers = [(i, " ".join(sheet.rows[i])) for i in sheet.header_rows]
    for i, text in [*titles, *headers]:
        ymd = words.as_of_in(words.folded(text))
        if ymd is not None:
            try:
                sheet.as_of = dt.date(*ymd)
            except ValueError:
                continue
            sheet.as_of_from = f"row:{i + 1}"
            break
    if sheet.as_of is None and as_of is not None:
        sheet.as_of, sheet.as_of_from = as_of, "given"
    if sheet.as_of is None and sheet.column_of("report_date") is not None:
        sheet.as_of_from = "column"  # every row has its own date
    elif sheet.as_of is None:
        vi, en = _in_sheet(sheet)
        found.append(problem("error", "form_no_date", detail_vi=vi, detail_en=en))
    plan = [c.header for c in sheet.columns if c.field and c.field.startswith("plan_vnd")]
    years = [words.year_in(words.folded(t)) for t in [*plan, *(t for _, t in titles)]]
    sheet.year = next((y for y in years if y), sheet.as_of.year if sheet.as_of else None)


def _in_sheet(sheet: SheetReading) -> tuple[str, str]:
    """Which sheet a problem is on, to add to its message (nothing for a CSV file)."""
    if not sheet.name:
        return "", ""
    return f" (trang '{sheet.name}')", f" (sheet '{sheet.name}')"


def _project_in_titles(
    titles: list[tuple[int, str]], projects: KnownProjects
) -> tuple[str, str] | None:
    """The project of "Dự án: …" in the title block, else of any title row naming one."""
    labelled = [(i, t) for i, t in titles if re.match(r"^(du an|cong trinh)\b", words.folded(t))]
    for i, text in [*labelled, *titles]:
        code = match_project(text, projects)
        if code is not None:
            return code, f"row:{i + 1}"
    return None
