"""Turn header fields into the portal's metadata values, once, at read time.

Both header styles end up here: the native style gives text, YAML gives
text, lists and mappings. Every value is NFC; every problem is a
:class:`ContentError` naming the line to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

from pelican.utils import SafeDatetime, get_date, set_date_tzinfo

import vntext

from .errors import ContentError, quoted
from .header import Field

ROLE_CHAIR = "chủ trì"
ROLE_COCHAIR = "đồng chủ trì"
ROLE_ATTENDEE = "dự"

_DASH = re.compile(r"\s+[–—-]\s+")
_TERM = re.compile(r"^(\d{4})\s*[-–—]\s*(\d{4})$")
#: the usual ``YYYY-MM-DD[ HH:MM[:SS]]``, read without dateutil (a tenth of its time)
_ISO = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d))?)?")
_DATE_ONLY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_NAME_WORD = re.compile(r"^[^\W\d_]+$")
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


def _iso_date(text: str) -> SafeDatetime | None:
    """``YYYY-MM-DD[ HH:MM[:SS]]`` as Pelican's ``get_date`` reads it; None for
    any other form, or an impossible date (``get_date`` then says why)."""
    match = _ISO.fullmatch(text.strip())
    if not match:
        return None
    try:
        return SafeDatetime(*(int(part or 0) for part in match.groups()))
    except ValueError:
        return None


class FieldReader:
    """Converts the fields of one file, raising errors that name its lines."""

    def __init__(self, path: str, timezone: str) -> None:
        self.path = path
        self.timezone = timezone

    def error(self, line: int, message: str) -> ContentError:
        return ContentError(self.path, line, message)

    def text(self, key: str, field: Field) -> str:
        """A single text value (numbers are accepted as text)."""
        value = field.value
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            kind = "danh sách" if isinstance(value, list) else "ánh xạ (khóa: giá trị)"
            raise self.error(
                field.line, f"'{key}' phải là một dòng chữ, không phải {kind}; viết trên"
                " một dòng"
            )
        return vntext.collapse(str(value))

    def texts(self, key: str, field: Field, separator: str = ";") -> list[str]:
        """A list of texts: a YAML list, or text split on ``separator``/newlines."""
        value = field.value
        if isinstance(value, list):
            items = [self.text(key, Field(v, field.line)) for v in value]
        else:
            if isinstance(value, dict):
                raise self.error(field.line, f"'{key}' phải là danh sách hoặc chữ, không"
                                 " phải ánh xạ; viết ví dụ [a, b] hoặc a, b")
            self.text(key, field)
            parts = re.split(f"[{separator}\n]", "" if value is None else str(value))
            items = [vntext.collapse(p) for p in parts]
        return [item for item in items if item]

    def date(self, key: str, field: Field) -> datetime:
        """A date or date-time, in the site time zone when none is given."""
        text = self.text(key, field)
        try:
            value = _iso_date(text) or get_date(text.replace("_", " "))
        except (ValueError, OverflowError):
            raise self.error(
                field.line, f"không đọc được ngày {text!r} ở khóa '{key}'; hãy viết"
                " YYYY-MM-DD HH:MM, ví dụ 2019-03-14 15:22"
            ) from None
        return set_date_tzinfo(value, self.timezone)

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
            self._check_name(key, name, field.line)
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

    def _check_name(self, key: str, name: str, line: int) -> None:
        words = name.split(" ")
        if not 2 <= len(words) <= 6 or not all(_NAME_WORD.match(w) for w in words):
            raise self.error(
                line, f"'{key}' có {name!r}, không phải họ tên đầy đủ của một người; viết"
                " 'Họ Đệm Tên – Chức danh', mỗi người cách nhau bằng ';'"
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
            self.text(f"event.{sub}", values[sub]) if sub in values else ""
        )
        date = self.date("event.date", values["date"]) if text("date") else None
        event_id = text("id")
        if event_id and (vntext.slugify(event_id) != event_id or event_id.isdigit()):
            raise self.error(
                values["id"].line, f"'event.id' {event_id!r} phải là các từ chữ thường"
                " không dấu nối bằng '-', có ít nhất một chữ cái, ví dụ 'ky-hop-thu-tu-hdnd'"
            )
        return EventInfo(event_id, text("kind"), text("name"), date, text("place"),
                         text("organizer"), line, bool(_DATE_ONLY.match(text("date"))))
