"""Điện Biên's demo projects lie in the communes they are listed with."""

from __future__ import annotations

import shapely

from tracker.demo import catalogue as cat
from tracker.demo.dien_bien import DIEN_BIEN, dien_bien_sites
from tracker.geodata import load_communes


def test_every_dien_bien_project_has_a_site_in_its_communes() -> None:
    sites = dien_bien_sites()
    projects = [p for p in cat.PROJECTS if p.province_code == DIEN_BIEN and p.kind != "programme"]
    assert sorted(sites) == sorted(p.code for p in projects)
    assert len(projects) == 18
    communes = load_communes(DIEN_BIEN).set_index("code").geometry
    for code, site in sites.items():
        for point in shapely.get_parts(site.geometry):
            inside = {c for c, shape in communes.items() if shape.covers(point)}
            assert len(inside) == 1 and inside <= set(site.communes), (code, point, inside)
        reached = {c for c, shape in communes.items() if shape.intersects(site.geometry)}
        assert reached == set(site.communes), code


def test_sites_are_the_same_on_every_call() -> None:
    again = dien_bien_sites()
    for code, site in dien_bien_sites().items():
        assert again[code].geometry.equals_exact(site.geometry, 0)
