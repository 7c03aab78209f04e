"""``invoke import SOURCE...`` (``python -m importing``): one draft report per
article under ``content/YYYY/MM/``, from plain-text articles, RSS/Atom feeds
and HTML pages, as files, folders or addresses.

Importing again changes nothing and says so; a failure on one article is
reported as one line and the rest go on; a long import shows a progress bar.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlparse
from zoneinfo import ZoneInfo

import vntext
from importing import feeds, html
from importing.articles import Article, from_text
from importing.report import draft, slug_of

SUFFIXES = (".txt", ".html", ".htm", ".xml", ".rss", ".atom")
#: the largest source read: a whole archive's feed file may be large; a page or
#: a picture fetched from the network is held to less
MAX_FILE_BYTES = 500 * 1024 * 1024
MAX_BYTES = 50 * 1024 * 1024
TIMEOUT = 20
#: picture formats kept, by their first bytes
_PICTURES = ((b"\xff\xd8\xff", ".jpg"), (b"\x89PNG\r\n\x1a\n", ".png"), (b"GIF8", ".gif"))
_SOURCE_LINE = re.compile(r"^source:\s*(\S+)\s*$", re.M)
_TITLE_LINE = re.compile(r"^title:\s*(.+?)\s*$", re.M)


class ImportFailure(Exception):
    """One article or source could not be imported; the message says why."""


@dataclass
class Outcome:
    """What one import did."""

    written: list[str]
    existing: list[str]
    failed: list[str]


def fetch(address: str) -> bytes:
    """The bytes at an http(s) address (at most 50 MB, 20 s)."""
    request = urllib.request.Request(address, headers={"User-Agent": "cong-thong-tin-import/1"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            data = response.read(MAX_BYTES + 1)
    except OSError as error:
        raise ImportFailure(f"không tải được {address}: {getattr(error, 'reason', error)}") \
            from None
    if len(data) > MAX_BYTES:
        raise ImportFailure(f"{address} lớn quá 50 MB")
    return data


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1258", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def _is_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def articles(source: str, zone: ZoneInfo) -> Iterator[tuple[str, Article | ImportFailure]]:
    """(where, article or failure) for every article a source holds."""
    if source.startswith(("http://", "https://")):
        items = [(source, None)]
    else:
        path = Path(source)
        if path.is_dir():
            items = [(str(p), p) for p in sorted(path.rglob("*"))
                     if p.suffix.lower() in SUFFIXES and p.is_file()]
        elif path.is_file():
            items = [(str(path), path)]
        else:
            yield source, ImportFailure(f"không có tệp, thư mục hay địa chỉ {source}")
            return
    for where, path in items:
        try:
            if path is not None and path.stat().st_size > MAX_FILE_BYTES:
                raise ImportFailure("tệp lớn quá 500 MB")
            data = fetch(where) if path is None else path.read_bytes()
            base = where if path is None else path.resolve().as_uri()
            if feeds.is_feed(data):
                yield from feeds.articles(data, base, zone)
            elif _is_html(data) or (path is not None and path.suffix.lower() in (".html", ".htm")):
                yield where, html.page(_decode(data), base)
            else:
                yield where, from_text(_decode(data))
        except (ImportFailure, ValueError) as error:
            yield where, ImportFailure(str(error))
        except Exception as error:  # noqa: BLE001 - one line, the rest go on
            yield where, ImportFailure(f"không đọc được: {type(error).__name__}: {error}")


class Progress:
    """A progress bar on standard error: redrawn in place on a terminal,
    a line every 10 % otherwise."""

    def __init__(self, label: str) -> None:
        self.label, self.done, self.total = label, 0, 0
        self.tty = sys.stderr.isatty()
        self.shown = 0.0
        self.step = 0

    def update(self, done: int, total: int) -> None:
        self.done, self.total = done, max(total, done)
        if self.total < 20:
            return
        share = self.done / self.total
        if self.tty:
            now = time.monotonic()
            if now - self.shown >= 0.1 or self.done == self.total:
                self.shown = now
                bar = "#" * int(share * 30)
                sys.stderr.write(f"\r{self.label} [{bar:<30}] {self.done}/{self.total}")
                if self.done == self.total:
                    sys.stderr.write("\n")
                sys.stderr.flush()
        elif int(share * 10) > self.step:
            self.step = int(share * 10)
            print(f"{self.label}: {self.done}/{self.total} ({self.step * 10}%)",
                  file=sys.stderr, flush=True)


def known_reports(content: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Reports already in ``content``: by their ``source`` address, and by
    path (relative) → title."""
    sources, titles = {}, {}
    for path in content.rglob("*.md"):
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:4000]
        except OSError:
            continue
        relative = path.relative_to(content).as_posix()
        found = _SOURCE_LINE.search(head)
        if found:
            sources[found.group(1).strip("'\"")] = relative
        title = _TITLE_LINE.search(head)
        if title:
            titles[relative] = vntext.collapse(title.group(1).strip("'\""))
    return sources, titles


