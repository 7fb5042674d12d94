"""The view's state as URL query parameters, so a link reopens exactly the same view.

Parameter names are a public interface (documented in the README) and must stay stable. Unknown
or invalid values are dropped, each with a note the page shows; nothing here raises.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tracker.i18n import DEFAULT_LANGUAGE, LANGUAGES

_PROJECT_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")
_PROVINCE_CODE = re.compile(r"^\d{2}$")
PARAMETERS = ("province", "project", "as_of", "lang")


@dataclass(frozen=True)
class ViewState:
    province: str | None = None
    projects: tuple[str, ...] = ()
    as_of: dt.date | None = None
    lang: str = DEFAULT_LANGUAGE


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


def from_query(
    query: Mapping[str, str | Sequence[str]],
    *,
    known_projects: Sequence[str] | None = None,
    known_provinces: Sequence[str] | None = None,
) -> ParsedView:
    """Read a view from query parameters, dropping what is unknown or invalid (with a note)."""
    dropped: list[DroppedParameter] = []
    for name in query:
        if name not in PARAMETERS:
            dropped.append(
                DroppedParameter(
                    name,
                    ",".join(_values(query, name)),
                    "tham số không được hỗ trợ",
                    "unknown parameter",
                )
            )

    lang = DEFAULT_LANGUAGE
    for value in _values(query, "lang")[:1]:
        if value in LANGUAGES:
            lang = value
        else:
            dropped.append(
                DroppedParameter("lang", value, "chỉ nhận vi hoặc en", "must be vi or en")
            )

    province = None
    for value in _values(query, "province")[:1]:
        if _PROVINCE_CODE.match(value) and (known_provinces is None or value in known_provinces):
            province = value
        else:
            dropped.append(
                DroppedParameter(
                    "province", value, "không có tỉnh mã này", "no province has this code"
                )
            )

    projects: list[str] = []
    for value in _values(query, "project"):
        code = value.strip().upper()
        if _PROJECT_CODE.match(code) and (known_projects is None or code in known_projects):
            if code not in projects:
                projects.append(code)
        else:
            dropped.append(
                DroppedParameter(
                    "project", value, "không có dự án mã này", "no project has this code"
                )
            )

    as_of = None
    for value in _values(query, "as_of")[:1]:
        try:
            as_of = dt.date.fromisoformat(value)
        except ValueError:
            dropped.append(
                DroppedParameter(
                    "as_of", value, "ngày phải có dạng YYYY-MM-DD", "date must be YYYY-MM-DD"
                )
            )
    state = ViewState(province=province, projects=tuple(projects), as_of=as_of, lang=lang)
    return ParsedView(state=state, dropped=dropped)


def to_query(state: ViewState) -> dict[str, str | list[str]]:
    """The query parameters of ``state``; defaults are left out to keep links short."""
    query: dict[str, str | list[str]] = {}
    if state.province:
        query["province"] = state.province
    if state.projects:
        query["project"] = list(state.projects)
    if state.as_of:
        query["as_of"] = state.as_of.isoformat()
    if state.lang != DEFAULT_LANGUAGE:
        query["lang"] = state.lang
    return query
