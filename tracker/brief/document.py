"""The brief as a Word document, laid out the way provincial reports are: the title block (the
authority and the national motto side by side), the headline figures, the map, one table per
project, the lagging communes, the open and overdue blockers, the forecasts, and the sources with
the synthetic-data note. Every number is formatted as the page formats it."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from urllib.parse import urlencode

import pandas as pd
from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import Table

from tracker.blockers import unresolved
from tracker.brief.map_image import map_png
from tracker.figures import clearance_from_rows
from tracker.geodata import province_name
from tracker.i18n import format_date, format_number, format_percent, format_vnd_billion
from tracker.maps.words import metric_title
from tracker.outlook import (
    at_risk_table,
    blocker_table,
    disbursement_forecast_line,
    forecast_lines,
)
from tracker.store import Store
from tracker.tables import format_commune_table, kpi_table
from tracker.ui_text import t
from tracker.view import ViewFigures as BriefFigures
from tracker.viewstate import to_query
from tracker.vocabulary import DESIGN_BASELINE_CODE

#: Called with the share of the work done (0 to 1) and what is being done, in words.
Progress = Callable[[float, str], object]
_FONT = "Times New Roman"  # the font of Vietnamese administrative documents
_PROJECT_COLUMNS = (
    "commune",
    "required_basic",
    "required_technical",
    "cleared_ha",
    "pct_basic",
    "pct_technical",
    "change_ha",
    "report_date",
)
_BLOCKER_COLUMNS = (
    "col_blocker",
    "project",
    "commune",
    "col_category",
    "col_description",
    "col_agency",
    "col_due",
    "col_status",
    "col_escalation",
    "col_overdue",
)


def write_brief(store: Store, figures: BriefFigures, *, progress: Progress | None = None) -> bytes:
    """The brief of ``figures`` (from :func:`tracker.brief.gather`) as ``.docx`` bytes."""
    lang = figures.state.lang
    report = progress or (lambda _share, _step: None)
    document = Document()
    _page_setup(document)
    _title_block(document, figures, lang)
    _heading(document, t("brief_section_headline", lang))
    _headline(document, figures, lang)
    report(0.3, t("brief_step_map", lang))
    _heading(document, t("brief_section_map", lang))
    title = metric_title(
        "clearance_pct", figures.state.clearance_baseline, figures.state.plan_baseline, lang
    )
    image = map_png(
        store,
        figures.province,
        figures.by_commune,
        figures.log,
        figures.projects,
        metric_title=title,
        lang=lang,
    )
    document.add_picture(io.BytesIO(image), width=Cm(16))
    _paragraph(
        document,
        t("brief_map_caption", lang).format(title=title, date=format_date(figures.as_of, lang)),
        size=9,
        italic=True,
    )
    report(0.6, t("brief_step_document", lang))
    _heading(document, t("brief_section_projects", lang))
    _projects(document, figures, lang)
    _heading(document, t("brief_section_lagging", lang))
    _lagging(document, figures, lang)
    _heading(document, t("brief_section_blockers", lang))
    _blockers(document, figures, lang)
    _heading(document, t("brief_section_forecasts", lang))
    _forecasts(document, figures, lang)
    _heading(document, t("brief_section_sources", lang))
    _sources(document, figures, lang)
    _signatures(document, lang)
    buffer = io.BytesIO()
    document.save(buffer)
    report(1.0, t("brief_ready", lang))
    return buffer.getvalue()


# -- layout helpers --------------------------------------------------------------------------


def _page_setup(document: DocumentType) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    normal = document.styles["Normal"]
    normal.font.name = _FONT
    normal.font.size = Pt(12)


def _paragraph(
    document: DocumentType,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    center: bool = False,
) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _heading(document: DocumentType, text: str) -> None:
    _paragraph(document, text, bold=True, size=13)


def _table(document: DocumentType, frame: pd.DataFrame, *, size: float = 9) -> Table:
    """``frame`` (text cells) as a bordered table with a bold header row."""
    table = document.add_table(rows=1, cols=len(frame.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, name in zip(table.rows[0].cells, frame.columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(name))
        run.bold = True
        run.font.size = Pt(size)
    for values in frame.itertuples(index=False):
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run("" if value is None else str(value))
            run.font.size = Pt(size)
    document.add_paragraph()
    made: Table = table
    return made


def _bold_last_row(table: Table) -> None:
    for cell in table.rows[-1].cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.bold = True


# -- sections --------------------------------------------------------------------------------


def _title_block(document: DocumentType, figures: BriefFigures, lang: str) -> None:
    province = province_name(figures.province)
    block = document.add_table(rows=2, cols=2)
    left = [t("brief_authority", lang).format(province=province.upper()), t("brief_board", lang)]
    right = [t("brief_nation", lang), t("brief_motto", lang)]
    for row, (a, b) in enumerate(zip(left, right, strict=True)):
        for cell, text, bold in ((block.cell(row, 0), a, row == 1), (block.cell(row, 1), b, True)):
            cell.text = ""
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.bold = bold
            run.font.size = Pt(12)
    today = figures.as_of
    place = t("brief_place_date", lang).format(
        province=province,
        day=today.day,
        month=today.month,
        year=today.year,
        date=format_date(today, lang),
    )
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run(place).italic = True
    _paragraph(document, t("brief_title", lang), bold=True, size=14, center=True)
    _paragraph(document, t("brief_subtitle", lang), bold=True, center=True)
    week = figures.as_of.isocalendar().week
    as_of = t("brief_as_of", lang).format(date=format_date(figures.as_of, lang), week=week)
    _paragraph(document, as_of, italic=True, center=True)
    _paragraph(document, t("brief_scope", lang).format(scope=_scope(figures, lang)), size=10)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run(t("brief_unit", lang)).italic = True


def _scope(figures: BriefFigures, lang: str) -> str:
    parts = [", ".join(figures.projects) if figures.state.projects else t("all_projects", lang)]
    if figures.communes:
        parts.append(", ".join(figures.names.get(c, c) for c in figures.communes))
    parts.append(f"{t('baseline', lang)} {DESIGN_BASELINE_CODE[figures.state.clearance_baseline]}")
    if figures.state.category:
        parts.append(t(f"blocker_category_{figures.state.category}", lang))
    return "; ".join(parts)


def _project_names(figures: BriefFigures, lang: str) -> dict[str, str]:
    return {
        p["project_code"]: p["name_vi"] if lang == "vi" else p["name_en"]
        for p in figures.summary["projects"]
    }


def _headline(document: DocumentType, figures: BriefFigures, lang: str) -> None:
    """Each project against both design baselines, as on the KPI cards, then the money."""
    project_names = _project_names(figures, lang)
    forecasts = {f.project_code: f for f in figures.forecasts}
    table = kpi_table(
        figures.rows, project_names, figures.state.clearance_baseline, lang, forecasts
    )
    if not table.empty:
        _table(document, table, size=9)
    summary = figures.summary
    if summary["disbursed_vnd"] is not None:
        text = t("brief_disbursement", lang).format(
            scope=t("disbursement_scope_province", lang),
            amount=format_vnd_billion(summary["disbursed_vnd"], lang),
            pct_central=format_percent(summary["pct_central_plan"], lang, 2, min_decimals=1),
            pct_local=format_percent(summary["pct_local_plan"], lang, 2, min_decimals=1),
            national=format_percent(summary["national_avg_pct"], lang, 1),
        )
        _paragraph(document, text)


def _projects(document: DocumentType, figures: BriefFigures, lang: str) -> None:
    """One table per project: its communes as the page's table shows them, and the total."""
    names = pd.Series(figures.names, dtype=object)
    project_names = _project_names(figures, lang)
    for code in dict.fromkeys(figures.rows.project_code):
        mine = figures.rows[figures.rows.project_code == code]
        _paragraph(document, f"{code} · {project_names.get(code, '')}", bold=True)
        text = format_commune_table(mine, names, lang)[[t(c, lang) for c in _PROJECT_COLUMNS]]
        text.insert(0, t("brief_no", lang), [str(i) for i in range(1, len(text) + 1)])
        f = clearance_from_rows(mine)
        total = {
            t("brief_no", lang): "",
            t("commune", lang): t("brief_total", lang),
            t("required_basic", lang): format_number(f.required_ha_basic, lang),
            t("required_technical", lang): format_number(f.required_ha_technical, lang),
            t("cleared_ha", lang): format_number(f.cleared_ha, lang),
            t("pct_basic", lang): format_percent(f.pct_basic, lang, 2, min_decimals=1),
            t("pct_technical", lang): format_percent(f.pct_technical, lang, 2, min_decimals=1),
            t("change_ha", lang): format_number(f.change_ha, lang),
            t("report_date", lang): format_date(f.report_date, lang),
        }
        table = _table(document, pd.concat([text, pd.DataFrame([total])]), size=8)
        _bold_last_row(table)


