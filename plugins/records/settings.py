"""Settings of the records plugin: one table of (name, default, help).

Every name can be overridden in pelicanconf.py.
"""

from __future__ import annotations

from typing import Any

SETTINGS: list[tuple[str, Any, str]] = [
    ("RECORDS_PATH", "records", "folder under PATH with officials.yaml and terms.yaml"),
    ("OFFICIAL_URL", "can-bo/{slug}/", "URL of an official's page"),
    ("OFFICIAL_SAVE_AS", "can-bo/{slug}/index.html", "file of an official's page"),
    ("OFFICIALS_URL", "can-bo/", "URL of the officials A–Z index"),
    ("OFFICIALS_SAVE_AS", "can-bo/index.html", "file of the officials index"),
    ("POST_URL", "chuc-danh/{slug}/", "URL of a post (position) page"),
    ("POST_SAVE_AS", "chuc-danh/{slug}/index.html", "file of a post page"),
    ("POSTS_URL", "chuc-danh/", "URL of the posts index"),
    ("POSTS_SAVE_AS", "chuc-danh/index.html", "file of the posts index"),
    ("EVENT_URL", "su-kien/{date.year}/{slug}/", "URL of an event page"),
    ("EVENT_SAVE_AS", "su-kien/{date.year}/{slug}/index.html", "file of an event page"),
    ("EVENTS_URL", "su-kien/", "URL of the events index (years and months)"),
    ("EVENTS_SAVE_AS", "su-kien/index.html", "file of the events index"),
    ("EVENTS_MONTH_URL", "su-kien/{year}/{month:02d}/", "URL of one month of events"),
    ("EVENTS_MONTH_SAVE_AS", "su-kien/{year}/{month:02d}/index.html",
     "file of one month of events"),
    ("TERM_URL", "nhiem-ky/{slug}/", "URL of a term of office"),
    ("TERM_SAVE_AS", "nhiem-ky/{slug}/index.html", "file of a term page"),
    ("TERMS_URL", "nhiem-ky/", "URL of the terms index"),
    ("TERMS_SAVE_AS", "nhiem-ky/index.html", "file of the terms index"),
    ("EVENTS_CALENDAR_SAVE_AS", "su-kien/lich.ics", "iCalendar file of all events"),
    ("EVENT_CALENDAR_SAVE_AS", "su-kien/{date.year}/{slug}/lich.ics",
     "iCalendar file of one event"),
    ("OFFICIAL_FEED_ATOM", "feeds/can-bo/{slug}.atom.xml", "Atom feed of an official"),
    ("TERM_FEED_ATOM", "feeds/nhiem-ky/{slug}.atom.xml", "Atom feed of a term"),
    ("EVENT_KIND_FEED_ATOM", "feeds/su-kien/{slug}.atom.xml", "Atom feed of an event kind"),
    ("DATA_URL", "du-lieu/", "URL of the open data page"),
    ("DATA_SAVE_AS", "du-lieu/index.html", "file of the open data page"),
    ("DATA_FILES", "du-lieu/", "folder of the open data files (JSON, schema, CSV)"),
    ("RECORDS_ORGANIZATION", "Thành ủy và chính quyền thành phố",
     "the organisation officials belong to (JSON-LD affiliation)"),
    ("RECORDS_EVENT_KINDS",
     ["Hội nghị Ban Chấp hành Đảng bộ", "Hội nghị triển khai", "Hội nghị sơ kết",
      "Hội nghị tổng kết", "Hội nghị", "Kỳ họp", "Đại hội", "Lễ kỷ niệm",
      "Buổi làm việc", "Hội thảo", "Tọa đàm"],
     "event kinds recognised at the start of a title when a report gives none"),
    ("RECORDS_DEFAULT_EVENT_KIND", "Sự kiện", "kind of an event whose kind is unknown"),
    ("RECORDS_TERM_CYCLES", {0: "Đảng bộ", 1: "HĐND"},
     "cycle of a term by its first year modulo 5, when terms.yaml gives none"),
    ("RECORDS_COATTENDANCE_LIMIT", 10, "how many co-attending officials to show"),
    ("RECORDS_CALENDAR_YEARS", 3, "years of calendars on the events index (newest first)"),
    ("RECORDS_MAX_WARNINGS", 20, "warnings a build prints (invoke check prints all)"),
    ("RECORDS_MAX_TITLE_CHARS", 300, "longest title, event name, place or other text value"),
    ("RECORDS_MAX_LABEL_CHARS", 100, "longest category, tag, author or event kind"),
    ("RECORDS_MAX_SUMMARY_CHARS", 1000, "longest summary"),
    ("RECORDS_MAX_NAME_CHARS", 80, "longest name of a person"),
    ("RECORDS_MAX_SLUG_BYTES", 120, "longest slug (slugs made from titles are cut there)"),
    ("RECORDS_MAX_WORD_LETTERS", 60, "longest word (letters in a row) of any header value"),
    ("RECORDS_MAX_REPORT_BYTES", 5_000_000, "largest report file"),
    ("RECORDS_EXTRA_KEYS", {}, "the site's own plain-text header keys: name → help"),
    ("PORTAL_PRODUCTION", False,
     "production build (publishconf.py): SITEURL required, unfilled scaffolds are errors"),
]


class SettingsError(ValueError):
    """A setting cannot give the build asked for (said in one line, naming
    pelicanconf.py or the environment)."""


DEFAULTS: dict[str, Any] = {name: default for name, default, _help in SETTINGS}


def apply_defaults(settings: dict[str, Any]) -> None:
    """Fill in every setting the user did not set."""
    for name, default, _help in SETTINGS:
        settings.setdefault(name, default)


def setting(settings: dict[str, Any], name: str) -> Any:
    """A records setting, or its default when ``settings`` has none."""
    return settings.get(name, DEFAULTS[name])
