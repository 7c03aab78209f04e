"""The closed header schema: every key a report may use, in one table.

The reader checks every key and value against it; ``invoke new`` writes its
scaffold with keys from it; the README's table of keys is generated from it
(``python -m records.schema``) and a test keeps the two equal. A key not in
the table is an error naming the closest known key; keys starting with ``_``
and Pelican's own attributes are refused. A site may declare extra plain-text
keys with the ``RECORDS_EXTRA_KEYS`` setting.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from pelican.contents import Article, Page

from settingstable import SettingsError


@dataclass(frozen=True)
class Key:
    """One header key: its kind, limits and documentation."""

    name: str
    kind: str  # text, markdown, date, list, slug, path, choice, lang, bool, template, url,
    # people, terms, event, event-id
    doc_type: str
    required: str
    native: str
    yaml: str
    limit: str = ""  # a setting name bounding the value's length, for text
    choices: tuple[str, ...] = ()


KEYS: tuple[Key, ...] = (
    Key("title", "text", "text ≤ `RECORDS_MAX_TITLE_CHARS` (300)", "yes",
        "`Title: Hội nghị rà soát quy hoạch cán bộ`",
        '`title: "Hội nghị rà soát quy hoạch cán bộ"`', "RECORDS_MAX_TITLE_CHARS"),
    Key("date", "date", "date-time, day first (`14/03/2019 15:22`) or ISO; +07:00 unless"
        " given", "yes", "`Date: 14/03/2019 15:22`", "`date: 2019-03-14 15:22`"),
    Key("modified", "date", "date-time, as `date`", "no", "`Modified: 15/03/2019 08:00`",
        "`modified: 2019-03-15 08:00`"),
    Key("author", "text", "text ≤ 100", "no (byline; never an official)", "`Author: Lê Thảo`",
        "`author: Lê Thảo`", "RECORDS_MAX_LABEL_CHARS"),
    Key("authors", "list", "list of text ≤ 100 each", "no (several bylines)",
        "`Authors: Lê Thảo; Trần Minh`", "`authors: [Lê Thảo, Trần Minh]`",
        "RECORDS_MAX_LABEL_CHARS"),
    Key("category", "text", "text ≤ 100", "no (default *Tin tức - Sự kiện*)",
        "`Category: Xây dựng Đảng`", "`category: Xây dựng Đảng`", "RECORDS_MAX_LABEL_CHARS"),
    Key("tags", "list", "list of text ≤ 100 each", "no",
        "`Tags: quy hoạch cán bộ, công tác tổ chức`",
        "`tags: [quy hoạch cán bộ, công tác tổ chức]`", "RECORDS_MAX_LABEL_CHARS"),
    Key("slug", "slug", "a–z, 0–9 and `-`, ≤ `RECORDS_MAX_SLUG_BYTES` (120)",
        "no (from the title, đ → d)", "`Slug: hoi-nghi-quy-hoach`", "`slug: hoi-nghi-quy-hoach`"),
    Key("summary", "markdown", "Markdown ≤ 1 000", "no (else the first paragraphs)",
        "`Summary: Ban Thường vụ triển khai …`", '`summary: "Ban Thường vụ triển khai …"`',
        "RECORDS_MAX_SUMMARY_CHARS"),
    Key("status", "choice", "`published`, `draft` or `hidden`", "no (default `published`)",
        "`Status: draft`", "`status: draft`", choices=("published", "draft", "hidden")),
    Key("lang", "lang", "language code (`vi`, `en`, …)", "no (default `vi`)", "`Lang: en`",
        "`lang: en`"),
    Key("translation", "bool", "`true` or `false`", "no (a translation of the report with"
        " the same slug)", "`Translation: true`", "`translation: true`"),
    Key("url", "path", "a path inside the site ending in `/` or `.html`", "no (from"
        " `ARTICLE_URL`)", "`Url: gioi-thieu/`", "`url: gioi-thieu/`"),
    Key("save_as", "path", "a path inside the site ending in `.html`", "no (from"
        " `ARTICLE_SAVE_AS`)", "`Save_as: gioi-thieu/index.html`",
        "`save_as: gioi-thieu/index.html`"),
    Key("template", "template", "a template of the theme (`article`, `page`, …)",
        "no", "`Template: page`", "`template: page`"),
    Key("source", "url", "an `http(s)://` address", "no (where the article was first"
        " published)", "`Source: https://example.gov.vn/tin/123`",
        "`source: https://example.gov.vn/tin/123`"),
    Key("event", "event", "text (native: the name) or a mapping (YAML)",
        "no (default: the title)", "`Event: Hội nghị triển khai kế hoạch …`",
        "`event: {name: …}`", "RECORDS_MAX_TITLE_CHARS"),
    Key("event-name", "text", "text ≤ 300", "no (as `event`)", "`Event-Name: Hội nghị …`",
        "`event: {name: …}`", "RECORDS_MAX_TITLE_CHARS"),
    Key("event-kind", "text", "text ≤ 100", "no (guessed from the title's start)",
        "`Event-Kind: Hội nghị`", "`event: {kind: Hội nghị}`", "RECORDS_MAX_LABEL_CHARS"),
    Key("event-date", "date", "date or date-time, as `date`", "no (default: `date`)",
        "`Event-Date: 14/03/2019`", "`event: {date: 2019-03-14}`"),
    Key("event-place", "text", "text ≤ 300", "no", "`Event-Place: Hội trường Thành ủy`",
        "`event: {place: …}`", "RECORDS_MAX_TITLE_CHARS"),
    Key("event-organizer", "text", "text ≤ 300", "no",
        "`Event-Organizer: Ban Thường vụ Thành ủy`", "`event: {organizer: …}`",
        "RECORDS_MAX_TITLE_CHARS"),
    Key("event-id", "event-id", "a–z, 0–9 and `-`, with a letter",
        "no — give the same id in several reports of one meeting",
        "`Event-Id: ky-hop-thu-tu-hdnd`", "`event: {id: ky-hop-thu-tu-hdnd}`"),
    Key("terms", "terms", "list of `START-END` years", "no (else “nhiệm kỳ YYYY-YYYY” in the"
        " title)", "`Terms: 2015-2020, 2020-2025`", "`terms: [2015-2020, 2020-2025]`"),
    Key("chair", "people", "people: `Name – Position`, name ≤ 80", "no",
        "`Chair: Nguyễn Tư Khánh – Phó Bí thư Thường trực Thành ủy`",
        "`chair: [{name: Nguyễn Tư Khánh, position: Phó Bí thư Thường trực Thành ủy}]`"),
    Key("attendees", "people", "people, as `chair`", "no",
        "`Attendees: Lê Anh Xuân – Phó Bí thư Thành ủy, Chủ tịch UBND thành phố;"
        " Trần Văn B – …`", "`attendees: [{name: Lê Anh Xuân, position: …}]`"),
    Key("bodies", "list", "list of text (attending bodies)", "no",
        "`Bodies: lãnh đạo các phòng, ban; MTTQ`", "`bodies: [lãnh đạo các phòng, ban, MTTQ]`",
        "RECORDS_MAX_TITLE_CHARS"),
)
BY_NAME: dict[str, Key] = {key.name: key for key in KEYS}
EVENT_SUBKEYS = ("id", "kind", "name", "date", "place", "organizer")

#: names a key may not take: Pelican's own attributes of content objects (those of
#: the class, and those each object is given when made)
PELICAN_INTERNALS = frozenset(
    {name for cls in (Article, Page) for name in dir(cls) if not name.startswith("__")}
    | {"settings", "metadata", "translations", "in_default_lang", "source_path",
       "relative_source_path", "locale_date", "date_format", "override_url",
       "override_save_as", "context", "content", "records", "mentions", "source_lines",
       "unfilled", "unlisted", "facets", "jsonld"})
_EXTRA_NAME = re.compile(r"^[a-z][a-z0-9_]{1,30}$")


def extra_keys(settings: dict[str, Any]) -> dict[str, Key]:
    """The site's own plain-text keys (``RECORDS_EXTRA_KEYS``: name → help)."""
    declared = settings.get("RECORDS_EXTRA_KEYS") or {}
    extras = {}
    for name, help_text in dict(declared).items():
        if (not isinstance(name, str) or not _EXTRA_NAME.match(name) or name in BY_NAME
                or name in PELICAN_INTERNALS):
            raise SettingsError(
                f"pelicanconf.py: RECORDS_EXTRA_KEYS có khóa {name!r} không dùng được; tên"
                " khóa là chữ thường a-z, số và '_', không trùng khóa có sẵn hay thuộc tính"
                " của Pelican")
        extras[name] = Key(name, "text", f"text ≤ 300 ({help_text})", "no", "", "",
                           "RECORDS_MAX_TITLE_CHARS")
    return extras


def unknown(written: str, known: dict[str, Key]) -> str:
    """Why the key ``written`` (as the editor spelt it) is refused."""
    key = written.lower()
    if key.startswith("_") or key in PELICAN_INTERNALS:
        return (f"'{written}' là thuộc tính nội bộ của Pelican, không phải khóa của bài;"
                " xóa dòng này")
    guess = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    hint = f"; có phải '{guess[0]}'?" if guess else ""
    return (f"'{written}' không phải khóa hợp lệ{hint} (các khóa dùng được: xem README,"
            " mục “Writing a report”)")


def readme_table() -> str:
    """The README's table of keys, generated from :data:`KEYS`."""
    rows = ["| key | type and limits | required | native `Key: value` example | YAML example |",
            "| --- | --- | --- | --- | --- |"]
    rows += [f"| `{k.name}` | {k.doc_type} | {k.required} | {k.native} | {k.yaml} |"
             for k in KEYS]
    return "\n".join(rows)


if __name__ == "__main__":
    print(readme_table())
