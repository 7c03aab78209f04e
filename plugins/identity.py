"""The portal's identity, as settings: who publishes it, for which place, with
which emblem, banner and colours, and the footer Vietnamese portals carry
(address, phone, email, licence, "Chịu trách nhiệm chính").

Every value is checked when the build starts: a colour is ``#rrggbb`` and
dark enough for white text on it, pictures are files of the site (never
another host), an email is an address.
"""

from __future__ import annotations

import re
from typing import Any

import settingstable
from settingstable import Setting, SettingsError

DEFAULT_COLORS = {"brand": "#a4161a", "brand_dark": "#7a0f12", "accent": "#f2c230"}
SETTINGS: list[Setting] = [
    Setting("SITE_PLACE", "Thành phố An Hòa", str,
            "the city or province the portal serves, shown in the banner"),
    Setting("SITE_AGENCY", "Thành ủy An Hòa", str,
            "the agency that publishes the portal (banner, footer, JSON-LD publisher)"),
    Setting("SITE_EMBLEM", None, (str, type(None)),
            "the agency's emblem: a path in the built site (`images/bieu-trung.png`);"
            " None: the theme's neutral emblem"),
    Setting("SITE_BANNER", None, (str, type(None)),
            "a picture behind the banner: a path in the built site; None: the colours only"),
    Setting("SITE_COLORS", DEFAULT_COLORS, dict,
            "`brand` (banner, headings), `brand_dark` (menu, footer), `accent` (the portal's"
            " name, the current menu item): `#rrggbb`; white text must read on brand and"
            " brand_dark"),
    Setting("SITE_ADDRESS", "", str, "the agency's postal address (footer)"),
    Setting("SITE_PHONE", "", str, "the agency's phone number (footer)"),
    Setting("SITE_EMAIL", "", str, "the agency's email address (footer)"),
    Setting("SITE_LICENCE", "", str, "the portal's licence line (footer), e.g. `Giấy phép số …`"),
    Setting("SITE_RESPONSIBLE", "", str,
            "who answers for the content (footer: “Chịu trách nhiệm chính: …”)"),
]
COLOR_KEYS = ("brand", "brand_dark", "accent")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[a-zA-Z]{2,}$")
_PHONE = re.compile(r"^[0-9 +().-]{6,30}$")
_SITE_PATH = re.compile(r"^[A-Za-z0-9._/-]+$")


def apply_defaults(settings: dict[str, Any]) -> None:
    """Give every identity setting its default, then check each value."""
    settingstable.apply(settings, SETTINGS)
    colors = settings["SITE_COLORS"]
    unknown = sorted(set(colors) - set(COLOR_KEYS))
    if unknown:
        raise SettingsError(f"pelicanconf.py: SITE_COLORS không có màu {unknown[0]!r}; dùng"
                            f" {', '.join(COLOR_KEYS)}")
    settings["SITE_COLORS"] = colors = {**DEFAULT_COLORS, **colors}
    for key, value in colors.items():
        if not isinstance(value, str) or not _HEX.match(value):
            raise SettingsError(f"pelicanconf.py: SITE_COLORS[{key!r}] phải là mã màu dạng"
                                f" #rrggbb, không phải {value!r}")
    for key in ("brand", "brand_dark"):
        ratio = contrast(colors[key], "#ffffff")
        if ratio < 4.5:
            raise SettingsError(f"pelicanconf.py: chữ trắng trên màu SITE_COLORS[{key!r}]"
                                f" {colors[key]} khó đọc (tương phản {ratio:.1f}:1, cần ít nhất"
                                " 4.5:1); chọn màu đậm hơn")
    ratio = contrast(colors["accent"], colors["brand"])
    if ratio < 3:
        raise SettingsError(f"pelicanconf.py: tên cổng màu SITE_COLORS['accent'] {colors['accent']}"
                            f" trên màu brand {colors['brand']} khó đọc (tương phản {ratio:.1f}:1,"
                            " cần ít nhất 3:1); chọn màu sáng hơn")
    for key in ("SITE_EMBLEM", "SITE_BANNER"):
        value = settings[key]
        if value is not None and (not _SITE_PATH.match(value) or ".." in value.split("/")
                                  or "//" in value):
            raise SettingsError(f"pelicanconf.py: {key} phải là đường dẫn một tệp của trang"
                                f" (ví dụ images/bieu-trung.png), không phải {value!r}")
    if settings["SITE_EMAIL"] and not _EMAIL.match(settings["SITE_EMAIL"]):
        raise SettingsError(f"pelicanconf.py: SITE_EMAIL {settings['SITE_EMAIL']!r} không phải"
                            " địa chỉ thư điện tử")
    if settings["SITE_PHONE"] and not _PHONE.match(settings["SITE_PHONE"]):
        raise SettingsError(f"pelicanconf.py: SITE_PHONE {settings['SITE_PHONE']!r} chỉ được có"
                            " chữ số, dấu cách, +, (, ), . và -")


def emblem(settings: dict[str, Any]) -> str:
    """The emblem's path in the built site (no leading ``/``)."""
    chosen = settingstable.value(settings, SETTINGS, "SITE_EMBLEM")
    if chosen:
        return str(chosen).lstrip("/")
    return f"{settings.get('THEME_STATIC_DIR', 'theme')}/img/bieu-trung.svg"


def phone_link(phone: str) -> str:
    """``tel:`` address of a phone number as written (``(0274) 3 822 123``)."""
    return "tel:" + re.sub(r"[^0-9+]", "", phone)


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours."""
    def luminance(color: str) -> float:
        channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
