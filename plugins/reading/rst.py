"""reStructuredText reports, held to the same rules as Markdown ones.

Pelican's own rst reader turns every field into an attribute unchecked and
lets ``raw`` and ``include`` through. This one parses with docutils (raw
HTML, file inclusion and docutils config files off; a warning stops the
read), then checks every field against the closed header schema with the
Markdown reader's own code, sanitises the body, and finds the officials the
prose names. Errors are ``path:line: message`` like any report's.
"""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import docutils.core
import docutils.io
import docutils.nodes
import docutils.utils
from docutils.parsers.rst.languages import get_language as get_docutils_lang
from pelican.readers import BaseReader, PelicanHTMLWriter, RstReader, render_node_to_html

from reading import sanitize
from reading.errors import ContentError, display_path
from reading.header import Field
from reading.reader import PortalReader, decode
from reading.settings import setting

#: docutils settings no site can loosen: no raw HTML, no reading other files,
#: no docutils.conf from the working folder, a warning stops the read.
LOCKED = {
    "raw_enabled": False,
    "file_insertion_enabled": False,
    "_disable_config": True,
    "halt_level": 2,
    "report_level": 5,
    "traceback": True,
}
_MESSAGE = re.compile(r"^(?:.*?:(?P<line>\d+): )?\((?P<level>\w+)/\d\) (?P<text>.*)", re.S)


class PortalRstReader(RstReader):
    """Reads ``.rst`` reports and pages through the portal's checks."""

    file_extensions = ["rst"]

    def __init__(self, settings: dict[str, Any]) -> None:
        BaseReader.__init__(self, settings)  # not RstReader's: no warning for 'vi'
        lang = settings.get("DEFAULT_LANG", "en")
        # docutils' own words (admonition titles…) in the site's language when it has them
        self._language_code = lang if get_docutils_lang(lang) else "en"
        self.portal = PortalReader(settings)

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Return (sanitised HTML body, checked metadata) for one file."""
        return self.portal.finish(self.parse(source_path))

    def parse(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """HTML body and metadata as plain values; raises :class:`ContentError`."""
        path = display_path(source_path)
        text = decode(source_path, path,
                      int(setting(self.settings, "RECORDS_MAX_REPORT_BYTES")))
        lines = text.split("\n")
        publisher = self.publish(text, source_path, path)
        document = publisher.document
        fields, formatted = self.fields(document, lines)
        title = publisher.writer.parts.get("title", "")
        if title and "title" not in fields:
            fields["title"] = Field(title, _line_of(lines, title), "title")
        metadata = self.portal.convert(fields, path)
        for key, node in formatted.items():  # summary: rst markup, rendered here
            metadata[key] = sanitize.clean(render_node_to_html(
                document, node, self.field_body_translator_class))
        body_line = _body_line(lines, fields)
        self.portal.people_in_prose(metadata, "\n".join(lines[body_line - 1:]), body_line,
                                    "native", path)
        return sanitize.clean(publisher.writer.parts.get("body", "")), metadata

    def publish(self, text: str, source_path: str, path: str) -> docutils.core.Publisher:
        """docutils' parse and HTML rendering of ``text``, with :data:`LOCKED`."""
        params = {
            "initial_header_level": "2",
            "syntax_highlight": "short",
            "input_encoding": "unicode",
            "language_code": self._language_code,
            "warning_stream": StringIO(),
            "embed_stylesheet": False,
            **(self.settings.get("DOCUTILS_SETTINGS") or {}),
            **LOCKED,
        }
        publisher = docutils.core.Publisher(
            reader="standalone", parser="restructuredtext", writer=PelicanHTMLWriter(),
            source_class=docutils.io.StringInput,
            destination_class=docutils.io.StringOutput)
        publisher.process_programmatic_settings(None, params, None)
        publisher.set_source(source=text, source_path=source_path)
        try:
            publisher.publish()
        except docutils.utils.SystemMessage as error:
            raise _content_error(path, str(error)) from None
        return publisher

    def fields(self, document: docutils.nodes.document, lines: list[str]
               ) -> tuple[dict[str, Field], dict[str, docutils.nodes.Node]]:
        """The docinfo fields as header fields (value as written, line), and
        the bodies of formatted ones (``FORMATTED_FIELDS``) to render."""
        formatted_keys = {k.lower() for k in self.settings.get("FORMATTED_FIELDS", ())}
        fields: dict[str, Field] = {}
        formatted: dict[str, docutils.nodes.Node] = {}
        for docinfo in document.findall(docutils.nodes.docinfo):
            for element in docinfo.children:
                if element.tagname == "field":
                    name_node, body = element.children
                    written = name_node.astext()
                    value = " ".join(body.astext().split())
                elif element.tagname == "authors":
                    written, body = "authors", None
                    value = "; ".join(child.astext() for child in element.children)
                else:  # author, date, status…: docutils' own bibliographic fields
                    written, body = element.tagname, None
                    value = " ".join(element.astext().split())
                key = written.lower()
                fields[key] = Field(value, _field_line(lines, written), written)
                if body is not None and key in formatted_keys:
                    formatted[key] = body
        return fields, formatted


def _content_error(path: str, message: str) -> ContentError:
    """A docutils warning or error as the editor's ``path:line: message``."""
    match = _MESSAGE.match(message.strip())
    line = int(match.group("line")) if match and match.group("line") else 1
    said = " ".join((match.group("text") if match else message).split())
    if "directive disabled" in said or '"raw"' in said or '"include"' in said:
        hint = "bài không được chèn HTML thô hay tệp khác (raw, include); xóa chỉ thị này"
    else:
        hint = "sửa đúng cú pháp reStructuredText (ví dụ: gạch dưới tiêu đề dài bằng tiêu đề)"
    return ContentError(path, line, f"{hint} — docutils báo: {said}")


def _field_line(lines: list[str], written: str) -> int:
    pattern = re.compile(rf"^\s*:{re.escape(written)}:", re.I)
    return next((n for n, text in enumerate(lines, 1) if pattern.match(text)), 1)


def _line_of(lines: list[str], text: str) -> int:
    return next((n for n, line in enumerate(lines, 1) if line.strip() == text.strip()), 1)


def _body_line(lines: list[str], fields: dict[str, Field]) -> int:
    """The first line after the title and the field list."""
    last = max((field.line for field in fields.values()), default=0)
    index = last  # 0-based index of the line after the last field's first line
    while index < len(lines) and lines[index][:1] in (" ", "\t"):
        index += 1  # that field's continuation lines
    return index + 1
