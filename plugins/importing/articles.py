"""A published article, as an old portal shows it: a title, a date line, the
paragraphs with photo captions between them, and the byline at the end.

:func:`from_text` reads the plain-text form (the reference article); the feed
and HTML readers build the same :class:`Article`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

import vndates
import vntext

#: a caption is a short block without a closing full stop, or one that credits a photo
_CAPTION_LIMIT = 160
_BYLINE_LIMIT = 60
_CREDIT = re.compile(r"(?:^|[\s(])(?:Ảnh|Tin, ảnh|Tin và ảnh|Tin - ảnh)\s*:", re.IGNORECASE)
_CLOSING = (".", "!", "?", ":", ";", "…", "./", "\"", "”", ")")


@dataclass
class Block:
    """A paragraph, or a figure (``src`` is None when only its caption survives)."""

    text: str
    figure: bool = False
    src: str | None = None


@dataclass
class Article:
    """What an old portal published about one meeting."""

    title: str
    published: datetime | None
    blocks: list[Block] = field(default_factory=list)
    author: str | None = None
    source: str | None = None
    summary: str | None = None

    @property
    def paragraphs(self) -> list[str]:
        """The body's paragraphs, captions left out."""
        return [block.text for block in self.blocks if not block.figure]

    def prose(self) -> str:
        """Paragraphs and captions, a blank line between them."""
        return "\n\n".join(block.text for block in self.blocks)


def clean(text: str) -> str:
    """NFC, no-break and odd spaces made plain, runs of spaces collapsed, the
    portals' closing ``./`` kept as a full stop."""
    text = vntext.nfc(text).replace("\xa0", " ").replace("\u200b", "")
    text = re.sub(r"[ \t\u2000-\u200a\u202f\u3000]+", " ", text).strip()
    return re.sub(r"\./$", ".", text)


def byline(text: str) -> str | None:
    """The author's name in a closing line (``Lê Thảo``, ``Lê Thảo - Văn
    phòng HĐND``, ``(Lê Thảo)``), or None if the line is prose."""
    text = clean(text).strip("()[] ")
    if not text or len(text) > _BYLINE_LIMIT or text.endswith(_CLOSING[:6]):
        return None
    text = re.sub(r"^(?:Theo|Bài|Tin|Tin, ảnh|Tin và ảnh|Tin - ảnh|Bài và ảnh|Bài, ảnh)\s*:?\s*",
                  "", text)
    name = re.split(r"\s+[-–—]\s+|\s*\(|,\s*", text)[0].strip()
    words = name.split()
    if not 1 <= len(words) <= 5 or not all(word[0].isupper() for word in words):
        return None
    return name


def is_caption(text: str) -> bool:
    """Whether a block reads as a photo caption rather than a paragraph."""
    text = clean(text)
    if _CREDIT.search(text) and len(text) <= 2 * _CAPTION_LIMIT:
        return True
    return len(text) <= _CAPTION_LIMIT and not text.endswith(_CLOSING)


def from_text(text: str, source: str | None = None) -> Article:
    """Read an article in the published plain-text form: the title, a date
    line such as ``15:22 !! 14/03/2019``, paragraphs separated by blank
    lines, captions as short lines, the byline last."""
    lines = [clean(line) for line in vntext.nfc(text).replace("\r", "").split("\n")]
    filled = [index for index, line in enumerate(lines) if line]
    if not filled:
        return Article("", None, source=source)
    title, after = lines[filled[0]], filled[0] + 1
    published = None
    for index in filled[1:3]:  # the date line, with or without a blank line before it
        if len(lines[index]) <= 80 and vndates.published_date(lines[index]):
            published = vndates.published_date(lines[index])
            after = index + 1
            break
    rest = [re.sub(r"\s*\n\s*", " ", block).strip()
            for block in re.split(r"\n\s*\n", "\n".join(lines[after:]))]
    rest = [block for block in rest if block]
    author = byline(rest[-1]) if len(rest) > 1 else None
    if author:
        rest = rest[:-1]
    body = [Block(block, figure=index > 0 and is_caption(block))
            for index, block in enumerate(rest)]
    return Article(title, published, body, author, source)