def _write_new(path: Path, data: bytes) -> None:
    """Write ``path`` whole, never over an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".import-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.link(temporary, path)  # fails if the file appeared meanwhile
    finally:
        os.unlink(temporary)


def _picture(address: str, origin: str) -> bytes:
    """A picture's bytes, from an http(s) address or a file beside the source."""
    parsed = urlparse(address)
    if parsed.scheme in ("http", "https"):
        return fetch(address)
    if parsed.scheme == "file" and origin.startswith("file:"):
        path = Path(unquote(parsed.path)).resolve()
        folder = Path(unquote(urlparse(origin).path)).resolve().parent
        if folder in path.parents and path.is_file():
            return path.read_bytes()[:MAX_BYTES]
    raise ImportFailure(f"không lấy được ảnh {address}")


def copy_pictures(article: Article, content: Path, origin: str, warn: list[str]
                  ) -> dict[str, str]:
    """Copy the article's pictures into content/images/YYYY/MM/; address →
    path under content/ for those copied."""
    copied: dict[str, str] = {}
    folder = Path("images") / article.published.strftime("%Y/%m")
    for block in article.blocks:
        if not (block.figure and block.src) or block.src in copied:
            continue
        try:
            data = _picture(block.src, origin)
            suffix = next((s for magic, s in _PICTURES if data.startswith(magic)), None)
            if suffix is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
                suffix = ".webp"
            if suffix is None:
                raise ImportFailure(f"{block.src} không phải ảnh JPEG, PNG, GIF hay WebP")
            stem = vntext.slugify(Path(unquote(urlparse(block.src).path)).stem)[:60] or "anh"
            for number in range(1, 1000):
                name = f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}"
                target = content / folder / name
                if target.exists() and target.read_bytes() == data:
                    break
                if not target.exists():
                    _write_new(target, data)
                    break
            copied[block.src] = (folder / name).as_posix()
        except ImportFailure as error:
            warn.append(str(error))
    return copied


def import_all(sources: list[str], content: Path, zone: ZoneInfo = ZoneInfo("Asia/Ho_Chi_Minh"),
               progress: Progress | None = None, say=print) -> Outcome:
    """Import every article of ``sources`` into ``content``."""
    outcome = Outcome([], [], [])
    by_source, titles = known_reports(content)
    found = [item for source in sources for item in articles(source, zone)]
    for done, (where, article) in enumerate(found, 1):
        if progress:
            progress.update(done, len(found))
        if isinstance(article, ImportFailure):
            outcome.failed.append(f"{where}: không nhập được: {article}")
            continue
        try:
            if article.source and article.source in by_source:
                outcome.existing.append(by_source[article.source])
                continue
            if article.published is None:
                raise ImportFailure("không tìm thấy ngày đăng (dạng 14/03/2019 15:22)")
            if not article.title:
                raise ImportFailure("bài không có tiêu đề")
            folder, slug = article.published.strftime("%Y/%m"), slug_of(article)
            relative = f"{folder}/{slug}.md"
            number = 1
            while (content / relative).exists():
                if titles.get(relative) == vntext.collapse(article.title) and not (
                        article.source and (content / relative).read_text(
                            encoding="utf-8", errors="replace").find(article.source) < 0):
                    break
                number += 1
                relative = f"{folder}/{slug}-{number}.md"
            if (content / relative).exists():
                outcome.existing.append(relative)
                continue
            warnings: list[str] = []
            origin = where if where.startswith(("http://", "https://")) else Path(
                where).resolve().as_uri()
            images = copy_pictures(article, content, origin, warnings)
            report = draft(article, where, images)
            _write_new(content / relative, report.text.encode("utf-8"))
            titles[relative] = vntext.collapse(article.title)
            if article.source:
                by_source[article.source] = relative
            outcome.written.append(relative)
            for warning in warnings:
                say(f"{where}: cảnh báo: {warning}")
        except (ImportFailure, ValueError, OSError) as error:
            outcome.failed.append(f"{where}: không nhập được: {error}")
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="invoke import", description="Nhập bài đã đăng (văn bản, RSS/Atom, trang HTML)"
        " thành bản nháp trong content/YYYY/MM/.")
    parser.add_argument("sources", nargs="+", metavar="NGUỒN",
                        help="tệp .txt/.html/.xml, thư mục, hoặc địa chỉ http(s)")
    parser.add_argument("--content", default="content", help="thư mục bài (mặc định content/)")
    parser.add_argument("--timezone", default="Asia/Ho_Chi_Minh")
    args = parser.parse_args(argv)
    content = Path(args.content)
    outcome = import_all(args.sources, content, ZoneInfo(args.timezone), Progress("Nhập bài"))
    for line in outcome.failed:
        print(line, file=sys.stderr)
    for relative in outcome.written[:20]:
        print(f"đã viết {content / relative} (bản nháp)")
    if len(outcome.written) > 20:
        print(f"… và {len(outcome.written) - 20} bài nữa")
    if not outcome.written and not outcome.failed:
        print(f"Không có gì mới: {len(outcome.existing)} bài đã nhập từ trước, không đổi gì.")
    else:
        print(f"Đã nhập {len(outcome.written)} bài mới (bản nháp), {len(outcome.existing)} bài"
              f" đã có từ trước, {len(outcome.failed)} bài lỗi.")
    return 1 if outcome.failed else 0
