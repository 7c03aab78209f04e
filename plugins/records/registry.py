"""Optional registries in ``content/records/``: officials and terms.

``officials.yaml`` — a list of people::

    - name: Nguyễn Tư Khánh
      slug: nguyen-tu-khanh          # pinned URL (optional)
      aliases: [Nguyễn T. Khánh]
      given: Khánh                   # name parts (optional; given may be 2 words)
      photo: images/can-bo/khanh.jpg
      photo_credit: Ảnh: Báo Thành phố
      positions:
        - {title: Bí thư Thành ủy, start: 2020-08-20}

``terms.yaml`` — a list of terms of office::

    - {id: 2015-2020, cycle: Đảng bộ, start: 2015-10-15, end: 2020-08-19}
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

import vndates
import vntext

from reading.errors import ContentError, display_path, quoted
from reading.header import compose_yaml, construct
from reading.fields import FieldReader

OFFICIAL_KEYS = {"name", "slug", "aliases", "family", "middle", "given", "photo",
                 "photo_credit", "positions"}
POSITION_KEYS = {"title", "start", "end"}
TERM_KEYS = {"id", "label", "cycle", "start", "end"}


@dataclass(frozen=True)
class RegistryPosition:
    title: str
    start: date | None
    end: date | None


@dataclass(frozen=True)
class RegistryOfficial:
    name: str
    line: int
    slug: str = ""
    aliases: tuple[str, ...] = ()
    parts: tuple[str, str, str] | None = None
    photo: str = ""
    photo_credit: str = ""
    positions: tuple[RegistryPosition, ...] = ()


@dataclass(frozen=True)
class RegistryTerm:
    id: str
    line: int
    label: str = ""
    cycle: str = ""
    start: date | None = None
    end: date | None = None


@dataclass
class Registry:
    officials: list[RegistryOfficial] = field(default_factory=list)
    terms: list[RegistryTerm] = field(default_factory=list)


def load(folder: str, content: str = "", settings: dict[str, Any] | None = None) -> Registry:
    """Read ``officials.yaml`` and ``terms.yaml`` from ``folder`` if present
    (photos are checked against the ``content`` folder)."""
    registry = Registry()
    officials = os.path.join(folder, "officials.yaml")
    terms = os.path.join(folder, "terms.yaml")
    if os.path.exists(officials):
        people = FieldReader(display_path(officials), "UTC", settings)
        registry.officials = [_official(item, line, people, content)
                              for item, line in _entries(officials)]
    if os.path.exists(terms):
        registry.terms = [_term(item, line, terms) for item, line in _entries(terms)]
    return registry


def _entries(path: str) -> list[tuple[dict[str, Any], int]]:
    display = display_path(path)
    with open(path, encoding="utf-8-sig") as handle:
        node = compose_yaml(vntext.nfc(handle.read()), display, kind="registry")
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise ContentError(display, 1, "danh mục phải là một danh sách: mỗi mục bắt đầu bằng '- '")
    entries = []
    for item in node.value:
        line = item.start_mark.line + 1
        value = construct(item)
        if not isinstance(value, dict):
            raise ContentError(display, line, "mỗi mục phải là các dòng 'khóa: giá trị'")
        entries.append(({**value, "_path": display}, line))
    return entries


def _check_keys(item: dict[str, Any], allowed: set[str], line: int, what: str) -> None:
    unknown = sorted(set(map(str, item)) - allowed - {"_path"})
    if unknown:
        raise ContentError(item["_path"], line, f"{what} có khóa lạ {quoted(unknown)};"
                           f" chỉ dùng được: {quoted(sorted(allowed))}")


def _text(item: dict[str, Any], key: str, line: int) -> str:
    value = item.get(key)
    if value is None:
        return ""
    if not isinstance(value, (str, int)):
        raise ContentError(item["_path"], line, f"'{key}' phải là chữ")
    return vntext.collapse(str(value))


def _date(item: dict[str, Any], key: str, line: int) -> date | None:
    text = _text(item, key, line)
    if not text:
        return None
    try:
        return vndates.read_date(text).value.date()
    except vndates.DateError as error:
        raise ContentError(item["_path"], line, f"'{key}' không phải ngày: {text!r}"
                           f" ({error}); hãy viết ngày/tháng/năm như 20/08/2020, hoặc"
                           " 2020-08-20") from None


def _photo(item: dict[str, Any], line: int, content: str) -> str:
    """A photo is a file of the site: ``images/x.jpg`` or ``{static}/images/x.jpg``
    (never another host: every reader's browser would contact it)."""
    photo = _text(item, "photo", line)
    if not photo:
        return ""
    path = posixpath.normpath(re.sub(r"^(?:\{static\}|\|static\|)?/*", "", photo))
    if (re.match(r"^[a-z][a-z0-9+.-]*:|^//|^\\\\", photo, re.IGNORECASE) or path == "."
            or path.startswith("..") or not os.path.isfile(os.path.join(content, path))):
        raise ContentError(item["_path"], line, f"'photo' {photo!r} phải là một tệp ảnh trong"
                           " thư mục bài viết, ví dụ images/can-bo/ten.jpg (không dùng ảnh"
                           " ở trang khác)")
    return path


def _official(item: dict[str, Any], line: int, people: FieldReader,
              content: str) -> RegistryOfficial:
    _check_keys(item, OFFICIAL_KEYS, line, "mục cán bộ")
    name = vntext.strip_honorific(_text(item, "name", line))
    if not name:
        raise ContentError(item["_path"], line, "mục cán bộ cần có 'name'")
    aliases = item.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    people.check_name("name", name, line)
    for alias in aliases:
        people.check_letters("aliases", vntext.strip_honorific(str(alias)), line)
    parts = None
    if any(k in item for k in ("family", "middle", "given")):
        parts = (_text(item, "family", line), _text(item, "middle", line),
                 _text(item, "given", line))
    positions = []
    for position in item.get("positions") or []:
        if not isinstance(position, dict):
            raise ContentError(item["_path"], line, "mỗi chức vụ có dạng"
                               " '{title: ..., start: YYYY-MM-DD, end: YYYY-MM-DD}'")
        _check_keys({**position, "_path": item["_path"]}, POSITION_KEYS, line, "chức vụ")
        position = {**position, "_path": item["_path"]}
        positions.append(RegistryPosition(_text(position, "title", line),
                                          _date(position, "start", line),
                                          _date(position, "end", line)))
    slug = _text(item, "slug", line)
    if slug and vntext.slugify(slug) != slug:
        raise ContentError(item["_path"], line, f"'slug' {slug!r} phải là các từ chữ"
                           f" thường không dấu nối bằng '-', ví dụ {vntext.slugify(slug)!r}")
    return RegistryOfficial(
        name, line, slug, tuple(vntext.strip_honorific(str(a)) for a in aliases), parts,
        _photo(item, line, content), _text(item, "photo_credit", line), tuple(positions),
    )


def _term(item: dict[str, Any], line: int, path: str) -> RegistryTerm:
    _check_keys(item, TERM_KEYS, line, "mục nhiệm kỳ")
    term_id = _text(item, "id", line)
    parts = term_id.split("-")
    if len(parts) != 2 or not all(p.isdigit() and len(p) == 4 for p in parts):
        raise ContentError(item["_path"], line, f"mã nhiệm kỳ {term_id!r} phải là năm"
                           " đầu-năm cuối, ví dụ 2015-2020")
    return RegistryTerm(term_id, line, _text(item, "label", line), _text(item, "cycle", line),
                        _date(item, "start", line), _date(item, "end", line))
