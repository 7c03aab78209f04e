"""One Markdown reader for both header styles (YAML front matter and
Pelican's ``Key: value``), returning NFC text and converted metadata."""

from __future__ import annotations

import dataclasses
import logging
import os
import unicodedata
from typing import Any

from markdown import Markdown
from pelican.readers import _DISCARD, METADATA_PROCESSORS, BaseReader, parse_path_metadata

import vntext

from reading import mentions, sanitize, scaffold, schema
from reading.errors import ContentError, display_path
from reading.markdown_figures import FigureExtension
from reading.header import Field, split_header
from reading.fields import ROLE_ATTENDEE, ROLE_CHAIR, FieldReader
from reading.settings import setting

logger = logging.getLogger(__name__)

#: Keys handled here rather than passed through to Pelican as text.
STRUCTURED_KEYS = ("chair", "attendees", "terms", "bodies", "event")
#: plain keys whose values name pages (a category, tag or author page)
ADDRESSED = ("category", "author", "tags", "authors")
#: names found in prose that passed the name check (with the limits then in force)
_GOOD_NAMES: set[tuple[str, tuple[Any, ...]]] = set()
#: Keys Pelican's processors turn into objects (after parsing, in the parent).
PROCESSED = frozenset(k for k in METADATA_PROCESSORS if k not in ("date", "modified"))


class PortalReader(BaseReader):
    """Reads ``.md`` reports whatever their header style."""

    enabled = True
    file_extensions = ["md", "markdown", "mkd", "mdown"]

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(settings)
        self.prefetched: dict[str, Any] = {}
        self.extra_keys = schema.extra_keys(settings)
        config = dict(settings.get("MARKDOWN", {}))
        extensions = [
            ext for ext in config.pop("extensions", [])
            if ext != "markdown.extensions.meta"
        ]
        configs = config.pop("extension_configs", {})
        extensions += [ext for ext in configs if ext not in extensions]
        self._markdown = Markdown(
            extensions=[*extensions, FigureExtension()],
            extension_configs=configs,
            **config,
        )

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Return (HTML body, metadata) for one report."""
        parsed = self.prefetched.pop(os.path.abspath(source_path), None)
        if parsed is None:
            parsed = self.parse(source_path)
        elif isinstance(parsed, BaseException):
            raise parsed
        return self.finish(parsed)

    def prefetch(self, paths: list[str]) -> None:
        """Parse ``paths`` ahead of Pelican's one-by-one reads: from the read
        cache when unchanged, else on every core (see :mod:`.prefetch`)."""
        from reading.readcache import parse_all

        self.prefetched.update(parse_all(self, [os.path.abspath(p) for p in paths]))

    def parse(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """The slow part of reading, as plain picklable values (no Pelican
        objects): HTML body and metadata. Raises :class:`ContentError`."""
        path = display_path(source_path)
        text = decode(source_path, path,
                      int(setting(self.settings, "RECORDS_MAX_REPORT_BYTES")))
        header = split_header(text, path)
        metadata = self.convert(header.fields, path)
        self.people_in_prose(metadata, header.body, header.body_line, header.style, path)
        unfilled = scaffold.unfilled(header, text.split("\n"))
        if unfilled:
            metadata["unfilled"] = unfilled
        return self.render(header.body), metadata

    def people_in_prose(self, metadata: dict[str, Any], body: str, body_line: int,
                        style: str, path: str) -> None:
        """Add the officials ``body`` names (``mentions``) and those a header
        listing people lacks (``unlisted``) to ``metadata``."""
        if not setting(self.settings, "RECORDS_PEOPLE_FROM_PROSE"):
            return
        when = metadata.get("date")
        mentioned = mentions.extract(body, body_line,
                                     when.year if hasattr(when, "year") else None,
                                     str(metadata.get("title", "")))
        listed = [*metadata.get("chair", ()), *metadata.get("attendees", ())]
        if listed and mentioned:
            metadata["unlisted"] = mentions.unlisted(mentioned, listed, style)
        if mentioned:
            read = FieldReader(path, "UTC", self.settings)
            limit = int(setting(self.settings, "RECORDS_MAX_TITLE_CHARS"))
            limits = (setting(self.settings, "RECORDS_MAX_NAME_CHARS"),
                      setting(self.settings, "RECORDS_MAX_WORD_LETTERS"))
            for person in mentioned:  # a name in the prose becomes an official too
                if (person.name, limits) not in _GOOD_NAMES:  # the same few hundred names
                    read.check_name("tên trong bài", person.name, person.line)
                    _GOOD_NAMES.add((person.name, limits))
            metadata["mentions"] = [person if len(person.position) <= limit
                                    else dataclasses.replace(person, position="")
                                    for person in mentioned]

    def finish(self, parsed: tuple[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
        """Apply Pelican's metadata processors (tags, category, author…)."""
        content, raw = parsed
        metadata = {key: self.process_metadata(key, value) if key in PROCESSED else value
                    for key, value in raw.items()}
        return content, {k: v for k, v in metadata.items() if v is not _DISCARD}

    def render(self, markdown: str) -> str:
        """Markdown to sanitised HTML (bodies and formatted fields like summary)."""
        self._markdown.reset()
        return sanitize.clean(self._markdown.convert(markdown))

    def convert(self, fields: dict[str, Field], path: str) -> dict[str, Any]:
        """Check every header field against the schema and convert it to
        Pelican metadata plus the portal's own keys."""
        read = FieldReader(path, self.settings.get("TIMEZONE", "UTC"), self.settings)
        known = {**schema.BY_NAME, **self.extra_keys}
        metadata: dict[str, Any] = {}
        for key, field in fields.items():
            spec = known.get(key)
            if spec is None:
                raise ContentError(path, field.line, schema.unknown(field.name or key, known))
            if key in STRUCTURED_KEYS or key.startswith("event-"):
                continue
            metadata[key] = self.value(read, spec, field)
        if "chair" in fields:
            metadata["chair"] = read.participants("chair", fields["chair"], ROLE_CHAIR)
        if "attendees" in fields:
            metadata["attendees"] = read.participants(
                "attendees", fields["attendees"], ROLE_ATTENDEE
            )
        if "terms" in fields:
            metadata["terms"] = read.terms(fields["terms"])
        if "bodies" in fields:
            metadata["bodies"] = read.texts("bodies", fields["bodies"])
        event = read.event(fields)
        if event is not None:
            metadata["event"] = event
        self.require(fields, metadata, path)
        if not metadata.get("slug") and metadata.get("title"):
            metadata["slug"] = self.title_slug(metadata["title"], fields["title"].line, path)
        metadata["source_lines"] = {key: field.line for key, field in fields.items()}
        return metadata

    def value(self, read: FieldReader, spec: schema.Key, field: Field) -> Any:
        """One plain field's value, checked by the kind its key has."""
        key, kind = spec.name, spec.kind
        if kind == "date":
            return read.date(key, field)
        if kind == "markdown":
            return self.render(read.text(key, field, spec.limit))
        if kind == "list":
            items = read.texts(key, field, ",;" if key == "tags" else ";", spec.limit)
            return [read.addressed(key, item, field.line) for item in items]
        if kind == "slug":
            return read.slug(key, field)
        if kind == "choice":
            return read.choice(key, field, spec.choices)
        if kind == "bool":
            return read.boolean(key, field)
        if kind == "lang":
            return read.lang(key, field)
        if kind == "path":
            return read.site_path(key, field)
        if kind == "template":
            return read.template(key, field)
        if kind == "url":
            return read.web_address(key, field)
        text = read.text(key, field, spec.limit or "RECORDS_MAX_TITLE_CHARS")
        return read.addressed(key, text, field.line) if key in ADDRESSED else text

    def title_slug(self, title: str, line: int, path: str) -> str:
        """The slug made from a title: its letters and digits, folded, cut at
        a word boundary to ``RECORDS_MAX_SLUG_BYTES``."""
        slug = vntext.slugify(title)
        if not slug:
            raise ContentError(path, line, f"tiêu đề {title!r} không có chữ cái hay chữ số"
                               " nào để làm địa chỉ bài; viết tiêu đề bằng chữ, hoặc thêm"
                               " 'slug: …'")
        return vntext.shorten_slug(slug, int(setting(self.settings, "RECORDS_MAX_SLUG_BYTES")))

    def require(self, fields: dict[str, Field], metadata: dict[str, Any], path: str) -> None:
        """Title, and date for reports (not for pages)."""
        if not metadata.get("title"):
            line = fields["title"].line if "title" in fields else 1
            raise ContentError(path, line, "thiếu 'title': thêm dòng 'Title: …' (hoặc"
                               " 'title: …' trong YAML) ở đầu tệp")
        is_page = any(f"/{folder}/" in f"/{path}" for folder in self.settings.get(
            "PAGE_PATHS", ["pages"]))
        if not is_page and "date" not in metadata and not self.dated_elsewhere(
                metadata, path):
            raise ContentError(path, 1, "thiếu 'date': thêm dòng 'Date: 14/03/2019 15:22'"
                               " (hoặc 'date: …' trong YAML)")

    def dated_elsewhere(self, metadata: dict[str, Any], path: str) -> bool:
        """Pelican dates a report without ``date`` when it is a draft, when
        the site sets ``DEFAULT_DATE``, or when its file name or folder gives
        one (``FILENAME_METADATA``, ``PATH_METADATA``, as ``2012-11-30_x.rst``)."""
        if metadata.get("status") == "draft" or self.settings.get("DEFAULT_DATE"):
            return True
        content = self.settings.get("PATH") or "."
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(content))
        return "date" in parse_path_metadata(relative, self.settings)


