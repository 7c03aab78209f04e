"""The portal's identity as settings (plugins/identity.py): the banner names
the agency, the portal and the place beside the emblem; the footer carries
the agency's address, phone, email, licence line and who answers for the
content; colours reach the page, and a colour white text cannot be read on
is refused with one line naming pelicanconf.py."""

from __future__ import annotations

import pytest

from conftest import Site
from settingstable import SettingsError

IDENTITY = {
    "SITE_PLACE": "Tỉnh Bình Minh", "SITE_AGENCY": "Ủy ban nhân dân tỉnh Bình Minh",
    "SITE_ADDRESS": "Số 9 đường Hùng Vương", "SITE_PHONE": "(0210) 3 812 345",
    "SITE_EMAIL": "ttdt@binhminh.example", "SITE_LICENCE": "Giấy phép số 12/GP-TTĐT",
    "SITE_RESPONSIBLE": "Chánh Văn phòng UBND tỉnh",
    "SITE_COLORS": {"brand": "#00468c"},
}


def test_the_banner_and_footer_say_whose_portal_it_is(build_site) -> None:
    built: Site = build_site(**IDENTITY)
    soup = built.soup("/")
    banner = soup.select_one("header .site-name")
    assert banner.select_one(".site-name__agency").get_text() == IDENTITY["SITE_AGENCY"]
    assert banner.select_one(".site-name__place").get_text() == IDENTITY["SITE_PLACE"]
    assert built.file(banner.img["src"]).is_file() and banner.img["alt"] == ""
    footer = soup.select_one("footer.site-footer")
    text = " ".join(footer.get_text(" ").split())
    for key in ("SITE_ADDRESS", "SITE_LICENCE", "SITE_AGENCY", "SITE_PLACE"):
        assert IDENTITY[key] in text
    assert "Chịu trách nhiệm chính: Chánh Văn phòng UBND tỉnh" in text
    assert footer.select_one('a[href="tel:02103812345"]').get_text() == IDENTITY["SITE_PHONE"]
    assert footer.select_one('a[href="mailto:ttdt@binhminh.example"]')
    style = soup.find("style").get_text()
    assert "--c-brand: #00468c" in style and "--c-accent: #f2c230" in style  # default kept


@pytest.mark.parametrize("setting, value, words", [
    ("SITE_COLORS", {"brand": "red"}, "#rrggbb"),
    ("SITE_COLORS", {"brand": "#f0f0f0"}, "khó đọc"),
    ("SITE_COLORS", {"accent": "#a01010"}, "khó đọc"),
    ("SITE_COLORS", {"nen": "#000000"}, "không có màu 'nen'"),
    ("SITE_EMBLEM", "https://other.example/logo.png", "đường dẫn một tệp của trang"),
    ("SITE_BANNER", "../ngoai.jpg", "đường dẫn một tệp của trang"),
    ("SITE_EMAIL", "ban bien tap", "không phải địa chỉ thư điện tử"),
    ("SITE_PHONE", "gọi 0210", "chỉ được có chữ số"),
])
def test_an_identity_setting_that_cannot_work_stops_the_build(build_site, setting, value,
                                                              words) -> None:
    with pytest.raises(SettingsError, match=words) as stopped:
        build_site(**{setting: value})
    assert str(stopped.value).startswith("pelicanconf.py: ")


def test_a_banner_picture_is_drawn_behind_the_banner(build_site) -> None:
    built = build_site(SITE_BANNER="images/2019/toan-canh-hoi-nghi.svg")
    style = built.soup("/").find("style").get_text()
    assert 'url("/images/2019/toan-canh-hoi-nghi.svg")' in style
    assert built.file("/images/2019/toan-canh-hoi-nghi.svg").is_file()
