"""Name keys make the usual spellings of one place equal and different places different."""

from __future__ import annotations

import unicodedata

import pytest

from tracker import geodata
from tracker.names import (
    ascii_key,
    name_key,
    split_unit_prefix,
    stored_keys,
    strip_unit_prefix,
)


@pytest.mark.parametrize(
    "variant",
    [
        "Tam Thanh",
        "tam thanh",
        "TAM THANH",
        "  Tam   Thanh ",
        "Phường Tam Thanh",
        "phường tam thanh",
        "PHƯỜNG TAM THANH",
        "P. Tam Thanh",
        "P.Tam Thanh",
        "p.  tam thanh",
        "P Tam Thanh",
        unicodedata.normalize("NFD", "Phường Tam Thanh"),
        "Xã Tam Thanh",
        "X. Tam Thanh",
        "Thị trấn Tam Thanh",
        "TT. Tam Thanh",
        "Đặc khu Tam Thanh",
    ],
)
def test_spellings_of_one_name_share_a_key(variant: str) -> None:
    assert name_key(variant) == name_key("Tam Thanh")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hoà Bình", "Hòa Bình"),
        ("Thuỵ Hùng", "Thụy Hùng"),
        ("Quý Hoà", "Quý Hòa"),
        ("Nhất Hoà", unicodedata.normalize("NFD", "Nhất Hòa")),
        ("Phường 04", "Phường 4"),
        ("Phường 004", "P. 4"),
        ("Ia H’Drai", "Ia H'Drai"),
        ("Đồng Đăng", unicodedata.normalize("NFKD", "đồng đăng")),
    ],
)
def test_tone_placement_normalisation_and_numbers_do_not_matter(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Tân Văn", "Tấn Văn"),
        ("Đồng Đăng", "Dong Dang"),
        ("Hoà", "Hoá"),
        ("Phường 4", "Phường 40"),
        ("Tam Thanh", "Tam Thanh Tây"),
    ],
)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_ascii_key_drops_every_diacritic() -> None:
    assert ascii_key("Xã Đồng Đăng") == "dong dang"
    assert ascii_key("Phường Lương Văn Tri") == "luong van tri"
    assert ascii_key("Thuỵ Hùng") == ascii_key("Thụy Hung") == "thuy hung"
    assert ascii_key(unicodedata.normalize("NFD", "ĐẶC KHU Phú Quốc")) == "phu quoc"


@pytest.mark.parametrize(
    ("text", "kind", "rest"),
    [
        ("Xã Đồng Đăng", "xa", "Đồng Đăng"),
        ("xã Bắc Sơn", "xa", "Bắc Sơn"),
        ("X.Bắc Sơn", "xa", "Bắc Sơn"),
        ("Phường Tam Thanh", "phuong", "Tam Thanh"),
        ("P. Tam Thanh", "phuong", "Tam Thanh"),
        ("P Tam Thanh", "phuong", "Tam Thanh"),
        ("Thị trấn Đồng Mỏ", "thi_tran", "Đồng Mỏ"),
        ("TT Đồng Mỏ", "thi_tran", "Đồng Mỏ"),
        ("tt.Đồng Mỏ", "thi_tran", "Đồng Mỏ"),
        ("Đặc khu Phú Quốc", "dac_khu", "Phú Quốc"),
        ("Pò Mã", None, "Pò Mã"),  # a name that starts with P is not a prefix
        ("Xuân Dương", None, "Xuân Dương"),
        ("Phường", None, "Phường"),  # a prefix alone is kept
    ],
)
def test_unit_prefix(text: str, kind: str | None, rest: str) -> None:
    assert split_unit_prefix(text) == (kind, rest)
    assert strip_unit_prefix(text) == rest


def test_every_shipped_commune_is_found_by_its_full_name() -> None:
    communes = geodata.load_communes()
    keys = communes["full_name"].map(name_key)
    stored = communes["name"].map(lambda n: stored_keys(n)[0])
    assert all(key in keys_of_name for key, keys_of_name in zip(keys, stored, strict=True))
    # Within a province no two communes share a key, so the key can identify them.
    assert not communes.assign(key=keys).duplicated(["province_code", "key"]).any()


def test_a_name_that_looks_prefixed_keeps_both_readings() -> None:
    # 03208 is "Xã Xa Dung": its name "Xa Dung" starts like the ascii prefix "Xa".
    accented, plain = stored_keys("Xa Dung")
    assert {name_key("Xã Xa Dung"), name_key("Xa Dung")} <= accented
    assert {"xa dung", "dung"} <= plain
    assert name_key("Phường Đúc") in stored_keys("Phường Phường Đúc")[0]
