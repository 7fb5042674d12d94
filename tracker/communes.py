"""Resolve what people write in a commune column to one post-2025 commune of a province.

A row may name a commune by its new or old 5-digit code or by its new or old name, spelt any way
(see :mod:`tracker.names`). Codes and names were reused across the 1 July 2025 reform, so the row's
report date picks the era: before the reform a code or name means the old unit, which the crosswalk
maps to its new commune; from the reform on it means the new unit, with old names still accepted
when no new unit matches. Anything that cannot be placed on exactly one commune (an old unit split
between communes, a name shared by two units) is refused with the candidates, never guessed.

Crosswalk pairs flagged ``SUSPECT`` are ignored for an old unit that also has unflagged pairs. This
decides ``06079 Xã Hồng Phong`` (huyện Bình Gia): the package splits it between new 06079 Hồng Phong
and 06184 Đồng Đăng, but the official composition of Đồng Đăng names Cao Lộc's Hồng Phong (06205),
not Bình Gia's, and places Bình Gia's Hồng Phong wholly in new 06079; so old 06079 → new 06079.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from tracker import config, geodata
from tracker.errors import InputError
from tracker.names import ascii_key, name_key, split_unit_prefix, stored_keys, unprefixed_keys
from tracker.vocabulary import REFORM_DATE

#: The day the post-reform units took effect.

MatchKind = Literal["code", "name", "old_code", "old_name"]
Era = Literal["old", "new"] | None

_CODE_RE = re.compile(r"^\d{4,5}(?:\.0+)?$")  # Excel drops the leading zero and may add ".0"
_MEMO_LIMIT = 200_000


@dataclass(frozen=True)
class ResolvedCommune:
    """A post-2025 commune and how the text reached it."""

    code: str
    name: str
    full_name: str
    matched_as: MatchKind
    old_name: str | None = None


class CommuneNotResolved(InputError):  # noqa: N818 (name fixed by the project's API)
    """The text names no commune of the province, or more than one; ``candidates`` may help."""

    def __init__(self, vi: str, en: str, candidates: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__(vi, en)
        self.candidates: list[tuple[str, str]] = list(candidates)


@dataclass(frozen=True)
class _NewUnit:
    code: str
    name: str
    full_name: str
    kind: str


@dataclass(frozen=True)
class _OldUnit:
    key: str  # old code, or "district:<name>" for island districts without communes
    code: str
    full_name: str
    district: str
    kind: str | None
    targets: tuple[str, ...]  # new codes, SUSPECT pairs dropped when others exist


@dataclass(frozen=True)
class _Index:
    province_code: str
    province_name: str
    new: dict[str, _NewUnit]
    new_by_key: dict[str, tuple[str, ...]]
    new_by_ascii: dict[str, tuple[str, ...]]
    old: dict[str, _OldUnit]
    old_by_key: dict[str, tuple[str, ...]]
    old_by_ascii: dict[str, tuple[str, ...]]
    target_names: dict[str, str]  # full name of every new code an old unit maps to


def _group(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        values = grouped.setdefault(key, [])
        if value not in values:
            values.append(value)
    return {k: tuple(v) for k, v in grouped.items()}


def _keyed(names: dict[str, str]) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Lookup tables key → ids from id → stored name, accented and ascii."""
    accented: list[tuple[str, str]] = []
    plain: list[tuple[str, str]] = []
    for ident, name in names.items():
        keys, ascii_keys = stored_keys(name)
        accented += [(k, ident) for k in sorted(keys)]
        plain += [(k, ident) for k in sorted(ascii_keys)]
    return _group(accented), _group(plain)


@lru_cache(maxsize=1)
def _old_units() -> tuple[dict[str, _OldUnit], dict[str, frozenset[str]], dict[str, str]]:
    """Every pre-reform unit, the new provinces it leads into, and the name of every new code."""
    rows: dict[str, list[tuple[str, ...]]] = {}
    columns = ["old_code", "old_name", "old_district_name", "new_code", "new_name"]
    columns += ["new_province_code", "is_default", "note"]
    for row in geodata.load_crosswalk()[columns].itertuples(index=False, name=None):
        # Island districts without communes have no old code; their name identifies them.
        key = row[0] or f"district:{row[1]}"
        rows.setdefault(key, []).append(tuple(str(v) for v in row))
    units: dict[str, _OldUnit] = {}
    provinces: dict[str, frozenset[str]] = {}
    new_names: dict[str, str] = {}
    for key, unit_rows in rows.items():
        trusted = [r for r in unit_rows if not r[7].startswith("SUSPECT")] or unit_rows
        trusted.sort(key=lambda r: (r[6] != "1", r[3]))  # default successor first
        code, full_name, district = unit_rows[0][:3]
        units[key] = _OldUnit(
            key=key,
            code=code,
            full_name=full_name,
            district=district,
            kind=split_unit_prefix(full_name)[0],
            targets=tuple(dict.fromkeys(r[3] for r in trusted)),
        )
        provinces[key] = frozenset(r[5] for r in unit_rows)
        new_names.update((r[3], r[4]) for r in unit_rows)
    return units, provinces, new_names