def _lagging(document: DocumentType, figures: BriefFigures, lang: str) -> None:
    lagging = figures.lagging
    if lagging.empty:
        _paragraph(document, t("lagging_none", lang))
        return
    frame = pd.DataFrame(
        {
            t("commune", lang): [
                f"{n} ({c})" for n, c in zip(lagging.name, lagging.code, strict=True)
            ],
            t("lagging_pct", lang): [format_percent(v, lang, 1) for v in lagging.value],
            t("cleared_ha", lang): [format_number(v, lang) for v in lagging.cleared_ha],
            t("metric_remaining_ha", lang): [
                format_number(max(r - c, 0.0), lang)
                for r, c in zip(lagging.required_ha, lagging.cleared_ha, strict=True)
            ],
        }
    )
    _table(document, frame, size=10)


def _blockers(document: DocumentType, figures: BriefFigures, lang: str) -> None:
    open_ = unresolved(figures.log)
    if open_.empty:
        _paragraph(document, t("blockers_none", lang))
        return
    late = int(open_.overdue.sum())
    if late:
        _paragraph(document, t("blockers_overdue", lang).format(n=late), bold=True)
    table = blocker_table(open_, figures.names, lang)[[t(c, lang) for c in _BLOCKER_COLUMNS]]
    _table(document, table, size=8)


