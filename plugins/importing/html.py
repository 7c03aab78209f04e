"""Articles from HTML: a saved or fetched page (its main text found by
trafilatura), or the HTML body of a feed item.

trafilatura (Apache-2.0) is used for whole pages because it is maintained,
fast (about 10 ms a page), and finds the article among menus, sidebars and
footers without a model; it keeps images with absolute addresses and the
emphasis that marks captions. A feed item's HTML is already the article, so
it is read directly with lxml.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.etree
import lxml.html

import vndates
from importing.articles import Article, Block, byline, clean, is_caption

_DROP = ("script", "style", "noscript", "iframe", "object", "embed", "form", "button",
         "svg", "video", "audio", "nav", "header", "footer", "aside")
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figure", "img",
           "td", "div", "dd", "dt", "pre"}


def _text(element: lxml.html.HtmlElement) -> str:
    return clean(" ".join(element.itertext()))


def _emphasised(element: lxml.html.HtmlElement) -> bool:
    """Whether all the text of ``element`` is inside em/i (a caption's style)."""
    inner = [e for e in element.iter("em", "i")]
    return bool(inner) and clean(" ".join(t for e in inner for t in e.itertext())) == _text(
        element)


def blocks(html: str, base: str | None = None) -> list[Block]:
    """Paragraphs and figures of an HTML fragment, in order. An image's caption
    is its figcaption, else the short or italic paragraph right after it, else
    its alt text."""
    if not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in list(root.iter(*_DROP)):
        if element.getparent() is not None:
            element.drop_tree()
    found: list[Block] = []
    taken: set[lxml.html.HtmlElement] = set()  # held, so their identity is stable
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag not in _BLOCKS:
            continue
        if any(parent in taken for parent in element.iterancestors()):
            continue
        if element.tag == "figure":
            taken.add(element)
            image = next(element.iter("img"), None)
            caption = next(element.iter("figcaption"), None)
            text = _text(caption) if caption is not None else (
                clean(image.get("alt", "")) if image is not None else "")
            src = image.get("src") if image is not None else None
            found.append(Block(text, figure=True, src=src and urljoin(base or "", src)))
            continue
        if element.tag == "img":
            src = element.get("src")
            found.append(Block(clean(element.get("alt", "") or element.get("title", "")),
                               figure=True, src=src and urljoin(base or "", src)))
            continue
        if element.tag in ("div", "td") and any(
                isinstance(child.tag, str) and child.tag in _BLOCKS for child in element):
            continue  # a container: its blocks come one by one
        if any(isinstance(e.tag, str) and e.tag in _BLOCKS - {"img"} for e in element.iterdescendants()):
            continue
        text = _text(element)
        images = list(element.iter("img"))
        if images:
            taken.add(element)
            for image in images:
                src = image.get("src")
                found.append(Block(clean(image.get("alt", "")), figure=True,
                                   src=src and urljoin(base or "", src)))
            if not text:
                continue
        if not text:
            continue
        previous = found[-1] if found else None
        if previous and previous.figure and previous.src and (
                _emphasised(element) or is_caption(text)) and len(text) <= 300:
            previous.text = text  # the caption under the picture
            continue
        found.append(Block(text))
    return found


def _date_line(found: list[Block]) -> tuple[object, list[Block]]:
    """The published date from a short date line among the first blocks."""
    for index, block in enumerate(found[:4]):
        if not block.figure and len(block.text) <= 80:
            when = vndates.published_date(block.text)
            if when:
                return when, found[:index] + found[index + 1:]
    return None, found


def finish(title: str, found: list[Block], source: str | None, author: str | None = None,
           published: object = None) -> Article:
    """An article from its title and blocks: the date line, a repeated title
    and the byline are taken out of the body."""
    title = clean(title)
    found = [b for b in found if b.figure or clean(b.text) != title]
    when, found = _date_line(found)
    published = published or when
    if found and not found[-1].figure:
        name = byline(found[-1].text)
        if name and len(found) > 1:
            author = author or name
            found = found[:-1]
    for index, block in enumerate(found):
        if index and not block.figure and not block.src and is_caption(block.text) and (
                found[index - 1].figure and found[index - 1].src is None):
            block.figure = True
    return Article(title, published, found, author, source)


def _as_html(xml: str) -> tuple[dict[str, str], str]:
    """trafilatura's XML turned back into plain HTML, and its metadata."""
    document = lxml.etree.fromstring(xml.encode("utf-8"))
    main = document.find("main")
    for element in main.iter():
        if element.tag == "graphic":
            element.tag = "img"
        elif element.tag == "head":
            element.tag = "h2"
        elif element.tag == "hi":
            element.tag = "em" if element.get("rend") in ("#i", "#u") else "strong"
        elif element.tag == "list":
            element.tag = "ul"
        elif element.tag == "item":
            element.tag = "li"
        elif element.tag in ("lb",):
            element.tag = "br"
    main.tag = "div"
    return dict(document.attrib), lxml.etree.tostring(main, encoding="unicode", method="html")


def page(html: str, url: str | None = None) -> Article:
    """An article from a whole HTML page: its main text, title, date line,
    pictures with captions and byline."""
    import trafilatura

    xml = trafilatura.extract(html, output_format="xml", include_images=True,
                              include_formatting=True, include_comments=False,
                              include_tables=False, with_metadata=True, url=url)
    if not xml:
        raise ValueError("không tìm thấy nội dung bài trong trang")
    meta, body = _as_html(xml)
    title = meta.get("title") or ""
    if not title:
        found = re.search(r"<title[^>]*>(.*?)</title>", html, re.S | re.I)
        title = found.group(1) if found else ""
    found = blocks(body, url)
    source = url if url and url.startswith(("http://", "https://")) else None
    article = finish(title, found, source, author=None)
    if article.published is None:  # the date line may sit outside the main text
        text = lxml.html.fromstring(html).text_content() if html.strip() else ""
        for line in text.splitlines():
            if len(line.strip()) <= 80 and vndates.published_date(line):
                article.published = vndates.published_date(line)
                break
    return article
