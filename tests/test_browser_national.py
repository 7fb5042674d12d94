"""The country on one screen, as a person sees it: the national view, the drill-down to a province
and back, Điện Biên's link, and the layout on a desktop and on a 390 px phone. The app runs on
127.0.0.1 and any request leaving it fails the test."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from browser import MAP_FRAME, layout_problems

pytestmark = pytest.mark.browser

NATIONAL = "/?scope=national&as_of=2025-06-30&lang=en"
DIEN_BIEN = "/?province=11&as_of=2024-03-28&lang=en"
PROVINCES = "path.tracker-province"


def _settled(page) -> None:
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=90_000)


def _map(page):
    """The map on the page (a map left from the view before has no height and is not it)."""
    return page.locator(MAP_FRAME).filter(visible=True).content_frame


def _provinces(page):
    frame = _map(page)
    frame.locator(PROVINCES).first.wait_for(state="attached", timeout=90_000)
    return frame


def test_the_country_with_lang_son_and_the_national_average(app_url, offline) -> None:
    page = offline.page(viewport={"width": 1400, "height": 1400})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(app_url + NATIONAL)
    frame = _provinces(page)
    assert frame.locator(PROVINCES).count() == 34
    # Lạng Sơn is coloured, labelled 38.0% on the map and ranked first; Điện Biên, with no money
    # reported for 2025, is grey and says "no data", never 0%.
    assert frame.locator(".tracker-label", has_text="Lạng Sơn 38.0%").count() == 1
    lang_son = frame.locator(f"{PROVINCES}-20")
    assert lang_son.get_attribute("fill") != "#e9ecef"
    assert frame.locator(f"{PROVINCES}-11").get_attribute("fill") == "#e9ecef"
    legend = frame.locator(".tracker-legend").inner_text()
    assert "National average (published, as of 2025-06-30): 32.5%" in legend
    assert "no data" in legend
    _settled(page)
    body = page.inner_text("body")
    assert "32.5%" in body and "38.0%" in body
    assert "is a published figure, as of 2025-06-30" in body
    lang_son.hover()
    tip = frame.locator(".leaflet-tooltip").inner_text()
    assert "Lạng Sơn (20)" in tip and "38.0%" in tip and "2,169.9 billion VND" in tip
    assert errors == []


def test_a_click_on_a_province_opens_its_communes_and_back_returns(app_url, offline) -> None:
    page = offline.page(viewport={"width": 1400, "height": 1200})
    page.goto(app_url + NATIONAL)
    frame = _provinces(page)
    _settled(page)
    page.locator(MAP_FRAME).evaluate("el => el.scrollIntoView({block: 'center'})")
    frame.locator(f"{PROVINCES}-20").click()
    page.wait_for_function("() => location.search.includes('province=20')", timeout=60_000)
    query = parse_qs(urlparse(page.url).query)
    assert query["as_of"] == ["2025-06-30"] and query["lang"] == ["en"]
    assert "scope" not in query
    page.get_by_text("Land clearance and disbursement · Lạng Sơn").wait_for(timeout=60_000)
    _settled(page)
    communes = _map(page).locator("path.tracker-commune")
    communes.first.wait_for(timeout=90_000)
    assert communes.count() == 65
    page.go_back()
    page.wait_for_function("() => location.search.includes('scope=national')", timeout=60_000)
    page.get_by_text("Provinces ranked").wait_for(timeout=60_000)
    _settled(page)
    assert _provinces(page).locator(PROVINCES).count() == 34


def test_dien_biens_link_shows_its_programme_and_its_eighteen_projects(app_url, offline) -> None:
    page = offline.page(viewport={"width": 1400, "height": 1400})
    page.goto(app_url + DIEN_BIEN)
    page.get_by_text("Project status").first.wait_for(timeout=90_000)
    for label in ("Contractor selection", "% of centrally assigned plan"):
        page.locator("[data-testid='stMetricLabel']", has_text=label).first.wait_for()
    _settled(page)
    metrics = {
        m.locator("[data-testid='stMetricLabel']").inner_text().strip(): m.locator(
            "[data-testid='stMetricValue']"
        ).inner_text()
        for m in page.locator("[data-testid='stMetric']").all()
    }
    assert metrics["% of centrally assigned plan"] == "18.58%"
    assert metrics["Contractor selection"] == "5"
    assert int(metrics["Implementation"]) >= 6
    assert (
        sum(int(metrics[s]) for s in ("Preparation", "Contractor selection", "Implementation"))
        == 18
    )
    # The 18 projects stand on the map where they are said to be, dashed as indicative, with
    # their stage in the tooltip.
    frame = _map(page)
    frame.locator("path.tracker-commune").first.wait_for(timeout=60_000)
    markers = frame.locator("path.leaflet-interactive[d*='a4,4']")
    assert markers.count() >= 18
    page.locator(MAP_FRAME).evaluate("el => el.scrollIntoView({block: 'center'})")
    page.get_by_text("These projects report no land clearance").first.wait_for()


@pytest.mark.parametrize(
    "link", [NATIONAL, NATIONAL + "&level=commune", DIEN_BIEN], ids=["country", "communes", "db"]
)
@pytest.mark.parametrize("width", [1400, 390], ids=["desktop", "phone"])
def test_nothing_overlaps_or_runs_off_the_screen(app_url, offline, width, link) -> None:
    page = offline.page(viewport={"width": width, "height": 900})
    page.goto(app_url + link)
    page.locator(MAP_FRAME).wait_for(timeout=120_000)
    page.get_by_text("Link to exactly this view").wait_for(timeout=120_000)
    _settled(page)
    page.wait_for_timeout(1_000)  # charts take their final size after the last run
    assert layout_problems(page, width) == []


def test_the_commune_map_of_the_country_gets_detail_when_zoomed_in(app_url, offline) -> None:
    page = offline.page(viewport={"width": 1400, "height": 1100})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(app_url + NATIONAL + "&level=commune")
    page.locator(MAP_FRAME).wait_for(timeout=120_000)
    _map(page).locator("canvas.leaflet-zoom-animated").wait_for(timeout=120_000)
    _settled(page)
    assert not [u for u in requests if "/geo/communes-" in u]  # none before zooming in
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    frame.evaluate("() => { window.trackerMap.setView([21.85, 106.75], 9); }")
    frame.wait_for_function("() => (window.trackerDetail || 0) >= 1", timeout=60_000)
    fetched = [u for u in requests if "/geo/communes-" in u]
    assert any(u.endswith("/communes-20.json") for u in fetched)
    assert all(urlparse(u).hostname == "127.0.0.1" for u in fetched)
    # The communes on the canvas answer the mouse like any map: a tooltip, then a click that
    # opens the commune in its province. The map in the middle of the window, as a person looks
    # at it (a click on a map half off the screen scrolls the page as it lands).
    shown = page.locator(MAP_FRAME).filter(visible=True)
    shown.evaluate("el => el.scrollIntoView({block: 'center'})")
    box = shown.bounding_box()
    assert box is not None
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(*middle)
    page.mouse.move(middle[0] + 3, middle[1] + 3)
    tip = _map(page).locator(".leaflet-tooltip")
    tip.wait_for(timeout=30_000)
    assert "Lạng Sơn" in tip.inner_text()
    page.mouse.click(middle[0] + 3, middle[1] + 3)
    page.wait_for_function("() => location.search.includes('selected=')", timeout=60_000)
    query = parse_qs(urlparse(page.url).query)
    assert query["province"] == ["20"] and len(query["selected"][0]) == 5