@lru_cache(maxsize=64)
def _index(province_code: str) -> _Index:
    communes = geodata.load_communes(province_code)
    new = {
        row.code: _NewUnit(row.code, row.name, row.full_name, row.kind)
        for row in communes.itertuples(index=False)
    }
    units, provinces, new_names = _old_units()
    # An old unit belongs here if any of its pairs leads into this province (old province codes
    # differ from new ones, so the old province code cannot be used).
    old = {k: u for k, u in units.items() if province_code in provinces[k]}
    new_by_key, new_by_ascii = _keyed({c: u.name for c, u in new.items()})
    old_names = {k: re.sub(r"(?i)^huyện\s+", "", u.full_name) for k, u in old.items()}
    old_by_key, old_by_ascii = _keyed(old_names)
    return _Index(
        province_code=province_code,
        province_name=geodata.province_name(province_code),
        new=new,
        new_by_key=new_by_key,
        new_by_ascii=new_by_ascii,
        old=old,
        old_by_key=old_by_key,
        old_by_ascii=old_by_ascii,
        target_names={**new_names, **{c: u.full_name for c, u in new.items()}},
    )


@lru_cache(maxsize=1)
def _national_codes() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """New and old codes of the whole country: code → (full name, province name)."""
    communes = geodata.load_communes()
    new = {
        c: (f, p)
        for c, f, p in communes[["code", "full_name", "province_name"]].itertuples(index=False)
    }
    crosswalk = geodata.load_crosswalk()
    old = {
        c: (n, p)
        for c, n, p in crosswalk[["old_code", "old_name", "old_province_name"]].itertuples(
            index=False
        )
        if c
    }
    return new, old


def era_of(report_date: dt.date | None) -> Era:
    """``"old"`` before 1 July 2025, ``"new"`` from then on, ``None`` when the date is unknown."""
    if report_date is None:
        return None
    return "old" if report_date < REFORM_DATE else "new"


def _listing(candidates: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"{code} {full_name}" for code, full_name in candidates)


