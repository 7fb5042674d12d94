"""The app as a person sees it: served on 127.0.0.1, opened in headless Chromium, no network.

Every browser context records and aborts any request that would leave 127.0.0.1; each test ends
by asserting there was none, so a CDN script or a tile fetch slipping into the map fails here.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from browser import MAP_FRAME, REPO, layout_problems

from tracker.geodata import load_communes

pytestmark = pytest.mark.browser

COMMUNES = "path.tracker-commune"
LINK = "/?project=HNCL&baseline=TKKT&as_of=2025-06-30&lang=en"


def _fills_seen(shot: Path, box: dict[str, float]) -> dict[str, float]:
    """Which fills of the map a screenshot shows, with the share of the map's pixels each
    covers: the colour classes of the clearance scale (at 75% opacity over the map's background)
    and "no data" (at 45%). A class counts from 0.05% of the pixels (a small commune)."""
    import numpy as np
    from PIL import Image

    from tracker.maps.colours import NO_DATA_COLOR, metric_scale

    image = np.asarray(Image.open(shot).convert("RGB"), dtype=np.int16)
    top, left = int(box["y"]), int(box["x"])
    pixels = image[top : top + int(box["height"]), left : left + int(box["width"])].reshape(-1, 3)
    background = np.array([0xF8, 0xF9, 0xFA])
    fills = {c: 0.75 for c in metric_scale("clearance_pct", pd.Series(dtype=float)).colors}
    fills[NO_DATA_COLOR] = 0.45
    seen = {}
    for color, opacity in fills.items():
        rgb = np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)])
        blended = opacity * rgb + (1 - opacity) * background
        share = float((np.abs(pixels - blended).max(axis=1) <= 4).mean())
        if share >= 0.0005:
            seen[color] = round(share, 4)
    return seen


def _communes(page):
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(COMMUNES).first.wait_for(timeout=60_000)
    return frame.locator(COMMUNES)


def test_shared_link_shows_the_figures_and_the_communes(app_url, offline, tmp_path) -> None:
    page = offline.page(viewport={"width": 1400, "height": 1300})
    page.goto(app_url + LINK)
    page.get_by_text("596.94 ha").first.wait_for(timeout=60_000)
    assert _communes(page).count() == 65  # every commune of Lạng Sơn, one SVG path each
    body = page.inner_text("body")
    assert "96.5%" in body and "120.0%" in body
    frame = page.frame_locator(MAP_FRAME)
    legend = frame.locator(".tracker-legend").inner_text()
    assert "% cleared (TKKT)" in legend and "indicative" in legend
    dashed = frame.locator("path[stroke-dasharray='8 6']")
    assert dashed.count() >= 1  # HNCL's indicative alignment
    # Look at the map itself, as a person would: the KPIs and forecasts above may push it down.
    page.locator(MAP_FRAME).evaluate("el => el.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(1_500)  # let the map settle before the picture
    shot = tmp_path / "main.png"
    page.screenshot(path=str(shot), full_page=False)
    # In the picture, as a person sees it, the map shows communes in several colour classes.
    box = page.locator(MAP_FRAME).bounding_box()
    assert box is not None
    fills = _fills_seen(shot, box)
    assert fills.get("#e9ecef", 0) > 0.1, fills  # communes HNCL does not cross: "no data"
    assert len(set(fills) - {"#e9ecef"}) >= 3, fills  # HNCL's communes, in several classes
    if os.environ.get("TRACKER_UPDATE_SCREENSHOT") == "1":
        (REPO / "docs").mkdir(exist_ok=True)
        shutil.copy(shot, REPO / "docs" / "screenshot.png")


def test_clicking_a_commune_opens_its_detail(app_url, offline) -> None:
    page = offline.page(viewport={"width": 1400, "height": 1100})
    page.goto(app_url + LINK)
    communes = _communes(page)
    # A commune HNCL crosses: coloured (the others keep the grey "no project" fill).
    coloured = page.frame_locator(MAP_FRAME).locator(f"{COMMUNES}:not([fill='#e9ecef'])")
    coloured.first.wait_for(timeout=30_000)
    assert 1 <= coloured.count() < communes.count()
    # Keep the map in the middle of the window, as a person looking at it would.
    page.locator(MAP_FRAME).evaluate("el => el.scrollIntoView({block: 'center'})")
    coloured.first.click()
    page.wait_for_function("() => window.location.search.includes('selected=')", timeout=30_000)
    code = parse_qs(urlparse(page.url).query)["selected"][0]
    heading = page.locator("h4").filter(has_text=f"({code})")
    heading.wait_for(timeout=30_000)
    name = load_communes("20").set_index("code").loc[code, "full_name"]
    assert heading.inner_text().strip() == f"{name} ({code})"
    # Its figures: each project's row and weekly path, or a plain "no project here".
    page.get_by_text(re.compile("^History$|No selected project crosses")).first.wait_for(
        timeout=30_000
    )


def test_a_changed_filter_is_in_the_link_for_a_fresh_browser(app_url, offline) -> None:
    page = offline.page(viewport={"width": 1400, "height": 1000})
    page.goto(app_url + LINK)
    _communes(page)
    page.get_by_text("Area remaining (ha)").first.click()
    page.wait_for_function("() => location.search.includes('metric=remaining_ha')", timeout=30_000)
    page.get_by_text("Tiếng Việt").first.click()
    page.wait_for_function("() => !location.search.includes('lang=en')", timeout=30_000)
    page.get_by_text("596,94 ha").first.wait_for(timeout=30_000)
    link = page.url

    again = offline.page(viewport={"width": 1400, "height": 1000})
    again.goto(link)
    again.get_by_text("596,94 ha").first.wait_for(timeout=60_000)
    assert _communes(again).count() == 65
    legend = again.frame_locator(MAP_FRAME).locator(".tracker-legend").inner_text()
    assert "Diện tích còn lại (ha) (TKKT)" in legend
    assert again.url == link


def test_downloaded_map_opens_with_no_network(demo_store, offline, tmp_path) -> None:
    import datetime as dt

    from tracker.commune_figures import commune_summary, metric_values, project_commune_rows
    from tracker.geodata import load_communes
    from tracker.maps.colours import metric_scale
    from tracker.maps.geometry import prepare_communes
    from tracker.maps.render import INLINE, build_map, legend_html, map_html
    from tracker.maps.words import legend_text

    rows = project_commune_rows(demo_store, dt.date(2025, 6, 30), province_code="20", projects=None)
    summary = commune_summary(rows, clearance_baseline="technical", plan_baseline="central")
    values = metric_values(summary, "clearance_pct")
    scale = metric_scale("clearance_pct", values)
    legend = legend_html(scale, legend_text("%", [], "vi"), "vi", [])
    prepared = prepare_communes(load_communes("20", full_resolution=True))
    path = tmp_path / "map.html"
    path.write_text(map_html(build_map(prepared, values, scale, {}, legend, assets=INLINE)))
    page = offline.page()
    page.goto(path.as_uri())
    page.locator(COMMUNES).first.wait_for(timeout=30_000)
    assert page.locator(COMMUNES).count() == 65


def test_the_default_view_draws_every_project(app_url, offline) -> None:
    """No filter: all nine projects, wind turbines (points) included, on one map without a
    script error."""
    page = offline.page(viewport={"width": 1400, "height": 1100})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(app_url + "/")
    assert _communes(page).count() == 65
    frame = page.frame_locator(MAP_FRAME)
    turbines = frame.locator("path.leaflet-interactive[d*='a4,4']")  # Leaflet's circle markers
    assert turbines.count() >= 40  # 25 Ái Quốc + 15 Lộc Bình turbines as small circles
    assert errors == []


@pytest.mark.parametrize("width", [1400, 390], ids=["desktop", "phone"])
def test_with_all_projects_nothing_overlaps_or_runs_off_the_screen(app_url, offline, width) -> None:
    page = offline.page(viewport={"width": width, "height": 900})
    page.goto(app_url + "/?as_of=2025-06-30&lang=en")
    page.get_by_text("Communes holding projects back").first.wait_for(timeout=90_000)
    page.locator("[data-testid='stVegaLiteChart']").nth(3).wait_for(timeout=60_000)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=60_000)
    assert layout_problems(page, width) == []


def test_loading_placeholders_stay_still_and_the_style_takes_no_room(app_url, offline) -> None:
    page = offline.page(viewport={"width": 1400, "height": 1000})
    page.goto(app_url + LINK)
    _communes(page).first.wait_for(timeout=60_000)
    # A placeholder as Streamlit draws one while an element's code loads, pulsing.
    names = page.evaluate(
        """() => {
            const keyframes = document.createElement('style');
            keyframes.textContent = '@keyframes pulse { from {opacity: 1} to {opacity: .4} }';
            document.head.appendChild(keyframes);
            return ['stSkeleton', 'stSkeletonElement'].map((id) => {
                const e = document.createElement('div');
                e.setAttribute('data-testid', id);
                e.style.animation = 'pulse 1s infinite';
                document.body.appendChild(e);
                return getComputedStyle(e).animationName;
            });
        }"""
    )
    assert names == ["none", "none"]
    # The style element is on the page but draws nothing: no empty gap above the title.
    holders = page.evaluate(
        """() => [...document.querySelectorAll('style')]
            .filter((s) => s.textContent.includes('stSkeleton') && s.closest('[data-testid]'))
            .map((s) => {
                const c = s.closest('[data-testid]');
                return [c.getAttribute('data-testid'), c.getBoundingClientRect().height];
            })"""
    )
    assert holders and all(height <= 1 for _, height in holders), holders
    assert offline.outside == []
