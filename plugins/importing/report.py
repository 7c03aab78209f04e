"""An imported article as a report: a YAML header filled from the article and
the extractor, ``status: draft``, a comment listing what was inferred, and
the body as Markdown."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

import vntext
from importing.articles import Article
from reading.extract import ROLE_CHAIR, ROLE_COCHAIR, ROLE_ELECTED, Extraction, extract

SLUG_LIMIT = 80
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])", re.M)


@dataclass
class Draft:
    """A report ready to write: where, and its text."""

    folder: str  # YYYY/MM
    slug: str
    text: str
    people: int


def escape(text: str) -> str:
    """Plain text made literal in Markdown (no emphasis, links, HTML or
    headings from what an old portal wrote)."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _yaml(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=False, sort_keys=False,
                          width=1000).strip()


def slug_of(article: Article) -> str:
    """The report's slug: its title, folded (đ → d), at most 80 characters."""
    return vntext.shorten_slug(vntext.slugify(article.title), SLUG_LIMIT) or "bai-nhap"


def header(article: Article, found: Extraction, origin: str, images: dict[str, str]
           ) -> str:
    """The YAML header, with a comment saying what was inferred."""
    when = article.published
    inferred = [f"# Nhập tự động từ {origin}. Hãy đọc lại rồi xóa dòng 'status: draft'.",
                "# Suy ra từ bài (kiểm tra từng mục):"]
    fields: dict[str, object] = {"title": article.title,
                                 "date": when.strftime("%Y-%m-%d %H:%M")}
    inferred.append(f"#   - date: từ dòng ngày đăng ({when.strftime('%d/%m/%Y %H:%M')})")
    if article.author:
        fields["author"] = article.author
        inferred.append("#   - author: dòng ký tên cuối bài")
    fields["status"] = "draft"
    if article.source:
        fields["source"] = article.source
    event: dict[str, object] = {}
    meeting = found.meeting
    if meeting.kind:
        event["kind"] = meeting.kind
    if meeting.date:
        event["date"] = meeting.date.isoformat()
    if meeting.place:
        event["place"] = meeting.place
    if event:
        fields["event"] = event
        inferred.append("#   - event: " + ", ".join(event) + " đọc ở đoạn mở đầu")
    years = [t for t in found.terms if re.fullmatch(r"\d{4}-\d{4}", t)]
    if years:
        fields["terms"] = years
    if found.terms:
        inferred.append("#   - terms: " + ", ".join(found.terms) + " (nhiệm kỳ, khóa nêu trong bài)")
    chairs = [p for p in found.people if (p.chair or p.role) in (ROLE_CHAIR, ROLE_COCHAIR)]
    others = [p for p in found.people if p not in chairs]
    if chairs:
        fields["chair"] = [{"name": p.name, "position": ", ".join(p.positions)} for p in chairs]
    if others:
        fields["attendees"] = [{"name": p.name, "position": ", ".join(p.positions)}
                               for p in others]
    for person in found.people:
        note = {ROLE_CHAIR: "chủ trì", ROLE_COCHAIR: "đồng chủ trì",
                ROLE_ELECTED: "được bầu"}.get(person.role, "dự")
        if person.role == ROLE_ELECTED:
            note += f" ({person.chair}, ghi là người chủ trì)" if person.chair else \
                " (ghi là người dự)"
        inferred.append(f"#   - {person.name}: {note}; chức vụ: {', '.join(person.positions)}")
    lone = [b.text for b in article.blocks if b.figure and b.src and b.src not in images]
    lone += [b.text for b in article.blocks if b.figure and not b.src]
    for caption in lone:
        inferred.append(f"#   - chú thích ảnh không kèm tệp ảnh: {caption[:80]}")
    return "\n".join(["---", *inferred, _yaml(fields), "---"])


def body(article: Article, images: dict[str, str]) -> str:
    """Paragraphs as Markdown, pictures with their captions."""
    parts = []
    for block in article.blocks:
        if block.figure and block.src and block.src in images:
            caption = block.text.replace('"', "'")
            parts.append(f'![{escape(block.text)}]({{static}}/{images[block.src]} "{caption}")')
        elif block.figure:
            if block.text:
                parts.append(f"*{escape(block.text)}*")
        else:
            parts.append(escape(block.text))
    return "\n\n".join(parts) + "\n"


def draft(article: Article, origin: str, images: dict[str, str]) -> Draft:
    """The report for ``article``; ``images`` maps each picture address to the
    file it was copied to (under content/)."""
    if not article.title:
        raise ValueError("bài không có tiêu đề")
    if article.published is None:
        raise ValueError("không tìm thấy ngày đăng (dạng 14/03/2019 15:22)")
    found = extract(article.prose(), article.published.year, article.title,
                    first_line=1, byline=False)
    text = header(article, found, origin, images) + "\n\n" + body(article, images)
    return Draft(article.published.strftime("%Y/%m"), slug_of(article), text,
                 len(found.people))
