"""Settings of the records plugin: one table of name, default, type, help.

Every name can be overridden in pelicanconf.py.
"""

from __future__ import annotations

from typing import Any

import settingstable
from settingstable import Setting

SETTINGS: list[Setting] = [
    Setting("RECORDS_PATH", "records", str,
            "folder under PATH with officials.yaml and terms.yaml"),
    Setting("OFFICIAL_URL", "can-bo/{slug}/", str, "URL of an official's page"),
    Setting("OFFICIAL_SAVE_AS", "can-bo/{slug}/index.html", str, "file of an official's page"),
    Setting("OFFICIALS_URL", "can-bo/", str, "URL of the officials A–Z index"),
    Setting("OFFICIALS_SAVE_AS", "can-bo/index.html", str, "file of the officials index"),
    Setting("POST_URL", "chuc-danh/{slug}/", str, "URL of a post (position) page"),
    Setting("POST_SAVE_AS", "chuc-danh/{slug}/index.html", str, "file of a post page"),
    Setting("POSTS_URL", "chuc-danh/", str, "URL of the posts index"),
    Setting("POSTS_SAVE_AS", "chuc-danh/index.html", str, "file of the posts index"),
    Setting("EVENT_URL", "su-kien/{date.year}/{slug}/", str, "URL of an event page"),
    Setting("EVENT_SAVE_AS", "su-kien/{date.year}/{slug}/index.html", str,
            "file of an event page"),
    Setting("EVENTS_URL", "su-kien/", str, "URL of the events index (years and months)"),
    Setting("EVENTS_SAVE_AS", "su-kien/index.html", str, "file of the events index"),
    Setting("EVENTS_MONTH_URL", "su-kien/{year}/{month:02d}/", str,
            "URL of one month of events"),
    Setting("EVENTS_MONTH_SAVE_AS", "su-kien/{year}/{month:02d}/index.html", str,
            "file of one month of events"),
    Setting("TERM_URL", "nhiem-ky/{slug}/", str, "URL of a term of office"),
    Setting("TERM_SAVE_AS", "nhiem-ky/{slug}/index.html", str, "file of a term page"),
    Setting("TERMS_URL", "nhiem-ky/", str, "URL of the terms index"),
    Setting("TERMS_SAVE_AS", "nhiem-ky/index.html", str, "file of the terms index"),
    Setting("EVENTS_CALENDAR_SAVE_AS", "su-kien/lich.ics", str,
            "iCalendar file of all events"),
    Setting("EVENT_DURATION_MINUTES", 120, int,
            "length given in calendars to an event known by its start time (reports give none)"),
    Setting("EVENT_CALENDAR_SAVE_AS", "su-kien/{date.year}/{slug}/lich.ics", str,
            "iCalendar file of one event"),
    Setting("OFFICIAL_CALENDAR_SAVE_AS", "can-bo/{slug}/lich.ics", str,
            "iCalendar file of the events an official took part in"),
    Setting("TERM_CALENDAR_SAVE_AS", "nhiem-ky/{slug}/lich.ics", str,
            "iCalendar file of a term's events"),
    Setting("OFFICIAL_FEED_ATOM", "feeds/can-bo/{slug}.atom.xml", str,
            "Atom feed of an official"),
    Setting("TERM_FEED_ATOM", "feeds/nhiem-ky/{slug}.atom.xml", str, "Atom feed of a term"),
    Setting("EVENT_KIND_FEED_ATOM", "feeds/su-kien/{slug}.atom.xml", str,
            "Atom feed of an event kind"),
    Setting("DATA_URL", "du-lieu/", str, "URL of the open data page"),
    Setting("DATA_SAVE_AS", "du-lieu/index.html", str, "file of the open data page"),
    Setting("DATA_FILES", "du-lieu/", str,
            "folder of the open data files (JSON, schema, CSV)"),
    Setting("SEARCH_LOOKUP_SAVE_AS", "tim-kiem/tra-cuu.json", str,
            "the search page's instant lookup of officials, posts and terms (JSON)"),
    Setting("RECORDS_ORGANIZATION", "Thành ủy và chính quyền thành phố", str,
            "the organisation officials belong to (JSON-LD affiliation)"),
    Setting("RECORDS_EVENT_KINDS",
            ["Hội nghị Ban Chấp hành Đảng bộ", "Hội nghị triển khai", "Hội nghị sơ kết",
             "Hội nghị tổng kết", "Hội nghị", "Kỳ họp", "Đại hội", "Lễ kỷ niệm",
             "Buổi làm việc", "Hội thảo", "Tọa đàm"], list,
            "event kinds recognised at the start of a title when a report gives none"),
    Setting("RECORDS_DEFAULT_EVENT_KIND", "Sự kiện", str,
            "kind of an event whose kind is unknown"),
    Setting("RECORDS_POST_ROLES",
            ["Phó Bí thư Thường trực", "Phó Bí thư", "Bí thư", "Phó Chủ tịch Thường trực",
             "Phó Chủ tịch", "Chủ tịch", "Phó Chủ nhiệm", "Chủ nhiệm", "Phó Trưởng", "Trưởng",
             "Phó Chánh", "Chánh", "Phó Giám đốc", "Giám đốc", "Ủy viên"], list,
            "roles a post's name starts with; the rest names its organization in the open"
            " data (Phó Chủ tịch | UBND thành phố)"),
    Setting("RECORDS_POST_ORGANIZATIONS",
            {"Tỉnh ủy viên": "Tỉnh ủy", "Thành ủy viên": "Thành ủy", "Huyện ủy viên": "Huyện ủy"},
            dict,
            "organization of a post, by the post's name, where the roles do not tell it"),
    Setting("RECORDS_TERM_CYCLES", {0: "Đảng bộ", 1: "HĐND"}, dict,
            "cycle of a term by its first year modulo 5, when terms.yaml gives none"),
    Setting("RECORDS_COATTENDANCE_LIMIT", 10, int, "how many co-attending officials to show"),
    Setting("RECORDS_EVENTS_LISTED", 20, int,
            "recent events, and upcoming ones, listed under the events index's calendars"),
    Setting("RECORDS_CALENDAR_YEARS", 3, int,
            "years of calendars on the events index (newest first)"),
    Setting("RECORDS_MAX_WARNINGS", 20, int,
            "warnings a build prints (invoke check prints all)"),
    Setting("PORTAL_PRODUCTION", False, bool,
            "production build (publishconf.py): SITEURL required, unfilled scaffolds are "
            "errors"),
]


SettingsError = settingstable.SettingsError


def apply_defaults(settings: dict[str, Any]) -> None:
    """Fill in every setting of the records plugin and of the read stage it
    uses that the user did not set; refuse a value of the wrong type."""
    from reading.settings import SETTINGS as READING

    settingstable.apply(settings, [*SETTINGS, *READING])


def setting(settings: dict[str, Any], name: str) -> Any:
    """A records setting, or its default when ``settings`` has none."""
    return settingstable.value(settings, SETTINGS, name)
