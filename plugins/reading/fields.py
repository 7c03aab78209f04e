"""Turn header fields into the portal's metadata values, once, at read time.

Both header styles end up here: the native style gives text, YAML gives
text, lists and mappings. Every value is NFC; every problem is a
:class:`ContentError` naming the line to fix.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

from pelican.utils import SafeDatetime, set_date_tzinfo

import vndates
import vntext

from reading.errors import ContentError, quoted
from reading.header import Field
from reading.settings import setting

ROLE_CHAIR = "chủ trì"
ROLE_COCHAIR = "đồng chủ trì"
ROLE_ATTENDEE = "dự"

_DASH = re.compile(r"\s+[–—-]\s+")
_TERM = re.compile(r"^(\d{4})\s*[-–—]\s*(\d{4})$")
_NAME_WORD = re.compile(r"^[^\W\d_]+$")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_SITE_PATH = re.compile(r"^[A-Za-z0-9._~/-]+$")
_CONTENT_TEMPLATE = re.compile(r"^(?:article|page)[a-z0-9_-]*\.html$")
_LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_BOOL = {"true": "true", "yes": "true", "có": "true", "false": "false", "no": "false",
         "không": "false"}
EVENT_KEYS = ("id", "kind", "name", "date", "place", "organizer")


@dataclass(frozen=True)
class Participant:
    """A person named at a meeting, with the title as written there."""

    name: str
    position: str
    role: str
    line: int


@dataclass(frozen=True)
class EventInfo:
    """The meeting a report covers, as its header describes it."""

    id: str
    kind: str
    name: str
    date: datetime | None
    place: str
    organizer: str
    line: int
    all_day: bool = False


class FieldReader:
    """Converts the fields of one file, raising errors that name its lines."""

    def __init__(self, path: str, timezone: str, settings: dict[str, Any] | None = None
                 ) -> None:
        self.path = path
        self.timezone = timezone
        self.settings = settings or {}

    def error(self, line: int, message: str) -> ContentError:
        return ContentError(self.path, line, message)

    def limit(self, name: str) -> int:
        return int(setting(self.settings, name))

    def text(self, key: str, field: Field, limit: str | None = "RECORDS_MAX_TITLE_CHARS"
             ) -> str:
        """A single text value (numbers are accepted as text), within ``limit``
        characters (a setting's name; None: the caller checks the length) and
        with no word longer than ``RECORDS_MAX_WORD_LETTERS``."""
        value = field.value
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            kind = "danh sách" if isinstance(value, list) else "ánh xạ (khóa: giá trị)"
            raise self.error(
                field.line, f"'{key}' phải là một dòng chữ, không phải {kind}; viết trên"
                " một dòng"
            )
        text = vntext.collapse(str(value))
        self.within_limits(key, text, field.line, limit)
        return text

    def within_limits(self, key: str, text: str, line: int, limit: str | None) -> None:
        """Refuse text longer than the setting ``limit``, or with an overlong word."""
        most = self.limit(limit) if limit else len(text)
        if len(text) > most:
            raise self.error(line, f"'{key}' dài {len(text)} ký tự, quá giới hạn {most}"
                             f" ({limit} trong pelicanconf.py); viết ngắn lại")
        longest = max(map(len, _LETTER_RUN.findall(text)), default=0)
        if longest > self.limit("RECORDS_MAX_WORD_LETTERS"):
            raise self.error(line, f"'{key}' có một từ dài {longest} chữ cái, quá giới hạn"
                             f" {self.limit('RECORDS_MAX_WORD_LETTERS')}"
                             " (RECORDS_MAX_WORD_LETTERS); kiểm tra lỗi gõ hoặc thêm dấu cách")

    def texts(self, key: str, field: Field, separator: str = ";",
              limit: str = "RECORDS_MAX_TITLE_CHARS") -> list[str]:
        """A list of texts: a YAML list, or text split on ``separator``/newlines."""
        value = field.value
        if isinstance(value, list):
            items = [self.text(key, Field(v, field.line), limit) for v in value]
        else:
            if isinstance(value, dict):
                raise self.error(field.line, f"'{key}' phải là danh sách hoặc chữ, không"
                                 " phải ánh xạ; viết ví dụ [a, b] hoặc a, b")
            self.text(key, Field(value, field.line), "RECORDS_MAX_SUMMARY_CHARS")
            parts = re.split(f"[{separator}\n]", "" if value is None else str(value))
            items = [vntext.collapse(p) for p in parts]
            for item in items:
                self.within_limits(key, item, field.line, limit)
        return [item for item in items if item]

    def addressed(self, key: str, text: str, line: int) -> str:
        """A category, tag, author or position: it names a page, so its slug
        (from its letters and digits) may not be empty."""
        if text and not vntext.slugify(text):
            raise self.error(line, f"'{key}' có {text!r}, không có chữ cái hay chữ số nào để"
                             " làm địa chỉ trang; viết bằng chữ")
        return text

    def slug(self, key: str, field: Field) -> str:
        """An explicit slug: a–z, 0–9 and '-', at most ``RECORDS_MAX_SLUG_BYTES``."""
        slug = self.text(key, field, None)
        if not slug or vntext.slugify(slug) != slug:
            raise self.error(field.line, f"'{key}' {slug!r} chỉ được có chữ thường a-z, chữ"
                             f" số và '-', ví dụ {vntext.slugify(slug) or 'bao-cao-1'!r}")
        most = self.limit("RECORDS_MAX_SLUG_BYTES")
        if len(slug) > most:
            raise self.error(field.line, f"'{key}' dài {len(slug)} ký tự, quá giới hạn {most}"
                             " (RECORDS_MAX_SLUG_BYTES); viết ngắn lại")
        return slug

    def choice(self, key: str, field: Field, choices: tuple[str, ...]) -> str:
        value = self.text(key, field).lower()
        if value not in choices:
            raise self.error(field.line, f"'{key}' là {value!r}; chỉ dùng được:"
                             f" {quoted(choices)}")
        return value

    def boolean(self, key: str, field: Field) -> str:
        """``true`` or ``false``, as Pelican's metadata holds them."""
        value = field.value
        text = ("true" if value else "false") if isinstance(value, bool) else \
            self.text(key, field).lower()
        if text not in _BOOL:
            raise self.error(field.line, f"'{key}' là {text!r}; viết true hoặc false")
        return _BOOL[text]

    def lang(self, key: str, field: Field) -> str:
        value = self.text(key, field)
        if not _LANG.match(value):
            raise self.error(field.line, f"'{key}' {value!r} không phải mã ngôn ngữ; viết"
                             " ví dụ vi, en hoặc fr")
        return value

    def site_path(self, key: str, field: Field) -> str:
        """``url`` or ``save_as``: a plain path inside the site, normalised
        (``./a//b`` → ``a/b``); ``save_as`` names an ``.html`` file."""
        raw = self.text(key, field)
        path = posixpath.normpath(raw) if raw else ""
        if raw.endswith("/") and path not in ("", "."):
            path += "/"
        problem = None
        if (_SCHEME.match(raw) or raw.startswith(("/", "\\")) or "\\" in raw
                or ".." in raw.split("/")):
            problem = "phải là đường dẫn trong trang: không có giao thức (http:, javascript:…),"\
                      " không bắt đầu bằng '/', không có '..'"
        elif not path or path == "." or not _SITE_PATH.match(path):
            problem = "chỉ được có chữ không dấu, chữ số, '.', '-', '_' và '/'"
        elif key == "save_as" and not path.endswith(".html"):
            problem = "phải là tệp .html, ví dụ gioi-thieu/index.html"
        elif key == "url" and not path.endswith(("/", ".html")):
            problem = "phải kết thúc bằng '/' hoặc '.html', ví dụ gioi-thieu/"
        if problem:
            raise self.error(field.line, f"'{key}' {raw!r} {problem}")
        return path

    def template(self, key: str, field: Field) -> str:
        """A theme template made for a report or a page (``article…``,
        ``page…``), by name: not a path, nor a template expecting other data."""
        name = self.text(key, field)
        folders = [os.path.join(self.settings.get("THEME", ""), "templates"),
                   *self.settings.get("THEME_TEMPLATES_OVERRIDES", [])]
        known = sorted({f[:-5] for folder in folders if os.path.isdir(folder)
                        for f in os.listdir(folder) if _CONTENT_TEMPLATE.match(f)})
        if name not in known:
            raise self.error(field.line, f"'{key}' {name!r} không phải mẫu trang của giao"
                             f" diện; dùng một trong: {quoted(known)}")
        return name

    def web_address(self, key: str, field: Field) -> str:
        value = self.text(key, field, "RECORDS_MAX_SUMMARY_CHARS")
        if not re.match(r"^https?://[^\s/]+", value):
            raise self.error(field.line, f"'{key}' {value!r} phải là địa chỉ http:// hoặc"
                             " https://")
        return value

    def date(self, key: str, field: Field) -> datetime:
        """A date or date-time, in the site time zone when none is given."""
        return self.read_date(key, field).value

    def read_date(self, key: str, field: Field) -> vndates.ReadDate:
        """A date written day first or in ISO form (see :func:`vndates.read_date`),
        as Pelican's date type, in the site time zone when none is given."""
        text = self.text(key, field)
        try:
            read = vndates.read_date(text)
        except vndates.DateError as error:
            raise self.error(
                field.line, f"không đọc được ngày {text!r} ở khóa '{key}': {error}; hãy viết"
                " ngày/tháng/năm như 14/03/2019 15:22, hoặc 2019-03-14 15:22"
            ) from None
        when = read.value
        value = SafeDatetime(when.year, when.month, when.day, when.hour, when.minute,
                             when.second, tzinfo=when.tzinfo)
        return vndates.ReadDate(set_date_tzinfo(value, self.timezone), read.has_time)

    def terms(self, field: Field) -> list[str]:
        """Term ids such as ``2015-2020``; an en dash is accepted."""
        terms = []
        for item in self.texts("terms", field, separator=",;"):
            match = _TERM.match(item.strip("() "))
            if not match or int(match.group(2)) <= int(match.group(1)):
                raise self.error(
                    field.line, f"'terms' có {item!r}, không phải một nhiệm kỳ; viết năm"
                    " đầu-năm cuối, ví dụ 2015-2020"
                )
            term = f"{match.group(1)}-{match.group(2)}"
            if term not in terms:
                terms.append(term)
        return terms

    def participants(self, key: str, field: Field, role: str) -> list[Participant]:
        """People with their titles, from either header style.

        Native: ``Name – Position; Name – Position`` (one per line also works),
        or just ``Name, Name, Name``. YAML: a list of ``{name, position}``
        mappings or ``"Name – Position"`` strings, or one mapping.
        """
        value = field.value
        if value is None or value == "":
            return []
        if isinstance(value, dict):
            value = [value]
        if isinstance(value, list):
            pairs = [self._yaml_person(key, item, field.line) for item in value]
        elif isinstance(value, str):
            pairs = self._native_people(key, field)
        else:
            raise self.error(
                field.line, f"'{key}' phải có dạng 'Họ Tên – Chức vụ; Họ Tên – Chức vụ'"
                " hoặc là danh sách các mục name/position"
            )
        people = []
        for name, position in pairs:
            self.check_name(key, name, field.line)
            self.within_limits(f"{key}.position", position, field.line,
                               "RECORDS_MAX_TITLE_CHARS")
            self.addressed(f"{key}.position", position, field.line)
            people.append(Participant(name, position, role, field.line))
        if role == ROLE_CHAIR and len(people) > 1:
            people = [Participant(p.name, p.position, ROLE_COCHAIR, p.line)
                      for p in people]
        return people

    def _native_people(self, key: str, field: Field) -> list[tuple[str, str]]:
        raw = vntext.nfc(field.value)
        items = [vntext.collapse(p) for p in re.split(r"[;\n]", raw)]
        items = [item for item in items if item]
        if len(items) == 1 and not _DASH.search(items[0]) and "," in items[0]:
            items = [vntext.collapse(p) for p in items[0].split(",") if p.strip()]
        pairs = []
        for item in items:
            parts = _DASH.split(item, maxsplit=1)
            name, position = parts[0], parts[1] if len(parts) > 1 else ""
            if _DASH.search(position):
                raise self.error(
                    field.line, f"'{key}' có vẻ gộp hai người trong {item!r}; ngăn cách"
                    " mỗi người bằng dấu ';'"
                )
            pairs.append((vntext.strip_honorific(name), vntext.collapse(position)))
        return pairs

    def _yaml_person(self, key: str, item: Any, line: int) -> tuple[str, str]:
        if isinstance(item, str):
            parts = _DASH.split(vntext.collapse(item), maxsplit=1)
            return vntext.strip_honorific(parts[0]), parts[1] if len(parts) > 1 else ""
        if not isinstance(item, dict) or "name" not in item:
            raise self.error(
                line, f"mỗi mục của '{key}' cần có tên: viết '- name: Nguyễn Văn A', có"
                " thể thêm 'position: ...' ở dòng dưới"
            )
        unknown = sorted(set(map(str, item)) - {"name", "position"})
        if unknown:
            raise self.error(
                line, f"mục của '{key}' có khóa lạ {quoted(unknown)}; chỉ dùng được:"
                " 'name', 'position'"
            )
        name = self.text(f"{key}.name", Field(item["name"], line))
        position = item.get("position")
        if isinstance(position, list):
            position = ", ".join(self.text(f"{key}.position", Field(p, line))
                                 for p in position)
        else:
            position = self.text(f"{key}.position", Field(position, line))
        return vntext.strip_honorific(name), position

    def check_name(self, key: str, name: str, line: int) -> None:
        """A person's full name: 2 to 6 words of letters, Latin (Vietnamese)
        letters only, at most ``RECORDS_MAX_NAME_CHARS``."""
        words = name.split(" ")
        if not 2 <= len(words) <= 6 or not all(_NAME_WORD.match(w) for w in words):
            raise self.error(
                line, f"'{key}' có {name!r}, không phải họ tên đầy đủ của một người; viết"
                " 'Họ Đệm Tên – Chức danh', mỗi người cách nhau bằng ';'"
            )
        self.check_letters(key, name, line)

    def check_letters(self, key: str, name: str, line: int) -> None:
        """A name (or an alias, ``Nguyễn T. Khánh``): within the name limit, and
        in Latin letters only — a look-alike letter would make another person."""
        self.within_limits(key, name, line, "RECORDS_MAX_NAME_CHARS")
        foreign = vntext.foreign_letters(name)
        if foreign:
            letters = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in foreign)
            raise self.error(
                line, f"'{key}' có {name!r} lẫn chữ không thuộc bảng chữ tiếng Việt: {letters};"
                " gõ lại tên bằng bàn phím tiếng Việt (chữ trông giống nhưng khác mã sẽ thành"
                " một người khác)"
            )

    def event(self, fields: dict[str, Field]) -> EventInfo | None:
        """The event from ``event:`` (YAML mapping) or ``Event-*`` keys."""
        values: dict[str, Field] = {}
        main = fields.get("event")
        if main is not None and isinstance(main.value, dict):
            for sub, value in main.value.items():
                if str(sub) not in EVENT_KEYS:
                    raise self.error(
                        main.line, f"'event' có khóa lạ {sub!r}; chỉ dùng được:"
                        f" {quoted(EVENT_KEYS)}"
                    )
                values[str(sub)] = Field(value, main.line)
        elif main is not None:
            values["name"] = main
        for sub in EVENT_KEYS:
            if f"event-{sub}" in fields:
                values[sub] = fields[f"event-{sub}"]
        if not values:
            return None
        line = min(f.line for f in values.values())
        text: Callable[[str], str] = lambda sub: (
            self.text(f"event.{sub}", values[sub], "RECORDS_MAX_LABEL_CHARS" if sub == "kind"
                      else "RECORDS_MAX_TITLE_CHARS") if sub in values else ""
        )
        date = self.read_date("event.date", values["date"]) if text("date") else None
        event_id = text("id")
        if event_id and (vntext.slugify(event_id) != event_id or event_id.isdigit()):
            raise self.error(
                values["id"].line, f"'event.id' {event_id!r} phải là các từ chữ thường"
                " không dấu nối bằng '-', có ít nhất một chữ cái, ví dụ 'ky-hop-thu-tu-hdnd'"
            )
        return EventInfo(event_id, text("kind"), text("name"), date and date.value,
                         text("place"), text("organizer"), line,
                         bool(date and not date.has_time))