def _forecasts(document: DocumentType, figures: BriefFigures, lang: str) -> None:
    for forecast in figures.forecasts:
        _paragraph(document, forecast.project_code, bold=True)
        for line in forecast_lines(forecast, figures.names, lang):
            document.add_paragraph(line, style="List Bullet")
    project_names = _project_names(figures, lang)
    risky = at_risk_table(figures.forecasts, project_names, lang)
    _paragraph(document, t("at_risk_heading", lang), bold=True)
    if risky.empty:
        _paragraph(document, t("at_risk_none", lang))
    else:
        _table(document, risky, size=9)
    if figures.money_forecast is not None:
        _paragraph(document, disbursement_forecast_line(figures.money_forecast, lang))


def _sources(document: DocumentType, figures: BriefFigures, lang: str) -> None:
    synthetic = False
    sources = figures.sources
    for title, publisher, published, is_synthetic in zip(
        sources.title, sources.publisher, sources.published_on, sources.is_synthetic, strict=True
    ):
        parts = [str(title)]
        if isinstance(publisher, str) and publisher:
            parts.append(publisher)
        if isinstance(published, dt.date) and str(published) != "NaT":
            parts.append(format_date(published, lang))
        if bool(is_synthetic):
            synthetic = True
            parts.append(f"({t('brief_synthetic', lang)})")
        document.add_paragraph(" · ".join(parts), style="List Bullet")
    if synthetic:
        _paragraph(document, t("synthetic_note", lang), italic=True)
    for warning in figures.summary["warnings"]:
        _paragraph(document, f"{t('warnings', lang)}: {warning['message']}", size=10)
    link = "/?" + urlencode(to_query(figures.state.with_changes(as_of=figures.as_of)), doseq=True)
    generated = t("brief_generated", lang).format(
        date=format_date(dt.date.today(), lang), link=link
    )
    _paragraph(document, generated, size=9, italic=True)


def _signatures(document: DocumentType, lang: str) -> None:
    block = document.add_table(rows=1, cols=2)
    for cell, key in zip(block.rows[0].cells, ("brief_prepared_by", "brief_head"), strict=True):
        cell.text = ""
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(t(key, lang)).bold = True


def brief_file_name(figures: BriefFigures) -> str:
    """``bao-cao-tuan-20-2025-06-30.docx``: the province and the date, nothing else."""
    return f"bao-cao-tuan-{figures.province}-{figures.as_of.isoformat()}.docx"
