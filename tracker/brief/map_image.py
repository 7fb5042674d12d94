"""The brief's map: the province's communes coloured as on the page, the projects' alignments and
the communes with open blockers, drawn offline with matplotlib from the shipped boundaries (no
tiles, no network)."""

from __future__ import annotations

import io

import geopandas as gpd
import pandas as pd
import shapely
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from tracker.commune_figures import metric_values
from tracker.geodata import load_communes
from tracker.maps.colours import NO_DATA_COLOR, metric_scale
from tracker.maps.render import BOUNDARY_CREDIT, KIND_COLORS, class_labels
from tracker.store import Store
from tracker.ui_text import t

_WIDTH_IN = 6.3  # the text width of an A4 page with 2.5 cm margins
_DPI = 150


def map_png(
    store: Store,
    province: str,
    by_commune: pd.DataFrame,
    log: pd.DataFrame,
    projects: list[str],
    *,
    metric_title: str,
    lang: str,
) -> bytes:
    """A PNG of the communes coloured by % cleared (``by_commune`` from ``commune_summary``),
    with the alignments of ``projects`` and a dot on each commune with unresolved blockers."""
    communes = load_communes(province, full_resolution=False)
    values = metric_values(by_commune, "clearance_pct")
    scale = metric_scale("clearance_pct", values)
    colours = [scale.color(values.get(code)) for code in communes.code]
    minx, miny, maxx, maxy = communes.total_bounds
    height = _WIDTH_IN * (maxy - miny) / (maxx - minx) * 1.05
    # A Figure of its own (not pyplot's global state): safe on the app's threads.
    figure = Figure(figsize=(_WIDTH_IN, min(max(height, 4.0), 8.5)), dpi=_DPI)
    axes = figure.add_subplot()
    communes.plot(ax=axes, color=colours, edgecolor="#495057", linewidth=0.3)
    communes.dissolve().boundary.plot(ax=axes, color="#212529", linewidth=1.0)
    rows = store.query("project_geometries", projects=projects)
    handles: list[Line2D | Patch] = []
    for kind, group in rows.groupby("kind"):
        shapes = gpd.GeoSeries(shapely.from_wkb([bytes(b) for b in group.geometry_wkb]), crs=4326)
        colour = KIND_COLORS.get(str(kind), KIND_COLORS["other"])
        shapes.plot(ax=axes, color=colour, linewidth=1.6, markersize=4, linestyle="--")
        handles.append(Line2D([], [], color=colour, linestyle="--", label=t(f"kind_{kind}", lang)))
    open_ = log[log.unresolved & log.commune_code.notna()]
    if len(open_):
        points = communes.set_index("code").geometry.representative_point()
        late = open_.groupby("commune_code").overdue.any()
        for code, overdue in late.items():
            if code in points.index:
                point = points[code]
                axes.scatter(
                    point.x,
                    point.y,
                    s=60,
                    color="#e03131" if overdue else "#fd7e14",
                    edgecolor="white",
                    linewidth=1.2,
                    zorder=5,
                )
        handles.append(
            Line2D(
                [], [], marker="o", linestyle="", color="#fd7e14", label=t("legend_blockers", lang)
            )
        )
    labels = class_labels(scale, lang)
    handles = [
        *[Patch(color=c, label=label) for c, label in zip(scale.colors, labels, strict=True)],
        Patch(color=NO_DATA_COLOR, label=t("legend_no_data", lang)),
        *handles,
    ]
    axes.legend(
        handles=handles,
        title=metric_title,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=6,
        title_fontsize=7,
        frameon=False,
    )
    axes.set_axis_off()
    axes.set_aspect("equal")
    figure.text(0.01, 0.01, BOUNDARY_CREDIT, fontsize=4.5, color="#6c757d")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()
