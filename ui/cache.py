"""What the page keeps between reruns: the store, and the map geometry of each province.

Geometry is prepared once per province and process (simplifying Lạng Sơn's full-resolution
communes takes about half a second). Figures are shared between viewers through the store's
cache, under the store's version, so an upload in any process is seen on every viewer's next run.
"""

from __future__ import annotations

import geopandas as gpd
import streamlit as st
from shapely.geometry.base import BaseGeometry

from tracker import config
from tracker.demo.build import ensure_demo
from tracker.geodata import load_communes
from tracker.maps.detail import install_detail
from tracker.maps.geometry import outline, prepare_communes
from tracker.maps.national import NationalLayer, commune_layer, province_layer
from tracker.store import Store, open_store
from tracker.store.cache import FigureCache
from tracker.web_assets import install_static, static_ready


@st.cache_resource
def get_store() -> Store:
    """One store per server process; each script run takes its own cursor from it."""
    store = open_store()
    ensure_demo(store)
    store.use_cache(FigureCache(config.cache_bytes()))
    return store


@st.cache_resource
def ensure_leaflet_files() -> bool:
    """Leaflet's files in ``static/leaflet/`` (``scripts/setup.sh`` puts them there; this covers a
    checkout started without it). True when they are in place."""
    if not static_ready():
        install_static()
    return static_ready()


@st.cache_resource(show_spinner=False)
def map_communes(province_code: str) -> gpd.GeoDataFrame:
    """The province's communes, simplified for a view of the whole province (shared, read-only)."""
    return prepare_communes(load_communes(province_code, full_resolution=True))


@st.cache_resource(show_spinner=False)
def province_outline(province_code: str) -> BaseGeometry:
    """The province's boundary, on the same grid as its prepared communes."""
    return outline(map_communes(province_code))


@st.cache_resource(show_spinner=False)
def country_provinces() -> NationalLayer:
    """The 34 provinces for the country map (shared, read-only)."""
    return province_layer()


@st.cache_resource(show_spinner=False)
def country_communes() -> NationalLayer:
    """The country's communes for its map, and the files of their full boundaries that the map
    fetches when zoomed in (made once, from the shipped boundaries)."""
    install_detail()
    return commune_layer()
