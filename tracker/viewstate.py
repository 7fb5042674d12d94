"""The view's state as URL query parameters, so a link reopens exactly the same view.

Parameter names are a public interface (documented in the README) and must stay stable. Unknown
or invalid values are dropped, each with a note the page shows; nothing here raises. Values equal
to the default are left out of links, so ``to_query(from_query(q)) == q`` for any valid ``q``
written without defaults.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from tracker.i18n import DEFAULT_LANGUAGE, LANGUAGES
from tracker.vocabulary import (
    BLOCKER_CATEGORIES,
    DESIGN_BASELINE_BY_CODE,
    PLAN_BASELINES,
    PROJECT_KINDS,
)

_PROJECT_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")
_PROVINCE_CODE = re.compile(r"^\d{2}$")
_COMMUNE_CODE = re.compile(r"^\d{5}$")

PARAMETERS = (
    "province",
    "kind",
    "project",
    "commune",
    "as_of",
    "metric",
    "baseline",
    "lang",
    "selected",
    "basemap",
    "blocker",
    "category",
    "scope",
    "level",
)
#: What the communes are coloured by.
METRICS = ("clearance_pct", "remaining_ha", "households_relocated", "disbursement_pct")
DEFAULT_METRIC = "clearance_pct"
#: Design baselines of land clearance as links write them (TKKT, the default, first).
CLEARANCE_BASELINES = ("TKKT", "TKCS")
BASEMAPS = ("none", "osm", "custom")
DEFAULT_BASEMAP = "none"
#: Narrow the view to communes with blockers still unresolved ("open"), or past due ("overdue").
BLOCKER_FILTERS = ("open", "overdue")

#: One province's communes, or the whole country.
SCOPES = ("province", "national")
DEFAULT_SCOPE = "province"
#: What the national map draws: provinces, or every commune of the country.
LEVELS = ("province", "commune")
DEFAULT_LEVEL = "province"


def default_metric(scope: str) -> str:
    """What the map is coloured by when the link names nothing: clearance for a province, and
    disbursement (what every province reports) for the country."""
    return "disbursement_pct" if scope == "national" else DEFAULT_METRIC


def default_baseline(metric: str) -> str:
    """The baseline a metric is measured against when the link names none."""
    return PLAN_BASELINES[0] if metric == "disbursement_pct" else CLEARANCE_BASELINES[0]


def baselines_for(metric: str) -> tuple[str, ...]:
    """The baselines that apply to ``metric``."""
    return PLAN_BASELINES if metric == "disbursement_pct" else CLEARANCE_BASELINES


@dataclass(frozen=True)
class ViewState:
    """Everything that decides what the board shows."""

    province: str | None = None
    kind: str | None = None
    projects: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()
    as_of: dt.date | None = None
    metric: str = DEFAULT_METRIC
    baseline: str | None = None  # None: the metric's default baseline
    lang: str = DEFAULT_LANGUAGE
    selected: str | None = None
    basemap: str = DEFAULT_BASEMAP
    blocker: str | None = None  # "open" or "overdue": only communes with such blockers
    category: str | None = None  # only blockers of this category
    scope: str = DEFAULT_SCOPE
    level: str = DEFAULT_LEVEL

    @property
    def effective_baseline(self) -> str:
        return self.baseline or default_baseline(self.metric)

    @property
    def clearance_baseline(self) -> str:
        """ "basic" or "technical": the design baseline clearance is measured against."""
        chosen = self.effective_baseline
        return DESIGN_BASELINE_BY_CODE.get(chosen, "technical")

    @property
    def plan_baseline(self) -> str:
        """ "central" or "local": the disbursement plan money is measured against."""
        chosen = self.effective_baseline
        return chosen if chosen in PLAN_BASELINES else PLAN_BASELINES[0]

    def with_changes(self, **changes: object) -> ViewState:
        """A copy with ``changes`` applied (a thin, typed-enough wrapper over ``replace``)."""
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class DroppedParameter:
    name: str
    value: str
    reason_vi: str
    reason_en: str

    def message(self, lang: str) -> str:
        reason = self.reason_en if lang == "en" else self.reason_vi
        return f"{self.name}={self.value!r}: {reason}"


@dataclass
class ParsedView:
    state: ViewState
    dropped: list[DroppedParameter] = field(default_factory=list)


def _values(query: Mapping[str, str | Sequence[str]], name: str) -> list[str]:
    raw = query.get(name)
    if raw is None:
        return []
    return [raw] if isinstance(raw, str) else [str(v) for v in raw]


class _Reader:
    """Reads one parameter at a time, collecting what it has to drop."""

    def __init__(self, query: Mapping[str, str | Sequence[str]]) -> None:
        self.query = query
        self.dropped: list[DroppedParameter] = []

    def drop(self, name: str, value: str, vi: str, en: str) -> None:
        self.dropped.append(DroppedParameter(name, value, vi, en))

    def one(self, name: str) -> str | None:
        """The first value of ``name``; any further values are dropped (a view has one)."""
        values = self._strip(_values(self.query, name))
        for extra in values[1:]:
            self.drop(name, extra, "chỉ nhận một giá trị", "only one value is allowed")
        return values[0] if values else None

    def many(self, name: str) -> list[str]:
        return self._strip(_values(self.query, name))

    def choice(self, name: str, allowed: Sequence[str], vi: str, en: str) -> str | None:
        value = self.one(name)
        if value is None:
            return None
        if value in allowed:
            return value
        self.drop(name, value, vi, en)
        return None

    @staticmethod
    def _strip(values: list[str]) -> list[str]:
        # An empty value (``?project=``) says nothing; it is not an error worth a note.
        return [v.strip() for v in values if v.strip()]


def from_query(
    query: Mapping[str, str | Sequence[str]],
    *,
    known_projects: Sequence[str] | Mapping[str, str] | None = None,
    known_provinces: Sequence[str] | None = None,
    known_communes: Sequence[str] | None = None,
) -> ParsedView:
    """Read a view from query parameters, dropping what is unknown or invalid (with a note).

    ``known_projects`` may map each code to its kind: then a project of another kind than the
    ``kind`` asked for is dropped too. ``known_communes`` are the valid 5-digit codes.
    """
    r = _Reader(query)
    for name in query:
        if name not in PARAMETERS:
            r.drop(
                name,
                ",".join(_values(query, name)),
                "tham số không được hỗ trợ",
                "unknown parameter",
            )
    lang = r.choice("lang", LANGUAGES, "chỉ nhận vi hoặc en", "must be vi or en")
    province = _province(r, known_provinces)
    kind = r.choice(
        "kind",
        PROJECT_KINDS,
        "loại dự án không hợp lệ (" + ", ".join(PROJECT_KINDS) + ")",
        "unknown project kind (" + ", ".join(PROJECT_KINDS) + ")",
    )
    projects = _projects(r, known_projects, kind)
    communes = _communes(r, "commune", known_communes)
    selected_list = _communes(r, "selected", known_communes, single=True)
    as_of = _date(r)
    scope = r.choice(
        "scope", SCOPES, "phạm vi phải là province hoặc national", "must be province or national"
    )
    scope = scope or DEFAULT_SCOPE
    level = r.choice(
        "level", LEVELS, "cấp phải là province hoặc commune", "must be province or commune"
    )
    metric = r.choice(
        "metric",
        METRICS,
        "chỉ tiêu không hợp lệ (" + ", ".join(METRICS) + ")",
        "unknown metric (" + ", ".join(METRICS) + ")",
    )
    metric = metric or default_metric(scope)
    baseline = _baseline(r, metric)
    basemap = r.choice(
        "basemap",
        BASEMAPS,
        "nền bản đồ phải là " + ", ".join(BASEMAPS),
        "base map must be one of " + ", ".join(BASEMAPS),
    )
    blocker = r.choice(
        "blocker",
        BLOCKER_FILTERS,
        "chỉ nhận " + ", ".join(BLOCKER_FILTERS),
        "must be one of " + ", ".join(BLOCKER_FILTERS),
    )
    category = r.choice(
        "category",
        BLOCKER_CATEGORIES,
        "nhóm vướng mắc không hợp lệ (" + ", ".join(BLOCKER_CATEGORIES) + ")",
        "unknown blocker category (" + ", ".join(BLOCKER_CATEGORIES) + ")",
    )
    state = ViewState(
        province=province,
        kind=kind,
        projects=tuple(projects),
        communes=tuple(communes),
        as_of=as_of,
        metric=metric,
        baseline=None if baseline == default_baseline(metric) else baseline,
        lang=lang or DEFAULT_LANGUAGE,
        selected=selected_list[0] if selected_list else None,
        basemap=basemap or DEFAULT_BASEMAP,
        blocker=blocker,
        category=category,
        scope=scope,
        level=level or DEFAULT_LEVEL,
    )
    return ParsedView(state=state, dropped=r.dropped)


def _province(r: _Reader, known: Sequence[str] | None) -> str | None:
    value = r.one("province")
    if value is None:
        return None
    if _PROVINCE_CODE.match(value) and (known is None or value in known):
        return value
    r.drop("province", value, "không có tỉnh mã này", "no province has this code")
    return None


def _projects(
    r: _Reader, known: Sequence[str] | Mapping[str, str] | None, kind: str | None
) -> list[str]:
    projects: list[str] = []
    kinds = known if isinstance(known, Mapping) else None
    for value in r.many("project"):
        code = value.upper()
        if not _PROJECT_CODE.match(code) or (known is not None and code not in known):
            r.drop("project", value, "không có dự án mã này", "no project has this code")
        elif kind and kinds is not None and kinds[code] != kind:
            r.drop(
                "project",
                value,
                f"dự án không thuộc loại {kind}",
                f"the project is not of kind {kind}",
            )
        elif code not in projects:
            projects.append(code)
    return projects


def _communes(
    r: _Reader, name: str, known: Sequence[str] | None, *, single: bool = False
) -> list[str]:
    values = [v for v in [r.one(name)] if v] if single else r.many(name)
    found: list[str] = []
    for value in values:
        if _COMMUNE_CODE.match(value) and (known is None or value in known):
            if value not in found:
                found.append(value)
        else:
            r.drop(
                name,
                value,
                "không có xã, phường mã này trong tỉnh (cần mã 5 chữ số)",
                "no commune of the province has this code (5 digits expected)",
            )
    return found


def _date(r: _Reader) -> dt.date | None:
    value = r.one("as_of")
    if value is None:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass  # 2025-02-30: the right shape, not a date
    r.drop("as_of", value, "ngày phải có dạng YYYY-MM-DD", "date must be YYYY-MM-DD")
    return None


def _baseline(r: _Reader, metric: str) -> str | None:
    value = r.one("baseline")
    if value is None:
        return None
    allowed = baselines_for(metric)
    canonical = next((b for b in allowed if b.lower() == value.lower()), None)
    if canonical is None:
        r.drop(
            "baseline",
            value,
            "không áp dụng cho chỉ tiêu này (" + ", ".join(allowed) + ")",
            "does not apply to this metric (" + ", ".join(allowed) + ")",
        )
    return canonical


def to_query(state: ViewState) -> dict[str, str | list[str]]:
    """The query parameters of ``state``; defaults are left out to keep links short."""
    query: dict[str, str | list[str]] = {}
    if state.province:
        query["province"] = state.province
    if state.kind:
        query["kind"] = state.kind
    if state.projects:
        query["project"] = list(state.projects)
    if state.communes:
        query["commune"] = list(state.communes)
    if state.as_of:
        query["as_of"] = state.as_of.isoformat()
    if state.metric != default_metric(state.scope):
        query["metric"] = state.metric
    if state.baseline and state.baseline != default_baseline(state.metric):
        query["baseline"] = state.baseline
    if state.lang != DEFAULT_LANGUAGE:
        query["lang"] = state.lang
    if state.selected:
        query["selected"] = state.selected
    if state.basemap != DEFAULT_BASEMAP:
        query["basemap"] = state.basemap
    if state.blocker:
        query["blocker"] = state.blocker
    if state.category:
        query["category"] = state.category
    if state.scope != DEFAULT_SCOPE:
        query["scope"] = state.scope
    if state.level != DEFAULT_LEVEL:
        query["level"] = state.level
    return query


def province_link(state: ViewState, province: str) -> ViewState:
    """The view a click on ``province`` in the national view opens: that province's communes, on
    the same date, in the same language and on the same base map."""
    return ViewState(
        province=province,
        as_of=state.as_of,
        lang=state.lang,
        basemap=state.basemap,
        selected=None,
    )
