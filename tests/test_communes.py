"""The resolver places what people write on one post-2025 commune, or refuses with candidates."""

from __future__ import annotations

import datetime as dt
import time
import unicodedata

import pytest

from tracker import geodata
from tracker.communes import CommuneNotResolved, CommuneResolver, ResolvedCommune
from tracker.errors import InputError
from tracker.vocabulary import REFORM_DATE

BEFORE = dt.date(2025, 3, 1)
AFTER = dt.date(2025, 8, 1)
LANG_SON = "20"
THAI_NGUYEN = "19"


@pytest.fixture(scope="module")
def lang_son() -> CommuneResolver:
    return CommuneResolver(LANG_SON)


@pytest.mark.parametrize(
    "text",
    [
        "Tam Thanh",
        "phường tam thanh",
        "P. Tam Thanh",
        "PHƯỜNG TAM THANH",
        "  Tam  Thanh ",
        unicodedata.normalize("NFD", "Tam Thanh"),
        unicodedata.normalize("NFD", "Phường Tam Thanh"),
        "05986",
        "5986",  # Excel dropped the leading zero
        "5986.0",
    ],
)
@pytest.mark.parametrize("date", [None, AFTER])
def test_new_tam_thanh(lang_son: CommuneResolver, text: str, date: dt.date | None) -> None:
    got = lang_son.resolve(text, date)
    assert (got.code, got.full_name) == ("05986", "Phường Tam Thanh")
    assert got.matched_as == ("code" if text.strip()[0].isdigit() else "name")
    assert got.old_name is None


def test_old_hoang_dong_before_reform(lang_son: CommuneResolver) -> None:
    got = lang_son.resolve("Hoàng Đồng", BEFORE)
    assert got == ResolvedCommune(
        "05986", "Tam Thanh", "Phường Tam Thanh", "old_name", "Xã Hoàng Đồng"
    )
    assert lang_son.resolve("Hoang Dong", BEFORE) == got  # without accents
    assert lang_son.resolve("xã hoàng đồng", BEFORE) == got


def test_old_names_still_accepted_after_reform(lang_son: CommuneResolver) -> None:
    for date in (AFTER, None):
        got = lang_son.resolve("Hoàng Đồng", date)
        assert (got.code, got.matched_as) == ("05986", "old_name")
        got = lang_son.resolve("Ái Quốc", date)
        assert (got.code, got.name, got.old_name) == ("06607", "Xuân Dương", "Xã Ái Quốc")


def test_old_and_new_codes_by_era(lang_son: CommuneResolver) -> None:
    # Old 05986 was Xã Hoàng Đồng, now in Tam Thanh; new 05986 is Tam Thanh: same commune.
    old = lang_son.resolve("05986", BEFORE)
    assert (old.code, old.matched_as, old.old_name) == ("05986", "old_code", "Xã Hoàng Đồng")
    # Old 06115 was Xã Hồng Thái (Bình Gia), merged into new 06115 Tân Văn.
    old = lang_son.resolve("06115", BEFORE)
    assert (old.code, old.full_name, old.old_name) == ("06115", "Xã Tân Văn", "Xã Hồng Thái")
    new = lang_son.resolve("06115", AFTER)
    assert (new.code, new.matched_as, new.old_name) == ("06115", "code", None)
    # A code only the old era knows (old Phường Tam Thanh) works whatever the date.
    for date in (BEFORE, AFTER, None):
        assert lang_son.resolve("05974", date).code == "05986"
    # Old 06205 was Hồng Phong of huyện Cao Lộc, now in Đồng Đăng.
    assert lang_son.resolve("06205", BEFORE).code == "06184"


def test_the_reform_date_is_the_boundary(lang_son: CommuneResolver) -> None:
    # "Hồng Phong" is new 06079, but before the reform two old communes had that name.
    assert lang_son.resolve("Hồng Phong", REFORM_DATE).code == "06079"
    with pytest.raises(CommuneNotResolved):
        lang_son.resolve("Hồng Phong", REFORM_DATE - dt.timedelta(days=1))


def test_06079_follows_the_official_composition(lang_son: CommuneResolver) -> None:
    # The crosswalk splits old 06079 (Hồng Phong, Bình Gia) between new 06079 and 06184, but the
    # 06184 pair is flagged SUSPECT: the official text puts all of it in new 06079 Hồng Phong.
    crosswalk = geodata.load_crosswalk()
    rows = crosswalk[crosswalk["old_code"] == "06079"]
    assert set(rows["new_code"]) == {"06079", "06184"}
    assert rows.loc[rows["new_code"] == "06184", "note"].str.startswith("SUSPECT").all()
    got = lang_son.resolve("06079", BEFORE)
    assert (got.code, got.old_name) == ("06079", "Xã Hồng Phong")


def test_split_old_unit_is_refused_with_its_successors(lang_son: CommuneResolver) -> None:
    with pytest.raises(CommuneNotResolved) as caught:
        lang_son.resolve("Bính Xá", BEFORE)
    error = caught.value
    assert isinstance(error, InputError)
    assert error.candidates == [("06613", "Xã Đình Lập"), ("06625", "Xã Kiên Mộc")]
    assert "06613 Xã Đình Lập, 06625 Xã Kiên Mộc" in error.vi
    assert "06613 Xã Đình Lập, 06625 Xã Kiên Mộc" in error.en
    assert "mã 5 chữ số" in error.vi and "5-digit code" in error.en
    with pytest.raises(CommuneNotResolved):
        lang_son.resolve("06622", BEFORE)  # the same unit by its old code


