"""Every file a build writes, known before anything is written, so that a
report's own address (``save_as``, ``url``) can never replace another page,
a feed, a data file or a file of the theme: a collision is an error naming
both sources, reported by ``invoke check`` and the build alike."""

from __future__ import annotations

import math
import os
from typing import Any, Iterable

import outputfiles
from reading.errors import display_path
from views.opendata import CSV_FILES, SCHEMA_ID
from records.model import Records
from records.validate import Problem


_DIRECT = {"index": "trang chủ", "search": "trang tìm kiếm", "404": "trang lỗi 404",
           "archives": "trang lưu trữ tin", "categories": "trang danh sách chuyên mục",
           "tags": "trang danh sách chủ đề", "authors": "trang danh sách tác giả"}


def _pages(save_as: str, url: str, count: int, per_page: int,
           settings: dict[str, Any]) -> list[str]:
    """A listing's files: the first page, then one per further page."""
    from pelican.paginator import Paginator

    pages = max(1, math.ceil(count / per_page))
    paginator = Paginator(save_as, url, [None] * count, settings, per_page)
    return [paginator.page(number).save_as for number in range(1, pages + 1)]


def _per_page(settings: dict[str, Any], template: str) -> int:
    return (settings.get("PAGINATED_TEMPLATES", {}).get(template)
            or settings.get("DEFAULT_PAGINATION") or 10**9)


def planned(context: dict[str, Any], records: Records, settings: dict[str, Any],
            content: str) -> dict[str, str]:
    """File → what it is, for every file the build writes but reports' own pages."""
    files: dict[str, str] = {}
    articles = context.get("articles", [])

    def add(path: str, what: str) -> None:
        if path:
            files.setdefault(path.lstrip("/"), what)

    for name in settings.get("DIRECT_TEMPLATES", []):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        count = len(articles) if name == "index" else 0
        for page in _pages(save_as, settings.get(f"{name.upper()}_URL", ""), count,
                           _per_page(settings, name), settings):
            add(page, _DIRECT.get(name, f"trang '{name}' của giao diện"))
    for key, template in (("categories", "category"), ("tags", "tag"), ("authors", "author")):
        for wrapper, items in context.get(key, []):
            for page in _pages(wrapper.save_as, wrapper.url, len(items),
                               _per_page(settings, template), settings):
                add(page, f"trang {template} '{wrapper.name}'")
    for key in ("YEAR_ARCHIVE_SAVE_AS", "MONTH_ARCHIVE_SAVE_AS"):
        if settings.get(key):
            for article in articles:
                add(settings[key].format(date=article.date), "trang lưu trữ theo thời gian")
    for key in ("FEED_ALL_ATOM", "FEED_ATOM", "FEED_RSS", "FEED_ALL_RSS"):
        add(settings.get(key) or "", "luồng tin của trang")
    if settings.get("CATEGORY_FEED_ATOM"):
        for category, _ in context.get("categories", []):
            add(settings["CATEGORY_FEED_ATOM"].format(slug=category.slug),
                f"luồng tin chuyên mục '{category.name}'")
    for group, what in ((records.officials, "trang cán bộ"), (records.posts, "trang chức danh"),
                        (records.events, "trang sự kiện"), (records.terms, "trang nhiệm kỳ"),
                        (records.months, "trang sự kiện trong tháng")):
        for record in group:
            add(record.save_as, f"{what} '{getattr(record, 'name', '') or record.url}'")
            add(getattr(record, "feed", "") or "", f"luồng tin của {what}")
            add(getattr(record, "calendar", "") or "", f"lịch của {what}")
    for kind in records.kinds:
        add(kind.feed, f"luồng tin loại sự kiện '{kind.name}'")
    for slug in records.ambiguous:
        add(settings["OFFICIAL_SAVE_AS"].format(slug=slug), "trang cán bộ trùng tên")
    for key in ("OFFICIALS_SAVE_AS", "POSTS_SAVE_AS", "EVENTS_SAVE_AS", "TERMS_SAVE_AS",
                "DATA_SAVE_AS", "EVENTS_CALENDAR_SAVE_AS"):
        add(settings[key], "trang hồ sơ")
    for name in (*CSV_FILES, "popolo.json", SCHEMA_ID):
        add(settings["DATA_FILES"] + name, "tệp dữ liệu mở")
    add(settings["SEARCH_LOOKUP_SAVE_AS"], "tệp tra cứu nhanh của trang tìm kiếm")
    for name in ("sitemap.xml", "robots.txt"):
        add(name, "tệp cho máy tìm kiếm")
    theme_static = os.path.join(settings["THEME"], "static")
    for name in outputfiles.walk(theme_static):
        add(f"{settings.get('THEME_STATIC_DIR', 'theme')}/{name}", "tệp của giao diện")
    for folder in settings.get("STATIC_PATHS", []):
        root = os.path.join(content, folder)
        for name in outputfiles.walk(root) if os.path.isdir(root) else ():
            add(f"{folder}/{name}", "tệp tĩnh trong thư mục bài viết")
    return files


def reserved_folders(settings: dict[str, Any]) -> dict[str, str]:
    """Folders a tool fills and replaces whole: nothing else may live there."""
    return {settings.get("THEME_STATIC_DIR", "theme") + "/": "thư mục tệp của giao diện",
            settings.get("SEARCH_OUTPUT", "pagefind") + "/": "thư mục chỉ mục tìm kiếm"}


def collisions(items: Iterable[Any], files: dict[str, str],
               settings: dict[str, Any]) -> list[Problem]:
    """A report whose file is one the build writes for something else."""
    folders = reserved_folders(settings)
    problems = []
    for item in items:
        save_as = getattr(item, "save_as", "") or ""
        lines = getattr(item, "source_lines", {})
        line = next((lines[k] for k in ("save_as", "url", "slug", "title") if k in lines), 1)
        other = files.get(save_as) or next(
            (what for folder, what in folders.items() if save_as.startswith(folder)), None)
        if other is not None:
            problems.append(Problem(
                display_path(item.source_path), line,
                f"bài sẽ ghi vào tệp {save_as!r}, trùng với {other}; đổi 'save_as' (hoặc bỏ nó"
                " để dùng địa chỉ mặc định)"))
    return problems