def decode(source_path: str, path: str, max_bytes: int | None = None) -> str:
    """Read a file as UTF-8 (a BOM is dropped), LF line endings, NFC; refuse a
    file over ``max_bytes``, and control or invisible characters anywhere."""
    size = os.path.getsize(source_path)
    if max_bytes is not None and size > max_bytes:
        raise ContentError(path, 1, f"tệp quá lớn ({size / 1e6:.1f} MB, tối đa"
                           f" {max_bytes / 1e6:.1f} MB — RECORDS_MAX_REPORT_BYTES); tách thành"
                           " nhiều bài, hoặc đưa ảnh và tài liệu thành tệp riêng")
    with open(source_path, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(
            path, line, "tệp không phải văn bản UTF-8; hãy lưu lại với bảng mã UTF-8"
            " (trong Notepad: chọn Encoding: UTF-8 khi lưu)"
        ) from None
    text = vntext.nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    hidden = vntext.hidden_character(text)
    if hidden is not None:
        at, char = hidden
        line = text.count("\n", 0, at) + 1
        column = at - text.rfind("\n", 0, at)
        kind = "ký tự điều khiển" if unicodedata.category(char) == "Cc" else "ký tự vô hình"
        raise ContentError(path, line, f"có {kind} U+{ord(char):04X} ở cột {column}; xóa nó"
                           " (thường lẫn vào khi chép từ web, Word hay PDF)")
    return text
