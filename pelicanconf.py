"""Pelican settings for local preview (``invoke build`` / ``invoke serve``)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT / "plugins") not in sys.path:  # works before `pip install -e .` too
    sys.path.insert(0, str(ROOT / "plugins"))

import vndates  # noqa: E402

SITENAME = "Cổng thông tin điện tử"
SITESUBTITLE = "Tin tức, sự kiện và hồ sơ cán bộ"
AUTHOR = "Ban Biên tập"

# The portal's identity (README, "Settings"): an invented sample city; replace
# every line with your agency's. SITE_EMBLEM names your emblem in content/,
# e.g. "images/bieu-trung.png"; without it the theme's neutral emblem is shown.
SITE_PLACE = "Thành phố An Hòa"
SITE_AGENCY = "Thành ủy An Hòa"
SITE_COLORS = {"brand": "#a4161a", "brand_dark": "#7a0f12", "accent": "#f2c230"}
SITE_ADDRESS = "Số 1 đường Trung Tâm, thành phố An Hòa (địa chỉ mẫu)"
SITE_PHONE = "(0200) 3 800 000"
SITE_EMAIL = "banbientap@anhoa.example"
SITE_LICENCE = "Giấy phép số 00/GP-TTĐT (mẫu) — ghi rõ nguồn khi đăng lại thông tin từ cổng"
SITE_RESPONSIBLE = "Trưởng Ban Biên tập (mẫu)"
SITEURL = ""  # preview: links from the site root, whatever the host and port
RELATIVE_URLS = False
# Feed readers need absolute links: preview feeds point at `invoke serve`.
PREVIEW_URL = "http://127.0.0.1:8000"
FEED_DOMAIN = PREVIEW_URL

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
STATIC_PATHS = ["images"]
# Hidden files and folders are never content: editors' lock and swap files
# (.#bai.md, .bai.md.swp), .DS_Store, .git (Pelican matches these on names).
IGNORE_FILES = [".*"]
ARTICLE_EXCLUDES = ["pages", "records"]
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "Tin tức - Sự kiện"

TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
DEFAULT_DATE_FORMAT = "%d/%m/%Y %H:%M"
DEFAULT_DATE = None

READERS = {"html": None, "htm": None}  # Markdown and reStructuredText (the portal readers)

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["incremental", "records", "search", "sitemap"]

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# URLs: Vietnamese paths, ASCII slugs (đ → d), pretty folder URLs.
ARTICLE_URL = "tin-tuc/{date.year}/{date.month:02d}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "thong-tin/{slug}/"  # not trang/: the home page's pagination lives there
PAGE_SAVE_AS = PAGE_URL + "index.html"
CATEGORY_URL = "chuyen-muc/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_URL = "chuyen-muc/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
TAG_URL = "chu-de/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "chu-de/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
AUTHOR_URL = "tac-gia/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
AUTHORS_URL = "tac-gia/"
AUTHORS_SAVE_AS = AUTHORS_URL + "index.html"
ARCHIVES_URL = "tin-tuc/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
YEAR_ARCHIVE_URL = "tin-tuc/{date.year}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_URL = "tin-tuc/{date.year}/{date.month:02d}/"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL + "index.html"
DAY_ARCHIVE_SAVE_AS = ""
DRAFT_URL = "ban-nhap/{slug}/"
DRAFT_SAVE_AS = DRAFT_URL + "index.html"
# Reports and pages in another language (`Lang: en`) live under that language's
# folder; a translation has the same slug as its original.
ARTICLE_LANG_URL = "{lang}/" + ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_LANG_URL + "index.html"
PAGE_LANG_URL = "{lang}/" + PAGE_URL
PAGE_LANG_SAVE_AS = PAGE_LANG_URL + "index.html"
DRAFT_LANG_URL = "ban-nhap/{lang}/{slug}/"
DRAFT_LANG_SAVE_AS = DRAFT_LANG_URL + "index.html"
DRAFT_PAGE_URL = "ban-nhap/trang/{slug}/"
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_URL + "index.html"
DRAFT_PAGE_LANG_URL = "ban-nhap/trang/{lang}/{slug}/"
DRAFT_PAGE_LANG_SAVE_AS = DRAFT_PAGE_LANG_URL + "index.html"
SEARCH_URL = "tim-kiem/"
SEARCH_SAVE_AS = SEARCH_URL + "index.html"
DIRECT_TEMPLATES = ["index", "categories", "tags", "authors", "archives", "search", "404"]

DEFAULT_PAGINATION = 20  # a page of 20 reports, like the big Vietnamese news sites
PAGINATED_TEMPLATES = {
    "index": None,
    "category": None,
    "tag": None,
    "author": None,
    "archives": 50,
    "period_archives": 50,
}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang/{number}/", "{base_name}/trang/{number}/index.html"),
)

# Atom feeds: the whole site and each category (officials, terms and event
# kinds get theirs from the records plugin). No RSS duplicates.
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/chuyen-muc/{slug}.atom.xml"
TRANSLATION_FEED_ATOM = "feeds/all-{lang}.atom.xml"  # one feed per language
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 50

JINJA_FILTERS = vndates.filters(TIMEZONE)  # dd/mm/yyyy, in the site's time zone

# Header navigation: (label, URL relative to SITEURL, key matched by pages).
NAV_LINKS = [
    ("Tin tức", "", "news"),
    ("Sự kiện", "su-kien/", "events"),
    ("Cán bộ", "can-bo/", "officials"),
    ("Nhiệm kỳ", "nhiem-ky/", "terms"),
    ("Tìm kiếm", "tim-kiem/", "search"),
]
FOOTER_LINKS = [
    ("Lưu trữ tin", "tin-tuc/"),
    ("Chuyên mục", "chuyen-muc/"),
    ("Chủ đề", "chu-de/"),
    ("Tác giả", "tac-gia/"),
    ("Chức danh", "chuc-danh/"),
    ("Dữ liệu mở", "du-lieu/"),
    ("Nhận tin mới (RSS)", "feeds/all.atom.xml"),
]

# Everything rendered from content is escaped; only Markdown bodies (already
# HTML) are marked safe in the templates.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