def test_old_name_shared_by_two_districts_is_refused(lang_son: CommuneResolver) -> None:
    with pytest.raises(CommuneNotResolved) as caught:
        lang_son.resolve("Xã Hồng Phong", BEFORE)
    assert caught.value.candidates == [("06079", "Xã Hồng Phong"), ("06184", "Xã Đồng Đăng")]
    assert "Huyện Bình Gia" in caught.value.en and "Huyện Cao Lộc" in caught.value.en


def test_undated_text_that_means_different_communes_in_each_era_asks_for_a_date(
    lang_son: CommuneResolver,
) -> None:
    # New Kiên Mộc is 06625; old Kiên Mộc was split between 06625 and 06637.
    with pytest.raises(CommuneNotResolved) as caught:
        lang_son.resolve("Kiên Mộc", None)
    assert caught.value.candidates == [("06625", "Xã Kiên Mộc"), ("06637", "Xã Châu Sơn")]
    assert "ngày báo cáo" in caught.value.vi and "report date" in caught.value.en
    assert lang_son.resolve("Kiên Mộc", AFTER).code == "06625"
    # The unit type written settles it when only one reading has that type.
    assert lang_son.resolve("Xã Đồng Đăng", None).code == "06184"


def test_unknown_name_suggests_close_communes(lang_son: CommuneResolver) -> None:
    with pytest.raises(CommuneNotResolved) as caught:
        lang_son.resolve("Xã Không Tồn Tại", AFTER)
    error = caught.value
    assert 1 <= len(error.candidates) <= 3
    codes = set(geodata.load_communes(LANG_SON)["code"])
    assert all(code in codes for code, _ in error.candidates)
    assert "Không tìm thấy" in error.vi and "Did you mean" in error.en
    with pytest.raises(CommuneNotResolved) as caught:
        lang_son.resolve("Xuan Duongg", AFTER)  # a typo
    assert caught.value.candidates[0] == ("06607", "Xã Xuân Dương")


def test_code_of_another_province_says_where_it_is(lang_son: CommuneResolver) -> None:
    with pytest.raises(CommuneNotResolved) as caught:
        lang_son.resolve("02191", AFTER)
    assert "Thái Nguyên" in caught.value.en and "Lạng Sơn" in caught.value.en
    with pytest.raises(CommuneNotResolved):
        lang_son.resolve("", AFTER)


def test_names_resolve_within_the_resolvers_province() -> None:
    assert CommuneResolver(LANG_SON).resolve("Xuân Dương").code == "06607"
    thai_nguyen = CommuneResolver(THAI_NGUYEN).resolve("Xuân Dương")
    assert thai_nguyen.code == "02191"
    assert thai_nguyen.code != "06607"
    with pytest.raises(CommuneNotResolved):
        CommuneResolver(THAI_NGUYEN).resolve("Tam Thanh", AFTER)


def test_merged_province_accepts_old_units_of_both_old_provinces() -> None:
    # New Bắc Ninh (24) = old Bắc Ninh (27) + old Bắc Giang (24): old province codes differ.
    crosswalk = geodata.load_crosswalk()
    olds = crosswalk[crosswalk["new_province_code"] == "24"]
    assert set(olds["old_province_code"]) >= {"24", "27"}
    resolver = CommuneResolver("24")
    for old_province in ("24", "27"):
        row = olds[(olds["old_province_code"] == old_province) & (olds["split"] == "0")].iloc[0]
        got = resolver.resolve(row["old_code"], BEFORE)
        assert got.code == row["new_code"]


def test_default_province_comes_from_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_PROVINCE", THAI_NGUYEN)
    assert CommuneResolver().province_code == THAI_NGUYEN
    monkeypatch.delenv("TRACKER_PROVINCE")
    assert CommuneResolver().province_code == LANG_SON


def test_every_commune_resolves_by_full_name_name_and_code() -> None:
    communes = geodata.load_communes()
    wrong = []
    for province, group in communes.groupby("province_code"):
        resolver = CommuneResolver(str(province))
        for row in group.itertuples():
            excel = row.code[1:] if row.code[:2] in {f"0{d}" for d in "123456789"} else row.code
            for text in (row.full_name, row.name, row.code, excel):
                got = resolver.resolve(text, AFTER)
                if got.code != row.code:
                    wrong.append((text, row.code, got.code))
    assert wrong == []


def test_resolve_many_matches_resolve_and_is_fast(lang_son: CommuneResolver) -> None:
    names = [
        *geodata.load_communes(LANG_SON)["full_name"],
        "Ái Quốc",
        "Bính Xá",
        "Không Có",
        "5986",
    ]
    texts = [names[i % len(names)] for i in range(100_000)]
    dates = [(BEFORE, AFTER, None)[i % 3] for i in range(100_000)]
    start = time.perf_counter()
    results = CommuneResolver(LANG_SON).resolve_many(texts, dates)
    assert time.perf_counter() - start < 2.0
    assert len(results) == len(texts)
    for text, date, result in list(zip(texts, dates, results, strict=True))[:300]:
        if isinstance(result, CommuneNotResolved):
            with pytest.raises(CommuneNotResolved):
                lang_son.resolve(text, date)
        else:
            assert lang_son.resolve(text, date) == result
    assert sum(isinstance(r, CommuneNotResolved) for r in results) > 0
    with pytest.raises(ValueError):
        lang_son.resolve_many(["a"], [])
    blanks = lang_son.resolve_many([None, float("nan"), " "], [AFTER] * 3)  # type: ignore[list-item]
    assert all(isinstance(b, CommuneNotResolved) and "empty" in b.en for b in blanks)
