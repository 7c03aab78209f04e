"""One Markdown reader for both header styles (YAML front matter and
Pelican's ``Key: value``), returning NFC text and converted metadata."""

from __future__ import annotations

import logging
import os
from typing import Any

from markdown import Markdown
from pelican.readers import _DISCARD, METADATA_PROCESSORS, BaseReader

import vntext

from . import mentions, sanitize, scaffold
from .errors import ContentError, display_path
from .figures import FigureExtension
from .header import Field, split_header
from .metadata import ROLE_ATTENDEE, ROLE_CHAIR, FieldReader

logger = logging.getLogger(__name__)

#: Keys handled here rather than passed through to Pelican as text.
STRUCTURED_KEYS = ("chair", "attendees", "terms", "bodies", "event")
#: Pelican keys that take a list in YAML.
LIST_KEYS = ("tags", "authors")
#: Keys Pelican's processors turn into objects (after parsing, in the parent).
PROCESSED = frozenset(k for k in METADATA_PROCESSORS if k not in ("date", "modified"))


class PortalReader(BaseReader):
    """Reads ``.md`` reports whatever their header style."""

    enabled = True
    file_extensions = ["md", "markdown", "mkd", "mdown"]

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(settings)
        self.prefetched: dict[str, Any] = {}
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
        from .prefetch import parse_all

        self.prefetched.update(parse_all(self, [os.path.abspath(p) for p in paths]))

    def parse(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """The slow part of reading, as plain picklable values (no Pelican
        objects): HTML body and metadata. Raises :class:`ContentError`."""
        path = display_path(source_path)
        text = decode(source_path, path)
        header = split_header(text, path)
        metadata = self.convert(header.fields, path)
        mentioned = mentions.extract(header.body, header.body_line)
        if mentioned:
            metadata["mentions"] = mentioned
        unfilled = scaffold.unfilled(header, text.split("\n"))
        if unfilled:
            metadata["unfilled"] = unfilled
        return self.render(header.body), metadata

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
        """Convert header fields to Pelican metadata plus the portal's own keys."""
        read = FieldReader(path, self.settings.get("TIMEZONE", "UTC"))
        metadata: dict[str, Any] = {}
        for key, field in fields.items():
            if key in STRUCTURED_KEYS or key.startswith("event-"):
                continue
            if key == "date" or key == "modified":
                metadata[key] = read.date(key, field)
            elif key in self.settings.get("FORMATTED_FIELDS", ["summary"]):
                metadata[key] = self.render(read.text(key, field))
            elif key in LIST_KEYS:
                metadata[key] = read.texts(key, field, ",;")
            else:
                metadata[key] = read.text(key, field)
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
            metadata["slug"] = vntext.slugify(metadata["title"])
        metadata["source_lines"] = {key: field.line for key, field in fields.items()}
        return metadata

    def require(self, fields: dict[str, Field], metadata: dict[str, Any], path: str) -> None:
        """Title (and date, for reports) present; slugs and paths safe."""
        if not metadata.get("title"):
            line = fields["title"].line if "title" in fields else 1
            raise ContentError(path, line, "thiếu 'title': thêm dòng 'Title: …' (hoặc"
                               " 'title: …' trong YAML) ở đầu tệp")
        is_page = any(f"/{folder}/" in f"/{path}" for folder in self.settings.get(
            "PAGE_PATHS", ["pages"]))
        if not is_page and "date" not in metadata:
            raise ContentError(path, 1, "thiếu 'date': thêm dòng 'Date: YYYY-MM-DD HH:MM'"
                               " (hoặc 'date: …' trong YAML), ví dụ 2019-03-14 15:22")
        slug = metadata.get("slug")
        if slug is not None and (vntext.slugify(slug) != slug):
            raise ContentError(path, fields["slug"].line, f"'slug' {slug!r} chỉ được có"
                               " chữ thường a-z, chữ số và '-', ví dụ"
                               f" {vntext.slugify(slug) or 'bao-cao-1'!r}")
        for key in ("save_as", "url"):
            value = metadata.get(key)
            if value and (value.startswith(("/", "\\")) or ".." in value.split("/")
                          or "\\" in value):
                raise ContentError(path, fields[key].line, f"'{key}' {value!r} phải nằm"
                                   " trong trang: không bắt đầu bằng '/', không có '..'")


def decode(source_path: str, path: str) -> str:
    """Read a file as UTF-8 (a BOM is dropped), LF line endings, NFC."""
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
    return vntext.nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
