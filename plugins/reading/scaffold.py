"""The report scaffold ``invoke new`` writes, and what of it an editor may
have left unfilled: its placeholder body, an empty author, an empty event
kind. Those are warnings in ``invoke check`` and errors in a production
build (``PORTAL_PRODUCTION``) for every report it would publish.
"""

from __future__ import annotations

import re

from reading import schema
from reading.header import Header

#: the body of a new report, to be replaced
PLACEHOLDER = "Nội dung bài viết."

TEMPLATE = """---
title: "{title}"
date: {date}
author: ""
category: {category}
tags: []
slug: {slug}
status: draft          # đổi thành published khi bài đã duyệt
event:
  kind: ""             # Hội nghị, Kỳ họp, Đại hội, ...
  name: ""
  date: {day}
  place: ""
  organizer: ""
terms: []              # ví dụ: [2020-2025]
chair: []              # - name: Nguyễn Văn A
                       #   position: Chủ tịch UBND thành phố
attendees: []
{more}
---

{placeholder}
"""


def render(title: str, date: str, day: str, slug: str, category: str) -> str:
    """The scaffold of a new report; a last comment names the other keys of the
    schema an editor may add."""
    written = set(re.findall(r"^(\w[\w-]*):", TEMPLATE, re.MULTILINE))
    others = [k.name for k in schema.KEYS if k.name not in written
              and not k.name.startswith("event-")]
    escaped = title.replace("\\", "\\\\").replace('"', '\\"')
    return TEMPLATE.format(title=escaped, date=date, day=day, slug=slug, category=category,
                           placeholder=PLACEHOLDER,
                           more=f"# khóa khác dùng được: {', '.join(others)}")


def unfilled(header: Header, lines: list[str]) -> list[tuple[int, str]]:
    """(line, message) for each part of the scaffold still unfilled."""
    found = []
    for offset, text in enumerate(header.body.split("\n")):
        if text.strip() == PLACEHOLDER:
            found.append((header.body_line + offset, f"bài còn câu mẫu {PLACEHOLDER!r};"
                          " thay bằng nội dung thật"))
    author = header.fields.get("author")
    if author is not None and not str(author.value or "").strip():
        found.append((author.line, "'author' còn trống; điền tên người viết, hoặc xóa dòng"))
    kind = _event_kind(header, lines)
    if kind is not None:
        found.append((kind, "'event.kind' còn trống; điền loại sự kiện (Hội nghị, Kỳ họp,"
                      " Đại hội…), hoặc xóa dòng"))
    return found


def _event_kind(header: Header, lines: list[str]) -> int | None:
    """The line of an event kind given empty, if any."""
    native = header.fields.get("event-kind")
    if native is not None:
        return None if str(native.value or "").strip() else native.line
    event = header.fields.get("event")
    if event is None or not isinstance(event.value, dict) or "kind" not in event.value:
        return None
    if str(event.value["kind"] or "").strip():
        return None
    below = (i for i in range(event.line, len(lines)) if re.match(r"\s+kind\s*:", lines[i]))
    return next(below, event.line - 1) + 1