class CommuneResolver:
    """Resolves commune names and codes within one post-2025 province (default from config)."""

    def __init__(self, province_code: str | None = None) -> None:
        self._ix = _index(province_code or config.province_code())
        self._memo: dict[tuple[str, Era], ResolvedCommune | CommuneNotResolved] = {}

    @property
    def province_code(self) -> str:
        return self._ix.province_code

    def resolve(self, text: str, report_date: dt.date | None = None) -> ResolvedCommune:
        """The commune ``text`` means on ``report_date``; raises :class:`CommuneNotResolved`."""
        outcome = self._outcome(text, era_of(report_date))
        if isinstance(outcome, CommuneNotResolved):
            # A fresh error each time: re-raising the memoised one would grow its traceback.
            raise CommuneNotResolved(outcome.vi, outcome.en, outcome.candidates)
        return outcome

    def resolve_many(
        self, texts: Sequence[str], report_dates: Sequence[dt.date | None]
    ) -> list[ResolvedCommune | CommuneNotResolved]:
        """Resolve row by row, each distinct (text, era) once; errors are returned, not raised."""
        if len(texts) != len(report_dates):
            raise ValueError("texts and report_dates must have the same length")
        return [self._outcome(t, era_of(d)) for t, d in zip(texts, report_dates, strict=True)]

    def _outcome(self, text: object, era: Era) -> ResolvedCommune | CommuneNotResolved:
        # Empty spreadsheet cells arrive as None or NaN.
        text = "" if text is None or (isinstance(text, float) and text != text) else str(text)
        memo_key = (text, era)
        outcome = self._memo.get(memo_key)
        if outcome is None:
            try:
                outcome = self._resolve(text, era)
            except CommuneNotResolved as error:
                outcome = error
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            self._memo[memo_key] = outcome
        return outcome

    # -- resolution ---------------------------------------------------------------------------

    def _resolve(self, text: str, era: Era) -> ResolvedCommune:
        stripped = text.strip()
        if not stripped:
            raise CommuneNotResolved(
                "Ô xã/phường đang trống. Hãy ghi tên hoặc mã 5 chữ số của xã/phường.",
                "The commune cell is empty. Write the commune's name or its 5-digit code.",
            )
        if _CODE_RE.match(stripped):
            return self._by_code(stripped.split(".")[0].zfill(5), era)
        return self._by_name(stripped, era)

    def _new(
        self, code: str, matched_as: MatchKind, old_name: str | None = None
    ) -> ResolvedCommune:
        unit = self._ix.new[code]
        return ResolvedCommune(unit.code, unit.name, unit.full_name, matched_as, old_name)

    def _candidates(self, codes: Iterable[str]) -> list[tuple[str, str]]:
        return [(c, self._ix.target_names.get(c, c)) for c in dict.fromkeys(codes)]

    def _from_old(self, keys: Sequence[str], text: str, matched_as: MatchKind) -> ResolvedCommune:
        units = [self._ix.old[k] for k in keys]
        targets = list(dict.fromkeys(t for u in units for t in u.targets))
        if len(targets) == 1 and targets[0] in self._ix.new:
            old_names = "; ".join(dict.fromkeys(u.full_name for u in units))
            return self._new(targets[0], matched_as, old_names)
        candidates = self._candidates(targets)
        if len(units) == 1:
            unit = units[0]
            vi = (
                f"'{text}' là {unit.full_name} ({unit.district}) cũ, nay đã chia cho nhiều "
                f"xã/phường: {_listing(candidates)}. Hãy ghi mã 5 chữ số của xã/phường mới."
            )
            en = (
                f"'{text}' is the former {unit.full_name} ({unit.district}), now split between "
                f"{_listing(candidates)}. Write the 5-digit code of the new commune."
            )
        else:
            olds = "; ".join(f"{u.full_name} ({u.district})" for u in units)
            vi = (
                f"'{text}' khớp nhiều đơn vị cũ: {olds}. Các xã/phường mới có thể là: "
                f"{_listing(candidates)}. Hãy ghi mã 5 chữ số của xã/phường mới."
            )
            en = (
                f"'{text}' matches several former units: {olds}. The new commune may be "
                f"{_listing(candidates)}. Write the 5-digit code of the new commune."
            )
        raise CommuneNotResolved(vi, en, candidates)

    def _from_new(self, codes: Sequence[str], text: str) -> ResolvedCommune:
        if len(codes) == 1:
            return self._new(codes[0], "name")
        candidates = self._candidates(codes)
        raise CommuneNotResolved(
            f"'{text}' khớp nhiều xã/phường của tỉnh {self._ix.province_name}: "
            f"{_listing(candidates)}. Hãy ghi mã 5 chữ số.",
            f"'{text}' matches several communes of {self._ix.province_name}: "
            f"{_listing(candidates)}. Write the 5-digit code.",
            candidates,
        )

    def _both_eras(
        self, new_codes: Sequence[str], old_keys: Sequence[str], text: str, matched_as: MatchKind
    ) -> ResolvedCommune:
        """No date: take the new unit unless the old reading leads somewhere else."""
        old_targets = {t for k in old_keys for t in self._ix.old[k].targets}
        if len(new_codes) == 1 and old_targets <= {new_codes[0]}:
            return self._new(new_codes[0], "code" if matched_as == "old_code" else "name")
        candidates = self._candidates([*new_codes, *sorted(old_targets)])
        olds = "; ".join(
            f"{self._ix.old[k].full_name} ({self._ix.old[k].district})" for k in old_keys
        )
        news = _listing(self._candidates(new_codes))
        raise CommuneNotResolved(
            f"'{text}' vừa là {news} (từ 1/7/2025) vừa là {olds} (trước 1/7/2025). Hãy ghi ngày "
            f"báo cáo hoặc mã 5 chữ số của xã/phường mới: {_listing(candidates)}.",
            f"'{text}' is both {news} (since 1 July 2025) and the former {olds} (before "
            f"1 July 2025). Give the report date or the new commune's 5-digit code: "
            f"{_listing(candidates)}.",
            candidates,
        )

    def _by_code(self, code: str, era: Era) -> ResolvedCommune:
        new_codes = (code,) if code in self._ix.new else ()
        old_keys = (code,) if code in self._ix.old else ()
        if era is None and new_codes and old_keys:
            return self._both_eras(new_codes, old_keys, code, "old_code")
        order = ("old", "new") if era == "old" else ("new", "old")
        for which in order:
            if which == "new" and new_codes:
                return self._new(code, "code")
            if which == "old" and old_keys:
                return self._from_old(old_keys, code, "old_code")
        raise self._unknown_code(code)

    def _unknown_code(self, code: str) -> CommuneNotResolved:
        new, old = _national_codes()
        where_vi, where_en = [], []
        if code in new:
            where_vi.append(f"mã mới của {new[code][0]} ({new[code][1]})")
            where_en.append(f"the new code of {new[code][0]} ({new[code][1]})")
        if code in old:
            where_vi.append(f"mã cũ của {old[code][0]} ({old[code][1]})")
            where_en.append(f"the former code of {old[code][0]} ({old[code][1]})")
        province = self._ix.province_name
        if where_vi:
            return CommuneNotResolved(
                f"Mã {code} là {' và '.join(where_vi)}, không thuộc tỉnh {province}. "
                "Hãy kiểm tra mã hoặc dự án của dòng này.",
                f"Code {code} is {' and '.join(where_en)}, not in {province}. "
                "Check the code or the row's project.",
            )
        return CommuneNotResolved(
            f"Không có xã/phường nào mã {code}. Mã xã/phường gồm 5 chữ số, ví dụ 06184.",
            f"No commune has code {code}. Commune codes have 5 digits, for example 06184.",
        )

    def _by_name(self, text: str, era: Era) -> ResolvedCommune:
        kind, _ = split_unit_prefix(text)
        ix = self._ix
        levels = [(name_key(text), ix.new_by_key, ix.old_by_key)]
        levels.append((ascii_key(text), ix.new_by_ascii, ix.old_by_ascii))
        if kind is not None:
            # "Xa Phin" may be "Xà Phìn" without accents rather than "Xã Phin".
            whole, whole_ascii = unprefixed_keys(text)
            levels += [(whole, ix.new_by_key, ix.old_by_key)]
            levels += [(whole_ascii, ix.new_by_ascii, ix.old_by_ascii)]
        for key, new_table, old_table in levels:
            new_codes = self._prefer_kind(new_table.get(key, ()), kind, new=True)
            old_keys = self._prefer_kind(old_table.get(key, ()), kind, new=False)
            if era is None and new_codes and old_keys:
                return self._both_eras(new_codes, old_keys, text, "old_name")
            # Accented matches come first (levels are ordered); within a level, the era's own
            # units win and the other era is accepted only when the first has none.
            for which in ("old", "new") if era == "old" else ("new", "old"):
                if which == "new" and new_codes:
                    return self._from_new(new_codes, text)
                if which == "old" and old_keys:
                    return self._from_old(old_keys, text, "old_name")
        raise self._unknown_name(text)

    def _prefer_kind(
        self, found: tuple[str, ...], kind: str | None, *, new: bool
    ) -> tuple[str, ...]:
        """Among several matches, keep those of the written unit type, if any are."""
        if kind is None or len(found) < 2:
            return found
        kinds = {k: (self._ix.new[k].kind if new else self._ix.old[k].kind) for k in found}
        same = tuple(k for k in found if kinds[k] == kind)
        return same or found

    def _unknown_name(self, text: str) -> CommuneNotResolved:
        ix = self._ix
        key = ascii_key(text)
        choices = list(ix.new_by_ascii) + list(ix.old_by_ascii)
        suggestions: list[tuple[str, str]] = []
        for close in difflib.get_close_matches(key, choices, n=6, cutoff=0.6):
            codes = ix.new_by_ascii.get(close) or tuple(
                t for k in ix.old_by_ascii[close] for t in ix.old[k].targets
            )
            for pair in self._candidates(codes):
                if pair not in suggestions:
                    suggestions.append(pair)
        suggestions = suggestions[:3]
        hint_vi = f" Có phải: {_listing(suggestions)}?" if suggestions else ""
        hint_en = f" Did you mean: {_listing(suggestions)}?" if suggestions else ""
        return CommuneNotResolved(
            f"Không tìm thấy xã/phường '{text}' ở tỉnh {ix.province_name}, kể cả tên cũ trước "
            f"1/7/2025.{hint_vi} Hãy sửa tên hoặc ghi mã 5 chữ số.",
            f"No commune '{text}' in {ix.province_name}, not even among names used before "
            f"1 July 2025.{hint_en} Correct the name or write the 5-digit code.",
            suggestions,
        )
